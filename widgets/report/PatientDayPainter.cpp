#include "widgets/report/PatientDayPainter.h"

#include "widgets/report/DayLabel.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {
constexpr double kDay = 86400.0;
constexpr double kHeader = 18;       // hour labels above the strips
constexpr double kLegendHeight = 40; // legend below them, up to two lines
constexpr double kRowGap = 4;
} // namespace

PatientDayPainter::PatientDayPainter(const TimeUseSummary& summary, const QRectF& area)
    : m_summary(summary), m_area(area)
{
    m_labelWidth = std::min(170.0, area.width() * 0.22);
    m_top = area.top() + kHeader;
    const int days = std::max(1, dayCount());
    m_rowHeight = std::clamp((area.height() - kHeader - kLegendHeight) / days, 6.0, 44.0);
}

double PatientDayPainter::preferredHeight(int days)
{
    return kHeader + kLegendHeight + std::max(1, days) * 34.0;
}

QColor PatientDayPainter::nonWearColour()
{
    return QColor(0x40, 0x40, 0x40);
}

QColor PatientDayPainter::unlabelledColour()
{
    return QColor(0xf4, 0xf4, 0xf4);
}

QColor PatientDayPainter::missingColour()
{
    return QColor(0xd8, 0xd8, 0xd8);
}

double PatientDayPainter::dayStartLocal(int day) const
{
    if (m_summary.days.empty())
        return 0;
    return double(m_summary.days.front().date.toJulianDay() - QDate(1970, 1, 1).toJulianDay() +
                  day) *
           kDay;
}

QRectF PatientDayPainter::stripRect(int day) const
{
    const double left = m_area.left() + m_labelWidth;
    const double gap = std::min(kRowGap, m_rowHeight * 0.25);
    return QRectF(left, m_top + day * m_rowHeight + gap / 2, m_area.right() - left - 4,
                  m_rowHeight - gap);
}

int PatientDayPainter::dayAt(const QPointF& point) const
{
    if (point.y() < m_top)
        return -1;
    const int day = int((point.y() - m_top) / m_rowHeight);
    return day < dayCount() ? day : -1;
}

double PatientDayPainter::localTimeAt(const QPointF& point) const
{
    const int day = dayAt(point);
    if (day < 0)
        return std::nan("");
    const QRectF strip = stripRect(day);
    if (point.x() < strip.left() || point.x() > strip.right())
        return std::nan("");
    return dayStartLocal(day) + (point.x() - strip.left()) / strip.width() * kDay;
}

void PatientDayPainter::paint(QPainter& painter) const
{
    painter.save();
    QFont small = painter.font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    painter.setFont(small);
    const QFontMetricsF fm(small);

    // Hour labels and grid.
    const QRectF first = stripRect(0);
    const double bottom = m_top + std::max(1, dayCount()) * m_rowHeight;
    for (int h = 0; h <= 24; ++h) {
        const double x = first.left() + first.width() * h / 24.0;
        if (h % 3 == 0) {
            const QString label = QStringLiteral("%1").arg(h, 2, 10, QLatin1Char('0'));
            painter.setPen(textColour());
            painter.drawText(QRectF(x - 20, m_area.top(), 40, kHeader - 2),
                             Qt::AlignHCenter | Qt::AlignBottom, label);
        }
    }
    for (int day = 0; day < dayCount(); ++day)
        paintStrip(painter, day);
    for (int h = 0; h <= 24; ++h) {
        const double x = first.left() + first.width() * h / 24.0;
        QPen pen(QColor(0, 0, 0, h % 6 == 0 ? 110 : 45));
        pen.setCosmetic(true);
        painter.setPen(pen);
        painter.drawLine(QPointF(x, m_top), QPointF(x, bottom));
    }

    // Day labels: date, wear time, and a flag for days with too little wear.
    for (int day = 0; day < dayCount(); ++day) {
        const DaySummary& d = m_summary.days[size_t(day)];
        const QRectF row(m_area.left(), m_top + day * m_rowHeight, m_labelWidth - 6, m_rowHeight);
        const QString date = DayLabel::of(m_summary, day);
        const QString wear = tr("%1 h worn").arg(d.wearSeconds / 3600.0, 0, 'f', 1);
        painter.setPen(d.valid ? textColour() : QColor(0xb0, 0x20, 0x20));
        const QString text = d.valid ? date + QStringLiteral("  ") + wear
                                     : date + QStringLiteral("  ") + wear + QStringLiteral(" ⚠");
        if (m_rowHeight >= 2.2 * fm.height() && !d.valid)
            painter.drawText(row, Qt::AlignRight | Qt::AlignVCenter,
                             date + QStringLiteral("  ") + wear + QLatin1Char('\n') +
                                 tr("too little wear"));
        else if (m_rowHeight >= fm.height() * 0.8)
            painter.drawText(row, Qt::AlignRight | Qt::AlignVCenter, text);
    }
    paintLegend(painter);
    painter.restore();
}

