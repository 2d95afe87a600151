#include "widgets/annotation/LabelSetEditorDialog.h"

#include "core/base/UserMessage.h"
#include "core/labels/LabelSetFile.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kinemark {

namespace {
enum Column
{
    Id,
    Name,
    Colour,
    Shortcut,
    MergedInto,
    ColumnCount
};
constexpr char kDirectoryKey[] = "labelSetEditor/lastDirectory";
} // namespace

LabelSetEditorDialog::LabelSetEditorDialog(const LabelSet& labelSet, QWidget* parent)
    : QDialog(parent), m_set(labelSet)
{
    setWindowTitle(tr("Label Set — %1").arg(labelSet.name.isEmpty() ? labelSet.id : labelSet.name));
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels(
        {tr("Id"), tr("Name"), tr("Colour"), tr("Key"), tr("Merged into")});
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(Name, QHeaderView::Stretch);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
        if (column == Colour)
            pickColour(row);
    });
    auto* add = new QPushButton(tr("&Add Class..."), this);
    auto* merge = new QPushButton(tr("&Merge Classes..."), this);
    connect(add, &QPushButton::clicked, this, &LabelSetEditorDialog::askAdd);
    connect(merge, &QPushButton::clicked, this, &LabelSetEditorDialog::askMerge);
    auto* load = new QPushButton(tr("&Load..."), this);
    auto* save = new QPushButton(tr("&Save..."), this);
    load->setObjectName(QStringLiteral("loadLabelSet"));
    save->setObjectName(QStringLiteral("saveLabelSet"));
    load->setToolTip(tr("Replace the classes with those of a label set file (.json)"));
    save->setToolTip(tr("Write the label set to a file (.json) for other projects and "
                        "kinemark-cli --label-set"));
    connect(load, &QPushButton::clicked, this, &LabelSetEditorDialog::askLoad);
    connect(save, &QPushButton::clicked, this, &LabelSetEditorDialog::askSave);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        readTable();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    // Editing the classes on the left, files on the right, then OK / Cancel:
    // six buttons in one row left each too little room.
    auto* actions = new QHBoxLayout;
    actions->addWidget(add);
    actions->addWidget(merge);
    actions->addStretch(1);
    actions->addWidget(load);
    actions->addWidget(save);
    layout->addLayout(actions);
    layout->addWidget(buttons);
    fillTable();
    resize(640, 420);
}

