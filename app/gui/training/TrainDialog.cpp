#include "app/gui/training/TrainDialog.h"

#include "app/gui/jobs/BackgroundJob.h"
#include "app/gui/training/EncoderChoice.h"
#include "app/gui/training/StartModelChoice.h"
#include "app/gui/training/TrainingSetSize.h"
#include "models/file/ModelFile.h"
#include "models/registry/ModelRegistry.h"
#include "models/registry/SuggestedEpochs.h"
#include "models/training/ModelTrainer.h"
#include "models/training/TrainingCalibration.h"
#include "widgets/jobs/DurationText.h"

#include <QCheckBox>
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
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace kinemark {

namespace {
// The QSettings group of one model's remembered values.
QString settingsGroup(const QString& model)
{
    return QStringLiteral("train/models/") + model;
}

// Keys of the remembered values besides the hyperparameters.
const QString kSeed = QStringLiteral("seed");
const QString kLeftOut = QStringLiteral("classes_left_out"); // class ids, as text
const QString kValidation = QStringLiteral("validation_subjects");
// The item role holding a subject's default check state (every fifth held out).
constexpr int kDefaultCheck = Qt::UserRole + 1;
// 0.4 s after the last change of the window length (typed digit by
// digit) or of the classes, the network's shape is measured again.
constexpr int kCalibrationDelayMs = 400;
} // namespace

TrainDialog::TrainDialog(const Project& project, QWidget* parent)
    : QDialog(parent), m_project(project), m_model(new QComboBox(this)),
      m_encoder(new EncoderChoice(project, tr("None — train the encoder from scratch"), this)),
      m_encoderNote(new QLabel(this)), m_start(new StartModelChoice(project, this)),
      m_replay(new QDoubleSpinBox(this)),
      m_newClasses(new QCheckBox(tr("Add the checked classes it does not know"), this)),
      m_classes(new QListWidget(this)), m_subjects(new QListWidget(this)),
      m_epochs(new QSpinBox(this)), m_estimate(new QLabel(this)), m_batch(new QSpinBox(this)),
      m_learningRate(new QDoubleSpinBox(this)), m_windowLength(new QSpinBox(this)),
      m_seed(new QSpinBox(this)), m_threads(new QSpinBox(this)), m_paper(new QLabel(this)),
      m_summary(new QLabel(this)), m_calibrationDelay(new QTimer(this)),
      m_estimatedSeconds(std::numeric_limits<double>::quiet_NaN())
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
    m_calibrationDelay->setSingleShot(true);
    m_calibrationDelay->setInterval(kCalibrationDelayMs);
    connect(m_calibrationDelay, &QTimer::timeout, this, &TrainDialog::calibrate);
    for (QSpinBox* box : {m_epochs, m_batch, m_windowLength, m_threads})
        connect(box, &QSpinBox::valueChanged, this, &TrainDialog::updateEstimate);
    connect(m_encoder, &EncoderChoice::encoderChanged, this, &TrainDialog::updateEstimate);
    connect(m_start, &QComboBox::currentIndexChanged, this, &TrainDialog::startChanged);
    connect(m_replay, &QDoubleSpinBox::valueChanged, this, &TrainDialog::updateSummary);
    modelChanged();
    startChanged();
    resize(640, 680); // the lists keep ~7 rows beside the fine-tuning rows
}

TrainDialog::~TrainDialog()
{
    cancelCalibration();
}

void TrainDialog::done(int result)
{
    // A calibration still running is of no use once the dialog is closed.
    cancelCalibration();
    QDialog::done(result);
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
        const Qt::CheckState check = held > 0 && i % 5 == 4 ? Qt::Checked : Qt::Unchecked;
        item->setData(kDefaultCheck, int(check));
        item->setCheckState(check);
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
    m_epochs->setToolTip(
        tr("Passes over the training windows. The default is what reaches a good result on a "
           "project of this size; early stopping ends the run sooner when the validation macro "
           "F1 stops improving."));
    m_estimate->setObjectName(QStringLiteral("estimate"));
    m_estimate->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
    m_threads->setValue(settings.value(QStringLiteral("train/threads"), 0).toInt());
    m_replay->setRange(0, 100);
    m_replay->setDecimals(0);
    m_replay->setSingleStep(10);
    m_replay->setValue(20);
    m_replay->setSuffix(tr(" % of its training recordings"));
    m_replay->setToolTip(tr("A seeded sample of the recordings the model was trained on joins "
                            "the training recordings, so that it does not forget them"));
}

