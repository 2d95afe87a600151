#include "core/effort/EffortLog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>
#include <QStandardPaths>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kinemark {

namespace {
using Op = CorrectionEffort::Operation;
}

QJsonObject EffortLog::Entry::toJson() const
{
    QJsonObject edits;
    for (int i = 0; i < CorrectionEffort::kOperationCount; ++i)
        edits[CorrectionEffort::operationName(Op(i))] = double(operations.count[i]);
    edits["other"] = double(otherEdits);
    return QJsonObject{{"session", sessionStart.toUTC().toString(Qt::ISODate)},
                       {"project", project},
                       {"recording", recording},
                       {"edits", edits},
                       {"undos", double(undos)},
                       {"active_s", activeSeconds},
                       {"reviewed_s", reviewedSeconds}};
}

EffortLog::Entry EffortLog::Entry::fromJson(const QJsonObject& json)
{
    Entry e;
    e.sessionStart = QDateTime::fromString(json.value("session").toString(), Qt::ISODate);
    e.project = json.value("project").toString();
    e.recording = json.value("recording").toString();
    const QJsonObject edits = json.value("edits").toObject();
    for (int i = 0; i < CorrectionEffort::kOperationCount; ++i)
        e.operations.count[i] =
            int64_t(edits.value(CorrectionEffort::operationName(Op(i))).toDouble());
    e.otherEdits = int64_t(edits.value("other").toDouble());
    e.undos = int64_t(json.value("undos").toDouble());
    e.activeSeconds = json.value("active_s").toDouble();
    e.reviewedSeconds = json.value("reviewed_s").toDouble();
    return e;
}

QString EffortLog::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("effort-log.jsonl"));
}

void EffortLog::append(const QString& path, const std::vector<Entry>& entries)
{
    if (entries.empty())
        return;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::Append | QIODevice::WriteOnly))
        throw std::runtime_error(QCoreApplication::translate("EffortLog", "cannot write %1: %2")
                                     .arg(path, file.errorString())
                                     .toStdString());
    QByteArray lines;
    for (const Entry& e : entries)
        lines += QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) + '\n';
    // One write, so that a line is either whole or (after a crash) skipped by read().
    if (file.write(lines) != lines.size())
        throw std::runtime_error(QCoreApplication::translate("EffortLog", "cannot write %1: %2")
                                     .arg(path, file.errorString())
                                     .toStdString());
}

std::vector<EffortLog::Entry> EffortLog::read(const QString& path)
{
    std::vector<Entry> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return out;
    while (!file.atEnd()) {
        const QJsonDocument doc = QJsonDocument::fromJson(file.readLine().trimmed());
        if (doc.isObject() && doc.object().contains("recording"))
            out.push_back(Entry::fromJson(doc.object()));
    }
    return out;
}

double EffortLog::secondsPerReviewedMinute(double activeSeconds, double reviewedSeconds)
{
    return reviewedSeconds > 0 ? activeSeconds / (reviewedSeconds / 60.0)
                               : std::numeric_limits<double>::quiet_NaN();
}

QString EffortLog::summary(const std::vector<Entry>& entries)
{
    if (entries.empty())
        return QCoreApplication::translate("EffortLog", "No editing effort logged yet.");
    QSet<QString> sessions, recordings;
    Entry total;
    for (const Entry& e : entries) {
        sessions.insert(e.sessionStart.toString(Qt::ISODate));
        recordings.insert(e.project + QLatin1Char('/') + e.recording);
        total.operations += e.operations;
        total.otherEdits += e.otherEdits;
        total.undos += e.undos;
        total.activeSeconds += e.activeSeconds;
        total.reviewedSeconds += e.reviewedSeconds;
    }
    QStringList ops;
    for (int i = 0; i < CorrectionEffort::kOperationCount; ++i)
        ops << QStringLiteral("%1 %2")
                   .arg(CorrectionEffort::operationName(Op(i)))
                   .arg(total.operations.count[i]);
    ops << QCoreApplication::translate("EffortLog", "other %1").arg(total.otherEdits);
    const double perMinute = secondsPerReviewedMinute(total.activeSeconds, total.reviewedSeconds);
    return QCoreApplication::translate(
               "EffortLog",
               "Sessions: %1, recordings: %2\n"
               "Edits: %3 (%4)\n"
               "Undone: %5\n"
               "Editing time: %6 min for %7 min of recording reviewed: %8 s per reviewed "
               "minute")
        .arg(sessions.size())
        .arg(recordings.size())
        .arg(total.edits())
        .arg(ops.join(QStringLiteral(", ")))
        .arg(total.undos)
        .arg(total.activeSeconds / 60.0, 0, 'f', 1)
        .arg(total.reviewedSeconds / 60.0, 0, 'f', 1)
        .arg(std::isfinite(perMinute) ? QString::number(perMinute, 'f', 1) : QStringLiteral("-"));
}

} // namespace kinemark
