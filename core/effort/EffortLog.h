#pragma once

#include "core/analysis/CorrectionEffort.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <vector>

namespace kinemark {

// The annotator's own editing effort, kept on this computer only and only when
// they opt in (Help › Log My Editing Effort): one JSON line per session and
// recording, appended to a file in the application's data folder, so that a lab
// can measure its own speed-up from model suggestions (issue #20) with nothing
// leaving the machine. No labels, no signals: counts, times and ids.
class EffortLog
{
public:
    struct Entry
    {
        QDateTime sessionStart; // UTC
        QString project;        // the project file's name, without its folder
        QString recording;
        CorrectionEffort::Operations operations; // edits by the editor's operation
        int64_t otherEdits = 0; // notes, unsure flags, accepting, imports, tiers, ...
        int64_t undos = 0;
        double activeSeconds = 0;   // time spent editing (long pauses left out)
        double reviewedSeconds = 0; // recording time reviewed while editing
        int64_t edits() const { return operations.total() + otherEdits; }
        QJsonObject toJson() const;
        static Entry fromJson(const QJsonObject& json);
    };

    // <AppDataLocation>/effort-log.jsonl
    static QString defaultPath();
    // Appends the entries, one line each; throws std::runtime_error when it cannot write.
    static void append(const QString& path, const std::vector<Entry>& entries);
    // Every entry of the file (none when it does not exist); lines that are not an
    // entry (a crash halfway through a write) are skipped.
    static std::vector<Entry> read(const QString& path);
    // Active seconds per reviewed minute of recording (NaN when nothing was reviewed).
    static double secondsPerReviewedMinute(double activeSeconds, double reviewedSeconds);
    // A few lines: sessions, recordings, edits by operation, time per reviewed minute.
    static QString summary(const std::vector<Entry>& entries);
};

} // namespace kinemark
