#include "app/cli/video/VideoCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/editing/EditJournal.h"
#include "core/project/ProjectFile.h"
#include "core/video/VideoLocator.h"
#include "core/video/VideoSync.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>
#include <cmath>
#include <stdexcept>

namespace kinemark {

namespace {
void addOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Videos filmed alongside a recording, referenced by the project (relative to its folder "
        "where possible) with their offset and drift: recording time = offset + video time x "
        "(1 + drift x 1e-6).\n"
        "  video attach <project> [--recording R] FILE [--offset S] [--rate-correction PPM]\n"
        "  video detach <project> [--recording R] FILE\n"
        "  video list <project> [--recording R]          path, offset, drift, status "
        "(ok/missing/changed)\n"
        "  video sync <project> [--recording R] FILE --pair VIDEO_S=REC_S [--pair ...]\n"
        "                                                one pair sets the offset, two or more "
        "also the drift\n"
        "  video relocate <project> [--recording R] FILE (NEWPATH | --search FOLDER)"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("video"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("attach, detach, list, sync or relocate"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QStringLiteral("the video (attach: the file; others: its path, as listed, or its name)"),
        QStringLiteral("[file]"));
    parser.addPositionalArgument(QStringLiteral("newpath"),
                                 QStringLiteral("relocate: where the video is now"),
                                 QStringLiteral("[newpath]"));
    parser.addOption({"recording", "Recording id (needed when the project has several).", "ID"});
    parser.addOption({"offset",
                      "Attach: the recording time, in seconds from its first sample, shown at "
                      "the video's start (default 0; negative when the video started first).",
                      "S"});
    parser.addOption({"rate-correction",
                      "Attach: the video clock's drift in ppm (recording seconds per video "
                      "second - 1, x 1e6; default 0).",
                      "PPM"});
    parser.addOption({"pair",
                      "Sync: one event's time in the video and in the recording, in seconds "
                      "(repeat for more events; far apart events measure the drift).",
                      "VIDEO_S=REC_S"});
    parser.addOption({"search",
                      "Relocate: look for the file (same name, or same size and content) in "
                      "FOLDER and its subfolders.",
                      "FOLDER"});
}

[[noreturn]] void usage(const QString& what)
{
    throw std::invalid_argument(what.toStdString());
}

double number(const QString& text, const QString& what)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value))
        usage(QStringLiteral("%1 '%2' is not a number").arg(what, text));
    return value;
}

std::shared_ptr<Recording> chooseRecording(const Project& project, const QCommandLineParser& parser)
{
    if (parser.isSet("recording")) {
        auto r = project.recording(parser.value("recording"));
        if (!r)
            usage(
                QStringLiteral("the project has no recording '%1'").arg(parser.value("recording")));
        return r;
    }
    if (project.recordings.size() != 1)
        usage(QStringLiteral("the project has %1 recordings; choose one with --recording")
                  .arg(project.recordings.size()));
    return project.recordings.front();
}

// The index of the attachment `file` names: its stored path, the same file
// (resolved against the working folder), or, when only one has it, its file name.
size_t attachmentIndex(const std::vector<VideoAttachment>& videos, const VideoLocator& locator,
                       const QString& file, const QString& recordingId)
{
    const QString absolute = QDir::cleanPath(QFileInfo(file).absoluteFilePath());
    for (size_t i = 0; i < videos.size(); ++i)
        if (videos[i].path == file || locator.absolutePath(videos[i]) == absolute)
            return i;
    std::vector<size_t> byName;
    for (size_t i = 0; i < videos.size(); ++i)
        if (QFileInfo(videos[i].path).fileName() == QFileInfo(file).fileName())
            byName.push_back(i);
    if (byName.size() == 1)
        return byName.front();
    QStringList attached;
    for (const VideoAttachment& v : videos)
        attached << v.path;
    usage(QStringLiteral("recording '%1' has %2 video '%3' attached (it has: %4)")
              .arg(recordingId,
                   byName.empty() ? QStringLiteral("no") : QStringLiteral("more than one"), file,
                   attached.isEmpty() ? QStringLiteral("none")
                                      : attached.join(QStringLiteral(", "))));
}

