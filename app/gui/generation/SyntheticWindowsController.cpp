#include "app/gui/generation/SyntheticWindowsController.h"

#include "widgets/jobs/JobsPanel.h"
#include "models/file/ModelFile.h"
#include "widgets/analysis/SyntheticGalleryView.h"
#include "models/generation/SyntheticWindowSampler.h"
#include "app/gui/generation/SyntheticWindowsDialog.h"

#include <QJsonArray>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMetaObject>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace kinemark {

namespace {
const QString kDiffusionKind = QStringLiteral("usad-diffusion");
} // namespace

SyntheticWindowsController::SyntheticWindowsController(Project* project, JobsPanel* jobs,
                                                       QWidget* dialogParent)
    : QObject(dialogParent), m_project(project), m_jobs(jobs), m_dialogParent(dialogParent),
      m_cancelFlags(jobs, this)
{}

SyntheticWindowsController::~SyntheticWindowsController() = default;

SyntheticGalleryView* SyntheticWindowsController::gallery() const
{
    return m_gallery;
}

QWidget* SyntheticWindowsController::galleryWindow() const
{
    return m_window;
}

void SyntheticWindowsController::addActionTo(QMenu* menu)
{
    QAction* action =
        menu->addAction(tr("S&ynthetic Windows..."), this, &SyntheticWindowsController::showDialog);
    action->setStatusTip(
        tr("Windows sampled from a usad-diffusion model beside real windows of the same class"));
}

void SyntheticWindowsController::projectReplaced()
{
    ++m_generation;
    m_cancelFlags.cancelAll();
}

void SyntheticWindowsController::showDialog()
{
    std::vector<SyntheticWindowsDialog::Entry> models;
    QStringList damaged;
    for (const StoredModel& m : m_project->models) {
        if (m.kind != kDiffusionKind)
            continue;
        try {
            models.emplace_back(
                m.id, std::make_shared<const ModelFile>(ModelFile::fromBytes(m.data, m.id)));
        } catch (const std::exception& e) {
            damaged << QString::fromUtf8(e.what());
        }
    }
    if (models.empty()) {
        QString text = tr("The project has no diffusion model to sample from.\n\nTrain one with "
                          "Models › Train Model… and the model “usad-diffusion” (its windows "
                          "are learnt from the training subjects' ground truth); it is then "
                          "stored in the project and can be chosen here.");
        if (!damaged.isEmpty())
            text += QStringLiteral("\n\n") + tr("Unreadable: %1").arg(damaged.join('\n'));
        QMessageBox::information(m_dialogParent, tr("Synthetic Windows"), text);
        return;
    }
    SyntheticWindowsDialog dialog(std::move(models), m_dialogParent);
    if (dialog.exec() == QDialog::Accepted)
        startSampling(dialog.modelId(), dialog.classId(), dialog.count(), dialog.seed());
}

int SyntheticWindowsController::startSampling(const QString& modelId, int32_t classId, int count,
                                              quint64 seed)
{
    const StoredModel* stored = nullptr;
    for (const StoredModel& m : m_project->models)
        if (m.id == modelId && m.kind == kDiffusionKind)
            stored = &m;
    if (!stored || !m_jobs)
        return -1;
    // The class's name from the stored summary (the weights are parsed on the worker).
    const QJsonArray ids = stored->summary.value(QStringLiteral("class_ids")).toArray();
    QString className = QString::number(classId);
    for (qsizetype i = 0; i < ids.size(); ++i)
        if (ids[i].toInt() == classId)
            className = stored->summary.value(QStringLiteral("class_names"))
                            .toArray()
                            .at(i)
                            .toString(className);
    const int id = m_jobs->addJob(tr("Synthetic windows of %1 (%2)").arg(className, modelId));
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancelFlags.add(id, cancel);
    if (QWidget* dock = m_jobs->parentWidget())
        dock->show();                    // the Jobs panel's dock
    const Project snapshot = *m_project; // shares the recordings
    const QByteArray data = stored->data;
    const quint64 generation = m_generation;
    QPointer<SyntheticWindowsController> self(this);
    (void)QtConcurrent::run([self, snapshot, data, modelId, classId, count, seed, cancel, id,
                             generation] {
        JobControl job;
        job.cancelRequested = cancel.get();
        job.progress = [self, id](double fraction, const QString& what) {
            QMetaObject::invokeMethod(
                self,
                [self, id, fraction, what] {
                    if (self && self->m_jobs)
                        self->m_jobs->setProgress(id, fraction, what);
                },
                Qt::QueuedConnection);
        };
        std::shared_ptr<SyntheticWindowSample> result;
        QString error;
        try {
            const ModelFile model = ModelFile::fromBytes(data, modelId);
            result = std::make_shared<SyntheticWindowSample>(
                SyntheticWindowSampler::sample(model, snapshot, classId, count, seed, &job));
        } catch (const Cancelled&) {
            error = tr("cancelled; the project is as it was");
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            self,
            [self, result, error, id, generation, modelId, seed] {
                if (!self)
                    return;
                if (!result) {
                    self->finishJob(id, false, error);
                    return;
                }
                if (generation != self->m_generation) {
                    self->finishJob(id, false, tr("another project is open now: not shown"));
                    return;
                }
                // One gallery window, refilled by later runs, so they do not pile up.
                if (!self->m_window) {
                    auto* window = new QWidget(self->m_dialogParent, Qt::Window);
                    window->setAttribute(Qt::WA_DeleteOnClose);
                    window->setObjectName(QStringLiteral("syntheticWindowsGallery"));
                    auto* layout = new QVBoxLayout(window);
                    auto* caption = new QLabel(window);
                    caption->setObjectName(QStringLiteral("caption"));
                    caption->setWordWrap(true);
                    layout->addWidget(caption);
                    auto* scroll = new QScrollArea(window);
                    scroll->setWidgetResizable(true);
                    auto* gallery = new SyntheticGalleryView(scroll);
                    scroll->setWidget(gallery);
                    layout->addWidget(scroll, 1);
                    window->resize(900, 900);
                    self->m_window = window;
                    self->m_gallery = gallery;
                }
                const SyntheticWindowSample& s = *result;
                self->m_window->setWindowTitle(
                    tr("Synthetic Windows — %1 — %2").arg(s.className, modelId));
                if (auto* caption = self->m_window->findChild<QLabel*>(QStringLiteral("caption")))
                    caption->setText(tr("Model %1, seed %2: %3 real windows of %4, spread over "
                                        "the class's windows, beside %5 sampled ones; all "
                                        "z-scored with the model's statistics.")
                                         .arg(modelId)
                                         .arg(seed)
                                         .arg(s.realCount)
                                         .arg(s.className)
                                         .arg(s.syntheticCount));
                self->m_gallery->setWindows(s.className, s.channelNames, s.length, s.sampleRateHz,
                                            s.real, s.synthetic,
                                            std::max(s.realCount, s.syntheticCount));
                self->m_window->show();
                self->m_window->raise();
                self->finishJob(id, true,
                                tr("%1 synthetic and %2 real windows of %3")
                                    .arg(s.syntheticCount)
                                    .arg(s.realCount)
                                    .arg(s.className));
                Q_EMIT self->galleryOpened();
            },
            Qt::QueuedConnection);
    });
    return id;
}

void SyntheticWindowsController::finishJob(int id, bool ok, const QString& text)
{
    m_cancelFlags.finished(id);
    if (m_jobs)
        m_jobs->finishJob(id, ok, text);
    Q_EMIT message(text);
}

} // namespace kinemark
