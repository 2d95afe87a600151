#include "widgets/report/TimeUseCharts.h"

#include "widgets/report/DayLabel.h"
#include "widgets/report/PatientDayPainter.h"

#include <QLocale>
#include <QPainter>
#include <algorithm>

namespace kinemark {

namespace {
QColor mix(const QColor& a, const QColor& b, double w)
{
    return QColor::fromRgbF(float(a.redF() + w * (b.redF() - a.redF())),
                            float(a.greenF() + w * (b.greenF() - a.greenF())),
                            float(a.blueF() + w * (b.blueF() - a.blueF())));
}
} // namespace

void TimeUseCharts::paintDailyBars(QPainter& painter, const QRectF& area, const TimeUseSummary& s)
{
    painter.save();
    const QFontMetricsF fm(painter.font());
    // The title's line plus half a line, so that the "24 h" label stays clear of it.
    const double titleHeight = fm.height() * 1.5 + 4;
    painter.setPen(PatientDayPainter::textColour());
    painter.drawText(QRectF(area.left(), area.top(), area.width(), fm.height() + 4),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("Hours per day"));
    const double axisWidth = fm.horizontalAdvance(QStringLiteral("24 h")) + 6;
    const QRectF plot(area.left() + axisWidth, area.top() + titleHeight,
                      area.width() - axisWidth - 4, area.height() - titleHeight - fm.height() - 6);
    const auto yOf = [&](double h) { return plot.bottom() - h / 24.0 * plot.height(); };
    for (int h = 0; h <= 24; h += 6) {
        painter.setPen(QColor(0, 0, 0, h == 0 ? 140 : 40));
        painter.drawLine(QPointF(plot.left(), yOf(h)), QPointF(plot.right(), yOf(h)));
        painter.setPen(PatientDayPainter::textColour());
        painter.drawText(QRectF(area.left(), yOf(h) - fm.height() / 2, axisWidth - 4, fm.height()),
                         Qt::AlignRight | Qt::AlignVCenter, tr("%1 h").arg(h));
    }
    const int days = int(s.days.size());
    const double slot = days > 0 ? plot.width() / days : plot.width();
    const double barWidth = std::min(60.0, slot * 0.7);
    for (int i = 0; i < days; ++i) {
        const DaySummary& d = s.days[size_t(i)];
        const double x = plot.left() + slot * (i + 0.5) - barWidth / 2;
        double stacked = 0;
        const auto segment = [&](double seconds, const QBrush& brush) {
            const double h = seconds / 3600.0;
            if (h <= 0)
                return;
            const QRectF r(x, yOf(stacked + h), barWidth, yOf(stacked) - yOf(stacked + h));
            painter.fillRect(r, Qt::white);
            painter.fillRect(r, brush);
            stacked += h;
        };
        for (size_t c = 0; c < s.classIds.size(); ++c)
            segment(d.classSeconds[c], QColor(s.classColours[int(c)]));
        segment(d.unlabelledSeconds, PatientDayPainter::unlabelledColour().darker(108));
        segment(d.nonWearSeconds, QBrush(PatientDayPainter::nonWearColour(), Qt::BDiagPattern));
        painter.setPen(QColor(0, 0, 0, 90));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(x, yOf(stacked), barWidth, yOf(0) - yOf(stacked)));
        painter.setPen(d.valid ? PatientDayPainter::textColour() : QColor(0xb0, 0x20, 0x20));
        const QString label = slot > fm.horizontalAdvance(QStringLiteral("Mon 04")) + 4
                                  ? DayLabel::of(s, i, DayLabel::Length::Short)
                                  : DayLabel::of(s, i, DayLabel::Length::Number);
        painter.drawText(QRectF(plot.left() + slot * i, plot.bottom() + 2, slot, fm.height()),
                         Qt::AlignHCenter | Qt::AlignTop,
                         label + (d.valid ? QString() : QStringLiteral("⚠")));
    }
    painter.restore();
}

