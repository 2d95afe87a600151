#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli train <project> --model M [--classes 1,2,...] [--epochs N] [--seed S]
//     [--threads T] [--val-subjects a,b] [--train-subjects c,d] [--set key=value]... -o model.kmodel
class TrainCommand
{
public:
    static int run(const QStringList& arguments);
};

// kinemark-cli predict <project> --model-file model.kmodel [--recordings a,b] [--track NAME]
class PredictCommand
{
public:
    static int run(const QStringList& arguments);
};

// kinemark-cli evaluate <project> --model-file model.kmodel [--subjects a,b] [--json] [--store]
class EvaluateCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
