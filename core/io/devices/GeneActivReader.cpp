#include "core/io/devices/GeneActivReader.h"

#include "core/base/FormatError.h"
#include "core/io/devices/DeviceFileSupport.h"
#include "core/io/devices/DeviceTimeBudget.h"

#include <QFile>
#include <QRegularExpression>
#include <cmath>
#include <limits>

namespace kinemark {

namespace {

constexpr int kSamplesPerPage = 300;
constexpr int kHexPerSample = 12;

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// Walks the file line by line, keeping the 1-based line number for errors.
class LineCursor
{
public:
    LineCursor(const char* data, qint64 size) : m_p(data), m_end(data + size) {}
    bool atEnd() const { return m_p >= m_end; }
    qint64 lineNumber() const { return m_line; }
    // The next line without its CR/LF.
    QByteArray next(const char** start = nullptr, qint64* length = nullptr)
    {
        const char* s = m_p;
        const char* e = static_cast<const char*>(memchr(s, '\n', size_t(m_end - s)));
        const char* lineEnd = e ? e : m_end;
        m_p = e ? e + 1 : m_end;
        ++m_line;
        const char* trimmed = lineEnd;
        if (trimmed > s && trimmed[-1] == '\r')
            --trimmed;
        if (start)
            *start = s;
        if (length)
            *length = trimmed - s;
        return QByteArray::fromRawData(s, int(std::min<qint64>(trimmed - s, 4096)));
    }

private:
    const char* m_p;
    const char* m_end;
    qint64 m_line = 0;
};

bool splitKeyValue(const QByteArray& line, QString* key, QString* value)
{
    const int colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    *key = QString::fromLatin1(line.left(colon)).trimmed();
    *value = QString::fromLatin1(line.mid(colon + 1)).trimmed();
    return true;
}

// "2019-05-21 16:16:43:500" (milliseconds after the last colon); false when
// the text is not in that form or not a valid date and time ("2019-05-81").
bool parsePageTime(const QString& text, double* seconds)
{
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{4})-(\\d{1,2})-(\\d{1,2}) (\\d{1,2}):(\\d{2}):(\\d{2})[:.](\\d{1,3})$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return false;
    int f[6];
    for (int i = 0; i < 6; ++i)
        f[i] = m.captured(i + 1).toInt();
    if (!DeviceFileSupport::isValidDateTime(f[0], f[1], f[2], f[3], f[4], f[5]))
        return false;
    *seconds = DeviceFileSupport::secondsFromCivil(f[0], f[1], f[2], f[3], f[4],
                                                   f[5] + m.captured(7).toInt() / 1000.0);
    return true;
}

// The device's own calibration, and its light sensor's, from the header.
struct Calibration
{
    double gain[3] = {0, 0, 0};
    double offset[3] = {0, 0, 0};
    double volts = 0;
    double lux = 0;
};

// Plausible calibration gains (a sample is (raw * 100 - offset) / gain in g;
// real devices have about 25000). Outside these bounds, or not finite, the
// samples would be NaN, infinite or absurd, so the file is refused rather
// than imported silently wrong.
constexpr double kMinAbsGain = 1e-3;
constexpr double kMaxAbsGain = 1e9;

// A calibration field's value: a finite number, and for a gain within the
// plausible bounds; otherwise an error naming the field and its line.
double calibrationValue(const QString& key, const QString& value, bool isGain, const QString& name,
                        qint64 line)
{
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        throw FormatError(
            name,
            QStringLiteral("the header field '%1' is '%2', not a finite number").arg(key, value),
            line);
    if (isGain && !(std::abs(v) >= kMinAbsGain && std::abs(v) <= kMaxAbsGain))
        throw FormatError(name,
                          QStringLiteral("the header field '%1' is %2, outside the plausible "
                                         "calibration gains (%3 to %4 in magnitude)")
                              .arg(key, value)
                              .arg(kMinAbsGain)
                              .arg(kMaxAbsGain),
                          line);
    return v;
}

// One header "Key: Value" line (at `line`) into the samples' description or
// the calibration.
void readHeaderLine(const QString& key, const QString& value, DeviceSamples& out,
                    Calibration& calibration, QString& model, const QString& name, qint64 line)
{
    const QString k = key.toLower();
    if (k.size() == 6 && k.endsWith(QLatin1String(" gain")) && k[0] >= 'x' && k[0] <= 'z')
        calibration.gain[k[0].unicode() - 'x'] = calibrationValue(key, value, true, name, line);
    else if (k.size() == 8 && k.endsWith(QLatin1String(" offset")) && k[0] >= 'x' && k[0] <= 'z')
        calibration.offset[k[0].unicode() - 'x'] = calibrationValue(key, value, false, name, line);
    else if (k == QLatin1String("volts"))
        calibration.volts = value.toDouble();
    else if (k == QLatin1String("lux"))
        calibration.lux = value.toDouble();
    else if (k == QLatin1String("measurement frequency"))
        out.nominalRateHz = value.split(QLatin1Char(' ')).value(0).toDouble();
    else if (k == QLatin1String("device unique serial code"))
        out.serial = value;
    else if (k == QLatin1String("device model"))
        model = value;
    else if (k == QLatin1String("device location code"))
        out.bodyLocation = value;
    else if (k == QLatin1String("subject code"))
        out.subjectCode = value;
    if (!value.isEmpty())
        out.metadata.insert(k, value);
}

// The header, until the first "Recorded Data", checked; the cursor is then
// at the first page.
Calibration readHeader(LineCursor& cursor, const QString& name, DeviceSamples& out)
{
    Calibration calibration;
    QString model;
    bool inPages = false;
    while (!cursor.atEnd()) {
        const QByteArray line = cursor.next();
        if (line.trimmed() == "Recorded Data") {
            inPages = true;
            break;
        }
        QString key, value;
        if (splitKeyValue(line, &key, &value))
            readHeaderLine(key, value, out, calibration, model, name, cursor.lineNumber());
    }
    out.device =
        model.isEmpty() ? QStringLiteral("GENEActiv") : QStringLiteral("GENEActiv %1").arg(model);
    for (int a = 0; a < 3; ++a)
        if (!(calibration.gain[a] != 0))
            throw FormatError(name,
                              QStringLiteral("the header has no %1 gain in its calibration "
                                             "data; the file is truncated or not a GENEActiv "
                                             "file")
                                  .arg(QChar('x' + a)),
                              cursor.lineNumber());
    if (!inPages)
        throw FormatError(name,
                          QStringLiteral("the file is truncated: it ends in the header, before "
                                         "the first page ('Recorded Data')"),
                          cursor.lineNumber());
    if (!(out.nominalRateHz > 0))
        throw FormatError(name, QStringLiteral("the header has no measurement frequency"));
    // GENEActiv devices sample at 10 to 100 Hz; the bounds are generous, but
    // keep the rate from stretching the page times' span rule without end.
    if (!(out.nominalRateHz >= 0.1 && out.nominalRateHz <= 10000))
        throw FormatError(name, QStringLiteral("the measurement frequency %1 Hz is not plausible "
                                               "(0.1 to 10000 Hz)")
                                    .arg(out.nominalRateHz));
    return calibration;
}

// A page's lines up to its line of samples: the page time, and where the
// samples are (hex is nullptr when the file ends before them).
struct PageStart
{
    double time = 0;
    bool hasTime = false;
    const char* hex = nullptr;
    qint64 hexLength = 0;
    qint64 hexLine = 0;
    qint64 timeLine = 0;
    // The page's "Temperature" (degrees C); NaN when it has none or an
    // implausible one (beyond the sensor's -40..125 C), which calibration then
    // goes without rather than refusing the file.
    double celsius = std::numeric_limits<double>::quiet_NaN();
};

PageStart readPageStart(LineCursor& cursor, const QString& name, int64_t page)
{
    PageStart start;
    while (!cursor.atEnd()) {
        const char* lineStart = nullptr;
        qint64 length = 0;
        const QByteArray line = cursor.next(&lineStart, &length);
        QString key, value;
        if (length >= kSamplesPerPage * kHexPerSample || (length > 64 && line.indexOf(':') < 0)) {
            start.hex = lineStart;
            start.hexLength = length;
            start.hexLine = cursor.lineNumber();
            break;
        }
        if (!splitKeyValue(line, &key, &value))
            continue;
        if (key == QLatin1String("Temperature")) {
            bool ok = false;
            const double c = value.toDouble(&ok);
            if (ok && c >= -40.0 && c <= 125.0)
                start.celsius = c;
        }
        if (key == QLatin1String("Page Time")) {
            start.hasTime = parsePageTime(value, &start.time);
            start.timeLine = cursor.lineNumber();
            if (!start.hasTime)
                throw FormatError(
                    name,
                    QStringLiteral("page %1: cannot read the page time '%2' (not a valid date "
                                   "and time yyyy-MM-dd hh:mm:ss:zzz)")
                        .arg(page)
                        .arg(value),
                    cursor.lineNumber());
        }
    }
    return start;
}

// Appends a page's samples: 12 hexadecimal characters each, x, y, z as
// 12-bit signed values first, calibrated to g.
void decodeSamples(const PageStart& start, int samples, const Calibration& calibration,
                   const QString& name, int64_t page, DeviceSamples& out)
{
    for (int s = 0; s < samples; ++s) {
        const char* p = start.hex + s * kHexPerSample;
        int raw[3];
        for (int a = 0; a < 3; ++a) {
            int v = 0;
            for (int d = 0; d < 3; ++d) {
                const int h = hexDigit(p[a * 3 + d]);
                if (h < 0)
                    throw FormatError(name,
                                      QStringLiteral("page %1: '%2' is not a hexadecimal digit")
                                          .arg(page)
                                          .arg(QChar(p[a * 3 + d])),
                                      start.hexLine, int(s * kHexPerSample + a * 3 + d + 1));
                v = (v << 4) | h;
            }
            raw[a] = v > 2047 ? v - 4096 : v;
        }
        for (int a = 0; a < 3; ++a)
            out.channels[size_t(a)].samples.push_back(
                float((double(raw[a]) * 100.0 - calibration.offset[a]) / calibration.gain[a]));
    }
}

// What reading a page found: no samples (the file ends before them), fewer
// than a page's (the file ends in them), or a whole page.
enum class PageRead
{
    NoSamples,
    Partial,
    Full
};

PageRead readPage(LineCursor& cursor, const QString& name, int64_t page,
                  const Calibration& calibration, DeviceSamples& out,
                  std::vector<DeviceTimeBudget::Stamp>& stamps, ReadReport* report)
{
    const qint64 pageLine = cursor.lineNumber();
    const PageStart start = readPageStart(cursor, name, page);
    if (!start.hex) {
        if (report)
            report->warnings << QStringLiteral("%1:%2: the file is truncated: page %3 has no "
                                               "samples; ignored")
                                    .arg(name)
                                    .arg(pageLine + 1)
                                    .arg(page);
        return PageRead::NoSamples;
    }
    if (!start.hasTime)
        throw FormatError(name, QStringLiteral("page %1 has no 'Page Time'").arg(page),
                          start.hexLine);
    const int samples = int(std::min<qint64>(start.hexLength / kHexPerSample, kSamplesPerPage));
    if (start.hexLength < kSamplesPerPage * kHexPerSample) {
        if (report)
            report->warnings << QStringLiteral("%1:%2: the file is truncated: page %3 holds %4 "
                                               "of %5 samples")
                                    .arg(name)
                                    .arg(start.hexLine)
                                    .arg(page)
                                    .arg(samples)
                                    .arg(kSamplesPerPage);
    }
    const int64_t first = int64_t(out.channels[0].samples.size());
    out.anchors.push_back({first, start.time, page});
    if (std::isfinite(start.celsius) &&
        (out.temperature.empty() || first > out.temperature.back().sample))
        out.temperature.push_back({first, float(start.celsius)});
    stamps.push_back({start.time, page, start.timeLine});
    decodeSamples(start, samples, calibration, name, page, out);
    return samples == kSamplesPerPage ? PageRead::Full : PageRead::Partial;
}

} // namespace

