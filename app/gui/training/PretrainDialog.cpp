#include "app/gui/training/PretrainDialog.h"

#include "models/registry/ModelRegistry.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <cmath>

namespace kinemark {

PretrainDialog::PretrainDialog(const Project& project, QWidget* parent)
    : QDialog(parent), m_project(project), m_recordings(new QListWidget(this)),
      m_paperSize(new QCheckBox(tr("The paper's size (d_model 1500, 4 layers, 6 heads, ~60 M "
                                   "parameters: far slower than the default)"),
                                this)),
      m_epochs(new QSpinBox(this)), m_batch(new QSpinBox(this)), m_seed(new QSpinBox(this)),
      m_threads(new QSpinBox(this)), m_summary(new QLabel(this))
{
    setWindowTitle(tr("Pre-train an Encoder"));
    const ModelInfo* info = ModelRegistry::find(QStringLiteral("selfpab-pretrain"));
    QSettings settings;
    for (const auto& r : project.recordings) {
        auto* item = new QListWidgetItem(tr("%1 — subject %2, %3 h%4")
                                             .arg(r->id, r->subjectId)
                                             .arg(r->durationSeconds() / 3600.0, 0, 'f', 1)
                                             .arg(r->groundTruth() ? tr(", labelled") : QString()),
                                         m_recordings);
        item->setData(Qt::UserRole, r->id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    m_epochs->setRange(1, 10000);
    m_epochs->setValue(info->defaults.value(QStringLiteral("epochs")).toInt());
    m_batch->setRange(1, 1024);
    m_batch->setValue(info->defaults.value(QStringLiteral("batch")).toInt());
    m_seed->setRange(0, 1 << 30);
    m_seed->setValue(settings.value(QStringLiteral("pretrain/seed"), 1).toInt());
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
    m_threads->setValue(settings.value(QStringLiteral("train/threads"), 0).toInt());

    auto* note = new QLabel(
        tr("The transformer learns to fill in masked parts of the recordings' stacked "
           "spectrograms (5-minute windows); labels are not used, so unlabelled recordings "
           "count as much as labelled ones. The encoder is stored in the project and can then "
           "be chosen when training selfpab."),
        this);
    note->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(QString(), m_paperSize);
    form->addRow(tr("&Epochs:"), m_epochs);
    form->addRow(tr("&Batch size:"), m_batch);
    form->addRow(tr("&Seed:"), m_seed);
    form->addRow(tr("&Threads:"), m_threads);
    auto* recordingsBox = new QGroupBox(tr("Recordings to pre-train on"), this);
    (new QVBoxLayout(recordingsBox))->addWidget(m_recordings);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Pre-train"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings s;
        s.setValue(QStringLiteral("pretrain/seed"), m_seed->value());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_summary->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addLayout(form);
    layout->addWidget(recordingsBox, 1);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
    connect(m_recordings, &QListWidget::itemChanged, this, [this, buttons] {
        updateSummary();
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!request().recordingIds.isEmpty());
    });
    connect(m_epochs, &QSpinBox::valueChanged, this, &PretrainDialog::updateSummary);
    updateSummary();
    resize(560, 520);
}

void PretrainDialog::updateSummary()
{
    // Windows start every stride_frames (300 frames, 150 s) of each recording.
    const ModelInfo* info = ModelRegistry::find(QStringLiteral("selfpab-pretrain"));
    const double strideSeconds =
        info->defaults.value(QStringLiteral("stride_frames")).toInt() * 0.5;
    const QStringList chosen = request().recordingIds;
    int64_t windows = 0;
    for (const auto& r : m_project.recordings)
        if (chosen.contains(r->id))
            windows +=
                std::max<int64_t>(1, int64_t(std::ceil(r->durationSeconds() / strideSeconds)));
    m_summary->setText(tr("%n recording(s), ", nullptr, int(chosen.size())) +
                       tr("about %n 5-minute window(s) per epoch.", nullptr, int(windows)));
}

PretrainingRequest PretrainDialog::request() const
{
    PretrainingRequest r;
    for (int i = 0; i < m_recordings->count(); ++i)
        if (m_recordings->item(i)->checkState() == Qt::Checked)
            r.recordingIds << m_recordings->item(i)->data(Qt::UserRole).toString();
    r.hyperparameters[QStringLiteral("epochs")] = m_epochs->value();
    r.hyperparameters[QStringLiteral("batch")] = m_batch->value();
    if (m_paperSize->isChecked())
        r.hyperparameters[QStringLiteral("paper_size")] = true;
    r.seed = uint64_t(m_seed->value());
    r.threads = m_threads->value();
    return r;
}

} // namespace kinemark
