#include "app/cli/labels/LabelsCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "app/cli/labels/LabelSetCommand.h"
#include "core/base/FormatError.h"
#include "core/editing/EditJournal.h"
#include "core/labels/LabelFiles.h"
#include "core/labels/LabelTrackBuilder.h"
#include "core/project/ProjectFile.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

namespace kinemark {

namespace {
std::shared_ptr<Recording> chooseRecording(const Project& project, const QCommandLineParser& parser)
{
    if (parser.isSet("recording")) {
        auto r = project.recording(parser.value("recording"));
        if (!r)
            throw std::invalid_argument(QStringLiteral("the project has no recording '%1'")
                                            .arg(parser.value("recording"))
                                            .toStdString());
        return r;
    }
    if (project.recordings.size() != 1)
        throw std::invalid_argument(
            QStringLiteral("the project has %1 recordings; choose one with --recording")
                .arg(project.recordings.size())
                .toStdString());
    return project.recordings.front();
}

LabelFiles::Format chooseFormat(const QCommandLineParser& parser, const QString& path)
{
    if (!parser.isSet("format"))
        return LabelFiles::guessFormat(path);
    LabelFiles::Format format;
    if (!LabelFiles::formatFromName(parser.value("format"), &format))
        throw std::invalid_argument(QStringLiteral("unknown format '%1' (csv, samples or eaf)")
                                        .arg(parser.value("format"))
                                        .toStdString());
    return format;
}

LabelSet labelSetOf(const Project& project, const Recording& recording)
{
    const LabelSet* set = project.labelSet(recording.labelSetId);
    if (set)
        return *set;
    LabelSet empty;
    empty.id = recording.labelSetId;
    return empty;
}
void addOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Exports or imports the labels of a recording: segment CSV (start/end in seconds and "
        "samples, class id and name), a per-sample label column, or ELAN .eaf (one tier per "
        "track)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("labels"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("export or import"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("label file to import"),
                                 QStringLiteral("[file]"));
    parser.addOption({{"o", "output"}, "Export: the label file to write.", "FILE"});
    parser.addOption({"recording", "Recording id (needed when the project has several).", "ID"});
    parser.addOption(
        {"track",
         "Track to export or import into (default: the ground truth; ELAN export: all tracks).",
         "NAME"});
    parser.addOption(
        {"format",
         "csv (segments), samples (per-sample column) or eaf (ELAN); default from the extension.",
         "F"});
    parser.addOption({"column",
                      "Import from a sample column: its name or 1-based number (default 'label').",
                      "COL"});
    parser.addOption({"no-header", "Import from a sample column: the file has no header line."});
    parser.addOption({"tier", "Import from ELAN: only this tier (default: every tier).", "NAME"});
    parser.addOption(
        {"clip",
         "Import: clip overlapping or out-of-range segments instead of refusing the file."});
    parser.addOption({"class-map",
                      "Import from ELAN or a segment CSV with class names: map names the label set "
                      "does not know to class ids (CSV lines 'name,class_id' or a JSON object "
                      "{\"name\": id}; -1 leaves them unlabelled).",
                      "FILE"});
    parser.addOption({"unknown-classes",
                      "Import: what to do with class names neither the label set nor the class map "
                      "knows: refuse (default: nothing is imported) or skip (leave those "
                      "annotations out; they are reported).",
                      "refuse|skip"});
    parser.addOption({"allow-empty", "Import: let a file with no segments replace a track that "
                                     "has some (empties the track)."});
}

// The tracks an export writes: --track, every track for ELAN, else the ground truth.
std::vector<const AnnotationTrack*> exportedTracks(const QCommandLineParser& parser,
                                                   const Recording& recording,
                                                   LabelFiles::Format format)
{
    std::vector<const AnnotationTrack*> tracks;
    if (parser.isSet("track")) {
        const AnnotationTrack* t = recording.track(parser.value("track"));
        if (!t)
            throw std::invalid_argument(QStringLiteral("recording '%1' has no track '%2'")
                                            .arg(recording.id, parser.value("track"))
                                            .toStdString());
        tracks.push_back(t);
    } else if (format == LabelFiles::Format::Elan) {
        for (const AnnotationTrack& t : recording.tracks)
            tracks.push_back(&t);
    } else if (const AnnotationTrack* truth = recording.groundTruth()) {
        tracks.push_back(truth);
    } else {
        throw std::invalid_argument(
            QStringLiteral("recording '%1' has no ground truth; choose a track with --track")
                .arg(recording.id)
                .toStdString());
    }
    return tracks;
}

int exportLabels(const QCommandLineParser& parser, const Recording& recording, const LabelSet& set,
                 QTextStream& out, QTextStream& err)
{
    const QString path = parser.value("output");
    if (path.isEmpty()) {
        err << "kinemark-cli labels export: name the output with -o FILE\n";
        return ExitUsage;
    }
    const LabelFiles::Format format = chooseFormat(parser, path);
    const std::vector<const AnnotationTrack*> tracks = exportedTracks(parser, recording, format);
    LabelFiles::write(format, path, recording, set, tracks);
    size_t segments = 0;
    for (const AnnotationTrack* t : tracks)
        segments += t->size();
    out << "wrote " << segments << " segments of " << tracks.size() << " track(s) to " << path
        << "\n";
    return ExitOk;
}

// Throws FormatError when one of `tracks` has no segments and would replace a
// track of the recording that has some.
void refuseEmptyingTracks(const QString& path, const Recording& recording,
                          const std::vector<AnnotationTrack>& tracks)
{
    for (const AnnotationTrack& t : tracks) {
        const AnnotationTrack* existing = recording.track(t.name());
        if (t.size() == 0 && existing && existing->size() > 0)
            throw FormatError(path, QStringLiteral("holds no segments for track '%1'; importing "
                                                   "it would empty that track of %2 (%3 "
                                                   "segments). Pass --allow-empty to replace the "
                                                   "track anyway")
                                        .arg(t.name(), recording.id)
                                        .arg(existing->size()));
    }
}

int importLabels(const QCommandLineParser& parser, Project& project, const QString& projectPath,
                 const Recording& recording, const LabelSet& set, QTextStream& out,
                 QTextStream& err)
{
    // A journal with unsaved GUI edits would no longer fit the file afterwards.
    const QString journal = EditJournal::pathFor(projectPath);
    if (!EditJournal::pendingEntries(project, EditJournal::read(journal)).empty()) {
        err << "kinemark-cli labels import: " << journal
            << " holds unsaved edits; open the project in Kinemark to recover or discard them "
               "first\n";
        return ExitFailure;
    }
    const QString path = parser.positionalArguments().value(3);
    if (path.isEmpty()) {
        err << "kinemark-cli labels import: name the label file to import\n";
        return ExitUsage;
    }
    LabelFiles::ReadOptions options;
    options.clip = parser.isSet("clip");
    options.trackName = parser.value("track");
    options.column = parser.value("column");
    options.hasHeader = !parser.isSet("no-header");
    options.tier = parser.value("tier");
    if (parser.isSet("class-map"))
        options.classMap = ClassNameMap::read(parser.value("class-map"));
    const QString unknown = parser.value("unknown-classes");
    if (!unknown.isEmpty() && unknown != QLatin1String("refuse") &&
        unknown != QLatin1String("skip"))
        throw std::invalid_argument(
            QStringLiteral("--unknown-classes takes refuse or skip, not '%1'")
                .arg(unknown)
                .toStdString());
    options.classMap.setSkipUnknown(unknown == QLatin1String("skip"));
    LabelFiles::Format format = chooseFormat(parser, path);
    if (parser.isSet("column") && !parser.isSet("format"))
        format = LabelFiles::Format::SampleColumn;
    SkippedClasses skipped;
    const std::vector<AnnotationTrack> tracks =
        LabelFiles::read(format, path, recording, set, options, &skipped);
    // A header-only or emptied file would silently wipe labels someone made by hand.
    if (!parser.isSet("allow-empty"))
        refuseEmptyingTracks(path, recording, tracks);
    for (const ProjectEdit& e : LabelFiles::importEdits(recording, tracks))
        e.apply(project);
    // A new lineage: any journal written against the old file must not be replayed onto this one.
    EditJournal::stamp(project, EditJournal::newLineage(), 0);
    ProjectFile::save(project, projectPath);
    for (const AnnotationTrack& t : tracks)
        out << "imported " << t.size() << " segments into track '" << t.name() << "' of "
            << recording.id << "\n";
    if (skipped.count > 0) {
        QStringList names;
        for (const QString& n : skipped.names)
            names << QStringLiteral("'%1'").arg(n);
        out << "skipped " << skipped.count
            << " annotation(s) of unknown classes (--unknown-classes "
            << "skip): " << names.join(QStringLiteral(", ")) << "\n";
    }
    return ExitOk;
}
} // namespace

