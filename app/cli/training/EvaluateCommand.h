#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli evaluate <project> --model-file model.kmodel [--subjects a,b] [--json] [--store]
//
// A trained model against a project's ground truth: window-, sample- and
// segment-level metrics per subject and overall.
class EvaluateCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
