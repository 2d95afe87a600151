#pragma once

#include <QString>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kinemark {

// The byte-exact equivalent of HDF5's standard "shuffle then deflate" filter
// pipeline for one chunk, so that the project file can compress chunks on
// worker threads and hand finished chunks to H5Dwrite_chunk (and the reverse
// for H5Dread_chunk), while any HDF5 reader (h5py, h5dump) still decodes them
// with the stock filters.
//
// Shuffle: byte j of element i goes to position j * n + i (n elements), as
// HDF5's H5Z_FILTER_SHUFFLE does over the whole chunk buffer.
// Deflate: one zlib stream (header + adler32), as H5Z_FILTER_DEFLATE expects.
// Within that stream each byte plane is coded with what suits it: planes that
// look like noise (order-0 entropy above kStoredEntropyBits, estimated on a
// sample of the plane) go into stored blocks, the rest use level 1 with the
// Z_RLE strategy. On accelerometer floats the low two mantissa planes are
// noise; this is about 1.8x faster than plain level 1 at a slightly better
// ratio (Z_RLE beats the default strategy on shuffled sign/exponent bytes).
// Any inflater reads the result; the level stored in the filter's parameters
// is informational only.
class ShuffleDeflate
{
public:
    static constexpr double kStoredEntropyBits = 7.9;

    // Compresses `count` elements of `elementSize` bytes as one chunk of
    // `chunkElements` elements (count <= chunkElements; the rest is zero
    // padding, as HDF5 stores edge chunks whole). `shuffled` is scratch space
    // reused between calls. Result in `out` (resized to the compressed size).
    static void compress(const void* data, size_t count, size_t elementSize, size_t chunkElements,
                         std::vector<unsigned char>& shuffled, std::vector<unsigned char>& out);

    // Decodes one stored chunk into `dest` (the first `count` elements of the
    // chunk; count <= chunkElements). filterMask has bit 0 set when the
    // shuffle was skipped for this chunk and bit 1 when deflate was, as
    // H5Dread_chunk reports it. Returns false with `error` set when the bytes
    // do not decode to exactly one chunk.
    static bool decompress(const unsigned char* in, size_t inSize, uint32_t filterMask,
                           size_t elementSize, size_t chunkElements, void* dest, size_t count,
                           std::vector<unsigned char>& scratch, QString* error);

    static void shuffle(const unsigned char* in, unsigned char* out, size_t count,
                        size_t elementSize);
    // Unshuffles a chunk of `chunkElements` elements, writing only the first `count`.
    static void unshuffle(const unsigned char* in, unsigned char* out, size_t chunkElements,
                          size_t count, size_t elementSize);
};

} // namespace kinemark
