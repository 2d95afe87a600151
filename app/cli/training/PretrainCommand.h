#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli pretrain <project> [--recordings a,b] [--epochs N] [--seed S] [--threads T]
//     [--set key=value]... [--checkpoint FILE [--resume]] -o encoder.kmodel
// SelfPAB's masked-reconstruction pre-training on recordings with or without labels.
class PretrainCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
