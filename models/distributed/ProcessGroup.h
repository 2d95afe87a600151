#pragma once

#include "models/distributed/LaunchEnvironment.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace kinemark {

class GlooProcessGroup;

// The processes of one data-parallel run, joined through PyTorch's own
// distributed engine (c10d: a TCPStore rendezvous served by rank 0 at
// MASTER_ADDR:MASTER_PORT, collectives by ProcessGroupGloo over TCP); no
// networking of Kinemark's own. Plain C++ here; the trainers reach the tensor
// collectives through gloo() inside models/.
//
// Every collective either completes on every rank or throws DistributedError
// within the timeout, naming the rank that was lost (its process ended or its
// heartbeat stopped) or the reason a rank gave when it stopped on purpose
// (reportFailure: a NaN loss, a cancel), so no rank waits for ever. Rank 0
// serves the store: end a run with barrier() so it is the last to leave.
class ProcessGroup
{
public:
    // Joins the run `launch` describes; throws DistributedError when rank 0's
    // store cannot be reached or served, or when some ranks have not joined
    // within `timeout` (it names them). `timeout` also bounds every collective.
    ProcessGroup(const LaunchEnvironment& launch, std::chrono::milliseconds timeout);
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup&) = delete;
    ProcessGroup& operator=(const ProcessGroup&) = delete;

    int rank() const;
    int worldSize() const;
    std::chrono::milliseconds timeout() const;

    // Every rank's `values` become root's (the sizes must agree on every rank).
    void broadcast(std::vector<float>& values, int root = 0);
    // Every rank's `values` become the element-wise sum over all ranks.
    void allReduceSum(std::vector<float>& values);
    // Returns when every rank has reached it.
    void barrier();
    // Tells the other ranks why this one stops (they throw with it instead of
    // waiting for the timeout). Never throws.
    void reportFailure(const std::string& why) noexcept;

    // The collectives on tensors, for the trainers inside models/.
    GlooProcessGroup& gloo() { return *m_gloo; }

    // The group this process has joined, or nullptr. A process is one rank of
    // at most one run (a second group is refused), so the trainers find it
    // here rather than through every request and signature of the layer.
    static ProcessGroup* ofThisProcess();

private:
    std::unique_ptr<GlooProcessGroup> m_gloo;
};

} // namespace kinemark
