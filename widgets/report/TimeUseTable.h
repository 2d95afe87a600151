#pragma once

#include "core/timeuse/TimeUseSummary.h"

#include <QCoreApplication>
#include <QStringList>
#include <vector>

namespace kinemark {

// The daily time-use table as text: one row per day plus the means over valid
// days (all, weekdays, weekend days). The summary panel's QTableWidget and the
// PDF report both show these cells.
class TimeUseTable
{
    Q_DECLARE_TR_FUNCTIONS(TimeUseTable)
public:
    explicit TimeUseTable(const TimeUseSummary& summary);

    QStringList headers() const { return m_headers; }
    const std::vector<QStringList>& rows() const { return m_rows; }
    // Rows of days with too little wear (drawn apart; they are not in the means).
    bool rowIsFlagged(size_t row) const { return row < m_flagged.size() && m_flagged[row]; }
    bool rowIsMean(size_t row) const { return row >= m_dayRows; }
    // Column subsets for narrow pages: the day with wear, groups, bouts and
    // transitions; and the day with minutes per class.
    std::vector<int> overviewColumns() const;
    std::vector<int> classColumns() const;
    // The headers and the rows of only these columns, in their order (what
    // the report prints of the table on one page).
    QStringList headersOf(const std::vector<int>& columns) const;
    std::vector<QStringList> rowsOf(const std::vector<int>& columns) const;

private:
    QStringList m_headers;
    std::vector<QStringList> m_rows;
    std::vector<bool> m_flagged;
    size_t m_dayRows = 0;
    int m_groupCount = 0;
    int m_classCount = 0;
};

} // namespace kinemark
