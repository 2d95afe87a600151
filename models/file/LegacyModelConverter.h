#pragma once

#include "models/file/ModelFile.h"

#include <QByteArray>
#include <QString>

namespace kinemark {

// Turns a version-1 model file (weights as a LibTorch archive, which
// Kinemark no longer loads because loading it can run code) into the current,
// data-only format: the header is kept as it is, the weights are read by
// LegacyTorchArchive (nothing from the file is executed) and stored as a
// TensorArchive. The result goes through ModelFile::fromBytes, so it is
// checked exactly like any file Kinemark opens.
class LegacyModelConverter
{
public:
    // Throws FormatError naming `source` and the place when the bytes are not a
    // sound version-1 file or its weights cannot be read as data.
    static ModelFile convert(const QByteArray& bytes, const QString& source);
    // True when the bytes start like a version-1 model file.
    static bool isLegacyModelFile(const QByteArray& bytes);
};

} // namespace kinemark
