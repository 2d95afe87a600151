#pragma once

// Internal to models/: includes LibTorch.
#include "models/file/TensorArchive.h"
#include "models/internal/LibTorch.h"

#include <QByteArray>
#include <QString>

namespace kinemark {

// A network's parameters and buffers as a TensorArchive, and back. Loading
// reads nothing but the archive's bytes (from_blob + copy_), so a model file
// cannot run code; it is strict: every parameter and buffer of the freshly
// built network needs an entry of its name, dtype and shape, and every entry
// (under the prefix) needs a place in the network.

// Every named_parameters() and named_buffers() entry (recursively), names prefixed by `prefix`.
void appendModuleTensors(TensorArchive& archive, torch::nn::Module& network,
                         const QString& prefix = {});
// Copies the entries named prefix + name into the network's tensors (no
// gradient); throws FormatError naming `source` and the tensor when one is
// missing, has another dtype or shape, or has no place in the network.
void loadModuleTensors(torch::nn::Module& network, const TensorArchive& archive,
                       const QString& source, const QString& prefix = {});

// One tensor as an entry (float32 or int64, copied) and an entry as a tensor
// (a copy; FormatError naming `source` when the dtype or shape differ from `expected`).
TensorArchive::Entry tensorEntry(const QString& name, const torch::Tensor& tensor);
void copyEntryInto(const TensorArchive::Entry& entry, torch::Tensor& target, const QString& source);

// Fine-tuning with new classes: loads `weights` of a network made for
// `oldClasses` classes into one made for `newClasses` (>= oldClasses), as
// strictly as loadModuleTensors, except that a tensor may be larger than its
// entry along dimensions of the class count (a head's output rows, the next
// stage's input channels): there the entry fills the first `oldClasses`
// places exactly and the rest keeps the network's fresh initialisation.
void loadWeightsGrowingClasses(torch::nn::Module& network, const QByteArray& weights,
                               const QString& source, int oldClasses, int newClasses);

// The network's weights as the bytes of a TensorArchive, and back.
QByteArray saveWeights(torch::nn::Module& network);
void loadWeights(torch::nn::Module& network, const QByteArray& weights, const QString& source);

} // namespace kinemark
