#include "widgets/annotation/segments/SegmentTableModel.h"

#include "widgets/recording/TimeText.h"

#include <QColor>
#include <QDateTime>
#include <algorithm>
#include <cmath>

namespace kinemark {

SegmentTableModel::SegmentTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SegmentTableModel::setContents(std::vector<Segment> segments, std::vector<char> disagrees,
                                    const LabelSet& labelSet, double sampleRateHz,
                                    int64_t startTimeUs)
{
    beginResetModel();
    m_segments = std::move(segments);
    m_disagrees = std::move(disagrees);
    m_disagrees.resize(m_segments.size(), 0);
    m_labelSet = labelSet;
    m_rate = sampleRateHz > 0 ? sampleRateHz : 1;
    m_startTimeUs = startTimeUs;
    endResetModel();
}

SampleSpan SegmentTableModel::span(int row) const
{
    const Segment& s = m_segments[size_t(row)];
    return SampleSpan{s.start, s.end};
}

bool SegmentTableModel::disagrees(int row) const
{
    return m_disagrees[size_t(row)] != 0;
}

int SegmentTableModel::rowStartingAt(int64_t start) const
{
    const auto it = std::lower_bound(m_segments.begin(), m_segments.end(), start,
                                     [](const Segment& s, int64_t v) { return s.start < v; });
    return it != m_segments.end() && it->start == start ? int(it - m_segments.begin()) : -1;
}

int SegmentTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_segments.size());
}

int SegmentTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SegmentTableModel::display(const Segment& s, int column) const
{
    switch (column) {
    case StartColumn:
        return TimeText::relative(s.start / m_rate);
    case EndColumn:
        return TimeText::relative(s.end / m_rate);
    case DurationColumn:
        return TimeText::relative(s.length() / m_rate);
    case ClassColumn:
        return m_labelSet.className(s.classId);
    case AuthorColumn:
        return s.author;
    case EditedColumn:
        return s.editedMs > 0 ? QDateTime::fromMSecsSinceEpoch(s.editedMs)
                                    .toString(QStringLiteral("yyyy-MM-dd hh:mm"))
                              : QString();
    case NoteColumn:
        return s.note;
    case UnsureColumn:
        return s.unsure ? tr("unsure") : QString();
    default:
        return {};
    }
}

QVariant SegmentTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_segments.size()))
        return {};
    const Segment& s = m_segments[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(s, column);
    case Qt::DecorationRole:
        if (column == ClassColumn)
            if (const LabelClass* c = m_labelSet.find(s.classId))
                return QColor(c->colour);
        return {};
    case Qt::ToolTipRole:
        if (column == StartColumn || column == EndColumn) {
            const QString clock = TimeText::wallClock(
                m_startTimeUs, (column == StartColumn ? s.start : s.end) / m_rate);
            return clock.isEmpty() ? QVariant() : QVariant(clock);
        }
        if (column == NoteColumn && !s.note.isEmpty())
            return s.note;
        return {};
    case Qt::TextAlignmentRole:
        if (column <= DurationColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (column) {
        case StartColumn:
            return qlonglong(s.start);
        case EndColumn:
            return qlonglong(s.end);
        case DurationColumn:
            return qlonglong(s.length());
        case EditedColumn:
            return qlonglong(s.editedMs);
        case UnsureColumn:
            return int(s.unsure);
        default:
            return display(s, column).toString().toLower();
        }
    case ClassIdRole:
        return s.classId;
    case DurationSecondsRole:
        return s.length() / m_rate;
    case DisagreesRole:
        return disagrees(index.row());
    case SearchTextRole:
        return m_labelSet.className(s.classId) + QLatin1Char('\n') + s.author + QLatin1Char('\n') +
               s.note;
    default:
        return {};
    }
}

QVariant SegmentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StartColumn:
        return tr("Start");
    case EndColumn:
        return tr("End");
    case DurationColumn:
        return tr("Duration");
    case ClassColumn:
        return tr("Class");
    case AuthorColumn:
        return tr("Author");
    case EditedColumn:
        return tr("Edited");
    case NoteColumn:
        return tr("Note");
    case UnsureColumn:
        return tr("Unsure");
    default:
        return {};
    }
}

} // namespace kinemark
