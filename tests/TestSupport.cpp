#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <stdexcept>

namespace kinemark::test {

QString sharedDataDir()
{
    // An environment override lets CI or a developer point at another copy.
    const QByteArray env = qgetenv("KINEMARK_SHARED_DATA");
    const QString dir = env.isEmpty() ? QStringLiteral(KINEMARK_SHARED_DATA) : QString::fromLocal8Bit(env);
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

void writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw std::runtime_error(("cannot write fixture " + path).toStdString());
    f.write(content);
}

} // namespace kinemark::test
