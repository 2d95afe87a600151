#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace kinemark {

// Short-time Fourier transform magnitudes of one channel, frame by frame.
// Defaults follow SelfPAB: 1 s periodic Hann frames (50 samples at 50 Hz),
// 0.5 s hop, no centring, magnitude only: 26 bins from 0 to 25 Hz.
struct StftParameters
{
    int frameLength = 50; // samples; must be even and >= 4
    int hop = 25;         // samples between frame starts
    // How the spectrum is computed. For short frames a direct DFT beats an FFT
    // call per frame: eight frames at a time, one per SIMD lane, folded twice by
    // the symmetries of a real input's DFT, then a small matrix product with a
    // cos/sin table (AVX2 when the CPU has it). KissFFT wins for long frames.
    enum class Method
    {
        Auto,
        DirectDft,
        KissFft
    };
    Method method = Method::Auto;
};

class Stft
{
public:
    explicit Stft(const StftParameters& parameters = StftParameters());
    ~Stft();
    Stft(const Stft&) = delete;
    Stft& operator=(const Stft&) = delete;

    const StftParameters& parameters() const { return m_parameters; }
    int binCount() const { return m_parameters.frameLength / 2 + 1; }
    // Frequency of bin k in Hz for a given sampling rate.
    double binFrequency(int bin, double sampleRateHz) const
    {
        return bin * sampleRateHz / m_parameters.frameLength;
    }
    // Number of whole frames in `sampleCount` samples (no padding).
    int64_t frameCount(int64_t sampleCount) const;
    // Frame f starts at sample f * hop.
    int64_t frameStart(int64_t frame) const { return frame * m_parameters.hop; }
    StftParameters::Method effectiveMethod() const { return m_method; }

    // Magnitudes of frames [firstFrame, firstFrame + frames) of x (n samples),
    // row-major frames x binCount() into `out`. Thread-safe: each call uses its own scratch.
    void compute(const float* x, int64_t n, int64_t firstFrame, int64_t frames, float* out) const;

private:
    void computeFft(const float* x, int64_t firstFrame, int64_t frames, float* out) const;

    StftParameters m_parameters;
    StftParameters::Method m_method;
    std::vector<float> m_window;
    // Direct DFT: the folded cos/sin table and where each bin's terms are (Stft.cpp).
    struct DftPlan;
    std::unique_ptr<DftPlan> m_dft;
};

} // namespace kinemark
