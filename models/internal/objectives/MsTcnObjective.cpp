#include "models/internal/objectives/MsTcnObjective.h"

namespace kinemark {

namespace F = torch::nn::functional;

MsTcnObjective::MsTcnObjective(const QVariantMap& h, int classes, uint64_t seed)
    : m_classes(classes), m_smoothing(h.value(QStringLiteral("smoothing"), 0.15).toDouble()),
      m_lambda(h.value(QStringLiteral("contrast_lambda"), 1.0).toDouble()),
      m_temperature(h.value(QStringLiteral("temperature"), 0.1).toDouble()),
      m_sampleContrast(h.value(QStringLiteral("sample_contrast"), true).toBool()),
      m_segmentContrast(h.value(QStringLiteral("segment_contrast"), true).toBool()),
      m_boundaryRadius(h.value(QStringLiteral("boundary_radius"), 25).toInt()),
      m_sampler(h.value(QStringLiteral("examples_per_class"), 32).toInt()), m_rng(seed ^ 0x5eed000)
{}

torch::Tensor MsTcnObjective::supervisedContrastive(const torch::Tensor& z,
                                                    const torch::Tensor& labels, double temperature)
{
    const int64_t n = z.size(0);
    const torch::Tensor self = torch::eye(n, torch::TensorOptions().dtype(torch::kBool));
    const torch::Tensor positive =
        (labels.unsqueeze(1) == labels.unsqueeze(0)) & self.logical_not();
    const torch::Tensor similarity = z.matmul(z.t()) / temperature;
    const torch::Tensor logDenominator =
        torch::logsumexp(similarity.masked_fill(self, -1e9), 1, true);
    const torch::Tensor logProbability = similarity - logDenominator;
    const torch::Tensor positives = positive.to(torch::kFloat);
    const torch::Tensor count = positives.sum(1);
    const torch::Tensor anchors = count > 0;
    if (anchors.sum().item<int64_t>() == 0)
        return torch::zeros({}, z.options());
    const torch::Tensor perAnchor = -(logProbability * positives).sum(1) / count.clamp_min(1);
    return perAnchor.masked_select(anchors).mean();
}

torch::Tensor MsTcnObjective::contrast(MsTcnNetwork& network, size_t stage,
                                       const torch::Tensor& features, const torch::Tensor& logits,
                                       const std::vector<int64_t>& truth,
                                       const std::vector<uint8_t>& nearBoundary, int64_t length)
{
    const torch::Tensor projected = network.project(stage, features); // [B, P, T]
    const int64_t b = projected.size(0), p = projected.size(1);
    const torch::Tensor flat = projected.permute({0, 2, 1}).reshape({b * length, p});
    std::vector<torch::Tensor> examples;
    std::vector<int64_t> exampleLabels;
    if (m_sampleContrast) {
        const torch::Tensor predictedTensor = logits.detach().argmax(1).reshape({-1}).contiguous();
        const std::vector<int64_t> predicted(predictedTensor.data_ptr<int64_t>(),
                                             predictedTensor.data_ptr<int64_t>() +
                                                 predictedTensor.numel());
        std::vector<int64_t> chosen =
            m_sampler.select(truth, predicted, nearBoundary, m_classes, m_rng);
        if (!chosen.empty()) {
            const torch::Tensor index =
                torch::from_blob(chosen.data(), {int64_t(chosen.size())}, torch::kLong).clone();
            examples.push_back(flat.index_select(0, index));
            for (int64_t i : chosen)
                exampleLabels.push_back(truth[size_t(i)]);
        }
    }
    if (m_segmentContrast) {
        // Every run of one class inside a chunk is a ground-truth segment (or the part of one the
        // chunk holds).
        std::vector<torch::Tensor> means;
        for (int64_t row = 0; row < b; ++row) {
            int64_t start = 0;
            for (int64_t t = 1; t <= length; ++t) {
                const int64_t label = truth[size_t(row * length + start)];
                if (t < length && truth[size_t(row * length + t)] == label)
                    continue;
                if (label >= 0) {
                    means.push_back(flat.slice(0, row * length + start, row * length + t).mean(0));
                    exampleLabels.push_back(label);
                }
                start = t;
            }
        }
        if (!means.empty())
            examples.push_back(torch::stack(means));
    }
    if (examples.empty())
        return torch::zeros({}, projected.options());
    const torch::Tensor z = F::normalize(torch::cat(examples), F::NormalizeFuncOptions().dim(1));
    const torch::Tensor labels =
        torch::from_blob(exampleLabels.data(), {int64_t(exampleLabels.size())}, torch::kLong)
            .clone();
    return supervisedContrastive(z, labels, m_temperature);
}

MsTcnObjective::Terms MsTcnObjective::losses(MsTcnNetwork& network, const torch::Tensor& x,
                                             const torch::Tensor& labels)
{
    const MsTcnNetwork::Output out = network.forward(x);
    const int64_t b = labels.size(0), length = labels.size(1);
    const torch::Tensor flatLabels = labels.reshape({-1});
    const torch::Tensor valid = labels >= 0;
    const torch::Tensor neighbours =
        (valid.slice(1, 1) & valid.slice(1, 0, length - 1)).unsqueeze(1).to(torch::kFloat);
    const double neighbourCount = std::max(1.0, neighbours.sum().item<double>() * m_classes);
    const bool contrastOn = m_lambda > 0 && (m_sampleContrast || m_segmentContrast);
    std::vector<int64_t> truth;
    std::vector<uint8_t> nearBoundary;
    if (contrastOn) {
        const torch::Tensor l = flatLabels.contiguous();
        truth.assign(l.data_ptr<int64_t>(), l.data_ptr<int64_t>() + l.numel());
        nearBoundary = HardExampleSampler::boundaries(truth, length, m_boundaryRadius);
    }
    torch::Tensor ce = torch::zeros({}), smoothing = torch::zeros({}),
                  contrastive = torch::zeros({});
    for (size_t s = 0; s < out.logits.size(); ++s) {
        const torch::Tensor& logits = out.logits[s];
        ce = ce + F::cross_entropy(logits.permute({0, 2, 1}).reshape({b * length, m_classes}),
                                   flatLabels, F::CrossEntropyFuncOptions().ignore_index(-1));
        if (m_smoothing > 0) {
            const torch::Tensor logP = torch::log_softmax(logits, 1);
            const torch::Tensor difference =
                (logP.slice(2, 1) - logP.detach().slice(2, 0, length - 1)).pow(2).clamp(0, 16);
            smoothing = smoothing + (difference * neighbours).sum() / neighbourCount;
        }
        if (contrastOn)
            contrastive = contrastive + contrast(network, s, out.features[s], logits, truth,
                                                 nearBoundary, length);
    }
    const torch::Tensor total = ce + m_smoothing * smoothing + m_lambda * contrastive;
    return {{QStringLiteral("total"), total},
            {QStringLiteral("cross-entropy"), ce},
            {QStringLiteral("smoothing"), smoothing},
            {QStringLiteral("contrast"), contrastive}};
}

} // namespace kinemark
