#pragma once

#include <cstddef>
#include <vector>

namespace kinemark {

// The cosine noise schedule of improved DDPM (seed 002's diffusion):
// f(t) = cos^2(((t / T) + s) / (1 + s) x pi / 2) with s = 0.008, and
// alpha_bar(t) = f(t) / f(0), so that t = 0 is the clean window (the bare
// formula is 0.99985 there). beta_t = 1 - alpha_bar(t) / alpha_bar(t - 1),
// capped at 0.999 so the last steps do not divide by ~0; alphaBar() is the
// product of (1 - beta) that the sampler really uses, which equals the
// formula except where the cap bites (the last step or two).
//
// Sampling may take fewer steps than T (respacing, as improved DDPM): the
// steps t_1 < ... < t_S evenly spread over 1..T, and from t_i to t_(i-1) the
// beta that joins their alpha_bars. Plain C++ (no LibTorch).
class CosineNoiseSchedule
{
public:
    explicit CosineNoiseSchedule(int steps, double offset = 0.008, double maxBeta = 0.999);

    int steps() const { return m_steps; }
    // The formula itself, f(t) / f(0), for t in [0, T] (also between integers).
    double formula(double t) const;
    // alpha_bar(t) for t = 0..T (1 at t = 0).
    double alphaBar(int t) const { return m_alphaBar[size_t(t)]; }
    // beta_t for t = 1..T.
    double beta(int t) const { return m_beta[size_t(t)]; }

    // Timesteps of a sampling run of `count` steps, ascending (t_1 .. t_S, t_S = T).
    std::vector<int> samplingTimesteps(int count) const;

private:
    int m_steps;
    double m_offset;
    std::vector<double> m_alphaBar;
    std::vector<double> m_beta; // [0] unused
};

} // namespace kinemark
