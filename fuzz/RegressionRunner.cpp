// The fuzzers' regression test, built in the normal build (no clang, no
// libFuzzer): feeds every file of fuzz/regressions/<reader>/ and
// fuzz/seeds/<reader>/ to the harness of that reader, compiled into this
// program under its own name. A harness returns normally when the reader
// accepted or cleanly refused the input (FormatError); a crash, an abort (the
// project harness aborts on leaked HDF5 handles) or an escaped exception fails
// the test. Each input runs in a child process, so a failure names its input
// and does not hide the ones after it.
//
// An input named "open-..." is a finding whose fix belongs to code another
// change is rewriting: it is run and its outcome printed, but it does not fail
// the test until the fix lands and the file loses its "open-" prefix.
#include "fuzz/FuzzScratch.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#define KINEMARK_HARNESS(name) extern "C" int kinemark_fuzz_##name(const uint8_t*, size_t);
#include "fuzz/FuzzHarnesses.h"
#undef KINEMARK_HARNESS

namespace {

// Runs `harness` on `bytes` in a child process; true when it returned normally.
bool runsCleanly(int (*harness)(const uint8_t*, size_t), const QByteArray& bytes)
{
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t child = fork();
    if (child == 0) {
        harness(reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size()));
        std::fflush(stdout);
        _exit(0);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child)
        return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <folder with <reader>/ subfolders>...\n", argv[0]);
        return 2;
    }
    std::map<QString, int (*)(const uint8_t*, size_t)> harnesses;
#define KINEMARK_HARNESS(name) harnesses[QStringLiteral(#name)] = &kinemark_fuzz_##name;
#include "fuzz/FuzzHarnesses.h"
#undef KINEMARK_HARNESS

    // Made here, before the children are forked: they write into it and leave
    // by _exit, and this process removes it when it ends.
    kinemark::FuzzScratch::directory();
    int inputs = 0;
    QStringList failed;
    for (int a = 1; a < argc; ++a) {
        const QDir root(QString::fromLocal8Bit(argv[a]));
        if (!root.exists()) {
            std::fprintf(stderr, "no such folder: %s\n", argv[a]);
            return 2;
        }
        for (const QString& reader :
             root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const auto harness = harnesses.find(reader);
            if (harness == harnesses.end()) {
                std::fprintf(stderr, "%s: no harness is called fuzz_%s\n",
                             qPrintable(root.filePath(reader)), qPrintable(reader));
                return 2;
            }
            QDirIterator files(root.filePath(reader), QDir::Files, QDirIterator::Subdirectories);
            QStringList paths;
            while (files.hasNext())
                paths << files.next();
            paths.sort();
            for (const QString& path : paths) {
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly)) {
                    std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
                    return 2;
                }
                const QByteArray bytes = file.readAll();
                const bool open = QFileInfo(path).fileName().startsWith(QLatin1String("open-"));
                const bool clean = runsCleanly(harness->second, bytes);
                std::printf("%s %s (%lld bytes)\n",
                            clean ? (open ? "FIXED (drop the open- prefix)" : "ok")
                                  : (open ? "OPEN (still fails; not counted)" : "FAILED"),
                            qPrintable(path), qlonglong(bytes.size()));
                if (!clean && !open)
                    failed << path;
                ++inputs;
            }
        }
    }
    if (!failed.isEmpty()) {
        std::printf("%lld of %d inputs failed:\n  %s\n", qlonglong(failed.size()), inputs,
                    qPrintable(failed.join(QStringLiteral("\n  "))));
        return 1;
    }
    std::printf("%d inputs read or refused cleanly\n", inputs);
    return inputs > 0 ? 0 : 1;
}
