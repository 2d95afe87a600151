#include "app/gui/import/ImportDialog.h"
#include "core/base/UserMessage.h"

#include "app/gui/import/DeviceImportPanel.h"
#include "core/io/CsvDialect.h"
#include "core/io/CsvPreview.h"
#include "core/labels/LabelMapFile.h"
#include "core/labels/LabelSetFile.h"
#include "core/labels/TextLabelDictionary.h"
#include "core/model/LabelSet.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kinemark {

namespace {
constexpr int kPreviewRows = 20;
} // namespace

ImportDialog::ImportDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Import Recording"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(createSourceRows());
    layout->addWidget(createMappingBox());
    layout->addWidget(createDeviceBox());
    addPreviewAndButtons(layout);
    // Connected once every control exists: filling the combo boxes signals too.
    connectMappingControls();
    restoreSettings();
    m_devicePanel->restoreSettings();
    m_countsPerG->setEnabled(m_unit->currentData().toInt() == int(ColumnMapping::Unit::Counts));
    updateMappingEnabled();
    resize(720, 820);
}

QLayout* ImportDialog::createSourceRows()
{
    auto* source = new QFormLayout;
    auto* pathRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    auto* fileButton = new QPushButton(tr("File…"), this);
    auto* folderButton = new QPushButton(tr("Folder…"), this);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(fileButton);
    pathRow->addWidget(folderButton);
    auto* sourceLabel = new QLabel(tr("&Source:"), this);
    sourceLabel->setBuddy(m_path);
    source->addRow(sourceLabel, pathRow);
    m_format = new QComboBox(this);
    m_format->addItem(tr("Detect"), int(RecordingImporter::Format::Auto));
    m_format->addItem(tr("HAPT raw folder"), int(RecordingImporter::Format::Hapt));
    m_format->addItem(tr("HARTH CSV"), int(RecordingImporter::Format::Harth));
    m_format->addItem(tr("HAR70+ CSV"), int(RecordingImporter::Format::Har70Plus));
    m_format->addItem(tr("Generic delimited text"), int(RecordingImporter::Format::Csv));
    m_format->addItem(tr("Axivity .cwa (AX3, AX6)"), int(RecordingImporter::Format::Cwa));
    m_format->addItem(tr("ActiGraph .gt3x"), int(RecordingImporter::Format::Gt3x));
    m_format->addItem(tr("GENEActiv .bin"), int(RecordingImporter::Format::GeneActiv));
    source->addRow(tr("F&ormat:"), m_format);
    connect(fileButton, &QPushButton::clicked, this, &ImportDialog::browseFile);
    connect(folderButton, &QPushButton::clicked, this, &ImportDialog::browseFolder);
    return source;
}