QColor PatientDayPainter::textColour()
{
    return QColor(0x20, 0x20, 0x20);
}

void PatientDayPainter::paintStrip(QPainter& painter, int day) const
{
    const QRectF strip = stripRect(day);
    const double start = dayStartLocal(day);
    const double end = start + kDay;
    const auto xOf = [&](double t) { return strip.left() + (t - start) / kDay * strip.width(); };
    painter.setPen(Qt::NoPen);
    painter.setBrush(QBrush(missingColour(), Qt::Dense5Pattern));
    painter.fillRect(strip, QColor(0xfa, 0xfa, 0xfa));
    painter.drawRect(strip);

    const std::vector<ActivitySpan>& spans = m_summary.timeline;
    // First span that ends after the day starts.
    const double firstSample = std::max(0.0, m_summary.sampleAt(start));
    auto it = std::upper_bound(spans.begin(), spans.end(), int64_t(firstSample),
                               [](int64_t s, const ActivitySpan& a) { return s < a.end; });
    const QBrush nonWear(nonWearColour(), Qt::BDiagPattern);
    for (; it != spans.end(); ++it) {
        const double t0 = m_summary.localSeconds(it->start);
        if (t0 >= end)
            break;
        const double t1 = m_summary.localSeconds(it->end);
        const double x0 = xOf(std::max(t0, start));
        const double x1 = std::max(x0 + 0.6, xOf(std::min(t1, end)));
        const QRectF r(x0, strip.top(), x1 - x0, strip.height());
        if (it->nonWear) {
            painter.fillRect(r, Qt::white);
            painter.fillRect(r, nonWear);
        } else if (it->classId == kUnlabelled) {
            painter.fillRect(r, unlabelledColour());
        } else {
            const int ci = m_summary.classIndex(it->classId);
            painter.fillRect(r, ci >= 0 ? QColor(m_summary.classColours[ci]) : Qt::gray);
        }
    }
    QPen frame(QColor(0, 0, 0, 90));
    frame.setCosmetic(true);
    painter.setPen(frame);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(strip);
}

void PatientDayPainter::paintLegend(QPainter& painter) const
{
    double y = m_top + std::max(1, dayCount()) * m_rowHeight + 6;
    const double left = stripRect(0).left();
    double x = left;
    const QFontMetricsF fm(painter.font());
    const double box = std::min(10.0, fm.height() * 0.8);
    const auto item = [&](const QBrush& brush, const QColor& under, const QString& text) {
        const double w = box + 4 + fm.horizontalAdvance(text) + 12;
        if (x + w > m_area.right() && x > left) { // wrap to a second line
            x = left;
            y += fm.height() + 2;
        }
        const QRectF r(x, y + (fm.height() - box) / 2, box, box);
        painter.fillRect(r, under);
        painter.fillRect(r, brush);
        painter.setPen(QColor(0, 0, 0, 90));
        painter.drawRect(r);
        painter.setPen(textColour());
        painter.drawText(QPointF(x + box + 4, y + fm.ascent()), text);
        x += w;
    };
    item(QBrush(unlabelledColour()), Qt::white, tr("unlabelled"));
    item(QBrush(nonWearColour(), Qt::BDiagPattern), Qt::white, tr("not worn"));
    item(QBrush(missingColour(), Qt::Dense5Pattern), QColor(0xfa, 0xfa, 0xfa), tr("no data"));
    // Classes that occur, in label set order.
    for (size_t c = 0; c < m_summary.classIds.size(); ++c) {
        bool seen = false;
        for (const DaySummary& d : m_summary.days)
            seen = seen || d.classSeconds[c] > 0;
        if (seen)
            item(QBrush(QColor(m_summary.classColours[int(c)])), Qt::white,
                 m_summary.classNames[int(c)]);
    }
}

} // namespace kinemark
