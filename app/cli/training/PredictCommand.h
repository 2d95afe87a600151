#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli predict <project> --model-file model.kmodel [--recordings a,b] [--track NAME]
//
// Runs a trained model over a project's recordings and stores each prediction
// track, with its class probabilities, in the project.
class PredictCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
