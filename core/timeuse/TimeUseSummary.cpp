#include "core/timeuse/TimeUseSummary.h"

#include <QLocale>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <set>

namespace kinemark {

namespace {

constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;

void prepare(DaySummary& d, size_t classes, size_t groups)
{
    d.classSeconds.assign(classes, 0.0);
    d.groupSeconds.assign(groups, 0.0);
    for (auto& h : d.hourlyClassSeconds)
        h.assign(classes, 0.0);
}

// Adds every quantity of `d` to `sum` (for means over days).
void accumulate(DaySummary& sum, const DaySummary& d)
{
    sum.recordedSeconds += d.recordedSeconds;
    sum.wearSeconds += d.wearSeconds;
    sum.nonWearSeconds += d.nonWearSeconds;
    sum.unlabelledSeconds += d.unlabelledSeconds;
    for (size_t i = 0; i < sum.classSeconds.size(); ++i)
        sum.classSeconds[i] += d.classSeconds[i];
    for (size_t i = 0; i < sum.groupSeconds.size(); ++i)
        sum.groupSeconds[i] += d.groupSeconds[i];
    sum.sedentaryBouts += d.sedentaryBouts;
    sum.sedentaryBoutSeconds += d.sedentaryBoutSeconds;
    sum.longestSedentaryBoutSeconds += d.longestSedentaryBoutSeconds;
    sum.activeSeconds += d.activeSeconds;
    sum.transitions += d.transitions;
}

void divide(DaySummary& sum, int count)
{
    if (count <= 0)
        return;
    const double k = 1.0 / count;
    sum.recordedSeconds *= k;
    sum.wearSeconds *= k;
    sum.nonWearSeconds *= k;
    sum.unlabelledSeconds *= k;
    for (double& v : sum.classSeconds)
        v *= k;
    for (double& v : sum.groupSeconds)
        v *= k;
    sum.sedentaryBouts *= k;
    sum.sedentaryBoutSeconds *= k;
    sum.longestSedentaryBoutSeconds *= k;
    sum.activeSeconds *= k;
    sum.transitions *= k;
}

QString csvField(const QString& s)
{
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')))
        return QLatin1Char('"') + QString(s).replace(QLatin1Char('"'), QLatin1String("\"\"")) +
               QLatin1Char('"');
    return s;
}

QString minutes(double seconds)
{
    return QString::number(seconds / 60.0, 'f', 2);
}

// The classes the summary reports: the label set's, else those the track uses.
void listClasses(TimeUseSummary& s, const AnnotationTrack* track, const LabelSet* labelSet)
{
    if (labelSet) {
        s.classIds = labelSet->canonicalIds();
    } else if (track) {
        std::set<int32_t> seen;
        for (const Segment& seg : track->segments())
            seen.insert(seg.classId);
        s.classIds.assign(seen.begin(), seen.end());
    }
    for (int32_t id : s.classIds) {
        const LabelClass* c = labelSet ? labelSet->find(id) : nullptr;
        s.classNames << (c ? c->name : QStringLiteral("class %1").arg(id));
        s.classColours << (c ? c->colour : QStringLiteral("#808080"));
    }
}

// One empty summary for every local day the recording touches; returns the
// first day (days since 1970-01-01).
int64_t prepareDays(TimeUseSummary& s, int64_t n)
{
    const int64_t firstDay = int64_t(std::floor(s.localSeconds(0) / kDay));
    const int64_t lastDay = int64_t(std::floor(s.localSeconds(n - 1) / kDay));
    s.days.resize(size_t(lastDay - firstDay + 1));
    for (size_t i = 0; i < s.days.size(); ++i) {
        DaySummary& d = s.days[i];
        prepare(d, s.classIds.size(), s.grouping.groups.size());
        d.date = QDate(1970, 1, 1).addDays(firstDay + int64_t(i));
        d.weekend = d.date.dayOfWeek() >= 6;
    }
    return firstDay;
}

// Time: every span of the timeline split at local hour boundaries, added to
// its day and hour.
void addTimes(TimeUseSummary& s, const TimeUseOptions& options, int64_t firstDay)
{
    // The group of every class, looked up once.
    const size_t classes = s.classIds.size();
    std::vector<int> groupOfClass(classes, -1);
    for (size_t c = 0; c < classes; ++c)
        groupOfClass[c] = s.grouping.groupOf(s.classIds[c]);
    const ActivityGroup* active = s.grouping.find(options.activeGroup);

    for (const ActivitySpan& span : s.timeline) {
        const int ci = span.nonWear ? -1 : s.classIndex(span.classId);
        int64_t at = span.start;
        while (at < span.end) {
            const double hourIndex = std::floor(s.localSeconds(at) / kHour);
            // First sample whose time lies in the next hour.
            int64_t boundary = int64_t(std::ceil(s.sampleAt((hourIndex + 1) * kHour) - 1e-6));
            boundary = std::max(boundary, at + 1);
            const int64_t end = std::min(span.end, boundary);
            const double seconds = double(end - at) / s.sampleRateHz;
            const int64_t hourOfEpoch = int64_t(hourIndex);
            DaySummary& d = s.days[size_t(hourOfEpoch / 24 - firstDay)];
            const size_t hour = size_t(((hourOfEpoch % 24) + 24) % 24);
            d.recordedSeconds += seconds;
            d.hourlyRecordedSeconds[hour] += seconds;
            if (span.nonWear) {
                d.nonWearSeconds += seconds;
            } else {
                d.wearSeconds += seconds;
                d.hourlyWearSeconds[hour] += seconds;
                if (ci >= 0) {
                    d.classSeconds[size_t(ci)] += seconds;
                    d.hourlyClassSeconds[hour][size_t(ci)] += seconds;
                    if (groupOfClass[size_t(ci)] >= 0)
                        d.groupSeconds[size_t(groupOfClass[size_t(ci)])] += seconds;
                    if (active && active->contains(span.classId))
                        d.activeSeconds += seconds;
                } else {
                    d.unlabelledSeconds += seconds;
                }
            }
            at = end;
        }
    }
}

// Sedentary bouts (short unlabelled gaps between sedentary spans bridged) and
// the transitions out of them to upright or active classes.
void addSedentaryBouts(TimeUseSummary& s, const TimeUseOptions& options, int64_t firstDay,
                       int64_t n)
{
    const ActivityGroup* active = s.grouping.find(options.activeGroup);
    const ActivityGroup* sedentary = s.grouping.find(options.sedentaryGroup);
    const ActivityGroup* upright = s.grouping.find(options.uprightGroup);
    const int64_t bridge = int64_t(options.bridgeSeconds * s.sampleRateHz + 0.5);
    const auto dayOfSample = [&](int64_t sample) {
        return size_t(int64_t(std::floor(s.localSeconds(sample) / kDay)) - firstDay);
    };
    const auto isSedentary = [&](const ActivitySpan& a) {
        return !a.nonWear && a.classId != kUnlabelled && sedentary &&
               sedentary->contains(a.classId);
    };
    const auto isShortGap = [&](const ActivitySpan& a) {
        return !a.nonWear && a.classId == kUnlabelled && a.end - a.start <= bridge;
    };
    const auto isUp = [&](const ActivitySpan& a) {
        return !a.nonWear && a.classId != kUnlabelled &&
               ((upright && upright->contains(a.classId)) ||
                (active && active->contains(a.classId)));
    };
    const std::vector<ActivitySpan>& t = s.timeline;
    for (size_t i = 0; i < t.size();) {
        if (!isSedentary(t[i])) {
            ++i;
            continue;
        }
        const int64_t start = t[i].start;
        int64_t end = t[i].end;
        size_t j = i + 1;
        while (j < t.size()) {
            if (isSedentary(t[j])) {
                end = t[j].end;
                ++j;
            } else if (isShortGap(t[j]) && j + 1 < t.size() && isSedentary(t[j + 1])) {
                end = t[j + 1].end;
                j += 2;
            } else {
                break;
            }
        }
        const double seconds = double(end - start) / s.sampleRateHz;
        DaySummary& d = s.days[dayOfSample(start)];
        d.longestSedentaryBoutSeconds = std::max(d.longestSedentaryBoutSeconds, seconds);
        if (seconds >= options.minimumBoutSeconds) {
            d.sedentaryBouts += 1;
            d.sedentaryBoutSeconds += seconds;
        }
        const size_t next = j < t.size() && isShortGap(t[j]) ? j + 1 : j;
        if (next < t.size() && isUp(t[next]))
            s.days[dayOfSample(std::min(end, n - 1))].transitions += 1;
        i = j;
    }
}

// Validity of every day, and means over valid days (all, weekdays, weekends);
// the hourly profile per worn hour of the valid days (non-wear left out).
void averageValidDays(TimeUseSummary& s, const TimeUseOptions& options)
{
    const size_t classes = s.classIds.size();
    for (DaySummary* mean : {&s.allDays, &s.weekdays, &s.weekends})
        prepare(*mean, classes, s.grouping.groups.size());
    for (auto& h : s.hourlyMinutes)
        h.assign(classes, 0.0);
    for (DaySummary& d : s.days) {
        d.valid = d.wearSeconds >= options.minimumWearSeconds;
        if (!d.valid)
            continue;
        accumulate(s.allDays, d);
        ++s.validDays;
        if (d.weekend) {
            accumulate(s.weekends, d);
            ++s.validWeekends;
        } else {
            accumulate(s.weekdays, d);
            ++s.validWeekdays;
        }
        for (size_t h = 0; h < 24; ++h) {
            s.hourlyWornHours[h] += d.hourlyWearSeconds[h] / kHour;
            for (size_t c = 0; c < classes; ++c)
                s.hourlyMinutes[h][c] += d.hourlyClassSeconds[h][c] / 60.0;
        }
    }
    divide(s.allDays, s.validDays);
    divide(s.weekdays, s.validWeekdays);
    divide(s.weekends, s.validWeekends);
    for (size_t h = 0; h < 24; ++h)
        if (s.hourlyWornHours[h] > 0)
            for (double& v : s.hourlyMinutes[h])
                v /= s.hourlyWornHours[h];
}

} // namespace

double TimeUseSummary::localSeconds(int64_t sample) const
{
    return double(startTimeUs) / 1e6 + utcOffsetSeconds + double(sample) / sampleRateHz;
}

double TimeUseSummary::sampleAt(double local) const
{
    return (local - double(startTimeUs) / 1e6 - utcOffsetSeconds) * sampleRateHz;
}

int TimeUseSummary::classIndex(int32_t classId) const
{
    const auto it = std::find(classIds.begin(), classIds.end(), classId);
    return it == classIds.end() ? -1 : int(it - classIds.begin());
}

TimeUseSummary TimeUseSummary::compute(const Recording& recording, const AnnotationTrack* track,
                                       const LabelSet* labelSet, const TimeUseOptions& options)
{
    TimeUseSummary s;
    s.recordingId = recording.id;
    s.trackName = track ? track->name() : QString();
    s.sampleRateHz = recording.sampleRateHz;
    s.startTimeUs = recording.startTimeUs;
    s.utcOffsetSeconds = options.utcOffsetSeconds;
    s.minimumBoutSeconds = options.minimumBoutSeconds;
    s.minimumWearSeconds = options.minimumWearSeconds;
    const int64_t n = int64_t(recording.sampleCount());

    listClasses(s, track, labelSet);
    s.grouping = options.grouping.groups.empty() && labelSet
                     ? ActivityGrouping::defaultsFor(*labelSet)
                     : options.grouping;
    if (options.detectNonWear)
        s.nonWear = NonWearDetector::detect(recording, options.nonWear);
    s.timeline = ActivityTimeline::build(track, n, labelSet, s.nonWear);
    if (n == 0 || !(s.sampleRateHz > 0))
        return s;

    const int64_t firstDay = prepareDays(s, n);
    addTimes(s, options, firstDay);
    addSedentaryBouts(s, options, firstDay, n);
    averageValidDays(s, options);
    return s;
}

QString TimeUseSummary::dailyCsv() const
{
    QString text;
    QTextStream out(&text);
    out << "day,weekday,valid,recorded_min,wear_min,non_wear_min,unlabelled_min";
    for (const QString& name : classNames)
        out << ',' << csvField(name + QStringLiteral("_min"));
    for (const ActivityGroup& g : grouping.groups)
        out << ',' << csvField(g.name + QStringLiteral("_min"));
    // Active time is the "active" group's column above.
    out << ",sedentary_bouts,sedentary_bout_min,longest_sedentary_bout_min,transitions\n";
    const auto row = [&](const QString& label, const QString& weekday, const QString& valid,
                         const DaySummary& d) {
        out << label << ',' << weekday << ',' << valid << ',' << minutes(d.recordedSeconds) << ','
            << minutes(d.wearSeconds) << ',' << minutes(d.nonWearSeconds) << ','
            << minutes(d.unlabelledSeconds);
        for (double v : d.classSeconds)
            out << ',' << minutes(v);
        for (double v : d.groupSeconds)
            out << ',' << minutes(v);
        out << ',' << QString::number(d.sedentaryBouts, 'g', 6) << ','
            << minutes(d.sedentaryBoutSeconds) << ',' << minutes(d.longestSedentaryBoutSeconds)
            << ',' << QString::number(d.transitions, 'g', 6) << '\n';
    };
    const QLocale c = QLocale::c();
    for (const DaySummary& d : days)
        row(d.date.toString(Qt::ISODate), c.dayName(d.date.dayOfWeek(), QLocale::ShortFormat),
            d.valid ? QStringLiteral("yes") : QStringLiteral("no"), d);
    row(QStringLiteral("mean of %1 valid days").arg(validDays), QString(), QString(), allDays);
    row(QStringLiteral("mean of %1 valid weekdays").arg(validWeekdays), QString(), QString(),
        weekdays);
    row(QStringLiteral("mean of %1 valid weekend days").arg(validWeekends), QString(), QString(),
        weekends);
    return text;
}

QString TimeUseSummary::hourlyCsv() const
{
    QString text;
    QTextStream out(&text);
    // The column names say what the figure is: minutes per worn hour (non-wear
    // left out), and how many worn hours of the valid days stand behind it.
    out << "hour,worn_hours";
    for (const QString& name : classNames)
        out << ',' << csvField(name + QStringLiteral("_min_per_worn_hour"));
    out << '\n';
    for (size_t h = 0; h < 24; ++h) {
        out << h << ',' << QString::number(hourlyWornHours[h], 'f', 2);
        for (double v : hourlyMinutes[h])
            out << ',' << QString::number(v, 'f', 2);
        out << '\n';
    }
    return text;
}

} // namespace kinemark
