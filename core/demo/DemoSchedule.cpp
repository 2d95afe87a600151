#include "core/demo/DemoSchedule.h"

#include <algorithm>
#include <array>
#include <cmath>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace kinemark::demo {

namespace {

// Large posture changes (sit <-> stand, lying down, turning over) are left
// unlabelled while they happen, as an annotator would not give the
// in-between to either class; changes of gait keep the following label.
bool isPostureChange(const Pose& a, const Pose& b)
{
    return std::fabs(a.backPitch - b.backPitch) > 0.6 ||
           std::fabs(a.thighPitch - b.thighPitch) > 0.8 ||
           std::fabs(a.backRoll - b.backRoll) > 0.8 || std::fabs(a.thighRoll - b.thighRoll) > 0.8;
}

// An episode drawn with the given weights of kDesk .. kErrand, which add up
// to `total`; `fallback` if rounding leaves the draw past the last.
int drawEpisode(DemoRandom& rng, const std::array<double, 7>& weights, double total, int fallback)
{
    double u = rng.uniform() * total;
    for (int i = 0; i < 7; ++i) {
        u -= weights[size_t(i)];
        if (u < 0)
            return i;
    }
    return fallback;
}

} // namespace

DemoSchedule::DemoSchedule(uint64_t seed, double sampleRateHz, int64_t totalSamples,
                           int64_t startTimeUs, bool dailyRoutine)
    : m_rng(seed), m_bouts(m_rng), m_episodes(m_rng), m_fs(sampleRateHz), m_total(totalSamples),
      m_routine(dailyRoutine)
{
    const double startSeconds = double(startTimeUs) / 1e6;
    m_startTimeOfDay = startSeconds - 86400.0 * std::floor(startSeconds / 86400.0);
    // 1970-01-01 was a Thursday (day 3 when Monday is 0).
    m_startWeekday = int((int64_t(std::floor(startSeconds / 86400.0)) + 3) % 7);
}

std::vector<DemoPiece> DemoSchedule::build()
{
    while (m_cursor < m_total) {
        if (m_routine && takeOff())
            continue;
        if (isNight())
            sleepAndShower();
        else if (!m_coverageDone)
            coverEveryEpisode();
        else
            materialise(m_episodes.plan(pickEpisode()));
    }
    return std::move(m_pieces);
}

double DemoSchedule::timeOfDay() const
{
    const double t = m_startTimeOfDay + double(m_cursor) / m_fs;
    return t - 86400.0 * std::floor(t / 86400.0);
}

bool DemoSchedule::isNight() const
{
    const double h = timeOfDay() / 3600.0;
    return h >= 22.5 || h < 6.0;
}

int DemoSchedule::dayIndex() const
{
    return int(std::floor((m_startTimeOfDay + double(m_cursor) / m_fs) / 86400.0));
}

bool DemoSchedule::isWeekend() const
{
    return (m_startWeekday + dayIndex()) % 7 >= 5;
}

// Daily routine: takes the sensors off when it is time to, and says so.
bool DemoSchedule::takeOff()
{
    const double h = timeOfDay() / 3600.0;
    if (dayIndex() == 2 && h >= 9.0 && !m_forgotten) {
        // Not put back on after the shower: off until 07:30 the next morning.
        m_forgotten = true;
        addBout(kOff, (24.0 + 7.5 - h) * 3600.0);
        return true;
    }
    if (h >= 19.0 && h < 21.0 && !m_offThisEvening) {
        m_offThisEvening = true;
        if (m_rng.chance(0.4)) {
            addBout(kOff, m_rng.duration(2 * 3600, 0.3, 70 * 60, 3 * 3600));
            return true;
        }
    }
    return false;
}

void DemoSchedule::sleepAndShower()
{
    materialise(m_episodes.sleep(timeOfDay()));
    if (m_routine) { // the shower: off for a quarter to three quarters of an hour
        addBout(kOff, m_rng.duration(25 * 60, 0.3, 12 * 60, 45 * 60));
        m_offThisEvening = false;
    }
}

// The first waking hours go through every core episode once, in a random
// order, so that even a short recording shows every class.
void DemoSchedule::coverEveryEpisode()
{
    std::vector<DemoEpisodes::PlannedBout> plan;
    std::array<int, DemoEpisodes::kCoreEpisodes> order = {0, 1, 2, 3, 4, 5};
    for (int i = 5; i > 0; --i)
        std::swap(order[size_t(i)], order[size_t(m_rng.index(i + 1))]);
    for (int e : order) {
        const std::vector<DemoEpisodes::PlannedBout> part = m_episodes.plan(e);
        plan.insert(plan.end(), part.begin(), part.end());
    }
    DemoEpisodes::fitInto(plan, 0.85 * double(m_total - m_cursor) / m_fs);
    materialise(plan);
    m_coverageDone = true;
}

