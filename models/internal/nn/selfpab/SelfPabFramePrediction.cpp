#include "models/internal/nn/selfpab/SelfPabFramePrediction.h"

#include "core/base/JobControl.h"
#include "core/learning/ChannelNormalisation.h"
#include "core/model/Recording.h"

namespace kinemark {

std::vector<float> selfPabFrameProbabilities(SelfPabClassifier& network, const Recording& recording,
                                             const SpectrogramWindowing& windowing,
                                             const ChannelNormalisation& featureNormalisation,
                                             int classes, const JobControl* job, int batchSize)
{
    torch::NoGradGuard noGrad;
    network->eval();
    // A non-owning pointer: the caller keeps the recording alive for the call.
    const std::shared_ptr<const Recording> view(&recording, [](const Recording*) {});
    const SpectrogramDataset set = SpectrogramDataset::build({view}, windowing);
    const int64_t frameCount = set.stft().frameCount(int64_t(recording.sampleCount()));
    std::vector<float> sums(size_t(std::max<int64_t>(0, frameCount)) * size_t(classes), 0.0f);
    std::vector<int> counts(size_t(std::max<int64_t>(0, frameCount)), 0);
    const int64_t frames = set.windowFrames(), features = set.featureCount();
    std::vector<float> input;
    std::vector<uint8_t> valid;
    for (size_t first = 0; first < set.size(); first += size_t(batchSize)) {
        throwIfCancelled(job);
        std::vector<size_t> batch;
        for (size_t i = first; i < std::min(set.size(), first + size_t(batchSize)); ++i)
            batch.push_back(i);
        const int64_t n = int64_t(batch.size());
        input.resize(size_t(n * frames * features));
        valid.resize(size_t(n * frames));
        set.gather(batch, input.data(), nullptr, valid.data(), &featureNormalisation);
        const torch::Tensor x = torch::from_blob(input.data(), {n, frames, features});
        const bool padded = std::find(valid.begin(), valid.end(), uint8_t(0)) != valid.end();
        const torch::Tensor padding =
            padded ? torch::from_blob(valid.data(), {n, frames}, torch::kUInt8).eq(0)
                   : torch::Tensor();
        const torch::Tensor p = torch::softmax(network->forward(x, padding), 2).contiguous();
        const float* rows = p.data_ptr<float>();
        for (int64_t b = 0; b < n; ++b) {
            const SpectrogramDataset::Window& w = set.windows()[batch[size_t(b)]];
            for (int64_t f = 0; f < w.frames; ++f) {
                const float* row = rows + (b * frames + f) * classes;
                float* sum = sums.data() + (w.firstFrame + f) * classes;
                for (int c = 0; c < classes; ++c)
                    sum[c] += row[c];
                ++counts[size_t(w.firstFrame + f)];
            }
        }
        reportProgress(job, double(first + batch.size()) / double(set.size()));
    }
    for (int64_t f = 0; f < frameCount; ++f)
        for (int c = 0; c < classes; ++c)
            sums[size_t(f * classes + c)] /= float(std::max(1, counts[size_t(f)]));
    return sums;
}

} // namespace kinemark
