// Kinemark: the desktop application.
#include "app/gui/mainwindow/MainWindow.h"
#include "core/demo/DemoRecordingGenerator.h"
#include "widgets/annotation/TimelineEditor.h"
#include "widgets/recording/RecordingSession.h"

#include <QApplication>
#include <QCommandLineParser>
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

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Human activity recognition from wearable accelerometers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {"project", "Project file to open (default: the built-in demo).", "P"},
        {"recording", "Recording to show (id).", "R"},
        {"range", "Visible range in seconds from the recording's start.", "START,END"},
        {"screenshot", "Render the main window to a PNG file and exit.", "FILE"},
        {"edit-preview",
         "With --screenshot: show a ground-truth edit in progress, "
         "boundary:FROM,TO or paint:START,END (seconds).",
         "KIND:A,B"},
    });
    parser.process(app);

    kinemark::MainWindow window;
    window.resize(1400, 850);

    // Applied once the project is there (loading is asynchronous for files).
    auto finish = [&](bool ok) {
        if (!ok && parser.isSet("screenshot")) {
            QApplication::exit(1);
            return;
        }
        if (parser.isSet("recording") && !window.selectRecording(parser.value("recording")))
            std::fprintf(stderr, "kinemark: no recording '%s' in the project\n",
                         qPrintable(parser.value("recording")));
        if (parser.isSet("range")) {
            const QStringList parts = parser.value("range").split(QLatin1Char(','));
            bool ok1 = false, ok2 = false;
            const double a = parts.value(0).toDouble(&ok1), b = parts.value(1).toDouble(&ok2);
            if (parts.size() == 2 && ok1 && ok2 && b > a)
                window.setVisibleRange(a, b);
            else
                std::fprintf(stderr, "kinemark: --range needs START,END in seconds\n");
        }
        if (parser.isSet("edit-preview")) {
            const QString spec = parser.value("edit-preview");
            const QStringList parts = spec.section(QLatin1Char(':'), 1).split(QLatin1Char(','));
            const double rate =
                window.session()->recording() ? window.session()->recording()->sampleRateHz : 50;
            const auto a = int64_t(parts.value(0).toDouble() * rate),
                       b = int64_t(parts.value(1).toDouble() * rate);
            if (spec.startsWith(QLatin1String("boundary:")) && parts.size() == 2)
                window.timelineEditor()->showBoundaryPreview(a, b);
            else if (spec.startsWith(QLatin1String("paint:")) && parts.size() == 2)
                window.timelineEditor()->showPaintPreview(a, b);
            else
                std::fprintf(
                    stderr, "kinemark: --edit-preview needs boundary:FROM,TO or paint:START,END\n");
        }
        if (parser.isSet("screenshot")) {
            const QString file = parser.value("screenshot");
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
    if (parser.isSet("project")) {
        QObject::connect(&window, &kinemark::MainWindow::projectLoaded, &window, finish);
        window.openProjectAsync(parser.value("project"));
    } else {
        window.setProject(kinemark::DemoRecordingGenerator::demoProject(), QString());
        finish(true);
        if (!parser.isSet("screenshot"))
            QTimer::singleShot(0, &window, [&window] { window.offerStartupRecovery(); });
    }
    return app.exec();
}
