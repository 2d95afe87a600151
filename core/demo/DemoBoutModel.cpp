#include "core/demo/DemoBoutModel.h"

#include "core/demo/DemoRandom.h"
#include "core/demo/SineTable.h"

#include <algorithm>
#include <cmath>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace kinemark::demo {

namespace {

void setHarmonic(Motion& m, int slot, int k, double amplitude, double phase)
{
    const SineTable& t = SineTable::instance();
    m[size_t(slot + 2 * (k - 1))] = amplitude * t.cosRad(phase);
    m[size_t(slot + 2 * (k - 1) + 1)] = -amplitude * t.sinRad(phase);
}

} // namespace

DemoBoutModel::DemoBoutModel(DemoRandom& rng) : m_rng(rng)
{
    m_subject.walkStepHz = std::clamp(m_rng.normal(1.9, 0.06), 1.75, 2.05);
    m_subject.runStepHz = std::clamp(m_rng.normal(2.8, 0.08), 2.6, 3.0);
    m_subject.pedalHz = std::clamp(m_rng.normal(1.25, 0.08), 1.05, 1.5);
    m_subject.swingScale = std::clamp(m_rng.normal(1.0, 0.07), 0.85, 1.15);
    m_subject.bounceScale = std::clamp(m_rng.normal(1.0, 0.1), 0.8, 1.2);
}

void DemoBoutModel::describe(int32_t activity, const DemoPiece* last, bool turnOver, Pose& pose,
                             Motion& m)
{
    pose = Pose();
    m.fill(0);
    const double jitter = m_rng.normal(1.0, 0.03); // bout-to-bout cadence variation
    switch (activity) {
    case kWalking:
    case kRunning:
    case kStairsUp:
    case kStairsDown:
    case kShuffling:
        describeGait(activity, jitter, pose, m);
        break;
    case kCyclingSit:
    case kCyclingStand:
        describeCycling(activity, jitter, pose, m);
        break;
    case kLying:
        describeLying(last, turnOver, pose, m);
        break;
    default:
        describeStill(activity, pose, m);
        break;
    }
}

// The stride harmonics of a gait. One random draw per statement: the order in
// which a call's arguments are evaluated differs between compilers.
void DemoBoutModel::setGait(Motion& m, double stepHz, double swing, double bounce, double surge,
                            double sway)
{
    const Subject& s = m_subject;
    m[kStrideHz] = stepHz / 2;
    const double swingAmplitude = swing * s.swingScale * m_rng.uniform(0.9, 1.1);
    setHarmonic(m, kThighSwing, 1, swingAmplitude, m_rng.normal(0, 0.1));
    setHarmonic(m, kThighSwing, 2, 0.17 * swing, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kThighSwing, 3, 0.04 * swing, m_rng.uniform(0, kTwoPi));
    // Upward acceleration peaks just after each foot contact.
    const double bounceAmplitude = bounce * s.bounceScale * m_rng.uniform(0.9, 1.1);
    setHarmonic(m, kVertical, 2, bounceAmplitude, m_rng.normal(-0.4, 0.15));
    setHarmonic(m, kVertical, 4, 0.35 * bounce, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kVertical, 1, 0.1 * bounce, m_rng.uniform(0, kTwoPi)); // asymmetry
    setHarmonic(m, kVertical, 3, 0.06 * bounce, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kForward, 2, surge, m_rng.normal(1.2, 0.2));
    setHarmonic(m, kForward, 4, 0.35 * surge, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kForward, 1, 0.1 * surge, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kLateral, 1, sway, m_rng.normal(0.3, 0.2));
    setHarmonic(m, kLateral, 3, 0.35 * sway, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kTrunkPitch, 2, 0.1 * bounce, m_rng.uniform(0, kTwoPi));
}

