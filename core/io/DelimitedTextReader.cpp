#include "core/io/DelimitedTextReader.h"

#include "core/base/FormatError.h"
#include "core/io/CsvDialect.h"
#include "core/io/FastNumberParser.h"
#include "core/io/IrregularTimeResampler.h"
#include "core/io/TextChunkParser.h"
#include "core/io/TimeColumnCheck.h"
#include "core/labels/ClassIdField.h"
#include "core/labels/TextLabelDictionary.h"
#include "core/model/LabelSet.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTimeZone>
#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(Q_OS_UNIX)
#include <sys/mman.h>
#endif

namespace kinemark {

namespace {

constexpr double kStandardGravity = 9.80665;

using Line = CsvDialect::Line;
constexpr auto lineAt = &CsvDialect::lineAt;

QStringList splitHeader(const char* begin, const char* end, char delimiter)
{
    QStringList names;
    for (const QByteArray& part :
         TextChunkParser::splitFields(QByteArray(begin, int(end - begin)), delimiter))
        names << QString::fromUtf8(part);
    return names;
}

QString unitForQuantity(const QString& quantity)
{
    // Axis values of acc are converted to g; other quantities are stored as
    // they are, in the unit their name implies.
    const QString q = quantity.toLower();
    if (q == QLatin1String("acc"))
        return QStringLiteral("g");
    if (q == QLatin1String("gyro"))
        return QStringLiteral("rad/s");
    if (q == QLatin1String("mag"))
        return QStringLiteral("uT");
    return QString();
}

// Everything the reader works out from the mapping and the file's first lines.
struct Plan
{
    char delimiter = ',';
    int fieldCount = 0;
    QStringList names;        // header names (empty without a header)
    bool hasHeader = true;    // given by the mapping, or detected
    qint64 headerLine = 0;    // 1-based, 0 without a header
    qint64 firstDataLine = 1; // 1-based line number of row 0
    int timeField = -1;       // 0-based
    int labelField = -1;
    ColumnMapping::TimeFormat timeFormat = ColumnMapping::TimeFormat::Auto;
    TextChunkParser::Layout layout;
    QStringList detected; // what detection decided, for the notes
};

// Reads the file from a memory map (or, where the file cannot be mapped, from
// memory) and turns it into a Recording.
class Reading
{
public:
    Reading(const QString& path, const ColumnMapping& mapping, ReadReport* report,
            const JobControl* job, LabelSet* madeLabelSet)
        : m_path(path), m_mapping(mapping), m_report(report), m_job(job),
          m_madeLabelSet(madeLabelSet)
    {}

    Recording run()
    {
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly))
            throw FormatError(m_path, QStringLiteral("cannot open: %1").arg(file.errorString()));
        const qint64 size = file.size();
        if (size == 0)
            throw FormatError(m_path, QStringLiteral("the file is empty"));
        QByteArray buffer;
        const char* data = reinterpret_cast<const char*>(file.map(0, size));
        if (data) {
#if defined(Q_OS_UNIX) && defined(MADV_WILLNEED)
            // Starts read-ahead of the whole file when it is not in the page cache yet.
            madvise(const_cast<char*>(data), size_t(size), MADV_WILLNEED);
#endif
        } else {
            buffer = file.readAll();
            if (buffer.size() != size)
                throw FormatError(m_path,
                                  QStringLiteral("cannot read: %1").arg(file.errorString()));
            data = buffer.constData();
        }
        return parse(data, data + size);
    }

private:
    // The label column's ids, row by row (row 0 at `firstLine`): negative ids
    // other than -1 (unlabelled) and ids not in the label set (the project's
    // copy when the mapping has it, else the built-in one) are refused at their
    // line. Without a label set ids are taken as they are. Labels change
    // rarely, so only a change of id is looked up.
    void checkClassIds(const std::vector<int32_t>& labels, qint64 firstLine, int column) const
    {
        LabelSet set;
        if (!m_mapping.projectClasses.empty()) {
            set.id = m_mapping.labelSetId;
            set.classes = m_mapping.projectClasses;
        } else if (LabelSet::builtinIds().contains(m_mapping.labelSetId)) {
            set = LabelSet::builtin(m_mapping.labelSetId);
        }
        int32_t checked = kUnlabelled;
        for (size_t row = 0; row < labels.size(); ++row) {
            if (labels[row] == checked)
                continue;
            ClassIdField::check(labels[row], &set, m_path, firstLine + qint64(row), column);
            checked = labels[row];
        }
    }

