#include "widgets/plot/TimePlot.h"

#include "widgets/plot/TimeAxisState.h"

#include <QTimer>
#include <cmath>

namespace kinemark {

TimePlot::TimePlot(TimeAxisState* axis, QWidget* parent) : QCustomPlot(parent), m_axis(axis)
{
    m_ticker.reset(new WallClockTicker);
    m_ticker->setDateTimeSpec(Qt::UTC);
    setNoAntialiasingOnDrag(true);
    setPlottingHint(QCP::phCacheLabels, true);
    setFocusPolicy(Qt::NoFocus); // keyboard navigation belongs to the window
    plotLayout()->setRowSpacing(2);
    connect(m_axis, &TimeAxisState::visibleRangeChanged, this, &TimePlot::onRangeChanged);
    connect(m_axis, &TimeAxisState::cursorChanged, this, [this] {
        updateOverlays();
        requestReplot();
    });
    connect(m_axis, &TimeAxisState::selectionChanged, this, [this] {
        updateOverlays();
        requestReplot();
    });
    // A wider name column: every view's plot starts further right, so that the times line up.
    connect(m_axis, &TimeAxisState::nameColumnWidthChanged, this, [this] {
        for (QCPAxisRect* rect : m_rects)
            rect->setMargins(QMargins(leftMargin(), 0, kRightMargin, 0));
        refreshData();
        requestReplot();
    });
}

void TimePlot::setEqualRectHeights(bool equal)
{
    if (equal && !m_equalRectHeights)
        connect(this, &QCustomPlot::beforeReplot, this, &TimePlot::equaliseRectHeights);
    else if (!equal && m_equalRectHeights)
        disconnect(this, &QCustomPlot::beforeReplot, this, &TimePlot::equaliseRectHeights);
    m_equalRectHeights = equal;
}

void TimePlot::equaliseRectHeights()
{
    QCPLayoutGrid* grid = plotLayout();
    if (m_rects.size() < 2 || grid->columnCount() != 1)
        return;
    int margins = 0;
    for (QCPAxisRect* rect : m_rects)
        margins += rect->margins().top() + rect->margins().bottom();
    const int rows = grid->rowCount();
    const int spacing = grid->rowSpacing() * std::max(0, rows - 1);
    const double data =
        std::max(1.0, double(grid->outerRect().height() - margins - spacing) / m_rects.size());
    for (int row = 0; row < rows; ++row) {
        auto* rect = qobject_cast<QCPAxisRect*>(grid->element(row, 0));
        if (rect && m_rects.contains(rect))
            grid->setRowStretchFactor(row, data + rect->margins().top() + rect->margins().bottom());
    }
}

void TimePlot::registerTimeRect(QCPAxisRect* rect)
{
    rect->setAutoMargins(QCP::msTop | QCP::msBottom);
    rect->setMargins(QMargins(leftMargin(), 0, kRightMargin, 0));
    // QCustomPlot's 50 px per axis rect made six spectrogram bands alone ask
    // for ~360 px: with a bottom dock the window grew past the screen. Bands
    // shrink to a few lines instead; the user gives them room with the splitter.
    rect->setMinimumSize(rect->minimumSize().width(), kMinimumRectHeight);
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    x->setTicker(m_ticker);
    if (!m_rects.isEmpty()) {
        // Only the lowest rect carries time labels; the others keep the grid.
        QCPAxis* previous = m_rects.last()->axis(QCPAxis::atBottom);
        previous->setTickLabels(false);
    }
    m_rects << rect;
    auto* cursor = new QCPItemStraightLine(this);
    cursor->setClipAxisRect(rect);
    cursor->point1->setAxes(x, rect->axis(QCPAxis::atLeft));
    cursor->point2->setAxes(x, rect->axis(QCPAxis::atLeft));
    cursor->setPen(QPen(QColor(20, 20, 20, 160), 1, Qt::DashLine));
    cursor->setLayer(QStringLiteral("overlay"));
    m_cursorLines << cursor;
    auto* selection = new QCPItemRect(this);
    selection->setClipAxisRect(rect);
    selection->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
    selection->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    selection->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
    selection->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    selection->topLeft->setAxes(x, rect->axis(QCPAxis::atLeft));
    selection->bottomRight->setAxes(x, rect->axis(QCPAxis::atLeft));
    selection->topLeft->setAxisRect(rect);
    selection->bottomRight->setAxisRect(rect);
    selection->setPen(Qt::NoPen);
    selection->setBrush(QColor(60, 120, 220, 50));
    selection->setLayer(QStringLiteral("overlay"));
    m_selectionRects << selection;
    updateOverlays(); // new items start at (0, 0): a stray diagonal until placed
}

void TimePlot::clearTimeRects()
{
    m_rects.clear();
    m_cursorLines.clear();
    m_selectionRects.clear();
}

int TimePlot::dataWidth() const
{
    // With fixed side margins the data width is known before QCustomPlot lays out
    // its rects (which it does only when it replots).
    return std::max(1, width() - leftMargin() - kRightMargin);
}

int TimePlot::leftMargin() const
{
    return std::max(int(kLeftMargin), m_axis->nameColumnWidth());
}

void TimePlot::onRangeChanged()
{
    updateTicker();
    for (QCPAxisRect* rect : m_rects)
        rect->axis(QCPAxis::atBottom)->setRange(m_axis->visibleStart(), m_axis->visibleEnd());
    refreshData();
    updateOverlays();
    requestReplot();
}

void TimePlot::updateTicker()
{
    // Keys are seconds from the recording start; the ticker adds the start for labels.
    const double span = m_axis->visibleSpan();
    QString format;
    if (span > 3 * 86400)
        format = QStringLiteral("ddd dd\nHH:mm");
    else if (span > 600)
        format = QStringLiteral("HH:mm");
    else if (span > 20)
        format = QStringLiteral("HH:mm:ss");
    else
        format = QStringLiteral("HH:mm:ss.zzz");
    m_ticker->setDateTimeFormat(format);
    m_ticker->setStartEpochSeconds(m_axis->startEpochSeconds());
}

void TimePlot::updateOverlays()
{
    for (QCPItemStraightLine* line : m_cursorLines) {
        line->point1->setCoords(m_axis->cursor(), 0);
        line->point2->setCoords(m_axis->cursor(), 1);
    }
    for (QCPItemRect* rect : m_selectionRects) {
        rect->setVisible(m_axis->hasSelection());
        rect->topLeft->setCoords(m_axis->selectionStart(), 0);
        rect->bottomRight->setCoords(m_axis->selectionEnd(), 1);
    }
}

bool TimePlot::hasSurface() const
{
    return isVisible() && width() > 0 && height() > 0;
}

void TimePlot::requestReplot()
{
    // Coalesces requests into one replot on the next event loop pass, and
    // skips it while there is nothing to draw on (QPainter would complain).
    if (m_replotPending)
        return;
    m_replotPending = true;
    QTimer::singleShot(0, this, [this] {
        m_replotPending = false;
        if (hasSurface())
            replot();
    });
}

void TimePlot::showEvent(QShowEvent* event)
{
    QCustomPlot::showEvent(event);
    refreshData();
    requestReplot();
}

void TimePlot::resizeEvent(QResizeEvent* event)
{
    // QCustomPlot replots from its own resize handler; before the widget is
    // shown its paint buffers have no surface yet, so only take the new size
    // then (the show event replots).
    if (hasSurface())
        QCustomPlot::resizeEvent(event);
    else
        setViewport(rect());
    refreshData();
    requestReplot();
}

double TimePlot::timeAtPixel(double x) const
{
    if (m_rects.isEmpty())
        return 0;
    return m_rects.first()->axis(QCPAxis::atBottom)->pixelToCoord(x);
}

void TimePlot::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    m_axis->zoomAround(timeAtPixel(event->position().x()), std::pow(0.8, steps));
    event->accept();
}

