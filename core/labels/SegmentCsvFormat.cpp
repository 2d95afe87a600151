#include "core/labels/SegmentCsvFormat.h"

#include "core/labels/ClassIdField.h"
#include "core/labels/LabelTrackBuilder.h"

#include <QFile>
#include <QSaveFile>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kinemark {

QStringList SegmentCsvFormat::splitLine(const QString& line, QChar delimiter)
{
    QStringList fields;
    QString field;
    bool inQuotes = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            inQuotes = true;
        } else if (c == delimiter) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

QString SegmentCsvFormat::quoted(const QString& field)
{
    const bool plain = !field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char(';')) &&
                       !field.contains(QLatin1Char('"')) && !field.contains(QLatin1Char('\n')) &&
                       !field.contains(QLatin1Char('\r')) && field.trimmed() == field;
    if (plain)
        return field;
    QString q = field;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

void SegmentCsvFormat::write(const AnnotationTrack& track, const LabelSet& labelSet,
                             double sampleRateHz, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        throw std::runtime_error(
            QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()).toStdString());
    QTextStream out(&file);
    const bool annotated =
        std::any_of(track.segments().begin(), track.segments().end(),
                    [](const Segment& s) { return !s.note.isEmpty() || s.unsure; });
    out << "start_s,end_s,start_sample,end_sample,class_id,class_name,author,edited_ms";
    out << (annotated ? ",note,unsure\n" : "\n");
    for (const Segment& s : track.segments()) {
        out << QString::number(s.start / sampleRateHz, 'f', 6) << ','
            << QString::number(s.end / sampleRateHz, 'f', 6) << ',' << s.start << ',' << s.end
            << ',' << s.classId << ',' << quoted(labelSet.className(s.classId)) << ','
            << quoted(s.author) << ',' << s.editedMs;
        if (annotated)
            out << ',' << quoted(s.note) << ',' << (s.unsure ? '1' : '0');
        out << '\n';
    }
    out.flush();
    if (!file.commit())
        throw std::runtime_error(
            QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()).toStdString());
}

