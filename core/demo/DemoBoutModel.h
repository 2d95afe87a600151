#pragma once

#include "core/demo/DemoPiece.h"

namespace kinemark::demo {

class DemoRandom;

// The target posture and movement of one bout of an activity, with per-bout
// variation drawn around the demo subject's own traits (step rates, pedalling
// rate, how far they swing and bounce), which are drawn once, when the model
// is made. Shares the schedule's random numbers, so the order of the draws is
// part of the demo.
class DemoBoutModel
{
public:
    explicit DemoBoutModel(DemoRandom& rng);

    // The posture and movement of a new bout (or of a shift within one) of
    // `activity`. `last` is the piece before it (nullptr at the start): lying
    // keeps or turns from its roll. With `turnOver`, a lying posture turns to
    // another orientation; without, it keeps the body's roll.
    void describe(int32_t activity, const DemoPiece* last, bool turnOver, Pose& pose, Motion& m);

private:
    // Per-subject traits, fixed for the recording.
    struct Subject
    {
        double walkStepHz = 1.9;
        double runStepHz = 2.8;
        double pedalHz = 1.25;
        double swingScale = 1.0;
        double bounceScale = 1.0;
    };

    void describeGait(int32_t activity, double jitter, Pose& pose, Motion& m);
    void describeCycling(int32_t activity, double jitter, Pose& pose, Motion& m);
    void describeLying(const DemoPiece* last, bool turnOver, Pose& pose, Motion& m);
    void describeStill(int32_t activity, Pose& pose, Motion& m);
    void setGait(Motion& m, double stepHz, double swing, double bounce, double surge, double sway);
    double lyingRoll(const DemoPiece* last, bool turnOver);

    DemoRandom& m_rng;
    Subject m_subject;
};

} // namespace kinemark::demo
