#include "widgets/annotation/LabelPickerDialog.h"

#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QVBoxLayout>

namespace kinemark {

namespace {
QIcon swatch(const QString& colour)
{
    QPixmap p(12, 12);
    p.fill(colour.isEmpty() ? QColor("#999999") : QColor(colour));
    return QIcon(p);
}
} // namespace

LabelPickerDialog::LabelPickerDialog(const LabelSet& labelSet, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Pick Class"));
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Type to search classes"));
    m_filter->installEventFilter(this);
    m_list = new QListWidget(this);
    for (const LabelClass& c : labelSet.classes) {
        if (c.mergedInto != kUnlabelled)
            continue;
        auto* item = new QListWidgetItem(swatch(c.colour),
                                         QStringLiteral("%1  %2").arg(c.id).arg(c.name), m_list);
        item->setData(Qt::UserRole, c.id);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, this, &LabelPickerDialog::applyFilter);
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    applyFilter(QString());
    resize(300, 360);
}

void LabelPickerDialog::applyFilter(const QString& text)
{
    QListWidgetItem* first = nullptr;
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        const bool match = item->text().contains(text.trimmed(), Qt::CaseInsensitive);
        item->setHidden(!match);
        if (match && !first)
            first = item;
    }
    m_list->setCurrentItem(first);
}

bool LabelPickerDialog::eventFilter(QObject* watched, QEvent* event)
{
    // Up and down in the search field move through the list, so the hands stay on the keys.
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down) {
            int row = m_list->currentRow();
            do
                row += key == Qt::Key_Down ? 1 : -1;
            while (row >= 0 && row < m_list->count() && m_list->item(row)->isHidden());
            if (row >= 0 && row < m_list->count())
                m_list->setCurrentRow(row);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

std::optional<int32_t> LabelPickerDialog::chosenClass() const
{
    const QListWidgetItem* item = m_list->currentItem();
    if (!item || item->isHidden())
        return std::nullopt;
    return item->data(Qt::UserRole).toInt();
}

std::optional<int32_t> LabelPickerDialog::pick(const LabelSet& labelSet, QWidget* parent)
{
    LabelPickerDialog dialog(labelSet, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.chosenClass();
}

} // namespace kinemark
