#include "models/training/DiffusionTrainer.h"

#include "core/learning/ChannelNormalisation.h"
#include "core/learning/WindowSet.h"
#include "models/TrainingError.h"
#include "models/registry/ModelRegistry.h"
#include "models/runtime/TorchRuntime.h"
#include "models/training/TrainedModelFile.h"
#include "models/training/TrainingSelection.h"
#include "models/training/WindowModelTrainer.h"

#include <QJsonArray>

namespace kinemark {

std::vector<float> DiffusionTrainer::gatherAll(const WindowSet& set,
                                               const ChannelNormalisation& normalisation,
                                               std::vector<int32_t>* labels)
{
    std::vector<size_t> all(set.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    std::vector<float> out(set.size() * size_t(set.channelCount()) * size_t(set.length()));
    if (!all.empty())
        set.gather(all, out.data(), &normalisation);
    if (labels) {
        labels->resize(set.size());
        for (size_t i = 0; i < set.size(); ++i)
            (*labels)[i] = set.windows()[i].classIndex;
    }
    return out;
}

ModelFile DiffusionTrainer::train(const Project& project, const TrainingRequest& request,
                                  const TrainingObserver& observer, const JobControl* job)
{
    const QVariantMap h = ModelRegistry::resolve(request.model, request.hyperparameters);
    TorchRuntime::setThreadCount(request.threads);
    const QStringList trainingSubjects = TrainingSelection::trainingSubjects(project, request);
    const std::vector<int32_t> classIds = TrainingSelection::classes(project, request);
    if (classIds.empty())
        throw TrainingError("usad-diffusion needs at least one class with labelled samples");
    const auto recordings = TrainingSelection::labelledRecordings(project, trainingSubjects);
    if (recordings.empty())
        throw TrainingError("no recording with ground truth among the training subjects");
    const WindowingOptions windowing = WindowModelTrainer::windowing(h);
    reportProgress(job, 0.0, QStringLiteral("cutting windows"));
    const WindowSet windows = WindowSet::build(recordings, windowing, classIds, job);
    if (windows.size() == 0)
        throw TrainingError("the training subjects have no labelled windows of the chosen classes");
    const ChannelNormalisation normalisation = ChannelNormalisation::fit(recordings, job);
    std::vector<int32_t> labels;
    const std::vector<float> data = gatherAll(windows, normalisation, &labels);

    WindowDiffusion diffusion(windows.channelCount(), windowing.length, int(classIds.size()), h);
    double lastLoss = 0;
    diffusion.fit(
        data, labels, request.seed,
        [&](const TrainingProgress& p) {
            if (p.epochEnd)
                lastLoss = p.losses.value(QStringLiteral("total"));
            if (observer)
                observer(p);
        },
        job);

    ModelFile model = TrainedModelFile::start(project, request.model, h, classIds,
                                              *recordings.front(), request.seed);
    model.windowing = windowing;
    model.normalisation = normalisation;
    QJsonObject described;
    described[QStringLiteral("subjects")] = QJsonArray::fromStringList(trainingSubjects);
    described[QStringLiteral("windows")] = qint64(windows.size());
    described[QStringLiteral("windows_per_class")] =
        TrainedModelFile::perClass(classIds, windows.classCounts());
    described[QStringLiteral("final_noise_loss")] = lastLoss;
    model.trainingData = described;
    model.weights = diffusion.weights();
    return model;
}

std::unique_ptr<WindowDiffusion> DiffusionTrainer::load(const ModelFile& model)
{
    if (model.kind != QLatin1String("usad-diffusion"))
        throw std::invalid_argument(
            ("model '" + model.kind + "' is not a diffusion model").toStdString());
    auto diffusion =
        std::make_unique<WindowDiffusion>(int(model.channelNames.size()), model.windowing.length,
                                          int(model.classIds.size()), model.hyperparameters);
    diffusion->loadWeights(model.weights,
                           QStringLiteral("model '%1' (%2)").arg(model.kind, model.created));
    return diffusion;
}

} // namespace kinemark
