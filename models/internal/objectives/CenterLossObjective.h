#pragma once

#include "models/internal/objectives/TrainingObjective.h"

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

private:
    torch::Tensor m_centers;
    double m_lambda, m_alpha;
    torch::Tensor m_lastEmbedding, m_lastLabels;
};

} // namespace kinemark
