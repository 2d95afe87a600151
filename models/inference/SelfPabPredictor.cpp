#include "models/inference/SelfPabPredictor.h"

#include "models/internal/nn/selfpab/SelfPabFramePrediction.h"
#include "models/internal/nn/selfpab/SelfPabNetwork.h"
#include "models/internal/nn/window/WindowNetwork.h"

#include <stdexcept>

namespace kinemark {

struct SelfPabPredictor::Network
{
    ModelFile model;
    SelfPabClassifier network{nullptr};
};

SelfPabPredictor::SelfPabPredictor(const ModelFile& model) : d(std::make_unique<Network>())
{
    if (model.kind != QLatin1String("selfpab") || model.featureNormalisation.channelCount() == 0)
        throw std::invalid_argument(
            QStringLiteral("a model of kind '%1' is not a SelfPAB classifier")
                .arg(model.kind)
                .toStdString());
    d->model = model;
    const int features = int(model.featureNormalisation.channelCount());
    d->network = SelfPabClassifier(SelfPabEncoder(features, model.hyperparameters),
                                   int(model.classIds.size()), model.hyperparameters);
    loadWeights(*d->network, model.weights,
                QStringLiteral("model '%1' (%2)").arg(model.kind, model.created));
    d->network->eval();
}

SelfPabPredictor::~SelfPabPredictor() = default;

std::vector<float> SelfPabPredictor::frameProbabilities(const Recording& recording,
                                                        const JobControl* job) const
{
    const ModelFile& m = d->model;
    const QStringList problems = m.incompatibilities(recording);
    if (!problems.isEmpty())
        throw std::invalid_argument(QStringLiteral("the model cannot read recording '%1': %2")
                                        .arg(recording.id, problems.join(QStringLiteral("; ")))
                                        .toStdString());
    return selfPabFrameProbabilities(d->network, recording, m.spectrogramWindowing,
                                     m.featureNormalisation, int(m.classIds.size()), job);
}

Prediction SelfPabPredictor::predict(const Recording& recording, const QString& trackName,
                                     const JobControl* job) const
{
    const ModelFile& m = d->model;
    const int classes = int(m.classIds.size());
    const int64_t n = int64_t(recording.sampleCount());
    const int64_t hop = m.spectrogramWindowing.stft.hop;
    Prediction result;
    result.probabilities.start = 0;
    result.probabilities.step = hop;
    result.probabilities.classIds = m.classIds;
    result.probabilities.values = SpectrogramDataset::sampleRowsFromFrames(
        frameProbabilities(recording, job), n, m.spectrogramWindowing.stft, classes);
    result.track = AnnotationTrack(trackName, AnnotationTrack::Kind::Prediction, m.labelSetId);
    const int64_t rows = int64_t(result.probabilities.values.size()) / classes;
    int32_t runClass = kUnlabelled;
    int64_t runStart = 0;
    for (int64_t k = 0; k < rows; ++k) {
        const float* row = result.probabilities.values.data() + k * classes;
        const int32_t cls = m.classIds[size_t(std::max_element(row, row + classes) - row)];
        if (cls != runClass) {
            if (runClass != kUnlabelled)
                result.track.append(Segment{runStart, k * hop, runClass, {}, 0});
            runClass = cls;
            runStart = k * hop;
        }
    }
    if (runClass != kUnlabelled && runStart < n)
        result.track.append(Segment{runStart, n, runClass, {}, 0});
    return result;
}

} // namespace kinemark