QString describe(const VideoAttachment& v)
{
    return QStringLiteral("offset %1 s, drift %2 ppm")
        .arg(v.offsetS, 0, 'f', 6)
        .arg(v.driftPpm, 0, 'f', 3);
}

int list(const Project& project, const QCommandLineParser& parser, const VideoLocator& locator,
         QTextStream& out, QTextStream& err)
{
    std::vector<std::shared_ptr<Recording>> recordings = project.recordings;
    if (parser.isSet("recording"))
        recordings = {chooseRecording(project, parser)};
    out << "recording\tpath\toffset_s\tdrift_ppm\tstatus\n";
    int count = 0;
    for (const auto& r : recordings)
        for (const VideoAttachment& v : r->videos) {
            const VideoLocator::Check check = locator.check(v);
            out << r->id << '\t' << v.path << '\t' << QString::number(v.offsetS, 'f', 6) << '\t'
                << QString::number(v.driftPpm, 'f', 3) << '\t'
                << VideoLocator::statusName(check.status) << '\n';
            if (!check.message.isEmpty())
                err << r->id << ": " << check.message << '\n';
            ++count;
        }
    if (count == 0)
        err << "no videos attached\n";
    return ExitOk;
}

// Saves `project` with `videos` as the recording's, under a new journal
// lineage: a GUI journal written against the old file must not be replayed
// onto this one.
void save(Project& project, const QString& projectPath, const Recording& recording,
          std::vector<VideoAttachment> videos)
{
    project.setVideos(recording.id, std::move(videos));
    EditJournal::stamp(project, EditJournal::newLineage(), 0);
    ProjectFile::save(project, projectPath);
}

