#include "core/demo/DemoRecordingGenerator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

// Determinism. The same options must give bit-identical samples on every run and
// machine, so nothing here depends on the standard library's random
// distributions or on libm's transcendental functions (both differ between
// implementations). Randomness comes from xoshiro256** seeded by splitmix64;
// sine, logarithm and exponential are our own series evaluated with + - * /,
// sqrt, frexp and ldexp only, which IEEE-754 defines exactly. That also needs
// the compiler not to fuse a*b+c into one FMA: GCC does not in ISO mode
// (-std=c++17, CMAKE_CXX_EXTENSIONS OFF), and clang is told so here. Each
// statement makes at most one random draw, because compilers evaluate a call's
// arguments in different orders. (Checked: GCC 12 and clang 14, -O0 to -O3
// -march=native, give the same bits; tst_demo pins a fingerprint.)
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

// Schedule. A free-living day is a sequence of episodes (desk work, household
// chores, an errand, a stairs trip, a bike ride, a run, a rest, the night in
// bed), each a short script of bouts whose durations are log-normal (sitting
// and lying: median 10-20 min; walking: tens of seconds to minutes; stairs:
// ~10 s a flight; ...). The first waking stretch goes through the six core
// episodes once in a random order, shortened if needed to fit 85% of the time
// left, so that even the default two hours hold every HARTH class (1-8, 13,
// 14; coasting, 130, appears in some rides). Later episodes are drawn by time
// of day (startTimeUs read as local time); from 22:30 to 06:00 the subject goes
// to bed until 06:30-08:00. Static bouts contain posture shifts (on a chair,
// turning over in bed, weight shifts when standing). With dailyRoutine, weekday
// office hours (08:30-16:30) are mostly desk work, weekends favour outings, and
// the sensors come off (flat on a table, only sensor noise, unlabelled): after
// every night for a shower, on some evenings, and from 09:00 on the third day to
// the next morning. Those draws happen only then, so the default stream of
// random numbers, and with it the default demo, is unchanged.
//
// Transitions and ground truth. Every bout starts with a 1-3 s smoothstep ramp
// of posture and movement from the previous one. Large posture changes
// (sitting down, standing up, lying down, getting on the bike) leave that ramp
// unlabelled, as an annotator would give the in-between to neither class;
// changes of gait (walk -> run -> stairs) and shifts within a bout are labelled
// as the following activity. Adjacent segments of one class are merged, so the
// track is sorted, non-overlapping and free of empty segments.

// Axis convention (HARTH-like; both sensors are Axivity AX3 worn so that x
// points down along the body segment when the wearer stands upright):
//   x: down along the segment (towards the feet),
//   z: out of the skin (thigh: anterior, on the front of the right thigh;
//      back: posterior, on the lower back),
//   y: completes a right-handed frame (thigh: to the wearer's left; back: to the right).
// An accelerometer at rest reads +1 g upwards, so standing reads back ≈ thigh ≈
// (-1, 0, 0); sitting: thigh ≈ (0, 0, +1), back ≈ (-1, 0, 0) tilted by the
// recline; lying supine: back ≈ (0, 0, -1), thigh ≈ (0, 0, +1); lying on the
// left side: back ≈ (0, +1, 0), thigh ≈ (0, -1, 0); prone flips z.
//
// Each segment has a pitch phi in the sagittal plane: the angle by which its
// lower end has swung forward from hanging straight down (thigh: hip flexion,
// 90° when sitting; trunk: recline, negative when leaning forward, 90° when
// lying supine), and a roll rho about its own long axis (+90° = lying on the
// left side, 180° = prone). The world-up direction in sensor axes is then
// (-cos phi, 0, s sin phi) rolled by rho, with s = +1 for the thigh and -1 for
// the back (its z points backwards).

namespace kinemark {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 2 * kPi;
constexpr double kLn2 = 0.69314718055994530942;
constexpr double kGravity = 9.80665;  // m/s², to express segment accelerations in g
constexpr double kThighRadius = 0.35; // m from the hip to the thigh sensor (10 cm above the knee)
constexpr double kClipG = 8.0;        // AX3 default range ±8 g

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

// --- Deterministic elementary functions --------------------------------------

// sin(x) for |x| <= pi/2 by its Taylor series to x^23 (error < 1e-20 there).
double sinSeries(double x)
{
    const double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 3; n <= 23; n += 2) {
        term *= -x2 / double((n - 1) * n);
        sum += term;
    }
    return sum;
}

