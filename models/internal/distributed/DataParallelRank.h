#pragma once

#include "core/learning/ChannelNormalisation.h"
#include "models/internal/LibTorch.h"

#include <QString>

#include <utility>
#include <vector>

namespace kinemark {

class ProcessGroup;

// A trainer's part in a data-parallel run (or a single process's, when there
// is no group: then every call leaves things as they are). The run stays the
// single-process run computed in pieces: the same seeded batches on every
// rank, each rank taking its contiguous share of every global batch; its
// loss is scaled by its share of the batch's windows, so that the summed
// gradients are the gradients of the whole batch's mean loss, whatever the
// split (the last batch of an epoch is longer). The gradients travel in one
// flat bucket per step, after the backward pass (no overlap yet).
class DataParallelRank
{
public:
    explicit DataParallelRank(ProcessGroup* group);

    bool isDistributed() const { return m_group != nullptr; }
    int rank() const { return m_rank; }
    int worldSize() const { return m_worldSize; }
    // "rank 1 of 2" for messages, empty for a single process.
    QString describe() const;

    // Every rank starts from rank 0's parameters and buffers.
    void broadcastModule(torch::nn::Module& module) const;
    // Every rank scales its input as rank 0 does.
    ChannelNormalisation broadcast(const ChannelNormalisation& normalisation) const;
    // Rank 0's values on every rank (its validation predictions).
    void broadcast(std::vector<int32_t>& values) const;

    // This rank's [first, last) of a global batch of `n` items.
    std::pair<size_t, size_t> share(size_t n) const;
    // The factor of this rank's mean loss over `local` of the batch's `global` items.
    double lossScale(size_t local, size_t global) const
    {
        return global == 0 ? 0.0 : double(local) / double(global);
    }
    // Sums every parameter's gradient over the ranks (each rank's loss scaled
    // by lossScale, so the sum is the whole batch's gradient).
    void sumGradients(torch::nn::Module& module) const;
    // Sums tensors over the ranks in place (one all-reduce).
    void sum(std::vector<torch::Tensor>& tensors) const;
    void sum(int64_t& a, int64_t& b) const;

private:
    ProcessGroup* m_group;
    int m_rank = 0;
    int m_worldSize = 1;
};

} // namespace kinemark
