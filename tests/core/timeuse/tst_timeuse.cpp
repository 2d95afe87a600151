// Time-use summaries (core/TimeUseSummary, NonWearDetector, ActivityTimeline,
// ActivityGrouping) against a constructed three-day recording whose every
// figure is computed by hand below.
#include "core/base/FormatError.h"
#include "core/model/Project.h"
#include "core/project/ProjectFile.h"
#include "core/timeuse/ActivityGrouping.h"
#include "core/timeuse/NonWearDetector.h"
#include "core/timeuse/TimeUseSettings.h"
#include "core/timeuse/TimeUseSummary.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;

namespace {

// The recording runs at 1 Hz from Friday 2024-03-08 12:00:00 (a mid-day start)
// to Sunday 2024-03-10 18:00:00 UTC: 54 h, three calendar days.
constexpr int64_t kStartUs = 1709899200000000LL; // 2024-03-08 12:00:00 UTC
constexpr int64_t kSamples = 54 * 3600;

// Sample of a wall-clock time; day 0 = Friday.
int64_t at(int day, int hour, int minute = 0, int second = 0)
{
    return int64_t(day) * 86400 + hour * 3600 + minute * 60 + second - 12 * 3600;
}

// Worn: every axis alternates by ±50 mg (SD 50 mg). Still: the sensor lies
// flat, constant (1, 0, 0), except for one glitch in the first non-wear period.
Recording threeDays()
{
    Recording r;
    r.id = QStringLiteral("three-days");
    r.subjectId = QStringLiteral("P01");
    r.sampleRateHz = 1;
    r.startTimeUs = kStartUs;
    r.labelSetId = QStringLiteral("harth");
    Sensor thigh;
    thigh.name = QStringLiteral("thigh");
    for (const char* axis : {"x", "y", "z"})
        thigh.channels.push_back(Channel{QString::fromLatin1(axis), QStringLiteral("acc"),
                                         QStringLiteral("g"),
                                         std::vector<float>(size_t(kSamples))});
    const std::vector<std::pair<int64_t, int64_t>> still = {
        {at(0, 18), at(0, 20)},       // taken off for two hours on Friday evening
        {at(1, 14), at(1, 14, 30)},   // sitting motionless for 30 min: worn, too short
        {at(1, 23, 30), at(2, 1, 30)} // off across midnight
    };
    for (int64_t i = 0; i < kSamples; ++i) {
        bool quiet = false;
        for (const auto& s : still)
            quiet = quiet || (i >= s.first && i < s.second);
        const float wobble = quiet ? 0.0f : (i % 2 ? 0.05f : -0.05f);
        thigh.channels[0].samples[size_t(i)] = 1.0f + wobble;
        thigh.channels[1].samples[size_t(i)] = wobble;
        thigh.channels[2].samples[size_t(i)] = -wobble;
    }
    thigh.channels[1].samples[size_t(at(0, 19))] = 2.0f; // a glitch while off: bridged
    r.sensors.push_back(std::move(thigh));

    AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                          QStringLiteral("harth"));
    const auto add = [&](int64_t from, int64_t to, int32_t cls) {
        truth.append(Segment{from, to, cls, QString(), 0});
    };
    add(at(0, 12), at(0, 14), 7);           // sitting
    add(at(0, 14, 0, 2), at(0, 15), 1);     // walking, after a 2 s unlabelled stand-up
    add(at(0, 15), at(0, 18), 6);           // standing
    add(at(0, 18), at(0, 20), 8);           // "lying" while the sensor is off
    add(at(0, 20), at(1, 0, 30), 7);        // sitting across midnight
    add(at(1, 0, 30), at(1, 7), 8);         // lying
    add(at(1, 7), at(1, 8), 1);             // walking
    add(at(1, 8), at(1, 12), 7);            // sitting
    add(at(1, 12), at(1, 12, 20), 13);      // cycling
    add(at(1, 12, 20), at(1, 12, 30), 130); // coasting: merged into cycling
    add(at(1, 12, 30), at(1, 14), 6);       // standing
    add(at(1, 14), at(1, 14, 30), 7);       // sitting, motionless
    add(at(1, 14, 30), at(1, 15), 1);       // walking
    add(at(1, 15), at(1, 15, 20), 7);       // sitting (a short bout)
    add(at(1, 15, 20), at(1, 23, 30), 6);   // standing
    add(at(2, 1, 30), at(2, 8), 8);         // lying
    add(at(2, 8), at(2, 10), 6);            // standing
    add(at(2, 10), at(2, 18), 7);           // sitting to the end
    r.tracks.push_back(std::move(truth));
    return r;
}

