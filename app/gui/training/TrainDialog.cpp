#include "app/gui/training/TrainDialog.h"

#include "app/gui/training/EncoderChoice.h"
#include "models/registry/ModelRegistry.h"
#include "models/training/ModelTrainer.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace kinemark {

TrainDialog::TrainDialog(const Project& project, QWidget* parent)
    : QDialog(parent), m_project(project), m_model(new QComboBox(this)),
      m_encoder(new EncoderChoice(project, tr("None — train the encoder from scratch"), this)),
      m_encoderNote(new QLabel(this)), m_classes(new QListWidget(this)),
      m_subjects(new QListWidget(this)), m_epochs(new QSpinBox(this)), m_batch(new QSpinBox(this)),
      m_learningRate(new QDoubleSpinBox(this)), m_windowLength(new QSpinBox(this)),
      m_seed(new QSpinBox(this)), m_threads(new QSpinBox(this)), m_paper(new QLabel(this)),
      m_summary(new QLabel(this))
{
    setWindowTitle(tr("Train a Model"));
    fillModels();
    describeEncoder();
    fillClasses();
    fillSubjects();
    setUpNumbers();
    layOut();
    connect(m_model, &QComboBox::currentIndexChanged, this, &TrainDialog::modelChanged);
    connect(m_classes, &QListWidget::itemChanged, this, &TrainDialog::updateSummary);
    connect(m_subjects, &QListWidget::itemChanged, this, &TrainDialog::updateSummary);
    modelChanged();
    resize(640, 560);
}

void TrainDialog::fillModels()
{
    QSettings settings;
    m_model->setObjectName(QStringLiteral("model"));
    // Classifiers and generators: a pre-training run learns without labels and
    // has its own dialog (Models > Pre-train Encoder).
    for (const ModelInfo& m : ModelRegistry::models())
        if (m.purpose != ModelInfo::Purpose::Pretraining)
            m_model->addItem(QStringLiteral("%1 — %2").arg(m.id, m.name), m.id);
    m_model->setCurrentIndex(
        std::max(0, m_model->findData(settings.value(QStringLiteral("train/model")))));
}

void TrainDialog::describeEncoder()
{
    m_paper->setWordWrap(true);
    m_paper->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_encoderNote->setWordWrap(true);
    m_encoderNote->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_encoderNote->setText(
        m_encoder->storedCount() > 0
            ? tr("A pre-trained encoder is frozen for the first part of the training, then "
                 "fine-tuned. Models › Pre-train Encoder… makes another from the project's "
                 "recordings.")
            : tr("The project has no pre-trained encoder yet: Models › Pre-train Encoder… makes "
                 "one from its recordings, labelled or not."));
}

