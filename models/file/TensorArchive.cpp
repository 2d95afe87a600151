#include "models/file/TensorArchive.h"

#include "core/base/FormatError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QtEndian>
#include <algorithm>
#include <cmath>

namespace kinemark {

// The elements are stored as the machine holds them; Kinemark runs on little-endian machines only.
static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "TensorArchive stores little-endian elements");

namespace {
const QByteArray kMagic("KMKTENSR");
constexpr qsizetype kPrefixLength = 8 + 8; // magic, header length
// A header describes a few hundred tensors in a few KB; 16 MiB leaves room
// for kMaxEntries and bounds what the JSON parser is asked to hold.
constexpr quint64 kMaxHeaderLength = 16u << 20;

// `value` as an integer in [0, limit], or -1 (not a number, fractional, negative, too large).
int64_t wholeNumber(const QJsonValue& value, double limit)
{
    if (!value.isDouble())
        return -1;
    const double d = value.toDouble();
    if (!(d >= 0) || d > limit || std::floor(d) != d)
        return -1;
    return int64_t(d);
}

// The keys of a JSON object's top level as written (escapes left as they
// are). QJsonDocument keeps one value of a key written twice; this sees both.
std::vector<QByteArray> topLevelKeys(const QByteArray& json)
{
    std::vector<QByteArray> keys;
    int depth = 0;
    bool expectKey = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            const qsizetype start = ++i;
            while (i < json.size() && json[i] != '"')
                i += json[i] == '\\' ? 2 : 1;
            if (depth == 1 && expectKey)
                keys.push_back(json.mid(start, i - start));
            expectKey = false;
        } else if (c == '{' || c == '[') {
            ++depth;
            expectKey = depth == 1;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return keys;
}
} // namespace