int TimeUseCharts::hourLabelStep(double hourWidth, double labelWidth)
{
    // Hours between labels: the fewest that leave each label its width, and
    // a divisor of 24 so that the labels fall on the same hours every day.
    for (int step : {1, 2, 3, 4, 6, 8, 12})
        if (step * hourWidth >= labelWidth)
            return step;
    return 24;
}

void TimeUseCharts::paintHourlyHeatMap(QPainter& painter, const QRectF& area,
                                       const TimeUseSummary& s)
{
    painter.save();
    const QFontMetricsF fm(painter.font());
    // The title wraps where the chart is narrow (the docked Patient summary)
    // rather than being cut off.
    const QString title =
        tr("Minutes per worn hour, by hour of day (non-wear left out), %n valid day(s)", "",
           s.validDays);
    const double titleHeight = fm.boundingRect(QRectF(0, 0, area.width(), 10 * fm.height()),
                                               Qt::AlignLeft | Qt::TextWordWrap, title)
                                   .height() +
                               4;
    painter.setPen(PatientDayPainter::textColour());
    painter.drawText(QRectF(area.left(), area.top(), area.width(), titleHeight),
                     Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, title);
    std::vector<size_t> rows;
    double labelWidth = 0;
    for (size_t c = 0; c < s.classIds.size(); ++c) {
        double total = 0;
        for (const auto& hour : s.hourlyMinutes)
            total += hour.empty() ? 0 : hour[c];
        if (total > 0) {
            rows.push_back(c);
            labelWidth = std::max(labelWidth, fm.horizontalAdvance(s.classNames[int(c)]));
        }
    }
    labelWidth += 8;
    const QRectF grid(area.left() + labelWidth, area.top() + titleHeight,
                      area.width() - labelWidth - 4, area.height() - titleHeight - fm.height() - 4);
    if (rows.empty()) {
        painter.drawText(grid, Qt::AlignCenter, tr("No valid day"));
        painter.restore();
        return;
    }
    const double cw = grid.width() / 24.0;
    const double ch = std::min(28.0, grid.height() / double(rows.size()));
    QFont cellFont = painter.font();
    cellFont.setPointSizeF(std::max(5.0, cellFont.pointSizeF() * 0.75));
    for (size_t r = 0; r < rows.size(); ++r) {
        const size_t c = rows[r];
        const double y = grid.top() + r * ch;
        painter.setFont(QFont(painter.font()));
        painter.setPen(PatientDayPainter::textColour());
        painter.drawText(QRectF(area.left(), y, labelWidth - 6, ch),
                         Qt::AlignRight | Qt::AlignVCenter, s.classNames[int(c)]);
        const QColor full(s.classColours[int(c)]);
        for (int h = 0; h < 24; ++h) {
            const double m = s.hourlyMinutes[size_t(h)][c];
            const QRectF cell(grid.left() + h * cw, y, cw, ch);
            painter.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5),
                             mix(Qt::white, full, std::clamp(m / 60.0, 0.0, 1.0)));
            if (m >= 0.5 && cw >= fm.horizontalAdvance(QStringLiteral("60")) + 2 && ch >= 10) {
                painter.save();
                painter.setFont(cellFont);
                painter.setPen(m > 35 ? Qt::white : PatientDayPainter::textColour());
                painter.drawText(cell, Qt::AlignCenter, QString::number(m, 'f', 0));
                painter.restore();
            }
        }
    }
    painter.setPen(PatientDayPainter::textColour());
    const double labelsY = grid.top() + rows.size() * ch + 2;
    const int step = hourLabelStep(cw, fm.horizontalAdvance(QStringLiteral("00")) + 4);
    for (int h = 0; h < 24; h += step)
        painter.drawText(QRectF(grid.left() + h * cw, labelsY, step * cw, fm.height()),
                         Qt::AlignLeft | Qt::AlignTop,
                         QStringLiteral("%1").arg(h, 2, 10, QLatin1Char('0')));
    painter.restore();
}

} // namespace kinemark