void LabelSetEditorDialog::fillTable()
{
    m_table->setRowCount(int(m_set.classes.size()));
    for (int row = 0; row < int(m_set.classes.size()); ++row) {
        const LabelClass& c = m_set.classes[size_t(row)];
        auto* id = new QTableWidgetItem(QString::number(c.id));
        id->setFlags(id->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(row, Id, id);
        m_table->setItem(row, Name, new QTableWidgetItem(c.name));
        auto* colour = new QTableWidgetItem(c.colour);
        colour->setFlags(colour->flags() & ~Qt::ItemIsEditable);
        colour->setBackground(QColor(c.colour.isEmpty() ? QStringLiteral("#999999") : c.colour));
        colour->setToolTip(tr("Double-click to choose a colour"));
        m_table->setItem(row, Colour, colour);
        m_table->setItem(row, Shortcut, new QTableWidgetItem(c.shortcut));
        auto* merged = new QTableWidgetItem(
            c.mergedInto == kUnlabelled ? QString() : m_set.className(c.mergedInto));
        merged->setFlags(merged->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(row, MergedInto, merged);
    }
}

void LabelSetEditorDialog::readTable()
{
    for (int row = 0; row < m_table->rowCount() && row < int(m_set.classes.size()); ++row) {
        LabelClass& c = m_set.classes[size_t(row)];
        c.name = m_table->item(row, Name)->text().trimmed();
        c.shortcut = m_table->item(row, Shortcut)->text().trimmed();
        c.colour = m_table->item(row, Colour)->text();
    }
}

void LabelSetEditorDialog::pickColour(int row)
{
    const QColor chosen = QColorDialog::getColor(QColor(m_table->item(row, Colour)->text()), this,
                                                 tr("Class Colour"));
    if (!chosen.isValid())
        return;
    m_table->item(row, Colour)->setText(chosen.name());
    m_table->item(row, Colour)->setBackground(chosen);
}

LabelSet LabelSetEditorDialog::labelSet() const
{
    return m_set;
}

void LabelSetEditorDialog::addClass(int32_t id, const QString& name, const QString& colour)
{
    readTable();
    if (m_set.find(id))
        return;
    m_set.classes.push_back(LabelClass{id, name, colour, QString(), kUnlabelled});
    fillTable();
}

void LabelSetEditorDialog::mergeClasses(int32_t from, int32_t to)
{
    readTable();
    if (from == to || !m_set.find(from) || !m_set.find(to))
        return;
    for (LabelClass& c : m_set.classes) {
        if (c.id == from) {
            c.mergedInto = to;
            c.shortcut.clear(); // the key now belongs to nothing; the target keeps its own
        }
        if (c.mergedInto == from)
            c.mergedInto = to; // classes merged earlier into `from` follow it
    }
    m_merges.emplace_back(from, to);
    fillTable();
}

void LabelSetEditorDialog::askAdd()
{
    int32_t next = 1;
    for (const LabelClass& c : m_set.classes)
        next = std::max(next, c.id + 1);
    bool ok = false;
    const int id =
        QInputDialog::getInt(this, tr("Add Class"), tr("Class id:"), next, 0, 1 << 30, 1, &ok);
    if (!ok)
        return;
    if (m_set.find(id)) {
        QMessageBox::information(this, tr("Add Class"),
                                 tr("The set already has a class %1.").arg(id));
        return;
    }
    const QString name = QInputDialog::getText(this, tr("Add Class"), tr("Name:"),
                                               QLineEdit::Normal, QString(), &ok);
    if (ok && !name.trimmed().isEmpty())
        addClass(id, name.trimmed(), QColor::fromHsv((id * 47) % 360, 160, 210).name());
}

void LabelSetEditorDialog::askMerge()
{
    QDialog ask(this);
    ask.setWindowTitle(tr("Merge Classes"));
    auto* from = new QComboBox(&ask);
    auto* to = new QComboBox(&ask);
    for (const LabelClass& c : m_set.classes)
        if (c.mergedInto == kUnlabelled) {
            from->addItem(QStringLiteral("%1  %2").arg(c.id).arg(c.name), c.id);
            to->addItem(QStringLiteral("%1  %2").arg(c.id).arg(c.name), c.id);
        }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &ask);
    connect(buttons, &QDialogButtonBox::accepted, &ask, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &ask, &QDialog::reject);
    auto* form = new QFormLayout(&ask);
    form->addRow(tr("Relabel every segment of"), from);
    form->addRow(tr("as"), to);
    form->addRow(buttons);
    if (ask.exec() == QDialog::Accepted)
        mergeClasses(from->currentData().toInt(), to->currentData().toInt());
}

// --- files ------------------------------------------------------------------------------------

QString LabelSetEditorDialog::lastDirectory()
{
    const QString dir = QSettings().value(QLatin1String(kDirectoryKey)).toString();
    return !dir.isEmpty() && QDir(dir).exists() ? dir : QDir::homePath();
}

void LabelSetEditorDialog::rememberDirectory(const QString& file)
{
    QSettings().setValue(QLatin1String(kDirectoryKey), QFileInfo(file).absolutePath());
}

void LabelSetEditorDialog::showError(const QString& title, const QString& text)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("labelSetFileError"));
    box.exec();
}

void LabelSetEditorDialog::askLoad()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load Label Set"), lastDirectory(),
                                                      tr("Label sets (*.json);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

void LabelSetEditorDialog::askSave()
{
    const QString suggested = QDir(lastDirectory()).filePath(m_set.id + QStringLiteral(".json"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Label Set"), suggested,
                                                      tr("Label sets (*.json)"));
    if (!path.isEmpty())
        saveFile(path);
}

bool LabelSetEditorDialog::loadFile(const QString& path)
{
    LabelSet loaded;
    try {
        loaded = LabelSetFile::read(path);
    } catch (const std::exception& e) {
        showError(tr("Load Label Set"), UserMessage::of(e));
        return false;
    }
    rememberDirectory(path);
    // Segments would keep ids the file does not name: refuse rather than leave "class 7".
    const std::vector<int32_t> missing = LabelSetFile::missingIds(loaded, m_usedIds);
    if (!missing.empty()) {
        QStringList named;
        for (int32_t id : missing)
            named << QStringLiteral("%1 (%2)").arg(id).arg(m_set.className(id));
        showError(tr("Load Label Set"),
                  tr("%1 lacks classes that segments of this project use: %2.\n\nAdd them to "
                     "the file, or add the file's classes here one by one.")
                      .arg(path, named.join(QStringLiteral(", "))));
        return false;
    }
    // The recordings name the set by its id, so it keeps the project's; the
    // file brings its name, description and classes. Merges chosen before the
    // load belong to the classes it replaced.
    loaded.id = m_set.id;
    m_set = loaded;
    m_merges.clear();
    setWindowTitle(tr("Label Set — %1").arg(m_set.name.isEmpty() ? m_set.id : m_set.name));
    fillTable();
    return true;
}

bool LabelSetEditorDialog::saveFile(const QString& path)
{
    readTable();
    try {
        // The same checks as reading: a file this dialog writes always loads again.
        LabelSetFile::parse(m_set.toJson(), path);
        LabelSetFile::write(m_set, path);
    } catch (const std::exception& e) {
        showError(tr("Save Label Set"), UserMessage::of(e));
        return false;
    }
    rememberDirectory(path);
    return true;
}

} // namespace kinemark