    Recording parse(const char* begin, const char* end)
    {
        if (end - begin >= 3 && std::memcmp(begin, "\xEF\xBB\xBF", 3) == 0)
            begin += 3;
        Plan plan = makePlan(begin, end);
        throwIfCancelled(m_job);

        const TextChunkParser parser(m_dataBegin, size_t(m_dataEnd - m_dataBegin), plan.layout);
        TextChunkParser::Columns columns;
        const TextChunkParser::Problem problem = parser.parse(&columns, m_job);
        const int64_t validRows = problem.isSet() ? problem.row : columns.rows;

        std::vector<int64_t> positions; // sample index of each row when gaps are filled
        double rate = m_mapping.sampleRateHz;
        int64_t startTimeUs = m_mapping.startTimeUs;
        if (plan.timeField >= 0) {
            TimeColumnCheck::Result check =
                TimeColumnCheck(m_path, m_mapping, plan.timeFormat, plan.firstDataLine,
                                plan.timeField, plan.delimiter, m_warnings, m_repairs)
                    .check(parser, columns.times, validRows, problem.isSet());
            rate = check.rate;
            positions = std::move(check.positions);
            if (validRows > 0) {
                startTimeUs = plan.timeFormat == ColumnMapping::TimeFormat::RelativeSeconds
                                  ? m_mapping.startTimeUs + columns.times[0]
                                  : columns.times[0];
            }
        }
        if (problem.isSet()) {
            throw FormatError(m_path, problem.message, plan.firstDataLine + problem.row,
                              problem.field + 1);
        }
        QString labelSetId = m_mapping.labelSetId;
        if (plan.labelField >= 0 && plan.layout.textLabels)
            labelSetId = placeLabelTexts(&columns, plan, validRows);
        else if (plan.labelField >= 0)
            checkClassIds(columns.labels, plan.firstDataLine, plan.labelField + 1);
        if (!positions.empty())
            TimeColumnCheck::fillGaps(&columns, positions);
        if (plan.timeField >= 0 && m_mapping.resample) {
            const int64_t gridStartUs = IrregularTimeResampler::resample(
                &columns, validRows, rate, m_mapping.resampleMethod, m_path, &m_repairs, m_job);
            startTimeUs = plan.timeFormat == ColumnMapping::TimeFormat::RelativeSeconds
                              ? m_mapping.startTimeUs + gridStartUs
                              : gridStartUs;
        }

        Recording recording;
        recording.id = m_mapping.recordingId.isEmpty() ? QFileInfo(m_path).completeBaseName()
                                                       : m_mapping.recordingId;
        recording.subjectId = m_mapping.subjectId.isEmpty() ? recording.id : m_mapping.subjectId;
        recording.sampleRateHz = rate;
        recording.startTimeUs = startTimeUs;
        recording.labelSetId = labelSetId;
        recording.source = m_path;
        int target = 0;
        for (const ColumnMapping::SensorColumns& s : m_mapping.sensors) {
            Sensor sensor;
            sensor.name = s.sensor;
            for (int axis = 0; axis < s.columns.size(); ++axis) {
                Channel channel;
                channel.name = axisName(s, axis);
                channel.quantity = s.quantity;
                channel.unit = unitForQuantity(s.quantity);
                channel.samples = std::move(columns.values[size_t(target++)]);
                sensor.channels.push_back(std::move(channel));
            }
            recording.sensors.push_back(std::move(sensor));
        }
        if (plan.labelField >= 0) {
            recording.tracks.push_back(AnnotationTrack::fromSampleLabels(
                columns.labels.data(), columns.labels.size(), QStringLiteral("ground truth"),
                AnnotationTrack::Kind::GroundTruth, labelSetId));
        }
        // Only a file that was read is reported on.
        if (m_report) {
            if (!plan.detected.isEmpty())
                m_report->warnings << QStringLiteral("%1: read as %2")
                                          .arg(m_path, plan.detected.join(QStringLiteral(", ")));
            m_report->warnings += m_warnings;
            m_report->repairs += m_repairs;
        }
        reportProgress(m_job, 1.0);
        return recording;
    }

