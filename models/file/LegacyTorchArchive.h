#pragma once

#include "models/file/TensorArchive.h"

#include <QByteArray>
#include <QString>

namespace kinemark {

// The weights of a version-1 model file, read without LibTorch and without
// executing anything from them, so that `kinemark-cli model convert` can turn
// an old file into a data-only one. Version 1 stored a LibTorch archive
// (torch::serialize::OutputArchive): a ZIP holding <dir>/data.pkl (a pickle of
// the module tree), <dir>/data/<key> (the raw storages) and <dir>/code/
// (TorchScript, never read here). LibTorch's loader runs that code
// (__setstate__); this reader interprets the pickle with a small machine that
// knows only the opcodes LibTorch's module archives use and only the globals
// that build tensors and module objects, as data.
//
// Plain C++, QtCore and libzip: it can be fuzzed without LibTorch.
class LegacyTorchArchive
{
public:
    // What read() accepts; anything beyond is refused before it is allocated.
    static constexpr qint64 kMaxArchiveEntries = 100000;
    // All entries together, uncompressed: at most kMaxExpansion times the
    // input plus 1 MiB (LibTorch stores its entries uncompressed), and never
    // more than kMaxUncompressedBytes.
    static constexpr qint64 kMaxExpansion = 4;
    static constexpr qint64 kMaxUncompressedBytes = qint64(4) << 30;
    static constexpr qint64 kMaxPickleBytes = qint64(64) << 20;
    static constexpr int kMaxStackDepth = 10000;
    static constexpr int kMaxMemoEntries = 100000;
    static constexpr int kMaxValues = 1000000;
    static constexpr int kMaxStringLength = 65536;
    static constexpr int kMaxNesting = 64; // nested tuples, lists, dicts and modules
    static constexpr int kMaxDimensions = 8;

    // The module tree's parameters and buffers as entries named like
    // torch::nn::Module::named_parameters/named_buffers ("stage1.conv.weight").
    // Float and double storages become Float32 entries, long storages Int64.
    // Throws FormatError(source, ...) naming the archive entry, the opcode or
    // global and its byte offset in data.pkl.
    static TensorArchive read(const QByteArray& weights, const QString& source);

    // True when `weights` starts like a ZIP archive (what version 1 stored).
    static bool looksLikeLegacyArchive(const QByteArray& weights);
};

} // namespace kinemark
