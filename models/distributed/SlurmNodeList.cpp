#include "models/distributed/SlurmNodeList.h"

#include "models/distributed/DistributedError.h"

namespace kinemark {

namespace {

[[noreturn]] void refuse(const QString& list, const QString& why)
{
    throw DistributedError(QStringLiteral("SLURM_JOB_NODELIST='%1' is not a Slurm host list: %2")
                               .arg(list, why)
                               .toStdString());
}

// The entries of a list at its top level: commas inside brackets belong to a range.
QStringList topLevelEntries(const QString& list)
{
    QStringList entries;
    QString current;
    int depth = 0;
    for (const QChar c : list) {
        if (c == QLatin1Char('['))
            ++depth;
        else if (c == QLatin1Char(']') && --depth < 0)
            refuse(list, QStringLiteral("a ']' without its '['"));
        if (c == QLatin1Char(',') && depth == 0) {
            entries << current;
            current.clear();
        } else {
            current += c;
        }
    }
    if (depth != 0)
        refuse(list, QStringLiteral("a '[' without its ']'"));
    entries << current;
    return entries;
}

// One bracket's values: "01-03,7" -> 01 02 03 7, keeping the low end's zero padding.
QStringList bracketValues(const QString& list, const QString& inside)
{
    QStringList values;
    for (const QString& item : inside.split(QLatin1Char(','))) {
        const QStringList ends = item.split(QLatin1Char('-'));
        bool lowOk = false;
        bool highOk = false;
        const qlonglong low = ends.value(0).toLongLong(&lowOk);
        const qlonglong high = ends.size() == 2 ? ends[1].toLongLong(&highOk) : low;
        if (ends.size() > 2 || !lowOk || (ends.size() == 2 && !highOk) || high < low)
            refuse(list, QStringLiteral("'[%1]' holds '%2', not a number or a range low-high")
                             .arg(inside, item));
        if (high - low > 1000000)
            refuse(list, QStringLiteral("the range '%1' is implausibly long").arg(item));
        const int width = ends[0].size();
        for (qlonglong n = low; n <= high; ++n)
            values << QStringLiteral("%1").arg(n, width, 10, QLatin1Char('0'));
    }
    return values;
}

// One entry's hosts: literal text with any number of brackets, their product in order.
QStringList expandEntry(const QString& list, const QString& entry)
{
    QStringList hosts{QString()};
    int i = 0;
    while (i < entry.size()) {
        const int open = entry.indexOf(QLatin1Char('['), i);
        const QString literal = entry.mid(i, open < 0 ? -1 : open - i);
        for (QString& host : hosts)
            host += literal;
        if (open < 0)
            break;
        const int close = entry.indexOf(QLatin1Char(']'), open);
        const QStringList values = bracketValues(list, entry.mid(open + 1, close - open - 1));
        QStringList product;
        for (const QString& host : hosts)
            for (const QString& value : values)
                product << host + value;
        hosts = product;
        i = close + 1;
    }
    return hosts;
}

} // namespace

QStringList SlurmNodeList::expand(const QString& list)
{
    QStringList hosts;
    for (const QString& entry : topLevelEntries(list.trimmed())) {
        if (entry.isEmpty())
            refuse(list, QStringLiteral("an empty host name"));
        hosts << expandEntry(list, entry);
    }
    return hosts;
}

QString SlurmNodeList::firstHost(const QString& list)
{
    const QStringList entries = topLevelEntries(list.trimmed());
    if (entries.first().isEmpty())
        refuse(list, QStringLiteral("an empty host name"));
    // Only the first entry's first host: "node[0001-9999]" needs no 9999 names.
    const QString entry = entries.first();
    QString first;
    int i = 0;
    while (i < entry.size()) {
        const int open = entry.indexOf(QLatin1Char('['), i);
        first += entry.mid(i, open < 0 ? -1 : open - i);
        if (open < 0)
            break;
        const int close = entry.indexOf(QLatin1Char(']'), open);
        const QString inside = entry.mid(open + 1, close - open - 1);
        first += bracketValues(list, inside.section(QLatin1Char(','), 0, 0)).first();
        i = close + 1;
    }
    return first;
}

} // namespace kinemark
