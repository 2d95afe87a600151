#pragma once

#include "core/effort/EffortLog.h"

#include <map>
#include <optional>

namespace kinemark {

// What one editing session adds to the effort log, per recording: edits by
// operation, undos, the time spent and the recording time reviewed. Fed by the
// GUI (EffortRecorder) with events and their times, so that the rules live here,
// testable without a window:
// - time spent: the time between consecutive events (edits, undos, views), except
//   that a pause longer than kIdleMs counts nothing (the annotator was away);
// - reviewed: the union of the stretches of the recording on screen when an edit
//   was made (looking at a whole day once reviews nothing; editing in it does).
class EffortTally
{
public:
    static constexpr qint64 kIdleMs = 120000;

    EffortTally(QDateTime sessionStart, QString project);

    void setProject(const QString& project) { m_project = project; }
    // An edit of `recording` (nullopt: not one of the editor's operations).
    void edit(const QString& recording, std::optional<CorrectionEffort::Operation> op,
              qint64 nowMs);
    void undo(const QString& recording, qint64 nowMs);
    // [startS, endS) of `recording` is on screen from `nowMs` on.
    void view(const QString& recording, double startS, double endS, qint64 nowMs);

    bool isEmpty() const;
    // One entry per recording with an edit or an undo.
    std::vector<EffortLog::Entry> entries() const;
    // Starts afresh (after the entries were written), keeping the session's start.
    void clear();

private:
    struct PerRecording
    {
        EffortLog::Entry entry;
        std::vector<std::pair<double, double>> reviewed; // disjoint, sorted
        std::pair<double, double> onScreen{0, 0};
    };
    PerRecording& at(const QString& recording, qint64 nowMs);

    QDateTime m_sessionStart;
    QString m_project;
    std::map<QString, PerRecording> m_recordings;
    qint64 m_lastEventMs = -1;
};

} // namespace kinemark
