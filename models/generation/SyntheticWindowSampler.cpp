#include "models/generation/SyntheticWindowSampler.h"

#include "core/learning/WindowSet.h"
#include "models/TrainingError.h"
#include "models/file/ModelFile.h"
#include "models/training/DiffusionTrainer.h"

#include <QJsonArray>
#include <algorithm>

namespace kinemark {

SyntheticWindowSample SyntheticWindowSampler::sample(const ModelFile& model, const Project& project,
                                                     int32_t classId, int count, uint64_t seed,
                                                     const JobControl* job)
{
    if (model.kind != QLatin1String("usad-diffusion"))
        throw std::invalid_argument(
            ("model '" + model.kind + "' is not a diffusion model").toStdString());
    const auto at = std::find(model.classIds.begin(), model.classIds.end(), classId);
    if (at == model.classIds.end())
        throw std::invalid_argument(
            QStringLiteral("the model was not trained on class %1").arg(classId).toStdString());
    if (count < 1)
        throw std::invalid_argument("at least one window is needed");
    const int32_t index = int32_t(at - model.classIds.begin());

    const QStringList subjects =
        model.trainingData.value(QStringLiteral("subjects")).toVariant().toStringList();
    std::vector<std::shared_ptr<const Recording>> readable, training;
    for (const auto& r : project.recordings) {
        if (!r->groundTruth() || !model.incompatibilities(*r).isEmpty())
            continue;
        readable.push_back(r);
        if (subjects.contains(r->subjectId))
            training.push_back(r);
    }
    const auto& recordings = training.empty() ? readable : training;
    if (recordings.empty())
        throw TrainingError("no annotated recording in the project fits the model");

    // Cutting windows is quick next to sampling: the first 10 % of the bar.
    JobControl cutting;
    if (job) {
        cutting.cancelRequested = job->cancelRequested;
        cutting.progress = [job](double f, const QString&) {
            job->report(0.1 * f, QStringLiteral("cutting windows"));
        };
    }
    const WindowSet set = WindowSet::build(recordings, model.windowing, {classId}, &cutting);
    if (set.size() == 0)
        throw TrainingError(QStringLiteral("the project has no window of class %1 (%2)")
                                .arg(classId)
                                .arg(model.classNames.value(int(index)))
                                .toStdString());
    const int real = int(std::min<size_t>(size_t(count), set.size()));
    std::vector<size_t> picked;
    for (int i = 0; i < real; ++i)
        picked.push_back(size_t(i) * set.size() / size_t(real));

    SyntheticWindowSample out;
    out.classId = classId;
    out.className = model.classNames.value(int(index));
    out.channelNames = model.channelNames;
    out.length = model.windowing.length;
    out.sampleRateHz = model.sampleRateHz;
    out.realCount = real;
    out.real.resize(picked.size() * size_t(set.channelCount()) * size_t(set.length()));
    set.gather(picked, out.real.data(), &model.normalisation);

    throwIfCancelled(job);
    reportProgress(job, 0.1, QStringLiteral("sampling %1 windows").arg(count));
    auto diffusion = DiffusionTrainer::load(model);
    // WindowDiffusion reports per batch of 256 windows, so a gallery's handful
    // would show no movement: one window at a time moves the bar, each with its
    // own seed so the windows stay reproducible for (seed, count). The sampler
    // only sees the cancel flag: its own progress would jump to 1 per window.
    JobControl cancelOnly;
    cancelOnly.cancelRequested = job ? job->cancelRequested : nullptr;
    for (int i = 0; i < count; ++i) {
        const std::vector<float> one = diffusion->sample({index}, seed + uint64_t(i), &cancelOnly);
        out.synthetic.insert(out.synthetic.end(), one.begin(), one.end());
        reportProgress(job, 0.1 + 0.9 * double(i + 1) / double(count),
                       QStringLiteral("sampled %1 of %2 windows").arg(i + 1).arg(count));
    }
    out.syntheticCount = count;
    return out;
}

} // namespace kinemark
