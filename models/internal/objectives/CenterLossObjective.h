#pragma once

#include "models/internal/objectives/TrainingObjective.h"

#include <functional>

namespace kinemark {

// Seed 004: cross-entropy + lambda * center loss, center loss = (1/B) sum
// ||x_i - c_{y_i}||^2 on the embedding. The centers are not parameters: after
// each step they move toward their class's embeddings in the batch with their
// own rate alpha, c_j -= alpha * sum_{y_i = j}(c_j - x_i) / (1 + n_j).
class CenterLossObjective : public TrainingObjective
{
public:
    CenterLossObjective(int classes, int embeddingSize, double lambda, double alpha);
    Terms losses(WindowNetwork& network, const torch::Tensor& windows, const torch::Tensor& labels,
                 const torch::Tensor& subjects) override;
    void afterStep() override;
    const torch::Tensor& centers() const { return m_centers; }
    // Data parallel: sums the step's per-class counts and differences over the
    // ranks, so the centers move by the whole batch as in one process.
    void setRankSum(std::function<void(std::vector<torch::Tensor>&)> sum)
    {
        m_rankSum = std::move(sum);
    }

private:
    torch::Tensor m_centers;
    double m_lambda, m_alpha;
    torch::Tensor m_lastEmbedding, m_lastLabels;
    std::function<void(std::vector<torch::Tensor>&)> m_rankSum;
};

} // namespace kinemark
