#include "models/internal/distributed/DataParallelRank.h"

#include "models/distributed/ProcessGroup.h"
#include "models/internal/distributed/GlooProcessGroup.h"

namespace kinemark {

DataParallelRank::DataParallelRank(ProcessGroup* group) : m_group(group)
{
    if (group) {
        m_rank = group->rank();
        m_worldSize = group->worldSize();
    }
}

QString DataParallelRank::describe() const
{
    return m_group ? QStringLiteral("rank %1 of %2").arg(m_rank).arg(m_worldSize) : QString();
}

void DataParallelRank::broadcastModule(torch::nn::Module& module) const
{
    if (!m_group)
        return;
    torch::NoGradGuard noGrad;
    // detach() shares the storage: Gloo writes rank 0's values into the module.
    std::vector<torch::Tensor> tensors;
    for (const torch::Tensor& p : module.parameters())
        tensors.push_back(p.detach());
    for (const torch::Tensor& b : module.buffers())
        if (b.scalar_type() == torch::kFloat)
            tensors.push_back(b.detach());
    m_group->gloo().broadcast(tensors, 0);
}

ChannelNormalisation DataParallelRank::broadcast(const ChannelNormalisation& normalisation) const
{
    if (!m_group)
        return normalisation;
    std::vector<float> mean = normalisation.mean(), std = normalisation.std();
    std::vector<torch::Tensor> tensors{
        torch::from_blob(mean.data(), {int64_t(mean.size())}, torch::kFloat),
        torch::from_blob(std.data(), {int64_t(std.size())}, torch::kFloat)};
    m_group->gloo().broadcast(tensors, 0);
    return ChannelNormalisation(std::move(mean), std::move(std));
}

void DataParallelRank::broadcast(std::vector<int32_t>& values) const
{
    if (!m_group)
        return;
    std::vector<torch::Tensor> tensors{
        torch::from_blob(values.data(), {int64_t(values.size())}, torch::kInt)};
    m_group->gloo().broadcast(tensors, 0);
}

std::pair<size_t, size_t> DataParallelRank::share(size_t n) const
{
    return {n * size_t(m_rank) / size_t(m_worldSize), n * size_t(m_rank + 1) / size_t(m_worldSize)};
}

void DataParallelRank::sumGradients(torch::nn::Module& module) const
{
    if (!m_group)
        return;
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> grads;
    for (torch::Tensor& p : module.parameters())
        if (p.requires_grad()) {
            // Every rank sends every parameter, so the bucket's layout agrees
            // even where one rank's share left a gradient undefined.
            if (!p.grad().defined())
                p.mutable_grad() = torch::zeros_like(p);
            grads.push_back(p.grad());
        }
    if (grads.empty())
        return;
    std::vector<torch::Tensor> bucket{torch::cat([&] {
        std::vector<torch::Tensor> flat;
        for (const torch::Tensor& g : grads)
            flat.push_back(g.reshape(-1));
        return flat;
    }())};
    m_group->gloo().allReduceSum(bucket);
    int64_t offset = 0;
    for (torch::Tensor& g : grads) {
        g.copy_(bucket.front().slice(0, offset, offset + g.numel()).view_as(g));
        offset += g.numel();
    }
}

void DataParallelRank::sum(std::vector<torch::Tensor>& tensors) const
{
    if (m_group)
        m_group->gloo().allReduceSum(tensors);
}

void DataParallelRank::sum(int64_t& a, int64_t& b) const
{
    if (!m_group)
        return;
    std::vector<torch::Tensor> tensors{torch::tensor({a, b}, torch::kLong)};
    m_group->gloo().allReduceSum(tensors);
    a = tensors.front()[0].item<int64_t>();
    b = tensors.front()[1].item<int64_t>();
}

} // namespace kinemark
