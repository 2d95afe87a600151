#include "models/internal/objectives/SupConObjective.h"

namespace kinemark {

SupConObjective::SupConObjective(const QVariantMap& h)
    : m_lambda(h.value(QStringLiteral("supcon_lambda")).toDouble()),
      m_temperature(h.value(QStringLiteral("temperature")).toDouble()),
      m_p(h.value(QStringLiteral("augment_p")).toDouble()),
      m_jitter(h.value(QStringLiteral("jitter_sigma")).toDouble()),
      m_scale(h.value(QStringLiteral("scale_sigma")).toDouble()),
      m_segments(std::max(1, h.value(QStringLiteral("permutation_segments")).toInt()))
{}

torch::Tensor SupConObjective::augment(const torch::Tensor& windows)
{
    torch::NoGradGuard noGrad;
    const int64_t b = windows.size(0), c = windows.size(1), l = windows.size(2);
    const auto chosen = [&](int64_t n) { return torch::rand({n}) < m_p; };
    torch::Tensor x = windows + m_jitter * torch::randn_like(windows);
    // Scaling and sign inversion: one factor per window and channel.
    const torch::Tensor scale = torch::where(
        chosen(b).view({b, 1, 1}), 1 + m_scale * torch::randn({b, c, 1}), torch::ones({b, c, 1}));
    const torch::Tensor sign = torch::where(
        chosen(b).view({b, 1, 1}), torch::randint(0, 2, {b, c, 1}).to(torch::kFloat) * 2 - 1,
        torch::ones({b, c, 1}));
    x = x * scale * sign;
    // Channel shuffle: a random order of the channels for the chosen windows.
    const torch::Tensor order =
        torch::where(chosen(b).view({b, 1}), torch::rand({b, c}).argsort(int64_t(1), false),
                     torch::arange(c).expand({b, c}));
    x = x.gather(1, order.unsqueeze(2).expand({b, c, l}));
    // Permutation: cut time into m_segments equal parts (the last takes the
    // remainder) and put them in a random order.
    if (m_segments > 1 && l >= m_segments) {
        const torch::Tensor permute = chosen(b);
        const int64_t part = l / m_segments;
        std::vector<int64_t> index(size_t(b * l));
        const torch::Tensor orders = torch::rand({b, m_segments}).argsort(int64_t(1), false);
        const auto o = orders.accessor<int64_t, 2>();
        const auto p = permute.accessor<bool, 1>();
        for (int64_t i = 0; i < b; ++i) {
            int64_t at = 0;
            for (int64_t s = 0; s < m_segments; ++s) {
                const int64_t segment = p[i] ? o[i][s] : s;
                const int64_t from = segment * part,
                              to = segment == m_segments - 1 ? l : from + part;
                for (int64_t t = from; t < to; ++t)
                    index[size_t(i * l + at++)] = t;
            }
        }
        const torch::Tensor time = torch::from_blob(index.data(), {b, 1, l}, torch::kLong).clone();
        x = x.gather(2, time.expand({b, c, l}));
    }
    return x;
}

torch::Tensor SupConObjective::supervisedContrastive(const torch::Tensor& z,
                                                     const torch::Tensor& labels,
                                                     const torch::Tensor& subjects,
                                                     double temperature)
{
    const torch::Tensor sameClass = labels.unsqueeze(1) == labels.unsqueeze(0);
    const torch::Tensor sameSubject = subjects.unsqueeze(1) == subjects.unsqueeze(0);
    const torch::Tensor positive = sameClass & sameSubject.logical_not();
    const torch::Tensor negative = sameClass.logical_not() & sameSubject;
    const torch::Tensor considered = positive | negative;
    const torch::Tensor similarity = z.matmul(z.t()) / temperature;
    // log of exp(s_ip) / sum over positives and negatives of exp(s_ia), stable.
    const torch::Tensor masked = similarity.masked_fill(considered.logical_not(), -1e9);
    const torch::Tensor logDenominator = torch::logsumexp(masked, 1, true);
    const torch::Tensor logProbability = similarity - logDenominator;
    const torch::Tensor positives = positive.to(torch::kFloat);
    const torch::Tensor count = positives.sum(1);
    const torch::Tensor anchors = count > 0;
    if (anchors.sum().item<int64_t>() == 0)
        return torch::zeros({}, z.options());
    const torch::Tensor perAnchor = -(logProbability * positives).sum(1) / count.clamp_min(1);
    return perAnchor.masked_select(anchors).mean();
}

TrainingObjective::Terms SupConObjective::losses(WindowNetwork& network,
                                                 const torch::Tensor& windows,
                                                 const torch::Tensor& labels,
                                                 const torch::Tensor& subjects)
{
    const WindowNetworkOutput out = network.forward(windows);
    const torch::Tensor ce = torch::nn::functional::cross_entropy(out.logits, labels);
    const torch::Tensor views = torch::cat({augment(windows), augment(windows)});
    const torch::Tensor projections = network.project(network.forward(views).embedding);
    const torch::Tensor supcon = supervisedContrastive(
        projections, torch::cat({labels, labels}), torch::cat({subjects, subjects}), m_temperature);
    return {{QStringLiteral("total"), ce + m_lambda * supcon},
            {QStringLiteral("cross-entropy"), ce},
            {QStringLiteral("supcon"), supcon}};
}

} // namespace kinemark