QWidget* ImportDialog::createMappingBox()
{
    m_mappingBox = new QGroupBox(tr("Column mapping (generic delimited text)"), this);
    auto* mapping = new QFormLayout(m_mappingBox);
    m_delimiter = new QComboBox(this);
    m_delimiter->addItem(tr("Detect"), 0);
    m_delimiter->addItem(tr("Comma"), int(','));
    m_delimiter->addItem(tr("Semicolon"), int(';'));
    m_delimiter->addItem(tr("Tab"), int('\t'));
    m_delimiter->addItem(tr("Space"), int(' '));
    mapping->addRow(tr("&Delimiter:"), m_delimiter);
    m_header = new QCheckBox(tr("First line holds column names"), this);
    m_header->setChecked(true);
    mapping->addRow(QString(), m_header);
    m_skipLines = new QSpinBox(this);
    m_skipLines->setRange(0, 1000);
    mapping->addRow(tr("S&kip lines:"), m_skipLines);
    m_timeColumn = new QLineEdit(this);
    m_timeColumn->setPlaceholderText(tr("name or number; empty: none"));
    mapping->addRow(tr("&Time column:"), m_timeColumn);
    m_timeFormat = new QComboBox(this);
    m_timeFormat->addItem(tr("Detect"), int(ColumnMapping::TimeFormat::Auto));
    m_timeFormat->addItem(tr("Date and time"), int(ColumnMapping::TimeFormat::DateTime));
    m_timeFormat->addItem(tr("Unix seconds"), int(ColumnMapping::TimeFormat::UnixSeconds));
    m_timeFormat->addItem(tr("Unix milliseconds"),
                          int(ColumnMapping::TimeFormat::UnixMilliseconds));
    m_timeFormat->addItem(tr("Seconds from start"),
                          int(ColumnMapping::TimeFormat::RelativeSeconds));
    mapping->addRow(tr("Time &format:"), m_timeFormat);
    m_rate = new QDoubleSpinBox(this);
    m_rate->setRange(0, 100000);
    m_rate->setDecimals(3);
    m_rate->setSuffix(tr(" Hz"));
    m_rate->setSpecialValueText(tr("from time stamps"));
    mapping->addRow(tr("Sampling &rate:"), m_rate);
    mapping->addRow(tr("Sensors:"), createSensorTable());
    m_unit = new QComboBox(this);
    m_unit->addItem(tr("g"), int(ColumnMapping::Unit::G));
    m_unit->addItem(tr("m/s²"), int(ColumnMapping::Unit::MetresPerSecond2));
    m_unit->addItem(tr("raw counts"), int(ColumnMapping::Unit::Counts));
    mapping->addRow(tr("&Unit:"), m_unit);
    m_countsPerG = new QDoubleSpinBox(this);
    m_countsPerG->setRange(0, 1e6);
    m_countsPerG->setValue(256);
    // 0: the scale is unknown; calibration estimates it from the still periods.
    m_countsPerG->setSpecialValueText(tr("unknown: estimate by calibration"));
    mapping->addRow(tr("Counts per g:"), m_countsPerG);
    m_calibrate = new QCheckBox(tr("Calibrate the accelerometers from their still periods"), this);
    m_calibrate->setObjectName(QStringLiteral("calibrate"));
    m_calibrate->setToolTip(
        tr("Fits each axis' offset and gain so that still periods measure 1 g (van Hees et al. "
           "2014); the calibration error before and after is in the import notes."));
    mapping->addRow(QString(), m_calibrate);
    m_labelColumn = new QLineEdit(this);
    m_labelColumn->setPlaceholderText(tr("name or number; empty: no ground truth"));
    mapping->addRow(tr("&Label column:"), m_labelColumn);
    m_labelsFound = new QLabel(this);
    m_labelsFound->setObjectName(QStringLiteral("labelsFound"));
    m_labelsFound->setWordWrap(true);
    mapping->addRow(QString(), m_labelsFound);
    // Text labels: a map onto class ids, and the values that mean no label.
    auto* labelTextRow = new QHBoxLayout;
    m_labelMap = new QLineEdit(this);
    m_labelMap->setPlaceholderText(tr("label map file: text,class_id[,name]"));
    auto* chooseMap = new QPushButton(tr("Map…"), this);
    chooseMap->setToolTip(tr("A CSV of text,class_id[,name] lines or JSON {\"text\": id}: "
                             "which class each label text stands for (-1: no label)"));
    m_unlabelled = new QLineEdit(this);
    m_unlabelled->setPlaceholderText(tr("no label: e.g. 0,null"));
    m_unlabelled->setToolTip(tr("Label values that mean no label, comma separated; an empty "
                                "field always does"));
    labelTextRow->addWidget(m_labelMap, 3);
    labelTextRow->addWidget(chooseMap);
    labelTextRow->addWidget(m_unlabelled, 2);
    auto* labelTextLabel = new QLabel(tr("Label &texts:"), this);
    labelTextLabel->setBuddy(m_labelMap);
    mapping->addRow(labelTextLabel, labelTextRow);
    connect(chooseMap, &QPushButton::clicked, this, [this] {
        const QString dir = QSettings().value(QStringLiteral("import/labelSetDir")).toString();
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Label Map"), dir, tr("Label maps (*.csv *.json *.txt);;All files (*)"));
        if (!file.isEmpty()) {
            m_labelMap->setText(file);
            updatePreview();
        }
    });
    m_labelSet = new QComboBox(this);
    for (const QString& id : LabelSet::builtinIds())
        m_labelSet->addItem(LabelSet::builtin(id).name, id);
    // Empty id: the label texts become the classes of a new set named after the recording.
    m_labelSet->addItem(tr("New set from the label texts"), QString());
    auto* labelSetRow = new QHBoxLayout;
    labelSetRow->addWidget(m_labelSet, 1);
    auto* loadLabelSet = new QPushButton(tr("Load…"), this);
    loadLabelSet->setObjectName(QStringLiteral("loadLabelSetFile"));
    loadLabelSet->setToolTip(tr("A label set file (.json) with your own classes, as written by "
                                "Edit › Label Set… › Save or kinemark-cli labels set "
                                "export"));
    labelSetRow->addWidget(loadLabelSet);
    connect(loadLabelSet, &QPushButton::clicked, this, &ImportDialog::browseLabelSet);
    // A row of two widgets: the label needs its buddy named for the mnemonic.
    auto* labelSetLabel = new QLabel(tr("Label &set:"), this);
    labelSetLabel->setBuddy(m_labelSet);
    mapping->addRow(labelSetLabel, labelSetRow);
    m_markGaps = new QCheckBox(tr("Fill gaps in the time stamps and leave them unlabelled"), this);
    mapping->addRow(QString(), m_markGaps);
    m_subject = new QLineEdit(this);
    m_subject->setPlaceholderText(tr("default: the file name"));
    mapping->addRow(tr("Su&bject:"), m_subject);
    return m_mappingBox;
}

