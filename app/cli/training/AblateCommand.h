#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli ablate mstcn <project> [--val-subjects a,b] [--epochs N] [--variants 1,5]
//     [--classes ...] [--seed S] [--threads T] [--set key=value]... [--out-dir DIR] [--json]
//
// Seed 000's ablation: trains the MS-TCN variants (1) single stage, no
// contrast, (2) multi-stage, no contrast, (3) single stage + sample and
// segment contrast, (4) multi-stage + sample contrast, (5) the full model, on
// the same subjects with the same seed, and prints the segmentation metrics of
// each on the validation subjects.
class AblateCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
