#pragma once

#include "core/demo/DemoBoutModel.h"
#include "core/demo/DemoEpisodes.h"
#include "core/demo/DemoPiece.h"
#include "core/demo/DemoRandom.h"

#include <vector>

namespace kinemark::demo {

// The demo's timeline: which activity when, over one session or several days.
//
// A free-living day is a sequence of episodes (DemoEpisodes). The first waking
// stretch goes through the six core episodes once in a random order, shortened
// if needed to fit 85% of the time left, so that even the default two hours
// hold every HARTH class (1-8, 13, 14; coasting, 130, appears in some rides).
// Later episodes are drawn by time of day (startTimeUs read as local time);
// from 22:30 to 06:00 the subject goes to bed until 06:30-08:00. Static bouts
// contain posture shifts (on a chair, turning over in bed, weight shifts when
// standing). With dailyRoutine, weekday office hours (08:30-16:30) are mostly
// desk work, weekends favour outings, and the sensors come off (flat on a
// table, only sensor noise, unlabelled): after every night for a shower, on
// some evenings, and from 09:00 on the third day to the next morning. Those
// draws happen only then, so the default stream of random numbers, and with it
// the default demo, is unchanged.
//
// Transitions and ground truth. Every bout starts with a 1-3 s smoothstep ramp
// of posture and movement from the previous one. Large posture changes
// (sitting down, standing up, lying down, getting on the bike) leave that ramp
// unlabelled, as an annotator would give the in-between to neither class;
// changes of gait (walk -> run -> stairs) and shifts within a bout are labelled
// as the following activity.
class DemoSchedule
{
public:
    DemoSchedule(uint64_t seed, double sampleRateHz, int64_t totalSamples, int64_t startTimeUs,
                 bool dailyRoutine);

    // The pieces of the whole recording, in order, covering [0, totalSamples).
    std::vector<DemoPiece> build();

private:
    double timeOfDay() const;
    bool isNight() const;
    int dayIndex() const;
    bool isWeekend() const;
    bool takeOff();
    void sleepAndShower();
    void coverEveryEpisode();
    int pickEpisode();
    int pickRoutineEpisode(double hour);
    void materialise(const std::vector<DemoEpisodes::PlannedBout>& plan);
    void addBout(int32_t activity, double seconds);
    void startBout(DemoPiece& piece, int64_t length);
    void shiftWithinBout(int32_t activity, DemoPiece& piece);

    DemoRandom m_rng;
    DemoBoutModel m_bouts;
    DemoEpisodes m_episodes;
    double m_fs;
    int64_t m_total;
    bool m_routine = false;
    bool m_forgotten = false;      // the third day off has happened
    bool m_offThisEvening = false; // tonight's chance to take the sensors off is used
    int m_startWeekday = 0;        // 0 = Monday
    double m_startTimeOfDay = 0;
    int64_t m_cursor = 0;
    bool m_coverageDone = false;
    std::vector<DemoPiece> m_pieces;
};

} // namespace kinemark::demo
