#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli effort <project.kmk> --track T [--truth NAME] [--recording ID ...]
// [--tolerance S] [--json]: how many editor operations correcting track T into the
// ground truth takes (CorrectionEffort), per recording and pooled, beside labelling
// from an empty track, and the kappa of the corrected result: whether correcting a
// model's suggestions is cheaper than labelling (issue #20).
class EffortCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
