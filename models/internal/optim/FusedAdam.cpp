#include "models/internal/optim/FusedAdam.h"

#include "core/base/FormatError.h"
#include "models/internal/nn/ModuleTensors.h"

#include <ATen/Parallel.h>
#include <cmath>
#include <stdexcept>

namespace kinemark {

FusedAdam::FusedAdam(std::vector<torch::Tensor> parameters, const Options& options)
    : m_parameters(std::move(parameters)), m_options(options)
{
    for (const torch::Tensor& p : m_parameters) {
        if (p.scalar_type() != torch::kFloat || !p.is_contiguous() || p.device() != torch::kCPU)
            throw std::invalid_argument(
                "FusedAdam: parameters must be contiguous float tensors on the CPU");
        m_firstMoments.push_back(torch::zeros_like(p));
        m_secondMoments.push_back(torch::zeros_like(p));
        m_parameterSteps.push_back(0);
    }
}

FusedAdam FusedAdam::fromHyperparameters(std::vector<torch::Tensor> parameters,
                                         const QVariantMap& h)
{
    Options o;
    o.lr = h.value(QStringLiteral("lr")).toDouble();
    if (h.contains(QStringLiteral("weight_decay"))) {
        o.weightDecay = h.value(QStringLiteral("weight_decay")).toDouble();
        o.decoupledWeightDecay = true;
    }
    return FusedAdam(std::move(parameters), o);
}

void FusedAdam::step()
{
    torch::NoGradGuard noGrad;
    ++m_step;
    for (size_t k = 0; k < m_parameters.size(); ++k) {
        torch::Tensor& p = m_parameters[k];
        torch::Tensor grad = p.mutable_grad();
        if (!grad.defined())
            continue;
        if (!grad.is_contiguous()) { // not produced by our layers, but keep the loop below valid
            grad.copy_(grad.contiguous());
            if (!grad.is_contiguous())
                throw std::runtime_error("FusedAdam: a gradient is not contiguous");
        }
        const int64_t t = ++m_parameterSteps[k];
        // The arithmetic of torch::optim::Adam(W) 1.13, element by element.
        const double biasCorrection1 = 1 - std::pow(m_options.beta1, double(t));
        const double biasCorrection2 = 1 - std::pow(m_options.beta2, double(t));
        const float stepSize = float(m_options.lr / biasCorrection1);
        const float sqrtBiasCorrection2 = float(std::sqrt(biasCorrection2));
        const float beta1 = float(m_options.beta1), beta2 = float(m_options.beta2);
        const float oneMinusBeta1 = float(1 - m_options.beta1),
                    oneMinusBeta2 = float(1 - m_options.beta2);
        const float eps = float(m_options.eps);
        // Branch-free so that the loop vectorises: a decay that does not apply is 0, a scale 1.
        const float coupledDecay =
            m_options.decoupledWeightDecay ? 0.f : float(m_options.weightDecay);
        const float decoupledScale =
            m_options.decoupledWeightDecay ? float(1 - m_options.lr * m_options.weightDecay) : 1.f;

        float* const param = p.data_ptr<float>();
        float* const g = grad.data_ptr<float>();
        float* const m = m_firstMoments[k].data_ptr<float>();
        float* const v = m_secondMoments[k].data_ptr<float>();
        // Small tensors (biases) run inline; the big weight matrices split across the intra-op
        // threads.
        at::parallel_for(0, p.numel(), 16384, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                const float gi = g[i] + coupledDecay * param[i];
                param[i] *= decoupledScale;
                const float mi = beta1 * m[i] + oneMinusBeta1 * gi;
                const float vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                param[i] -= stepSize * mi / (std::sqrt(vi) / sqrtBiasCorrection2 + eps);
                g[i] = 0;
            }
        });
    }
}

void FusedAdam::save(TensorArchive& archive, const QString& prefix) const
{
    archive.entries.push_back(
        tensorEntry(prefix + QStringLiteral("step"), torch::tensor(m_step, torch::kLong)));
    archive.entries.push_back(tensorEntry(prefix + QStringLiteral("parameter_steps"),
                                          torch::tensor(m_parameterSteps, torch::kLong)));
    for (size_t k = 0; k < m_parameters.size(); ++k) {
        archive.entries.push_back(
            tensorEntry(prefix + QStringLiteral("m%1").arg(k), m_firstMoments[k]));
        archive.entries.push_back(
            tensorEntry(prefix + QStringLiteral("v%1").arg(k), m_secondMoments[k]));
    }
}

void FusedAdam::load(const TensorArchive& archive, const QString& prefix, const QString& source)
{
    const auto entry = [&](const QString& name) {
        const TensorArchive::Entry* e = archive.find(prefix + name);
        if (!e)
            throw FormatError(
                source,
                QStringLiteral("weights: no tensor '%1' for the optimiser").arg(prefix + name));
        return e;
    };
    for (const TensorArchive::Entry& e : archive.entries)
        if (e.name.startsWith(prefix) && e.name != prefix + QStringLiteral("step") &&
            e.name != prefix + QStringLiteral("parameter_steps")) {
            // "m<k>" or "v<k>" with k below the parameter count, nothing else.
            const QString rest = e.name.mid(prefix.size());
            bool ok = false;
            const qulonglong k = rest.mid(1).toULongLong(&ok);
            if (!(rest.startsWith(QLatin1Char('m')) || rest.startsWith(QLatin1Char('v'))) || !ok ||
                k >= m_parameters.size())
                throw FormatError(
                    source, QStringLiteral("weights: tensor '%1' has no place in the optimiser "
                                           "(%2 parameters)")
                                .arg(e.name)
                                .arg(m_parameters.size()));
        }
    // Read into copies first: a state that does not fit leaves the optimiser as it was.
    torch::Tensor step = torch::zeros({}, torch::kLong);
    torch::Tensor parameterSteps = torch::zeros({int64_t(m_parameters.size())}, torch::kLong);
    copyEntryInto(*entry(QStringLiteral("step")), step, source);
    copyEntryInto(*entry(QStringLiteral("parameter_steps")), parameterSteps, source);
    std::vector<torch::Tensor> first, second;
    for (size_t k = 0; k < m_parameters.size(); ++k) {
        first.push_back(torch::empty_like(m_firstMoments[k]));
        second.push_back(torch::empty_like(m_secondMoments[k]));
        copyEntryInto(*entry(QStringLiteral("m%1").arg(k)), first.back(), source);
        copyEntryInto(*entry(QStringLiteral("v%1").arg(k)), second.back(), source);
    }
    torch::NoGradGuard noGrad;
    m_step = step.item<int64_t>();
    for (size_t k = 0; k < m_parameters.size(); ++k) {
        m_parameterSteps[k] = parameterSteps[int64_t(k)].item<int64_t>();
        m_firstMoments[k].copy_(first[k]);
        m_secondMoments[k].copy_(second[k]);
    }
}

} // namespace kinemark
