#include "app/gui/mainwindow/KeyboardReference.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kinemark {

namespace {
void collect(const QMenu* menu, const QString& path, QList<QStringList>& rows)
{
    for (const QAction* a : menu->actions()) {
        if (a->menu()) {
            collect(a->menu(), path + QStringLiteral(" › ") + a->menu()->title().remove('&'), rows);
            continue;
        }
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        if (!keys.isEmpty())
            rows.append({keys.join(QStringLiteral(", ")), QString(a->text()).remove('&'), path});
    }
}
} // namespace

KeyboardReference::KeyboardReference(const QMenuBar* menus, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Reference"));
    QList<QStringList> rows;
    for (const QAction* a : menus->actions())
        if (a->menu())
            collect(a->menu(), QString(a->menu()->title()).remove('&'), rows);
    rows.append({tr("Wheel"), tr("Zoom around the mouse"), tr("Views")});
    rows.append({tr("Drag"), tr("Pan"), tr("Views")});
    rows.append({tr("Shift+Drag"), tr("Select a time range"), tr("Views")});
    rows.append({tr("Click"), tr("Place the cursor"), tr("Views")});

    auto* table = new QTableWidget(int(rows.size()), 3, this);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action"), tr("Menu")});
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < 3; ++c)
            table->setItem(r, c, new QTableWidgetItem(rows[r][c]));
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->resizeColumnsToContents();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(520, 480);
}

} // namespace kinemark
