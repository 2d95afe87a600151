#pragma once

#include "core/io/RecordingImporter.h"
#include "core/io/devices/DeviceImportOptions.h"
#include "core/io/devices/DeviceSamples.h"

#include <QFutureWatcher>
#include <QWidget>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace kinemark {

// The import dialog's part for native device files (.cwa, .gt3x, GENEActiv
// .bin): one row per file with its sensor name, clock offset and what the file
// says about itself (device, rate, first sample, length, skipped blocks), the
// resampling rate and method, whether the files become one recording,
// whether the accelerometers are calibrated from their still periods, and
// "Suggest alignment", which cross-correlates the acceleration magnitudes of
// every file with the first's and fills in the offsets. Files are decoded on a
// worker thread when they are chosen, so the dialog stays responsive.
class DeviceImportPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DeviceImportPanel(QWidget* parent = nullptr);
    ~DeviceImportPanel() override;

    void setFiles(const QStringList& files, RecordingImporter::Format format);
    DeviceImportOptions options() const;
    void restoreSettings();
    void saveSettings() const;

private:
    void decodeFiles();
    void showDecoded();
    void suggestAlignment();
    void setBusy(bool busy, const QString& text);

    struct Decoded
    {
        QString error;
        std::shared_ptr<DeviceSamples> samples;
    };

    QStringList m_files;
    RecordingImporter::Format m_format = RecordingImporter::Format::Auto;
    std::vector<Decoded> m_decoded;
    QTableWidget* m_table;
    QCheckBox* m_combine;
    QCheckBox* m_calibrate;
    QDoubleSpinBox* m_rate;
    QComboBox* m_method;
    QPushButton* m_suggest;
    QLabel* m_status;
    QFutureWatcher<std::vector<Decoded>> m_decodeWatcher;
    QFutureWatcher<QStringList> m_alignWatcher;
};

} // namespace kinemark