bool GeneActivReader::hasSignature(const QByteArray& head)
{
    return head.startsWith("Device Identity");
}

DeviceSamples GeneActivReader::read(const QString& path, ReadReport* report, const JobControl* job)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    const qint64 size = file.size();
    if (size == 0)
        throw FormatError(path, QStringLiteral("is empty, not a GENEActiv .bin file"));
    uchar* data = file.map(0, size);
    if (!data)
        throw FormatError(path, QStringLiteral("cannot map the file: %1").arg(file.errorString()));
    DeviceSamples out = decode(reinterpret_cast<const char*>(data), size, path, report, job);
    file.unmap(data);
    return out;
}

DeviceSamples GeneActivReader::decode(const char* data, qint64 size, const QString& name,
                                      ReadReport* report, const JobControl* job)
{
    if (!hasSignature(QByteArray::fromRawData(data, int(std::min<qint64>(size, 64)))))
        throw FormatError(name,
                          QStringLiteral("not a GENEActiv .bin file: it does not start with "
                                         "'Device Identity'"),
                          1);
    DeviceSamples out;
    out.file = name;
    out.format = QStringLiteral("geneactiv");
    out.placeKind = QStringLiteral("page");
    LineCursor cursor(data, size);
    const Calibration calibration = readHeader(cursor, name, out);

    out.channels.resize(3);
    const char* names[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; ++a) {
        out.channels[size_t(a)].name = QLatin1String(names[a]);
        out.channels[size_t(a)].quantity = QStringLiteral("acc");
        out.channels[size_t(a)].unit = QStringLiteral("g");
        out.channels[size_t(a)].samples.reserve(size_t(size / 3700 * kSamplesPerPage));
    }
    int64_t page = 0;
    std::vector<DeviceTimeBudget::Stamp> stamps;
    while (!cursor.atEnd()) {
        const PageRead read = readPage(cursor, name, page, calibration, out, stamps, report);
        if (read == PageRead::NoSamples)
            break;
        ++page;
        if ((page & 1023) == 0) {
            throwIfCancelled(job);
            reportProgress(job, double(cursor.lineNumber()) * 3700.0 / double(size),
                           QStringLiteral("reading pages"));
        }
        if (read == PageRead::Partial)
            break;
        // Skip to the next "Recorded Data".
        while (!cursor.atEnd()) {
            const QByteArray line = cursor.next();
            if (line.trimmed() == "Recorded Data")
                break;
        }
    }
    if (out.sampleCount() == 0)
        throw FormatError(name, QStringLiteral("holds no samples"));
    // The samples are backed by the file's bytes; its page times are not (a
    // page dated 2019-05-81 made a 3.2 GB recording): the span rule before the
    // recording is built on them.
    DeviceTimeBudget::check(
        stamps, double(out.sampleCount()), out.nominalRateHz, QStringLiteral("page"),
        [&](const DeviceTimeBudget::Stamp& s, const QString& why) {
            throw FormatError(name, QStringLiteral("page %1: %2").arg(s.index).arg(why), s.offset);
        });
    out.metadata.insert(QStringLiteral("pages read"), QString::number(page));
    out.metadata.insert(QStringLiteral("light per unit"),
                        calibration.volts > 0 ? QString::number(calibration.lux / calibration.volts)
                                              : QString());
    return out;
}

} // namespace kinemark
