#include "core/learning/WindowSet.h"

#include "core/learning/ChannelNormalisation.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

namespace kinemark {

namespace {

// Label of one window [start, start + length) from the ground-truth segments
// overlapping it, or kUnlabelled when the rule gives none. `first` is the first
// segment that may overlap; it only moves forwards because windows are visited
// in order, so labelling a recording costs O(windows + segments), not
// O(samples), and no per-sample label array of a week-long recording is made.
class WindowLabeller
{
public:
    WindowLabeller(const std::vector<Segment>& segments, const WindowingOptions& options)
        : m_segments(segments), m_options(options)
    {}

    int32_t labelOf(int64_t start)
    {
        const int64_t end = start + m_options.length;
        while (m_first < m_segments.size() && m_segments[m_first].end <= start)
            ++m_first;

        // Labelled samples per class, in order of first appearance in the window
        // (a handful of classes at most, so a flat list beats a map).
        m_counts.clear();
        int64_t labelled = 0;
        int32_t centreClass = kUnlabelled;
        const int64_t centre = start + m_options.length / 2;
        for (size_t j = m_first; j < m_segments.size() && m_segments[j].start < end; ++j) {
            const Segment& s = m_segments[j];
            if (s.classId == kUnlabelled)
                continue;
            const int64_t overlap = std::min(s.end, end) - std::max(s.start, start);
            if (overlap <= 0)
                continue;
            labelled += overlap;
            if (s.contains(centre))
                centreClass = s.classId;
            auto it = std::find_if(m_counts.begin(), m_counts.end(),
                                   [&](const auto& c) { return c.first == s.classId; });
            if (it == m_counts.end())
                m_counts.emplace_back(s.classId, overlap);
            else
                it->second += overlap;
        }

        if (labelled == 0)
            return kUnlabelled;
        const double unlabelledFraction =
            double(m_options.length - labelled) / double(m_options.length);
        if (unlabelledFraction > m_options.maxUnlabelledFraction)
            return kUnlabelled;

        switch (m_options.rule) {
        case WindowingOptions::LabelRule::Majority: {
            // Ties go to the class that appears first in the window, so that the
            // result does not depend on class id order.
            auto best = m_counts.begin();
            for (auto it = m_counts.begin(); it != m_counts.end(); ++it)
                if (it->second > best->second)
                    best = it;
            return best->first;
        }
        case WindowingOptions::LabelRule::Centre:
            return centreClass;
        case WindowingOptions::LabelRule::WholeWindow:
            return m_counts.size() == 1 ? m_counts.front().first : kUnlabelled;
        }
        return kUnlabelled;
    }

private:
    const std::vector<Segment>& m_segments;
    const WindowingOptions& m_options;
    size_t m_first = 0;
    std::vector<std::pair<int32_t, int64_t>> m_counts;
};

// Class id -> index into the model's classes, built once: a lookup per
// window must not scan the list (a model file with a million class ids took
// over 20 s in a linear find per window).
class ClassIndex
{
public:
    explicit ClassIndex(const std::vector<int32_t>& classIds)
    {
        m_index.reserve(classIds.size());
        for (size_t i = 0; i < classIds.size(); ++i)
            if (!m_index.emplace(classIds[i], int32_t(i)).second && m_duplicate < 0)
                m_duplicate = int64_t(i);
    }
    int32_t of(int32_t classId) const
    {
        const auto it = m_index.find(classId);
        return it == m_index.end() ? -1 : it->second;
    }
    // The position of the first id listed a second time, or -1.
    int64_t duplicate() const { return m_duplicate; }

private:
    std::unordered_map<int32_t, int32_t> m_index;
    int64_t m_duplicate = -1;
};

} // namespace

WindowSet WindowSet::build(std::vector<std::shared_ptr<const Recording>> recordings,
                           const WindowingOptions& options, std::vector<int32_t> classIds,
                           const JobControl* job)
{
    if (options.length < 1 || options.stride < 1)
        throw std::invalid_argument("WindowSet: window length and stride must be positive");
    const ClassIndex classIndexOf(classIds);
    if (classIndexOf.of(kUnlabelled) >= 0)
        throw std::invalid_argument("WindowSet: the unlabelled class cannot be a model class");
    if (classIndexOf.duplicate() >= 0)
        throw std::invalid_argument(QStringLiteral("WindowSet: class %1 is listed twice")
                                        .arg(classIds[size_t(classIndexOf.duplicate())])
                                        .toStdString());
    if (recordings.size() > size_t(UINT32_MAX))
        throw std::invalid_argument("WindowSet: too many recordings");

    WindowSet set;
    set.m_options = options;
    set.m_classIds = std::move(classIds);
    int64_t totalSamples = 0;
    for (size_t i = 0; i < recordings.size(); ++i) {
        if (!recordings[i])
            throw std::invalid_argument("WindowSet: a recording is missing (null)");
        const int channels = int(recordings[i]->channelCount());
        if (i == 0)
            set.m_channels = channels;
        else if (channels != set.m_channels)
            throw std::invalid_argument(
                QStringLiteral("WindowSet: recording '%1' has %2 channels, but '%3' has %4")
                    .arg(recordings[i]->id)
                    .arg(channels)
                    .arg(recordings[0]->id)
                    .arg(set.m_channels)
                    .toStdString());
        totalSamples += int64_t(recordings[i]->sampleCount());
    }
    set.m_recordings = std::move(recordings);

    const int64_t length = options.length;
    int64_t samplesDone = 0;
    for (size_t r = 0; r < set.m_recordings.size(); ++r) {
        throwIfCancelled(job);
        const Recording& recording = *set.m_recordings[r];
        const int64_t n = int64_t(recording.sampleCount());
        reportProgress(job, totalSamples > 0 ? double(samplesDone) / double(totalSamples) : 0.0,
                       QStringLiteral("Windowing %1").arg(recording.id));
        samplesDone += n;
        const AnnotationTrack* truth = recording.groundTruth();
        if (!truth || n < length)
            continue;
        WindowLabeller labeller(truth->segments(), set.m_options);
        int64_t visited = 0;
        for (int64_t start = 0; start + length <= n; start += options.stride) {
            if (++visited % 65536 == 0)
                throwIfCancelled(job);
            const int32_t classIndex = classIndexOf.of(labeller.labelOf(start));
            if (classIndex >= 0)
                set.m_windows.push_back(Window{uint32_t(r), start, classIndex});
        }
    }
    reportProgress(job, 1.0, QStringLiteral("Windowing done"));
    return set;
}

std::vector<int64_t> WindowSet::classCounts() const
{
    std::vector<int64_t> counts(m_classIds.size(), 0);
    for (const Window& w : m_windows)
        ++counts[size_t(w.classIndex)];
    return counts;
}

const QString& WindowSet::subjectOf(size_t i) const
{
    return m_recordings[m_windows.at(i).recording]->subjectId;
}

void WindowSet::gather(const std::vector<size_t>& indices, float* out,
                       const ChannelNormalisation* normalisation) const
{
    const size_t length = size_t(m_options.length);
    if (normalisation && normalisation->channelCount() != size_t(m_channels))
        throw std::invalid_argument(
            QStringLiteral("WindowSet::gather: normalisation for %1 channels, windows have %2")
                .arg(normalisation->channelCount())
                .arg(m_channels)
                .toStdString());
    float* dst = out;
    for (size_t index : indices) {
        if (index >= m_windows.size())
            throw std::out_of_range("WindowSet::gather: window index out of range");
        const Window& w = m_windows[index];
        const Recording& recording = *m_recordings[w.recording];
        size_t c = 0;
        // Sensors and channels walked directly: every channel is one contiguous
        // read of `length` floats from its column.
        for (const Sensor& sensor : recording.sensors) {
            for (const Channel& channel : sensor.channels) {
                // A recording whose columns shrank after build() would be read
                // out of bounds; one comparison per channel rules that out.
                if (c >= size_t(m_channels) || size_t(w.start) + length > channel.samples.size())
                    throw std::out_of_range(
                        "WindowSet::gather: the recording changed after build()");
                const float* src = channel.samples.data() + w.start;
                if (normalisation) {
                    // Locals, so that the compiler need not reload them after each
                    // store through `dst` and can vectorise the loop.
                    const float mean = normalisation->mean()[c];
                    const float inverseStd = normalisation->inverseStd()[c];
                    for (size_t i = 0; i < length; ++i)
                        dst[i] = (src[i] - mean) * inverseStd;
                } else {
                    std::memcpy(dst, src, length * sizeof(float));
                }
                dst += length;
                ++c;
            }
        }
        if (c != size_t(m_channels))
            throw std::out_of_range("WindowSet::gather: the recording changed after build()");
    }
}

} // namespace kinemark
