#pragma once

#include <QString>
#include <QStringList>
#include <vector>

class QByteArray;

namespace kinemark {

// One participant of a cohort manifest: an id that names its output folder,
// the files that make its recording, and the import options its own columns
// give (empty cells are left out, so the run's global options apply).
struct CohortParticipant
{
    struct Option
    {
        QString name;  // the column's header: an import option without "--"
        QString value; // the cell, as written
        int column = 0;
    };
    QString id;
    QStringList files; // absolute, resolved against the manifest's folder
    std::vector<Option> options;
    int line = 0; // 1-based line of its row, for messages
};

// The cohort manifest (CSV, comma-separated, RFC 4180 quoting, UTF-8): a
// header naming the columns `participant` and `files` (several files of one
// participant separated by ';') and any further columns, each named after an
// import option (`format`, `rate`, `calibrate`, ...). Blank lines and lines
// starting with '#' are skipped.
//
// A manifest is untrusted input: it may come from a spreadsheet, a script or
// another site. Every refusal is a FormatError naming the file, line and
// column: a file too large or not UTF-8, a NUL byte, an unterminated quote, a
// row with the wrong number of fields, a missing, unknown or repeated column,
// and participant ids that would not stay inside the output folder (empty,
// '.', '..', a path separator, a control character, a leading '.', longer
// than kMaxIdLength) or that repeat (each id is one folder, so ids differing
// only in case would collide on a case-insensitive file system and are
// refused too).
class CohortManifest
{
public:
    static constexpr qint64 kMaxBytes = 64LL * 1024 * 1024;
    static constexpr int kMaxIdLength = 128;
    static constexpr int kMaxFilesPerParticipant = 64;

    QString source; // the manifest's path
    // Sorted by id: the order every shard agrees on, whatever the file's order.
    std::vector<CohortParticipant> participants;

    // `optionColumns`: the column names allowed besides participant and files
    // (the import options); a column not among them is refused.
    static CohortManifest read(const QString& path, const QStringList& optionColumns);
    // The same from bytes; relative file names resolve against `baseDir`.
    static CohortManifest parse(const QByteArray& bytes, const QString& source,
                                const QString& baseDir, const QStringList& optionColumns);

    // Empty when `id` can name a participant's folder, else why not.
    static QString idProblem(const QString& id);
};

} // namespace kinemark
