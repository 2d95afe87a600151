#include "core/demo/DemoEpisodes.h"

#include "core/demo/DemoPiece.h"
#include "core/demo/DemoRandom.h"

#include <algorithm>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace kinemark::demo {

namespace {

double minimumSeconds(int32_t activity)
{
    switch (activity) {
    case kSitting:
        return 30;
    case kLying:
        return 60;
    case kRunning:
    case kCyclingSit:
        return 20;
    default:
        return 4;
    }
}

} // namespace

double DemoEpisodes::walk(double median)
{
    return m_rng.duration(median, 0.7, 6, 900);
}

double DemoEpisodes::stand(double median)
{
    return m_rng.duration(median, 0.8, 3, 600);
}

double DemoEpisodes::sit(double median)
{
    return m_rng.duration(median, 0.7, 30, 5400);
}

std::vector<DemoEpisodes::PlannedBout> DemoEpisodes::plan(int which)
{
    switch (which) {
    case kDesk:
        return desk();
    case kHousehold:
        return household();
    case kStairsTrip:
        return stairsTrip();
    case kBikeRide:
        return bikeRide();
    case kRun:
        return run();
    case kRest:
        return rest();
    case kErrand:
    default:
        return errand();
    }
}

std::vector<DemoEpisodes::PlannedBout> DemoEpisodes::desk()
{
    std::vector<PlannedBout> p;
    p.push_back({kWalking, walk(30)});
    p.push_back({kStanding, stand(10)});
    p.push_back({kSitting, sit(20 * 60)});
    if (m_rng.chance(0.5)) {
        p.push_back({kStanding, stand(15)});
        p.push_back({kShuffling, m_rng.duration(8, 0.5, 3, 40)});
        p.push_back({kStanding, stand(15)});
        p.push_back({kSitting, sit(8 * 60)});
    }
    p.push_back({kStanding, stand(8)});
    p.push_back({kWalking, walk(40)});
    return p;
}

std::vector<DemoEpisodes::PlannedBout> DemoEpisodes::household()
{
    std::vector<PlannedBout> p;
    const int rounds = 3 + m_rng.index(5);
    for (int i = 0; i < rounds; ++i) {
        p.push_back({kStanding, stand(25)});
        p.push_back({kShuffling, m_rng.duration(8, 0.5, 3, 40)});
        if (m_rng.chance(0.35))
            p.push_back({kWalking, m_rng.duration(12, 0.5, 5, 60)});
    }
    p.push_back({kStanding, stand(20)});
    return p;
}

std::vector<DemoEpisodes::PlannedBout> DemoEpisodes::stairsTrip()
{
    std::vector<PlannedBout> p;
    p.push_back({kWalking, walk(20)});
    p.push_back({kStanding, m_rng.duration(5, 0.4, 3, 20)});
    // One to three flights, with a few steps on each landing.
    const int up = 1 + m_rng.index(3);
    for (int i = 0; i < up; ++i) {
        p.push_back({kStairsUp, m_rng.duration(10, 0.25, 6, 20)});
        p.push_back({kWalking, m_rng.duration(5, 0.3, 3, 10)});
    }
    p.push_back({kStanding, stand(30)});
    p.push_back({kWalking, walk(20)});
    const int down = 1 + m_rng.index(3);
    for (int i = 0; i < down; ++i) {
        p.push_back({kStairsDown, m_rng.duration(9, 0.25, 5, 20)});
        p.push_back({kWalking, m_rng.duration(5, 0.3, 3, 10)});
    }
    p.push_back({kWalking, walk(30)});
    return p;
}

std::vector<DemoEpisodes::PlannedBout> DemoEpisodes::bikeRide()
{
    std::vector<PlannedBout> p;
    p.push_back({kWalking, walk(40)});
    p.push_back({kStanding, stand(20)});
    const int legs = 2 + m_rng.index(4);
    for (int i = 0; i < legs; ++i) {
        p.push_back({kCyclingSit, m_rng.duration(180, 0.6, 40, 1200)});
        // The first interruption is a short climb out of the saddle, later
        // ones a climb, coasting, or a red light.
        const double u = i == 0 ? 0.0 : m_rng.uniform();
        if (u < 0.45)
            p.push_back({kCyclingStand, m_rng.duration(15, 0.5, 6, 60)});
        else if (u < 0.8)
            p.push_back({kCyclingSitInactive, m_rng.duration(8, 0.5, 3, 30)});
        else
            p.push_back({kStanding, m_rng.duration(25, 0.5, 8, 90)});
    }
    p.push_back({kCyclingSit, m_rng.duration(120, 0.6, 30, 900)});
    p.push_back({kStanding, stand(15)});
    p.push_back({kWalking, walk(30)});
    return p;
}

