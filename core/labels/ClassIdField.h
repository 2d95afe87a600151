#pragma once

#include <QString>
#include <QStringView>
#include <cstdint>

namespace kinemark {

class LabelSet;

// A class id as a label file or a recording's label column holds it. Ids are
// parsed strictly (digits only, no overflow: "4294967298" would otherwise wrap
// to class 2, "1x" or "1\0" read as 1) and checked against the label set, so a
// damaged or hostile file is refused at its line and column instead of
// quietly becoming another class.
class ClassIdField
{
public:
    // "[+-]digits" (blanks around it allowed) as a class id. kUnlabelled (-1)
    // is accepted as the explicit "no class"; other negative ids, ids beyond
    // int32 and any other character throw FormatError at file, line, column.
    static int32_t parse(QStringView text, const QString& file, qint64 line, int column);

    // Throws FormatError (naming the known ids) when `id` is negative other
    // than kUnlabelled, or when `labelSet` is given, has classes, and `id`
    // (not kUnlabelled) is none of them. A null or empty set constrains nothing.
    static void check(int32_t id, const LabelSet* labelSet, const QString& file, qint64 line,
                      int column);

    // The set's ids, "1, 2, 3", for messages.
    static QString knownIds(const LabelSet& labelSet);
};

} // namespace kinemark
