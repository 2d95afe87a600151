#include "Stft.h"

#include <kissfft/kiss_fftr.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kinemark {

// KissFFT configurations are read-only during a transform, so one plan serves
// all threads; only the output buffers are per call.
struct Stft::FftPlan
{
    kiss_fftr_cfg cfg = nullptr;
    ~FftPlan() { kiss_fftr_free(cfg); }
};

Stft::Stft(const StftParameters& parameters) : m_parameters(parameters)
{
    const int L = parameters.frameLength;
    if (L < 4 || L % 2 != 0 || parameters.hop < 1)
        throw std::invalid_argument("Stft: frame length must be even and >= 4, hop >= 1");
    m_method = parameters.method;
    if (m_method == StftParameters::Method::Auto)
        m_method = L <= 256 ? StftParameters::Method::DirectDft : StftParameters::Method::KissFft;

    // Periodic Hann (as torch.hann_window(periodic=True) and scipy's get_window('hann')).
    m_window.resize(size_t(L));
    for (int i = 0; i < L; ++i)
        m_window[size_t(i)] = float(0.5 - 0.5 * std::cos(2.0 * M_PI * i / L));

    if (m_method == StftParameters::Method::DirectDft) {
        // Sample-major layout: row i holds the windowed cos of every bin, then
        // the windowed sin. The transform then accumulates whole rows, which
        // vectorises across bins without reassociating any sum.
        const int bins = binCount();
        m_table.resize(size_t(L) * 2 * size_t(bins));
        for (int i = 0; i < L; ++i) {
            float* row = &m_table[size_t(i) * 2 * size_t(bins)];
            for (int k = 0; k < bins; ++k) {
                // Reduce k*i mod L first so the angle stays exact for long frames.
                const double angle = 2.0 * M_PI * double((int64_t(k) * i) % L) / L;
                row[k] = float(std::cos(angle) * m_window[size_t(i)]);
                row[bins + k] = float(std::sin(angle) * m_window[size_t(i)]);
            }
        }
    } else {
        m_fft = std::make_unique<FftPlan>();
        m_fft->cfg = kiss_fftr_alloc(L, 0, nullptr, nullptr);
        if (!m_fft->cfg)
            throw std::runtime_error("Stft: KissFFT could not plan the transform");
    }
}

Stft::~Stft() = default;

int64_t Stft::frameCount(int64_t sampleCount) const
{
    if (sampleCount < m_parameters.frameLength)
        return 0;
    return (sampleCount - m_parameters.frameLength) / m_parameters.hop + 1;
}

void Stft::computeDft(const float* frame, float* out, float* accumulators) const
{
    const int L = m_parameters.frameLength;
    const int width = 2 * binCount();
    std::fill(accumulators, accumulators + width, 0.f);
    for (int i = 0; i < L; ++i) {
        const float xi = frame[i];
        const float* row = &m_table[size_t(i) * size_t(width)];
        for (int k = 0; k < width; ++k)
            accumulators[k] += row[k] * xi;
    }
    const int bins = binCount();
    for (int k = 0; k < bins; ++k)
        out[k] = std::sqrt(accumulators[k] * accumulators[k] +
                           accumulators[bins + k] * accumulators[bins + k]);
}

void Stft::computeFft(const float* frame, float* out, float* in, void* spectrumBuffer) const
{
    const int L = m_parameters.frameLength;
    auto* spectrum = static_cast<kiss_fft_cpx*>(spectrumBuffer);
    for (int i = 0; i < L; ++i)
        in[i] = frame[i] * m_window[size_t(i)];
    kiss_fftr(m_fft->cfg, in, spectrum);
    for (int k = 0; k < binCount(); ++k)
        out[k] = std::sqrt(spectrum[k].r * spectrum[k].r + spectrum[k].i * spectrum[k].i);
}

void Stft::compute(const float* x, int64_t n, int64_t firstFrame, int64_t frames, float* out) const
{
    const int64_t available = frameCount(n);
    if (firstFrame < 0 || frames < 0 || firstFrame + frames > available)
        throw std::out_of_range("Stft::compute: frames beyond the signal");
    const int bins = binCount();
    // Per-call scratch keeps compute() safe to call from several threads at once.
    std::vector<float> windowed;
    std::vector<kiss_fft_cpx> spectrum;
    std::vector<float> accumulators(2 * static_cast<size_t>(bins));
    if (m_method == StftParameters::Method::KissFft) {
        windowed.resize(static_cast<size_t>(m_parameters.frameLength));
        spectrum.resize(static_cast<size_t>(bins));
    }
    for (int64_t f = 0; f < frames; ++f) {
        const float* frame = x + frameStart(firstFrame + f);
        float* row = out + f * bins;
        if (m_method == StftParameters::Method::DirectDft)
            computeDft(frame, row, accumulators.data());
        else
            computeFft(frame, row, windowed.data(), spectrum.data());
    }
}

} // namespace kinemark
