#pragma once

#include "models/distributed/LaunchEnvironment.h"
#include "models/internal/LibTorch.h"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace kinemark {

// ProcessGroup's engine: c10d's TCPStore and ProcessGroupGloo, with what c10d
// leaves out: a rendezvous that names the ranks that did not come, and
// failures that name the rank that was lost. Gloo's own message says only
// "connection closed by peer [address]:port", so each rank keeps a heartbeat
// counter in the store (its own client connection, on its own thread); when a
// collective fails, the ranks whose counter stopped moving are the lost ones,
// and an unreachable store means rank 0, which serves it, is gone.
class GlooProcessGroup
{
public:
    GlooProcessGroup(const LaunchEnvironment& launch, std::chrono::milliseconds timeout);
    ~GlooProcessGroup();

    int rank() const { return m_rank; }
    int worldSize() const { return m_worldSize; }
    std::chrono::milliseconds timeout() const { return m_timeout; }

    // In place on every rank, one collective per tensor (contiguous CPU
    // tensors, the same shapes on every rank). Throw DistributedError.
    void broadcast(std::vector<torch::Tensor>& tensors, int root);
    void allReduceSum(std::vector<torch::Tensor>& tensors);
    void barrier();
    void reportFailure(const std::string& why) noexcept;

private:
    void finish(const c10::intrusive_ptr<c10d::Work>& work, const char* operation);
    [[noreturn]] void explainFailure(const char* operation, const std::string& engineMessage);
    void beat();

    LaunchEnvironment m_launch;
    int m_rank = 0;
    int m_worldSize = 1;
    std::chrono::milliseconds m_timeout;
    c10::intrusive_ptr<c10d::TCPStore> m_store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> m_group;

    std::thread m_heartbeat;
    std::mutex m_heartbeatMutex;
    std::condition_variable m_heartbeatWake;
    bool m_stopping = false;
};

} // namespace kinemark
