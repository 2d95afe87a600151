#include "core/cohort/CohortFolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace kinemark {

namespace {

const QString kPartialPrefix = QStringLiteral(".partial-");

QString hostName()
{
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0)
        return QStringLiteral("host");
    return QString::fromLocal8Bit(name);
}

// fsync of a file or folder: rename() is atomic, but without flushing the
// files first a power loss could leave a renamed folder of empty files.
void flushPath(const QString& path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

CohortFolder::CohortFolder(const QString& dir) : m_dir(QDir::cleanPath(dir)) {}

QString CohortFolder::participantPath(const QString& id) const
{
    return QDir(m_dir).filePath(id);
}

bool CohortFolder::isDone(const QString& id) const
{
    return QFileInfo(participantPath(id)).isDir();
}

void CohortFolder::create() const
{
    if (!QDir().mkpath(m_dir))
        throw std::runtime_error(
            QStringLiteral("%1: cannot create the output folder").arg(m_dir).toStdString());
}

QString CohortFolder::beginParticipant(const QString& id) const
{
    const QDir dir(m_dir);
    const QString prefix = kPartialPrefix + id + QLatin1Char('-');
    for (const QString& stale : dir.entryList({prefix + QLatin1Char('*')},
                                              QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
        QDir(dir.filePath(stale)).removeRecursively();
    // Host and process id: shards on different nodes never share a name.
    const QString name = prefix + QStringLiteral("%1-%2").arg(hostName()).arg(::getpid());
    const QString temporary = dir.filePath(name);
    if (!QDir().mkpath(temporary))
        throw std::runtime_error(
            QStringLiteral("%1: cannot create a temporary folder").arg(temporary).toStdString());
    return temporary;
}

void CohortFolder::commitParticipant(const QString& temporary, const QString& id) const
{
    const QDir tmp(temporary);
    for (const QString& f : tmp.entryList(QDir::Files))
        flushPath(tmp.filePath(f));
    flushPath(temporary);
    const QString target = participantPath(id);
    if (::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData()) !=
        0) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        abandon(temporary);
        throw std::runtime_error(QStringLiteral("%1: cannot rename the finished participant's "
                                                "folder into place: %2")
                                     .arg(target, reason)
                                     .toStdString());
    }
    flushPath(m_dir);
}

void CohortFolder::abandon(const QString& temporary) const
{
    QDir(temporary).removeRecursively();
}

QStringList CohortFolder::doneParticipants() const
{
    QStringList done = QDir(m_dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    done.erase(std::remove_if(done.begin(), done.end(),
                              [](const QString& d) { return d.startsWith(QLatin1Char('.')); }),
               done.end());
    std::sort(done.begin(), done.end());
    return done;
}

QString CohortFolder::failuresPath(const QString& shardLabel) const
{
    return QDir(m_dir).filePath(QStringLiteral("failures-%1.csv").arg(shardLabel));
}

QStringList CohortFolder::failureFiles() const
{
    QStringList files;
    const QDir dir(m_dir);
    for (const QString& f :
         dir.entryList({QStringLiteral("failures-*.csv")}, QDir::Files, QDir::Name))
        files << dir.filePath(f);
    return files;
}

} // namespace kinemark