// Accurate sine for building tables and for set-up; hot loops use SineTable.
double exactSin(double x)
{
    const double k = std::floor(x / kTwoPi + 0.5);
    double r = x - k * kTwoPi;
    if (r > kPi / 2)
        r = kPi - r;
    else if (r < -kPi / 2)
        r = -kPi - r;
    return sinSeries(r);
}

// Natural logarithm for x > 0: x = m 2^e with m in [1/sqrt2, sqrt2), then
// log m = 2 atanh((m-1)/(m+1)), whose series converges fast for |z| < 0.172.
double detLog(double x)
{
    int e = 0;
    double m = std::frexp(x, &e);
    if (m < 0.70710678118654752440) {
        m *= 2;
        --e;
    }
    const double z = (m - 1) / (m + 1);
    const double z2 = z * z;
    double term = z;
    double sum = z;
    for (int n = 3; n <= 29; n += 2) {
        term *= z2;
        sum += term / n;
    }
    return 2 * sum + e * kLn2;
}

// e^x: x = n ln2 + r with |r| <= ln2/2, Taylor series of e^r, then scaling by 2^n.
double detExp(double x)
{
    const double n = std::floor(x / kLn2 + 0.5);
    const double r = x - n * kLn2;
    double term = 1;
    double sum = 1;
    for (int k = 1; k <= 20; ++k) {
        term *= r / k;
        sum += term;
    }
    return std::ldexp(sum, int(n));
}

// sin and cos of a phase in cycles (1 cycle = 2 pi) by linear interpolation in a
// 4096-entry table: error below 3e-7, far under the float output's resolution,
// and a few times cheaper than a call to sin.
class SineTable
{
public:
    static constexpr int kSize = 4096;

    SineTable()
    {
        for (int i = 0; i <= kSize; ++i)
            m_table[size_t(i)] = exactSin(kTwoPi * i / kSize);
    }
    double sinCycles(double cycles) const
    {
        const double t = cycles * kSize;
        int64_t i = int64_t(t);
        if (t < double(i))
            --i; // floor for negative phases
        const double frac = t - double(i);
        const size_t k = size_t(i & (kSize - 1));
        return m_table[k] + frac * (m_table[k + 1] - m_table[k]);
    }
    double cosCycles(double cycles) const { return sinCycles(cycles + 0.25); }
    double sinRad(double radians) const { return sinCycles(radians * (1 / kTwoPi)); }
    double cosRad(double radians) const { return sinCycles(radians * (1 / kTwoPi) + 0.25); }

private:
    std::array<double, kSize + 1> m_table;
};

const SineTable& sineTable()
{
    static const SineTable table;
    return table;
}

// --- Random numbers ---------------------------------------------------------------

uint64_t splitmix64(uint64_t& state)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// xoshiro256** with our own normal deviates (Box–Muller on the deterministic
// log and sine above) and a cheap approximate one for per-sample noise.
class Rng
{
public:
    explicit Rng(uint64_t seed)
    {
        uint64_t s = seed;
        for (uint64_t& w : m_s)
            w = splitmix64(s);
    }
    uint64_t next()
    {
        const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; } // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int index(int n) { return std::min(n - 1, int(uniform() * n)); }
    bool chance(double p) { return uniform() < p; }
    double normal()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double u1 = 1.0 - uniform(); // (0, 1]
        const double u2 = uniform();
        const double r = std::sqrt(-2 * detLog(u1));
        m_spare = r * sineTable().sinCycles(u2);
        m_hasSpare = true;
        return r * sineTable().cosCycles(u2);
    }
    double normal(double mean, double sd) { return mean + sd * normal(); }
    // Irwin–Hall sum of four 16-bit uniforms, scaled to unit variance: one
    // generator call per deviate, bounded at ±3.46, plenty for sensor noise.
    double fastNormal()
    {
        const uint64_t r = next();
        const int64_t sum = int64_t(r & 0xffff) + int64_t((r >> 16) & 0xffff) +
                            int64_t((r >> 32) & 0xffff) + int64_t(r >> 48);
        return double(sum - 131070) * m_irwinHallScale;
    }
    // Log-normal duration with the given median, clamped to [lo, hi].
    double duration(double median, double sigma, double lo, double hi)
    {
        return std::clamp(median * detExp(sigma * normal()), lo, hi);
    }
    // Exponential with the given mean.
    double exponential(double mean) { return -mean * detLog(1.0 - uniform()); }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::array<uint64_t, 4> m_s{};
    double m_spare = 0;
    bool m_hasSpare = false;
    const double m_irwinHallScale = 1.0 / std::sqrt(4294967295.0 / 3.0);
};