    // Text labels: each distinct text becomes a class id (TextLabelDictionary),
    // the rows' text indices are replaced by them, and a label set made from
    // the texts goes to the caller. Returns the recording's label set id.
    QString placeLabelTexts(TextChunkParser::Columns* columns, const Plan& plan, int64_t rows)
    {
        const QString madeId =
            !m_mapping.labelSetId.isEmpty()
                ? m_mapping.labelSetId
                : (m_mapping.recordingId.isEmpty() ? QFileInfo(m_path).completeBaseName()
                                                   : m_mapping.recordingId);
        std::vector<int32_t>& labels = columns->labels;
        auto firstLine = [&](int text) {
            const auto it = std::find(labels.begin(), labels.begin() + rows, int32_t(text));
            return plan.firstDataLine + qint64(it - labels.begin());
        };
        TextLabelDictionary::Outcome outcome = TextLabelDictionary::resolve(
            columns->labelTexts, m_mapping, madeId, m_path, plan.labelField + 1, firstLine);
        for (int64_t row = 0; row < rows; ++row)
            labels[size_t(row)] = outcome.classIds[size_t(labels[size_t(row)])];
        m_warnings += outcome.notes;
        if (outcome.madeSet.id.isEmpty())
            return m_mapping.labelSetId;
        if (outcome.madeSet.classes.empty())
            return QString();
        if (m_madeLabelSet)
            *m_madeLabelSet = outcome.madeSet;
        return outcome.madeSet.id;
    }

    static QString axisName(const ColumnMapping::SensorColumns& s, int axis)
    {
        if (axis < s.axisNames.size())
            return s.axisNames[axis];
        static const char* const kDefault[] = {"x", "y", "z"};
        return axis < 3 ? QString::fromLatin1(kDefault[axis]) : QStringLiteral("a%1").arg(axis + 1);
    }

    Plan makePlan(const char* begin, const char* end)
    {
        const ColumnMapping& m = m_mapping;
        Plan plan;
        qint64 line = 1;
        const char* p = skipLines(begin, end);
        line += m.skipLines;
        // Comment lines before the header (or the data) are the logger's notes.
        while (p < end) {
            const Line l = lineAt(p, end);
            if (!CsvDialect::isCommentLine(l.begin, l.end))
                break;
            p = l.next;
            ++line;
        }
        Line header{nullptr, nullptr, nullptr};
        plan.hasHeader =
            m.hasHeader ? *m.hasHeader : CsvDialect::firstLineIsHeader(p, end, m.delimiter);
        if (plan.hasHeader) {
            header = headerLine(p, end, line);
            plan.headerLine = line;
            p = header.next;
            ++line;
        }
        m_dataBegin = p;
        m_dataEnd = std::max(p, CsvDialect::trimTrailingBlankLines(p, end));
        plan.firstDataLine = line;
        if (m_dataBegin == m_dataEnd) {
            throw FormatError(m_path,
                              plan.hasHeader ? QStringLiteral("no data rows after the header")
                                             : QStringLiteral("the file has no data rows"),
                              plan.hasHeader ? plan.headerLine : 0);
        }
        const Line first = lineAt(m_dataBegin, m_dataEnd);
        splitFields(plan, header, first);
        std::vector<QString> usedBy(size_t(plan.fieldCount));
        checkSensors();
        mapSensorColumns(plan, usedBy);
        mapLabelAndTime(plan, usedBy, first);
        chooseDecimalMark(plan, first);
        chooseLabelFormat(plan, first);
        return plan;
    }

