#pragma once

#include "models/TrainingProgress.h"

#include <functional>

namespace kinemark {

// What every trainer calls after each batch and at each epoch's end, on the
// trainer's own (worker) thread. A type of its own so that the trainers share
// it without including their dispatcher, ModelTrainer.
using TrainingObserver = std::function<void(const TrainingProgress&)>;

} // namespace kinemark