double minutesOf(const TimeUseSummary& s, const DaySummary& d, int32_t classId)
{
    const int i = s.classIndex(classId);
    return i < 0 ? -1 : d.classSeconds[size_t(i)] / 60.0;
}

double groupMinutes(const TimeUseSummary& s, const DaySummary& d, const QString& group)
{
    for (size_t i = 0; i < s.grouping.groups.size(); ++i)
        if (s.grouping.groups[i].name == group)
            return d.groupSeconds[i] / 60.0;
    return -1;
}

} // namespace

class TimeUseTest : public QObject
{
    Q_OBJECT

private slots:
    void harthGrouping()
    {
        const ActivityGrouping g = ActivityGrouping::defaultsFor(LabelSet::builtin("harth"));
        QCOMPARE(g.groups.size(), size_t(3));
        QCOMPARE(g.groups[0].classIds, (std::vector<int32_t>{7, 8}));
        QCOMPARE(g.groups[1].classIds, (std::vector<int32_t>{3, 6}));
        QCOMPARE(g.groups[2].classIds, (std::vector<int32_t>{1, 2, 4, 5, 13, 14}));
        const ActivityGrouping back = ActivityGrouping::fromJson(g.toJson(), "g.json");
        QCOMPARE(back.groups.size(), size_t(3));
        QCOMPARE(back.groups[2].classIds, g.groups[2].classIds);
        QCOMPARE(back.groupOf(8), 0);
        QCOMPARE(back.groupOf(99), -1);
        // HAPT's transitions belong to no group.
        const LabelSet hapt = LabelSet::builtin("hapt");
        const ActivityGrouping h = ActivityGrouping::defaultsFor(hapt);
        for (const ActivityGroup& group : h.groups)
            for (int32_t id : group.classIds)
                QVERIFY2(!hapt.className(id).contains("-to-"), qPrintable(hapt.className(id)));
        QCOMPARE(h.groups[0].classIds.size(), size_t(2)); // sitting, lying
        QVERIFY_THROWS_EXCEPTION(FormatError, ActivityGrouping::fromJson("{", "bad.json"));
    }

    void nonWearRule()
    {
        const Recording r = threeDays();
        const auto spans = NonWearDetector::detect(r, NonWearOptions());
        // The glitch at 19:00 is bridged; the 30 motionless minutes are not enough.
        QCOMPARE(spans.size(), size_t(2));
        QCOMPARE(spans[0], std::make_pair(at(0, 18), at(0, 20)));
        QCOMPARE(spans[1], std::make_pair(at(1, 23, 30), at(2, 1, 30)));
        // Without bridging, the glitch splits the first period into 60 and 59
        // still minutes: only the first is long enough.
        NonWearOptions strict;
        strict.toleratedSeconds = 0;
        const auto strictSpans = NonWearDetector::detect(r, strict);
        QCOMPARE(strictSpans.size(), size_t(2));
        QCOMPARE(strictSpans[0], std::make_pair(at(0, 18), at(0, 19)));
        // A lower minimum finds the motionless half hour too.
        NonWearOptions shorter;
        shorter.minimumSeconds = 20 * 60;
        QCOMPARE(NonWearDetector::detect(r, shorter).size(), size_t(3));
    }

