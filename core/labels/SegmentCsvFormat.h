#pragma once

#include "core/labels/ClassNameMap.h"
#include "core/model/AnnotationTrack.h"
#include "core/model/LabelSet.h"

namespace kinemark {

// Segment CSV: one segment per line,
//
//   start_s,end_s,start_sample,end_sample,class_id,class_name,author,edited_ms[,note,unsure]
//
// Written with all columns; `note` and `unsure` (1 or 0) only when a segment of
// the track has a note or the flag, so exports of plain tracks stay as they
// were. Fields holding a comma, quote or line break are quoted ("" escapes a
// quote); a quoted field may span lines. Read by header name, where the sample columns win
// over the seconds (seconds are rounded to the nearest sample), and the class
// id over the name (a name is looked up in the label set, then in the user's
// class map; other names are refused, or skipped if the map says so); `note`
// and `unsure` may be absent (unsure accepts 1/0, true/false, yes/no, empty).
// Export then import gives back an identical track, authors, edit times, notes
// and flags included (a "\r\n" inside a note reads back as "\n").
class SegmentCsvFormat
{
public:
    // Throws std::runtime_error when the file cannot be written.
    static void write(const AnnotationTrack& track, const LabelSet& labelSet, double sampleRateHz,
                      const QString& path);
    // Throws FormatError naming file and line (UnknownClassError for a class
    // name neither the label set nor `classMap` knows, unless the map skips
    // those: then the lines are left out and counted in `skipped`);
    // LabelRangeError for overlapping or out-of-range segments unless `clip`.
    static AnnotationTrack read(const QString& path, const LabelSet& labelSet, double sampleRateHz,
                                int64_t sampleCount, bool clip, const QString& trackName,
                                AnnotationTrack::Kind kind,
                                const ClassNameMap& classMap = ClassNameMap(),
                                SkippedClasses* skipped = nullptr);

    // Splits one line at `delimiter`, honouring "quoted, fields" and "" escapes.
    static QStringList splitLine(const QString& line, QChar delimiter);
    // Quotes a field when it holds a comma, semicolon, quote, line break or
    // leading/trailing space (which readers would otherwise trim).
    static QString quoted(const QString& field);
};

} // namespace kinemark
