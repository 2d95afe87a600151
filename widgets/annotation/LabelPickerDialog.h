#pragma once

#include "core/model/LabelSet.h"

#include <QDialog>
#include <optional>

class QLineEdit;
class QListWidget;

namespace kinemark {

// A searchable list of the label set's classes: type to filter (name or id),
// Enter takes the highlighted one.
class LabelPickerDialog : public QDialog
{
    Q_OBJECT
public:
    LabelPickerDialog(const LabelSet& labelSet, QWidget* parent = nullptr);
    std::optional<int32_t> chosenClass() const;
    static std::optional<int32_t> pick(const LabelSet& labelSet, QWidget* parent);

    QLineEdit* filterEdit() const { return m_filter; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyFilter(const QString& text);

    QLineEdit* m_filter;
    QListWidget* m_list;
};

} // namespace kinemark
