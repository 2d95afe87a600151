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
// The caller turns the result into one undoable step. Load… and Save… move
// the set to and from a label set file (LabelSetFile, the JSON of
// `kinemark-cli labels set export|import`); the last folder is remembered.
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
    // The class ids the project's tracks use: a loaded file must define them.
    void setUsedClassIds(std::vector<int32_t> ids) { m_usedIds = std::move(ids); }
    // What Load… and Save… do once a file is chosen (the seam tests drive):
    // false after showing the error, which names the file and the place.
    bool loadFile(const QString& path);
    bool saveFile(const QString& path);
    QTableWidget* table() const { return m_table; }

private:
    void fillTable();
    void readTable();
    void pickColour(int row);
    void askMerge();
    void askAdd();
    void askLoad();
    void askSave();
    void showError(const QString& title, const QString& text);
    static QString lastDirectory();
    static void rememberDirectory(const QString& file);

    LabelSet m_set;
    std::vector<std::pair<int32_t, int32_t>> m_merges;
    std::vector<int32_t> m_usedIds;
    QTableWidget* m_table;
};

} // namespace kinemark
