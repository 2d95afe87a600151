#include "widgets/patient/TimeUseSummaryPanel.h"

#include "widgets/patient/TimeUseChartView.h"
#include "widgets/report/TimeUseTable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kinemark {

TimeUseSummaryPanel::TimeUseSummaryPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_table = new QTableWidget(this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    auto* charts = new QHBoxLayout;
    m_bars = new TimeUseChartView(TimeUseChartView::Chart::DailyBars, this);
    m_heatMap = new TimeUseChartView(TimeUseChartView::Chart::HourlyHeatMap, this);
    charts->addWidget(m_bars, 2);
    charts->addWidget(m_heatMap, 3);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 2);
    layout->addLayout(charts, 3);
}

void TimeUseSummaryPanel::setSummary(std::shared_ptr<const TimeUseSummary> summary)
{
    m_bars->setSummary(summary);
    m_heatMap->setSummary(summary);
    m_table->clear();
    if (!summary) {
        m_note->clear();
        m_table->setRowCount(0);
        m_table->setColumnCount(0);
        return;
    }
    const TimeUseTable table(*summary);
    m_table->setColumnCount(table.headers().size());
    m_table->setHorizontalHeaderLabels(table.headers());
    m_table->setRowCount(int(table.rows().size()));
    for (size_t r = 0; r < table.rows().size(); ++r) {
        const QStringList& cells = table.rows()[r];
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setTextAlignment(c == 0 ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                          : int(Qt::AlignRight | Qt::AlignVCenter));
            if (table.rowIsFlagged(r)) {
                item->setForeground(QColor(0xb0, 0x20, 0x20));
                item->setToolTip(tr("Too little wear: not included in the means"));
            }
            if (table.rowIsMean(r)) {
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
            }
            m_table->setItem(int(r), c, item);
        }
    }
    m_note->setText(
        tr("%1 — %2. Days with less than %3 h of wear are flagged (⚠) and left out of the "
           "means; sedentary bouts are counted from %4 min.")
            .arg(summary->recordingId,
                 summary->trackName.isEmpty() ? tr("no track") : summary->trackName)
            .arg(summary->minimumWearSeconds / 3600.0, 0, 'g', 3)
            .arg(summary->minimumBoutSeconds / 60.0, 0, 'g', 3));
}

} // namespace kinemark
