#include "core/video/VideoAttachment.h"

#include <QJsonValue>
#include <cmath>
#include <stdexcept>

namespace kinemark {

QString VideoAttachment::checkConsistency() const
{
    if (path.isEmpty())
        return QStringLiteral("the path is empty");
    if (path.size() > kMaxPathLength)
        return QStringLiteral("the path has %1 characters (at most %2)")
            .arg(path.size())
            .arg(kMaxPathLength);
    if (path.contains(QChar(0)))
        return QStringLiteral("the path contains a NUL character");
    if (!std::isfinite(offsetS))
        return QStringLiteral("offset_s is not a finite number");
    if (std::abs(offsetS) > kMaxOffsetS)
        return QStringLiteral("offset_s (%1 s) is beyond +-%2 s").arg(offsetS).arg(kMaxOffsetS);
    if (!std::isfinite(driftPpm))
        return QStringLiteral("drift_ppm is not a finite number");
    if (std::abs(driftPpm) > kMaxDriftPpm)
        return QStringLiteral("drift_ppm (%1) is beyond +-%2 ppm").arg(driftPpm).arg(kMaxDriftPpm);
    if (sizeBytes < -1)
        return QStringLiteral("size_bytes (%1) is negative").arg(sizeBytes);
    if (hash.size() > kMaxHashLength)
        return QStringLiteral("the hash has %1 characters (at most %2)")
            .arg(hash.size())
            .arg(kMaxHashLength);
    for (QChar c : hash)
        if (!c.isDigit() && !(c >= QLatin1Char('a') && c <= QLatin1Char('f')))
            return QStringLiteral("the hash is not lower-case hexadecimal");
    return QString();
}

QJsonObject VideoAttachment::toJson() const
{
    return QJsonObject{{"path", path},
                       {"offset_s", offsetS},
                       {"drift_ppm", driftPpm},
                       {"size_bytes", double(sizeBytes)},
                       {"hash", hash}};
}

VideoAttachment VideoAttachment::fromJson(const QJsonObject& json)
{
    if (!json.value("path").isString() || !json.value("offset_s").isDouble() ||
        !json.value("drift_ppm").isDouble() || !json.value("size_bytes").isDouble() ||
        !json.value("hash").isString())
        throw std::runtime_error("a video attachment is not {path, offset_s, drift_ppm, "
                                 "size_bytes, hash}");
    VideoAttachment v;
    v.path = json.value("path").toString();
    v.offsetS = json.value("offset_s").toDouble();
    v.driftPpm = json.value("drift_ppm").toDouble();
    const double size = json.value("size_bytes").toDouble();
    // Exact up to 2^53 bytes (8 PiB): a double holds any real file's size.
    if (!(size >= -1 && size <= 9007199254740992.0) || size != std::floor(size))
        throw std::runtime_error("a video attachment's size_bytes is not a whole number >= -1");
    v.sizeBytes = qint64(size);
    v.hash = json.value("hash").toString();
    const QString problem = v.checkConsistency();
    if (!problem.isEmpty())
        throw std::runtime_error(QStringLiteral("video attachment '%1': %2")
                                     .arg(v.path.left(200), problem)
                                     .toStdString());
    return v;
}

} // namespace kinemark
