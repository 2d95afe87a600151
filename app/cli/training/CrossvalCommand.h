#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli crossval <project> --model M --folds loso|K [--subjects a,b,...] [--classes ...]
//     [--epochs N] [--seed S] [--threads T] [--set key=value]... [--store] [--json]
//
// Subject-wise cross-validation (CrossValidation): per fold the held-out
// subjects' metrics, then mean +- std over the folds and the pooled figures.
// --store keeps the result in the project (Analysis panel's comparison table).
class CrossvalCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
