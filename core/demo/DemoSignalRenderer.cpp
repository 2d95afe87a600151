#include "core/demo/DemoSignalRenderer.h"

#include "core/demo/DeterministicMath.h"

#include <algorithm>
#include <cmath>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace kinemark::demo {

namespace {

constexpr double kGravity = 9.80665;  // m/s², to express segment accelerations in g
constexpr double kThighRadius = 0.35; // m from the hip to the thigh sensor (10 cm above the knee)
constexpr double kClipG = 8.0;        // AX3 default range ±8 g

void blend(const Pose& a, const Pose& b, double w, Pose& r)
{
    r.backPitch = a.backPitch + w * (b.backPitch - a.backPitch);
    r.backRoll = a.backRoll + w * (b.backRoll - a.backRoll);
    r.thighPitch = a.thighPitch + w * (b.thighPitch - a.thighPitch);
    r.thighRoll = a.thighRoll + w * (b.thighRoll - a.thighRoll);
}

void blend(const Motion& a, const Motion& b, double w, Motion& r)
{
    for (size_t i = 0; i < r.size(); ++i)
        r[i] = a[i] + w * (b[i] - a[i]);
    // The cadence of a movement fading in or out is that of the moving side.
    if (a[kStrideHz] == 0)
        r[kStrideHz] = b[kStrideHz];
    else if (b[kStrideHz] == 0)
        r[kStrideHz] = a[kStrideHz];
}

} // namespace

DemoSignalRenderer::DemoSignalRenderer(uint64_t seed, double sampleRateHz)
    : m_rng(seed), m_fs(sampleRateHz), m_t(SineTable::instance())
{
    m_back = makeDevice();
    m_thigh = makeDevice();
    // Glitches: single-sample spikes, on average a few per hour per sensor.
    m_back.nextSpike = spikeInterval();
    m_thigh.nextSpike = spikeInterval();
    // Slow postural sway: unit-variance AR(1) with a 1.5 s time constant.
    m_swayA = detExp(-1.0 / (1.5 * m_fs));
    m_swayB = std::sqrt(1 - m_swayA * m_swayA);
    makeImpulse();
}

DemoSignalRenderer::Device DemoSignalRenderer::makeDevice()
{
    // A few degrees of mounting error about each axis.
    const double a = m_rng.normal(0, 0.06), b = m_rng.normal(0, 0.06), c = m_rng.normal(0, 0.06);
    const double ca = m_t.cosRad(a), sa = m_t.sinRad(a), cb = m_t.cosRad(b), sb = m_t.sinRad(b);
    const double cc = m_t.cosRad(c), sc = m_t.sinRad(c);
    Device d;
    // R = Rz(c) * Ry(b) * Rx(a)
    d.mount = {cc * cb,
               cc * sb * sa - sc * ca,
               cc * sb * ca + sc * sa,
               sc * cb,
               sc * sb * sa + cc * ca,
               sc * sb * ca - cc * sa,
               -sb,
               cb * sa,
               cb * ca};
    for (int i = 0; i < 3; ++i) {
        d.gain[size_t(i)] = 1 + m_rng.normal(0, 0.005); // calibration error
        d.offset[size_t(i)] = m_rng.normal(0, 0.01);
    }
    return d;
}

// Foot-contact transient: a sharp rise and a damped rebound, ~0.2 s.
void DemoSignalRenderer::makeImpulse()
{
    const int n = std::max(2, int(0.2 * m_fs + 0.5));
    double peak = 0;
    for (int i = 0; i < n; ++i) {
        const double t = i / m_fs;
        const double v = (t / 0.02) * detExp(1 - t / 0.02) * m_t.cosRad(kTwoPi * 6 * t);
        m_impulse.push_back(v);
        peak = std::max(peak, std::fabs(v));
    }
    for (double& v : m_impulse)
        v /= peak;
    m_impactBodyPos = m_impactThighPos = m_impulse.size();
}

