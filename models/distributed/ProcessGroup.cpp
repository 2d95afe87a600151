#include "models/distributed/ProcessGroup.h"

#include "models/distributed/DistributedError.h"
#include "models/internal/distributed/GlooProcessGroup.h"

#include <atomic>

namespace kinemark {

namespace {
std::atomic<ProcessGroup*> joined{nullptr};
}

ProcessGroup::ProcessGroup(const LaunchEnvironment& launch, std::chrono::milliseconds timeout)
{
    ProcessGroup* none = nullptr;
    if (!joined.compare_exchange_strong(none, this))
        throw DistributedError("This process has already joined a data-parallel run: a process is "
                               "one rank of one run");
    try {
        m_gloo = std::make_unique<GlooProcessGroup>(launch, timeout);
    } catch (...) {
        joined = nullptr;
        throw;
    }
}

ProcessGroup::~ProcessGroup()
{
    m_gloo.reset();
    joined = nullptr;
}

ProcessGroup* ProcessGroup::ofThisProcess()
{
    return joined;
}

int ProcessGroup::rank() const
{
    return m_gloo->rank();
}

int ProcessGroup::worldSize() const
{
    return m_gloo->worldSize();
}

std::chrono::milliseconds ProcessGroup::timeout() const
{
    return m_gloo->timeout();
}

void ProcessGroup::broadcast(std::vector<float>& values, int root)
{
    // from_blob shares the vector's memory: the collective writes into it in place.
    std::vector<torch::Tensor> tensors{
        torch::from_blob(values.data(), {qint64(values.size())}, torch::kFloat)};
    m_gloo->broadcast(tensors, root);
}

void ProcessGroup::allReduceSum(std::vector<float>& values)
{
    std::vector<torch::Tensor> tensors{
        torch::from_blob(values.data(), {qint64(values.size())}, torch::kFloat)};
    m_gloo->allReduceSum(tensors);
}

void ProcessGroup::barrier()
{
    m_gloo->barrier();
}

void ProcessGroup::reportFailure(const std::string& why) noexcept
{
    m_gloo->reportFailure(why);
}

} // namespace kinemark