int change(const QString& action, Project& project, const QString& projectPath,
           const QCommandLineParser& parser, const VideoLocator& locator, QTextStream& out,
           QTextStream& err)
{
    const QStringList pos = parser.positionalArguments();
    const QString file = pos.value(3);
    if (file.isEmpty())
        usage(QStringLiteral("name the video file"));
    if (pos.size() > (action == QLatin1String("relocate") ? 5 : 4))
        usage(QStringLiteral("unexpected argument '%1'").arg(pos.last()));
    auto recording = chooseRecording(project, parser);
    std::vector<VideoAttachment> videos = recording->videos;

    if (action == QLatin1String("attach")) {
        const double offset =
            parser.isSet("offset") ? number(parser.value("offset"), QStringLiteral("--offset")) : 0;
        const double drift =
            parser.isSet("rate-correction")
                ? number(parser.value("rate-correction"), QStringLiteral("--rate-correction"))
                : 0;
        VideoAttachment probe;
        probe.path = file;
        probe.offsetS = offset;
        probe.driftPpm = drift;
        const QString problem = probe.checkConsistency();
        if (!problem.isEmpty())
            usage(problem);
        const VideoAttachment v = locator.attach(file, offset, drift);
        for (const VideoAttachment& existing : videos)
            if (existing.path == v.path)
                throw std::runtime_error(QStringLiteral("%1 is already attached to recording '%2'")
                                             .arg(v.path, recording->id)
                                             .toStdString());
        videos.push_back(v);
        save(project, projectPath, *recording, videos);
        out << recording->id << ": attached " << v.path << " (" << describe(v) << ")\n";
        return ExitOk;
    }

    const size_t index = attachmentIndex(videos, locator, file, recording->id);
    VideoAttachment& v = videos[index];
    if (action == QLatin1String("detach")) {
        const QString path = v.path;
        videos.erase(videos.begin() + long(index));
        save(project, projectPath, *recording, videos);
        out << recording->id << ": detached " << path << "\n";
        return ExitOk;
    }
    if (action == QLatin1String("sync")) {
        const QStringList pairTexts = parser.values("pair");
        if (pairTexts.isEmpty())
            usage(QStringLiteral("give at least one --pair VIDEO_S=REC_S"));
        std::vector<VideoSync::Pair> pairs;
        for (const QString& text : pairTexts) {
            const QStringList parts = text.split(QLatin1Char('='));
            if (parts.size() != 2)
                usage(QStringLiteral("--pair '%1' is not VIDEO_S=REC_S").arg(text));
            pairs.push_back({number(parts[0], QStringLiteral("--pair video time")),
                             number(parts[1], QStringLiteral("--pair recording time"))});
        }
        const VideoSync::Result result = VideoSync::fromPairs(pairs, v.driftPpm);
        if (!result.ok)
            throw std::runtime_error(result.refusal.toStdString());
        v.offsetS = result.offsetS;
        v.driftPpm = result.driftPpm;
        const VideoAttachment synced = v;
        save(project, projectPath, *recording, videos);
        out << recording->id << ": " << synced.path << " synchronised from " << pairs.size()
            << (pairs.size() == 1 ? " pair (drift kept): " : " pairs: ") << describe(synced);
        if (pairs.size() > 2)
            out << " (least squares; rms residual " << QString::number(result.rmsResidualS, 'f', 4)
                << " s)";
        out << "\n";
        return ExitOk;
    }
    // relocate
    const QString newPath = pos.value(4);
    if (newPath.isEmpty() == !parser.isSet("search"))
        usage(QStringLiteral("relocate takes either NEWPATH or --search FOLDER"));
    QString target = newPath;
    if (parser.isSet("search")) {
        const QString folder = parser.value("search");
        if (!QFileInfo(folder).isDir())
            usage(QStringLiteral("--search '%1' is not a folder").arg(folder));
        target = locator.findMoved(v, folder);
        if (target.isEmpty())
            throw std::runtime_error(
                QStringLiteral("found no file named %1 or with its size and content under %2")
                    .arg(QFileInfo(v.path).fileName(), folder)
                    .toStdString());
    }
    const VideoLocator::Relocation relocation = locator.relocate(v, target);
    const QString oldPath = v.path;
    v = relocation.attachment;
    const VideoAttachment relocated = v;
    save(project, projectPath, *recording, videos);
    if (!relocation.warning.isEmpty())
        err << "warning: " << relocation.warning << "\n";
    out << recording->id << ": " << oldPath << " relocated to " << relocated.path << " ("
        << describe(relocated) << ")\n";
    return ExitOk;
}
} // namespace

int VideoCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(1);
    static const QStringList actions{"attach", "detach", "list", "sync", "relocate"};
    if (!actions.contains(action) || pos.size() < 3) {
        err << "kinemark-cli video: use 'video attach|detach|list|sync|relocate <project> ...' "
               "(see video --help)\n";
        return ExitUsage;
    }
    const QString projectPath = pos[2];
    return CliArguments::reportingErrors(err, "video", [&] {
        Project project = ProjectFile::open(projectPath);
        const VideoLocator locator(projectPath);
        if (action == QLatin1String("list")) {
            if (pos.size() > 3)
                usage(QStringLiteral("list takes no file ('%1')").arg(pos[3]));
            return list(project, parser, locator, out, err);
        }
        // A journal with unsaved GUI edits would no longer fit the file afterwards.
        const QString journal = EditJournal::pathFor(projectPath);
        if (!EditJournal::pendingEntries(project, EditJournal::read(journal)).empty())
            throw std::runtime_error(
                QStringLiteral("%1 holds unsaved edits; open the project in Kinemark to recover "
                               "or discard them first")
                    .arg(journal)
                    .toStdString());
        return change(action, project, projectPath, parser, locator, out, err);
    });
}

} // namespace kinemark
