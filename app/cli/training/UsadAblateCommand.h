#pragma once

#include <QStringList>

namespace kinemark {

// kinemark-cli ablate usad <project> --val-subjects a,b [--epochs N] [--variants 1,4]
//     [--classes ...] [--rare N] [--seed S] [--threads T] [--set key=value]...
//     [--out-dir DIR] [--json] [--quiet]
//
// Seed 002's ablation: trains (1) the multi-branch backbone alone (no
// attention, cross-entropy, real data only), (2) + split, spatial and
// temporal attention, (3) + the adaptive composite loss, (4) + diffusion
// augmentation (pretraining on class-balanced synthetic windows, then
// fine-tuning on the real ones), on the same subjects with the same seed, and
// prints window-level accuracy, macro F1 and G-mean on the validation
// subjects, then every class's F1 per variant with the N classes that have
// the fewest training windows marked (default 3).
class UsadAblateCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace kinemark
