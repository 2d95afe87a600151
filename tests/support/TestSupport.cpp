#include "tests/support/TestSupport.h"

#include "core/demo/DemoRecordingGenerator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <stdexcept>
#include <sys/resource.h>

namespace kinemark::test {

QString sharedDataDir()
{
    // An environment override lets CI or a developer point at another copy.
    const QByteArray env = qgetenv("KINEMARK_SHARED_DATA");
    const QString dir =
        env.isEmpty() ? QStringLiteral(KINEMARK_SHARED_DATA) : QString::fromLocal8Bit(env);
    return QFileInfo(dir).isDir() ? QDir(dir).absolutePath() : QString();
}

QString sharedDataPath(const QString& relative)
{
    const QString dir = sharedDataDir();
    if (dir.isEmpty())
        return QString();
    const QString path = dir + QLatin1Char('/') + relative;
    return QFileInfo::exists(path) ? path : QString();
}

void useSettingsIn(const QString& dir)
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    QCoreApplication::setOrganizationName(QStringLiteral("kinemark-tests"));
}

double peakMemoryMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // Linux reports KB
}

void writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw std::runtime_error(("cannot write fixture " + path).toStdString());
    f.write(content);
}

Project demoProjectOfSubjects(int subjects, double seconds, uint64_t firstSeed)
{
    Project p;
    for (int i = 0; i < subjects; ++i) {
        DemoOptions o;
        o.durationSeconds = seconds;
        o.seed = firstSeed + uint64_t(i);
        o.recordingId = QStringLiteral("demo%1").arg(i);
        o.subjectId = QStringLiteral("s%1").arg(i);
        Project one = DemoRecordingGenerator::demoProject(o);
        if (p.labelSets.empty())
            p.labelSets = one.labelSets;
        p.addRecording(std::move(*one.recordings.front()));
    }
    return p;
}

} // namespace kinemark::test
