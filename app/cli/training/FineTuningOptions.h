#pragma once

#include "core/model/Project.h"
#include "models/TrainingRequest.h"
#include "models/file/ModelFile.h"

#include <QString>

class QCommandLineParser;
class QTextStream;

namespace kinemark {

// `train`'s options for continuing from a trained model (--init-model,
// --new-classes, --replay, --lr) and the lines that say what a fine-tuned
// model started from and trained on; kept apart from TrainCommand so that
// its own options stay readable.
class FineTuningOptions
{
public:
    static void addTo(QCommandLineParser& parser);
    // True when --init-model is given (then --model may be left out).
    static bool wanted(const QCommandLineParser& parser);
    // Fills the request's fine-tuning fields and --lr; false after a usage error on `err`.
    // --init-model is a file when one exists, else the id of a model stored in `project`.
    static bool read(const QCommandLineParser& parser, const Project& project,
                     TrainingRequest* request, QTextStream& err);
    // What a fine-tuned model started from, which recordings trained it and
    // which chose its epoch; empty for a model trained from scratch.
    static QString describe(const ModelFile& model);
};

} // namespace kinemark
