#pragma once

#include "core/model/Segment.h"

#include <QSortFilterProxyModel>

namespace kinemark {

// The Segments dock's filters and sort over a SegmentTableModel: a search text
// (class name, author or note, case-insensitive), one class, one author, a
// duration range, and "only disagreements / with a note / unsure". Every
// filter is off by default; the rows that pass are what multi-selection edits.
class SegmentFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    static constexpr int32_t kAnyClass = -2; // kUnlabelled (-1) never names a segment's class

    explicit SegmentFilterModel(QObject* parent = nullptr);

    void setSearchText(const QString& text);
    void setClassFilter(int32_t classId); // kAnyClass: every class
    // Only segments by `author` ("" matches imported segments, which have none).
    void setAuthorFilter(const QString& author);
    void clearAuthorFilter(); // every author
    // Segments of at least `minSeconds` and less than `maxSeconds` (<= 0: no upper bound).
    void setDurationRange(double minSeconds, double maxSeconds);
    void setDisagreementsOnly(bool on);
    void setNotesOnly(bool on);
    void setUnsureOnly(bool on);

    QString searchText() const { return m_search; }
    int32_t classFilter() const { return m_class; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    void changed();

    QString m_search;
    int32_t m_class = kAnyClass;
    QString m_author;
    bool m_anyAuthor = true;
    double m_minSeconds = 0;
    double m_maxSeconds = 0;
    bool m_disagreements = false;
    bool m_notes = false;
    bool m_unsure = false;
};

} // namespace kinemark
