#include "app/cli/cohort/CohortParticipantProcessor.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliInputs.h"
#include "app/cli/data/ColumnMappingOptions.h"
#include "app/cli/data/DeviceImportCliOptions.h"
#include "core/base/FormatError.h"
#include "core/cohort/CohortParticipantSummary.h"
#include "core/io/RecordingImporter.h"
#include "core/labels/SegmentCsvFormat.h"
#include "core/model/Project.h"
#include "core/project/ProjectFile.h"
#include "core/timeuse/TimeUseSettings.h"
#include "models/file/ModelFile.h"
#include "models/inference/ModelPredictor.h"
#include "widgets/report/TimeUseReport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <cmath>
#include <stdexcept>

namespace kinemark {

namespace {

// The import options and whether each takes a value, read from the parser's
// own help text: the list stays what `import --help` shows, with nothing
// restated here. An option's line starts with two spaces; its wrapped
// description, which may mention other options, is indented further.
QMap<QString, bool> importOptionTable()
{
    QCommandLineParser parser;
    CohortParticipantProcessor::addImportOptions(parser);
    QMap<QString, bool> table; // name -> takes a value
    static const QRegularExpression option(
        QStringLiteral("^  (?:-\\w, )?--([A-Za-z0-9-]+)( <[^>]+>)?"));
    for (const QString& line : parser.helpText().split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = option.match(line);
        if (m.hasMatch())
            table.insert(m.captured(1), !m.captured(2).isEmpty());
    }
    return table;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        throw std::runtime_error(
            QStringLiteral("%1: cannot be written: %2").arg(path, f.errorString()).toStdString());
}

bool flagValue(const QString& cell, bool* on)
{
    const QString v = cell.trimmed().toLower();
    if (v == QLatin1String("yes") || v == QLatin1String("true") || v == QLatin1String("1") ||
        v == QLatin1String("on")) {
        *on = true;
        return true;
    }
    if (v == QLatin1String("no") || v == QLatin1String("false") || v == QLatin1String("0") ||
        v == QLatin1String("off")) {
        *on = false;
        return true;
    }
    return false;
}

} // namespace

CohortParticipantProcessor::CohortParticipantProcessor(const Settings& settings)
    : m_settings(settings)
{
    if (!settings.modelFile.isEmpty()) {
        m_model = std::make_unique<ModelFile>(ModelFile::load(settings.modelFile));
        m_predictor = std::make_unique<ModelPredictor>(*m_model);
        m_modelName = QFileInfo(settings.modelFile).fileName();
    }
}

CohortParticipantProcessor::~CohortParticipantProcessor() = default;

void CohortParticipantProcessor::addImportOptions(QCommandLineParser& parser)
{
    parser.addOption(
        {"format",
         "Input format: auto, hapt, harth, har70plus, csv, cwa, gt3x, geneactiv (default auto).",
         "F", "auto"});
    ColumnMappingOptions::addTo(parser);
    DeviceImportCliOptions::addTo(parser);
}

QStringList CohortParticipantProcessor::importOptionNames()
{
    return importOptionTable().keys();
}

QMap<QString, QStringList>
CohortParticipantProcessor::importOptionsOf(const QCommandLineParser& parser)
{
    QMap<QString, QStringList> options;
    const QMap<QString, bool> table = importOptionTable();
    for (auto it = table.begin(); it != table.end(); ++it) {
        if (!parser.isSet(it.key()))
            continue;
        options.insert(it.key(), it.value() ? parser.values(it.key()) : QStringList{QString()});
    }
    return options;
}

QStringList CohortParticipantProcessor::argumentsFor(const CohortParticipant& participant) const
{
    const QMap<QString, bool> table = importOptionTable();
    QMap<QString, QStringList> options = m_settings.globalImportOptions;
    for (const CohortParticipant::Option& o : participant.options) {
        if (!table.contains(o.name))
            throw FormatError(QString(), QStringLiteral("unknown column '%1'").arg(o.name),
                              participant.line, o.column);
        if (table.value(o.name)) {
            options.insert(o.name, {o.value});
            continue;
        }
        bool on = false;
        if (!flagValue(o.value, &on))
            throw FormatError(QString(),
                              QStringLiteral("column '%1' is a switch: yes or no, not '%2'")
                                  .arg(o.name, o.value.left(40)),
                              participant.line, o.column);
        if (on)
            options.insert(o.name, {QString()});
        else
            options.remove(o.name);
    }
    // The participant's id names its recording and subject unless a column says otherwise.
    if (!options.contains(QStringLiteral("recording-id")))
        options.insert(QStringLiteral("recording-id"), {participant.id});
    if (!options.contains(QStringLiteral("subject")))
        options.insert(QStringLiteral("subject"), {participant.id});
    QStringList args{QStringLiteral("cohort")};
    for (auto it = options.begin(); it != options.end(); ++it)
        for (const QString& value : it.value())
            args << (table.value(it.key()) ? QStringLiteral("--%1=%2").arg(it.key(), value)
                                           : QStringLiteral("--%1").arg(it.key()));
    return args;
}

void CohortParticipantProcessor::check(const CohortManifest& manifest) const
{
    for (const CohortParticipant& p : manifest.participants) {
        const auto refuse = [&](const QString& message) {
            // The cell that set the option the message names, else the row.
            int column = 0;
            for (const CohortParticipant::Option& o : p.options)
                if (message.contains(QStringLiteral("--") + o.name))
                    column = o.column;
            throw FormatError(manifest.source,
                              QStringLiteral("participant '%1': %2").arg(p.id, message), p.line,
                              column);
        };
        QStringList args;
        try {
            args = argumentsFor(p);
        } catch (const FormatError& e) {
            throw FormatError(manifest.source, e.message(), e.line(), e.column());
        }
        QCommandLineParser parser;
        addImportOptions(parser);
        if (!parser.parse(args))
            refuse(parser.errorText());
        try {
            RecordingImporter::Format format;
            const QString formatName = parser.value(QStringLiteral("format"));
            if (!RecordingImporter::formatFromName(formatName, &format))
                refuse(QStringLiteral("--format: '%1' is not one of %2")
                           .arg(formatName, RecordingImporter::formatNames().join(", ")));
            const ColumnMapping mapping = ColumnMappingOptions::fromParser(parser);
            (void)DeviceImportCliOptions::fromParser(parser, mapping.sampleRateHz);
        } catch (const std::invalid_argument& e) {
            refuse(QString::fromUtf8(e.what()));
        }
    }
}

void CohortParticipantProcessor::process(const CohortParticipant& participant,
                                         const QString& folder) const
{
    QCommandLineParser parser;
    addImportOptions(parser);
    if (!parser.parse(argumentsFor(participant)))
        throw std::invalid_argument(parser.errorText().toStdString());
    Project project = CliInputs::load(participant.files, parser, /*quiet=*/true);
    if (project.recordings.size() != 1)
        throw std::runtime_error(
            QStringLiteral("the files make %1 recordings; a participant is one recording (files "
                           "of several sensors are combined into one when they are device "
                           "files)")
                .arg(project.recordings.size())
                .toStdString());
    Recording& recording = *project.recordings.front();

    const AnnotationTrack* track = nullptr;
    if (m_predictor) {
        const QStringList problems = m_model->incompatibilities(recording);
        if (!problems.isEmpty())
            throw std::runtime_error(QStringLiteral("the model cannot read the recording: %1")
                                         .arg(problems.join(QStringLiteral("; ")))
                                         .toStdString());
        Prediction p = m_predictor->predict(recording, m_model->kind);
        recording.tracks.push_back(std::move(p.track));
        recording.probabilities[m_model->kind] = std::move(p.probabilities);
        track = &recording.tracks.back();
    } else {
        track = recording.groundTruth();
        if (!track)
            throw std::runtime_error("no --model-file and the recording has no ground truth to "
                                     "summarise");
    }

    TimeUseOptions options = TimeUseSettings::of(project).optionsFor(recording.labelSetId);
    if (m_settings.minimumWearHours)
        options.minimumWearSeconds = *m_settings.minimumWearHours * 3600;
    if (m_settings.boutMinutes)
        options.minimumBoutSeconds = *m_settings.boutMinutes * 60;
    if (m_settings.utcOffsetHours)
        options.utcOffsetSeconds = int(std::lround(*m_settings.utcOffsetHours * 3600));
    if (!m_settings.groupsJson.isEmpty())
        options.grouping =
            ActivityGrouping::fromJson(m_settings.groupsJson, m_settings.groupsSource);
    const LabelSet* labelSet = project.labelSet(recording.labelSetId);
    const TimeUseSummary summary = TimeUseSummary::compute(recording, track, labelSet, options);

    const QDir dir(folder);
    if (labelSet)
        SegmentCsvFormat::write(*track, *labelSet, recording.sampleRateHz,
                                dir.filePath(m_predictor ? QStringLiteral("prediction.csv")
                                                         : QStringLiteral("ground-truth.csv")));
    writeFile(dir.filePath(QStringLiteral("daily.csv")), summary.dailyCsv().toUtf8());
    writeFile(dir.filePath(QStringLiteral("hourly.csv")), summary.hourlyCsv().toUtf8());
    CohortParticipantSummary row =
        CohortParticipantSummary::from(participant.id, recording, summary);
    if (m_model) {
        row.modelFile = m_modelName;
        row.modelKind = m_model->kind;
        row.modelId = m_model->weightsHash().left(16);
        row.modelCreated = m_model->created;
    }
    const QString projectPath = dir.filePath(QStringLiteral("project.kmk"));
    if (m_settings.saveProject)
        ProjectFile::save(project, projectPath);
    if (m_settings.report) {
        TimeUseReportInfo info = TimeUseReportInfo::describe(
            project,
            m_settings.saveProject ? projectPath : participant.files.join(QStringLiteral("; ")),
            recording, *track, QStringLiteral(KINEMARK_VERSION));
        if (m_model) {
            info.trackIsPrediction = true;
            info.modelId = row.modelId;
            info.modelKind = m_model->kind;
            info.modelCreated = m_model->created;
            info.validation = m_model->validation;
        }
        const QString error =
            TimeUseReport::writePdf(dir.filePath(QStringLiteral("report.pdf")), summary, info);
        if (!error.isEmpty())
            throw std::runtime_error(error.toStdString());
    }
    // Last: its presence in a folder says every file before it was written.
    writeFile(dir.filePath(QStringLiteral("participant.json")), row.toJson());
}

} // namespace kinemark