    void timelineMergesAndMasks()
    {
        const Recording r = threeDays();
        const LabelSet harth = LabelSet::builtin("harth");
        const auto spans =
            ActivityTimeline::build(r.groundTruth(), kSamples, &harth, {{at(0, 18), at(0, 20)}});
        QCOMPARE(spans.front(), (ActivitySpan{0, at(0, 14), 7, false}));
        QCOMPARE(spans[1], (ActivitySpan{at(0, 14), at(0, 14, 0, 2), kUnlabelled, false}));
        bool sawNonWear = false, sawCoasting = false;
        int64_t cursor = 0;
        for (const ActivitySpan& s : spans) {
            QCOMPARE(s.start, cursor); // covers everything, in order
            cursor = s.end;
            if (s.nonWear) {
                QCOMPARE(s, (ActivitySpan{at(0, 18), at(0, 20), kUnlabelled, true}));
                sawNonWear = true;
            }
            sawCoasting = sawCoasting || s.classId == 130;
            if (s.start == at(1, 12))
                QCOMPARE(s, (ActivitySpan{at(1, 12), at(1, 12, 30), 13, false}));
        }
        QCOMPARE(cursor, kSamples);
        QVERIFY(sawNonWear);
        QVERIFY(!sawCoasting);
    }

    void perDay()
    {
        const Recording r = threeDays();
        const LabelSet harth = LabelSet::builtin("harth");
        const TimeUseSummary s = TimeUseSummary::compute(r, r.groundTruth(), &harth, {});
        QCOMPARE(s.days.size(), size_t(3));
        const DaySummary& fri = s.days[0];
        const DaySummary& sat = s.days[1];
        const DaySummary& sun = s.days[2];
        QCOMPARE(fri.date, QDate(2024, 3, 8));
        QCOMPARE(sun.date, QDate(2024, 3, 10));
        QVERIFY(!fri.weekend && sat.weekend && sun.weekend);

        // Friday: 12:00-24:00 recorded, 18-20 off.
        QCOMPARE(fri.recordedSeconds, 12 * 3600.0);
        QCOMPARE(fri.nonWearSeconds, 2 * 3600.0);
        QCOMPARE(fri.wearSeconds, 10 * 3600.0);
        QCOMPARE(fri.unlabelledSeconds, 2.0);
        QCOMPARE(minutesOf(s, fri, 7), 120.0 + 240.0);
        QCOMPARE(minutesOf(s, fri, 1), 60.0 - 2.0 / 60);
        QCOMPARE(minutesOf(s, fri, 6), 180.0);
        QCOMPARE(minutesOf(s, fri, 8), 0.0); // the "lying" while off does not count
        QCOMPARE(groupMinutes(s, fri, "sedentary"), 360.0);
        QCOMPARE(groupMinutes(s, fri, "upright"), 180.0);
        QCOMPARE(fri.activeSeconds, 3600.0 - 2);
        // Bouts start on Friday: 12-14 (2 h) and 20:00 to Saturday 07:00
        // (sitting then lying: 11 h); the stand-up at 14:00 is a transition.
        QCOMPARE(fri.sedentaryBouts, 2.0);
        QCOMPARE(fri.sedentaryBoutSeconds, 13 * 3600.0);
        QCOMPARE(fri.longestSedentaryBoutSeconds, 11 * 3600.0);
        QCOMPARE(fri.transitions, 1.0);
        QVERIFY(fri.valid); // exactly the 10 h minimum

        // Saturday: the whole day, off from 23:30.
        QCOMPARE(sat.recordedSeconds, 86400.0);
        QCOMPARE(sat.nonWearSeconds, 30 * 60.0);
        QCOMPARE(minutesOf(s, sat, 7), 30.0 + 240 + 30 + 20);
        QCOMPARE(minutesOf(s, sat, 8), 390.0);
        QCOMPARE(minutesOf(s, sat, 1), 90.0);
        QCOMPARE(minutesOf(s, sat, 13), 30.0);
        QCOMPARE(minutesOf(s, sat, 6), 90.0 + 490);
        QCOMPARE(sat.activeSeconds, 120 * 60.0);
        // 08-12 and the motionless 14:00-14:30 (exactly 30 min) count; 15:00-15:20 does not.
        QCOMPARE(sat.sedentaryBouts, 2.0);
        QCOMPARE(sat.sedentaryBoutSeconds, 270 * 60.0);
        QCOMPARE(sat.longestSedentaryBoutSeconds, 240 * 60.0);
        // Up at 07:00 (from Friday's bout), 12:00, 14:30 and 15:20.
        QCOMPARE(sat.transitions, 4.0);

        // Sunday: 00:00-18:00, off until 01:30; the last bout runs to the end.
        QCOMPARE(sun.recordedSeconds, 18 * 3600.0);
        QCOMPARE(sun.nonWearSeconds, 90 * 60.0);
        QCOMPARE(sun.wearSeconds, 990 * 60.0);
        QCOMPARE(minutesOf(s, sun, 8), 390.0);
        QCOMPARE(minutesOf(s, sun, 6), 120.0);
        QCOMPARE(minutesOf(s, sun, 7), 480.0);
        QCOMPARE(sun.sedentaryBouts, 2.0);
        QCOMPARE(sun.sedentaryBoutSeconds, (390 + 480) * 60.0);
        QCOMPARE(sun.longestSedentaryBoutSeconds, 480 * 60.0);
        QCOMPARE(sun.transitions, 1.0);
        QCOMPARE(sun.activeSeconds, 0.0);
    }

