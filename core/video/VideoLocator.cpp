#include "core/video/VideoLocator.h"

#include "core/model/Project.h"
#include "core/video/VideoFingerprint.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <stdexcept>

namespace kinemark {

namespace {
// True when `video`'s stored fingerprint matches the file at `path`
// (unknown size or hash match anything).
bool matches(const VideoAttachment& video, const QString& path)
{
    const QFileInfo info(path);
    if (video.sizeBytes >= 0 && info.size() != video.sizeBytes)
        return false;
    if (video.hash.isEmpty())
        return true;
    try {
        return VideoFingerprint::of(path).hash == video.hash;
    } catch (const std::runtime_error&) {
        return false;
    }
}
} // namespace

VideoLocator::VideoLocator(const QString& projectFilePath)
{
    if (!projectFilePath.isEmpty())
        m_folder = QDir::cleanPath(QFileInfo(projectFilePath).absolutePath());
}

QString VideoLocator::absolutePath(const QString& storedPath) const
{
    if (storedPath.isEmpty())
        return QString();
    if (QDir::isAbsolutePath(storedPath) || m_folder.isEmpty())
        return QDir::cleanPath(QFileInfo(storedPath).absoluteFilePath());
    return QDir::cleanPath(QDir(m_folder).absoluteFilePath(storedPath));
}

QString VideoLocator::storedPath(const QString& path) const
{
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    if (m_folder.isEmpty())
        return absolute;
    const QString relative = QDir(m_folder).relativeFilePath(absolute);
    // Another drive (Windows) gives an absolute path back.
    if (QDir::isAbsolutePath(relative))
        return absolute;
    // At most one level up: the project's folder and those beside it.
    if (relative.startsWith(QLatin1String("../../")) || relative == QLatin1String(".."))
        return absolute;
    return relative;
}

VideoAttachment VideoLocator::attach(const QString& path, double offsetS, double driftPpm) const
{
    const VideoFingerprint fingerprint = VideoFingerprint::of(path);
    VideoAttachment v;
    v.path = storedPath(path);
    v.offsetS = offsetS;
    v.driftPpm = driftPpm;
    v.sizeBytes = fingerprint.sizeBytes;
    v.hash = fingerprint.hash;
    return v;
}

VideoLocator::Check VideoLocator::check(const VideoAttachment& video) const
{
    Check c;
    c.absolutePath = absolutePath(video);
    const QFileInfo info(c.absolutePath);
    if (!info.exists() || !info.isFile()) {
        c.status = Status::Missing;
        c.message = QCoreApplication::translate(
                        "VideoLocator", "The video %1 is missing (expected at %2): relocate it.")
                        .arg(QFileInfo(video.path).fileName(), c.absolutePath);
        return c;
    }
    if (video.sizeBytes >= 0 && info.size() != video.sizeBytes) {
        c.status = Status::Changed;
        c.message =
            QCoreApplication::translate(
                "VideoLocator", "The video %1 has changed since it was attached: %2 bytes, %3 when "
                                "attached. Check its synchronisation, or relocate the original.")
                .arg(c.absolutePath)
                .arg(info.size())
                .arg(video.sizeBytes);
        return c;
    }
    if (!video.hash.isEmpty()) {
        VideoFingerprint now;
        try {
            now = VideoFingerprint::of(c.absolutePath);
        } catch (const std::runtime_error& e) {
            c.status = Status::Missing;
            c.message =
                QCoreApplication::translate("VideoLocator", "The video %1 cannot be read (%2).")
                    .arg(c.absolutePath, QString::fromUtf8(e.what()));
            return c;
        }
        if (now.hash != video.hash) {
            c.status = Status::Changed;
            c.message = QCoreApplication::translate(
                            "VideoLocator",
                            "The video %1 has changed since it was attached (its content differs). "
                            "Check its synchronisation, or relocate the original.")
                            .arg(c.absolutePath);
            return c;
        }
    }
    c.status = Status::Ok;
    return c;
}

QString VideoLocator::statusName(Status status)
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::Missing:
        return QStringLiteral("missing");
    case Status::Changed:
        return QStringLiteral("changed");
    }
    return QString();
}

VideoLocator::Relocation VideoLocator::relocate(const VideoAttachment& video,
                                                const QString& newPath) const
{
    const VideoFingerprint fingerprint = VideoFingerprint::of(newPath);
    Relocation r;
    r.attachment = video;
    r.attachment.path = storedPath(newPath);
    r.attachment.sizeBytes = fingerprint.sizeBytes;
    r.attachment.hash = fingerprint.hash;
    const bool sizeDiffers = video.sizeBytes >= 0 && video.sizeBytes != fingerprint.sizeBytes;
    const bool hashDiffers = !video.hash.isEmpty() && video.hash != fingerprint.hash;
    if (sizeDiffers || hashDiffers)
        r.warning = QCoreApplication::translate(
                        "VideoLocator",
                        "%1 is not the file that was attached (its %2 differs); the offset and "
                        "drift were kept: check the synchronisation.")
                        .arg(QDir::cleanPath(QFileInfo(newPath).absoluteFilePath()),
                             sizeDiffers ? QCoreApplication::translate("VideoLocator", "size")
                                         : QCoreApplication::translate("VideoLocator", "content"));
    return r;
}

QString VideoLocator::findMoved(const VideoAttachment& video, const QString& folder) const
{
    const QString name = QFileInfo(video.path).fileName();
    QStringList sameName, sameSize;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    for (int seen = 0; it.hasNext() && seen < kMaxSearchEntries; ++seen) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        if (info.fileName() == name)
            sameName << path;
        else if (video.sizeBytes >= 0 && !video.hash.isEmpty() && info.size() == video.sizeBytes)
            sameSize << path;
    }
    sameName.sort();
    sameSize.sort();
    for (const QString& path : sameName)
        if (matches(video, path))
            return QDir::cleanPath(path);
    for (const QString& path : sameSize)
        if (matches(video, path))
            return QDir::cleanPath(path);
    return QString();
}

VideoAttachment VideoLocator::rebased(const VideoAttachment& video, const VideoLocator& from) const
{
    VideoAttachment v = video;
    v.path = storedPath(from.absolutePath(video));
    return v;
}

int VideoLocator::rebaseAll(Project& project, const VideoLocator& from) const
{
    int changed = 0;
    for (const auto& recording : project.recordings)
        for (VideoAttachment& v : recording->videos) {
            const QString path = storedPath(from.absolutePath(v));
            if (path != v.path) {
                v.path = path;
                ++changed;
            }
        }
    return changed;
}

} // namespace kinemark
