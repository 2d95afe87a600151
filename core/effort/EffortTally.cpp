#include "core/effort/EffortTally.h"

#include <algorithm>

namespace kinemark {

EffortTally::EffortTally(QDateTime sessionStart, QString project)
    : m_sessionStart(std::move(sessionStart)), m_project(std::move(project))
{}

EffortTally::PerRecording& EffortTally::at(const QString& recording, qint64 nowMs)
{
    PerRecording& r = m_recordings[recording];
    if (m_lastEventMs >= 0 && nowMs > m_lastEventMs && nowMs - m_lastEventMs <= kIdleMs)
        r.entry.activeSeconds += double(nowMs - m_lastEventMs) / 1000.0;
    m_lastEventMs = std::max(m_lastEventMs, nowMs);
    return r;
}

void EffortTally::edit(const QString& recording, std::optional<CorrectionEffort::Operation> op,
                       qint64 nowMs)
{
    PerRecording& r = at(recording, nowMs);
    if (op)
        ++r.entry.operations[*op];
    else
        ++r.entry.otherEdits;
    auto [start, end] = r.onScreen;
    if (end <= start)
        return;
    // Adds [start, end) to the disjoint, sorted union.
    std::vector<std::pair<double, double>> merged;
    for (const auto& span : r.reviewed) {
        if (span.second < start || span.first > end) {
            merged.push_back(span);
        } else {
            start = std::min(start, span.first);
            end = std::max(end, span.second);
        }
    }
    merged.emplace_back(start, end);
    std::sort(merged.begin(), merged.end());
    r.reviewed = std::move(merged);
    r.entry.reviewedSeconds = 0;
    for (const auto& span : r.reviewed)
        r.entry.reviewedSeconds += span.second - span.first;
}

void EffortTally::undo(const QString& recording, qint64 nowMs)
{
    ++at(recording, nowMs).entry.undos;
}

void EffortTally::view(const QString& recording, double startS, double endS, qint64 nowMs)
{
    at(recording, nowMs).onScreen = {startS, endS};
}

bool EffortTally::isEmpty() const
{
    return std::none_of(m_recordings.begin(), m_recordings.end(), [](const auto& r) {
        return r.second.entry.edits() > 0 || r.second.entry.undos > 0;
    });
}

std::vector<EffortLog::Entry> EffortTally::entries() const
{
    std::vector<EffortLog::Entry> out;
    for (const auto& [id, r] : m_recordings) {
        if (r.entry.edits() == 0 && r.entry.undos == 0)
            continue;
        EffortLog::Entry e = r.entry;
        e.sessionStart = m_sessionStart;
        e.project = m_project;
        e.recording = id;
        out.push_back(e);
    }
    return out;
}

void EffortTally::clear()
{
    for (auto& [id, r] : m_recordings) {
        const auto onScreen = r.onScreen;
        r = PerRecording();
        r.onScreen = onScreen;
    }
}

} // namespace kinemark