QLayout* ImportDialog::createSensorTable()
{
    m_sensors = new QTableWidget(0, 3, this);
    m_sensors->setHorizontalHeaderLabels({tr("Sensor"), tr("Quantity"), tr("Axis columns")});
    m_sensors->horizontalHeader()->setStretchLastSection(true);
    m_sensors->verticalHeader()->setVisible(false);
    m_sensors->setMaximumHeight(110);
    auto* sensorButtons = new QHBoxLayout;
    auto* addSensor = new QPushButton(tr("Add sensor"), this);
    auto* removeSensor = new QPushButton(tr("Remove sensor"), this);
    sensorButtons->addWidget(addSensor);
    sensorButtons->addWidget(removeSensor);
    sensorButtons->addStretch();
    auto* sensorsBox = new QVBoxLayout;
    sensorsBox->addWidget(m_sensors);
    sensorsBox->addLayout(sensorButtons);
    connect(addSensor, &QPushButton::clicked, this,
            [this] { addSensorRow(QString(), QStringLiteral("acc"), QString()); });
    connect(removeSensor, &QPushButton::clicked, this, [this] {
        if (m_sensors->currentRow() >= 0)
            m_sensors->removeRow(m_sensors->currentRow());
    });
    return sensorsBox;
}

QWidget* ImportDialog::createDeviceBox()
{
    m_deviceBox = new QGroupBox(tr("Device files"), this);
    auto* deviceLayout = new QVBoxLayout(m_deviceBox);
    m_devicePanel = new DeviceImportPanel(m_deviceBox);
    deviceLayout->addWidget(m_devicePanel);
    return m_deviceBox;
}