    void averagesAndHourlyProfile()
    {
        const Recording r = threeDays();
        const LabelSet harth = LabelSet::builtin("harth");
        const TimeUseSummary s = TimeUseSummary::compute(r, r.groundTruth(), &harth, {});
        QCOMPARE(s.validDays, 3);
        QCOMPARE(s.validWeekdays, 1);
        QCOMPARE(s.validWeekends, 2);
        QCOMPARE(s.allDays.wearSeconds / 60, (600.0 + 1410 + 990) / 3);
        QCOMPARE(s.weekdays.wearSeconds / 60, 600.0);
        QCOMPARE(s.weekends.wearSeconds / 60, (1410.0 + 990) / 2);
        QCOMPARE(s.allDays.transitions, 2.0);
        QCOMPARE(s.weekends.sedentaryBouts, 2.0);
        // Hour 12: sitting on Friday and Sunday, cycling and standing on Saturday.
        const size_t sitting = size_t(s.classIndex(7));
        const size_t standing = size_t(s.classIndex(6));
        const size_t lying = size_t(s.classIndex(8));
        QCOMPARE(s.hourlyMinutes[12][sitting], 40.0);
        QCOMPARE(s.hourlyMinutes[12][size_t(s.classIndex(13))], 10.0);
        // Hour 19 is recorded on Friday (off) and Saturday (standing) only:
        // per worn hour, the hour off is left out.
        QCOMPARE(s.hourlyWornHours[19], 1.0);
        QCOMPARE(s.hourlyMinutes[19][standing], 60.0);
        // Hour 0 on Saturday (30 min sitting, 30 lying) and Sunday (off).
        QCOMPARE(s.hourlyMinutes[0][sitting], 30.0);
        QCOMPARE(s.hourlyMinutes[0][lying], 30.0);
    }

