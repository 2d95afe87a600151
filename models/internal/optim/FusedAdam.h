#pragma once

// Internal to models/: includes LibTorch.
#include "models/file/TensorArchive.h"
#include "models/internal/LibTorch.h"
#include <QVariantMap>
#include <vector>

namespace kinemark {

// Adam and AdamW in one pass over each parameter.
//
// torch::optim::Adam runs about ten whole-tensor operations per parameter
// (mul_, add_, mul_, addcmul_, sqrt, div, add_, addcdiv_, and the zero_grad
// fill), each a full trip through memory. The cnn-center network has 2.4 M
// parameters, most of them in one 4096x512 layer that does not fit in cache, so
// those trips were a third of a training step. Here every element is read once
// and written once: the update is the same arithmetic as torch::optim::Adam
// (and AdamW with decoupled weight decay), and the gradient is cleared in the
// same pass, so the next backward accumulates into zeros without a separate
// zero_grad.
class FusedAdam
{
public:
    struct Options
    {
        double lr = 1e-3;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double weightDecay = 0;
        bool decoupledWeightDecay = false; // AdamW: p *= 1 - lr * wd; Adam: g += wd * p
    };

    FusedAdam(std::vector<torch::Tensor> parameters, const Options& options);

    // The optimiser the models' hyperparameters ask for: AdamW when they have a
    // weight_decay, Adam otherwise; learning rate from "lr".
    static FusedAdam fromHyperparameters(std::vector<torch::Tensor> parameters,
                                         const QVariantMap& hyperparameters);

    // One update from the current gradients, which are then zeroed.
    // Parameters without a gradient (unused in this batch) are left alone.
    void step();

    int64_t stepCount() const { return m_step; }
    const Options& options() const { return m_options; }
    // Schedules (warm-up, decay) set the rate before each step.
    void setLearningRate(double lr) { m_options.lr = lr; }

    // The moments and step counts, for checkpoints that resume training exactly:
    // entries prefix + "step", "parameter_steps", "m<k>", "v<k>". load throws
    // FormatError naming `source` and the entry when the archive does not fit the parameters.
    void save(TensorArchive& archive, const QString& prefix) const;
    void load(const TensorArchive& archive, const QString& prefix, const QString& source);

private:
    std::vector<torch::Tensor> m_parameters;
    std::vector<torch::Tensor> m_firstMoments;
    std::vector<torch::Tensor> m_secondMoments;
    std::vector<int64_t> m_parameterSteps; // Adam counts steps per parameter
    Options m_options;
    int64_t m_step = 0;
};

} // namespace kinemark
