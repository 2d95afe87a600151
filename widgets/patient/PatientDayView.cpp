#include "widgets/patient/PatientDayView.h"

#include "widgets/report/DayLabel.h"
#include "widgets/report/PatientDayPainter.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace kinemark {

PatientDayView::PatientDayView(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumWidth(kMinimumWidth);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMinimumHeight(minimumHeightFor(7));
}

void PatientDayView::setSummary(std::shared_ptr<const TimeUseSummary> summary)
{
    m_summary = std::move(summary);
    // Never squeezed below readable rows: the scroll area around the view
    // scrolls instead (a week in a short dock drew 5 px rows without labels).
    setMinimumHeight(minimumHeightFor(m_summary ? int(m_summary->days.size()) : 0));
    updateGeometry();
    update();
}

int PatientDayView::minimumRowHeight() const
{
    // The painter writes a day's label when its row is at least 0.8 lines high;
    // 1.6 lines keep the strip itself comfortably taller than the gap between rows.
    return std::max(20, int(std::ceil(fontMetrics().height() * 1.6)));
}

int PatientDayView::minimumHeightFor(int days) const
{
    // What the picture needs besides its rows (hour labels, legend), from the
    // painter's own preferred heights, and the 4 px margin on each side.
    const double perRow =
        PatientDayPainter::preferredHeight(2) - PatientDayPainter::preferredHeight(1);
    const double fixed = PatientDayPainter::preferredHeight(1) - perRow;
    return int(std::ceil(fixed)) + 8 + std::max(1, days) * minimumRowHeight();
}

QSize PatientDayView::sizeHint() const
{
    const int days = m_summary ? int(m_summary->days.size()) : 7;
    return QSize(900, int(PatientDayPainter::preferredHeight(days)) + 8);
}

void PatientDayView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    if (!m_summary || m_summary->days.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No recording, or a recording without time"));
        return;
    }
    PatientDayPainter(*m_summary, QRectF(rect()).adjusted(4, 4, -4, -4)).paint(painter);
}

QString PatientDayView::describeAt(const QPointF& point) const
{
    if (!m_summary || m_summary->days.empty())
        return QString();
    const PatientDayPainter painter(*m_summary, QRectF(rect()).adjusted(4, 4, -4, -4));
    const double t = painter.localTimeAt(point);
    if (std::isnan(t))
        return QString();
    const QLocale locale;
    const auto clock = [&](double local) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(qint64(local * 1000), Qt::UTC);
        if (DayLabel::hasDates(*m_summary))
            return locale.toString(at, QStringLiteral("ddd HH:mm"));
        // No absolute start: the day's number, as the day labels say (never a 1970 weekday).
        const qint64 day = at.date().toJulianDay() - m_summary->days.front().date.toJulianDay() + 1;
        return tr("Day %1 %2").arg(day).arg(locale.toString(at.time(), QStringLiteral("HH:mm")));
    };
    const double sample = m_summary->sampleAt(t);
    const auto& spans = m_summary->timeline;
    if (sample < 0 || spans.empty() || sample >= double(spans.back().end))
        return tr("%1: no data").arg(clock(t));
    const auto it = std::upper_bound(spans.begin(), spans.end(), int64_t(sample),
                                     [](int64_t s, const ActivitySpan& a) { return s < a.end; });
    if (it == spans.end())
        return QString();
    QString what;
    if (it->nonWear)
        what = tr("not worn");
    else if (it->classId == kUnlabelled)
        what = tr("unlabelled");
    else {
        const int ci = m_summary->classIndex(it->classId);
        what = ci >= 0 ? m_summary->classNames[ci] : tr("class %1").arg(it->classId);
    }
    const double from = m_summary->localSeconds(it->start);
    const double to = m_summary->localSeconds(it->end);
    const double minutes = (to - from) / 60.0;
    const QString length =
        minutes >= 1 ? tr("%1 min").arg(minutes, 0, 'f', 0) : tr("%1 s").arg(to - from, 0, 'f', 0);
    return tr("%1: %2, %3 to %4 (%5)").arg(clock(t), what, clock(from), clock(to), length);
}

bool PatientDayView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = describeAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void PatientDayView::mouseMoveEvent(QMouseEvent* event)
{
    if (QToolTip::isVisible())
        QToolTip::showText(event->globalPosition().toPoint(), describeAt(event->position()), this);
    QWidget::mouseMoveEvent(event);
}

void PatientDayView::mousePressEvent(QMouseEvent* event)
{
    if (!m_summary || event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const PatientDayPainter painter(*m_summary, QRectF(rect()).adjusted(4, 4, -4, -4));
    const double t = painter.localTimeAt(event->position());
    if (std::isnan(t))
        return;
    const double seconds = m_summary->sampleAt(t) / m_summary->sampleRateHz;
    const double duration = m_summary->timeline.empty()
                                ? 0
                                : double(m_summary->timeline.back().end) / m_summary->sampleRateHz;
    if (seconds >= 0 && seconds < duration)
        Q_EMIT momentActivated(seconds);
}

} // namespace kinemark