void TimePlot::mousePressEvent(QMouseEvent* event)
{
    QCustomPlot::mousePressEvent(event);
    if (event->button() != Qt::LeftButton)
        return;
    m_pressPos = event->pos();
    m_pressTime = timeAtPixel(event->pos().x());
    m_pressStart = m_axis->visibleStart();
    m_moved = false;
    m_drag = (event->modifiers() & Qt::ShiftModifier) ? Drag::Select : Drag::Pan;
}

void TimePlot::mouseMoveEvent(QMouseEvent* event)
{
    QCustomPlot::mouseMoveEvent(event);
    if (m_drag == Drag::None)
        return;
    if ((event->pos() - m_pressPos).manhattanLength() > 3)
        m_moved = true;
    if (!m_moved)
        return;
    if (m_drag == Drag::Pan) {
        const double secondsPerPixel = m_axis->visibleSpan() / dataWidth();
        const double start = m_pressStart - (event->pos().x() - m_pressPos.x()) * secondsPerPixel;
        m_axis->setVisibleRange(start, start + m_axis->visibleSpan());
    } else {
        m_axis->setSelection(m_pressTime, timeAtPixel(event->pos().x()));
    }
}

void TimePlot::mouseReleaseEvent(QMouseEvent* event)
{
    QCustomPlot::mouseReleaseEvent(event);
    if (m_drag != Drag::None && !m_moved && event->button() == Qt::LeftButton) {
        m_axis->setCursor(m_pressTime);
        if (m_drag == Drag::Pan)
            m_axis->clearSelection();
    }
    m_drag = Drag::None;
}

} // namespace kinemark