void DemoSignalRenderer::render(const std::vector<DemoPiece>& pieces, float* const* out)
{
    Pose pose;
    Motion motion{};
    Pose fromPose;
    Motion fromMotion{};
    for (const DemoPiece& piece : pieces) {
        if (&piece == &pieces.front()) {
            fromPose = piece.pose;
            fromMotion = piece.motion;
        }
        for (int64_t i = piece.start; i < piece.end; ++i) {
            const Pose* p = &piece.pose;
            const Motion* m = &piece.motion;
            double lean = 0;
            const int64_t k = i - piece.start;
            if (k < piece.ramp) {
                const double u = (double(k) + 0.5) / double(piece.ramp);
                const double w = u * u * (3 - 2 * u); // smoothstep: no jerk at either end
                blend(fromPose, piece.pose, w, pose);
                blend(fromMotion, piece.motion, w, motion);
                p = &pose;
                m = &motion;
                lean = piece.transitionLean * m_t.sinCycles(0.5 * u);
            }
            sample(i, *p, *m, lean, out);
        }
        fromPose = piece.pose;
        fromMotion = piece.motion;
    }
}

int64_t DemoSignalRenderer::spikeInterval()
{
    return 1 + int64_t(m_rng.exponential(20 * 60) * m_fs);
}

void DemoSignalRenderer::sample(int64_t i, const Pose& pose, const Motion& m, double lean,
                                float* const* out)
{
    Kinematics k;
    k.thighPitch = pose.thighPitch;
    k.backPitch = pose.backPitch + lean;
    if (m[kStrideHz] > 0)
        addStride(m, k);
    if (m_impactBodyPos < m_impulse.size())
        k.up += m_impactBodyAmp * m_impulse[m_impactBodyPos++];
    if (m_impactThighPos < m_impulse.size())
        k.thighX -= m_impactThighAmp * m_impulse[m_impactThighPos++];

    for (double& v : m_sway)
        v = m_swayA * v + m_swayB * m_rng.fastNormal();
    const double sway = m[kSway];
    k.backPitch += sway * m_sway[0];
    k.thighPitch += sway * m_sway[2];

    const double noise = std::sqrt(0.006 * 0.006 + m[kVibration] * m[kVibration]);
    writeSample(i, m_back, -1, k.backPitch, pose.backRoll, sway * m_sway[1], k, 0, 0, noise, out[0],
                out[1], out[2]);
    writeSample(i, m_thigh, +1, k.thighPitch, pose.thighRoll, sway * m_sway[3], k, k.thighX,
                k.thighZ, noise, out[3], out[4], out[5]);
}

// Gait or pedalling: advances the stride phase (every stride gets its own
// cadence and amplitude, and each foot contact a transient) and adds the
// stride's harmonics to the body's force and the segments' angles.
void DemoSignalRenderer::addStride(const Motion& m, Kinematics& k)
{
    const double strideHz = m[kStrideHz];
    const double previous = m_phase;
    m_phase += strideHz * m_cadence / m_fs;
    if (m_phase >= 1) {
        m_phase -= 1;
        m_cadence = std::clamp(1 + m[kCadenceJitter] * m_rng.normal(), 0.6, 1.4);
        m_amplitude = std::max(0.0, 1 + m[kAmplitudeJitter] * m_rng.normal());
        startImpact(m, true);
    } else if (previous < 0.5 && m_phase >= 0.5) {
        startImpact(m, false);
    }
    std::array<double, kHarmonics + 1> c, s;
    s[1] = m_t.sinCycles(m_phase);
    c[1] = m_t.cosCycles(m_phase);
    c[0] = 1;
    s[0] = 0;
    for (int h = 2; h <= kHarmonics; ++h) { // Chebyshev recurrence for k theta
        s[size_t(h)] = 2 * c[1] * s[size_t(h - 1)] - s[size_t(h - 2)];
        c[size_t(h)] = 2 * c[1] * c[size_t(h - 1)] - c[size_t(h - 2)];
    }
    const double a = m_amplitude;
    const auto series = [&](int slot) {
        double r = 0;
        for (int h = 1; h <= kHarmonics; ++h)
            r += m[size_t(slot + 2 * h - 2)] * c[size_t(h)] +
                 m[size_t(slot + 2 * h - 1)] * s[size_t(h)];
        return a * r;
    };
    k.up += series(kVertical);
    k.forward = series(kForward);
    k.left = series(kLateral);
    k.backPitch += series(kTrunkPitch);
    k.thighPitch += series(kThighSwing);
    // Tangential and centripetal acceleration of the swinging thigh.
    const double omega = kTwoPi * strideHz * m_cadence;
    double rate = 0, accel = 0;
    for (int h = 1; h <= kHarmonics; ++h) {
        const double cc = m[size_t(kThighSwing + 2 * h - 2)];
        const double ss = m[size_t(kThighSwing + 2 * h - 1)];
        const double w = h * omega;
        rate += w * (ss * c[size_t(h)] - cc * s[size_t(h)]);
        accel -= w * w * (cc * c[size_t(h)] + ss * s[size_t(h)]);
    }
    rate *= a;
    accel *= a;
    k.thighX = -kThighRadius * rate * rate / kGravity;
    k.thighZ = kThighRadius * accel / kGravity;
}

