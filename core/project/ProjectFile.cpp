#include "core/project/ProjectFile.h"

#include "core/base/AtomicFileWriter.h"
#include "core/base/FormatError.h"
#include "core/project/Hdf5File.h"
#include "core/project/ProjectFileLayout.h"
#include "core/project/ProjectFileReader.h"
#include "core/project/ProjectFileWriter.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>
#include <unistd.h>

namespace kinemark {

namespace {

QString describeErrno(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Where the bytes go: the target itself, or what it links to, so that saving
// through a symbolic link updates the linked file rather than replacing the link.
QString resolveTarget(const QString& path)
{
    const QFileInfo info(path);
    if (info.isSymLink()) {
        const QString target = info.symLinkTarget();
        if (!target.isEmpty())
            return target;
    }
    return info.absoluteFilePath();
}

// ---------------------------------------------------------------------------------------------
// Reading

// Flushes the written temporary, keeps the old file's permissions and renames
// it over the target, saying what failed in the words of a save.
void commitSave(AtomicFileWriter& writer, const QString& shownPath)
{
    try {
        writer.commit();
    } catch (const AtomicFileWriter::Failure& e) {
        QString what;
        switch (e.step) {
        case AtomicFileWriter::Step::Reopen:
            what = QStringLiteral("cannot reopen the written file to flush it (%1)");
            break;
        case AtomicFileWriter::Step::Flush:
            what = QStringLiteral("flushing to disk failed (%1)");
            break;
        default:
            what = QStringLiteral("cannot replace the file (%1)");
            break;
        }
        throw std::runtime_error(
            QStringLiteral("cannot save %1: %2").arg(shownPath, what.arg(e.reason)).toStdString());
    }
}

// A file with the HDF5 signature that HDF5 or the reader cannot get through is
// a damaged project, and says so: left to other readers it would be guessed as
// CSV and refused for an unrelated reason (issue #16).
FormatError damagedProject(const FormatError& e)
{
    return FormatError(e.file(), QStringLiteral("damaged Kinemark project: ") + e.message(),
                       e.line(), e.column(), e.placeKind());
}

Hdf5File openDamagedAsProject(const QString& path)
{
    try {
        return Hdf5File::openReadOnly(path);
    } catch (const FormatError& e) {
        throw damagedProject(e);
    }
}

// True unless the root says the file is not a project this build reads (no or
// another format, a newer version). Unreadable roots count as ours: damage.
bool claimsCurrentFormat(const Hdf5File& file)
{
    try {
        const Hdf5Group root = file.root();
        const QString format = QStringLiteral("format");
        const QString version = QStringLiteral("format_version");
        if (!root.hasAttribute(format) ||
            root.stringAttribute(format) != ProjectFileLayout::formatName())
            return false;
        return !root.hasAttribute(version) ||
               root.intAttribute(version) <= ProjectFile::kFormatVersion;
    } catch (...) {
        return true;
    }
}

} // namespace

void ProjectFile::save(const Project& project, const QString& path, const JobControl* job)
{
    const auto fail = [&](const QString& why) {
        return std::runtime_error(
            QStringLiteral("cannot save %1: %2").arg(path, why).toStdString());
    };
    throwIfCancelled(job);
    // A file that open() would reject must not replace a good one.
    const QString problem = project.checkConsistency();
    if (!problem.isEmpty())
        throw fail(QStringLiteral("the project is inconsistent (%1)").arg(problem));

    const QString target = resolveTarget(path);
    const QFileInfo targetInfo(target);
    const QString folder = targetInfo.absolutePath();
    const QFileInfo folderInfo(folder);
    if (!folderInfo.exists())
        throw fail(QStringLiteral("the folder %1 does not exist").arg(folder));
    if (!folderInfo.isDir())
        throw fail(QStringLiteral("%1 is not a folder").arg(folder));
    if (targetInfo.isDir())
        throw fail(QStringLiteral("it is a folder"));
    if (::access(QFile::encodeName(folder).constData(), W_OK) != 0)
        throw fail(
            QStringLiteral("the folder %1 is not writable (%2)").arg(folder, describeErrno(errno)));

    AtomicFileWriter writer(target, AtomicFileWriter::Naming::Unique,
                            AtomicFileWriter::Permissions::KeepTarget);
    const QString& temp = writer.temporaryPath();

    try {
        {
            Hdf5File file = [&] {
                try {
                    return Hdf5File::create(temp, path);
                } catch (const FormatError& e) {
                    throw fail(QStringLiteral("cannot create a temporary file in %1: %2")
                                   .arg(folder, e.message()));
                }
            }();
            writer.adopt();
            try {
                ProjectFileWriter::write(file, project, job);
                file.close();
            } catch (...) {
                // The file is garbage now. Emptying it before HDF5 closes it
                // (Hdf5File's destructor, right after this) frees the disk
                // space a full disk needs for HDF5's last metadata writes, and
                // makes closing a cancelled save cheap.
                if (::truncate(QFile::encodeName(temp).constData(), 0) != 0) {
                    // Then closing may fail as well; the writer removes the file either way.
                }
                throw;
            }
        }
        commitSave(writer, path);
        reportProgress(job, 1.0);
    } catch (const std::exception&) {
        throw; // the writer removes the temporary
    } catch (...) {
        // The wrapper turns HDF5's exceptions (not std::exceptions) into
        // FormatErrors; this is the net for anything that slipped through.
        throw fail(QStringLiteral("unexpected error in the HDF5 library"));
    }
}

Project ProjectFile::open(const QString& path, const JobControl* job)
{
    throwIfCancelled(job);
    const QFileInfo info(path);
    if (!info.exists())
        throw FormatError(path, QStringLiteral("the file does not exist"));
    if (info.isDir())
        throw FormatError(path, QStringLiteral("is a folder, not a project file"));
    if (!Hdf5File::hasSignature(path))
        throw FormatError(path, QStringLiteral("not a Kinemark project file (not an HDF5 file)"));
    try {
        const Hdf5File file = openDamagedAsProject(path);
        try {
            return ProjectFileReader::read(file, job);
        } catch (const FormatError& e) {
            // Another program's HDF5 file, or a newer Kinemark's, is not damaged: the
            // reader's own words say what it is.
            if (!claimsCurrentFormat(file))
                throw;
            throw damagedProject(e);
        }
    } catch (const std::bad_alloc&) {
        throw std::runtime_error(
            QStringLiteral("cannot open %1: not enough memory").arg(path).toStdString());
    } catch (const std::exception&) {
        throw;
    } catch (...) {
        throw FormatError(path, QStringLiteral("unexpected error in the HDF5 library"));
    }
}

bool ProjectFile::isProjectFile(const QString& path)
{
    if (!Hdf5File::hasSignature(path))
        return false;
    try {
        const Hdf5File file = Hdf5File::openReadOnly(path);
        const Hdf5Group root = file.root();
        return root.hasAttribute(QStringLiteral("format")) &&
               root.stringAttribute(QStringLiteral("format")) == ProjectFileLayout::formatName();
    } catch (...) {
        return false;
    }
}

} // namespace kinemark
