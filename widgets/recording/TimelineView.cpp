#include "widgets/recording/TimelineView.h"

#include "core/analysis/TrackComparison.h"
#include "core/base/ElapsedTime.h"
#include "core/model/Recording.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/ConfidenceLane.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/recording/SegmentLane.h"

#include <QToolTip>
#include <cmath>

namespace kinemark {

namespace {
QString formatDuration(double seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', seconds < 10 ? 2 : 1);
    const qint64 s = qint64(seconds + 0.5);
    if (s < 3600)
        return QStringLiteral("%1:%2 min").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3 h")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

TimelineView::TimelineView(RecordingSession* session, QWidget* parent)
    : TimePlot(session->timeAxis(), parent), m_session(session)
{
    setMouseTracking(true);
    connect(m_session, &RecordingSession::recordingChanged, this, &TimelineView::rebuildLanes);
    connect(m_session, &RecordingSession::labelSetChanged, this, &TimelineView::rebuildLanes);
    rebuildLanes();
}

QSize TimelineView::sizeHint() const
{
    return QSize(800, 34 + 26 * std::max(1, laneCount()));
}

QCPAxisRect* TimelineView::addLaneRect(const QString& title, QCPItemText** labelItem)
{
    auto* rect = new QCPAxisRect(this);
    rect->setMinimumMargins(QMargins(0, 1, 0, 1));
    plotLayout()->addElement(int(m_lanes.size()), 0, rect);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    y->setRange(0, 1);
    y->setTicks(false);
    rect->axis(QCPAxis::atBottom)->grid()->setVisible(false);
    registerTimeRect(rect);
    // The lane's name reads horizontally in the left margin: a rotated axis
    // label does not fit a lane this low.
    auto* label = new QCPItemText(this);
    label->setClipToAxisRect(false);
    label->position->setType(QCPItemPosition::ptAxisRectRatio);
    label->position->setAxisRect(rect);
    label->position->setCoords(0, 0.5);
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignVCenter);
    label->setPadding(QMargins(kNamePadding, 1, 6, 1));

    label->setFont(laneNameFont(false));
    label->setText(title); // fitted to the name column by fitNameColumn()
    label->setColor(QColor(60, 60, 60));
    *labelItem = label;
    return rect;
}

QFont TimelineView::laneNameFont(bool edited) const
{
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    small.setBold(edited);
    return small;
}

QString TimelineView::laneNameText(const Lane& lane, bool edited)
{
    // A pencil before the name: the mark reads without colour too.
    return edited ? QStringLiteral("✎ ") + lane.title : lane.title;
}

int TimelineView::nameWidthNeeded(int lane) const
{
    const Lane& l = m_lanes.at(size_t(lane));
    const bool edited = lane == m_editedLane;
    // The text, the label's padding (left for the highlight, right before the plot) and a gap.
    return QFontMetrics(laneNameFont(edited)).horizontalAdvance(laneNameText(l, edited)) +
           kNamePadding + 6 + 4;
}

void TimelineView::fitNameColumn()
{
    // The name column grows to the longest lane name (the edited one is bold,
    // with a pencil): "✎ second an…" was cut at the 78 px every view shared.
    // Beyond kMaximumNameColumn names are elided, and the tooltip tells them.
    int wanted = kLeftMargin;
    for (int i = 0; i < laneCount(); ++i)
        if (m_lanes[size_t(i)].label)
            wanted = std::max(wanted, nameWidthNeeded(i));
    const int column = std::min(wanted, int(kMaximumNameColumn));
    timeAxis()->setNameColumnWidth(column);
    for (int i = 0; i < laneCount(); ++i) {
        Lane& l = m_lanes[size_t(i)];
        if (!l.label)
            continue;
        const bool edited = i == m_editedLane;
        const QFont f = laneNameFont(edited);
        const int room = column - kNamePadding - 6 - 4;
        // The edited name keeps its beginning (what the user typed first) when cut.
        l.label->setFont(f);
        l.label->setText(QFontMetrics(f).elidedText(
            laneNameText(l, edited), edited ? Qt::ElideRight : Qt::ElideMiddle, room));
    }
}

bool TimelineView::laneNameElided(int lane) const
{
    const Lane& l = m_lanes.at(size_t(lane));
    return l.label && l.label->text() != laneNameText(l, lane == m_editedLane);
}

QString TimelineView::laneNameShown(int lane) const
{
    const Lane& l = m_lanes.at(size_t(lane));
    return l.label ? l.label->text() : QString();
}

QRect TimelineView::laneNameRect(int lane) const
{
    const Lane& l = m_lanes.at(size_t(lane));
    if (!l.label)
        return QRect();
    const QRect r = l.rect->rect();
    return QRect(r.left() - leftMargin(), r.top(), leftMargin(), r.height());
}

void TimelineView::setEditedLane(int lane)
{
    m_editedLane = lane;
    for (int i = 0; i < laneCount(); ++i) {
        Lane& l = m_lanes[size_t(i)];
        const bool edited = i == lane;
        if (l.plottable)
            l.plottable->setEdited(edited);
        if (!l.label)
            continue;
        l.label->setColor(edited ? Qt::white : QColor(60, 60, 60));
        // The name on a dark tab of the edited colour: a header highlight that
        // reads whatever the classes' colours in the lane are.
        l.label->setBrush(edited ? QBrush(SegmentLane::editedColour()) : QBrush(Qt::NoBrush));
    }
    fitNameColumn();
    requestReplot();
}

void TimelineView::addLane(const QString& title, const AnnotationTrack* track,
                           const QColor& fallback, bool uniform)
{
    const Recording* r = m_session->recording();
    QCPItemText* label = nullptr;
    QCPAxisRect* rect = addLaneRect(title, &label);
    auto* lane = new SegmentLane(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    lane->setTrack(track, &m_session->labelSet(), r->sampleRateHz);
    lane->setFallbackColour(fallback);
    if (uniform)
        lane->setUniformColour(fallback);
    m_lanes.push_back(Lane{rect, lane, nullptr, title, label});
}

void TimelineView::addConfidenceLane(const ClassProbabilities* probabilities)
{
    const QString title = tr("confidence");
    QCPItemText* label = nullptr;
    QCPAxisRect* rect = addLaneRect(title, &label);
    auto* lane = new ConfidenceLane(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    lane->setProbabilities(probabilities, m_session->recording()->sampleRateHz);
    m_lanes.push_back(Lane{rect, nullptr, lane, title, label});
}

void TimelineView::rebuildLanes()
{
    clearPlottables();
    clearItems();
    clearTimeRects();
    plotLayout()->clear();
    m_lanes.clear();
    m_editedLane = -1;
    m_derived.clear();
    const Recording* r = m_session->recording();
    if (!r) {
        Q_EMIT lanesRebuilt();
        requestReplot();
        return;
    }
    const AnnotationTrack* truth = r->groundTruth();
    if (truth)
        addLane(tr("truth"), truth, QColor("#999999"));
    for (const AnnotationTrack& t : r->tracks) {
        if (&t == truth)
            continue;
        addLane(t.name(), &t, QColor("#999999"));
        if (const auto p = r->probabilities.constFind(t.name());
            p != r->probabilities.constEnd() && !p->isEmpty())
            addConfidenceLane(&*p);
        if (truth && t.kind() == AnnotationTrack::Kind::Prediction) {
            m_derived.push_back(
                std::make_unique<AnnotationTrack>(TrackComparison::disagreement(*truth, t)));
            addLane(tr("≠ truth"), m_derived.back().get(), QColor("#d62728"), true);
        }
    }
    if (m_lanes.empty()) {
        auto* rect = new QCPAxisRect(this);
        plotLayout()->addElement(0, 0, rect);
        rect->axis(QCPAxis::atLeft)->setTicks(false);
        registerTimeRect(rect);
        auto* text = new QCPItemText(this);
        text->position->setType(QCPItemPosition::ptAxisRectRatio);
        text->position->setAxisRect(rect);
        text->position->setCoords(0.5, 0.5);
        text->setText(tr("No annotation tracks"));
        text->setColor(Qt::darkGray);
    }
    for (QCPAxisRect* rect : timeRects())
        rect->axis(QCPAxis::atBottom)
            ->setRange(timeAxis()->visibleStart(), timeAxis()->visibleEnd());
    fitNameColumn();
    // Lanes keep their height (the signal and spectrogram views take the
    // rest) unless a dock needs the room: then they shrink to a few lines
    // rather than push the window past the screen (many prediction lanes and
    // the Patient view did).
    setMaximumHeight(sizeHint().height());
    setMinimumHeight(
        std::min(sizeHint().height(), 34 + kMinimumLaneHeight * std::max(1, laneCount())));
    Q_EMIT lanesRebuilt();
    requestReplot();
}

const AnnotationTrack* TimelineView::laneTrack(int lane) const
{
    const SegmentLane* segments = m_lanes.at(size_t(lane)).plottable;
    return segments ? segments->track() : nullptr;
}

void TimelineView::mouseMoveEvent(QMouseEvent* event)
{
    TimePlot::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton)
        return;
    const Recording* r = m_session->recording();
    for (int i = 0; i < laneCount(); ++i) {
        // A name cut to fit the column: in full in the tooltip.
        if (laneNameRect(i).contains(event->pos())) {
            if (laneNameElided(i))
                QToolTip::showText(event->globalPosition().toPoint(), m_lanes[size_t(i)].title,
                                   this);
            else
                QToolTip::hideText();
            return;
        }
    }
    for (const Lane& lane : m_lanes) {
        if (!lane.rect->rect().contains(event->pos()))
            continue;
        const double t = lane.rect->axis(QCPAxis::atBottom)->pixelToCoord(event->pos().x());
        if (lane.confidence) {
            const double c = lane.confidence->confidenceAt(t);
            if (std::isnan(c))
                QToolTip::hideText();
            else
                QToolTip::showText(
                    event->globalPosition().toPoint(),
                    tr("confidence %1 (largest class probability)").arg(c, 0, 'f', 2), this);
            return;
        }
        const Segment* s = lane.plottable->segmentAt(t);
        if (!s || !r) {
            QToolTip::hideText();
            return;
        }
        if (lane.plottable->hasUniformColour()) {
            QToolTip::showText(event->globalPosition().toPoint(),
                               tr("the prediction differs from the ground truth for %1")
                                   .arg(formatDuration(s->length() / r->sampleRateHz)),
                               this);
            return;
        }
        const LabelSet& set = m_session->labelSet();
        const QString name = lane.plottable->track()->kind() == AnnotationTrack::Kind::Prediction ||
                                     set.find(s->classId)
                                 ? set.className(s->classId)
                                 : lane.title;
        // Wall-clock time, or the time from the start when the recording has no
        // absolute start (never a 1970 date).
        QString text =
            tr("%1 — %2\nstart %3, duration %4")
                .arg(lane.title, s->unsure ? tr("%1 (unsure)").arg(name) : name,
                     ElapsedTime::moment(r->startTimeUs, double(s->start) / r->sampleRateHz),
                     formatDuration(s->length() / r->sampleRateHz));
        // The note in full: the lane has room only for the corner mark.
        if (!s->note.isEmpty())
            text += tr("\nnote: %1").arg(s->note);
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
        return;
    }
    QToolTip::hideText();
}

} // namespace kinemark
