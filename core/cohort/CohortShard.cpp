#include "core/cohort/CohortShard.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <stdexcept>

namespace kinemark {

namespace {

constexpr int kMaxShards = 1000000;

int number(const QProcessEnvironment& env, const QString& name)
{
    bool ok = false;
    const int value = env.value(name).trimmed().toInt(&ok);
    if (!ok || value < 0 || value > kMaxShards)
        throw std::invalid_argument(QStringLiteral("%1='%2' is not a number from 0 to %3")
                                        .arg(name, env.value(name).left(40))
                                        .arg(kMaxShards)
                                        .toStdString());
    return value;
}

// A rank and size pair of variables, when both are set.
bool rankPair(const QProcessEnvironment& env, const char* rankName, const char* sizeName, int* rank,
              int* size)
{
    const QString r = QString::fromLatin1(rankName), s = QString::fromLatin1(sizeName);
    if (!env.contains(r) || !env.contains(s))
        return false;
    *rank = number(env, r);
    *size = number(env, s);
    if (*size < 1 || *rank >= *size)
        throw std::invalid_argument(QStringLiteral("%1=%2 is not below %3=%4")
                                        .arg(r)
                                        .arg(*rank)
                                        .arg(s)
                                        .arg(*size)
                                        .toStdString());
    return true;
}

} // namespace

QString CohortShard::label() const
{
    return QStringLiteral("%1-of-%2").arg(index).arg(count);
}

CohortShard CohortShard::parse(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    bool okIndex = false, okCount = false;
    const int index = parts.size() == 2 ? parts[0].trimmed().toInt(&okIndex) : -1;
    const int count = parts.size() == 2 ? parts[1].trimmed().toInt(&okCount) : 0;
    if (!okIndex || !okCount || count < 1 || count > kMaxShards || index < 0 || index >= count)
        throw std::invalid_argument(
            QStringLiteral("--shard '%1': expected i/n with 0 <= i < n (e.g. 0/4 ... 3/4)")
                .arg(text.left(40))
                .toStdString());
    CohortShard shard;
    shard.index = index;
    shard.count = count;
    shard.origin = QStringLiteral("--shard");
    return shard;
}

CohortShard CohortShard::fromEnvironment(const QProcessEnvironment& env)
{
    // The process-level rank: the first launcher whose pair of variables is
    // set (torchrun inside a Slurm allocation sets both RANK and SLURM_PROCID;
    // its own are the ones that describe its processes).
    int rank = 0, size = 1;
    QString origin;
    if (rankPair(env, "RANK", "WORLD_SIZE", &rank, &size))
        origin = QStringLiteral("RANK/WORLD_SIZE");
    else if (rankPair(env, "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", &rank, &size))
        origin = QStringLiteral("OMPI_COMM_WORLD_RANK/SIZE");
    else if (rankPair(env, "SLURM_PROCID", "SLURM_NTASKS", &rank, &size))
        origin = QStringLiteral("SLURM_PROCID/SLURM_NTASKS");

    // A job array multiplies: each array task takes its block of shares.
    int task = 0, tasks = 1;
    if (env.contains(QStringLiteral("SLURM_ARRAY_TASK_ID")) &&
        env.contains(QStringLiteral("SLURM_ARRAY_TASK_COUNT"))) {
        const int id = number(env, QStringLiteral("SLURM_ARRAY_TASK_ID"));
        const int min = env.contains(QStringLiteral("SLURM_ARRAY_TASK_MIN"))
                            ? number(env, QStringLiteral("SLURM_ARRAY_TASK_MIN"))
                            : 0;
        tasks = number(env, QStringLiteral("SLURM_ARRAY_TASK_COUNT"));
        task = id - min;
        // --array=0-9:2 or 1,5,9 (steps, lists) number tasks unevenly; the
        // position in the array is then not id - min, so refuse rather than
        // skip or repeat participants.
        if (tasks < 1 || task < 0 || task >= tasks)
            throw std::invalid_argument(
                QStringLiteral("SLURM_ARRAY_TASK_ID=%1 with SLURM_ARRAY_TASK_MIN=%2 and "
                               "SLURM_ARRAY_TASK_COUNT=%3 is not one of tasks 0..count-1 from "
                               "the minimum: use a plain range (--array=0-N) or --shard i/n")
                    .arg(id)
                    .arg(min)
                    .arg(tasks)
                    .toStdString());
        origin = origin.isEmpty() ? QStringLiteral("SLURM_ARRAY_TASK_ID/COUNT")
                                  : QStringLiteral("SLURM_ARRAY_TASK_ID/COUNT x ") + origin;
    }
    CohortShard shard;
    if (qint64(tasks) * size > kMaxShards)
        throw std::invalid_argument("more than a million shares");
    shard.count = tasks * size;
    shard.index = task * size + rank;
    if (!origin.isEmpty())
        shard.origin = origin;
    return shard;
}

} // namespace kinemark