void TrainDialog::fillClasses()
{
    // Classes: those of the label set with labelled samples, all checked.
    TrainingRequest all;
    const std::vector<int32_t> present = ModelTrainer::resolveClasses(m_project, all);
    const LabelSet* set = m_project.recordings.empty()
                              ? nullptr
                              : m_project.labelSet(m_project.recordings.front()->labelSetId);
    for (int32_t id : present) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1 %2").arg(id).arg(set ? set->className(id) : QString()), m_classes);
        item->setData(Qt::UserRole, id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
}

void TrainDialog::fillSubjects()
{
    // Subjects: check those to hold out for validation; by default about a fifth.
    const QStringList subjects = m_project.subjectIds();
    const int held = subjects.size() >= 2 ? std::max(1, int(subjects.size() / 5)) : 0;
    for (int i = 0; i < subjects.size(); ++i) {
        auto* item = new QListWidgetItem(tr("subject %1").arg(subjects[i]), m_subjects);
        item->setData(Qt::UserRole, subjects[i]);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        // Every fifth subject, spread over the list rather than the last ones.
        item->setCheckState(held > 0 && i % 5 == 4 ? Qt::Checked : Qt::Unchecked);
    }
}

void TrainDialog::setUpNumbers()
{
    QSettings settings;
    m_epochs->setRange(1, 10000);
    m_batch->setRange(2, 4096);
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(1e-5, 1.0);
    m_learningRate->setSingleStep(0.0001);
    m_windowLength->setRange(8, 4096);
    m_windowLength->setSuffix(tr(" samples"));
    m_seed->setRange(0, 1 << 30);
    m_seed->setValue(settings.value(QStringLiteral("train/seed"), 1).toInt());
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
    m_threads->setValue(settings.value(QStringLiteral("train/threads"), 0).toInt());
}

void TrainDialog::layOut()
{
    auto* form = new QFormLayout;
    m_form = form;
    form->addRow(tr("&Model:"), m_model);
    form->addRow(QString(), m_paper);
    form->addRow(tr("Pre-trained &encoder:"), m_encoder);
    form->addRow(QString(), m_encoderNote);
    form->addRow(tr("&Epochs:"), m_epochs);
    form->addRow(tr("&Batch size:"), m_batch);
    form->addRow(tr("&Learning rate:"), m_learningRate);
    form->addRow(tr("&Window length:"), m_windowLength);
    form->addRow(tr("&Seed:"), m_seed);
    form->addRow(tr("&Threads:"), m_threads);
    auto* classesBox = new QGroupBox(tr("Classes to learn"), this);
    (new QVBoxLayout(classesBox))->addWidget(m_classes);
    auto* subjectsBox = new QGroupBox(tr("Validation subjects (held out of training)"), this);
    (new QVBoxLayout(subjectsBox))->addWidget(m_subjects);
    auto* lists = new QHBoxLayout;
    lists->addWidget(classesBox);
    lists->addWidget(subjectsBox);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Train"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings s;
        s.setValue(QStringLiteral("train/model"), m_model->currentData());
        s.setValue(QStringLiteral("train/seed"), m_seed->value());
        s.setValue(QStringLiteral("train/threads"), m_threads->value());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_summary->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(lists, 1);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
}

void TrainDialog::modelChanged()
{
    const ModelInfo* info = ModelRegistry::find(m_model->currentData().toString());
    if (!info)
        return;
    const QVariantMap& d = info->defaults;
    m_paper->setText(info->paper + QStringLiteral("\n") + info->description);
    const bool selfPab = info->id == QLatin1String("selfpab");
    m_form->setRowVisible(m_encoder, selfPab);
    m_form->setRowVisible(m_encoderNote, selfPab);
    m_epochs->setValue(d.value(QStringLiteral("epochs")).toInt());
    m_batch->setValue(d.value(QStringLiteral("batch")).toInt());
    m_learningRate->setValue(d.value(QStringLiteral("lr")).toDouble());
    m_windowLength->setEnabled(d.contains(QStringLiteral("window_length")));
    if (d.contains(QStringLiteral("window_length")))
        m_windowLength->setValue(d.value(QStringLiteral("window_length")).toInt());
    // The CNN pools twice: its windows must be a multiple of 4 samples.
    m_windowLength->setSingleStep(info->id == QLatin1String("cnn-center") ? 4 : 1);
    updateSummary();
}

void TrainDialog::updateSummary()
{
    const TrainingRequest r = request();
    const int trainingSubjects =
        int(m_project.subjectIds().size()) - int(r.validationSubjects.size());
    QString text = tr("%n class(es); ", nullptr, int(r.classIds.size())) +
                   tr("%n training subject(s), ", nullptr, trainingSubjects) +
                   tr("%n validation subject(s). ", nullptr, int(r.validationSubjects.size()));
    if (r.validationSubjects.isEmpty())
        text += tr("Without validation subjects the last epoch is kept and nothing measures how "
                   "well the model generalises.");
    else
        text += tr("The epoch with the best validation macro F1 is kept.");
    text += QLatin1Char(' ') + tr("Training windows must be fully labelled.");
    m_summary->setText(text);
}

TrainingRequest TrainDialog::request() const
{
    TrainingRequest r;
    r.model = m_model->currentData().toString();
    for (int i = 0; i < m_classes->count(); ++i)
        if (m_classes->item(i)->checkState() == Qt::Checked)
            r.classIds.push_back(m_classes->item(i)->data(Qt::UserRole).toInt());
    for (int i = 0; i < m_subjects->count(); ++i)
        if (m_subjects->item(i)->checkState() == Qt::Checked)
            r.validationSubjects << m_subjects->item(i)->data(Qt::UserRole).toString();
    r.hyperparameters[QStringLiteral("epochs")] = m_epochs->value();
    r.hyperparameters[QStringLiteral("batch")] = m_batch->value();
    r.hyperparameters[QStringLiteral("lr")] = m_learningRate->value();
    // Sequence models (mstcn) have no windows: they label every sample.
    const ModelInfo* info = ModelRegistry::find(r.model);
    if (info && info->defaults.contains(QStringLiteral("window_length"))) {
        int length = m_windowLength->value();
        if (r.model == QLatin1String("cnn-center"))
            length -= length % 4;
        r.hyperparameters[QStringLiteral("window_length")] = length;
        r.hyperparameters[QStringLiteral("stride")] =
            std::max(1, length / 2); // 50 % overlap, as both papers
    }
    if (r.model == QLatin1String("selfpab"))
        m_encoder->applyTo(r);
    r.seed = uint64_t(m_seed->value());
    r.threads = m_threads->value();
    return r;
}

} // namespace kinemark
