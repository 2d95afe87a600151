#include "core/base/AtomicFileWriter.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStringList>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kinemark {

namespace {

QString describeErrno(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// A save that was killed (crash, power loss) leaves its temporary file
// "<target>.tmp-<pid>-<random>" behind; the target itself is intact. The
// next save removes those whose process is gone, so they do not pile up.
void removeStaleTemporaries(const QString& target)
{
    const QFileInfo info(target);
    const QString prefix = info.fileName() + QStringLiteral(".tmp-");
    const QStringList names =
        QDir(info.absolutePath()).entryList({prefix + QLatin1Char('*')}, QDir::Files);
    for (const QString& name : names) {
        bool ok = false;
        const qint64 pid = name.mid(prefix.size()).section(QLatin1Char('-'), 0, 0).toLongLong(&ok);
        if (!ok || pid <= 0)
            continue;
        if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            QFile::remove(info.absolutePath() + QLatin1Char('/') + name);
    }
}

QString temporaryPathFor(const QString& target, AtomicFileWriter::Naming naming)
{
    if (naming == AtomicFileWriter::Naming::Fixed)
        return target + QStringLiteral(".tmp");
    // The pid and a random part keep concurrent saves from colliding.
    return QStringLiteral("%1.tmp-%2-%3")
        .arg(target)
        .arg(qint64(::getpid()))
        .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

// Some file systems cannot sync a folder (EINVAL), and a folder we cannot open
// is no reason to fail either: the rename is done by then.
void flushFolder(const QString& folder)
{
    const int fd =
        ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_CLOEXEC | O_DIRECTORY);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

AtomicFileWriter::Failure::Failure(Step failedStep, const QString& why)
    : std::runtime_error(why.toStdString()), step(failedStep), reason(why)
{}

AtomicFileWriter::AtomicFileWriter(const QString& target, Naming naming, Permissions permissions)
    : m_target(target), m_permissions(permissions)
{
    if (naming == Naming::Unique)
        removeStaleTemporaries(target);
    m_temporary = temporaryPathFor(target, naming);
}

AtomicFileWriter::~AtomicFileWriter()
{
    if (m_exists && !m_committed)
        QFile::remove(m_temporary);
}

void AtomicFileWriter::write(const QByteArray& bytes)
{
    QFile out(m_temporary);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw Failure(Step::Create, out.errorString());
    if (out.write(bytes) != bytes.size() || !out.flush() || ::fsync(out.handle()) != 0) {
        out.remove();
        // Read after remove(), which resets the error: kept so that the
        // messages stay as they were.
        throw Failure(Step::Write, out.errorString());
    }
    m_exists = true;
}

void AtomicFileWriter::adopt()
{
    m_exists = true;
    m_adopted = true;
}

// Flushes a temporary that another library wrote, by reopening it.
void AtomicFileWriter::flushAdopted()
{
    const int fd = ::open(QFile::encodeName(m_temporary).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Failure(Step::Reopen, describeErrno(errno));
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0)
        throw Failure(Step::Flush, describeErrno(error));
}

void AtomicFileWriter::commit()
{
    if (m_adopted)
        flushAdopted();
    const QByteArray temporary = QFile::encodeName(m_temporary);
    const QByteArray target = QFile::encodeName(m_target);
    struct stat old;
    if (m_permissions == Permissions::KeepTarget && ::stat(target.constData(), &old) == 0)
        ::chmod(temporary.constData(), old.st_mode & 07777);
    if (::rename(temporary.constData(), target.constData()) != 0)
        throw Failure(Step::Replace, describeErrno(errno));
    m_committed = true;
    flushFolder(QFileInfo(m_target).absolutePath());
}

} // namespace kinemark
