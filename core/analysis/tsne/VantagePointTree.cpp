#include "core/analysis/tsne/VantagePointTree.h"

#include "core/base/SeededRandom.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <stdexcept>

namespace kinemark {

namespace {

struct Candidate
{
    float distance;
    uint32_t index;
    bool operator<(const Candidate& other) const { return distance < other.distance; }
};

} // namespace

VantagePointTree::VantagePointTree(const float* data, size_t count, size_t dimensions,
                                   uint64_t seed)
    : m_data(data), m_count(count), m_dimensions(dimensions)
{
    if (count > size_t(std::numeric_limits<int32_t>::max()))
        throw std::invalid_argument("VantagePointTree: too many points");
    m_order.resize(count);
    for (size_t i = 0; i < count; ++i)
        m_order[i] = uint32_t(i);
    m_nodes.reserve(count);
    uint64_t state = seed;
    build(0, count, state);
}

float VantagePointTree::distance(size_t a, size_t b) const
{
    const float* x = m_data + a * m_dimensions;
    const float* y = m_data + b * m_dimensions;
    float sum = 0;
    for (size_t d = 0; d < m_dimensions; ++d) {
        const float diff = x[d] - y[d];
        sum += diff * diff;
    }
    return std::sqrt(sum);
}

int32_t VantagePointTree::build(size_t lo, size_t hi, uint64_t& state)
{
    if (lo >= hi)
        return -1;
    const int32_t nodeIndex = int32_t(m_nodes.size());
    // A random vantage point keeps the tree balanced in expectation whatever
    // the order of the rows; splitmix64 makes it the same tree with every
    // standard library.
    const size_t pick = lo + size_t(splitmix64(state) % (hi - lo));
    std::swap(m_order[lo], m_order[pick]);
    const uint32_t vantage = m_order[lo];
    m_nodes.push_back({vantage, 0.0f, -1, -1});
    if (hi - lo == 1)
        return nodeIndex;

    const size_t median = (lo + 1 + hi) / 2;
    std::nth_element(
        m_order.begin() + long(lo + 1), m_order.begin() + long(median), m_order.begin() + long(hi),
        [&](uint32_t a, uint32_t b) { return distance(vantage, a) < distance(vantage, b); });
    const float radius = distance(vantage, m_order[median]);
    const int32_t inside = build(lo + 1, median, state);
    const int32_t outside = build(median, hi, state);
    Node& node = m_nodes[size_t(nodeIndex)];
    node.radius = radius;
    node.inside = inside;
    node.outside = outside;
    return nodeIndex;
}

void VantagePointTree::nearest(size_t query, int k, std::vector<uint32_t>& indices,
                               std::vector<float>& distances) const
{
    indices.clear();
    distances.clear();
    if (k <= 0 || m_nodes.empty())
        return;
    std::priority_queue<Candidate> best; // the k nearest so far, farthest on top
    float tau = std::numeric_limits<float>::max();

    // Depth first; the child on the query's side of the radius is searched
    // first, so tau shrinks early and the other child is often pruned.
    auto search = [&](auto& self, int32_t nodeIndex) -> void {
        if (nodeIndex < 0)
            return;
        const Node& node = m_nodes[size_t(nodeIndex)];
        const float d = distance(query, node.point);
        if (node.point != query && d < tau) {
            best.push({d, node.point});
            if (int(best.size()) > k)
                best.pop();
            if (int(best.size()) == k)
                tau = best.top().distance;
        }
        if (d < node.radius) {
            if (d - tau <= node.radius)
                self(self, node.inside);
            if (d + tau >= node.radius)
                self(self, node.outside);
        } else {
            if (d + tau >= node.radius)
                self(self, node.outside);
            if (d - tau <= node.radius)
                self(self, node.inside);
        }
    };
    search(search, 0);
    indices.resize(best.size());
    distances.resize(best.size());
    for (size_t i = best.size(); i-- > 0;) {
        indices[i] = best.top().index;
        distances[i] = best.top().distance;
        best.pop();
    }
}

} // namespace kinemark
