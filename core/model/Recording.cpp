#include "core/model/Recording.h"

#include <QSet>
#include <stdexcept>

namespace kinemark {

Recording Recording::clone() const
{
    Recording r;
    r.id = id;
    r.subjectId = subjectId;
    r.sampleRateHz = sampleRateHz;
    r.startTimeUs = startTimeUs;
    r.labelSetId = labelSetId;
    r.source = source;
    r.metadata = metadata;
    r.sensors = sensors;
    r.tracks = tracks;
    r.probabilities = probabilities;
    r.videos = videos;
    return r;
}

size_t Recording::sampleCount() const
{
    for (const Sensor& s : sensors)
        if (!s.channels.empty())
            return s.channels.front().samples.size();
    return 0;
}

size_t Recording::channelCount() const
{
    size_t n = 0;
    for (const Sensor& s : sensors)
        n += s.channels.size();
    return n;
}

const Channel& Recording::channel(size_t flatIndex) const
{
    for (const Sensor& s : sensors) {
        if (flatIndex < s.channels.size())
            return s.channels[flatIndex];
        flatIndex -= s.channels.size();
    }
    throw std::out_of_range("Recording::channel: index out of range");
}

Channel& Recording::channel(size_t flatIndex)
{
    return const_cast<Channel&>(static_cast<const Recording*>(this)->channel(flatIndex));
}

QString Recording::qualifiedChannelName(size_t flatIndex) const
{
    for (const Sensor& s : sensors) {
        if (flatIndex < s.channels.size())
            return s.qualifiedChannelName(flatIndex);
        flatIndex -= s.channels.size();
    }
    throw std::out_of_range("Recording::qualifiedChannelName: index out of range");
}

QStringList Recording::channelNames() const
{
    QStringList names;
    for (size_t i = 0; i < channelCount(); ++i)
        names << qualifiedChannelName(i);
    return names;
}

const AnnotationTrack* Recording::groundTruth() const
{
    for (const AnnotationTrack& t : tracks)
        if (t.kind() == AnnotationTrack::Kind::GroundTruth)
            return &t;
    return nullptr;
}

AnnotationTrack* Recording::groundTruth()
{
    return const_cast<AnnotationTrack*>(static_cast<const Recording*>(this)->groundTruth());
}

const AnnotationTrack* Recording::track(const QString& name) const
{
    for (const AnnotationTrack& t : tracks)
        if (t.name() == name)
            return &t;
    return nullptr;
}

QString Recording::checkConsistency() const
{
    if (!(sampleRateHz > 0) || sampleRateHz > 1e6)
        return QStringLiteral("recording '%1': sampling rate %2 Hz is not valid")
            .arg(id)
            .arg(sampleRateHz);
    const size_t n = sampleCount();
    QSet<QString> sensorNames;
    for (const Sensor& s : sensors) {
        if (sensorNames.contains(s.name))
            return QStringLiteral("recording '%1': sensor name '%2' is used twice").arg(id, s.name);
        sensorNames.insert(s.name);
        QSet<QString> channelNames;
        for (const Channel& c : s.channels) {
            const QString key = c.quantity + QLatin1Char('/') + c.name;
            if (channelNames.contains(key))
                return QStringLiteral("recording '%1': sensor '%2' has channel '%3' twice")
                    .arg(id, s.name, c.name);
            channelNames.insert(key);
            if (c.samples.size() != n)
                return QStringLiteral("recording '%1': channel '%2' of sensor '%3' has %4 samples, "
                                      "expected %5")
                    .arg(id, c.name, s.name)
                    .arg(c.samples.size())
                    .arg(n);
        }
    }
    QSet<QString> trackNames;
    for (const AnnotationTrack& t : tracks) {
        if (trackNames.contains(t.name()))
            return QStringLiteral("recording '%1': track name '%2' is used twice")
                .arg(id, t.name());
        trackNames.insert(t.name());
        const QString problem = AnnotationTrack::checkInvariant(t.segments());
        if (!problem.isEmpty())
            return QStringLiteral("recording '%1', track '%2': %3").arg(id, t.name(), problem);
        if (!t.isEmpty() && t.segments().back().end > int64_t(n))
            return QStringLiteral("recording '%1', track '%2': a segment ends at sample %3, after "
                                  "the last sample (%4)")
                .arg(id, t.name())
                .arg(t.segments().back().end)
                .arg(n);
    }
    for (auto it = probabilities.cbegin(); it != probabilities.cend(); ++it) {
        if (!track(it.key()))
            return QStringLiteral("recording '%1': there are class probabilities for a track "
                                  "'%2', which does not exist")
                .arg(id, it.key());
        const QString problem = it.value().checkConsistency(int64_t(n));
        if (!problem.isEmpty())
            return QStringLiteral("recording '%1', probabilities of track '%2': %3")
                .arg(id, it.key(), problem);
    }
    return QString();
}

} // namespace kinemark
