#include "models/internal/objectives/CenterLossObjective.h"

namespace kinemark {

CenterLossObjective::CenterLossObjective(int classes, int embeddingSize, double lambda,
                                         double alpha)
    : m_centers(torch::zeros({classes, embeddingSize})), m_lambda(lambda), m_alpha(alpha)
{}

TrainingObjective::Terms CenterLossObjective::losses(WindowNetwork& network,
                                                     const torch::Tensor& windows,
                                                     const torch::Tensor& labels,
                                                     const torch::Tensor&)
{
    const WindowNetworkOutput out = network.forward(windows);
    const torch::Tensor ce = torch::nn::functional::cross_entropy(out.logits, labels);
    const torch::Tensor center =
        (out.embedding - m_centers.index_select(0, labels)).pow(2).sum(1).mean();
    m_lastEmbedding = out.embedding.detach();
    m_lastLabels = labels;
    return {{QStringLiteral("total"), ce + m_lambda * center},
            {QStringLiteral("cross-entropy"), ce},
            {QStringLiteral("center"), center}};
}

void CenterLossObjective::afterStep()
{
    if (!m_lastEmbedding.defined())
        return;
    torch::NoGradGuard noGrad;
    const int64_t classes = m_centers.size(0);
    torch::Tensor counts = torch::bincount(m_lastLabels, {}, classes).to(torch::kFloat);
    const torch::Tensor differences = m_centers.index_select(0, m_lastLabels) - m_lastEmbedding;
    torch::Tensor sums = torch::zeros_like(m_centers).index_add_(0, m_lastLabels, differences);
    if (m_rankSum) {
        std::vector<torch::Tensor> batch{counts, sums};
        m_rankSum(batch);
        counts = batch[0];
        sums = batch[1];
    }
    m_centers -= m_alpha * sums / (1 + counts).unsqueeze(1);
}

} // namespace kinemark
