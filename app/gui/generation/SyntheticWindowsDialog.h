#pragma once

#include <QDialog>
#include <memory>
#include <utility>
#include <vector>

class QComboBox;
class QSpinBox;

namespace kinemark {

class ModelFile;

// Asks which stored usad-diffusion model, which class and how many windows the
// synthetic-vs-real gallery shows. The class list gives each class's training
// windows, and the default class is the rarest (what augmentation is for),
// unless the last choice is one of the model's classes. The choices are kept
// in QSettings when the dialog is accepted.
class SyntheticWindowsDialog : public QDialog
{
    Q_OBJECT
public:
    using Entry = std::pair<QString, std::shared_ptr<const ModelFile>>; // stored id, model
    // `models`: at least one usad-diffusion model.
    explicit SyntheticWindowsDialog(std::vector<Entry> models, QWidget* parent = nullptr);

    QString modelId() const;
    int32_t classId() const;
    int count() const;
    quint64 seed() const;

    void accept() override;

private:
    void modelChanged();

    std::vector<Entry> m_models;
    QComboBox* m_model;
    QComboBox* m_class;
    QSpinBox* m_count;
    QSpinBox* m_seed;
};

} // namespace kinemark
