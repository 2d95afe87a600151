#pragma once

#include <cstdint>
#include <vector>

namespace kinemark::demo {

class DemoRandom;

// The demo's episodes of daily life (desk work, household chores, an errand, a
// stairs trip, a bike ride, a run, a rest, the night in bed), each a short
// script of bouts whose durations are log-normal (sitting and lying: median
// 10-20 min; walking: tens of seconds to minutes; stairs: ~10 s a flight; ...).
// Shares the schedule's random numbers, so the order of the draws is part of
// the demo.
class DemoEpisodes
{
public:
    enum Episode
    {
        kDesk,
        kHousehold,
        kStairsTrip,
        kBikeRide,
        kRun,
        kRest,
        kErrand
    };
    static constexpr int kCoreEpisodes = 6; // kDesk .. kRest: every class of the demo

    struct PlannedBout
    {
        int32_t activity;
        double seconds;
    };

    explicit DemoEpisodes(DemoRandom& rng) : m_rng(rng) {}

    // The bouts of one episode.
    std::vector<PlannedBout> plan(int which);
    // Bed from `timeOfDay` (seconds since midnight) until a wake-up time
    // between 06:30 and 08:00, sometimes with a trip to the bathroom in the
    // middle of the night.
    std::vector<PlannedBout> sleep(double timeOfDay);

    // Shortens a plan proportionally (down to per-class minimums) so that it
    // fits the time left.
    static void fitInto(std::vector<PlannedBout>& plan, double seconds);

private:
    std::vector<PlannedBout> desk();
    std::vector<PlannedBout> household();
    std::vector<PlannedBout> stairsTrip();
    std::vector<PlannedBout> bikeRide();
    std::vector<PlannedBout> run();
    std::vector<PlannedBout> rest();
    std::vector<PlannedBout> errand();
    void nightInBed(std::vector<PlannedBout>& p, double inBed);

    // Typical durations (median s, log-sd, min s, max s) of free-living bouts.
    double walk(double median = 40);
    double stand(double median = 20);
    double sit(double median);

    DemoRandom& m_rng;
};

} // namespace kinemark::demo
