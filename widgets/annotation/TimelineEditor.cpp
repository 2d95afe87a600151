#include "widgets/annotation/TimelineEditor.h"

#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/TimelineView.h"

#include <QMouseEvent>
#include <cmath>

namespace kinemark {

TimelineEditor::TimelineEditor(TimelineView* view, AnnotationEditor* editor, QObject* parent)
    : QObject(parent), m_view(view), m_editor(editor)
{
    m_view->installEventFilter(this);
    connect(m_view, &TimelineView::lanesRebuilt, this, &TimelineEditor::createOverlays);
    connect(m_editor, &AnnotationEditor::tracksChanged, m_view, &TimelineView::rebuildLanes);
    // Another tier edited: its lane gets the mark and the overlays.
    connect(m_editor, &AnnotationEditor::activeTrackChanged, m_view, &TimelineView::rebuildLanes);
    connect(m_view->timeAxis(), &TimeAxisState::cursorChanged, this,
            &TimelineEditor::updateSelectionOutline);
    createOverlays();
}

int TimelineEditor::editedLane() const
{
    const AnnotationTrack* edited = m_editor->editedTrack();
    for (int i = 0; edited && i < m_view->laneCount(); ++i)
        if (m_view->laneTrack(i) == edited)
            return i;
    return -1;
}

double TimelineEditor::rate() const
{
    const Recording* r = m_editor->recording();
    return r && r->sampleRateHz > 0 ? r->sampleRateHz : 50;
}

int64_t TimelineEditor::sampleAt(double x) const
{
    const int lane = editedLane();
    if (lane < 0)
        return 0;
    const double t = m_view->laneRect(lane)->axis(QCPAxis::atBottom)->pixelToCoord(x);
    // Boundaries sit between samples: snap to the nearest one.
    const Recording* r = m_editor->recording();
    return std::clamp<int64_t>(std::llround(t * rate()), 0, r ? int64_t(r->sampleCount()) : 0);
}

int64_t TimelineEditor::boundaryNear(double x) const
{
    const int lane = editedLane();
    const AnnotationTrack* edited = m_editor->editedTrack();
    if (lane < 0 || !edited)
        return -1;
    QCPAxis* axis = m_view->laneRect(lane)->axis(QCPAxis::atBottom);
    const double secondsPerPixel =
        axis->range().size() / std::max(1, m_view->laneRect(lane)->width());
    const int64_t from =
        int64_t(std::floor((axis->pixelToCoord(x) - kGrabPixels * secondsPerPixel) * rate()));
    const int64_t to =
        int64_t(std::ceil((axis->pixelToCoord(x) + kGrabPixels * secondsPerPixel) * rate()));
    int64_t best = -1;
    double bestDistance = kGrabPixels + 1;
    const auto [first, last] = edited->overlapping(from, to + 1);
    for (size_t i = first; i < last; ++i)
        for (int64_t b : {edited->segments()[i].start, edited->segments()[i].end}) {
            const double d = std::fabs(axis->coordToPixel(b / rate()) - x);
            if (d < bestDistance) {
                bestDistance = d;
                best = b;
            }
        }
    return best;
}

void TimelineEditor::createOverlays()
{
    // The view deleted its items when it rebuilt the lanes.
    m_outline = nullptr;
    m_paintPreview = nullptr;
    m_boundaryPreview = nullptr;
    m_previewLabel = nullptr;
    const int lane = editedLane();
    // The lane the keys edit is marked, whichever tier it is.
    m_view->setEditedLane(lane);
    if (lane < 0)
        return;
    QCPAxisRect* rect = m_view->laneRect(lane);
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    auto makeRect = [&](const QPen& pen, const QBrush& brush) {
        auto* item = new QCPItemRect(m_view);
        item->setClipAxisRect(rect);
        for (QCPItemPosition* p : {item->topLeft, item->bottomRight}) {
            p->setAxes(x, y);
            p->setAxisRect(rect);
            p->setTypeX(QCPItemPosition::ptPlotCoords);
            p->setTypeY(QCPItemPosition::ptAxisRectRatio);
        }
        item->setPen(pen);
        item->setBrush(brush);
        item->setLayer(QStringLiteral("overlay"));
        item->setVisible(false);
        return item;
    };
    m_outline = makeRect(QPen(QColor(20, 20, 20), 2), Qt::NoBrush);
    m_paintPreview = makeRect(QPen(QColor(20, 20, 20), 1.5, Qt::DashLine), QBrush());
    m_boundaryPreview = new QCPItemStraightLine(m_view);
    m_boundaryPreview->setClipAxisRect(rect);
    m_boundaryPreview->point1->setAxes(x, y);
    m_boundaryPreview->point2->setAxes(x, y);
    m_boundaryPreview->setPen(QPen(QColor(20, 20, 20), 3));
    m_boundaryPreview->setLayer(QStringLiteral("overlay"));
    m_boundaryPreview->setVisible(false);
    m_previewLabel = new QCPItemText(m_view);
    m_previewLabel->setClipAxisRect(rect);
    m_previewLabel->position->setAxes(x, y);
    m_previewLabel->position->setAxisRect(rect);
    m_previewLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_previewLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_previewLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_previewLabel->setPadding(QMargins(4, 1, 4, 1));
    m_previewLabel->setBrush(QColor(255, 255, 255, 225));
    m_previewLabel->setLayer(QStringLiteral("overlay"));
    m_previewLabel->setVisible(false);
    updateSelectionOutline();
    updatePreview();
}

void TimelineEditor::updateSelectionOutline()
{
    if (!m_outline)
        return;
    const AnnotationTrack* edited = m_editor->editedTrack();
    const long i = m_editor->selectedIndex();
    m_outline->setVisible(edited && i >= 0);
    if (edited && i >= 0) {
        const Segment& s = edited->segments()[size_t(i)];
        m_outline->topLeft->setCoords(s.start / rate(), 0.97);
        m_outline->bottomRight->setCoords(s.end / rate(), 0.03);
    }
    m_view->requestReplot();
}

void TimelineEditor::updatePreview()
{
    if (!m_paintPreview)
        return;
    m_paintPreview->setVisible(m_drag == Drag::Paint);
    m_boundaryPreview->setVisible(m_drag == Drag::Boundary);
    m_previewLabel->setVisible(m_drag != Drag::None);
    const double r = rate();
    if (m_drag == Drag::Paint) {
        const int64_t a = std::min(m_anchor, m_current), b = std::max(m_anchor, m_current);
        const int32_t cls = m_editor->paintClass();
        const LabelClass* c = m_editor->labelSet().find(cls);
        QColor fill(c && !c->colour.isEmpty() ? c->colour : QStringLiteral("#bbbbbb"));
        fill.setAlpha(235);
        m_paintPreview->setBrush(fill);
        m_paintPreview->topLeft->setCoords(a / r, 1.0);
        m_paintPreview->bottomRight->setCoords(b / r, 0.0);
        m_previewLabel->setText(tr("paint %1: %2 s")
                                    .arg(m_editor->labelSet().className(cls))
                                    .arg((b - a) / r, 0, 'f', 2));
        m_previewLabel->position->setCoords(b / r, 0.5);
    } else if (m_drag == Drag::Boundary) {
        m_boundaryPreview->point1->setCoords(m_current / r, 0);
        m_boundaryPreview->point2->setCoords(m_current / r, 1);
        const double delta = (m_current - m_anchor) / r;
        m_previewLabel->setText(tr("boundary %1%2 s")
                                    .arg(delta >= 0 ? QStringLiteral("+") : QString())
                                    .arg(delta, 0, 'f', 2));
        m_previewLabel->position->setCoords(m_current / r, 0.5);
    }
    m_view->requestReplot();
}

void TimelineEditor::clearPreview()
{
    m_drag = Drag::None;
    updatePreview();
}

void TimelineEditor::showBoundaryPreview(int64_t boundary, int64_t position)
{
    m_drag = Drag::Boundary;
    m_anchor = boundary;
    m_current = position;
    updatePreview();
}

void TimelineEditor::showPaintPreview(int64_t start, int64_t end)
{
    m_drag = Drag::Paint;
    m_anchor = start;
    m_current = end;
    updatePreview();
}

bool TimelineEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_view)
        return false;
    const auto type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove &&
        type != QEvent::MouseButtonRelease)
        return false;
    auto* mouse = static_cast<QMouseEvent*>(event);
    const int lane = editedLane();
    const QPointF pos = mouse->position();
    const bool inTruth = lane >= 0 && m_view->laneRect(lane)->rect().contains(pos.toPoint());

    if (type == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton && inTruth) {
        if (mouse->modifiers() & Qt::ControlModifier) {
            m_drag = Drag::Paint;
            m_anchor = m_current = sampleAt(pos.x());
            updatePreview();
            return true;
        }
        const int64_t boundary = boundaryNear(pos.x());
        if (boundary >= 0) {
            m_drag = Drag::Boundary;
            m_anchor = boundary;
            m_current = boundary;
            updatePreview();
            return true;
        }
        return false;
    }
    if (type == QEvent::MouseMove) {
        if (m_drag != Drag::None) {
            m_current = sampleAt(pos.x());
            updatePreview();
            return true;
        }
        if (mouse->buttons() == Qt::NoButton)
            m_view->setCursor(inTruth && boundaryNear(pos.x()) >= 0 ? Qt::SplitHCursor
                                                                    : Qt::ArrowCursor);
        return false;
    }
    if (type == QEvent::MouseButtonRelease && m_drag != Drag::None) {
        const Drag drag = m_drag;
        const int64_t a = m_anchor, b = sampleAt(pos.x());
        clearPreview();
        if (drag == Drag::Boundary && b != a)
            m_editor->moveBoundary(a, b);
        else if (drag == Drag::Paint && b != a)
            m_editor->paint(std::min(a, b), std::max(a, b), m_editor->paintClass());
        return true;
    }
    return false;
}

} // namespace kinemark
