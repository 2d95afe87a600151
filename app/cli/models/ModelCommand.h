#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli model convert OLD NEW
// kinemark-cli model keygen --name LAB --out PREFIX
// kinemark-cli model sign MODEL --key SECRET [-o OUT]
// kinemark-cli model verify MODEL [--key PUBLIC | --trusted DIR]
//
// Model files as files: converting a version-1 file (read without running
// anything from it) to the data-only format, and Ed25519 signing and
// verifying (models/file/ModelSignature.h).
class ModelCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
