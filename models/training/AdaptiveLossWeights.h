#pragma once

#include <vector>

namespace kinemark {

// Seed 002's feedback rule for the weights of a composite loss. The weights
// start uniform and sum to 1. After every epoch the trainer reports the
// epoch's accuracy: when it improved on the previous epoch's, `step` of
// weight moves from the largest term to the smallest (the loss spreads out
// while things go well); otherwise it moves from the smallest to the largest
// (back toward the term that dominated). The first epoch only sets the
// reference accuracy.
//
// Clamping: a move is shortened so that no weight leaves [minimum, maximum]
// (the paper's [0.1, 0.8]); the sum stays exactly 1. Ties: the largest is
// the first of equal weights, the smallest the last, so from uniform weights
// the first term (cross-entropy) gives to the last (label smoothing).
//
// Plain C++ (no LibTorch): the objective applies the weights, this class only decides them.
class AdaptiveLossWeights
{
public:
    AdaptiveLossWeights(int terms, double step, double minimum = 0.1, double maximum = 0.8);

    const std::vector<double>& weights() const { return m_weights; }
    // Applies the rule for an epoch's accuracy (a NaN accuracy changes nothing).
    void update(double accuracy);
    // Every weight vector so far, starting with the uniform one (one per update()).
    const std::vector<std::vector<double>>& history() const { return m_history; }

private:
    std::vector<double> m_weights;
    std::vector<std::vector<double>> m_history;
    double m_step, m_minimum, m_maximum;
    double m_previousAccuracy;
    bool m_hasPrevious = false;
};

} // namespace kinemark