    // A week in bed every night from 23:00 to 07:00, except one night the
    // sensor lies on the table: the hourly profile counts worn hours only, so
    // lying stays 60 min/h at night instead of 6/7 of it.
    void hourlyProfileLeavesNonWearOut()
    {
        constexpr int64_t days = 7;
        Recording r;
        r.id = QStringLiteral("week");
        r.sampleRateHz = 1;
        r.startTimeUs = 1709510400000000LL; // Monday 2024-03-04 00:00:00 UTC
        r.labelSetId = QStringLiteral("harth");
        Sensor thigh;
        thigh.name = QStringLiteral("thigh");
        const size_t n = size_t(days * 86400);
        for (const char* axis : {"x", "y", "z"})
            thigh.channels.push_back(Channel{QString::fromLatin1(axis), QStringLiteral("acc"),
                                             QStringLiteral("g"), std::vector<float>(n)});
        const int64_t offFrom = 2 * 86400 + 23 * 3600, offTo = 3 * 86400 + 7 * 3600;
        for (size_t i = 0; i < n; ++i) {
            const bool off = int64_t(i) >= offFrom && int64_t(i) < offTo;
            const float wobble = off ? 0.0f : (i % 2 ? 0.05f : -0.05f);
            thigh.channels[0].samples[i] = 1.0f + wobble;
            thigh.channels[1].samples[i] = wobble;
            thigh.channels[2].samples[i] = -wobble;
        }
        r.sensors.push_back(std::move(thigh));
        AnnotationTrack truth(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth,
                              QStringLiteral("harth"));
        for (int64_t d = 0; d < days; ++d) {
            const int64_t day = d * 86400;
            truth.append(Segment{day, day + 7 * 3600, 8, QString(), 0});              // lying
            truth.append(Segment{day + 7 * 3600, day + 23 * 3600, 6, QString(), 0});  // standing
            truth.append(Segment{day + 23 * 3600, day + 24 * 3600, 8, QString(), 0}); // lying
        }
        r.tracks.push_back(std::move(truth));

        const LabelSet harth = LabelSet::builtin("harth");
        const TimeUseSummary s = TimeUseSummary::compute(r, r.groundTruth(), &harth, {});
        QCOMPARE(s.nonWear.size(), size_t(1));
        QCOMPARE(s.validDays, 7);
        const size_t lying = size_t(s.classIndex(8));
        for (size_t h : {0, 3, 6, 23}) {
            QCOMPARE(s.hourlyWornHours[h], 6.0);
            QCOMPARE(s.hourlyMinutes[h][lying], 60.0);
        }
        QCOMPARE(s.hourlyWornHours[12], 7.0);
        QCOMPARE(s.hourlyMinutes[12][size_t(s.classIndex(6))], 60.0);
        // The CSV says what the figure is, and agrees with it.
        const QStringList lines = s.hourlyCsv().split(QLatin1Char('\n'));
        const QStringList header = lines.front().split(QLatin1Char(','));
        QCOMPARE(header.mid(0, 2), (QStringList{"hour", "worn_hours"}));
        const int column = int(header.indexOf(QStringLiteral("lying_min_per_worn_hour")));
        QVERIFY2(column > 0, qPrintable(lines.front()));
        const QStringList three = lines.value(1 + 3).split(QLatin1Char(','));
        QCOMPARE(three.value(0), QStringLiteral("3"));
        QCOMPARE(three.value(1), QStringLiteral("6.00"));
        QCOMPARE(three.value(column), QStringLiteral("60.00"));
    }

    void shortDaysAreFlaggedNotAveraged()
    {
        const Recording r = threeDays();
        const LabelSet harth = LabelSet::builtin("harth");
        TimeUseOptions o;
        o.minimumWearSeconds = 11 * 3600; // Friday's 10 h no longer suffice
        const TimeUseSummary s = TimeUseSummary::compute(r, r.groundTruth(), &harth, o);
        QVERIFY(!s.days[0].valid);
        QCOMPARE(s.validDays, 2);
        QCOMPARE(s.validWeekdays, 0);
        QCOMPARE(s.allDays.wearSeconds / 60, (1410.0 + 990) / 2);
        QCOMPARE(s.weekdays.wearSeconds, 0.0);
        // Hour 19: only Saturday is left.
        QCOMPARE(s.hourlyMinutes[19][size_t(s.classIndex(6))], 60.0);
        const QString csv = s.dailyCsv();
        QVERIFY(csv.startsWith("day,weekday,valid,recorded_min,wear_min"));
        QVERIFY(csv.contains("2024-03-08,Fri,no,720.00,600.00,120.00,0.03,"));
        QVERIFY(csv.contains(",stairs (ascending)_min,"));
        QVERIFY(csv.contains("mean of 2 valid days"));
        QCOMPARE(s.hourlyCsv().count('\n'), 25);
    }