// --- Movement model -------------------------------------------------------------

// Posture of the two segments (radians; see the convention at the top).
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

void setHarmonic(Motion& m, int slot, int k, double amplitude, double phase)
{
    const SineTable& t = sineTable();
    m[size_t(slot + 2 * (k - 1))] = amplitude * t.cosRad(phase);
    m[size_t(slot + 2 * (k - 1) + 1)] = -amplitude * t.sinRad(phase);
}

// A stretch of the timeline with one target posture and movement. Its first
// `ramp` samples blend from the previous piece (a transition); a labelled
// bout with posture shifts is several consecutive pieces of one class.
struct Piece
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

// Per-subject traits, fixed for the recording.
struct Subject
{
    double walkStepHz = 1.9;
    double runStepHz = 2.8;
    double pedalHz = 1.25;
    double swingScale = 1.0;
    double bounceScale = 1.0;
};

struct PlannedBout
{
    int32_t activity;
    double seconds;
};

// Draws the free-living timeline: episodes of daily life (desk work, household
// chores, errands, stairs, a bike ride, a run, a rest, the night's sleep), each
// a short script of bouts with log-normal durations, turned into pieces with
// transitions and within-bout posture shifts.
class ScheduleBuilder
{
public:
    ScheduleBuilder(uint64_t seed, double sampleRateHz, int64_t totalSamples, int64_t startTimeUs,
                    bool dailyRoutine)
        : m_rng(seed), m_fs(sampleRateHz), m_total(totalSamples), m_routine(dailyRoutine)
    {
        const double startSeconds = double(startTimeUs) / 1e6;
        m_startTimeOfDay = startSeconds - 86400.0 * std::floor(startSeconds / 86400.0);
        // 1970-01-01 was a Thursday (day 3 when Monday is 0).
        m_startWeekday = int((int64_t(std::floor(startSeconds / 86400.0)) + 3) % 7);
        m_subject.walkStepHz = std::clamp(m_rng.normal(1.9, 0.06), 1.75, 2.05);
        m_subject.runStepHz = std::clamp(m_rng.normal(2.8, 0.08), 2.6, 3.0);
        m_subject.pedalHz = std::clamp(m_rng.normal(1.25, 0.08), 1.05, 1.5);
        m_subject.swingScale = std::clamp(m_rng.normal(1.0, 0.07), 0.85, 1.15);
        m_subject.bounceScale = std::clamp(m_rng.normal(1.0, 0.1), 0.8, 1.2);
    }

    std::vector<Piece> build()
    {
        while (m_cursor < m_total) {
            if (m_routine && takeOff())
                continue;
            if (isNight()) {
                materialise(sleepEpisode());
                if (m_routine) { // the shower: off for a quarter to three quarters of an hour
                    addBout(kOff, m_rng.duration(25 * 60, 0.3, 12 * 60, 45 * 60));
                    m_offThisEvening = false;
                }
            } else if (!m_coverageDone) {
                // The first waking hours go through every core episode once, in a
                // random order, so that even a short recording shows every class.
                std::vector<PlannedBout> plan;
                std::array<int, 6> order = {0, 1, 2, 3, 4, 5};
                for (int i = 5; i > 0; --i)
                    std::swap(order[size_t(i)], order[size_t(m_rng.index(i + 1))]);
                for (int e : order) {
                    const std::vector<PlannedBout> part = episode(e);
                    plan.insert(plan.end(), part.begin(), part.end());
                }
                fitInto(plan, 0.85 * double(m_total - m_cursor) / m_fs);
                materialise(plan);
                m_coverageDone = true;
            } else {
                materialise(episode(pickEpisode()));
            }
        }
        return std::move(m_pieces);
    }

private:
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

    double timeOfDay() const
    {
        const double t = m_startTimeOfDay + double(m_cursor) / m_fs;
        return t - 86400.0 * std::floor(t / 86400.0);
    }
    bool isNight() const
    {
        const double h = timeOfDay() / 3600.0;
        return h >= 22.5 || h < 6.0;
    }

