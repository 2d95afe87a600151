#include "app/gui/mainwindow/StartupArguments.h"

#include "core/project/ProjectFile.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace kinemark {

namespace {
// "A,B" as two numbers with B after A, or nothing.
std::optional<std::pair<double, double>> parsePair(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char(','));
    bool ok1 = false, ok2 = false;
    const double a = parts.value(0).toDouble(&ok1), b = parts.value(1).toDouble(&ok2);
    if (parts.size() != 2 || !ok1 || !ok2 || !(b > a))
        return std::nullopt;
    return std::make_pair(a, b);
}
} // namespace

StartupArguments StartupArguments::parse(const QStringList& arguments)
{
    StartupArguments result;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Human activity recognition from wearable accelerometers.\n\n"
           "Opens the project given as PROJECT (a .kmk file), or the built-in demo when none "
           "is given. Recordings (CSV, device files) are not opened directly: open or create "
           "a project and use File > Import Recording, or kinemark-cli import."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption project(QStringLiteral("project"),
                                     tr("Project file to open, as PROJECT (default: the demo)."),
                                     QStringLiteral("P"));
    const QCommandLineOption recording(QStringLiteral("recording"), tr("Recording to show (id)."),
                                       QStringLiteral("R"));
    const QCommandLineOption range(QStringLiteral("range"),
                                   tr("Visible range in seconds from the recording's start."),
                                   QStringLiteral("START,END"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        tr("Render the main window to a PNG file and exit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption editPreview(
        QStringLiteral("edit-preview"),
        tr("With --screenshot: show a ground-truth edit in progress, "
           "boundary:FROM,TO or paint:START,END (seconds)."),
        QStringLiteral("KIND:A,B"));
    parser.addOptions({project, recording, range, screenshot, editPreview});
    parser.addPositionalArgument(QStringLiteral("PROJECT"),
                                 tr("A Kinemark project (.kmk) to open."),
                                 QStringLiteral("[PROJECT.kmk]"));
    result.m_helpText = parser.helpText();

    if (!parser.parse(arguments)) {
        result.fail(tr("%1 Run kinemark --help for the options.").arg(parser.errorText()));
        return result;
    }
    // --help-all (Qt's own options too) is help as well, never the demo.
    if (parser.isSet(help) || parser.isSet(QStringLiteral("help-all"))) {
        result.m_action = Action::ShowHelp;
        return result;
    }
    if (parser.isSet(version)) {
        result.m_action = Action::ShowVersion;
        return result;
    }

    QStringList projects = parser.positionalArguments();
    if (parser.isSet(project))
        projects.prepend(parser.value(project));
    if (projects.size() > 1) {
        result.fail(tr("Give one project to open, not %1: %2.")
                        .arg(projects.size())
                        .arg(projects.join(QStringLiteral(", "))));
        return result;
    }
    if (projects.size() == 1) {
        if (!result.acceptProject(projects.first()))
            return result;
        result.m_action = Action::OpenProject;
        result.m_projectPath = projects.first();
    }

    result.m_recording = parser.value(recording);
    if (parser.isSet(range)) {
        result.m_range = parsePair(parser.value(range));
        if (!result.m_range) {
            result.fail(tr("--range needs START,END in seconds with END after START, not '%1'.")
                            .arg(parser.value(range)));
            return result;
        }
    }
    result.m_screenshot = parser.value(screenshot);
    if (parser.isSet(editPreview)) {
        const QString spec = parser.value(editPreview);
        const QString kind = spec.section(QLatin1Char(':'), 0, 0);
        const auto times = parsePair(spec.section(QLatin1Char(':'), 1));
        if ((kind != QLatin1String("boundary") && kind != QLatin1String("paint")) || !times) {
            result.fail(tr("--edit-preview needs boundary:FROM,TO or paint:START,END, not '%1'.")
                            .arg(spec));
            return result;
        }
        result.m_editPreviewKind = kind;
        result.m_editPreview = *times;
    }
    return result;
}

bool StartupArguments::acceptProject(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        fail(tr("There is no file %1.").arg(path));
        return false;
    }
    if (info.isDir()) {
        fail(tr("%1 is a folder, not a Kinemark project (.kmk).").arg(path));
        return false;
    }
    // A .kmk opens even when damaged, so that opening says what is wrong with it;
    // any other file must be a project by its content.
    const bool kmk = info.suffix().compare(QLatin1String("kmk"), Qt::CaseInsensitive) == 0;
    if (!kmk && !ProjectFile::isProjectFile(path)) {
        fail(tr("%1 is not a Kinemark project (.kmk). To work on a recording, open or create a "
                "project and use File > Import Recording, or kinemark-cli import.")
                 .arg(path));
        return false;
    }
    return true;
}

void StartupArguments::fail(const QString& error)
{
    m_action = Action::Fail;
    m_error = error;
}

} // namespace kinemark
