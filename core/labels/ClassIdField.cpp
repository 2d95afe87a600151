#include "core/labels/ClassIdField.h"

#include "core/base/FormatError.h"
#include "core/model/LabelSet.h"
#include "core/model/Segment.h"

#include <QStringList>

namespace kinemark {

int32_t ClassIdField::parse(QStringView text, const QString& file, qint64 line, int column)
{
    const QStringView t = text.trimmed();
    qsizetype i = 0;
    const bool negative = !t.isEmpty() && t[0] == QLatin1Char('-');
    if (!t.isEmpty() && (t[0] == QLatin1Char('-') || t[0] == QLatin1Char('+')))
        ++i;
    // Accumulated in 64 bits and stopped past int32: no digit string can wrap.
    int64_t value = 0;
    const qsizetype digits = i;
    for (; i < t.size(); ++i) {
        const char16_t c = t[i].unicode();
        if (c < u'0' || c > u'9')
            break;
        value = value * 10 + (c - u'0');
        if (value > int64_t(INT32_MAX) + 1)
            throw FormatError(file,
                              QStringLiteral("class id '%1' is too large (at most %2)")
                                  .arg(t.toString())
                                  .arg(INT32_MAX),
                              line, column);
    }
    if (i == digits || i != t.size()) {
        QString shown;
        for (QChar c : t)
            shown += c.isPrint()
                         ? QString(c)
                         : QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        throw FormatError(file, QStringLiteral("'%1' is not an integer class id").arg(shown), line,
                          column);
    }
    if (negative)
        value = -value;
    if (value > INT32_MAX)
        throw FormatError(file,
                          QStringLiteral("class id '%1' is too large (at most %2)")
                              .arg(t.toString())
                              .arg(INT32_MAX),
                          line, column);
    check(int32_t(value), nullptr, file, line, column);
    return int32_t(value);
}

void ClassIdField::check(int32_t id, const LabelSet* labelSet, const QString& file, qint64 line,
                         int column)
{
    if (id == kUnlabelled)
        return;
    if (id < 0)
        throw FormatError(file,
                          QStringLiteral("class id %1 is negative (only %2 is allowed, for "
                                         "unlabelled samples)")
                              .arg(id)
                              .arg(kUnlabelled),
                          line, column);
    if (labelSet && !labelSet->classes.empty() && !labelSet->find(id))
        throw FormatError(file,
                          QStringLiteral("class id %1 is not in the label set '%2' (known ids: %3)")
                              .arg(id)
                              .arg(labelSet->id, knownIds(*labelSet)),
                          line, column);
}

QString ClassIdField::knownIds(const LabelSet& labelSet)
{
    QStringList ids;
    for (const LabelClass& c : labelSet.classes)
        ids << QString::number(c.id);
    return ids.join(QStringLiteral(", "));
}

} // namespace kinemark
