#include "core/cohort/CohortCollation.h"

#include "core/base/FormatError.h"
#include "core/cohort/CohortFolder.h"
#include "core/labels/SegmentCsvFormat.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <algorithm>
#include <map>

namespace kinemark {

namespace {

const QString kSummaryFile = QStringLiteral("participant.json");
constexpr qint64 kMaxSummaryBytes = 4 * 1024 * 1024;

QString number(double value)
{
    return QString::number(value, 'f', 2);
}

QString csv(const QString& field)
{
    return SegmentCsvFormat::quoted(field);
}

} // namespace

std::vector<CohortParticipantSummary> CohortCollation::readSummaries(const CohortFolder& folder)
{
    std::vector<CohortParticipantSummary> rows;
    for (const QString& id : folder.doneParticipants()) {
        const QString path = QDir(folder.participantPath(id)).filePath(kSummaryFile);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            throw FormatError(path, QStringLiteral("cannot be read: %1 (a folder in the cohort "
                                                   "folder that is not a participant's?)")
                                        .arg(f.errorString()));
        if (f.size() > kMaxSummaryBytes)
            throw FormatError(path, QStringLiteral("too large for a participant summary"));
        CohortParticipantSummary s = CohortParticipantSummary::fromJson(f.readAll(), path);
        if (s.participant != id)
            throw FormatError(
                path, QStringLiteral("holds participant '%1', not '%2'").arg(s.participant, id));
        rows.push_back(std::move(s));
    }
    std::sort(rows.begin(), rows.end(),
              [](const CohortParticipantSummary& a, const CohortParticipantSummary& b) {
                  return a.participant < b.participant;
              });
    return rows;
}

QString CohortCollation::summaryCsv(const std::vector<CohortParticipantSummary>& rows)
{
    // The union of classes (by id, then name) and groups (by name).
    std::map<std::pair<int, QString>, int> classColumns;
    std::map<QString, int> groupColumns;
    for (const CohortParticipantSummary& r : rows) {
        for (const auto& c : r.classes)
            classColumns.emplace(std::make_pair(c.id, c.name), 0);
        for (const auto& g : r.groups)
            groupColumns.emplace(g.name, 0);
    }
    QStringList header = {"participant", "recording",  "subject", "start_utc",  "days",
                          "valid_days",  "recorded_h", "wear_h",  "non_wear_h", "unlabelled_h"};
    for (const auto& [key, unused] : classColumns)
        header << csv(QStringLiteral("min_%1").arg(key.second));
    for (const auto& [name, unused] : groupColumns)
        header << csv(QStringLiteral("min_%1").arg(name))
               << csv(QStringLiteral("min_per_valid_day_%1").arg(name));
    header << QStringLiteral("sedentary_bouts") << QStringLiteral("sedentary_bout_min")
           << QStringLiteral("longest_sedentary_bout_min") << QStringLiteral("transitions")
           << QStringLiteral("flags") << QStringLiteral("track") << QStringLiteral("model_file")
           << QStringLiteral("model_kind") << QStringLiteral("model_id")
           << QStringLiteral("model_created");
    QString text = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (const CohortParticipantSummary& r : rows) {
        QStringList f = {csv(r.participant),      csv(r.recording),
                         csv(r.subject),          csv(r.startUtc),
                         QString::number(r.days), QString::number(r.validDays),
                         number(r.recordedHours), number(r.wearHours),
                         number(r.nonWearHours),  number(r.unlabelledHours)};
        for (const auto& [key, unused] : classColumns) {
            double minutes = 0;
            for (const auto& c : r.classes)
                if (c.id == key.first && c.name == key.second)
                    minutes = c.minutes;
            f << number(minutes);
        }
        for (const auto& [name, unused] : groupColumns) {
            double minutes = 0, perDay = 0;
            for (const auto& g : r.groups)
                if (g.name == name) {
                    minutes = g.minutes;
                    perDay = g.minutesPerValidDay;
                }
            f << number(minutes) << number(perDay);
        }
        f << number(r.sedentaryBouts) << number(r.sedentaryBoutMinutes)
          << number(r.longestSedentaryBoutMinutes) << number(r.transitions)
          << csv(r.flags.join(QStringLiteral("; "))) << csv(r.track) << csv(r.modelFile)
          << csv(r.modelKind) << csv(r.modelId) << csv(r.modelCreated);
        text += f.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return text;
}

std::vector<CohortCollation::Failure> CohortCollation::readFailures(const CohortFolder& folder)
{
    QMap<QString, Failure> latest;
    for (const QString& path : folder.failureFiles()) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
            continue;
        bool header = true;
        while (!f.atEnd()) {
            const QString line = QString::fromUtf8(f.readLine()).trimmed();
            if (header || line.isEmpty()) {
                header = false;
                continue;
            }
            // A line cut short by a killed writer has fewer fields: left out.
            const QStringList fields = SegmentCsvFormat::splitLine(line, QLatin1Char(','));
            if (fields.size() != 3)
                continue;
            const Failure failure{fields[0], fields[1], fields[2]};
            if (!latest.contains(failure.participant) ||
                latest[failure.participant].time <= failure.time)
                latest[failure.participant] = failure;
        }
    }
    std::vector<Failure> failures;
    for (const Failure& f : latest)
        if (!folder.isDone(f.participant))
            failures.push_back(f);
    return failures; // QMap: sorted by participant
}

QString CohortCollation::failuresHeader()
{
    return QStringLiteral("participant,error,time\n");
}

QString CohortCollation::failureLine(const Failure& failure)
{
    QString error = failure.error;
    error.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
    return QStringLiteral("%1,%2,%3\n")
        .arg(csv(failure.participant), csv(error), csv(failure.time));
}

QString CohortCollation::failuresCsv(const std::vector<Failure>& failures)
{
    QString text = QStringLiteral("participant,error\n");
    for (const Failure& f : failures) {
        QString error = f.error;
        error.replace(QLatin1Char('\n'), QLatin1Char(' '));
        text += QStringLiteral("%1,%2\n").arg(csv(f.participant), csv(error));
    }
    return text;
}

} // namespace kinemark