void TrainDialog::layOut()
{
    auto* form = new QFormLayout;
    m_form = form;
    form->addRow(tr("Start &from:"), m_start);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(QString(), m_paper);
    form->addRow(tr("P&re-trained encoder:"), m_encoder);
    form->addRow(QString(), m_encoderNote);
    auto* epochs = new QHBoxLayout;
    epochs->addWidget(m_epochs);
    epochs->addWidget(m_estimate, 1);
    auto* epochsLabel = new QLabel(tr("&Epochs:"), this);
    epochsLabel->setBuddy(m_epochs); // a row of a layout gets no buddy by itself
    form->addRow(epochsLabel, epochs);
    form->addRow(tr("&Batch size:"), m_batch);
    form->addRow(tr("&Learning rate:"), m_learningRate);
    form->addRow(tr("&Window length:"), m_windowLength);
    form->addRow(tr("&Seed:"), m_seed);
    form->addRow(tr("T&hreads:"), m_threads);
    form->addRow(tr("Re&play:"), m_replay);
    form->addRow(QString(), m_newClasses);
    auto* classesBox = new QGroupBox(tr("Classes to learn"), this);
    (new QVBoxLayout(classesBox))->addWidget(m_classes);
    auto* subjectsBox = new QGroupBox(tr("Validation subjects (held out of training)"), this);
    (new QVBoxLayout(subjectsBox))->addWidget(m_subjects);
    auto* lists = new QHBoxLayout;
    lists->addWidget(classesBox);
    lists->addWidget(subjectsBox);
    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Train"));
    m_defaults = buttons->button(QDialogButtonBox::RestoreDefaults);
    m_defaults->setText(tr("&Defaults"));
    m_defaults->setToolTip(tr("The model's default values, classes and validation subjects"));
    connect(m_defaults, &QPushButton::clicked, this, [this] { showValues(defaultValues()); });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_start->storedId().isEmpty()) // a fine-tuning schedule is not the model's own
            remember();
        QSettings s;
        s.setValue(QStringLiteral("train/model"), m_model->currentData());
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
    const QString id = m_model->currentData().toString();
    const ModelInfo* info = ModelRegistry::find(id);
    if (!info)
        return;
    // The values of the model shown until now come back if it is chosen again.
    if (!m_shownModel.isEmpty())
        m_edited[m_shownModel] = values();
    m_paper->setText(info->paper + QStringLiteral("\n") + info->description);
    const bool selfPab = info->id == QLatin1String("selfpab");
    m_form->setRowVisible(m_encoder, selfPab);
    m_form->setRowVisible(m_encoderNote, selfPab);
    m_windowLength->setEnabled(info->defaults.contains(QStringLiteral("window_length")));
    // The CNN pools twice: its windows must be a multiple of 4 samples.
    m_windowLength->setSingleStep(info->id == QLatin1String("cnn-center") ? 4 : 1);
    m_shownModel = id;
    showValues(m_edited.contains(id) ? m_edited.value(id) : rememberedValues(id));
}

