#include "core/project/ShuffleDeflate.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace kinemark {

namespace {

// Writes `count` elements as byte planes of `stride` bytes each (stride >= count).
template <size_t Size>
void shuffleFixed(const unsigned char* in, unsigned char* out, size_t count, size_t stride)
{
    for (size_t i = 0; i < count; ++i)
        for (size_t j = 0; j < Size; ++j)
            out[j * stride + i] = in[i * Size + j];
}

void shuffleStrided(const unsigned char* in, unsigned char* out, size_t count, size_t elementSize,
                    size_t stride)
{
    switch (elementSize) {
    case 1:
        std::memcpy(out, in, count);
        return;
    case 2:
        return shuffleFixed<2>(in, out, count, stride);
    case 4:
        return shuffleFixed<4>(in, out, count, stride);
    case 8:
        return shuffleFixed<8>(in, out, count, stride);
    default:
        for (size_t i = 0; i < count; ++i)
            for (size_t j = 0; j < elementSize; ++j)
                out[j * stride + i] = in[i * elementSize + j];
    }
}

template <size_t Size>
void unshuffleFixed(const unsigned char* in, unsigned char* out, size_t stride, size_t count)
{
    for (size_t i = 0; i < count; ++i)
        for (size_t j = 0; j < Size; ++j)
            out[i * Size + j] = in[j * stride + i];
}

// Order-0 entropy in bits per byte, estimated on at most ~16K evenly spaced bytes.
double sampledEntropy(const unsigned char* p, size_t n)
{
    if (n == 0)
        return 0;
    const size_t step = std::max<size_t>(1, n / 16384);
    size_t histogram[256] = {};
    size_t taken = 0;
    for (size_t i = 0; i < n; i += step, ++taken)
        ++histogram[p[i]];
    double bits = 0;
    for (size_t c : histogram) {
        if (c) {
            const double q = double(c) / double(taken);
            bits -= q * std::log2(q);
        }
    }
    return bits;
}

} // namespace

void ShuffleDeflate::shuffle(const unsigned char* in, unsigned char* out, size_t count,
                             size_t elementSize)
{
    shuffleStrided(in, out, count, elementSize, count);
}

void ShuffleDeflate::unshuffle(const unsigned char* in, unsigned char* out, size_t chunkElements,
                               size_t count, size_t elementSize)
{
    switch (elementSize) {
    case 1:
        std::memcpy(out, in, count);
        return;
    case 2:
        return unshuffleFixed<2>(in, out, chunkElements, count);
    case 4:
        return unshuffleFixed<4>(in, out, chunkElements, count);
    case 8:
        return unshuffleFixed<8>(in, out, chunkElements, count);
    default:
        for (size_t i = 0; i < count; ++i)
            for (size_t j = 0; j < elementSize; ++j)
                out[i * elementSize + j] = in[j * chunkElements + i];
    }
}

void ShuffleDeflate::compress(const void* data, size_t count, size_t elementSize,
                              size_t chunkElements, std::vector<unsigned char>& shuffled,
                              std::vector<unsigned char>& out)
{
    if (count > chunkElements || elementSize == 0)
        throw std::invalid_argument("ShuffleDeflate::compress: bad chunk geometry");
    const size_t bytes = chunkElements * elementSize;
    shuffled.resize(bytes);
    shuffleStrided(static_cast<const unsigned char*>(data), shuffled.data(), count, elementSize,
                   chunkElements);
    if (count < chunkElements) // zero padding of the edge chunk, in every plane
        for (size_t j = 0; j < elementSize; ++j)
            std::memset(shuffled.data() + j * chunkElements + count, 0, chunkElements - count);

    // Room for the worst case plus the empty blocks that switching parameters may emit.
    out.resize(compressBound(uLong(bytes)) + 64 * elementSize + 64);
    z_stream z{};
    int level = 1;
    if (deflateInit2(&z, level, Z_DEFLATED, 15, 8, Z_RLE) != Z_OK)
        throw std::runtime_error("zlib: deflateInit2 failed");
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    int rc = Z_OK;
    for (size_t j = 0; j < elementSize; ++j) {
        unsigned char* plane = shuffled.data() + j * chunkElements;
        const int wanted = sampledEntropy(plane, count) > kStoredEntropyBits ? 0 : 1;
        if (wanted != level) {
            rc = deflateParams(&z, wanted, Z_RLE);
            if (rc != Z_OK)
                break;
            level = wanted;
        }
        z.next_in = plane;
        z.avail_in = uInt(chunkElements);
        rc = deflate(&z, j + 1 == elementSize ? Z_FINISH : Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END)
            break;
    }
    const size_t produced = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        throw std::runtime_error("zlib: deflate failed (" + std::to_string(rc) + ")");
    out.resize(produced);
}

bool ShuffleDeflate::decompress(const unsigned char* in, size_t inSize, uint32_t filterMask,
                                size_t elementSize, size_t chunkElements, void* dest, size_t count,
                                std::vector<unsigned char>& scratch, QString* error)
{
    const size_t bytes = chunkElements * elementSize;
    const bool shuffled = !(filterMask & 1u);
    const bool deflated = !(filterMask & 2u);
    const unsigned char* raw = in;
    if (deflated) {
        scratch.resize(bytes);
        z_stream z{};
        if (inflateInit(&z) != Z_OK) {
            *error = QStringLiteral("zlib could not start");
            return false;
        }
        z.next_in = const_cast<unsigned char*>(in);
        z.avail_in = uInt(inSize);
        z.next_out = scratch.data();
        z.avail_out = uInt(bytes);
        const int rc = inflate(&z, Z_FINISH);
        const size_t produced = z.total_out;
        const QString message = z.msg ? QString::fromLatin1(z.msg) : QString();
        inflateEnd(&z);
        if (rc != Z_STREAM_END || produced != bytes) {
            *error = rc == Z_STREAM_END || rc == Z_BUF_ERROR
                         ? QStringLiteral("compressed chunk does not hold %1 bytes").arg(bytes)
                         : QStringLiteral("compressed chunk is corrupt (zlib: %1)")
                               .arg(message.isEmpty() ? QString::number(rc) : message);
            return false;
        }
        raw = scratch.data();
    } else if (inSize != bytes) {
        *error =
            QStringLiteral("uncompressed chunk has %1 bytes, expected %2").arg(inSize).arg(bytes);
        return false;
    }
    if (shuffled)
        unshuffle(raw, static_cast<unsigned char*>(dest), chunkElements, count, elementSize);
    else
        std::memcpy(dest, raw, count * elementSize);
    return true;
}

} // namespace kinemark
