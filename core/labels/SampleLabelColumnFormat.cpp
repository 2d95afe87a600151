#include "core/labels/SampleLabelColumnFormat.h"

#include "core/labels/ClassIdField.h"
#include "core/labels/LabelTrackBuilder.h"
#include "core/labels/SegmentCsvFormat.h"

#include <QFile>
#include <QSaveFile>
#include <stdexcept>

namespace kinemark {

void SampleLabelColumnFormat::write(const AnnotationTrack& track, int64_t sampleCount,
                                    const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw std::runtime_error(
            QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()).toStdString());
    // Written run by run: a week at 50 Hz is 30 M lines, so no per-sample allocation.
    QByteArray buffer = "label\n";
    auto emitRun = [&](int64_t count, const QByteArray& line) {
        for (int64_t i = 0; i < count; ++i) {
            buffer += line;
            if (buffer.size() > (1 << 20)) {
                file.write(buffer);
                buffer.clear();
            }
        }
    };
    int64_t at = 0;
    for (const Segment& s : track.segments()) {
        if (s.start >= sampleCount)
            break;
        emitRun(s.start - at, "\n");
        const int64_t end = std::min(s.end, sampleCount);
        emitRun(end - s.start, QByteArray::number(s.classId) + '\n');
        at = end;
    }
    emitRun(sampleCount - at, "\n");
    file.write(buffer);
    if (!file.commit())
        throw std::runtime_error(
            QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()).toStdString());
}

AnnotationTrack SampleLabelColumnFormat::read(const QString& path, const QString& column,
                                              bool hasHeader, int64_t sampleCount, bool clip,
                                              const QString& trackName, AnnotationTrack::Kind kind,
                                              const QString& labelSetId,
                                              const LabelSet* knownClasses)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot read (%1)").arg(file.errorString()));
    const QByteArray all = file.readAll();
    qint64 lineNo = 0;
    qint64 pos = 0;
    auto nextLine = [&](QString* line) {
        if (pos >= all.size())
            return false;
        qint64 nl = all.indexOf('\n', pos);
        if (nl < 0)
            nl = all.size();
        QByteArray bytes = all.mid(pos, nl - pos);
        if (bytes.endsWith('\r'))
            bytes.chop(1);
        *line = QString::fromUtf8(bytes);
        pos = nl + 1;
        ++lineNo;
        return true;
    };

    QString line;
    int col = -1;
    QChar delimiter = QLatin1Char(',');
    bool isNumber = false;
    const int number = column.toInt(&isNumber);
    if (hasHeader) {
        if (!nextLine(&line))
            throw FormatError(path, QStringLiteral("the file is empty"));
        for (QChar d : {QLatin1Char('\t'), QLatin1Char(';'), QLatin1Char(',')})
            if (line.contains(d))
                delimiter = d;
        const QStringList header = SegmentCsvFormat::splitLine(line, delimiter);
        const QString wanted = column.isEmpty() ? QStringLiteral("label") : column;
        for (int i = 0; i < header.size(); ++i)
            if (header[i].trimmed().compare(wanted, Qt::CaseInsensitive) == 0)
                col = i;
        if (col < 0 && isNumber)
            col = number - 1;
        if (col < 0 && column.isEmpty() && header.size() == 1)
            col = 0;
        if (col < 0 || col >= header.size())
            throw FormatError(path, QStringLiteral("no column '%1' in the header").arg(wanted),
                              lineNo);
    } else {
        col = column.isEmpty() ? 0 : (isNumber ? number - 1 : -1);
        if (col < 0)
            throw FormatError(
                path, QStringLiteral("without a header, the column must be a number, not '%1'")
                          .arg(column));
    }

    LabelTrackBuilder builder(path, sampleCount, clip);
    int64_t sample = 0;
    int64_t runStart = 0;
    int32_t runClass = kUnlabelled;
    qint64 runLine = 0;
    auto closeRun = [&] {
        if (runClass != kUnlabelled && sample > runStart)
            builder.add(Segment{runStart, sample, runClass, QString(), 0}, runLine);
    };
    while (nextLine(&line)) {
        if (line.isEmpty() && pos >= all.size())
            break;
        QString field;
        if (col == 0 && !line.contains(delimiter)) {
            field = line.trimmed();
        } else {
            const QStringList f = SegmentCsvFormat::splitLine(line, delimiter);
            if (col >= f.size())
                throw FormatError(
                    path, QStringLiteral("the line has only %1 columns").arg(f.size()), lineNo);
            field = f[col].trimmed();
        }
        int32_t c = kUnlabelled;
        if (!field.isEmpty()) {
            c = ClassIdField::parse(field, path, lineNo, col + 1);
            ClassIdField::check(c, knownClasses, path, lineNo, col + 1);
        }
        if (c != runClass) {
            closeRun();
            runStart = sample;
            runClass = c;
            runLine = lineNo;
        }
        ++sample;
    }
    closeRun();
    return builder.build(trackName, kind, labelSetId);
}

} // namespace kinemark
