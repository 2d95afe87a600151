#include "models/internal/nn/diffusion/DiffusionDenoiser.h"

#include <cmath>
#include <stdexcept>

namespace kinemark {

namespace nn = torch::nn;

namespace {
// Groups of the group norms: 8 when the width allows (improved DDPM uses 32
// on much wider layers), fewer otherwise.
int groupsFor(int width)
{
    for (int g : {8, 4, 2})
        if (width % g == 0)
            return g;
    return 1;
}
} // namespace

DiffusionDenoiserImpl::DiffusionDenoiserImpl(int channels, int length, int classes, int width,
                                             int blocks, double dropout)
    : m_width(width)
{
    if (width < 2 || width % 2 != 0 || blocks < 1)
        throw std::invalid_argument(
            "usad-diffusion needs an even width >= 2 and at least one block");
    const int condition = 2 * width;
    const int statistics = 3 * channels;
    m_prototypes = register_buffer("prototypes", torch::zeros({classes, channels, length}));
    m_statisticsMean = register_buffer("statistics_mean", torch::zeros({classes, statistics}));
    m_statisticsStd = register_buffer("statistics_std", torch::ones({classes, statistics}));
    m_classWeights = register_buffer("class_weights", torch::ones({classes}));
    m_input =
        register_module("input", nn::Conv1d(nn::Conv1dOptions(2 * channels, width, 3).padding(1)));
    m_time = register_module("time", nn::Sequential(nn::Linear(width, condition), nn::SiLU(),
                                                    nn::Linear(condition, condition)));
    m_label = register_module("label", nn::Embedding(classes, condition));
    m_statistics = register_module("statistics", nn::Linear(statistics, condition));
    for (int i = 0; i < blocks; ++i)
        m_blocks.push_back(register_module(
            "block" + std::to_string(i + 1),
            AdaGnResidualBlock(width, condition, 1 << (i % 6), groupsFor(width), dropout)));
    m_outputNorm = register_module("output_norm", nn::GroupNorm(groupsFor(width), width));
    m_output =
        register_module("output", nn::Conv1d(nn::Conv1dOptions(width, channels, 3).padding(1)));
    torch::NoGradGuard noGrad;
    m_output->weight.zero_(); // starts predicting no noise; improved DDPM's zero-initialised output
    m_output->bias.zero_();
}

torch::Tensor DiffusionDenoiserImpl::timeEmbedding(const torch::Tensor& timesteps) const
{
    const int half = m_width / 2;
    const torch::Tensor frequencies =
        torch::exp(-std::log(10000.0) * torch::arange(half, torch::kFloat) / double(half));
    const torch::Tensor arguments =
        timesteps.to(torch::kFloat).unsqueeze(1) * frequencies.unsqueeze(0);
    return torch::cat({torch::cos(arguments), torch::sin(arguments)}, 1);
}

torch::Tensor DiffusionDenoiserImpl::forward(const torch::Tensor& noisy,
                                             const torch::Tensor& timesteps,
                                             const torch::Tensor& labels,
                                             const torch::Tensor& statistics)
{
    const torch::Tensor condition = m_time->forward(timeEmbedding(timesteps)) +
                                    m_label->forward(labels) + m_statistics->forward(statistics);
    torch::Tensor h =
        m_input->forward(torch::cat({noisy, m_prototypes.index_select(0, labels)}, 1));
    for (AdaGnResidualBlock& b : m_blocks)
        h = b->forward(h, condition);
    return m_output->forward(torch::silu(m_outputNorm->forward(h)));
}

torch::Tensor DiffusionDenoiserImpl::statistics(const torch::Tensor& windows)
{
    const torch::Tensor mean = windows.mean(2, true);
    const torch::Tensor centred = windows - mean;
    const torch::Tensor std = centred.pow(2).mean(2, true).sqrt().clamp_min(1e-3);
    const torch::Tensor skewness = centred.pow(3).mean(2, true) / std.pow(3);
    return torch::cat({mean, std, skewness}, 2)
        .flatten(1); // [B, C*3]: per channel (mean, std, skew)
}

void DiffusionDenoiserImpl::fitConditioning(const torch::Tensor& windows,
                                            const torch::Tensor& labels)
{
    torch::NoGradGuard noGrad;
    const int64_t classes = m_prototypes.size(0);
    const torch::Tensor counts = torch::bincount(labels, {}, classes).to(torch::kFloat);
    const torch::Tensor s = statistics(windows);
    for (int64_t k = 0; k < classes; ++k) {
        const torch::Tensor mine = labels == k;
        if (counts[k].item<float>() < 1)
            continue;
        m_prototypes[k].copy_(windows.index({mine}).mean(0));
        const torch::Tensor sk = s.index({mine});
        m_statisticsMean[k].copy_(sk.mean(0));
        if (sk.size(0) > 1)
            m_statisticsStd[k].copy_(sk.std(0).clamp_min(1e-3));
    }
    const int64_t present = (counts > 0).sum().item<int64_t>();
    const torch::Tensor weights =
        torch::where(counts > 0, double(labels.size(0)) / (double(present) * counts.clamp_min(1)),
                     torch::zeros_like(counts));
    m_classWeights.copy_(weights.clamp_max(10.0));
}

torch::Tensor DiffusionDenoiserImpl::drawStatistics(const torch::Tensor& labels,
                                                    at::Generator& generator) const
{
    const torch::Tensor mean = m_statisticsMean.index_select(0, labels);
    const torch::Tensor std = m_statisticsStd.index_select(0, labels);
    return mean + std * torch::randn(mean.sizes(), generator);
}

} // namespace kinemark