    int dayIndex() const
    {
        return int(std::floor((m_startTimeOfDay + double(m_cursor) / m_fs) / 86400.0));
    }
    bool isWeekend() const { return (m_startWeekday + dayIndex()) % 7 >= 5; }

    // Daily routine: takes the sensors off when it is time to, and says so.
    bool takeOff()
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

    int pickEpisode()
    {
        const double h = timeOfDay() / 3600.0;
        if (m_routine) {
            // Weekdays: office hours at a desk. Weekends: outings, rides and runs.
            const std::array<double, 7> office = {0.72, 0.02, 0.08, 0.0, 0.0, 0.0, 0.18};
            const std::array<double, 7> weekend = {0.12, 0.2, 0.06, 0.16, 0.1, 0.12, 0.24};
            const bool work = !isWeekend() && h >= 8.5 && h < 16.5;
            if (work || isWeekend()) {
                const std::array<double, 7>& w = work ? office : weekend;
                double u = m_rng.uniform();
                for (int i = 0; i < 7; ++i) {
                    u -= w[size_t(i)];
                    if (u < 0)
                        return i;
                }
                return kErrand;
            }
        }
        // Weights of kDesk .. kErrand; evenings are more sedentary.
        const std::array<double, 7> day = {0.30, 0.14, 0.08, 0.09, 0.05, 0.06, 0.28};
        const std::array<double, 7> evening = {0.35, 0.20, 0.05, 0.03, 0.05, 0.22, 0.10};
        const std::array<double, 7>& w = h >= 18.0 ? evening : day;
        double total = 0;
        for (double v : w)
            total += v;
        double u = m_rng.uniform() * total;
        for (int i = 0; i < 7; ++i) {
            u -= w[size_t(i)];
            if (u < 0)
                return i;
        }
        return kDesk;
    }

    // Typical durations (median s, log-sd, min s, max s) of free-living bouts.
    double walk(double median = 40) { return m_rng.duration(median, 0.7, 6, 900); }
    double stand(double median = 20) { return m_rng.duration(median, 0.8, 3, 600); }
    double sit(double median) { return m_rng.duration(median, 0.7, 30, 5400); }

    std::vector<PlannedBout> episode(int which)
    {
        std::vector<PlannedBout> p;
        switch (which) {
        case kDesk:
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
            break;
        case kHousehold: {
            const int rounds = 3 + m_rng.index(5);
            for (int i = 0; i < rounds; ++i) {
                p.push_back({kStanding, stand(25)});
                p.push_back({kShuffling, m_rng.duration(8, 0.5, 3, 40)});
                if (m_rng.chance(0.35))
                    p.push_back({kWalking, m_rng.duration(12, 0.5, 5, 60)});
            }
            p.push_back({kStanding, stand(20)});
            break;
        }
        case kStairsTrip: {
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
            break;
        }
        case kBikeRide: {
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
            break;
        }
        case kRun:
            p.push_back({kWalking, walk(60)});
            p.push_back({kStanding, stand(15)});
            p.push_back({kRunning, m_rng.duration(300, 0.6, 60, 2400)});
            if (m_rng.chance(0.4)) {
                p.push_back({kStanding, m_rng.duration(20, 0.5, 5, 90)});
                p.push_back({kRunning, m_rng.duration(180, 0.6, 30, 1200)});
            }
            p.push_back({kWalking, walk(120)});
            p.push_back({kStanding, stand(30)});
            break;
        case kRest:
            p.push_back({kWalking, walk(20)});
            p.push_back({kSitting, m_rng.duration(60, 0.5, 10, 600)});
            p.push_back({kLying, m_rng.duration(20 * 60, 0.6, 180, 5400)});
            p.push_back({kSitting, m_rng.duration(60, 0.5, 10, 300)});
            p.push_back({kStanding, stand(10)});
            p.push_back({kWalking, walk(30)});
            break;
        case kErrand:
        default:
            p.push_back({kWalking, walk(90)});
            p.push_back({kStanding, stand(30)});
            p.push_back({kWalking, walk(60)});
            if (m_rng.chance(0.3)) {
                p.push_back({kStairsUp, m_rng.duration(10, 0.3, 5, 30)});
                p.push_back({kWalking, m_rng.duration(8, 0.4, 4, 30)});
            }
            p.push_back({kStanding, stand(20)});
            p.push_back({kWalking, walk(60)});
            break;
        }
        return p;
    }