    // Skips the mapping's lines before the header (or the data).
    const char* skipLines(const char* p, const char* end) const
    {
        const ColumnMapping& m = m_mapping;
        qint64 line = 1;
        for (int i = 0; i < m.skipLines; ++i) {
            if (p >= end) {
                throw FormatError(m_path,
                                  QStringLiteral("the file has %1 lines, but %2 are to be "
                                                 "skipped before the %3")
                                      .arg(line - 1)
                                      .arg(m.skipLines)
                                      .arg(m.hasHeader == false ? QStringLiteral("data")
                                                                : QStringLiteral("header")));
            }
            p = lineAt(p, end).next;
            ++line;
        }
        return p;
    }

    // The header line at `p` (line number `line`), which must not be blank.
    Line headerLine(const char* p, const char* end, qint64 line) const
    {
        if (p >= end || CsvDialect::isBlankLine(p, CsvDialect::trimTrailingBlankLines(p, end))) {
            throw FormatError(m_path, m_mapping.skipLines > 0
                                          ? QStringLiteral("no header line after the %1 "
                                                           "skipped lines")
                                                .arg(m_mapping.skipLines)
                                          : QStringLiteral("the file is empty"));
        }
        const Line header = lineAt(p, end);
        if (CsvDialect::isBlankLine(header.begin, header.end))
            throw FormatError(m_path, QStringLiteral("the header line is empty"), line);
        return header;
    }

    // The delimiter (given or detected from the header, else the first row),
    // the header's names and the number of fields.
    void splitFields(Plan& plan, const Line& header, const Line& first) const
    {
        const ColumnMapping& m = m_mapping;
        const Line& sample = plan.hasHeader ? header : first;
        plan.delimiter =
            m.delimiter ? m.delimiter : CsvDialect::detectDelimiter(sample.begin, sample.end);
        plan.layout.delimiter = plan.delimiter;
        plan.layout.terminator = CsvDialect::lineTerminator(first.begin, first.end, plan.delimiter);
        if (!m.delimiter)
            plan.detected << QStringLiteral("delimiter %1")
                                 .arg(CsvDialect::describeDelimiter(plan.delimiter));
        const QString how = m.hasHeader ? QString() : QStringLiteral(" (detected)");
        if (plan.hasHeader) {
            const char terminator =
                CsvDialect::lineTerminator(header.begin, header.end, plan.delimiter);
            plan.names = splitHeader(
                header.begin,
                CsvDialect::trimLineEnd(header.begin, header.end, plan.delimiter, terminator),
                plan.delimiter);
            plan.fieldCount = int(plan.names.size());
            plan.detected << QStringLiteral("header on line %1%2").arg(plan.headerLine).arg(how);
        } else {
            plan.fieldCount = TextChunkParser::countFields(
                first.begin,
                CsvDialect::trimLineEnd(first.begin, first.end, plan.delimiter,
                                        plan.layout.terminator),
                plan.delimiter);
            plan.detected << QStringLiteral("no header%1").arg(how);
        }
        plan.detected << QStringLiteral("%1 columns").arg(plan.fieldCount);
        if (plan.layout.terminator)
            plan.detected << QStringLiteral("lines end with '%1' (ignored)")
                                 .arg(QLatin1Char(plan.layout.terminator));
        if (plan.fieldCount < 1)
            plan.fieldCount = 1;
        plan.layout.fields.assign(size_t(plan.fieldCount), TextChunkParser::Field());
    }

    // Gives `field` its role; a field has one.
    void claim(const Plan& plan, std::vector<QString>& usedBy, int field, const QString& role) const
    {
        if (!usedBy[size_t(field)].isEmpty()) {
            throw FormatError(m_path,
                              QStringLiteral("column %1 is mapped twice: as the %2 "
                                             "and as the %3")
                                  .arg(columnName(plan, field), usedBy[size_t(field)], role));
        }
        usedBy[size_t(field)] = role;
    }