void ImportDialog::addPreviewAndButtons(QVBoxLayout* layout)
{
    m_previewLabel = new QLabel(tr("First rows of the file:"), this);
    layout->addWidget(m_previewLabel);
    m_preview = new QTableWidget(this);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setMinimumHeight(140);
    layout->addWidget(m_preview, 1);
    m_message = new QLabel(this);
    m_message->setStyleSheet(QStringLiteral("color: #b00020"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ImportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ImportDialog::connectMappingControls()
{
    connect(m_path, &QLineEdit::editingFinished, this, [this] {
        detectHeader();
        updatePreview();
    });
    connect(m_format, &QComboBox::currentIndexChanged, this, &ImportDialog::updateMappingEnabled);
    connect(m_delimiter, &QComboBox::currentIndexChanged, this, &ImportDialog::updatePreview);
    connect(m_header, &QCheckBox::toggled, this, &ImportDialog::updatePreview);
    connect(m_skipLines, &QSpinBox::valueChanged, this, &ImportDialog::updatePreview);
    connect(m_labelColumn, &QLineEdit::editingFinished, this, &ImportDialog::updatePreview);
    connect(m_unlabelled, &QLineEdit::editingFinished, this, &ImportDialog::updatePreview);
    connect(m_labelMap, &QLineEdit::editingFinished, this, &ImportDialog::updatePreview);
    connect(m_labelSet, &QComboBox::currentIndexChanged, this, &ImportDialog::updatePreview);
    connect(m_unit, &QComboBox::currentIndexChanged, this, [this] {
        m_countsPerG->setEnabled(m_unit->currentData().toInt() == int(ColumnMapping::Unit::Counts));
    });
}

void ImportDialog::addSensorRow(const QString& name, const QString& quantity,
                                const QString& columns)
{
    const int row = m_sensors->rowCount();
    m_sensors->insertRow(row);
    m_sensors->setItem(row, 0, new QTableWidgetItem(name));
    m_sensors->setItem(row, 1, new QTableWidgetItem(quantity));
    m_sensors->setItem(row, 2, new QTableWidgetItem(columns));
}

void ImportDialog::setPaths(const QStringList& paths)
{
    if (paths.size() == 1) {
        setPath(paths.first());
        return;
    }
    m_path->setText(paths.join(QStringLiteral("; ")));
    const RecordingImporter::Format detected = paths.isEmpty()
                                                   ? RecordingImporter::Format::Auto
                                                   : RecordingImporter::detect(paths.first());
    const int index = m_format->findData(int(detected));
    if (index >= 0 && detected != RecordingImporter::Format::Auto)
        m_format->setCurrentIndex(index);
    updateMappingEnabled();
}

QStringList ImportDialog::paths() const
{
    QStringList out;
    for (const QString& p : m_path->text().split(QLatin1Char(';'), Qt::SkipEmptyParts))
        if (!p.trimmed().isEmpty())
            out << p.trimmed();
    return out;
}

bool ImportDialog::isDeviceImport() const
{
    RecordingImporter::Format f = format();
    if (f == RecordingImporter::Format::Auto && !paths().isEmpty())
        f = RecordingImporter::detect(paths().first());
    return RecordingImporter::isDeviceFormat(f);
}

DeviceImportOptions ImportDialog::deviceOptions() const
{
    return m_devicePanel->options();
}

void ImportDialog::setPath(const QString& path)
{
    m_path->setText(path);
    const RecordingImporter::Format detected = RecordingImporter::detect(path);
    const int index = m_format->findData(int(detected));
    if (index >= 0 && detected != RecordingImporter::Format::Auto)
        m_format->setCurrentIndex(index);
    detectHeader();
    updatePreview();
}

void ImportDialog::detectHeader()
{
    // A new file's header is decided as the reader would; the box can still
    // be changed by hand afterwards (and is then what the import uses).
    if (path().isEmpty() || QFileInfo(path()).isDir() || isDeviceImport())
        return;
    try {
        const CsvPreview p = CsvPreview::read(path(), m_skipLines->value(), delimiter(), true, 5);
        if (!p.rows.isEmpty() || !p.names.isEmpty()) {
            const QSignalBlocker quiet(m_header);
            m_header->setChecked(p.headerDetected);
        }
    } catch (const std::exception&) {
        // updatePreview says what is wrong with the file.
    }
}

QString ImportDialog::path() const
{
    return m_path->text().trimmed();
}

RecordingImporter::Format ImportDialog::format() const
{
    return RecordingImporter::Format(m_format->currentData().toInt());
}

void ImportDialog::browseFile()
{
    const QString dir = QSettings().value(QStringLiteral("import/lastDir")).toString();
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import Recording"), dir,
        tr("Recordings (*.csv *.txt *.tsv *.cwa *.gt3x *.bin);;Device files (*.cwa *.gt3x *.bin);;"
           "Text recordings (*.csv *.txt *.tsv);;All files (*)"));
    if (files.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("import/lastDir"), QFileInfo(files.first()).absolutePath());
    setPaths(files);
}

void ImportDialog::browseFolder()
{
    const QString dir = QSettings().value(QStringLiteral("import/lastDir")).toString();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Import Folder"), dir);
    if (folder.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("import/lastDir"), folder);
    setPath(folder);
}

void ImportDialog::updateMappingEnabled()
{
    m_mappingBox->setEnabled(format() == RecordingImporter::Format::Csv);
    // Device files are binary: their panel replaces the text preview.
    const bool device = isDeviceImport();
    m_deviceBox->setVisible(device);
    m_mappingBox->setVisible(!device);
    m_previewLabel->setVisible(!device);
    m_preview->setVisible(!device);
    if (device)
        m_devicePanel->setFiles(paths(), format());
}

char ImportDialog::delimiter() const
{
    return char(m_delimiter->currentData().toInt());
}

void ImportDialog::updatePreview()
{
    m_preview->clear();
    m_preview->setRowCount(0);
    m_preview->setColumnCount(0);
    m_message->clear();
    m_labelsFound->clear();
    m_previewLabel->setText(tr("First rows of the file:"));
    updateMappingEnabled();
    if (path().isEmpty() || QFileInfo(path()).isDir() || isDeviceImport())
        return;
    CsvPreview p;
    try {
        p = CsvPreview::read(path(), m_skipLines->value(), delimiter(), m_header->isChecked(),
                             kPreviewRows);
    } catch (const std::exception& e) {
        m_message->setText(UserMessage::of(e));
        return;
    }
    if (p.rows.isEmpty() && p.names.isEmpty())
        return;
    const QString d = CsvDialect::describeDelimiter(p.delimiter);
    QStringList decided;
    decided << (p.delimiterDetected ? tr("delimiter %1").arg(d)
                                    : tr("delimiter %1 (chosen)").arg(d));
    decided << (m_header->isChecked() ? tr("header") : tr("no header"));
    decided << tr("%1 columns").arg(p.columns);
    if (p.terminator)
        decided << tr("lines end with '%1' (ignored)").arg(QLatin1Char(p.terminator));
    decided << (p.decimalComma ? tr("decimal comma") : tr("decimal point"));
    m_previewLabel->setText(tr("First rows as read: %1").arg(decided.join(QStringLiteral(", "))));
    m_preview->setColumnCount(p.columns);
    QStringList headers;
    for (int c = 0; c < p.columns; ++c)
        headers << (c < p.names.size() && !p.names[c].isEmpty()
                        ? QStringLiteral("%1: %2").arg(c + 1).arg(p.names[c])
                        : QString::number(c + 1));
    m_preview->setHorizontalHeaderLabels(headers);
    m_preview->setRowCount(int(p.rows.size()));
    for (int r = 0; r < p.rows.size(); ++r)
        for (int c = 0; c < p.rows[r].size(); ++c)
            m_preview->setItem(r, c, new QTableWidgetItem(p.rows[r][c]));
    m_preview->resizeColumnsToContents();
    describeLabels(p.names, p.rows);
}

void ImportDialog::describeLabels(const QStringList& names, const QList<QStringList>& rows)
{
    const QString column = m_labelColumn->text().trimmed();
    if (column.isEmpty())
        return;
    bool isNumber = false;
    int index = column.toInt(&isNumber) - 1;
    if (!isNumber)
        index = int(names.indexOf(column));
    if (index < 0) {
        m_labelsFound->setText(tr("No column '%1' in the file.").arg(column));
        return;
    }
    QStringList values;
    for (const QStringList& row : rows)
        if (index < row.size() && !values.contains(row[index]))
            values << row[index];
    // What the reader will make of them, by its own rules (TextLabelDictionary).
    ColumnMapping m;
    try {
        fillLabels(&m);
    } catch (const std::exception& e) {
        m_message->setText(UserMessage::of(e));
        m.labelMap.clear();
    }
    const QStringList becomes = TextLabelDictionary::describe(values, m);
    QStringList described;
    for (int i = 0; i < values.size(); ++i)
        described << QStringLiteral("'%1' → %2").arg(values[i], becomes[i]);
    m_labelsFound->setText(
        tr("Labels in these rows: %1").arg(described.join(QStringLiteral("; "))));
}

ColumnMapping ImportDialog::mapping() const
{
    ColumnMapping m;
    m.delimiter = delimiter();
    m.hasHeader = m_header->isChecked();
    m.skipLines = m_skipLines->value();
    m.timeColumn = m_timeColumn->text().trimmed();
    m.timeFormat = ColumnMapping::TimeFormat(m_timeFormat->currentData().toInt());
    m.sampleRateHz = m_rate->value();
    for (int r = 0; r < m_sensors->rowCount(); ++r) {
        ColumnMapping::SensorColumns s;
        s.sensor = m_sensors->item(r, 0) ? m_sensors->item(r, 0)->text().trimmed() : QString();
        s.quantity =
            m_sensors->item(r, 1) ? m_sensors->item(r, 1)->text().trimmed() : QStringLiteral("acc");
        const QString cols = m_sensors->item(r, 2) ? m_sensors->item(r, 2)->text() : QString();
        for (const QString& c : cols.split(QLatin1Char(','), Qt::SkipEmptyParts))
            s.columns << c.trimmed();
        if (s.sensor.isEmpty() || s.columns.isEmpty())
            throw std::invalid_argument(
                tr("Sensor row %1 needs a name and its axis columns.").arg(r + 1).toStdString());
        if (s.quantity.isEmpty())
            s.quantity = QStringLiteral("acc");
        m.sensors.push_back(s);
    }
    if (m.sensors.empty())
        throw std::invalid_argument(
            tr("Add at least one sensor with its axis columns.").toStdString());
    if (m.timeColumn.isEmpty() && !(m.sampleRateHz > 0))
        throw std::invalid_argument(
            tr("Without a time column, give the sampling rate.").toStdString());
    fillLabels(&m);
    if ((!m.labelMap.empty() || !m.unlabelledValues.isEmpty()) && m.labelColumn.isEmpty())
        throw std::invalid_argument(
            tr("A label map or values meaning no label need a label column.").toStdString());
    m.unit = ColumnMapping::Unit(m_unit->currentData().toInt());
    m.countsPerG = m_countsPerG->value();
    m.calibration.enabled = m_calibrate->isChecked();
    if (m.unit == ColumnMapping::Unit::Counts && !(m.countsPerG > 0)) {
        if (!m.calibration.enabled)
            throw std::invalid_argument(tr("Give the counts per g, or calibrate the "
                                           "accelerometers to estimate it from the recording.")
                                            .toStdString());
        m.calibration.unknownScale = true;
        m.countsPerG = 1.0;
    }
    m.gapPolicy = m_markGaps->isChecked() ? ColumnMapping::GapPolicy::MarkGap
                                          : ColumnMapping::GapPolicy::Error;
    m.subjectId = m_subject->text().trimmed();
    return m;
}

void ImportDialog::fillLabels(ColumnMapping* m) const
{
    m->labelColumn = m_labelColumn->text().trimmed();
    m->labelSetId = m_labelSet->currentData().toString();
    if (const std::optional<LabelSet> file = labelSetFromFile()) {
        m->labelSetId = file->id;
        m->projectClasses = file->classes; // the label column is read against the file's classes
    }
    for (const QString& v : m_unlabelled->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        m->unlabelledValues << v.trimmed();
    if (!m_labelMap->text().trimmed().isEmpty()) {
        try {
            m->labelMap = LabelMapFile::read(m_labelMap->text().trimmed());
        } catch (const std::exception& e) {
            throw std::invalid_argument(UserMessage::of(e).toStdString());
        }
    }
}

void ImportDialog::browseLabelSet()
{
    const QString dir = QSettings().value(QStringLiteral("import/labelSetDir")).toString();
    const QString file = QFileDialog::getOpenFileName(this, tr("Load Label Set"), dir,
                                                      tr("Label sets (*.json);;All files (*)"));
    if (!file.isEmpty())
        loadLabelSetFile(file);
}

bool ImportDialog::loadLabelSetFile(const QString& path)
{
    LabelSet set;
    try {
        set = LabelSetFile::read(path);
    } catch (const std::exception& e) {
        m_message->setText(UserMessage::of(e));
        return false;
    }
    QSettings().setValue(QStringLiteral("import/labelSetDir"), QFileInfo(path).absolutePath());
    m_labelSetFiles.insert(path, set);
    int index = m_labelSet->findData(path);
    if (index < 0) {
        m_labelSet->addItem(tr("%1 (%2)").arg(set.name, QFileInfo(path).fileName()), path);
        index = m_labelSet->count() - 1;
    }
    m_labelSet->setItemData(index, path, Qt::ToolTipRole);
    m_labelSet->setCurrentIndex(index);
    m_message->clear();
    return true;
}

std::optional<LabelSet> ImportDialog::labelSetFromFile() const
{
    const QString key = m_labelSet->currentData().toString();
    if (m_labelSetFiles.contains(key))
        return m_labelSetFiles.value(key);
    return std::nullopt;
}

void ImportDialog::accept()
{
    if (isDeviceImport()) {
        for (const QString& p : paths()) {
            if (!QFileInfo(p).isFile()) {
                m_message->setText(tr("%1 is not a file.").arg(p));
                return;
            }
        }
        try {
            (void)deviceOptions();
        } catch (const std::invalid_argument& e) {
            m_message->setText(UserMessage::of(e));
            return;
        }
        saveSettings();
        m_devicePanel->saveSettings();
        QDialog::accept();
        return;
    }
    if (path().isEmpty() || !QFileInfo::exists(path())) {
        m_message->setText(tr("Choose a file or folder that exists."));
        return;
    }
    if (format() == RecordingImporter::Format::Csv) {
        try {
            (void)mapping();
        } catch (const std::invalid_argument& e) {
            m_message->setText(UserMessage::of(e));
            return;
        }
    }
    saveSettings();
    QDialog::accept();
}

void ImportDialog::restoreSettings()
{
    QSettings s;
    s.beginGroup(QStringLiteral("import"));
    m_format->setCurrentIndex(std::max(0, m_format->findData(s.value("format", 0).toInt())));
    m_delimiter->setCurrentIndex(
        std::max(0, m_delimiter->findData(s.value("delimiter", 0).toInt())));
    m_header->setChecked(s.value("header", true).toBool());
    m_timeColumn->setText(s.value("timeColumn").toString());
    m_timeFormat->setCurrentIndex(
        std::max(0, m_timeFormat->findData(s.value("timeFormat", 0).toInt())));
    m_rate->setValue(s.value("rate", 0.0).toDouble());
    m_unit->setCurrentIndex(std::max(0, m_unit->findData(s.value("unit", 0).toInt())));
    m_countsPerG->setValue(s.value("countsPerG", 256.0).toDouble());
    m_labelColumn->setText(s.value("labelColumn").toString());
    // A label set file chosen last time comes back while it still reads.
    const QString labelSet = s.value("labelSet", "harth").toString();
    if (LabelSetFile::namesFile(labelSet) && QFileInfo(labelSet).isFile()) {
        try {
            const LabelSet set = LabelSetFile::read(labelSet);
            m_labelSetFiles.insert(labelSet, set);
            m_labelSet->addItem(tr("%1 (%2)").arg(set.name, QFileInfo(labelSet).fileName()),
                                labelSet);
        } catch (const std::exception&) {
            // Changed or broken since: the built-in default stands.
        }
    }
    m_labelSet->setCurrentIndex(std::max(0, m_labelSet->findData(labelSet)));
    m_calibrate->setChecked(s.value("calibrate", false).toBool());
    m_unlabelled->setText(s.value("unlabelled").toString());
    m_labelMap->setText(s.value("labelMap").toString());
    const QStringList sensors = s.value("sensors").toStringList();
    for (const QString& spec : sensors) {
        const QStringList parts = spec.split(QLatin1Char('|'));
        if (parts.size() == 3)
            addSensorRow(parts[0], parts[1], parts[2]);
    }
    if (sensors.isEmpty())
        addSensorRow(QStringLiteral("thigh"), QStringLiteral("acc"), QStringLiteral("2,3,4"));
}

void ImportDialog::saveSettings() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("import"));
    s.setValue("format", m_format->currentData());
    s.setValue("delimiter", m_delimiter->currentData());
    s.setValue("header", m_header->isChecked());
    s.setValue("timeColumn", m_timeColumn->text());
    s.setValue("timeFormat", m_timeFormat->currentData());
    s.setValue("rate", m_rate->value());
    s.setValue("unit", m_unit->currentData());
    s.setValue("countsPerG", m_countsPerG->value());
    s.setValue("labelColumn", m_labelColumn->text());
    s.setValue("labelSet", m_labelSet->currentData());
    s.setValue("calibrate", m_calibrate->isChecked());
    s.setValue("unlabelled", m_unlabelled->text());
    s.setValue("labelMap", m_labelMap->text());
    QStringList sensors;
    for (int r = 0; r < m_sensors->rowCount(); ++r) {
        QStringList parts;
        for (int c = 0; c < 3; ++c)
            parts << (m_sensors->item(r, c) ? m_sensors->item(r, c)->text() : QString());
        sensors << parts.join(QLatin1Char('|'));
    }
    s.setValue("sensors", sensors);
}

} // namespace kinemark
