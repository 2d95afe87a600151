#include "widgets/recording/OverviewStrip.h"

#include "core/model/Recording.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <cmath>

namespace kinemark {

OverviewStrip::OverviewStrip(RecordingSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_redraw(new QTimer(this))
{
    setObjectName(QStringLiteral("overviewStrip"));
    m_redraw->setSingleShot(true);
    m_redraw->setInterval(kRedrawDelayMs);
    connect(m_redraw, &QTimer::timeout, this, [this] { update(); });
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setCursor(Qt::PointingHandCursor);
    auto repaint = [this] { update(); };
    connect(m_session, &RecordingSession::recordingChanged, this, repaint);
    connect(m_session, &RecordingSession::pyramidsReady, this, repaint);
    // Colours of the label set changed.
    connect(m_session, &RecordingSession::labelSetChanged, this, &OverviewStrip::tracksChanged);
    connect(m_session->timeAxis(), &TimeAxisState::visibleRangeChanged, this, repaint);
    setToolTip(tr("Whole recording: click or drag to navigate, wheel to zoom"));
}

void OverviewStrip::tracksChanged()
{
    m_redraw->start(); // restarts: the redraw waits for the burst to end
}

bool OverviewStrip::isRedrawPending() const
{
    return m_redraw->isActive();
}

double OverviewStrip::timeAt(double x) const
{
    const double d = m_session->timeAxis()->duration();
    return width() > 0 ? x / width() * d : 0;
}

double OverviewStrip::xAt(double t) const
{
    const double d = m_session->timeAxis()->duration();
    return d > 0 ? t / d * width() : 0;
}

void OverviewStrip::paintEvent(QPaintEvent*)
{
    ++m_paintCount;
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const Recording* r = m_session->recording();
    if (!r || r->sampleCount() == 0)
        return;
    const int w = width(), h = height();
    const double rate = r->sampleRateHz;
    const int bandTop = h - 10;
    // Ground truth along the bottom, each segment at least a pixel wide.
    if (const AnnotationTrack* gt = r->groundTruth()) {
        for (const Segment& s : gt->segments()) {
            const double x0 = xAt(s.start / rate), x1 = std::max(x0 + 1, xAt(s.end / rate));
            const LabelClass* c = m_session->labelSet().find(s.classId);
            p.fillRect(QRectF(x0, bandTop, x1 - x0, 10),
                       QColor(c && !c->colour.isEmpty() ? c->colour : "#999999"));
        }
    }
    // Envelope of each channel of the first sensor.
    if (auto pyramids = m_session->pyramids(); pyramids && !r->sensors.empty()) {
        std::vector<float> mins(static_cast<size_t>(w)), maxs(static_cast<size_t>(w));
        const QColor colours[] = {QColor(214, 39, 40, 150), QColor(44, 160, 44, 150),
                                  QColor(31, 119, 180, 150)};
        for (size_t c = 0; c < std::min<size_t>(3, r->sensors.front().channels.size()); ++c) {
            const auto& x = r->channel(c).samples;
            pyramids->channel(c).columns(x.data(), 0, double(x.size()), w, mins.data(),
                                         maxs.data());
            const double lo = -2.5, hi = 2.5; // g: the usual range of body-worn accelerometers
            p.setPen(colours[c]);
            for (int col = 0; col < w; ++col) {
                if (std::isnan(mins[size_t(col)]))
                    continue;
                const double y0 =
                    (bandTop - 2) *
                    (1 - (std::clamp<double>(maxs[size_t(col)], lo, hi) - lo) / (hi - lo));
                const double y1 =
                    (bandTop - 2) *
                    (1 - (std::clamp<double>(mins[size_t(col)], lo, hi) - lo) / (hi - lo));
                p.drawLine(QPointF(col + 0.5, y0), QPointF(col + 0.5, y1));
            }
        }
    }
    // The visible range.
    const TimeAxisState* axis = m_session->timeAxis();
    const double x0 = xAt(axis->visibleStart()), x1 = std::max(x0 + 3, xAt(axis->visibleEnd()));
    p.setPen(QPen(palette().highlight().color(), 2));
    p.setBrush(QColor(60, 120, 220, 40));
    p.drawRect(QRectF(x0, 1, x1 - x0, h - 2));
}

void OverviewStrip::centreOn(double x)
{
    TimeAxisState* axis = m_session->timeAxis();
    const double t = timeAt(x);
    axis->setVisibleRange(t - axis->visibleSpan() / 2, t + axis->visibleSpan() / 2);
}

void OverviewStrip::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        centreOn(event->position().x());
}

void OverviewStrip::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton)
        centreOn(event->position().x());
}

void OverviewStrip::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    m_session->timeAxis()->zoomAround(timeAt(event->position().x()), std::pow(0.8, steps));
}

} // namespace kinemark