    // Bed until a wake-up time between 06:30 and 08:00, sometimes with a trip
    // to the bathroom in the middle of the night.
    std::vector<PlannedBout> sleepEpisode()
    {
        std::vector<PlannedBout> p;
        p.push_back({kWalking, walk(20)});
        p.push_back({kStanding, stand(10)});
        p.push_back({kSitting, m_rng.duration(180, 0.6, 30, 1200)});
        double before = 0;
        for (const PlannedBout& b : p)
            before += b.seconds;
        const double now = timeOfDay();
        double wake = 6.5 * 3600 + m_rng.uniform(0, 1.5 * 3600);
        if (wake < now)
            wake += 86400;
        const double inBed = std::max(20.0 * 60, wake - now - before);
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
        p.push_back({kSitting, m_rng.duration(60, 0.5, 10, 600)});
        p.push_back({kStanding, stand(10)});
        p.push_back({kWalking, walk(30)});
        return p;
    }

    static double minimumSeconds(int32_t activity)
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

    // Shortens a plan proportionally (down to per-class minimums) so that it
    // fits the time left.
    static void fitInto(std::vector<PlannedBout>& plan, double seconds)
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

    // Target posture and movement of one bout, with per-bout variation.
    void describe(int32_t activity, Pose& pose, Motion& m)
    {
        pose = Pose();
        m.fill(0);
        const Subject& s = m_subject;
        const auto gait = [&](double stepHz, double swing, double bounce, double surge,
                              double sway) {
            // One random draw per statement: the order in which a call's
            // arguments are evaluated differs between compilers.
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
        };
        const double jitter = m_rng.normal(1.0, 0.03); // bout-to-bout cadence variation
        switch (activity) {
        case kWalking:
            gait(s.walkStepHz * jitter, 0.36, 0.26, 0.17, 0.10);
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
            gait(s.runStepHz * jitter, 0.62, 0.85, 0.35, 0.22);
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
            gait(1.55 * jitter, 0.42, 0.22, 0.14, 0.10);
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
            gait(1.75 * jitter, 0.28, 0.32, 0.12, 0.12);
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
            // Small, irregular steps with pauses (large amplitude jitter, clipped at 0).
            gait(1.3 * jitter, 0.07, 0.05, 0.04, 0.05);
            pose.backPitch = m_rng.normal(0.0, 0.04);
            pose.thighPitch = m_rng.normal(0.04, 0.03);
            pose.thighRoll = m_rng.normal(0, 0.08);
            m[kImpactBody] = 0.03;
            m[kCadenceJitter] = 0.2;
            m[kAmplitudeJitter] = 0.7;
            m[kVibration] = 0.01;
            m[kSway] = 0.03;
            break;
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
        case kLying: {
            const double previous = m_pieces.empty() ? 0.0 : m_pieces.back().pose.backRoll;
            double body = lyingRoll();
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
            break;
        }
        case kCyclingSit:
            m[kStrideHz] = s.pedalHz * jitter; // one "stride" = one pedal revolution
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
            break;
        case kCyclingStand:
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
    // Within a lying bout, a shift is a turn to another of these (m_turnOver)
    // or keeps the body's roll. Unwrapped to the turn nearest the current roll,
    // so that turning over takes the short way round.
    double lyingRoll()
    {
        const double current = m_pieces.empty() ? 0.0 : m_pieces.back().pose.backRoll;
        const bool lying = !m_pieces.empty() && m_pieces.back().label == kLying;
        if (lying && !m_turnOver)
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

    // Large posture changes (sit <-> stand, lying down, turning over) are left
    // unlabelled while they happen, as an annotator would not give the
    // in-between to either class; changes of gait keep the following label.
    static bool isPostureChange(const Pose& a, const Pose& b)
    {
        return std::fabs(a.backPitch - b.backPitch) > 0.6 ||
               std::fabs(a.thighPitch - b.thighPitch) > 0.8 ||
               std::fabs(a.backRoll - b.backRoll) > 0.8 ||
               std::fabs(a.thighRoll - b.thighRoll) > 0.8;
    }

    void materialise(const std::vector<PlannedBout>& plan)
    {
        for (const PlannedBout& bout : plan) {
            if (m_cursor >= m_total)
                return;
            addBout(bout.activity, bout.seconds);
        }
    }

    void addBout(int32_t activity, double seconds)
    {
        const int64_t length = std::max<int64_t>(1, int64_t(seconds * m_fs + 0.5));
        const int64_t boutEnd = std::min(m_total, m_cursor + length);

        Piece piece;
        piece.label = activity;
        describe(activity, piece.pose, piece.motion);
        if (!m_pieces.empty()) {
            const Pose& previous = m_pieces.back().pose;
            const bool change = isPostureChange(previous, piece.pose);
            const double rampSeconds = change ? m_rng.uniform(1.5, 3.0) : m_rng.uniform(1.0, 2.0);
            piece.ramp = std::min(int64_t(rampSeconds * m_fs + 0.5), length / 2);
            piece.rampLabelled = !change;
            // Standing up and sitting down swing the trunk forward on the way.
            const bool sitStand = change &&
                                  std::fabs(previous.thighPitch - piece.pose.thighPitch) > 0.8 &&
                                  previous.backPitch < 0.9 && piece.pose.backPitch < 0.9;
            if (sitStand)
                piece.transitionLean = -m_rng.uniform(0.3, 0.55);
        }

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
            if (end < boutEnd) {
                // The next posture of this bout.
                Pose next;
                Motion motion{};
                m_turnOver = activity == kLying && m_rng.chance(0.6);
                describe(activity, next, motion);
                m_turnOver = false;
                if (activity == kLying && next.backRoll == piece.pose.backRoll) {
                    // Not every shift is a turn: sometimes only the legs move.
                    next = piece.pose;
                    next.thighPitch =
                        std::clamp(next.thighPitch + m_rng.normal(0, 0.12), 0.9, 1.65);
                    next.thighRoll += m_rng.normal(0, 0.15);
                }
                piece.pose = next;
                piece.motion = motion;
                piece.ramp = int64_t(m_rng.uniform(1.0, activity == kLying ? 3.0 : 2.5) * m_fs);
                piece.rampLabelled = true;
                piece.transitionLean = 0;
            }
            start = end;
        }
        m_cursor = boutEnd;
    }

    Rng m_rng;
    double m_fs;
    int64_t m_total;
    bool m_routine = false;
    bool m_forgotten = false;      // the third day off has happened
    bool m_offThisEvening = false; // tonight's chance to take the sensors off is used
    int m_startWeekday = 0;        // 0 = Monday
    double m_startTimeOfDay = 0;
    int64_t m_cursor = 0;
    bool m_coverageDone = false;
    bool m_turnOver = false; // the next lying posture is a turn to another orientation
    Subject m_subject;
    std::vector<Piece> m_pieces;
};

// --- Rendering ------------------------------------------------------------------

// Per-sensor constants of the simulated device.
struct Device
{
    std::array<double, 9> mount{}; // small rotation: how the sensor sits on the skin
    std::array<double, 3> gain{};
    std::array<double, 3> offset{};
    int64_t nextSpike = 0;
};

Device makeDevice(Rng& rng)
{
    const SineTable& t = sineTable();
    // A few degrees of mounting error about each axis.
    const double a = rng.normal(0, 0.06), b = rng.normal(0, 0.06), c = rng.normal(0, 0.06);
    const double ca = t.cosRad(a), sa = t.sinRad(a), cb = t.cosRad(b), sb = t.sinRad(b);
    const double cc = t.cosRad(c), sc = t.sinRad(c);
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
        d.gain[size_t(i)] = 1 + rng.normal(0, 0.005); // calibration error
        d.offset[size_t(i)] = rng.normal(0, 0.01);
    }
    return d;
}

class Renderer
{
public:
    Renderer(uint64_t seed, double sampleRateHz) : m_rng(seed), m_fs(sampleRateHz), m_t(sineTable())
    {
        m_back = makeDevice(m_rng);
        m_thigh = makeDevice(m_rng);
        // Glitches: single-sample spikes, on average a few per hour per sensor.
        m_back.nextSpike = spikeInterval();
        m_thigh.nextSpike = spikeInterval();
        // Slow postural sway: unit-variance AR(1) with a 1.5 s time constant.
        m_swayA = detExp(-1.0 / (1.5 * m_fs));
        m_swayB = std::sqrt(1 - m_swayA * m_swayA);
        // Foot-contact transient: a sharp rise and a damped rebound, ~0.2 s.
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

    void render(const std::vector<Piece>& pieces, float* const* out)
    {
        Pose pose;
        Motion motion{};
        Pose fromPose;
        Motion fromMotion{};
        for (const Piece& piece : pieces) {
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

private:
    static void blend(const Pose& a, const Pose& b, double w, Pose& r)
    {
        r.backPitch = a.backPitch + w * (b.backPitch - a.backPitch);
        r.backRoll = a.backRoll + w * (b.backRoll - a.backRoll);
        r.thighPitch = a.thighPitch + w * (b.thighPitch - a.thighPitch);
        r.thighRoll = a.thighRoll + w * (b.thighRoll - a.thighRoll);
    }
    static void blend(const Motion& a, const Motion& b, double w, Motion& r)
    {
        for (size_t i = 0; i < r.size(); ++i)
            r[i] = a[i] + w * (b[i] - a[i]);
        // The cadence of a movement fading in or out is that of the moving side.
        if (a[kStrideHz] == 0)
            r[kStrideHz] = b[kStrideHz];
        else if (b[kStrideHz] == 0)
            r[kStrideHz] = a[kStrideHz];
    }

    int64_t spikeInterval() { return 1 + int64_t(m_rng.exponential(20 * 60) * m_fs); }

    void sample(int64_t i, const Pose& pose, const Motion& m, double lean, float* const* out)
    {
        // Gait or pedalling: advance the stride phase; every stride gets its own
        // cadence and amplitude, and each foot contact a transient.
        double fU = 1, fA = 0, fL = 0; // body-frame specific force (g): up, forward, left
        double thighPitch = pose.thighPitch;
        double backPitch = pose.backPitch + lean;
        double thighX = 0, thighZ = 0; // thigh-local accelerations (g) of the swing
        const double strideHz = m[kStrideHz];
        if (strideHz > 0) {
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
            fU += series(kVertical);
            fA = series(kForward);
            fL = series(kLateral);
            backPitch += series(kTrunkPitch);
            thighPitch += series(kThighSwing);
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
            thighX = -kThighRadius * rate * rate / kGravity;
            thighZ = kThighRadius * accel / kGravity;
        }
        if (m_impactBodyPos < m_impulse.size())
            fU += m_impactBodyAmp * m_impulse[m_impactBodyPos++];
        if (m_impactThighPos < m_impulse.size())
            thighX -= m_impactThighAmp * m_impulse[m_impactThighPos++];

        for (double& v : m_sway)
            v = m_swayA * v + m_swayB * m_rng.fastNormal();
        const double sway = m[kSway];
        backPitch += sway * m_sway[0];
        thighPitch += sway * m_sway[2];

        const double noise = std::sqrt(0.006 * 0.006 + m[kVibration] * m[kVibration]);
        writeSample(i, m_back, -1, backPitch, pose.backRoll, sway * m_sway[1], fU, fA, fL, 0, 0,
                    noise, out[0], out[1], out[2]);
        writeSample(i, m_thigh, +1, thighPitch, pose.thighRoll, sway * m_sway[3], fU, fA, fL,
                    thighX, thighZ, noise, out[3], out[4], out[5]);
    }

    void startImpact(const Motion& m, bool ownFoot)
    {
        if (m[kImpactBody] > 0) {
            m_impactBodyAmp =
                m[kImpactBody] * m_amplitude * std::max(0.0, 1 + 0.25 * m_rng.normal());
            m_impactBodyPos = 0;
        }
        if (ownFoot && m[kImpactThigh] > 0) {
            m_impactThighAmp =
                m[kImpactThigh] * m_amplitude * std::max(0.0, 1 + 0.25 * m_rng.normal());
            m_impactThighPos = 0;
        }
    }

    // Specific force of one sensor: the body-frame force seen through the
    // segment's pitch (mounting sign s: +1 z anterior, -1 z posterior), plus
    // the segment's own acceleration, rolled about the segment, tilted
    // sideways by the sway, then mounting, calibration, noise and glitches.
    void writeSample(int64_t i, Device& d, double s, double pitch, double roll, double tilt,
                     double fU, double fA, double fL, double localX, double localZ, double noise,
                     float* ox, float* oy, float* oz)
    {
        const double cp = m_t.cosRad(pitch), sp = m_t.sinRad(pitch);
        const double cr = m_t.cosRad(roll), sr = m_t.sinRad(roll);
        const double x0 = -cp * fU + sp * fA + localX;
        const double y0 = s * fL;
        const double z0 = s * (sp * fU + cp * fA) + localZ;
        const double y1 = y0 * cr - z0 * sr;
        const double z1 = y0 * sr + z0 * cr;
        const double x2 = x0 - tilt * y1; // small-angle tilt about z
        const double y2 = y1 + tilt * x0;
        const std::array<double, 9>& r = d.mount;
        std::array<double, 3> v = {r[0] * x2 + r[1] * y2 + r[2] * z1,
                                   r[3] * x2 + r[4] * y2 + r[5] * z1,
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

    Rng m_rng;
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

Sensor makeSensor(const QString& name, size_t n)
{
    Sensor sensor;
    sensor.name = name;
    sensor.device = QStringLiteral("Axivity AX3 (simulated)");
    for (const char* axis : {"x", "y", "z"})
        sensor.channels.push_back(Channel{QString::fromLatin1(axis), QStringLiteral("acc"),
                                          QStringLiteral("g"), std::vector<float>(n)});
    return sensor;
}

} // namespace

Recording DemoRecordingGenerator::generate(const DemoOptions& options)
{
    if (!(options.sampleRateHz > 0) || options.sampleRateHz > 1e6)
        throw std::invalid_argument("DemoRecordingGenerator: the sampling rate must be positive");
    const double samples = options.durationSeconds > 0
                               ? std::floor(options.durationSeconds * options.sampleRateHz + 0.5)
                               : 0.0;
    const int64_t n = int64_t(samples);

    Recording r;
    r.id = options.recordingId;
    r.subjectId = options.subjectId;
    r.sampleRateHz = options.sampleRateHz;
    r.startTimeUs = options.startTimeUs;
    r.labelSetId = QStringLiteral("harth");
    r.source = QStringLiteral("built-in demo (seed %1)").arg(options.seed);
    r.metadata.insert(QStringLiteral("generator"), QStringLiteral("Kinemark demo generator"));
    r.metadata.insert(QStringLiteral("seed"), QString::number(options.seed));
    r.metadata.insert(QStringLiteral("axes"),
                      QStringLiteral("x down along the segment, z out of the skin (thigh front, "
                                     "lower back); upright reads (-1, 0, 0) g"));
    r.sensors.push_back(makeSensor(QStringLiteral("back"), size_t(n)));
    r.sensors.push_back(makeSensor(QStringLiteral("thigh"), size_t(n)));

    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                          QStringLiteral("harth"));
    if (n > 0) {
        // Separate streams for the schedule and the signal, so that refining
        // the signal model does not reshuffle the timeline.
        const std::vector<Piece> pieces =
            ScheduleBuilder(options.seed ^ 0x5C4ED01EULL, options.sampleRateHz, n,
                            options.startTimeUs, options.dailyRoutine)
                .build();
        float* out[6];
        for (size_t c = 0; c < 6; ++c)
            out[c] = r.channel(c).samples.data();
        Renderer(options.seed ^ 0x516A1ULL, options.sampleRateHz).render(pieces, out);

        std::vector<Segment> segments;
        for (const Piece& p : pieces) {
            const int64_t start = p.rampLabelled ? p.start : p.start + p.ramp;
            if (start >= p.end || p.label == kOff)
                continue;
            if (!segments.empty() && segments.back().end == start &&
                segments.back().classId == p.label)
                segments.back().end = p.end;
            else
                segments.push_back(Segment{start, p.end, p.label, QString(), 0});
        }
        truth.setSegments(std::move(segments));
    }
    r.tracks.push_back(std::move(truth));
    return r;
}

DemoOptions DemoOptions::severalDays(int days)
{
    DemoOptions o;
    o.dailyRoutine = true;
    o.sampleRateHz = 25;
    o.startTimeUs = 1709546400000000LL; // Monday 2024-03-04 10:00:00 UTC
    o.durationSeconds = std::max(1, days) * 86400.0 - 2 * 3600.0;
    o.recordingId = QStringLiteral("demo-%1-days").arg(std::max(1, days));
    o.subjectId = QStringLiteral("demo-patient");
    return o;
}

Project DemoRecordingGenerator::demoProject(const DemoOptions& options)
{
    Project project;
    project.name = QStringLiteral("Demo");
    project.metadata.insert(QStringLiteral("description"),
                            QStringLiteral("Synthetic two-sensor recording (lower back and thigh, "
                                           "50 Hz) with HARTH ground truth"));
    project.ensureBuiltinLabelSet(QStringLiteral("harth"));
    project.addRecording(generate(options));
    return project;
}

} // namespace kinemark
