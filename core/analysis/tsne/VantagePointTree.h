#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kinemark {

// Exact k-nearest-neighbour search in Euclidean space over rows of a
// row-major float matrix (Yianilos' vantage-point tree). t-SNE asks for the
// ~3 x perplexity nearest neighbours of every point; the tree answers each
// query in roughly O(log n) distance evaluations for the moderate dimensions of
// an embedding, where a scan would cost O(n). The rows are not copied: `data`
// must outlive the tree.
class VantagePointTree
{
public:
    VantagePointTree(const float* data, size_t count, size_t dimensions, uint64_t seed = 1);

    // The k nearest rows to row `query` (itself excluded), nearest first, with
    // their Euclidean distances. Fewer than k when the tree holds fewer rows.
    void nearest(size_t query, int k, std::vector<uint32_t>& indices,
                 std::vector<float>& distances) const;

    size_t size() const { return m_count; }

private:
    struct Node
    {
        uint32_t point;  // the vantage point
        float radius;    // median distance of the subtree's other points to it
        int32_t inside;  // node of the points within the radius, or -1
        int32_t outside; // node of the points beyond it, or -1
    };

    int32_t build(size_t lo, size_t hi, uint64_t& state);
    float distance(size_t a, size_t b) const;

    const float* m_data;
    size_t m_count;
    size_t m_dimensions;
    std::vector<uint32_t> m_order; // the rows, permuted into tree order while building
    std::vector<Node> m_nodes;
};

} // namespace kinemark
