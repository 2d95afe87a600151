#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace kinemark::test {

// What one run of kinemark-cli printed and returned.
struct CliResult
{
    int exitCode = -1; // -2: crashed; -1: timed out (err says so)
    QString out;
    QString err;
};

// Runs the kinemark-cli built beside the tests (KINEMARK_CLI_PATH, set for
// every test target by tests/CMakeLists.txt) and waits for it. Header-only
// because the path is a per-target definition.
inline CliResult runCli(const QStringList& args, int timeoutMs = 180000)
{
    QProcess p;
    p.start(QStringLiteral(KINEMARK_CLI_PATH), args);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace kinemark::test