    void optionsChangeTheRules()
    {
        const Recording r = threeDays();
        const LabelSet harth = LabelSet::builtin("harth");
        TimeUseOptions o;
        o.minimumBoutSeconds = 10 * 60; // Saturday's 20-minute sit now counts
        o.bridgeSeconds = 1;            // the 2 s stand-up on Friday is no longer a transition
        o.detectNonWear = false;
        TimeUseSummary s = TimeUseSummary::compute(r, r.groundTruth(), &harth, o);
        QCOMPARE(s.days[1].sedentaryBouts, 3.0);
        QCOMPARE(s.days[0].transitions, 0.0);
        QCOMPARE(s.days[0].nonWearSeconds, 0.0);
        QCOMPARE(minutesOf(s, s.days[0], 8), 120.0); // the lying now counts
        // Friday's lying (18-20) now counts, so the evening bout runs from 18:00
        // to Saturday 07:00 (13 h).
        QCOMPARE(s.days[0].longestSedentaryBoutSeconds, 13 * 3600.0);

        // Sedentary = lying only.
        o = TimeUseOptions();
        o.grouping = ActivityGrouping::defaultsFor(harth);
        o.grouping.groups[0].classIds = {8};
        s = TimeUseSummary::compute(r, r.groundTruth(), &harth, o);
        QCOMPARE(s.days[0].sedentaryBouts, 0.0); // Friday's lying was while off
        QCOMPARE(s.days[1].longestSedentaryBoutSeconds, 390 * 60.0);

        // Local time one hour ahead of UTC: Friday has 11 h, Sunday 19 h.
        o = TimeUseOptions();
        o.utcOffsetSeconds = 3600;
        s = TimeUseSummary::compute(r, r.groundTruth(), &harth, o);
        QCOMPARE(s.days[0].recordedSeconds, 11 * 3600.0);
        QCOMPARE(s.days[2].recordedSeconds, 19 * 3600.0);
        QCOMPARE(s.days[1].nonWearSeconds, 0.0); // 00:30 local: the period starts on Sunday
    }

    // The Patient view's settings are kept in the project: JSON round trip,
    // errors that name the key, the project file, and `report` using them
    // unless the command line overrides them.
    void settingsTravelWithTheProject()
    {
        TimeUseSettings settings;
        settings.options.minimumWearSeconds = 11 * 3600;
        settings.options.minimumBoutSeconds = 10 * 60;
        settings.options.nonWear.stillSdG = 0.012;
        ActivityGrouping lyingOnly = ActivityGrouping::defaultsFor(LabelSet::builtin("harth"));
        lyingOnly.groups[0].classIds = {8};
        settings.groupings[QStringLiteral("harth")] = lyingOnly;
        const TimeUseSettings back = TimeUseSettings::fromJson(settings.toJson(), "test");
        QVERIFY(back == settings);
        QCOMPARE(back.options.nonWear.stillSdG, 0.012);
        QCOMPARE(back.optionsFor("harth").grouping.groups[0].classIds, std::vector<int32_t>{8});
        QVERIFY(back.optionsFor("hapt").grouping.groups.empty()); // defaults by class name
        QCOMPARE(back.optionsFor("hapt").minimumBoutSeconds, 600.0);
        try {
            TimeUseSettings::fromJson(R"({"minimum_wear_seconds": -5})", "settings.json");
            QFAIL("a negative wear time was accepted");
        } catch (const FormatError& e) {
            QVERIFY2(e.describe().contains("settings.json") &&
                         e.describe().contains("minimum_wear_seconds"),
                     qPrintable(e.describe()));
        }
        QVERIFY_THROWS_EXCEPTION(FormatError, TimeUseSettings::fromJson("{nope", "x"));

        QTemporaryDir dir;
        Project project;
        project.name = QStringLiteral("settings");
        project.ensureBuiltinLabelSet(QStringLiteral("harth"));
        project.addRecording(threeDays());
        settings.storeIn(project);
        const QString path = dir.filePath("p.kmk");
        ProjectFile::save(project, path);
        QVERIFY(TimeUseSettings::of(ProjectFile::open(path)) == settings);
        QVERIFY(TimeUseSettings::of(Project()) == TimeUseSettings()); // none stored: defaults

        const auto report = [&](const QStringList& extra) {
            QProcess p;
            p.start(QStringLiteral(KINEMARK_CLI_PATH),
                    QStringList{"report", path, "--csv", dir.filePath("t")} + extra);
            p.waitForFinished(60000);
            QFile daily(dir.filePath("t/daily.csv"));
            daily.open(QIODevice::ReadOnly);
            return std::make_pair(p.exitCode(), QString::fromUtf8(daily.readAll()));
        };
        // Friday has 10 h of wear: short of the project's 11 h, enough for 10 h given on the
        // command line.
        const auto stored = report({});
        QCOMPARE(stored.first, 0);
        QVERIFY2(stored.second.contains("2024-03-08,Fri,no,"), qPrintable(stored.second));
        const auto overridden = report({"--min-wear-hours", "10"});
        QCOMPARE(overridden.first, 0);
        QVERIFY2(overridden.second.contains("2024-03-08,Fri,yes,"), qPrintable(overridden.second));
    }

