#pragma once

#include "core/base/JobControl.h"
#include "core/model/Project.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace kinemark {

class ModelFile;

// Real and synthetic windows of one class, side by side, for judging a
// usad-diffusion model by eye (SyntheticGalleryView). Windows are
// [count][channels][length] floats, z-scored with the model's statistics.
struct SyntheticWindowSample
{
    int32_t classId = 0;
    QString className;
    QStringList channelNames;
    int length = 0;
    double sampleRateHz = 0;
    int realCount = 0;
    int syntheticCount = 0;
    std::vector<float> real;
    std::vector<float> synthetic;
};

// Draws the gallery's windows on a worker thread: real windows of a class from
// the project, spread evenly over all of that class's windows (not the first
// few of one recording), and as many sampled from the diffusion model. The
// real ones come from the model's training subjects, as those are what it
// learnt to imitate; when none of them is in the project (an imported model),
// from every annotated recording the model can read. The project is only read.
class SyntheticWindowSampler
{
public:
    // Throws std::invalid_argument when the model is not a usad-diffusion model
    // or does not know `classId`, TrainingError when the project has no window of
    // the class the model can read, FormatError for damaged weights, Cancelled.
    // Progress goes to `job` (cutting windows first, then the sampling steps).
    static SyntheticWindowSample sample(const ModelFile& model, const Project& project,
                                        int32_t classId, int count, uint64_t seed,
                                        const JobControl* job = nullptr);
};

} // namespace kinemark
