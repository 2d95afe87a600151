#pragma once

#include <QByteArray>
#include <QString>
#include <cstddef>
#include <cstdint>

namespace kinemark {

// Where a harness puts its input when the reader under test only takes a path
// (CSV, label files, .gt3x, projects): one directory per fuzzing process, on
// tmpfs (/dev/shm) when there is one so that writing a file per run costs
// microseconds, emptied when the process ends (KINEMARK_FUZZ_SCRATCH names
// another base folder). Every harness of fuzz/ uses it, and so does the
// regression runner, whose children share the parent's folder.
class FuzzScratch
{
public:
    // The process's scratch directory (created on first use).
    static QString directory();
    // Writes `size` bytes to `name` in the scratch directory, replacing what was
    // there, and returns its path. Aborts when it cannot write: a harness that
    // silently fuzzes nothing would be worse than one that stops.
    static QString write(const QString& name, const uint8_t* data, size_t size);
    static QString write(const QString& name, const QByteArray& bytes);
};

} // namespace kinemark
