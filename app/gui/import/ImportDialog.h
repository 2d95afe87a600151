#pragma once

#include "core/io/ColumnMapping.h"
#include "core/io/RecordingImporter.h"
#include "core/io/devices/DeviceImportOptions.h"
#include "core/model/LabelSet.h"

#include <QDialog>
#include <QMap>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QLayout;
class QTableWidget;
class QVBoxLayout;

namespace kinemark {

// File > Import Recording: picks a file or folder and its format; for generic
// CSV, a column mapping with a live preview of the first rows, so the user
// sees which column is which before anything is read; for device files (.cwa,
// .gt3x, GENEActiv .bin), one or more files with sensor names, offsets, an
// alignment suggestion and the resampling (DeviceImportPanel).
class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ImportDialog(QWidget* parent = nullptr);

    void setPath(const QString& path);
    // Several device files at once (file dialog, drag and drop).
    void setPaths(const QStringList& paths);
    QString path() const;
    QStringList paths() const;
    bool isDeviceImport() const;
    // Throws std::invalid_argument when a sensor name or offset is missing or bad.
    DeviceImportOptions deviceOptions() const;
    RecordingImporter::Format format() const;
    // Throws std::invalid_argument naming the field when the mapping is incomplete.
    ColumnMapping mapping() const;
    // The label set file chosen for the label column (Load...), which joins
    // the project with the recording; nothing for a built-in set.
    std::optional<LabelSet> labelSetFromFile() const;
    // What Load... does once a file is chosen (the seam tests drive): false
    // after showing the error, which names the file and the place.
    bool loadLabelSetFile(const QString& path);

    void accept() override;

private:
    // The dialog, part by part (the constructor calls them in this order).
    QLayout* createSourceRows();
    QWidget* createMappingBox();
    QLayout* createSensorTable();
    QWidget* createDeviceBox();
    void addPreviewAndButtons(QVBoxLayout* layout);
    void connectMappingControls();
    void browseFile();
    void browseFolder();
    void browseLabelSet();
    void updatePreview();
    // The label column's distinct values in the preview and the classes they become.
    void describeLabels(const QStringList& names, const QList<QStringList>& rows);
    // The label column, set, map and no-label values of `m` from the page
    // (throws std::invalid_argument when the label map file cannot be read).
    void fillLabels(ColumnMapping* m) const;
    // Ticks the header box as the reader decides for the chosen file.
    void detectHeader();
    void updateMappingEnabled();
    void addSensorRow(const QString& name, const QString& quantity, const QString& columns);
    char delimiter() const;
    void restoreSettings();
    void saveSettings() const;

    QLineEdit* m_path;
    QComboBox* m_format;
    QGroupBox* m_mappingBox;
    QGroupBox* m_deviceBox;
    class DeviceImportPanel* m_devicePanel;
    QLabel* m_previewLabel;
    QComboBox* m_delimiter;
    QCheckBox* m_header;
    QSpinBox* m_skipLines;
    QLineEdit* m_timeColumn;
    QComboBox* m_timeFormat;
    QDoubleSpinBox* m_rate;
    QTableWidget* m_sensors;
    QLineEdit* m_labelColumn;
    QComboBox* m_labelSet;
    QMap<QString, LabelSet> m_labelSetFiles; // by path, as loaded
    QCheckBox* m_calibrate;
    QLabel* m_labelsFound;
    QLineEdit* m_labelMap;
    QLineEdit* m_unlabelled;
    QComboBox* m_unit;
    QDoubleSpinBox* m_countsPerG;
    QCheckBox* m_markGaps;
    QLineEdit* m_subject;
    QTableWidget* m_preview;
    QLabel* m_message;
};

} // namespace kinemark
