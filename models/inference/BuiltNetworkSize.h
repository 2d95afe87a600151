#pragma once

#include "models/registry/ParameterCount.h"

namespace kinemark {

// The number of elements (parameters and buffers) of the network a model kind
// builds, counted on the built network: what ParameterCount computes without
// building, and what its test compares it with. Builds the network as the
// predictors and trainers do (throws std::invalid_argument as they do).
int64_t builtNetworkElementCount(const QString& kind, const QVariantMap& hyperparameters,
                                 const ParameterCount::Inputs& inputs);

} // namespace kinemark
