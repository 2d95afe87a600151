#pragma once

#include "core/model/Segment.h"

#include <QString>
#include <vector>

namespace kinemark {

// A sorted list of non-overlapping segments over one recording: ground truth,
// one annotator's labels, or one model's prediction. The invariant (sorted by
// start, start < end, no overlap) holds after every public call.
class AnnotationTrack
{
public:
    enum class Kind
    {
        GroundTruth,
        Annotation,
        Prediction
    };

    AnnotationTrack() = default;
    AnnotationTrack(QString name, Kind kind, QString labelSetId = QString());

    const QString& name() const { return m_name; }
    void setName(const QString& name) { m_name = name; }
    Kind kind() const { return m_kind; }
    void setKind(Kind kind) { m_kind = kind; }
    const QString& labelSetId() const { return m_labelSetId; }
    void setLabelSetId(const QString& id) { m_labelSetId = id; }

    const std::vector<Segment>& segments() const { return m_segments; }
    bool isEmpty() const { return m_segments.empty(); }
    size_t size() const { return m_segments.size(); }

    // Index of the segment containing `sample`, or -1 when the sample is unlabelled.
    long indexAt(int64_t sample) const;
    int32_t classAt(int64_t sample) const;

    // Labels [start, end) with classId, trimming or splitting whatever it covers.
    // classId == kUnlabelled clears the span. Adjacent segments of the same class
    // are NOT merged, so that imported boundaries survive a round trip.
    void assign(int64_t start, int64_t end, int32_t classId, const QString& author = QString(),
                int64_t editedMs = 0);
    void clear(int64_t start, int64_t end) { assign(start, end, kUnlabelled); }

    // Replaces the segments overlapping [from, to) by `segments` (sorted, inside
    // [from, to)). Every segment overlapping the span must lie wholly inside it,
    // which is how TrackPatch spans are made; this is the one primitive that
    // edits, undo and journal replay share. Throws std::invalid_argument otherwise.
    void replaceSpan(int64_t from, int64_t to, const std::vector<Segment>& segments);
    // Segments overlapping [from, to), as indices [first, last).
    std::pair<size_t, size_t> overlapping(int64_t from, int64_t to) const;

    // Appends a segment that starts at or after the end of the last one; the
    // fast path for readers. Throws std::invalid_argument when out of order.
    void append(const Segment& segment);

    // Replaces all segments; throws std::invalid_argument unless sorted and non-overlapping.
    void setSegments(std::vector<Segment> segments);

    // Run-length encodes per-sample labels: every maximal run of one class
    // other than kUnlabelled becomes a segment.
    static AnnotationTrack fromSampleLabels(const int32_t* labels, size_t count, QString name,
                                            Kind kind, QString labelSetId = QString());
    // Per-sample labels for a recording of `count` samples (kUnlabelled in gaps;
    // segments beyond `count` are cut off).
    std::vector<int32_t> toSampleLabels(size_t count) const;

    // Number of labelled samples per class id, restricted to [0, count).
    std::vector<std::pair<int32_t, int64_t>> labelledSampleCounts(int64_t count) const;
    int64_t labelledSampleCount() const;

    // Empty when the invariant holds, otherwise what is wrong (for validating files).
    static QString checkInvariant(const std::vector<Segment>& segments);

    bool operator==(const AnnotationTrack& o) const
    {
        return m_name == o.m_name && m_kind == o.m_kind && m_labelSetId == o.m_labelSetId &&
               m_segments == o.m_segments;
    }

    static QString kindName(Kind kind);
    static bool kindFromName(const QString& name, Kind* kind);

private:
    QString m_name;
    Kind m_kind = Kind::Annotation;
    QString m_labelSetId;
    std::vector<Segment> m_segments;
};

} // namespace kinemark
