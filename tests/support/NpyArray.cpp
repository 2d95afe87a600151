#include "tests/support/NpyArray.h"

#include "core/io/devices/ZipArchive.h"

#include <QRegularExpression>
#include <cstring>
#include <stdexcept>

namespace kinemark::test {

NpyArray NpyArray::parse(const QByteArray& bytes)
{
    // Layout: "\x93NUMPY", major, minor, header length (u16 in 1.x, u32 in 2.x/3.x),
    // a Python dict literal with descr, fortran_order and shape, then the data.
    if (bytes.size() < 10 || !bytes.startsWith("\x93NUMPY"))
        throw std::runtime_error("not a .npy array");
    const int major = uchar(bytes[6]);
    const auto* u = reinterpret_cast<const uchar*>(bytes.constData());
    qsizetype headerLength = 0, headerStart = 0;
    if (major == 1) {
        headerLength = u[8] | (u[9] << 8);
        headerStart = 10;
    } else {
        headerLength = qsizetype(u[8] | (u[9] << 8) | (u[10] << 16) | (uint32_t(u[11]) << 24));
        headerStart = 12;
    }
    const QString header = QString::fromLatin1(bytes.mid(headerStart, headerLength));
    const auto descr = QRegularExpression(QStringLiteral("'descr':\\s*'([^']+)'")).match(header);
    const auto shape =
        QRegularExpression(QStringLiteral("'shape':\\s*\\(([^)]*)\\)")).match(header);
    if (!descr.hasMatch() || !shape.hasMatch())
        throw std::runtime_error("cannot read the .npy header");
    if (header.contains(QStringLiteral("'fortran_order': True")))
        throw std::runtime_error("Fortran-order arrays are not supported");
    NpyArray a;
    size_t count = 1;
    for (const QString& part : shape.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        a.shape.push_back(size_t(part.trimmed().toULongLong()));
        count *= a.shape.back();
    }
    const QString type = descr.captured(1);
    const char* data = bytes.constData() + headerStart + headerLength;
    const qsizetype available = bytes.size() - headerStart - headerLength;
    a.values.resize(count);
    auto copy = [&](auto sample) {
        using T = decltype(sample);
        if (available < qsizetype(count * sizeof(T)))
            throw std::runtime_error("the .npy data is shorter than its shape");
        for (size_t i = 0; i < count; ++i) {
            T v;
            std::memcpy(&v, data + i * sizeof(T), sizeof(T));
            a.values[i] = double(v);
        }
    };
    if (type == QLatin1String("<f8"))
        copy(double());
    else if (type == QLatin1String("<f4"))
        copy(float());
    else if (type == QLatin1String("<i8"))
        copy(int64_t());
    else if (type == QLatin1String("<i4"))
        copy(int32_t());
    else
        throw std::runtime_error(("unsupported .npy type " + type).toStdString());
    return a;
}

NpyArray NpyArray::fromNpz(const QString& path, const QString& name)
{
    ZipArchive zip(path);
    return parse(zip.readAll(name + QStringLiteral(".npy")));
}

} // namespace kinemark::test