    // The mapping's sensors: at least one, each named once, with columns and
    // as many axis names as columns if any.
    void checkSensors() const
    {
        const ColumnMapping& m = m_mapping;
        if (m.sensors.empty())
            throw FormatError(m_path, QStringLiteral("the column mapping names no sensor columns"));
        QStringList sensorNames;
        for (const ColumnMapping::SensorColumns& s : m.sensors) {
            if (s.sensor.isEmpty())
                throw FormatError(m_path,
                                  QStringLiteral("a sensor of the column mapping has no name"));
            if (sensorNames.contains(s.sensor))
                throw FormatError(m_path,
                                  QStringLiteral("sensor '%1' is mapped twice").arg(s.sensor));
            sensorNames << s.sensor;
            if (s.columns.isEmpty())
                throw FormatError(m_path,
                                  QStringLiteral("sensor '%1' has no columns").arg(s.sensor));
            if (!s.axisNames.isEmpty() && s.axisNames.size() != s.columns.size()) {
                throw FormatError(m_path, QStringLiteral("sensor '%1' has %2 columns but %3 axis "
                                                         "names")
                                              .arg(s.sensor)
                                              .arg(s.columns.size())
                                              .arg(s.axisNames.size()));
            }
        }
    }

    // Every sensor column becomes a value column, in g for acceleration.
    void mapSensorColumns(Plan& plan, std::vector<QString>& usedBy) const
    {
        const ColumnMapping& m = m_mapping;
        for (const ColumnMapping::SensorColumns& s : m.sensors) {
            double divisor = 1.0;
            if (s.quantity.compare(QLatin1String("acc"), Qt::CaseInsensitive) == 0) {
                if (m.unit == ColumnMapping::Unit::MetresPerSecond2) {
                    divisor = kStandardGravity;
                } else if (m.unit == ColumnMapping::Unit::Counts) {
                    if (!(m.countsPerG > 0)) {
                        throw FormatError(m_path, QStringLiteral("counts per g must be positive, "
                                                                 "not %1")
                                                      .arg(m.countsPerG));
                    }
                    divisor = m.countsPerG;
                }
            }
            for (int axis = 0; axis < s.columns.size(); ++axis) {
                const QString role = QStringLiteral("%1 %2 axis").arg(s.sensor, axisName(s, axis));
                const int field = resolve(plan, s.columns[axis], role);
                claim(plan, usedBy, field, role);
                TextChunkParser::Field& f = plan.layout.fields[size_t(field)];
                f.kind = TextChunkParser::FieldKind::Value;
                f.target = plan.layout.valueColumns++;
                f.divisor = divisor;
            }
        }
    }

    // The label and time columns, and the time format (detected from the
    // first row when not given); without a time column the rate must be given.
    void mapLabelAndTime(Plan& plan, std::vector<QString>& usedBy, const Line& first)
    {
        const ColumnMapping& m = m_mapping;
        if (!m.labelColumn.trimmed().isEmpty()) {
            plan.labelField = resolve(plan, m.labelColumn, QStringLiteral("label column"));
            claim(plan, usedBy, plan.labelField, QStringLiteral("label column"));
            plan.layout.fields[size_t(plan.labelField)].kind = TextChunkParser::FieldKind::Label;
        }
        if (!m.timeColumn.trimmed().isEmpty()) {
            plan.timeField = resolve(plan, m.timeColumn, QStringLiteral("time column"));
            claim(plan, usedBy, plan.timeField, QStringLiteral("time column"));
            plan.layout.fields[size_t(plan.timeField)].kind = TextChunkParser::FieldKind::Time;
            plan.timeFormat = m.timeFormat;
            if (plan.timeFormat == ColumnMapping::TimeFormat::Auto)
                plan.timeFormat = detectTimeFormat(plan, first);
            plan.layout.timeKind = timeKindOf(plan.timeFormat);
        } else if (!(m.sampleRateHz > 0)) {
            throw FormatError(m_path, QStringLiteral("there is no time column, so the sampling "
                                                     "rate is needed (e.g. --rate 50)"));
        }
    }

