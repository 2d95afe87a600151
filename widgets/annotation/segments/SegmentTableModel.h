#pragma once

#include "core/editing/TrackNavigation.h"
#include "core/model/LabelSet.h"
#include "core/model/Segment.h"

#include <QAbstractTableModel>
#include <vector>

namespace kinemark {

// The rows of the Segments dock: one per segment of the edited track, with its
// times, duration, class (swatch and name), author, edit time, note and unsure
// flag, and whether a compared track disagrees with it. A snapshot, replaced
// whole after every edit (a reset of 10,000 rows costs a few milliseconds,
// less than working out which rows an arbitrary patch moved). SortRole gives
// each column's value for sorting (numbers as numbers).
class SegmentTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        StartColumn,
        EndColumn,
        DurationColumn,
        ClassColumn,
        AuthorColumn,
        EditedColumn,
        UnsureColumn,
        NoteColumn, // last: it takes the width that is left
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        ClassIdRole,
        DurationSecondsRole,
        DisagreesRole,
        SearchTextRole // class name, author and note: what the search box matches
    };

    explicit SegmentTableModel(QObject* parent = nullptr);

    // Replaces the rows. `disagrees` is empty or has one flag per segment;
    // `startTimeUs` is the recording's wall-clock start (0: none known).
    void setContents(std::vector<Segment> segments, std::vector<char> disagrees,
                     const LabelSet& labelSet, double sampleRateHz, int64_t startTimeUs);

    const Segment& segment(int row) const { return m_segments[size_t(row)]; }
    SampleSpan span(int row) const;
    bool disagrees(int row) const;
    // The row of the segment starting at `start`, or -1.
    int rowStartingAt(int64_t start) const;
    const LabelSet& labelSet() const { return m_labelSet; }
    double sampleRateHz() const { return m_rate; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const Segment& s, int column) const;

    std::vector<Segment> m_segments;
    std::vector<char> m_disagrees;
    LabelSet m_labelSet;
    double m_rate = 1;
    int64_t m_startTimeUs = 0;
};

} // namespace kinemark