void DemoSignalRenderer::startImpact(const Motion& m, bool ownFoot)
{
    if (m[kImpactBody] > 0) {
        m_impactBodyAmp = m[kImpactBody] * m_amplitude * std::max(0.0, 1 + 0.25 * m_rng.normal());
        m_impactBodyPos = 0;
    }
    if (ownFoot && m[kImpactThigh] > 0) {
        m_impactThighAmp = m[kImpactThigh] * m_amplitude * std::max(0.0, 1 + 0.25 * m_rng.normal());
        m_impactThighPos = 0;
    }
}

// Specific force of one sensor: the body-frame force seen through the
// segment's pitch (mounting sign s: +1 z anterior, -1 z posterior), plus
// the segment's own acceleration, rolled about the segment, tilted
// sideways by the sway, then mounting, calibration, noise and glitches.
void DemoSignalRenderer::writeSample(int64_t i, Device& d, double s, double pitch, double roll,
                                     double tilt, const Kinematics& k, double localX, double localZ,
                                     double noise, float* ox, float* oy, float* oz)
{
    const double cp = m_t.cosRad(pitch), sp = m_t.sinRad(pitch);
    const double cr = m_t.cosRad(roll), sr = m_t.sinRad(roll);
    const double x0 = -cp * k.up + sp * k.forward + localX;
    const double y0 = s * k.left;
    const double z0 = s * (sp * k.up + cp * k.forward) + localZ;
    const double y1 = y0 * cr - z0 * sr;
    const double z1 = y0 * sr + z0 * cr;
    const double x2 = x0 - tilt * y1; // small-angle tilt about z
    const double y2 = y1 + tilt * x0;
    const std::array<double, 9>& r = d.mount;
    std::array<double, 3> v = {r[0] * x2 + r[1] * y2 + r[2] * z1, r[3] * x2 + r[4] * y2 + r[5] * z1,
                               r[6] * x2 + r[7] * y2 + r[8] * z1};
    for (size_t a = 0; a < 3; ++a)
        v[a] = d.gain[a] * v[a] + d.offset[a] + noise * m_rng.fastNormal();
    if (i == d.nextSpike) {
        const size_t axis = size_t(m_rng.index(3));
        const double sign = m_rng.chance(0.5) ? 1 : -1;
        v[axis] += sign * m_rng.uniform(0.5, 3.0);
        d.nextSpike = i + spikeInterval();
    }
    ox[i] = float(std::clamp(v[0], -kClipG, kClipG));
    oy[i] = float(std::clamp(v[1], -kClipG, kClipG));
    oz[i] = float(std::clamp(v[2], -kClipG, kClipG));
}

} // namespace kinemark::demo