int LabelsCommand::run(const QStringList& arguments)
{
    if (arguments.value(2) == QLatin1String("set"))
        return LabelSetCommand::run(arguments);
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(1);
    if ((action != QLatin1String("export") && action != QLatin1String("import")) ||
        pos.size() < 3) {
        err << "kinemark-cli labels: use 'labels export <project> -o FILE', 'labels import "
               "<project> FILE' or 'labels set export|import ...'\n";
        return ExitUsage;
    }
    const QString projectPath = pos[2];
    try {
        Project project = ProjectFile::open(projectPath);
        auto recording = chooseRecording(project, parser);
        const LabelSet set = labelSetOf(project, *recording);
        if (action == QLatin1String("export"))
            return exportLabels(parser, *recording, set, out, err);
        return importLabels(parser, project, projectPath, *recording, set, out, err);
    } catch (const UnknownClassError& e) {
        err << "kinemark-cli labels: " << e.what()
            << "\n  (map the names with --class-map FILE, or leave those annotations out with "
               "--unknown-classes skip)\n";
        return ExitFailure;
    } catch (const LabelRangeError& e) {
        err << "kinemark-cli labels: " << e.what() << "\n  (pass --clip to clip such segments)\n";
        return ExitFailure;
    } catch (const std::invalid_argument& e) {
        err << "kinemark-cli labels: " << e.what() << "\n";
        return ExitUsage;
    } catch (const std::exception& e) {
        err << "kinemark-cli labels: "
            << CliArguments::errorText(e, QStringLiteral("working on the labels")) << "\n";
        return ExitFailure;
    }
}

} // namespace kinemark
