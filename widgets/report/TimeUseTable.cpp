#include "widgets/report/TimeUseTable.h"

#include "widgets/report/DayLabel.h"

#include <QLocale>

namespace kinemark {

namespace {
QString hours(double seconds)
{
    return QString::number(seconds / 3600.0, 'f', 1);
}
QString minutes(double seconds)
{
    return QString::number(seconds / 60.0, 'f', 0);
}
} // namespace

TimeUseTable::TimeUseTable(const TimeUseSummary& s)
{
    m_headers << tr("Day") << tr("Wear (h)") << tr("Not worn (h)");
    for (const ActivityGroup& g : s.grouping.groups)
        m_headers << tr("%1 (h)").arg(g.name);
    m_groupCount = int(s.grouping.groups.size());
    // Only classes that occur anywhere, to keep the table readable.
    std::vector<size_t> classes;
    for (size_t c = 0; c < s.classIds.size(); ++c) {
        bool seen = false;
        for (const DaySummary& d : s.days)
            seen = seen || d.classSeconds[c] > 0;
        if (seen) {
            classes.push_back(c);
            m_headers << tr("%1 (min)").arg(s.classNames[int(c)]);
        }
    }
    m_classCount = int(classes.size());
    m_headers << tr("Sedentary bouts") << tr("In bouts (min)") << tr("Longest bout (min)")
              << tr("Sit-to-stand") << tr("Unlabelled (min)");

    const auto row = [&](const QString& label, const DaySummary& d) {
        QStringList cells;
        cells << label << hours(d.wearSeconds) << hours(d.nonWearSeconds);
        for (double v : d.groupSeconds)
            cells << hours(v);
        for (size_t c : classes)
            cells << minutes(d.classSeconds[c]);
        cells << QString::number(d.sedentaryBouts, 'f', d.date.isValid() ? 0 : 1)
              << minutes(d.sedentaryBoutSeconds) << minutes(d.longestSedentaryBoutSeconds)
              << QString::number(d.transitions, 'f', d.date.isValid() ? 0 : 1)
              << minutes(d.unlabelledSeconds);
        m_rows.push_back(cells);
    };
    for (size_t i = 0; i < s.days.size(); ++i) {
        const DaySummary& d = s.days[i];
        QString label = DayLabel::of(s, int(i));
        if (!d.valid)
            label += QStringLiteral(" ⚠");
        row(label, d);
        m_flagged.push_back(!d.valid);
    }
    m_dayRows = m_rows.size();
    row(tr("Mean, %n valid day(s)", "", s.validDays), s.allDays);
    row(tr("Mean, %n weekday(s)", "", s.validWeekdays), s.weekdays);
    row(tr("Mean, %n weekend day(s)", "", s.validWeekends), s.weekends);
}

std::vector<int> TimeUseTable::overviewColumns() const
{
    std::vector<int> columns;
    for (int c = 0; c < 3 + m_groupCount; ++c)
        columns.push_back(c);
    for (int c = 3 + m_groupCount + m_classCount; c < m_headers.size(); ++c)
        columns.push_back(c);
    return columns;
}

std::vector<int> TimeUseTable::classColumns() const
{
    std::vector<int> columns{0};
    for (int c = 3 + m_groupCount; c < 3 + m_groupCount + m_classCount; ++c)
        columns.push_back(c);
    return columns;
}

QStringList TimeUseTable::headersOf(const std::vector<int>& columns) const
{
    QStringList out;
    for (int c : columns)
        out << m_headers.value(c);
    return out;
}

std::vector<QStringList> TimeUseTable::rowsOf(const std::vector<int>& columns) const
{
    std::vector<QStringList> out;
    out.reserve(m_rows.size());
    for (const QStringList& cells : m_rows) {
        QStringList row;
        for (int c : columns)
            row << cells.value(c);
        out.push_back(row);
    }
    return out;
}

} // namespace kinemark
