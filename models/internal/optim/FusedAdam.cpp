#include "models/internal/optim/FusedAdam.h"

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

void FusedAdam::save(torch::serialize::OutputArchive& archive) const
{
    archive.write("step", torch::tensor(m_step, torch::kLong));
    archive.write("parameter_steps", torch::tensor(m_parameterSteps, torch::kLong));
    for (size_t k = 0; k < m_parameters.size(); ++k) {
        archive.write("m" + std::to_string(k), m_firstMoments[k]);
        archive.write("v" + std::to_string(k), m_secondMoments[k]);
    }
}

void FusedAdam::load(torch::serialize::InputArchive& archive)
{
    torch::NoGradGuard noGrad;
    torch::Tensor step, parameterSteps;
    archive.read("step", step);
    archive.read("parameter_steps", parameterSteps);
    if (parameterSteps.numel() != int64_t(m_parameters.size()))
        throw std::invalid_argument("FusedAdam: the saved state is for another set of parameters");
    m_step = step.item<int64_t>();
    for (size_t k = 0; k < m_parameters.size(); ++k) {
        m_parameterSteps[k] = parameterSteps[int64_t(k)].item<int64_t>();
        torch::Tensor m, v;
        archive.read("m" + std::to_string(k), m);
        archive.read("v" + std::to_string(k), v);
        if (!m.sizes().equals(m_firstMoments[k].sizes()) ||
            !v.sizes().equals(m_secondMoments[k].sizes()))
            throw std::invalid_argument("FusedAdam: the saved moments do not fit the parameters");
        m_firstMoments[k].copy_(m);
        m_secondMoments[k].copy_(v);
    }
}

} // namespace kinemark
