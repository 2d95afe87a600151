#pragma once

#include "core/demo/DemoPiece.h"
#include "core/demo/DemoRandom.h"
#include "core/demo/SineTable.h"

#include <array>
#include <cstddef>
#include <vector>

namespace kinemark::demo {

// Turns the demo's schedule (posture and movement over time) into the samples
// of its two simulated accelerometers, lower back and thigh: gravity seen
// through each segment's posture, gait and pedalling as stride harmonics with
// per-stride cadence and amplitude, foot-contact transients, postural sway,
// then each device's mounting error, calibration, noise, glitches and range.
//
// Axis convention (HARTH-like; both sensors are Axivity AX3 worn so that x
// points down along the body segment when the wearer stands upright):
//   x: down along the segment (towards the feet),
//   z: out of the skin (thigh: anterior, on the front of the right thigh;
//      back: posterior, on the lower back),
//   y: completes a right-handed frame (thigh: to the wearer's left; back: to the right).
// An accelerometer at rest reads +1 g upwards, so standing reads back ≈ thigh ≈
// (-1, 0, 0); sitting: thigh ≈ (0, 0, +1), back ≈ (-1, 0, 0) tilted by the
// recline; lying supine: back ≈ (0, 0, -1), thigh ≈ (0, 0, +1); lying on the
// left side: back ≈ (0, +1, 0), thigh ≈ (0, -1, 0); prone flips z. With the
// pitch phi and roll rho of DemoPiece.h, the world-up direction in sensor axes
// is (-cos phi, 0, s sin phi) rolled by rho, with s = +1 for the thigh and -1
// for the back (its z points backwards).
class DemoSignalRenderer
{
public:
    DemoSignalRenderer(uint64_t seed, double sampleRateHz);

    // Writes every sample of the pieces into out[0..2] (back x, y, z) and
    // out[3..5] (thigh x, y, z), each as long as the last piece's end.
    void render(const std::vector<DemoPiece>& pieces, float* const* out);

private:
    // Per-sensor constants of the simulated device.
    struct Device
    {
        std::array<double, 9> mount{}; // small rotation: how the sensor sits on the skin
        std::array<double, 3> gain{};
        std::array<double, 3> offset{};
        int64_t nextSpike = 0;
    };
    // Body-frame specific force (g) and segment angles of one sample.
    struct Kinematics
    {
        double up = 1;
        double forward = 0;
        double left = 0;
        double backPitch = 0;
        double thighPitch = 0;
        double thighX = 0; // thigh-local accelerations (g) of the swing
        double thighZ = 0;
    };

    Device makeDevice();
    void makeImpulse();
    int64_t spikeInterval();
    void sample(int64_t i, const Pose& pose, const Motion& m, double lean, float* const* out);
    void addStride(const Motion& m, Kinematics& k);
    void startImpact(const Motion& m, bool ownFoot);
    void writeSample(int64_t i, Device& d, double s, double pitch, double roll, double tilt,
                     const Kinematics& k, double localX, double localZ, double noise, float* ox,
                     float* oy, float* oz);

    DemoRandom m_rng;
    double m_fs;
    const SineTable& m_t;
    Device m_back;
    Device m_thigh;
    double m_swayA = 0;
    double m_swayB = 0;
    std::array<double, 4> m_sway{}; // back pitch, back tilt, thigh pitch, thigh tilt
    std::vector<double> m_impulse;
    size_t m_impactBodyPos = 0;
    size_t m_impactThighPos = 0;
    double m_impactBodyAmp = 0;
    double m_impactThighAmp = 0;
    double m_phase = 0;
    double m_cadence = 1;
    double m_amplitude = 1;
};

} // namespace kinemark::demo
