#pragma once

#include "core/editing/ProjectEdit.h"
#include "core/labels/ClassNameMap.h"

#include <vector>

namespace kinemark {

// The label file formats behind one front door, for the File menu and for
// `kinemark-cli labels`: picks the format, reads into tracks of a recording and
// turns them into project edits (replacing a track of the same name, or adding one).
class LabelFiles
{
public:
    enum class Format
    {
        SegmentCsv,
        SampleColumn,
        Elan
    };

    struct ReadOptions
    {
        bool clip = false;     // cut overlapping / out-of-range segments instead of refusing
        QString trackName;     // CSV and sample column: the track to read into ("" = ground truth)
        QString column;        // sample column: name or 1-based number ("" = "label")
        bool hasHeader = true; // sample column
        QString tier;          // ELAN: only this tier ("" = all)
        // ELAN and segment CSV class names: names the label set does not
        // know, and whether to skip the annotations of names nobody knows.
        ClassNameMap classMap;
    };

    // "csv", "samples", "eaf"; false for anything else.
    static bool formatFromName(const QString& name, Format* format);
    // By extension: .eaf is ELAN, anything else a segment CSV.
    static Format guessFormat(const QString& path);

    // Throws std::runtime_error when the file cannot be written.
    static void write(Format format, const QString& path, const Recording& recording,
                      const LabelSet& labelSet, const std::vector<const AnnotationTrack*>& tracks);
    // Throws FormatError (LabelRangeError when clipping would help,
    // UnknownClassError for class names neither the label set nor the class
    // map knows). Annotations skipped for unknown names are counted in `skipped`.
    static std::vector<AnnotationTrack> read(Format format, const QString& path,
                                             const Recording& recording, const LabelSet& labelSet,
                                             const ReadOptions& options,
                                             SkippedClasses* skipped = nullptr);
    // The edits that put `tracks` into `recording`: a patch of the track of the
    // same name (keeping its kind), or a new track.
    static std::vector<ProjectEdit> importEdits(const Recording& recording,
                                                const std::vector<AnnotationTrack>& tracks);
    // The ground truth's name, or "ground truth" when the recording has none.
    static QString groundTruthName(const Recording& recording);
};

} // namespace kinemark
