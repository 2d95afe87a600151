#include "app/gui/generation/SyntheticWindowsController.h"
#include "core/base/UserMessage.h"

#include "app/gui/generation/SyntheticWindowsDialog.h"
#include "models/file/ModelFile.h"
#include "models/generation/SyntheticWindowSampler.h"
#include "widgets/analysis/SyntheticGalleryView.h"
#include "widgets/jobs/JobsPanel.h"

#include <QJsonArray>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QScrollArea>
#include <QVBoxLayout>

namespace kinemark {

namespace {
const QString kDiffusionKind = QStringLiteral("usad-diffusion");
} // namespace

SyntheticWindowsController::SyntheticWindowsController(Project* project, JobsPanel* jobs,
                                                       QWidget* dialogParent)
    : QObject(dialogParent), m_project(project), m_dialogParent(dialogParent), m_jobs(jobs, this)
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
    m_jobs.cancelAll();
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
            damaged << UserMessage::of(e);
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
    if (!stored || !m_jobs.panel())
        return -1;
    const QString className = classNameOf(*stored, classId);
    const int id = m_jobs.add(tr("Synthetic windows of %1 (%2)").arg(className, modelId));
    const Project snapshot = *m_project; // shares the recordings
    const quint64 generation = m_generation;
    auto result = std::make_shared<SyntheticWindowSample>();
    m_jobs.run(
        id,
        [snapshot, data = stored->data, modelId, classId, count, seed, result,
         progress = m_jobs.progressOf(id)](JobControl& job) {
            job.progress = progress;
            const ModelFile model = ModelFile::fromBytes(data, modelId);
            *result = SyntheticWindowSampler::sample(model, snapshot, classId, count, seed, &job);
        },
        [this, result, id, generation, modelId, seed](const JobOutcome& outcome) {
            const QString why = outcome.whyNotUsed(generation != m_generation,
                                                   tr("cancelled; the project is as it was"),
                                                   tr("another project is open now: not shown"));
            if (!why.isEmpty())
                return finishJob(id, false, why); // cancelled, failed or stale
            showGallery(*result, modelId, seed);
            finishJob(id, true,
                      tr("%1 synthetic and %2 real windows of %3")
                          .arg(result->syntheticCount)
                          .arg(result->realCount)
                          .arg(result->className));
            Q_EMIT galleryOpened();
        });
    return id;
}

QString SyntheticWindowsController::classNameOf(const StoredModel& stored, int32_t classId)
{
    // From the stored summary: the weights are parsed on the worker.
    const QJsonArray ids = stored.summary.value(QStringLiteral("class_ids")).toArray();
    QString className = QString::number(classId);
    for (qsizetype i = 0; i < ids.size(); ++i)
        if (ids[i].toInt() == classId)
            className = stored.summary.value(QStringLiteral("class_names"))
                            .toArray()
                            .at(i)
                            .toString(className);
    return className;
}

void SyntheticWindowsController::showGallery(const SyntheticWindowSample& s, const QString& modelId,
                                             quint64 seed)
{
    // One gallery window, refilled by later runs, so they do not pile up.
    if (!m_window)
        createGalleryWindow();
    m_window->setWindowTitle(tr("Synthetic Windows — %1 — %2").arg(s.className, modelId));
    if (auto* caption = m_window->findChild<QLabel*>(QStringLiteral("caption")))
        caption->setText(tr("Model %1, seed %2: %3 real windows of %4, spread over "
                            "the class's windows, beside %5 sampled ones; all "
                            "z-scored with the model's statistics.")
                             .arg(modelId)
                             .arg(seed)
                             .arg(s.realCount)
                             .arg(s.className)
                             .arg(s.syntheticCount));
    m_gallery->setWindows(s.className, s.channelNames, s.length, s.sampleRateHz, s.real,
                          s.synthetic, std::max(s.realCount, s.syntheticCount));
    m_window->show();
    m_window->raise();
}

void SyntheticWindowsController::createGalleryWindow()
{
    auto* window = new QWidget(m_dialogParent, Qt::Window);
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
    m_window = window;
    m_gallery = gallery;
}

void SyntheticWindowsController::finishJob(int id, bool ok, const QString& text)
{
    m_jobs.finish(id, ok, text);
    Q_EMIT message(text);
}

} // namespace kinemark
