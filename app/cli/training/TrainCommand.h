#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli train <project> --model M [--classes 1,2,...] [--epochs N] [--seed S]
//     [--threads T] [--val-subjects a,b] [--train-subjects c,d] [--set key=value]... -o
//     model.kmodel
// kinemark-cli train <project> --init-model MODEL [--new-classes] [--replay F] [--lr R] ...
//     (fine-tuning: FineTuningOptions)
//
// Trains a model on a project's ground truth and writes it as a standalone
// .kmodel file (and, with --store, keeps it in the project).
class TrainCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
