#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <optional>
#include <utility>

namespace kinemark {

// What `kinemark` was asked to do on its command line: open a project given
// as a plain argument (`kinemark week.kmk`, as every desktop application
// accepts) or with --project, else the built-in demo; show a recording and a
// time range; render a screenshot. Anything it does not understand is an
// error with a message, never a silent fallback to the demo: a user must not
// annotate the demo thinking it is their data. Kept apart from main() so that
// tests can check the interpretation without starting the application.
class StartupArguments
{
    Q_DECLARE_TR_FUNCTIONS(StartupArguments)
public:
    enum class Action
    {
        OpenDemo,    // no project named
        OpenProject, // projectPath
        ShowHelp,    // helpText() on stdout, exit 0
        ShowVersion, // the version on stdout, exit 0
        Fail,        // error() on stderr, exit kUsageError
    };
    // The exit code of a command line that cannot be followed (as kinemark-cli's usage errors).
    static constexpr int kUsageError = 2;

    // `arguments` as QCoreApplication::arguments(): the program first.
    static StartupArguments parse(const QStringList& arguments);

    Action action() const { return m_action; }
    // The project to open (OpenProject), as given.
    const QString& projectPath() const { return m_projectPath; }
    // Why the command line cannot be followed (Fail), one or two sentences.
    const QString& error() const { return m_error; }
    // --recording: the recording to show first (empty: the first).
    const QString& recording() const { return m_recording; }
    // --range: seconds from the shown recording's start.
    const std::optional<std::pair<double, double>>& range() const { return m_range; }
    // --screenshot: render the window to this PNG and exit (empty: run normally).
    const QString& screenshot() const { return m_screenshot; }
    // --edit-preview: "boundary" or "paint" (empty: none) and its two times in seconds.
    const QString& editPreviewKind() const { return m_editPreviewKind; }
    std::pair<double, double> editPreviewSeconds() const { return m_editPreview; }
    // The --help text, with the usage line naming the positional project.
    const QString& helpText() const { return m_helpText; }

private:
    // Checks that `path` names a project to open; sets m_error when it does not.
    bool acceptProject(const QString& path);
    void fail(const QString& error);

    Action m_action = Action::OpenDemo;
    QString m_projectPath;
    QString m_error;
    QString m_recording;
    std::optional<std::pair<double, double>> m_range;
    QString m_screenshot;
    QString m_editPreviewKind;
    std::pair<double, double> m_editPreview{0, 0};
    QString m_helpText;
};

} // namespace kinemark
