#pragma once

#include "core/io/ColumnMapping.h"
#include "core/model/LabelSet.h"

#include <QByteArray>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <vector>

namespace kinemark {

// What the texts of a label column (letters, words, a dataset's codes) stand
// for, decided once per distinct text after the column is read:
// - empty, or one of the mapping's unlabelled values: no label;
// - with a label map: the class the map gives (checked against the label set
//   when there is one, else the map's classes make the set);
// - with a label set (the project's copy or a built-in one): the class of
//   that name (ignoring case), or of that id;
// - otherwise the texts become the classes of a new label set: ids 1, 2, ...
//   in order of first appearance (or sorted), the texts as names, colours from
//   a palette, keys 1..9, 0 and then letters the editor does not use.
// A text that none of these places is refused at its first line and column,
// saying which option would place it.
class TextLabelDictionary
{
public:
    struct Outcome
    {
        std::vector<int32_t> classIds; // one per text
        LabelSet madeSet;              // id empty when no set was made
        QStringList notes;             // the mapping, for the import notes
    };

    // `texts` are the column's distinct texts in order of first appearance;
    // `firstLine(i)` is the 1-based line where texts[i] first appears;
    // `madeSetId` names a set made here. Throws FormatError at path, line,
    // `column` (1-based).
    static Outcome resolve(const std::vector<QByteArray>& texts, const ColumnMapping& mapping,
                           const QString& madeSetId, const QString& path, int column,
                           const std::function<qint64(int)>& firstLine);

    // What each of `texts` becomes under `mapping`, by the rules above, for a
    // preview before anything is read ("no label", "3 walking", or why it
    // cannot be placed): the import dialog shows it. Never throws for a text.
    static QStringList describe(const QStringList& texts, const ColumnMapping& mapping);

    // The colour and key of the index-th made class (0-based).
    static QString colourFor(int index);
    static QString shortcutFor(int index);
};

} // namespace kinemark
