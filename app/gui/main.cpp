// Kinemark: the desktop application.
#include "app/gui/mainwindow/MainWindow.h"
#include "app/gui/mainwindow/StartupArguments.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "widgets/annotation/TimelineEditor.h"
#include "widgets/recording/RecordingSession.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Kinemark"));
    QApplication::setOrganizationName(QStringLiteral("Kinemark"));
    QApplication::setApplicationVersion(QStringLiteral(KINEMARK_VERSION));

    // Language: the "language" setting (e.g. "nb", "en") or the system locale.
    const QString language = QSettings().value(QStringLiteral("language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    QTranslator qtTranslator, appTranslator;
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(&qtTranslator);
    if (appTranslator.load(locale, QStringLiteral("kinemark"), QStringLiteral("_"),
                           QStringLiteral(":/i18n")))
        app.installTranslator(&appTranslator);

    // Anything not understood is an error, never the demo in its place (StartupArguments).
    const kinemark::StartupArguments args =
        kinemark::StartupArguments::parse(QCoreApplication::arguments());
    switch (args.action()) {
    case kinemark::StartupArguments::Action::ShowHelp:
        std::fputs(qPrintable(args.helpText()), stdout);
        return 0;
    case kinemark::StartupArguments::Action::ShowVersion:
        std::printf("%s %s\n", qPrintable(QApplication::applicationName()),
                    qPrintable(QApplication::applicationVersion()));
        return 0;
    case kinemark::StartupArguments::Action::Fail:
        std::fprintf(stderr, "kinemark: %s\n", qPrintable(args.error()));
        return kinemark::StartupArguments::kUsageError;
    case kinemark::StartupArguments::Action::OpenDemo:
    case kinemark::StartupArguments::Action::OpenProject:
        break;
    }
    const bool screenshot = !args.screenshot().isEmpty();

    kinemark::MainWindow window;
    window.resize(1400, 850);

    // Applied once the project is there (loading is asynchronous for files).
    auto finish = [&](bool ok) {
        if (!ok && screenshot) {
            QApplication::exit(1);
            return;
        }
        if (!args.recording().isEmpty() && !window.selectRecording(args.recording()))
            std::fprintf(stderr, "kinemark: no recording '%s' in the project\n",
                         qPrintable(args.recording()));
        if (args.range())
            window.setVisibleRange(args.range()->first, args.range()->second);
        if (!args.editPreviewKind().isEmpty()) {
            const double rate =
                window.session()->recording() ? window.session()->recording()->sampleRateHz : 50;
            const auto a = int64_t(args.editPreviewSeconds().first * rate),
                       b = int64_t(args.editPreviewSeconds().second * rate);
            if (args.editPreviewKind() == QLatin1String("boundary"))
                window.timelineEditor()->showBoundaryPreview(a, b);
            else
                window.timelineEditor()->showPaintPreview(a, b);
        }
        if (screenshot) {
            const QString file = args.screenshot();
            QTimer::singleShot(100, &window, [&window, file] {
                window.waitForViews();
                window.grab(); // lays out and renders once so queued replots settle
                QCoreApplication::processEvents();
                const bool saved = window.grab().save(file, "PNG");
                if (!saved)
                    std::fprintf(stderr, "kinemark: could not write %s\n", qPrintable(file));
                QApplication::exit(saved ? 0 : 1);
            });
        }
    };

    window.show();
    if (args.action() == kinemark::StartupArguments::Action::OpenProject) {
        QObject::connect(&window, &kinemark::MainWindow::projectLoaded, &window, finish);
        window.openProjectAsync(args.projectPath());
    } else {
        window.setProject(kinemark::DemoRecordingGenerator::demoProject(), QString());
        finish(true);
        if (!screenshot)
            QTimer::singleShot(0, &window, [&window] { window.offerStartupRecovery(); });
    }
    return app.exec();
}