    // A decimal comma ("1,5") only where ',' is not the delimiter. Not given,
    // a comma is read as a decimal mark wherever it cannot be a delimiter
    // (a European export's first row may hold whole numbers only); the note
    // says which the first row showed.
    void chooseDecimalMark(Plan& plan, const Line& first) const
    {
        const char given = m_mapping.decimalMark;
        if (given == ',' && plan.delimiter == ',') {
            throw FormatError(m_path, QStringLiteral("a decimal comma needs another delimiter than "
                                                     "','; give --delimiter ';'"));
        }
        plan.layout.decimalMark = given ? given : plan.delimiter == ',' ? '.' : ',';
        if (given)
            return;
        bool commaSeen = false;
        if (plan.delimiter != ',') {
            const QList<QByteArray> fields = TextChunkParser::splitFields(
                QByteArray(first.begin, int(first.end - first.begin)), plan.delimiter);
            for (int i = 0; i < fields.size() && i < plan.fieldCount; ++i) {
                const TextChunkParser::FieldKind kind = plan.layout.fields[size_t(i)].kind;
                if ((kind == TextChunkParser::FieldKind::Value ||
                     kind == TextChunkParser::FieldKind::Time) &&
                    fields[i].contains(','))
                    commaSeen = true;
            }
        }
        plan.detected << (commaSeen ? QStringLiteral("decimal comma")
                                    : QStringLiteral("decimal point"));
    }

    // Labels are texts when the mapping says so, when it maps texts (a label
    // map, unlabelled values), or when the first label is no integer.
    void chooseLabelFormat(Plan& plan, const Line& first)
    {
        if (plan.labelField < 0)
            return;
        bool text = false;
        switch (m_mapping.labelFormat) {
        case ColumnMapping::LabelFormat::Integer:
            break;
        case ColumnMapping::LabelFormat::Text:
            text = true;
            break;
        case ColumnMapping::LabelFormat::Auto: {
            text = !m_mapping.labelMap.empty() || !m_mapping.unlabelledValues.isEmpty();
            if (!text) {
                const QByteArray value = TextChunkParser::fieldText(
                    QByteArray(first.begin,
                               int(CsvDialect::trimLineEnd(first.begin, first.end, plan.delimiter,
                                                           plan.layout.terminator) -
                                   first.begin)),
                    plan.labelField, plan.delimiter);
                int32_t id = 0;
                text = FastNumberParser::parseInt32(value.constData(),
                                                    value.constData() + value.size(),
                                                    &id) != value.constData() + value.size();
            }
            plan.detected << (text ? QStringLiteral("labels as text")
                                   : QStringLiteral("labels as class ids"));
            break;
        }
        }
        plan.layout.textLabels = text;
    }

    static TextChunkParser::TimeKind timeKindOf(ColumnMapping::TimeFormat format)
    {
        switch (format) {
        case ColumnMapping::TimeFormat::DateTime:
        case ColumnMapping::TimeFormat::Auto:
            return TextChunkParser::TimeKind::DateTime;
        case ColumnMapping::TimeFormat::UnixMilliseconds:
            return TextChunkParser::TimeKind::Milliseconds;
        case ColumnMapping::TimeFormat::UnixMicroseconds:
            return TextChunkParser::TimeKind::Microseconds;
        case ColumnMapping::TimeFormat::UnixNanoseconds:
            return TextChunkParser::TimeKind::Nanoseconds;
        case ColumnMapping::TimeFormat::UnixSeconds:
        case ColumnMapping::TimeFormat::RelativeSeconds:
            break;
        }
        return TextChunkParser::TimeKind::Seconds;
    }

    QString columnName(const Plan& plan, int field) const
    {
        if (field < plan.names.size() && !plan.names[field].isEmpty())
            return QStringLiteral("'%1'").arg(plan.names[field]);
        return QString::number(field + 1);
    }