// Walking, running, stairs and shuffling.
void DemoBoutModel::describeGait(int32_t activity, double jitter, Pose& pose, Motion& m)
{
    const Subject& s = m_subject;
    switch (activity) {
    case kWalking:
        setGait(m, s.walkStepHz * jitter, 0.36, 0.26, 0.17, 0.10);
        pose.backPitch = m_rng.normal(-0.05, 0.03);
        pose.thighPitch = m_rng.normal(0.12, 0.03); // swing centre: thigh slightly flexed
        m[kImpactBody] = 0.15;
        m[kImpactThigh] = 0.25;
        m[kCadenceJitter] = 0.02;
        m[kAmplitudeJitter] = 0.06;
        m[kVibration] = 0.01;
        m[kSway] = 0.01;
        break;
    case kRunning:
        setGait(m, s.runStepHz * jitter, 0.62, 0.85, 0.35, 0.22);
        pose.backPitch = m_rng.normal(-0.16, 0.04);
        pose.thighPitch = m_rng.normal(0.38, 0.05);
        m[kImpactBody] = m_rng.uniform(1.0, 1.5);
        m[kImpactThigh] = m_rng.uniform(1.4, 2.2);
        m[kCadenceJitter] = 0.015;
        m[kAmplitudeJitter] = 0.08;
        m[kVibration] = 0.06;
        m[kSway] = 0.015;
        break;
    case kStairsUp:
        // Slower cadence, the thigh lifted high and the trunk leaning in.
        setGait(m, 1.55 * jitter, 0.42, 0.22, 0.14, 0.10);
        pose.backPitch = m_rng.normal(-0.18, 0.05);
        pose.thighPitch = m_rng.normal(0.55, 0.05);
        m[kImpactBody] = 0.1;
        m[kImpactThigh] = 0.15;
        m[kCadenceJitter] = 0.03;
        m[kAmplitudeJitter] = 0.08;
        m[kVibration] = 0.01;
        m[kSway] = 0.01;
        break;
    case kStairsDown:
        // Shorter thigh swing, hard landings on each step.
        setGait(m, 1.75 * jitter, 0.28, 0.32, 0.12, 0.12);
        pose.backPitch = m_rng.normal(-0.02, 0.04);
        pose.thighPitch = m_rng.normal(0.22, 0.04);
        m[kImpactBody] = 0.45;
        m[kImpactThigh] = 0.6;
        m[kCadenceJitter] = 0.03;
        m[kAmplitudeJitter] = 0.1;
        m[kVibration] = 0.015;
        m[kSway] = 0.01;
        break;
    case kShuffling:
    default:
        // Small, irregular steps with pauses (large amplitude jitter, clipped at 0).
        setGait(m, 1.3 * jitter, 0.07, 0.05, 0.04, 0.05);
        pose.backPitch = m_rng.normal(0.0, 0.04);
        pose.thighPitch = m_rng.normal(0.04, 0.03);
        pose.thighRoll = m_rng.normal(0, 0.08);
        m[kImpactBody] = 0.03;
        m[kCadenceJitter] = 0.2;
        m[kAmplitudeJitter] = 0.7;
        m[kVibration] = 0.01;
        m[kSway] = 0.03;
        break;
    }
}

// Pedalling seated or standing: one "stride" is one pedal revolution.
void DemoBoutModel::describeCycling(int32_t activity, double jitter, Pose& pose, Motion& m)
{
    const Subject& s = m_subject;
    if (activity == kCyclingSit) {
        m[kStrideHz] = s.pedalHz * jitter;
        setHarmonic(m, kThighSwing, 1, 0.37, 0);
        setHarmonic(m, kThighSwing, 2, 0.03, m_rng.uniform(0, kTwoPi));
        setHarmonic(m, kVertical, 2, 0.05, m_rng.uniform(0, kTwoPi)); // two strokes per turn
        setHarmonic(m, kVertical, 1, 0.02, m_rng.uniform(0, kTwoPi));
        setHarmonic(m, kForward, 2, 0.04, m_rng.uniform(0, kTwoPi));
        setHarmonic(m, kLateral, 1, 0.04, m_rng.uniform(0, kTwoPi));
        setHarmonic(m, kTrunkPitch, 2, 0.01, m_rng.uniform(0, kTwoPi));
        pose.backPitch = m_rng.normal(-0.6, 0.08); // leaning forward onto the bars
        pose.thighPitch = m_rng.normal(1.1, 0.06);
        m[kCadenceJitter] = 0.015;
        m[kAmplitudeJitter] = 0.04;
        m[kVibration] = 0.06;
        m[kSway] = 0.01;
        return;
    }
    m[kStrideHz] = 0.8 * s.pedalHz * jitter;
    setHarmonic(m, kThighSwing, 1, 0.55, 0);
    setHarmonic(m, kThighSwing, 2, 0.06, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kVertical, 2, 0.22, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kVertical, 4, 0.06, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kForward, 2, 0.12, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kLateral, 1, 0.22, m_rng.uniform(0, kTwoPi)); // rocking the bike
    setHarmonic(m, kLateral, 3, 0.05, m_rng.uniform(0, kTwoPi));
    setHarmonic(m, kTrunkPitch, 2, 0.05, m_rng.uniform(0, kTwoPi));
    pose.backPitch = m_rng.normal(-0.45, 0.08);
    pose.thighPitch = m_rng.normal(0.62, 0.06);
    m[kCadenceJitter] = 0.02;
    m[kAmplitudeJitter] = 0.05;
    m[kVibration] = 0.08;
    m[kSway] = 0.015;
}