int DemoSchedule::pickEpisode()
{
    const double h = timeOfDay() / 3600.0;
    if (m_routine && (isWeekend() || (h >= 8.5 && h < 16.5)))
        return pickRoutineEpisode(h);
    // Weights of kDesk .. kErrand; evenings are more sedentary.
    const std::array<double, 7> day = {0.30, 0.14, 0.08, 0.09, 0.05, 0.06, 0.28};
    const std::array<double, 7> evening = {0.35, 0.20, 0.05, 0.03, 0.05, 0.22, 0.10};
    const std::array<double, 7>& w = h >= 18.0 ? evening : day;
    double total = 0;
    for (double v : w)
        total += v;
    return drawEpisode(m_rng, w, total, DemoEpisodes::kDesk);
}

// Weekdays: office hours at a desk. Weekends: outings, rides and runs.
int DemoSchedule::pickRoutineEpisode(double hour)
{
    const std::array<double, 7> office = {0.72, 0.02, 0.08, 0.0, 0.0, 0.0, 0.18};
    const std::array<double, 7> weekend = {0.12, 0.2, 0.06, 0.16, 0.1, 0.12, 0.24};
    const bool work = !isWeekend() && hour >= 8.5 && hour < 16.5;
    return drawEpisode(m_rng, work ? office : weekend, 1.0, DemoEpisodes::kErrand);
}

void DemoSchedule::materialise(const std::vector<DemoEpisodes::PlannedBout>& plan)
{
    for (const DemoEpisodes::PlannedBout& bout : plan) {
        if (m_cursor >= m_total)
            return;
        addBout(bout.activity, bout.seconds);
    }
}

void DemoSchedule::addBout(int32_t activity, double seconds)
{
    const int64_t length = std::max<int64_t>(1, int64_t(seconds * m_fs + 0.5));
    const int64_t boutEnd = std::min(m_total, m_cursor + length);

    DemoPiece piece;
    piece.label = activity;
    m_bouts.describe(activity, m_pieces.empty() ? nullptr : &m_pieces.back(), false, piece.pose,
                     piece.motion);
    if (!m_pieces.empty())
        startBout(piece, length);

    // Static bouts are not frozen: people shift on a chair, turn over in
    // bed, and move their weight while standing. Each shift is a new piece
    // of the same class with a short, labelled ramp.
    double meanShift = 0;
    if (activity == kSitting)
        meanShift = 120;
    else if (activity == kLying)
        meanShift = isNight() ? 25 * 60 : 8 * 60;
    else if (activity == kStanding)
        meanShift = 40;

    int64_t start = m_cursor;
    while (start < boutEnd) {
        int64_t end = boutEnd;
        if (meanShift > 0) {
            const int64_t shift = int64_t(m_rng.exponential(meanShift) * m_fs);
            if (shift >= int64_t(10 * m_fs) && boutEnd - (start + shift) >= int64_t(10 * m_fs))
                end = start + shift;
        }
        piece.start = start;
        piece.end = end;
        m_pieces.push_back(piece);
        if (end < boutEnd)
            shiftWithinBout(activity, piece);
        start = end;
    }
    m_cursor = boutEnd;
}

// The transition from the previous bout: its ramp, whether it is labelled, and
// the forward lean of standing up or sitting down.
void DemoSchedule::startBout(DemoPiece& piece, int64_t length)
{
    const Pose& previous = m_pieces.back().pose;
    const bool change = isPostureChange(previous, piece.pose);
    const double rampSeconds = change ? m_rng.uniform(1.5, 3.0) : m_rng.uniform(1.0, 2.0);
    piece.ramp = std::min(int64_t(rampSeconds * m_fs + 0.5), length / 2);
    piece.rampLabelled = !change;
    // Standing up and sitting down swing the trunk forward on the way.
    const bool sitStand = change && std::fabs(previous.thighPitch - piece.pose.thighPitch) > 0.8 &&
                          previous.backPitch < 0.9 && piece.pose.backPitch < 0.9;
    if (sitStand)
        piece.transitionLean = -m_rng.uniform(0.3, 0.55);
}

// Turns `piece` into the next posture of the same bout.
void DemoSchedule::shiftWithinBout(int32_t activity, DemoPiece& piece)
{
    Pose next;
    Motion motion{};
    const bool turnOver = activity == kLying && m_rng.chance(0.6);
    m_bouts.describe(activity, &m_pieces.back(), turnOver, next, motion);
    if (activity == kLying && next.backRoll == piece.pose.backRoll) {
        // Not every shift is a turn: sometimes only the legs move.
        next = piece.pose;
        next.thighPitch = std::clamp(next.thighPitch + m_rng.normal(0, 0.12), 0.9, 1.65);
        next.thighRoll += m_rng.normal(0, 0.15);
    }
    piece.pose = next;
    piece.motion = motion;
    piece.ramp = int64_t(m_rng.uniform(1.0, activity == kLying ? 3.0 : 2.5) * m_fs);
    piece.rampLabelled = true;
    piece.transitionLean = 0;
}

} // namespace kinemark::demo