int64_t TensorArchive::Entry::elementCount() const
{
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

QString TensorArchive::dtypeName(DType dtype)
{
    return dtype == DType::Int64 ? QStringLiteral("I64") : QStringLiteral("F32");
}

QString TensorArchive::shapeText(const std::vector<int64_t>& shape)
{
    QStringList dims;
    for (int64_t d : shape)
        dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

bool TensorArchive::isArchive(const QByteArray& bytes)
{
    return bytes.startsWith(kMagic);
}

const TensorArchive::Entry* TensorArchive::find(const QString& name) const
{
    for (const Entry& e : entries)
        if (e.name == name)
            return &e;
    return nullptr;
}

int64_t TensorArchive::elementCount() const
{
    int64_t n = 0;
    for (const Entry& e : entries)
        n += e.elementCount();
    return n;
}

QByteArray TensorArchive::toBytes() const
{
    QJsonObject header;
    qsizetype offset = 0;
    for (const Entry& e : entries) {
        QJsonArray shape;
        for (int64_t d : e.shape)
            shape.append(qint64(d));
        QJsonObject description;
        description[QStringLiteral("dtype")] = dtypeName(e.dtype);
        description[QStringLiteral("shape")] = shape;
        description[QStringLiteral("offsets")] =
            QJsonArray{qint64(offset), qint64(offset + e.data.size())};
        header[e.name] = description;
        offset += e.data.size();
    }
    const QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    QByteArray out;
    out.reserve(kPrefixLength + json.size() + offset);
    out.append(kMagic);
    const quint64 length = qToLittleEndian(quint64(json.size()));
    out.append(reinterpret_cast<const char*>(&length), sizeof length);
    out.append(json);
    for (const Entry& e : entries)
        out.append(e.data);
    return out;
}

TensorArchive TensorArchive::fromBytes(const QByteArray& bytes, const QString& source)
{
    const auto fail = [&](const QString& what) {
        return FormatError(source, QStringLiteral("weights: %1").arg(what));
    };
    if (!isArchive(bytes))
        throw fail(QStringLiteral("not a tensor archive (no KMKTENSR signature)"));
    if (bytes.size() < kPrefixLength)
        throw fail(QStringLiteral("the tensor archive is truncated (%1 bytes)").arg(bytes.size()));
    const quint64 headerLength = qFromLittleEndian<quint64>(bytes.constData() + kMagic.size());
    const quint64 available = quint64(bytes.size() - kPrefixLength);
    if (headerLength > available || headerLength > kMaxHeaderLength)
        throw fail(
            QStringLiteral("header length %1 is more than the %2 bytes after it (at most %3)")
                .arg(headerLength)
                .arg(available)
                .arg(kMaxHeaderLength));
    QJsonParseError parseError;
    const QJsonDocument doc =
        QJsonDocument::fromJson(bytes.mid(kPrefixLength, qsizetype(headerLength)), &parseError);
    if (!doc.isObject())
        throw fail(QStringLiteral("the tensor header is not a JSON object (%1)")
                       .arg(parseError.errorString()));
    const QJsonObject header = doc.object();
    std::vector<QByteArray> written =
        topLevelKeys(bytes.mid(kPrefixLength, qsizetype(headerLength)));
    if (qsizetype(written.size()) != header.size()) {
        std::sort(written.begin(), written.end());
        const auto twice = std::adjacent_find(written.begin(), written.end());
        throw fail(
            QStringLiteral("tensor '%1' is named more than once")
                .arg(twice != written.end() ? QString::fromUtf8(*twice) : QStringLiteral("?")));
    }
    if (header.size() > kMaxEntries)
        throw fail(QStringLiteral("%1 tensors, more than the %2 allowed")
                       .arg(header.size())
                       .arg(kMaxEntries));
    const qsizetype bufferStart = kPrefixLength + qsizetype(headerLength);
    const int64_t bufferSize = int64_t(bytes.size() - bufferStart);

    struct Span
    {
        int64_t begin, end;
        size_t entry;
    };
    std::vector<Span> spans;
    TensorArchive archive;
    archive.entries.reserve(size_t(header.size()));
    QSet<QString> seen;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const QString name = it.key();
        if (name.isEmpty())
            throw fail(QStringLiteral("a tensor has an empty name"));
        if (seen.contains(name))
            throw fail(QStringLiteral("tensor '%1' is named more than once").arg(name));
        seen.insert(name);
        if (name.size() > kMaxNameLength)
            throw fail(QStringLiteral("tensor '%1...': the name is longer than %2 characters")
                           .arg(name.left(40))
                           .arg(kMaxNameLength));
        const auto bad = [&](const QString& what) {
            return fail(QStringLiteral("tensor '%1': %2").arg(name, what));
        };
        if (!it.value().isObject())
            throw bad(QStringLiteral("its description is not a JSON object"));
        const QJsonObject d = it.value().toObject();
        Entry e;
        e.name = name;
        const QString dtype = d.value(QStringLiteral("dtype")).toString();
        if (dtype == QLatin1String("F32"))
            e.dtype = DType::Float32;
        else if (dtype == QLatin1String("I64"))
            e.dtype = DType::Int64;
        else
            throw bad(QStringLiteral("dtype '%1' is not F32 or I64").arg(dtype));
        const QJsonValue shapeValue = d.value(QStringLiteral("shape"));
        if (!shapeValue.isArray())
            throw bad(QStringLiteral("no shape"));
        const QJsonArray shape = shapeValue.toArray();
        if (shape.size() > kMaxDimensions)
            throw bad(QStringLiteral("%1 dimensions, more than %2")
                          .arg(shape.size())
                          .arg(kMaxDimensions));
        // Elements, then bytes, with overflow checks: a shape's product can be
        // anything, the buffer cannot be more than the file.
        int64_t elements = 1;
        bool overflow = false;
        for (const QJsonValue& v : shape) {
            const int64_t dim = wholeNumber(v, 9.2e18);
            if (dim < 0)
                throw bad(QStringLiteral("shape entry %1 is not a whole number >= 0")
                              .arg(v.toVariant().toString()));
            e.shape.push_back(dim);
            overflow = overflow || __builtin_mul_overflow(elements, dim, &elements);
        }
        int64_t needed = 0;
        overflow =
            overflow || __builtin_mul_overflow(elements, int64_t(elementSize(e.dtype)), &needed);
        if (overflow)
            throw bad(QStringLiteral("shape %1 has more elements than a file can hold")
                          .arg(shapeText(e.shape)));
        const QJsonArray offsets = d.value(QStringLiteral("offsets")).toArray();
        const int64_t begin = offsets.size() == 2 ? wholeNumber(offsets[0], 9.2e18) : -1;
        const int64_t end = offsets.size() == 2 ? wholeNumber(offsets[1], 9.2e18) : -1;
        if (begin < 0 || end < 0 || begin > end)
            throw bad(QStringLiteral("offsets are not [begin, end] with 0 <= begin <= end"));
        if (end > bufferSize)
            throw bad(QStringLiteral("offsets [%1, %2] run past the end of the %3-byte buffer")
                          .arg(begin)
                          .arg(end)
                          .arg(bufferSize));
        if (end - begin != needed)
            throw bad(QStringLiteral("shape %1 needs %2 bytes, offsets give %3")
                          .arg(shapeText(e.shape))
                          .arg(needed)
                          .arg(end - begin));
        spans.push_back({begin, end, archive.entries.size()});
        archive.entries.push_back(std::move(e));
    }
    // The tensors tile the buffer: sorted by offset, each starts where the one before ends.
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    int64_t at = 0;
    for (const Span& s : spans) {
        const QString& name = archive.entries[s.entry].name;
        if (s.begin < at)
            throw fail(QStringLiteral("tensor '%1': offsets [%2, %3] overlap another tensor's")
                           .arg(name)
                           .arg(s.begin)
                           .arg(s.end));
        if (s.begin > at)
            throw fail(QStringLiteral("bytes %1 to %2 of the buffer belong to no tensor "
                                      "(before tensor '%3')")
                           .arg(at)
                           .arg(s.begin)
                           .arg(name));
        at = s.end;
    }
    if (at != bufferSize)
        throw fail(QStringLiteral("bytes %1 to %2 of the buffer belong to no tensor")
                       .arg(at)
                       .arg(bufferSize));
    // Entries in buffer order (the order they were written), each copying its bytes.
    TensorArchive ordered;
    ordered.entries.reserve(spans.size());
    for (const Span& s : spans) {
        Entry& e = archive.entries[s.entry];
        e.data = bytes.mid(bufferStart + qsizetype(s.begin), qsizetype(s.end - s.begin));
        ordered.entries.push_back(std::move(e));
    }
    return ordered;
}

} // namespace kinemark
