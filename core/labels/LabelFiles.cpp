#include "core/labels/LabelFiles.h"

#include "core/base/FormatError.h"
#include "core/editing/TrackEdits.h"
#include "core/labels/ElanFormat.h"
#include "core/labels/SampleLabelColumnFormat.h"
#include "core/labels/SegmentCsvFormat.h"

namespace kinemark {

bool LabelFiles::formatFromName(const QString& name, Format* format)
{
    if (name == QLatin1String("csv"))
        *format = Format::SegmentCsv;
    else if (name == QLatin1String("samples"))
        *format = Format::SampleColumn;
    else if (name == QLatin1String("eaf") || name == QLatin1String("elan"))
        *format = Format::Elan;
    else
        return false;
    return true;
}

LabelFiles::Format LabelFiles::guessFormat(const QString& path)
{
    return path.endsWith(QLatin1String(".eaf"), Qt::CaseInsensitive) ? Format::Elan
                                                                     : Format::SegmentCsv;
}

QString LabelFiles::groundTruthName(const Recording& recording)
{
    const AnnotationTrack* truth = recording.groundTruth();
    return truth ? truth->name() : QStringLiteral("ground truth");
}

void LabelFiles::write(Format format, const QString& path, const Recording& recording,
                       const LabelSet& labelSet, const std::vector<const AnnotationTrack*>& tracks)
{
    if (tracks.empty())
        throw std::runtime_error("there is no track to export");
    switch (format) {
    case Format::SegmentCsv:
        SegmentCsvFormat::write(*tracks.front(), labelSet, recording.sampleRateHz, path);
        return;
    case Format::SampleColumn:
        SampleLabelColumnFormat::write(*tracks.front(), int64_t(recording.sampleCount()), path);
        return;
    case Format::Elan:
        ElanFormat::write(tracks, labelSet, recording.sampleRateHz, recording.id, path);
        return;
    }
}

std::vector<AnnotationTrack> LabelFiles::read(Format format, const QString& path,
                                              const Recording& recording, const LabelSet& labelSet,
                                              const ReadOptions& options, SkippedClasses* skipped)
{
    // A map to classes the recording's label set lacks is refused up front.
    options.classMap.check(labelSet);
    const int64_t n = int64_t(recording.sampleCount());
    const QString name =
        options.trackName.isEmpty() ? groundTruthName(recording) : options.trackName;
    const AnnotationTrack* existing = recording.track(name);
    const AnnotationTrack::Kind kind =
        existing ? existing->kind()
                 : (options.trackName.isEmpty() ? AnnotationTrack::Kind::GroundTruth
                                                : AnnotationTrack::Kind::Annotation);
    switch (format) {
    case Format::SegmentCsv:
        return {SegmentCsvFormat::read(path, labelSet, recording.sampleRateHz, n, options.clip,
                                       name, kind, options.classMap, skipped)};
    case Format::SampleColumn:
        return {SampleLabelColumnFormat::read(path, options.column, options.hasHeader, n,
                                              options.clip, name, kind, labelSet.id, &labelSet)};
    case Format::Elan: {
        std::vector<AnnotationTrack> tracks = ElanFormat::read(
            path, labelSet, recording.sampleRateHz, n, options.clip, options.classMap, skipped);
        if (options.tier.isEmpty())
            return tracks;
        for (AnnotationTrack& t : tracks)
            if (t.name() == options.tier)
                return {t};
        throw FormatError(path, QStringLiteral("there is no tier '%1'").arg(options.tier));
    }
    }
    return {};
}

std::vector<ProjectEdit> LabelFiles::importEdits(const Recording& recording,
                                                 const std::vector<AnnotationTrack>& tracks)
{
    std::vector<ProjectEdit> edits;
    int added = 0;
    for (const AnnotationTrack& t : tracks) {
        if (const AnnotationTrack* existing = recording.track(t.name())) {
            if (auto patch = TrackEdits::replaceAll(*existing, t.segments()))
                edits.push_back(ProjectEdit::patchTrack(recording.id, t.name(), *patch));
        } else {
            edits.push_back(
                ProjectEdit::addTrack(recording.id, t, int(recording.tracks.size()) + added++));
        }
    }
    return edits;
}

} // namespace kinemark
