#include "widgets/plot/TimeAxisState.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

TimeAxisState::TimeAxisState(QObject* parent) : QObject(parent) {}

void TimeAxisState::reset(double durationSeconds, double startEpochSeconds, double sampleRateHz)
{
    m_duration = std::max(0.0, durationSeconds);
    m_startEpoch = startEpochSeconds;
    m_rate = sampleRateHz > 0 ? sampleRateHz : 50;
    m_cursor = 0;
    m_selectionStart = m_selectionEnd = 0;
    m_start = 0;
    m_end = std::max(m_duration, minimumSpan());
    Q_EMIT visibleRangeChanged(m_start, m_end);
    Q_EMIT cursorChanged(m_cursor);
    Q_EMIT selectionChanged(0, 0);
}

double TimeAxisState::minimumSpan() const
{
    return 8.0 / m_rate;
}

void TimeAxisState::setVisibleRange(double start, double end)
{
    if (!(end > start)) // also rejects NaN
        return;
    // Keep the span between a few samples and the whole recording, then shift inside it.
    const double total = std::max(m_duration, minimumSpan());
    double span = std::clamp(end - start, minimumSpan(), total);
    double s = start + ((end - start) - span) / 2;
    s = std::clamp(s, 0.0, total - span);
    if (s == m_start && s + span == m_end)
        return;
    m_start = s;
    m_end = s + span;
    Q_EMIT visibleRangeChanged(m_start, m_end);
}

void TimeAxisState::zoomAround(double anchor, double factor)
{
    if (!(factor > 0))
        return;
    const double total = std::max(m_duration, minimumSpan());
    const double newSpan = std::clamp(visibleSpan() * factor, minimumSpan(), total);
    const double ratio = visibleSpan() > 0 ? (anchor - m_start) / visibleSpan() : 0.5;
    const double s = anchor - ratio * newSpan;
    setVisibleRange(s, s + newSpan);
}

void TimeAxisState::panBy(double fractionOfSpan)
{
    const double d = fractionOfSpan * visibleSpan();
    setVisibleRange(m_start + d, m_end + d);
}

void TimeAxisState::panToStart()
{
    setVisibleRange(0, visibleSpan());
}

void TimeAxisState::panToEnd()
{
    setVisibleRange(m_duration - visibleSpan(), m_duration);
}

void TimeAxisState::fitAll()
{
    setVisibleRange(0, std::max(m_duration, minimumSpan()));
}

void TimeAxisState::zoomToSelection()
{
    if (hasSelection())
        setVisibleRange(m_selectionStart, m_selectionEnd);
}

void TimeAxisState::setCursor(double t)
{
    t = std::clamp(t, 0.0, m_duration);
    if (t == m_cursor)
        return;
    m_cursor = t;
    Q_EMIT cursorChanged(t);
}

void TimeAxisState::setSelection(double start, double end)
{
    if (start > end)
        std::swap(start, end);
    start = std::clamp(start, 0.0, m_duration);
    end = std::clamp(end, 0.0, m_duration);
    if (start == m_selectionStart && end == m_selectionEnd)
        return;
    m_selectionStart = start;
    m_selectionEnd = end;
    Q_EMIT selectionChanged(start, end);
}

void TimeAxisState::clearSelection()
{
    setSelection(0, 0);
}

void TimeAxisState::setNameColumnWidth(int pixels)
{
    if (pixels == m_nameColumn)
        return;
    m_nameColumn = pixels;
    Q_EMIT nameColumnWidthChanged(pixels);
}

} // namespace kinemark