void TrainDialog::startChanged()
{
    const bool fineTuning = !m_start->storedId().isEmpty();
    m_form->setRowVisible(m_replay, fineTuning);
    m_form->setRowVisible(m_newClasses, fineTuning);
    m_model->setEnabled(!fineTuning);
    if (!fineTuning) {
        const ModelInfo* info = ModelRegistry::find(m_shownModel);
        m_windowLength->setEnabled(info &&
                                   info->defaults.contains(QStringLiteral("window_length")));
        const bool selfPab = m_shownModel == QLatin1String("selfpab");
        m_form->setRowVisible(m_encoder, selfPab);
        m_form->setRowVisible(m_encoderNote, selfPab);
        showValues(m_edited.contains(m_shownModel) ? m_edited.value(m_shownModel)
                                                   : rememberedValues(m_shownModel));
        return;
    }
    // The parent's network: its kind and window; the schedule of FineTuning.
    if (m_model->currentData().toString() != m_start->kind())
        m_model->setCurrentIndex(m_model->findData(m_start->kind()));
    else if (!m_shownModel.isEmpty())
        m_edited[m_shownModel] = values();
    const QVariantMap h = m_start->hyperparameters();
    m_form->setRowVisible(m_encoder, false);
    m_form->setRowVisible(m_encoderNote, false);
    m_showing = true;
    if (h.contains(QStringLiteral("window_length")))
        m_windowLength->setValue(h.value(QStringLiteral("window_length")).toInt());
    m_windowLength->setEnabled(false);
    m_epochs->setValue(5);
    m_learningRate->setValue(h.value(QStringLiteral("lr")).toDouble() * 0.1);
    if (h.contains(QStringLiteral("batch")))
        m_batch->setValue(h.value(QStringLiteral("batch")).toInt());
    m_showing = false;
    updateSummary();
}

QVariantMap TrainDialog::values() const
{
    // Of the model shown, which is no longer the combo box's while it changes.
    const TrainingRequest r = requestFor(m_shownModel);
    QVariantMap v;
    for (const QString& key : {QStringLiteral("epochs"), QStringLiteral("batch"),
                               QStringLiteral("lr"), QStringLiteral("window_length")})
        if (r.hyperparameters.contains(key))
            v[key] = r.hyperparameters.value(key);
    v[kSeed] = m_seed->value();
    QStringList leftOut;
    for (int i = 0; i < m_classes->count(); ++i)
        if (m_classes->item(i)->checkState() != Qt::Checked)
            leftOut << m_classes->item(i)->data(Qt::UserRole).toString();
    v[kLeftOut] = leftOut;
    v[kValidation] = r.validationSubjects;
    return v;
}

void TrainDialog::showValues(const QVariantMap& v)
{
    m_showing = true;
    m_epochs->setValue(v.value(QStringLiteral("epochs")).toInt());
    m_batch->setValue(v.value(QStringLiteral("batch")).toInt());
    m_learningRate->setValue(v.value(QStringLiteral("lr")).toDouble());
    if (v.contains(QStringLiteral("window_length")))
        m_windowLength->setValue(v.value(QStringLiteral("window_length")).toInt());
    m_seed->setValue(v.value(kSeed, 1).toInt());
    const QStringList leftOut = v.value(kLeftOut).toStringList();
    for (int i = 0; i < m_classes->count(); ++i) {
        QListWidgetItem* item = m_classes->item(i);
        item->setCheckState(leftOut.contains(item->data(Qt::UserRole).toString()) ? Qt::Unchecked
                                                                                  : Qt::Checked);
    }
    // Validation subjects of another project (none of them here) fall back
    // to the default split; an empty list is a choice: validate on none.
    const QStringList validation = v.value(kValidation).toStringList();
    bool known = validation.isEmpty();
    for (int i = 0; i < m_subjects->count(); ++i)
        known = known || validation.contains(m_subjects->item(i)->data(Qt::UserRole).toString());
    for (int i = 0; i < m_subjects->count(); ++i) {
        QListWidgetItem* item = m_subjects->item(i);
        item->setCheckState(known ? (validation.contains(item->data(Qt::UserRole).toString())
                                         ? Qt::Checked
                                         : Qt::Unchecked)
                                  : Qt::CheckState(item->data(kDefaultCheck).toInt()));
    }
    m_showing = false;
    updateSummary();
}

