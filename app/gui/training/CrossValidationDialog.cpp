#include "app/gui/training/CrossValidationDialog.h"

#include "models/registry/ModelRegistry.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>

namespace kinemark {

CrossValidationDialog::CrossValidationDialog(const QStringList& subjects, QWidget* parent)
    : QDialog(parent), m_subjects(subjects), m_model(new QComboBox(this)),
      m_scheme(new QComboBox(this)), m_folds(new QSpinBox(this)), m_epochs(new QSpinBox(this)),
      m_seed(new QSpinBox(this)), m_threads(new QSpinBox(this)), m_summary(new QLabel(this))
{
    setWindowTitle(tr("Cross-validate"));
    // Classifiers only: a generator or a pre-training run has no predictions to score.
    for (const ModelInfo& m : ModelRegistry::models())
        if (m.classifier())
            m_model->addItem(QStringLiteral("%1 (%2)").arg(m.name, m.id), m.id);
    m_scheme->addItem(tr("Leave one subject out"));
    m_scheme->addItem(tr("Subject folds"));
    m_folds->setRange(2, std::max(2, int(subjects.size())));
    m_folds->setValue(std::min(5, int(subjects.size())));
    m_epochs->setRange(1, 10000);
    m_seed->setRange(0, 1000000);
    m_seed->setValue(1);
    m_threads->setRange(1, std::max(1, QThread::idealThreadCount()));
    m_threads->setValue(std::max(1, QThread::idealThreadCount()));
    m_summary->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("&Folds:"), m_scheme);
    form->addRow(tr("&Number of folds:"), m_folds);
    form->addRow(tr("&Epochs per fold:"), m_epochs);
    form->addRow(tr("&Seed:"), m_seed);
    form->addRow(tr("&Threads:"), m_threads);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_model, &QComboBox::currentIndexChanged, this, &CrossValidationDialog::modelChanged);
    connect(m_scheme, &QComboBox::currentIndexChanged, this, &CrossValidationDialog::updateSummary);
    connect(m_folds, &QSpinBox::valueChanged, this, &CrossValidationDialog::updateSummary);
    connect(m_epochs, &QSpinBox::valueChanged, this, &CrossValidationDialog::updateSummary);
    modelChanged();
}

void CrossValidationDialog::modelChanged()
{
    if (const ModelInfo* info = ModelRegistry::find(m_model->currentData().toString()))
        m_epochs->setValue(info->defaults.value(QStringLiteral("epochs"), 10).toInt());
    updateSummary();
}

void CrossValidationDialog::updateSummary()
{
    const bool loso = m_scheme->currentIndex() == 0;
    m_folds->setEnabled(!loso);
    const int folds = loso ? int(m_subjects.size()) : m_folds->value();
    m_summary->setText(
        tr("%1 subjects in %2 folds: %2 models of %3 epochs each are trained, each on the "
           "subjects outside its fold, and evaluated on its fold's subjects. The held-out "
           "subjects never choose the epoch: each fold keeps its last.")
            .arg(m_subjects.size())
            .arg(folds)
            .arg(m_epochs->value()));
}

CrossValidationRequest CrossValidationDialog::request() const
{
    CrossValidationRequest r;
    r.training.model = m_model->currentData().toString();
    r.training.hyperparameters[QStringLiteral("epochs")] = m_epochs->value();
    r.training.seed = uint64_t(m_seed->value());
    r.training.threads = m_threads->value();
    r.folds = m_scheme->currentIndex() == 0 ? 0 : m_folds->value();
    r.subjects = m_subjects;
    return r;
}

} // namespace kinemark
