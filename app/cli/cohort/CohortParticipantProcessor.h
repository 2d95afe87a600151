#pragma once

#include "core/cohort/CohortManifest.h"
#include "core/timeuse/TimeUseSummary.h"

#include <QCommandLineParser>
#include <QMap>
#include <QStringList>
#include <memory>
#include <optional>

namespace kinemark {

class ModelFile;
class ModelPredictor;

// What `cohort run` does for one participant, into a folder it is given:
// import the participant's files with the run's import options overridden by
// the manifest's columns (through the same parsers and CliInputs as
// `kinemark-cli import`, so a manifest column means what the option means),
// calibrate where the options ask, predict with the model (if any; else the
// recording's ground truth is summarised), and write the track as segment
// CSV, the time-use tables (daily.csv, hourly.csv: what `report --csv`
// writes), participant.json for collation and, if asked, the project and the
// PDF report.
class CohortParticipantProcessor
{
public:
    struct Settings
    {
        // The run's own import options by name (a flag: one empty value);
        // a participant's manifest cell replaces the option's values.
        QMap<QString, QStringList> globalImportOptions;
        QString modelFile; // empty: summarise the ground truth
        std::optional<double> minimumWearHours, boutMinutes, utcOffsetHours;
        QByteArray groupsJson; // --groups, empty: the label set's defaults
        QString groupsSource;
        bool saveProject = false;
        bool report = false;
    };

    explicit CohortParticipantProcessor(const Settings& settings);
    ~CohortParticipantProcessor();

    // Adds the import options (format, CSV mapping, device options) to a parser.
    static void addImportOptions(QCommandLineParser& parser);
    // The names of those options: what a manifest column may be called.
    static QStringList importOptionNames();
    // The import options set on `parser`, as Settings::globalImportOptions holds them.
    static QMap<QString, QStringList> importOptionsOf(const QCommandLineParser& parser);
    // Checks the manifest's option cells before anything runs (a cell's value
    // refused by its option's parser is a FormatError naming file, line and
    // column), so that a typo in row 90,000 does not surface days later.
    void check(const CohortManifest& manifest) const;

    // Processes one participant into `folder`; throws on any failure with a
    // message for failures.csv.
    void process(const CohortParticipant& participant, const QString& folder) const;

private:
    QStringList argumentsFor(const CohortParticipant& participant) const;
    Settings m_settings;
    QString m_modelName;
    std::unique_ptr<ModelFile> m_model;
    std::unique_ptr<ModelPredictor> m_predictor;
};

} // namespace kinemark