QVariantMap TrainDialog::defaultValues() const
{
    const ModelInfo* info = ModelRegistry::find(m_shownModel);
    if (!info)
        return {};
    QVariantMap v;
    for (const QString& key : {QStringLiteral("epochs"), QStringLiteral("batch"),
                               QStringLiteral("lr"), QStringLiteral("window_length")})
        if (info->defaults.contains(key))
            v[key] = info->defaults.value(key);
    v[kSeed] = 1;
    v[kLeftOut] = QStringList();
    // The default split, every class: the suggested epochs for what it trains on.
    TrainingRequest r;
    r.model = info->id;
    for (int i = 0; i < m_classes->count(); ++i)
        r.classIds.push_back(m_classes->item(i)->data(Qt::UserRole).toInt());
    for (int i = 0; i < m_subjects->count(); ++i)
        if (m_subjects->item(i)->data(kDefaultCheck).toInt() == Qt::Checked)
            r.validationSubjects << m_subjects->item(i)->data(Qt::UserRole).toString();
    v[kValidation] = r.validationSubjects;
    const int batch = info->defaults.value(QStringLiteral("batch")).toInt();
    v[QStringLiteral("epochs")] =
        SuggestedEpochs::of(*info, TrainingSetSize::of(m_project, r).training, batch);
    return v;
}

QVariantMap TrainDialog::rememberedValues(const QString& model) const
{
    QVariantMap v = defaultValues();
    QSettings settings;
    settings.beginGroup(settingsGroup(model));
    for (const QString& key : settings.childKeys())
        if (v.contains(key))
            v[key] = settings.value(key);
    return v;
}

void TrainDialog::remember() const
{
    QMap<QString, QVariantMap> all = m_edited;
    all[m_shownModel] = values();
    QSettings settings;
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        settings.beginGroup(settingsGroup(it.key()));
        for (auto value = it->cbegin(); value != it->cend(); ++value)
            settings.setValue(value.key(), value.value());
        settings.endGroup();
    }
}

void TrainDialog::updateSummary()
{
    const TrainingRequest r = request();
    const int trainingSubjects =
        int(m_project.subjectIds().size()) - int(r.validationSubjects.size());
    QString text;
    if (!r.initModel.isEmpty())
        text += tr("Fine-tunes %1 (its network, normalisation and classes), %2 % of its "
                   "training recordings replayed. ")
                    .arg(r.initModel)
                    .arg(r.replayFraction * 100, 0, 'f', 0);
    text += tr("%n class(es); ", nullptr, int(r.classIds.size())) +
            tr("%n training subject(s), ", nullptr, trainingSubjects) +
            tr("%n validation subject(s). ", nullptr, int(r.validationSubjects.size()));
    if (r.validationSubjects.isEmpty())
        text += tr("Without validation subjects the last epoch is kept and nothing measures how "
                   "well the model generalises.");
    else
        text += tr("The epoch with the best validation macro F1 is kept.");
    text += QLatin1Char(' ') + tr("Training windows must be fully labelled.");
    m_summary->setText(text);
    updateEstimate();
}

QString TrainDialog::estimateText() const
{
    return m_estimate->text();
}

QString TrainDialog::calibrationKey() const
{
    // What one optimiser step's time per example depends on: the network
    // (model, window, channels, classes, selfpab's encoder) and the threads.
    // Not the batch size, epochs or split: the estimate scales with those.
    const TrainingRequest r = request();
    const int channels =
        m_project.recordings.empty() ? 0 : int(m_project.recordings.front()->channelCount());
    return QStringLiteral("%1|%2|%3|%4|%5|%6")
        .arg(r.model)
        .arg(r.hyperparameters.value(QStringLiteral("window_length"), 0).toInt())
        .arg(channels)
        .arg(r.classIds.size())
        .arg(r.threads)
        .arg(r.model == QLatin1String("selfpab") ? m_encoder->key() : QString());
}

