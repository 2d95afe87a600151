#pragma once

#include "core/model/Segment.h"

#include <array>
#include <cstdint>

namespace kinemark::demo {

// A stretch of the demo's timeline with one target posture and movement: what
// the schedule hands to the signal renderer, and to the ground truth. Its first
// `ramp` samples blend from the previous piece (a transition); a labelled bout
// with posture shifts is several consecutive pieces of one class.
//
// Posture follows the axis convention of DemoSignalRenderer.h: each segment
// has a pitch phi in the sagittal plane, the angle by which its lower end has
// swung forward from hanging straight down (thigh: hip flexion, 90° when
// sitting; trunk: recline, negative when leaning forward, 90° when lying
// supine), and a roll rho about its own long axis (+90° = lying on the left
// side, 180° = prone).

// HARTH class ids used by the generator.
enum Activity : int32_t
{
    kWalking = 1,
    kRunning = 2,
    kShuffling = 3,
    kStairsUp = 4,
    kStairsDown = 5,
    kStanding = 6,
    kSitting = 7,
    kLying = 8,
    kCyclingSit = 13,
    kCyclingStand = 14,
    kCyclingSitInactive = 130, // coasting, merged into cycling (sit) by the label set
    kOff = kUnlabelled,        // the sensors lie on a table (daily routine only)
};

// Posture of the two segments (radians).
struct Pose
{
    double backPitch = 0;
    double backRoll = 0;
    double thighPitch = 0;
    double thighRoll = 0;
};

// Periodic movement as Fourier coefficients over the stride (gait) or the pedal
// revolution (cycling): harmonic k of the stride angle theta contributes
// c cos(k theta) + s sin(k theta). Step-rate signals (vertical bounce, fore-aft
// surge) live on the even harmonics, stride-rate ones (thigh swing, lateral
// sway) on the odd ones. Kept as one flat array so that a transition can blend
// every coefficient in one loop.
constexpr int kHarmonics = 4;
enum Slot : int
{
    kStrideHz = 0,
    kThighSwing = 1,                            // rad, added to the thigh pitch
    kVertical = kThighSwing + 2 * kHarmonics,   // g, body-frame upward acceleration
    kForward = kVertical + 2 * kHarmonics,      // g, body-frame forward acceleration
    kLateral = kForward + 2 * kHarmonics,       // g, body-frame leftward acceleration
    kTrunkPitch = kLateral + 2 * kHarmonics,    // rad, added to the back pitch
    kImpactBody = kTrunkPitch + 2 * kHarmonics, // g, peak upward transient at each foot contact
    kImpactThigh,     // g, extra transient along the thigh at its own foot's contact
    kCadenceJitter,   // relative sd of the stride rate, redrawn every stride
    kAmplitudeJitter, // relative sd of the stride's amplitude
    kVibration,       // g, broadband vibration (road, shoe impacts)
    kSway,            // rad, sd of the slow postural sway
    kSlotCount
};
using Motion = std::array<double, kSlotCount>;

struct DemoPiece
{
    int64_t start = 0;
    int64_t end = 0;
    int64_t ramp = 0;
    int32_t label = kUnlabelled;
    bool rampLabelled = true;  // false: the transition is left as an unlabelled gap
    double transitionLean = 0; // extra trunk pitch (rad, negative = forward) peaking mid-ramp
    Pose pose;
    Motion motion{};
};

} // namespace kinemark::demo
