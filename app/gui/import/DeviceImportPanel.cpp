#include "app/gui/import/DeviceImportPanel.h"
#include "core/base/UserMessage.h"

#include "core/io/devices/DeviceFileSupport.h"
#include "core/io/devices/DeviceRecordingBuilder.h"
#include "core/io/devices/DeviceTimeline.h"
#include "core/io/devices/SensorAlignment.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace kinemark {

namespace {
enum Column
{
    FileColumn,
    SensorColumn,
    OffsetColumn,
    InfoColumn
};
} // namespace

DeviceImportPanel::DeviceImportPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget(0, 4, this);
    m_table->setHorizontalHeaderLabels(
        {tr("File"), tr("Sensor"), tr("Offset (s)"), tr("Device, rate, start, length")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setMinimumHeight(110);
    layout->addWidget(m_table);

    auto* form = new QFormLayout;
    m_combine = new QCheckBox(
        tr("One recording: the files are sensors of one person on a common time base"), this);
    m_combine->setChecked(true);
    form->addRow(QString(), m_combine);
    auto* rateRow = new QHBoxLayout;
    m_rate = new QDoubleSpinBox(this);
    m_rate->setRange(1, 1000);
    m_rate->setDecimals(1);
    m_rate->setValue(50);
    m_rate->setSuffix(tr(" Hz"));
    m_method = new QComboBox(this);
    m_method->addItem(tr("linear interpolation"), int(UniformResampler::Method::Linear));
    m_method->addItem(tr("nearest sample"), int(UniformResampler::Method::Nearest));
    m_method->addItem(tr("mean over each period"), int(UniformResampler::Method::Mean));
    rateRow->addWidget(m_rate);
    rateRow->addWidget(m_method, 1);
    // The row holds a layout, so the label needs its buddy set for the mnemonic.
    auto* rateLabel = new QLabel(tr("Resample &to:"), this);
    rateLabel->setBuddy(m_rate);
    form->addRow(rateLabel, rateRow);
    // As on the CSV page: raw device counts drift with temperature and age, so
    // a study may calibrate every sensor from its still periods on import.
    m_calibrate = new QCheckBox(tr("Calibrate the accelerometers from their still periods"), this);
    m_calibrate->setObjectName(QStringLiteral("calibrate"));
    m_calibrate->setToolTip(
        tr("Fits each axis' offset and gain so that still periods measure 1 g (van Hees et al. "
           "2014); the calibration error before and after is in the import notes."));
    form->addRow(QString(), m_calibrate);
    auto* alignRow = new QHBoxLayout;
    m_suggest = new QPushButton(tr("&Suggest alignment"), this);
    m_suggest->setToolTip(tr("Cross-correlates the acceleration magnitude of every file with the "
                             "first one's and fills in the offsets."));
    alignRow->addWidget(m_suggest);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    alignRow->addWidget(m_status, 1);
    form->addRow(tr("Alignment:"), alignRow);
    layout->addLayout(form);

    connect(m_suggest, &QPushButton::clicked, this, &DeviceImportPanel::suggestAlignment);
    connect(&m_decodeWatcher, &QFutureWatcherBase::finished, this, [this] {
        m_decoded = m_decodeWatcher.result();
        showDecoded();
    });
    connect(&m_alignWatcher, &QFutureWatcherBase::finished, this, [this] {
        const QStringList results = m_alignWatcher.result();
        // One "offset|note" per file after the first.
        QStringList notes;
        for (int i = 0; i < results.size(); ++i) {
            const QStringList parts = results[i].split(QLatin1Char('|'));
            if (parts.value(0) != QLatin1String("-") && m_table->item(i + 1, OffsetColumn))
                m_table->item(i + 1, OffsetColumn)->setText(parts.value(0));
            notes << QStringLiteral("%1: %2").arg(m_table->item(i + 1, SensorColumn)->text(),
                                                  parts.value(1));
        }
        setBusy(false, notes.join(QStringLiteral("; ")));
    });
    connect(m_combine, &QCheckBox::toggled, this, [this] { setBusy(false, m_status->text()); });
}

DeviceImportPanel::~DeviceImportPanel()
{
    m_decodeWatcher.waitForFinished();
    m_alignWatcher.waitForFinished();
}

void DeviceImportPanel::setFiles(const QStringList& files, RecordingImporter::Format format)
{
    if (files == m_files && format == m_format)
        return;
    m_files = files;
    m_format = format;
    m_decoded.clear();
    m_table->setRowCount(0);
    const QStringList defaults = {QStringLiteral("back"), QStringLiteral("thigh")};
    for (int i = 0; i < files.size(); ++i) {
        m_table->insertRow(i);
        auto* file = new QTableWidgetItem(QFileInfo(files[i]).fileName());
        file->setFlags(file->flags() & ~Qt::ItemIsEditable);
        file->setToolTip(files[i]);
        m_table->setItem(i, FileColumn, file);
        m_table->setItem(i, SensorColumn,
                         new QTableWidgetItem(files.size() <= 2
                                                  ? defaults[i]
                                                  : QStringLiteral("sensor%1").arg(i + 1)));
        m_table->setItem(i, OffsetColumn, new QTableWidgetItem(QStringLiteral("0")));
        auto* info = new QTableWidgetItem(tr("reading…"));
        info->setFlags(info->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(i, InfoColumn, info);
    }
    m_suggest->setEnabled(false);
    if (!files.isEmpty())
        decodeFiles();
}

void DeviceImportPanel::decodeFiles()
{
    m_decodeWatcher.waitForFinished();
    setBusy(true, tr("Reading the files…"));
    const QStringList files = m_files;
    const RecordingImporter::Format format = m_format;
    m_decodeWatcher.setFuture(QtConcurrent::run([files, format] {
        std::vector<Decoded> out;
        for (const QString& f : files) {
            Decoded d;
            try {
                d.samples =
                    std::make_shared<DeviceSamples>(RecordingImporter::readDevice(f, format));
            } catch (const std::exception& e) {
                d.error = UserMessage::of(e);
            }
            out.push_back(std::move(d));
        }
        return out;
    }));
}

void DeviceImportPanel::showDecoded()
{
    bool allGood = !m_decoded.empty();
    for (size_t i = 0; i < m_decoded.size() && int(i) < m_table->rowCount(); ++i) {
        const Decoded& d = m_decoded[i];
        QTableWidgetItem* info = m_table->item(int(i), InfoColumn);
        if (!d.samples) {
            info->setText(d.error);
            info->setForeground(QColor(0xb0, 0x00, 0x20));
            allGood = false;
            continue;
        }
        const DeviceTimeline tl(*d.samples);
        const double hours = (tl.endTime() - tl.startTime()) / 3600.0;
        QString text = tr("%1, %2 Hz, from %3, %4 h")
                           .arg(d.samples->device)
                           .arg(d.samples->nominalRateHz)
                           .arg(DeviceFileSupport::formatSeconds(tl.startTime()).left(19))
                           .arg(hours, 0, 'f', 2);
        if (!d.samples->bodyLocation.isEmpty())
            text += tr(", worn at %1").arg(d.samples->bodyLocation);
        if (!d.samples->skipped.empty())
            text += tr(", %n damaged block(s) skipped", nullptr, int(d.samples->skipped.size()));
        if (tl.breakCount() > 0)
            text += tr(", %n gap(s)", nullptr, tl.breakCount());
        info->setText(text);
        info->setToolTip(text);
        // A body location the device knows is a better default than "back"/"thigh".
        const QString location = DeviceRecordingBuilder::sensorNameFor(*d.samples, QString());
        if (!location.isEmpty() && m_files.size() == 1)
            m_table->item(int(i), SensorColumn)->setText(location);
    }
    m_table->resizeColumnToContents(FileColumn);
    setBusy(false, allGood ? QString() : tr("Some files cannot be read; see the table."));
}

void DeviceImportPanel::suggestAlignment()
{
    if (m_decoded.size() < 2)
        return;
    setBusy(true, tr("Cross-correlating acceleration magnitudes…"));
    std::vector<std::shared_ptr<DeviceSamples>> samples;
    std::vector<double> offsets;
    for (size_t i = 0; i < m_decoded.size(); ++i) {
        samples.push_back(m_decoded[i].samples);
        offsets.push_back(m_table->item(int(i), OffsetColumn)->text().toDouble());
    }
    m_alignWatcher.setFuture(QtConcurrent::run([samples, offsets] {
        QStringList out;
        const DeviceTimeline reference(*samples[0]);
        for (size_t i = 1; i < samples.size(); ++i) {
            const auto s =
                SensorAlignment::suggest(*samples[0], reference, *samples[i],
                                         DeviceTimeline(*samples[i]), offsets[i] - offsets[0]);
            out << (s.found ? QString::number(offsets[0] + s.offsetS, 'f', 3)
                            : QStringLiteral("-")) +
                       QLatin1Char('|') + s.note;
        }
        return out;
    }));
}

void DeviceImportPanel::setBusy(bool busy, const QString& text)
{
    m_status->setText(text);
    bool decoded = m_decoded.size() == size_t(m_files.size()) && m_files.size() > 1;
    for (const Decoded& d : m_decoded)
        decoded = decoded && d.samples;
    const bool running = m_decodeWatcher.isRunning() || m_alignWatcher.isRunning();
    m_suggest->setEnabled(!busy && !running && decoded && m_combine->isChecked());
}

DeviceImportOptions DeviceImportPanel::options() const
{
    DeviceImportOptions o;
    o.rateHz = m_rate->value();
    o.method = UniformResampler::Method(m_method->currentData().toInt());
    o.calibration.enabled = m_calibrate->isChecked();
    for (int r = 0; r < m_table->rowCount(); ++r) {
        bool ok = false;
        const double offset = m_table->item(r, OffsetColumn)->text().toDouble(&ok);
        if (!ok)
            throw std::invalid_argument(tr("The offset of %1 is not a number of seconds.")
                                            .arg(m_table->item(r, FileColumn)->text())
                                            .toStdString());
        o.offsetsS.push_back(offset);
        const QString name = m_table->item(r, SensorColumn)->text().trimmed();
        if (m_combine->isChecked()) {
            if (name.isEmpty() || o.sensorNames.contains(name))
                throw std::invalid_argument(
                    tr("Give every file its own sensor name.").toStdString());
            o.sensorNames << name;
        }
    }
    return o;
}

void DeviceImportPanel::restoreSettings()
{
    QSettings s;
    s.beginGroup(QStringLiteral("import/devices"));
    m_rate->setValue(s.value("rate", 50.0).toDouble());
    m_method->setCurrentIndex(std::max(0, m_method->findData(s.value("method", 0).toInt())));
    m_combine->setChecked(s.value("combine", true).toBool());
    m_calibrate->setChecked(s.value("calibrate", false).toBool());
}

void DeviceImportPanel::saveSettings() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("import/devices"));
    s.setValue("rate", m_rate->value());
    s.setValue("method", m_method->currentData());
    s.setValue("combine", m_combine->isChecked());
    s.setValue("calibrate", m_calibrate->isChecked());
}

} // namespace kinemark