void TrainDialog::updateEstimate()
{
    if (m_showing)
        return;
    m_estimatedSeconds = std::numeric_limits<double>::quiet_NaN();
    const TrainingRequest r = request();
    m_estimate->setToolTip(QString());
    if (!TrainingCalibration::supports(r.model)) {
        cancelCalibration();
        m_estimate->setText(tr("no time estimate for this model"));
        return;
    }
    if (r.classIds.size() < 2 || m_project.recordings.empty()) {
        cancelCalibration();
        m_estimate->setText(tr("choose two classes or more"));
        return;
    }
    const QString key = calibrationKey();
    if (key == m_failedKey) {
        m_estimate->setText(tr("no time estimate: the network could not be measured"));
        return;
    }
    if (key != m_calibratedKey) {
        m_estimate->setText(tr("measuring this machine…"));
        if (key != m_calibratingKey) {
            cancelCalibration();
            m_calibratingKey = key;
            m_calibrationDelay->start();
        }
        return;
    }
    const TrainingSetSize size = TrainingSetSize::of(m_project, r);
    TrainingCalibration::RunSize run;
    run.training = size.training;
    run.validation = size.validation;
    run.epochs = m_epochs->value();
    run.classes = int(r.classIds.size());
    run.pretrainedEncoder = !r.encoderModel.isEmpty() || !r.encoderPath.isEmpty();
    m_estimatedSeconds = TrainingCalibration::runSeconds(r.model, r.hyperparameters, m_costs, run);
    m_estimate->setText(
        tr("%1 on this machine").arg(DurationText::approximate(m_estimatedSeconds)));
    QString tip = tr("Measured on a few batches: %1 ms per example; %2 training and %3 validation "
                     "examples per epoch.")
                      .arg(m_costs.step * 1000, 0, 'f', 2)
                      .arg(size.training)
                      .arg(size.validation);
    if (r.model == QLatin1String("usad") && std::isfinite(m_costs.diffusionStep))
        tip += QLatin1Char(' ') + tr("Includes training the diffusion model, sampling the "
                                     "synthetic windows and pre-training on them.");
    if (r.model == QLatin1String("selfpab"))
        tip += QLatin1Char(' ') + tr("Examples are spectrogram windows.");
    m_estimate->setToolTip(tip + QLatin1Char(' ') + tr("Early stopping may end the run sooner."));
}

void TrainDialog::calibrate()
{
    const TrainingRequest r = request();
    const QString key = calibrationKey();
    m_calibratingKey = key;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_calibrationCancel = cancel;
    const int channels = int(m_project.recordings.front()->channelCount());
    const int classes = int(r.classIds.size());
    auto result = std::make_shared<TrainingCalibration::Costs>();
    // selfpab with a pre-trained encoder trains an encoder of that encoder's sizes.
    const auto encoder = r.model == QLatin1String("selfpab")
                             ? m_encoder->loader()
                             : std::function<std::shared_ptr<const ModelFile>()>();
    BackgroundJob::start(
        this, cancel,
        [r, channels, classes, result, encoder](JobControl& job) {
            QVariantMap h = r.hyperparameters;
            if (const std::shared_ptr<const ModelFile> e = encoder ? encoder() : nullptr)
                for (const char* key :
                     {"d_model", "layers", "heads", "feed_forward", "dropout", "paper_size"})
                    if (e->hyperparameters.contains(QLatin1String(key)))
                        h[QLatin1String(key)] = e->hyperparameters.value(QLatin1String(key));
            *result = TrainingCalibration::measure(r.model, h, channels, classes, r.threads, 3,
                                                   [&job] { return job.isCancelled(); });
        },
        [this, key, cancel, result](const JobOutcome& outcome) {
            if (cancel != m_calibrationCancel)
                return; // superseded by a calibration of another shape
            m_calibrationCancel.reset();
            m_calibratingKey.clear();
            if (outcome.isDone() && std::isfinite(result->step)) {
                m_calibratedKey = key;
                m_costs = *result;
                ++m_calibrations;
            } else if (outcome.isFailed()) {
                m_failedKey = key;
            }
            updateEstimate();
        });
}

void TrainDialog::cancelCalibration()
{
    m_calibrationDelay->stop();
    if (m_calibrationCancel)
        m_calibrationCancel->store(true);
    m_calibrationCancel.reset();
    m_calibratingKey.clear();
}

TrainingRequest TrainDialog::request() const
{
    return requestFor(m_model->currentData().toString());
}

TrainingRequest TrainDialog::requestFor(const QString& model) const
{
    TrainingRequest r;
    r.model = model;
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
    r.initModel = m_start->storedId();
    if (!r.initModel.isEmpty()) { // the parent's encoder is in its weights
        r.encoderModel.clear();
        r.encoderPath.clear();
        r.replayFraction = m_replay->value() / 100.0;
        r.extendClasses = m_newClasses->isChecked();
    }
    r.seed = uint64_t(m_seed->value());
    r.threads = m_threads->value();
    return r;
}

} // namespace kinemark