void DemoBoutModel::describeLying(const DemoPiece* last, bool turnOver, Pose& pose, Motion& m)
{
    const double previous = last == nullptr ? 0.0 : last->pose.backRoll;
    double body = lyingRoll(last, turnOver);
    pose.backPitch = m_rng.normal(1.54, 0.05);
    if (body == previous) {
        pose.backRoll = previous; // no turn: the caller keeps the posture
        body = previous;
    } else {
        pose.backRoll = body + m_rng.normal(0, 0.12);
    }
    const double wrapped = body - kTwoPi * std::floor(body / kTwoPi + 0.5);
    const bool side = std::fabs(std::fabs(wrapped) - kPi / 2) < 0.5;
    pose.thighPitch = side ? m_rng.uniform(1.0, 1.55) : m_rng.normal(1.52, 0.06);
    pose.thighRoll = body + m_rng.normal(0, 0.2);
    m[kSway] = 0.006;
}

// Standing, sitting, coasting on the bike, and the sensors off.
void DemoBoutModel::describeStill(int32_t activity, Pose& pose, Motion& m)
{
    switch (activity) {
    case kStanding:
        pose.backPitch = m_rng.normal(0.0, 0.04);
        pose.backRoll = m_rng.normal(0, 0.05);
        pose.thighPitch = m_rng.normal(0.0, 0.04);
        pose.thighRoll = m_rng.normal(0, 0.08);
        m[kSway] = 0.015;
        break;
    case kSitting:
        pose.backPitch = m_rng.uniform(0.05, 0.45); // upright to reclined or slumped
        pose.backRoll = m_rng.normal(0, 0.08);
        pose.thighPitch = m_rng.normal(1.45, 0.1);
        pose.thighRoll = m_rng.normal(0, 0.22); // legs apart or crossed
        m[kSway] = 0.012;
        break;
    case kOff:
        // Flat on a table, still: gravity along z, nothing but sensor noise.
        pose.backPitch = -kPi / 2;
        pose.thighPitch = kPi / 2;
        break;
    case kCyclingSitInactive:
    default:
        // Coasting: seated, cranks still wherever they stopped.
        pose.backPitch = m_rng.normal(-0.6, 0.08);
        pose.thighPitch = 1.1 + m_rng.uniform(-0.35, 0.35);
        pose.thighRoll = m_rng.normal(0, 0.05);
        m[kVibration] = 0.07;
        m[kSway] = 0.01;
        break;
    }
}

// Supine, on the left or right side, or prone (roll 0, +90°, -90°, 180°).
// Within a lying bout, a shift is a turn to another of these (turnOver) or
// keeps the body's roll. Unwrapped to the turn nearest the current roll, so
// that turning over takes the short way round.
double DemoBoutModel::lyingRoll(const DemoPiece* last, bool turnOver)
{
    const double current = last == nullptr ? 0.0 : last->pose.backRoll;
    const bool lying = last != nullptr && last->label == kLying;
    if (lying && !turnOver)
        return current;
    const std::array<double, 4> rolls = {0.0, kPi / 2, -kPi / 2, kPi};
    std::array<double, 4> weights = {0.4, 0.25, 0.25, 0.1};
    if (lying) {
        // Exclude the orientation the body is in now.
        const double wrapped = current - kTwoPi * std::floor(current / kTwoPi + 0.5);
        size_t nearest = 0;
        for (size_t i = 1; i < 4; ++i) {
            const double d = std::fabs(wrapped - rolls[i]);
            const double dn = std::fabs(wrapped - rolls[nearest]);
            if (std::min(d, kTwoPi - d) < std::min(dn, kTwoPi - dn))
                nearest = i;
        }
        weights[nearest] = 0;
    }
    double u = m_rng.uniform() * (weights[0] + weights[1] + weights[2] + weights[3]);
    size_t pick = 3;
    for (size_t i = 0; i < 4; ++i) {
        if (u < weights[i]) {
            pick = i;
            break;
        }
        u -= weights[i];
    }
    const double roll = rolls[pick];
    return roll + kTwoPi * std::floor((current - roll) / kTwoPi + 0.5);
}

} // namespace kinemark::demo
