#pragma once

#include "core/model/LabelSet.h"

#include <QDialog>
#include <utility>
#include <vector>

class QTableWidget;

namespace kinemark {

// Edits a copy of a label set: rename classes, recolour them, set their
// shortcut keys, add classes, and merge one class into another (every segment
// of the merged class is relabelled when the dialog is accepted; the class
// stays in the set as "merged into", so that files using its id still read).
// The caller turns the result into one undoable step.
class LabelSetEditorDialog : public QDialog
{
    Q_OBJECT
public:
    LabelSetEditorDialog(const LabelSet& labelSet, QWidget* parent = nullptr);

    LabelSet labelSet() const;
    // (from, to) in the order the user merged them.
    const std::vector<std::pair<int32_t, int32_t>>& merges() const { return m_merges; }

    // For tests and scripted use: the same as the buttons.
    void addClass(int32_t id, const QString& name, const QString& colour);
    void mergeClasses(int32_t from, int32_t to);
    QTableWidget* table() const { return m_table; }

private:
    void fillTable();
    void readTable();
    void pickColour(int row);
    void askMerge();
    void askAdd();

    LabelSet m_set;
    std::vector<std::pair<int32_t, int32_t>> m_merges;
    QTableWidget* m_table;
};

} // namespace kinemark
