#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/nn/selfpab/SelfPabNetwork.h"

#include <vector>

namespace kinemark {

class ChannelNormalisation;
struct JobControl;
class Recording;

// Softmax class probabilities of every STFT frame of `recording` (rows of
// classes): the windows of `windowing` (every stride, one flush with the end,
// a short recording padded), each frame's probabilities averaged over the
// windows that hold it. Eval mode, no gradients.
std::vector<float> selfPabFrameProbabilities(SelfPabClassifier& network, const Recording& recording,
                                             const SpectrogramWindowing& windowing,
                                             const ChannelNormalisation& featureNormalisation,
                                             int classes, const JobControl* job = nullptr,
                                             int batchSize = 4);

} // namespace kinemark
