#include "RecordingImporter.h"

#include "DelimitedTextReader.h"
#include "FormatError.h"
#include "HarthCsvReader.h"
#include "HaptReader.h"
#include "LabelSet.h"
#include "Project.h"

#include <QFile>
#include <QFileInfo>

namespace kinemark {

bool RecordingImporter::formatFromName(const QString& name, Format* format)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("auto"))
        *format = Format::Auto;
    else if (n == QLatin1String("hapt"))
        *format = Format::Hapt;
    else if (n == QLatin1String("harth"))
        *format = Format::Harth;
    else if (n == QLatin1String("har70plus") || n == QLatin1String("har70+"))
        *format = Format::Har70Plus;
    else if (n == QLatin1String("csv"))
        *format = Format::Csv;
    else
        return false;
    return true;
}

QStringList RecordingImporter::formatNames()
{
    return {QStringLiteral("auto"), QStringLiteral("hapt"), QStringLiteral("harth"),
            QStringLiteral("har70plus"), QStringLiteral("csv")};
}

RecordingImporter::Format RecordingImporter::detect(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return HaptReader::looksLikeHaptFolder(path) ? Format::Hapt : Format::Auto;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        QByteArray head = file.readLine(4096);
        if (head.startsWith("\xEF\xBB\xBF"))
            head.remove(0, 3);
        if (head.contains("back_x") && head.contains("thigh_x") && head.contains("timestamp"))
            return Format::Harth;
    }
    return Format::Csv;
}

std::vector<Recording> RecordingImporter::read(const QString& path, Format format,
                                               const ColumnMapping& mapping, ReadReport* report,
                                               const JobControl* job)
{
    if (format == Format::Auto)
        format = detect(path);
    std::vector<Recording> out;
    switch (format) {
    case Format::Hapt:
        return HaptReader::readFolder(path, report, job);
    case Format::Harth:
        out.push_back(HarthCsvReader::read(path, QStringLiteral("harth"), report, job));
        break;
    case Format::Har70Plus:
        out.push_back(HarthCsvReader::read(path, QStringLiteral("har70plus"), report, job));
        break;
    case Format::Csv:
        if (QFileInfo(path).isDir())
            throw FormatError(path, QStringLiteral("is a folder; the csv format reads one file"));
        out.push_back(DelimitedTextReader::read(path, mapping, report, job));
        break;
    case Format::Auto:
        throw FormatError(path, QStringLiteral("cannot tell the format; name it with --format (%1)")
                                    .arg(formatNames().join(QStringLiteral(", "))));
    }
    return out;
}

int RecordingImporter::importInto(Project& project, const QString& path, Format format,
                                  const ColumnMapping& mapping, ReadReport* report,
                                  const JobControl* job)
{
    if (format == Format::Auto)
        format = detect(path);
    std::vector<Recording> recordings = read(path, format, mapping, report, job);
    for (Recording& r : recordings) {
        if (r.labelSetId.isEmpty())
            r.labelSetId = labelSetIdFor(format, mapping);
        if (!r.labelSetId.isEmpty() && !project.labelSet(r.labelSetId)) {
            if (!LabelSet::builtinIds().contains(r.labelSetId))
                throw FormatError(path, QStringLiteral("unknown label set '%1' (built in: %2)")
                                            .arg(r.labelSetId, LabelSet::builtinIds().join(", ")));
            project.ensureBuiltinLabelSet(r.labelSetId);
        }
        project.addRecording(std::move(r));
    }
    return int(recordings.size());
}

QString RecordingImporter::labelSetIdFor(Format format, const ColumnMapping& mapping)
{
    switch (format) {
    case Format::Hapt:
        return QStringLiteral("hapt");
    case Format::Harth:
        return QStringLiteral("harth");
    case Format::Har70Plus:
        return QStringLiteral("har70plus");
    case Format::Csv:
        return mapping.labelSetId;
    case Format::Auto:
        break;
    }
    return QString();
}

} // namespace kinemark
