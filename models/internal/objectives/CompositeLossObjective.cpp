#include "models/internal/objectives/CompositeLossObjective.h"

namespace kinemark {

CompositeLossObjective::CompositeLossObjective(const QVariantMap& h)
    : m_adaptive(h.value(QStringLiteral("adaptive_loss")).toBool()),
      m_rule(3, h.value(QStringLiteral("loss_step")).toDouble()),
      m_fixed{h.value(QStringLiteral("ce_weight")).toDouble(),
              h.value(QStringLiteral("focal_weight")).toDouble(),
              h.value(QStringLiteral("smoothing_weight")).toDouble()},
      m_gamma(h.value(QStringLiteral("focal_gamma")).toDouble()),
      m_alpha(h.value(QStringLiteral("focal_alpha")).toDouble()),
      m_epsilon(h.value(QStringLiteral("smoothing")).toDouble())
{}

torch::Tensor CompositeLossObjective::focal(const torch::Tensor& logP, const torch::Tensor& labels,
                                            double gamma, double alpha)
{
    const torch::Tensor logPy = logP.gather(1, labels.unsqueeze(1)).squeeze(1);
    return (-alpha * (1 - logPy.exp()).pow(gamma) * logPy).mean();
}

torch::Tensor CompositeLossObjective::smoothed(const torch::Tensor& logP,
                                               const torch::Tensor& labels, double epsilon)
{
    const torch::Tensor nll = -logP.gather(1, labels.unsqueeze(1)).squeeze(1);
    return ((1 - epsilon) * nll - epsilon * logP.mean(1)).mean();
}

TrainingObjective::Terms CompositeLossObjective::losses(WindowNetwork& network,
                                                        const torch::Tensor& windows,
                                                        const torch::Tensor& labels,
                                                        const torch::Tensor&)
{
    const WindowNetworkOutput out = network.forward(windows);
    m_lastLogits = out.logits.detach();
    const torch::Tensor logP = torch::log_softmax(out.logits, 1);
    const torch::Tensor ce = torch::nll_loss(logP, labels);
    const torch::Tensor fl = focal(logP, labels, m_gamma, m_alpha);
    const torch::Tensor ls = smoothed(logP, labels, m_epsilon);
    const std::vector<double>& w = weights();
    return {{QStringLiteral("total"), w[0] * ce + w[1] * fl + w[2] * ls},
            {QStringLiteral("cross-entropy"), ce},
            {QStringLiteral("focal"), fl},
            {QStringLiteral("label smoothing"), ls}};
}

void CompositeLossObjective::afterEpoch(double trainingAccuracy)
{
    if (m_adaptive)
        m_rule.update(trainingAccuracy);
}

QMap<QString, double> CompositeLossObjective::epochReport() const
{
    // The weights the next epoch uses (after this epoch's feedback).
    const std::vector<double>& w = weights();
    return {{QStringLiteral("weight ce"), w[0]},
            {QStringLiteral("weight focal"), w[1]},
            {QStringLiteral("weight smoothing"), w[2]}};
}

} // namespace kinemark