AnnotationTrack SegmentCsvFormat::read(const QString& path, const LabelSet& labelSet,
                                       double sampleRateHz, int64_t sampleCount, bool clip,
                                       const QString& trackName, AnnotationTrack::Kind kind,
                                       const ClassNameMap& classMap, SkippedClasses* skipped)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        throw FormatError(path, QStringLiteral("cannot read (%1)").arg(file.errorString()));
    QTextStream in(&file);
    qint64 lineNo = 0;
    QString headerLine;
    // One record: a line, continued over line breaks while a quoted field is
    // open (an odd number of quote characters so far; "" escapes count twice).
    auto readRecord = [&]() {
        QString record = in.readLine();
        ++lineNo;
        while (record.count(QLatin1Char('"')) % 2 == 1 && !in.atEnd()) {
            record += QLatin1Char('\n') + in.readLine();
            ++lineNo;
        }
        return record;
    };
    while (!in.atEnd() && headerLine.trimmed().isEmpty()) {
        headerLine = in.readLine();
        ++lineNo;
    }
    const QChar delimiter = headerLine.count(QLatin1Char(';')) > headerLine.count(QLatin1Char(','))
                                ? QLatin1Char(';')
                                : QLatin1Char(',');
    const QStringList header = splitLine(headerLine, delimiter);
    auto column = [&](const char* name) {
        for (int i = 0; i < header.size(); ++i)
            if (header[i].trimmed().compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return i;
        return -1;
    };
    const int startSample = column("start_sample"), endSample = column("end_sample");
    const int startS = column("start_s"), endS = column("end_s");
    const int classId = column("class_id"), className = column("class_name");
    const int author = column("author"), edited = column("edited_ms");
    const int note = column("note"), unsure = column("unsure");
    const bool bySamples = startSample >= 0 && endSample >= 0;
    if (!bySamples && (startS < 0 || endS < 0))
        throw FormatError(
            path, QStringLiteral("the header needs start_sample,end_sample or start_s,end_s"),
            lineNo);
    if (classId < 0 && className < 0)
        throw FormatError(path, QStringLiteral("the header needs class_id or class_name"), lineNo);

    LabelTrackBuilder builder(path, sampleCount, clip);
    while (!in.atEnd()) {
        // Errors name the line the record starts on.
        const qint64 recordLine = lineNo + 1;
        const QString line = readRecord();
        if (line.trimmed().isEmpty())
            continue;
        const QStringList f = splitLine(line, delimiter);
        auto field = [&](int col, const char* what) -> QString {
            if (col >= f.size())
                throw FormatError(
                    path, QStringLiteral("the line has no %1 column").arg(QLatin1String(what)),
                    recordLine);
            return f[col].trimmed();
        };
        auto integer = [&](int col, const char* what) -> int64_t {
            bool ok = false;
            const QString text = field(col, what);
            const qlonglong v = text.toLongLong(&ok);
            if (!ok)
                throw FormatError(
                    path,
                    QStringLiteral("%1 '%2' is not an integer").arg(QLatin1String(what), text),
                    recordLine, col + 1);
            return v;
        };
        auto seconds = [&](int col, const char* what) -> int64_t {
            bool ok = false;
            const QString text = field(col, what);
            const double v = text.toDouble(&ok);
            if (!ok || !std::isfinite(v))
                throw FormatError(
                    path, QStringLiteral("%1 '%2' is not a number").arg(QLatin1String(what), text),
                    recordLine, col + 1);
            // Beyond int64 llround is undefined; far beyond the recording anyway.
            if (!(std::fabs(v * sampleRateHz) < 9e18))
                throw FormatError(
                    path, QStringLiteral("%1 '%2' is out of range").arg(QLatin1String(what), text),
                    recordLine, col + 1);
            return int64_t(std::llround(v * sampleRateHz));
        };
        Segment s;
        s.start = bySamples ? integer(startSample, "start_sample") : seconds(startS, "start_s");
        s.end = bySamples ? integer(endSample, "end_sample") : seconds(endS, "end_s");
        if (classId >= 0 && !field(classId, "class_id").isEmpty()) {
            s.classId =
                ClassIdField::parse(field(classId, "class_id"), path, recordLine, classId + 1);
            ClassIdField::check(s.classId, &labelSet, path, recordLine, classId + 1);
        } else if (className < 0) {
            throw FormatError(path, QStringLiteral("empty class_id (and no class_name column)"),
                              recordLine, classId + 1);
        } else {
            const QString name = field(className, "class_name");
            const std::optional<int32_t> id = classMap.classOf(name, labelSet);
            if (!id && classMap.skipsUnknown()) {
                if (skipped)
                    skipped->add(name);
                continue;
            }
            if (!id)
                throw UnknownClassError(
                    path,
                    QStringLiteral("class '%1' is not in the label set '%2' (known: %3); map it "
                                   "to a class with a class map, or skip such lines")
                        .arg(name, labelSet.id, ClassNameMap::knownNames(labelSet)),
                    recordLine, className + 1);
            s.classId = *id;
        }
        if (s.classId == kUnlabelled)
            continue; // an explicit unlabelled span is simply no segment
        if (author >= 0 && author < f.size())
            s.author = f[author];
        if (edited >= 0 && edited < f.size() && !f[edited].trimmed().isEmpty())
            s.editedMs = integer(edited, "edited_ms");
        if (note >= 0 && note < f.size())
            s.note = f[note];
        if (unsure >= 0 && unsure < f.size()) {
            const QString text = f[unsure].trimmed().toLower();
            if (text == QLatin1String("1") || text == QLatin1String("true") ||
                text == QLatin1String("yes"))
                s.unsure = true;
            else if (!text.isEmpty() && text != QLatin1String("0") &&
                     text != QLatin1String("false") && text != QLatin1String("no"))
                throw FormatError(
                    path, QStringLiteral("unsure '%1' is not 1 or 0").arg(f[unsure].trimmed()),
                    recordLine, unsure + 1);
        }
        builder.add(s, recordLine);
    }
    return builder.build(trackName, kind, labelSet.id);
}

} // namespace kinemark