    // A column by header name (exact, then ignoring case) or 1-based number.
    int resolve(const Plan& plan, const QString& spec, const QString& role) const
    {
        const QString s = spec.trimmed();
        if (!plan.names.isEmpty()) {
            int index = plan.names.indexOf(s);
            if (index < 0) {
                for (int i = 0; i < plan.names.size(); ++i) {
                    if (plan.names[i].compare(s, Qt::CaseInsensitive) == 0) {
                        index = i;
                        break;
                    }
                }
            }
            if (index >= 0)
                return index;
        }
        bool isNumber = false;
        const int number = s.toInt(&isNumber);
        if (isNumber) {
            if (number < 1 || number > plan.fieldCount) {
                throw FormatError(m_path,
                                  QStringLiteral("column %1 (%2) does not exist: lines have %3 "
                                                 "fields (delimiter %4)")
                                      .arg(number)
                                      .arg(role)
                                      .arg(plan.fieldCount)
                                      .arg(CsvDialect::describeDelimiter(plan.delimiter)),
                                  plan.headerLine > 0 ? plan.headerLine : plan.firstDataLine);
            }
            return number - 1;
        }
        if (plan.names.isEmpty()) {
            throw FormatError(m_path,
                              QStringLiteral("column '%1' (%2) is given by name, but the file has "
                                             "no header%4: give its number (1 to %3)%5")
                                  .arg(s, role)
                                  .arg(plan.fieldCount)
                                  .arg(m_mapping.hasHeader ? QString()
                                                           : QStringLiteral(" (detected: its first "
                                                                            "line is numbers)"),
                                       m_mapping.hasHeader ? QString()
                                                           : QStringLiteral(", or --header when "
                                                                            "that line holds the "
                                                                            "names")),
                              plan.firstDataLine);
        }
        QStringList shown;
        for (int i = 0; i < plan.names.size(); ++i)
            shown << (plan.names[i].isEmpty() ? QStringLiteral("(unnamed)") : plan.names[i]);
        throw FormatError(m_path,
                          QStringLiteral("no column '%1' (%2) in the header; it has: %3")
                              .arg(s, role, shown.join(QStringLiteral(", "))),
                          plan.headerLine);
    }

    // Date-time text, or a number whose size says what it counts: Unix
    // nanoseconds from 1e17 (1973 in ns), microseconds from 1e14, milliseconds
    // from 1e11 (1973 in ms, year 5138 in s), Unix seconds from 1e8 (1973),
    // else seconds from the start. A guess, so the report says which.
    ColumnMapping::TimeFormat detectTimeFormat(const Plan& plan, const Line& first)
    {
        const QByteArray text = TextChunkParser::fieldText(
            QByteArray(first.begin, int(first.end - first.begin)), plan.timeField, plan.delimiter);
        const char* a = text.constData();
        const char* b = a + text.size();
        if (text.size() >= 5 && FastNumberParser::isDigit(a[0]) &&
            FastNumberParser::isDigit(a[3]) && a[4] == '-')
            return ColumnMapping::TimeFormat::DateTime;
        double value = 0;
        if (FastNumberParser::parseDouble(a, b, &value) != b)
            return ColumnMapping::TimeFormat::DateTime; // reported as not a date and time
        ColumnMapping::TimeFormat format;
        QString what;
        if (std::fabs(value) >= 1e17) {
            format = ColumnMapping::TimeFormat::UnixNanoseconds;
            what = QStringLiteral("Unix nanoseconds");
        } else if (std::fabs(value) >= 1e14) {
            format = ColumnMapping::TimeFormat::UnixMicroseconds;
            what = QStringLiteral("Unix microseconds");
        } else if (std::fabs(value) >= 1e11) {
            format = ColumnMapping::TimeFormat::UnixMilliseconds;
            what = QStringLiteral("Unix milliseconds");
        } else if (std::fabs(value) >= 1e8) {
            format = ColumnMapping::TimeFormat::UnixSeconds;
            what = QStringLiteral("Unix seconds");
        } else {
            format = ColumnMapping::TimeFormat::RelativeSeconds;
            what = QStringLiteral("seconds from the start");
        }
        m_warnings << QStringLiteral("%1: time column %2 read as %3 (detected from '%4'; set "
                                     "the time format, --time-format, if that is wrong)")
                          .arg(m_path, columnName(plan, plan.timeField), what,
                               QString::fromUtf8(text));
        return format;
    }

    const QString& m_path;
    const ColumnMapping& m_mapping;
    ReadReport* m_report;
    const JobControl* m_job;
    LabelSet* m_madeLabelSet;
    const char* m_dataBegin = nullptr;
    const char* m_dataEnd = nullptr;
    QStringList m_warnings;
    QStringList m_repairs;
};

} // namespace

Recording DelimitedTextReader::read(const QString& path, const ColumnMapping& mapping,
                                    ReadReport* report, const JobControl* job,
                                    LabelSet* madeLabelSet)
{
    return Reading(path, mapping, report, job, madeLabelSet).run();
}

} // namespace kinemark
