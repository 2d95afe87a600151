#include "widgets/annotation/segments/SegmentFilterModel.h"

#include "widgets/annotation/segments/SegmentTableModel.h"

namespace kinemark {

SegmentFilterModel::SegmentFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SegmentTableModel::SortRole);
    setDynamicSortFilter(true);
}

void SegmentFilterModel::changed()
{
    invalidateFilter();
}

void SegmentFilterModel::setSearchText(const QString& text)
{
    m_search = text.trimmed();
    changed();
}

void SegmentFilterModel::setClassFilter(int32_t classId)
{
    m_class = classId;
    changed();
}

void SegmentFilterModel::setAuthorFilter(const QString& author)
{
    m_author = author;
    m_anyAuthor = false;
    changed();
}

void SegmentFilterModel::clearAuthorFilter()
{
    m_author.clear();
    m_anyAuthor = true;
    changed();
}

void SegmentFilterModel::setDurationRange(double minSeconds, double maxSeconds)
{
    m_minSeconds = minSeconds;
    m_maxSeconds = maxSeconds;
    changed();
}

void SegmentFilterModel::setDisagreementsOnly(bool on)
{
    m_disagreements = on;
    changed();
}

void SegmentFilterModel::setNotesOnly(bool on)
{
    m_notes = on;
    changed();
}

void SegmentFilterModel::setUnsureOnly(bool on)
{
    m_unsure = on;
    changed();
}

bool SegmentFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const auto* model = qobject_cast<const SegmentTableModel*>(sourceModel());
    if (!model || sourceParent.isValid())
        return true;
    const Segment& s = model->segment(sourceRow);
    if (m_class != kAnyClass && s.classId != m_class)
        return false;
    if (!m_anyAuthor && s.author != m_author)
        return false;
    const double seconds = s.length() / model->sampleRateHz();
    if (seconds < m_minSeconds || (m_maxSeconds > 0 && seconds >= m_maxSeconds))
        return false;
    if (m_disagreements && !model->disagrees(sourceRow))
        return false;
    if (m_notes && s.note.isEmpty())
        return false;
    if (m_unsure && !s.unsure)
        return false;
    if (!m_search.isEmpty()) {
        const QModelIndex index = model->index(sourceRow, 0);
        if (!model->data(index, SegmentTableModel::SearchTextRole)
                 .toString()
                 .contains(m_search, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace kinemark
