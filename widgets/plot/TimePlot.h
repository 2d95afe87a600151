#pragma once

#include "widgets/plot/WallClockTicker.h"

#include <qcustomplot.h>

namespace kinemark {

class TimeAxisState;

// A QCustomPlot whose horizontal axes all follow one TimeAxisState. It turns
// mouse input into navigation on that state (wheel: zoom around the mouse;
// drag: pan; shift-drag: select; click: cursor) and asks its subclass for
// fresh data whenever the visible range or the width changes, so that every
// view draws only what the visible pixels need.
//
// Keys on the time axes are seconds from the recording's first sample; the
// tick labels show wall-clock time (UTC as stored).
class TimePlot : public QCustomPlot
{
    Q_OBJECT
public:
    explicit TimePlot(TimeAxisState* axis, QWidget* parent = nullptr);

    TimeAxisState* timeAxis() const { return m_axis; }
    // Axis rects whose bottom axis is time; the last one shows the tick labels.
    void registerTimeRect(QCPAxisRect* rect);
    void clearTimeRects();
    const QList<QCPAxisRect*>& timeRects() const { return m_rects; }
    // Plot width in pixels available for data (of the first time rect).
    int dataWidth() const;
    // Replots on the next event loop pass, if there is anything to draw on yet.
    void requestReplot();
    bool hasSurface() const;

    // Every view reserves the same left and right margins, so that the time
    // axes of stacked views line up pixel for pixel: on the left the axis's
    // name column (at least kLeftMargin, wider for long lane names).
    static constexpr int kLeftMargin = 78;
    int leftMargin() const;
    static constexpr int kRightMargin = 14;
    // The lowest a time rect gets (a signal row, a spectrogram band, a lane).
    static constexpr int kMinimumRectHeight = 12;
    // Gives every time rect the same data height (signal rows, spectrogram
    // bands), the lowest one's time labels on top of it.
    void setEqualRectHeights(bool equal);

protected:
    // Called on range change and resize; update plottables, then the caller replots.
    virtual void refreshData() = 0;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    double timeAtPixel(double x) const;

private:
    void onRangeChanged();
    void updateTicker();
    void updateOverlays();
    // Rows of the layout share its height by their outer rects, and the
    // lowest one's margin holds the time labels: stretched alike, its band
    // came out ~20 px lower than the others. Each row's stretch is its
    // margins plus an equal data height, from the last layout's margins.
    void equaliseRectHeights();

    TimeAxisState* m_axis;
    QList<QCPAxisRect*> m_rects;
    bool m_equalRectHeights = false;
    QSharedPointer<WallClockTicker> m_ticker;
    QList<QCPItemStraightLine*> m_cursorLines;
    QList<QCPItemRect*> m_selectionRects;
    enum class Drag
    {
        None,
        Pan,
        Select
    } m_drag = Drag::None;
    QPoint m_pressPos;
    double m_pressTime = 0;
    double m_pressStart = 0;
    bool m_moved = false;
    bool m_replotPending = false;
};

} // namespace kinemark
