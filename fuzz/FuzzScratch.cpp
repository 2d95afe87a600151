#include "fuzz/FuzzScratch.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace kinemark {

namespace {

// Created on first use, removed (with everything in it) at exit.
QTemporaryDir& scratch()
{
    static std::unique_ptr<QTemporaryDir> dir = [] {
        // scripts/fuzz.sh names a folder of its own, removed when the run ends,
        // so that a fuzzer that crashed (no destructors) leaves nothing behind.
        QString base = qEnvironmentVariable("KINEMARK_FUZZ_SCRATCH");
        if (base.isEmpty())
            base = QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm")
                                                             : QDir::tempPath();
        QDir().mkpath(base);
        auto made = std::make_unique<QTemporaryDir>(base + QStringLiteral("/kinemark-fuzz-XXXXXX"));
        if (!made->isValid()) {
            std::fprintf(stderr, "fuzz: cannot create a scratch directory in %s\n",
                         qPrintable(base));
            std::abort();
        }
        return made;
    }();
    return *dir;
}

} // namespace

QString FuzzScratch::directory()
{
    return scratch().path();
}

QString FuzzScratch::write(const QString& name, const uint8_t* data, size_t size)
{
    const QString path = QDir(directory()).filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        (size > 0 &&
         file.write(reinterpret_cast<const char*>(data), qint64(size)) != qint64(size))) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", qPrintable(path));
        std::abort();
    }
    return path;
}

QString FuzzScratch::write(const QString& name, const QByteArray& bytes)
{
    return write(name, reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size()));
}

} // namespace kinemark
