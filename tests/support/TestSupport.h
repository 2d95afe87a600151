#pragma once

#include "core/model/Project.h"

#include <QString>

namespace kinemark::test {

// ../shared/data beside the project, or "" when absent (then tests QSKIP with a message).
QString sharedDataDir();
// Path of a file under ../shared/data, or "" when the shared data folder is absent.
QString sharedDataPath(const QString& relative);
// Writes `content` as raw bytes to `path` (fixtures made by the tests themselves).
void writeFile(const QString& path, const QByteArray& content);

// Settings (QSettings, user scope, native and INI) in `dir` under the
// organisation "kinemark-tests", so that a test neither reads nor changes the
// user's own and starts from what it writes there itself.
void useSettingsIn(const QString& dir);
// The process's peak resident memory so far, in MB (getrusage): hostile-input
// tests compare it before and after reading a crafted file.
double peakMemoryMb();
// A project of `subjects` short demo recordings ("demo0", "demo1", ... of
// subjects "s0", "s1", ...; seeds firstSeed, firstSeed + 1, ...) with the
// HARTH label set: several classes and several users for training tests.
Project demoProjectOfSubjects(int subjects, double seconds, uint64_t firstSeed);

} // namespace kinemark::test

// Skips the current test with a message when ../shared/data/<relative> is missing.
#define KINEMARK_REQUIRE_SHARED(relative)                                                          \
    do {                                                                                           \
        if (kinemark::test::sharedDataPath(relative).isEmpty())                                    \
            QSKIP(qPrintable(QStringLiteral("../shared/data/%1 is absent; skipping (real-data "    \
                                            "tests need the shared data folder)")                  \
                                 .arg(relative)));                                                 \
    } while (0)
