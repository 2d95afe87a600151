#pragma once

// The one door to LibTorch for models/internal/ headers. Those headers are
// private to kinemark_models: the library (and the optimiser's white-box test)
// defines KINEMARK_MODELS_INTERNAL; anything else that reaches this header
// through a models/internal/ include stops here with a message instead of
// pulling LibTorch (and its clash with Qt's keywords) into another layer.
#ifndef KINEMARK_MODELS_INTERNAL
#error "models/internal/ is private to kinemark_models: include a public models/ header instead"
#endif

#include <torch/torch.h>
