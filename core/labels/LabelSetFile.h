#pragma once

#include "core/model/LabelSet.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <vector>

namespace kinemark {

// A label set as a file a user keeps and hands around: the same JSON as the
// built-in resources (resources/labelsets/*.json), read with the care of any
// other untrusted input. A lab names its own classes once in such a file and
// passes it to `--label-set`, `labels set import` or the label set editor.
// Reading bounds the file's size and class count and checks every field; an
// error names the file and the JSON place ("my.json: classes[3].colour: '#12'
// is not a colour"), so that the user can fix it without guessing.
class LabelSetFile
{
public:
    static constexpr qint64 kMaxBytes = 1024 * 1024;
    static constexpr int kMaxClasses = 1000;
    static constexpr int kMaxNameLength = 200;
    static constexpr int32_t kMaxClassId = 1 << 30;

    // Throws FormatError naming `path` (unreadable, too large, invalid).
    static LabelSet read(const QString& path);
    // The checks of read() on bytes already in memory; `sourceName` names them.
    static LabelSet parse(const QByteArray& json, const QString& sourceName);
    // Writes `set` as JSON, replacing `path` atomically; throws
    // std::runtime_error naming the path when it cannot.
    static void write(const LabelSet& set, const QString& path);

    // A `--label-set` argument names a file when it ends in .json or is an
    // existing file; anything else is a built-in id.
    static bool namesFile(const QString& argument);
    // The label set an argument names: read from the file, or the built-in
    // set (std::invalid_argument listing the built-in ids for another word).
    static LabelSet resolve(const QString& argument);

    // The class ids of `used` that `set` does not define, ascending and once
    // each: what a replacement set would leave without a name.
    static std::vector<int32_t> missingIds(const LabelSet& set, const std::vector<int32_t>& used);
};

} // namespace kinemark
