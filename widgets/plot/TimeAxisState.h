#pragma once

#include <QObject>

namespace kinemark {

// The one time axis every view of a recording shares (Sonic Visualiser's
// "view manager"): visible range, cursor and selection, in seconds from the
// recording's first sample. Views listen and draw; input handlers call the
// navigation functions. Wall-clock time is startEpochSeconds() + t.
class TimeAxisState : public QObject
{
    Q_OBJECT
public:
    explicit TimeAxisState(QObject* parent = nullptr);

    // A new recording: its duration, wall-clock start and sampling rate
    // (the smallest visible span is a few samples). Shows it whole.
    void reset(double durationSeconds, double startEpochSeconds, double sampleRateHz);

    double duration() const { return m_duration; }
    double startEpochSeconds() const { return m_startEpoch; }
    double sampleRateHz() const { return m_rate; }
    double visibleStart() const { return m_start; }
    double visibleEnd() const { return m_end; }
    double visibleSpan() const { return m_end - m_start; }
    double cursor() const { return m_cursor; }
    bool hasSelection() const { return m_selectionEnd > m_selectionStart; }
    double selectionStart() const { return m_selectionStart; }
    double selectionEnd() const { return m_selectionEnd; }
    // Smallest span one can zoom to: eight samples.
    double minimumSpan() const;

    void setVisibleRange(double start, double end);
    // Zooms by `factor` (< 1 zooms in) keeping time `anchor` at the same place on screen.
    void zoomAround(double anchor, double factor);
    void zoom(double factor) { zoomAround((m_start + m_end) / 2, factor); }
    // Pans by a fraction of the visible span (negative: to the left).
    void panBy(double fractionOfSpan);
    void panToStart();
    void panToEnd();
    void fitAll();
    void zoomToSelection();
    void setCursor(double t);
    void setSelection(double start, double end);
    void clearSelection();

    // The width of the name column left of every view's plot (pixels): the
    // same for all views of the axis so that their times line up, and as
    // wide as the longest timeline lane name needs (TimelineView sets it).
    int nameColumnWidth() const { return m_nameColumn; }
    void setNameColumnWidth(int pixels);
    static constexpr int kDefaultNameColumnWidth = 78;

Q_SIGNALS:
    void visibleRangeChanged(double start, double end);
    void cursorChanged(double t);
    void selectionChanged(double start, double end);
    void nameColumnWidthChanged(int pixels);

private:
    double m_duration = 0;
    double m_startEpoch = 0;
    double m_rate = 50;
    double m_start = 0;
    double m_end = 1;
    double m_cursor = 0;
    double m_selectionStart = 0;
    double m_selectionEnd = 0;
    int m_nameColumn = kDefaultNameColumnWidth;
};

} // namespace kinemark
