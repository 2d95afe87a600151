#include "models/registry/SuggestedEpochs.h"

#include <algorithm>

namespace kinemark {

int SuggestedEpochs::of(const ModelInfo& model, int64_t trainingExamples, int batch)
{
    const int paper = model.defaults.value(QStringLiteral("epochs")).toInt();
    if (!model.classifier() || model.input == ModelInfo::Input::Spectrograms ||
        trainingExamples <= 0 || batch < 1)
        return paper;
    const int64_t batches = (trainingExamples + batch - 1) / batch;
    const int64_t epochs = (kOptimiserSteps + batches - 1) / batches;
    return int(std::clamp<int64_t>(epochs, std::min(kMinimumEpochs, paper), paper));
}

} // namespace kinemark