    // kinemark-cli demo --days and report: the PDF and the CSV tables.
    void cliReport()
    {
        QTemporaryDir dir;
        const auto run = [](const QStringList& args) {
            QProcess p;
            p.start(QStringLiteral(KINEMARK_CLI_PATH), args);
            p.waitForFinished(180000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardError()));
        };
        const QString project = dir.filePath("week.kmk");
        QCOMPARE(run({"demo", "--days", "2", "-o", project}).first, 0);
        const QString pdf = dir.filePath("report.pdf");
        const auto [code, err] =
            run({"report", project, "-o", pdf, "--csv", dir.filePath("tables")});
        QVERIFY2(code == 0, qPrintable(err));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.count("/Type /Page") - bytes.count("/Type /Pages") >= 2);
        QFile daily(dir.filePath("tables/daily.csv"));
        QVERIFY(daily.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = daily.readAll().split('\n');
        QVERIFY(lines.front().startsWith("day,weekday,valid,"));
        QVERIFY(lines.value(1).startsWith("2024-03-04,Mon,"));
        QFile hourly(dir.filePath("tables/hourly.csv"));
        QVERIFY(hourly.open(QIODevice::ReadOnly));
        QVERIFY(hourly.readLine().startsWith("hour,worn_hours,"));
        // Groups from a file: "on the feet" = standing + walking.
        const QString groups = dir.filePath("groups.json");
        QFile g(groups);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("{\"groups\": [{\"name\": \"on the feet\", \"classes\": [1, 6]}]}");
        g.close();
        QCOMPARE(run({"report", project, "--groups", groups, "--csv", dir.filePath("g")}).first, 0);
        QFile grouped(dir.filePath("g/daily.csv"));
        QVERIFY(grouped.open(QIODevice::ReadOnly));
        QVERIFY(grouped.readLine().contains(",on the feet_min,"));
        const auto badGroups =
            run({"report", project, "--groups", pdf, "--csv", dir.filePath("g")});
        QCOMPARE(badGroups.first, 1);
        QVERIFY2(badGroups.second.contains(pdf), qPrintable(badGroups.second));
        // Errors name what is wrong.
        const auto missing = run({"report", project, "--track", "nope", "-o", pdf});
        QCOMPARE(missing.first, 1);
        QVERIFY2(missing.second.contains("no track 'nope'"), qPrintable(missing.second));
    }
};

QTEST_GUILESS_MAIN(TimeUseTest)
#include "tst_timeuse.moc"
