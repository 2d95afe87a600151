#include "models/distributed/ProcessGroup.h"

#include "models/internal/distributed/GlooProcessGroup.h"

namespace kinemark {

ProcessGroup::ProcessGroup(const LaunchEnvironment& launch, std::chrono::milliseconds timeout)
    : m_gloo(std::make_unique<GlooProcessGroup>(launch, timeout))
{}

ProcessGroup::~ProcessGroup() = default;

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