std::vector<DemoEpisodes::PlannedBout> DemoEpisodes::run()
{
    std::vector<PlannedBout> p;
    p.push_back({kWalking, walk(60)});
    p.push_back({kStanding, stand(15)});
    p.push_back({kRunning, m_rng.duration(300, 0.6, 60, 2400)});
    if (m_rng.chance(0.4)) {
        p.push_back({kStanding, m_rng.duration(20, 0.5, 5, 90)});
        p.push_back({kRunning, m_rng.duration(180, 0.6, 30, 1200)});
    }
    p.push_back({kWalking, walk(120)});
    p.push_back({kStanding, stand(30)});
    return p;
}

std::vector<DemoEpisodes::PlannedBout> DemoEpisodes::rest()
{
    std::vector<PlannedBout> p;
    p.push_back({kWalking, walk(20)});
    p.push_back({kSitting, m_rng.duration(60, 0.5, 10, 600)});
    p.push_back({kLying, m_rng.duration(20 * 60, 0.6, 180, 5400)});
    p.push_back({kSitting, m_rng.duration(60, 0.5, 10, 300)});
    p.push_back({kStanding, stand(10)});
    p.push_back({kWalking, walk(30)});
    return p;
}

std::vector<DemoEpisodes::PlannedBout> DemoEpisodes::errand()
{
    std::vector<PlannedBout> p;
    p.push_back({kWalking, walk(90)});
    p.push_back({kStanding, stand(30)});
    p.push_back({kWalking, walk(60)});
    if (m_rng.chance(0.3)) {
        p.push_back({kStairsUp, m_rng.duration(10, 0.3, 5, 30)});
        p.push_back({kWalking, m_rng.duration(8, 0.4, 4, 30)});
    }
    p.push_back({kStanding, stand(20)});
    p.push_back({kWalking, walk(60)});
    return p;
}

std::vector<DemoEpisodes::PlannedBout> DemoEpisodes::sleep(double timeOfDay)
{
    std::vector<PlannedBout> p;
    p.push_back({kWalking, walk(20)});
    p.push_back({kStanding, stand(10)});
    p.push_back({kSitting, m_rng.duration(180, 0.6, 30, 1200)});
    double before = 0;
    for (const PlannedBout& b : p)
        before += b.seconds;
    const double now = timeOfDay;
    double wake = 6.5 * 3600 + m_rng.uniform(0, 1.5 * 3600);
    if (wake < now)
        wake += 86400;
    nightInBed(p, std::max(20.0 * 60, wake - now - before));
    p.push_back({kSitting, m_rng.duration(60, 0.5, 10, 600)});
    p.push_back({kStanding, stand(10)});
    p.push_back({kWalking, walk(30)});
    return p;
}

// The night lying down, sometimes broken by a trip to the bathroom.
void DemoEpisodes::nightInBed(std::vector<PlannedBout>& p, double inBed)
{
    if (inBed > 3 * 3600 && m_rng.chance(0.35)) {
        const double first = inBed * m_rng.uniform(0.3, 0.7);
        p.push_back({kLying, first});
        p.push_back({kSitting, m_rng.duration(20, 0.4, 5, 60)});
        p.push_back({kStanding, m_rng.duration(5, 0.4, 3, 15)});
        p.push_back({kWalking, m_rng.duration(15, 0.4, 6, 40)});
        p.push_back({kStanding, m_rng.duration(40, 0.5, 10, 180)});
        p.push_back({kWalking, m_rng.duration(15, 0.4, 6, 40)});
        p.push_back({kSitting, m_rng.duration(15, 0.4, 5, 60)});
        p.push_back({kLying, inBed - first - 120});
    } else {
        p.push_back({kLying, inBed});
    }
}

void DemoEpisodes::fitInto(std::vector<PlannedBout>& plan, double seconds)
{
    double total = 0;
    for (const PlannedBout& b : plan)
        total += b.seconds;
    if (total <= seconds || total <= 0)
        return;
    const double factor = seconds / total;
    for (PlannedBout& b : plan)
        b.seconds = std::max(minimumSeconds(b.activity), b.seconds * factor);
}

} // namespace kinemark::demo
