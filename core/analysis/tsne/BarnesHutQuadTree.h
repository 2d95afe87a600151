#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kinemark {

// A quad tree over 2-D points for the Barnes-Hut approximation of t-SNE's
// repulsive forces: a cell that looks small from a point (width / distance
// below theta) acts on it as one body of all its points at their centre of
// mass, so one point's repulsion costs O(log n) instead of O(n). Rebuilt every
// iteration, as the points move.
class BarnesHutQuadTree
{
public:
    // `positions` holds x, y per point.
    void build(const double* positions, size_t count);

    // The Student-t repulsion on `point`: adds sum over the other points j
    // (cells standing in for them) of q_ij^2 (y_i - y_j) to (forceX, forceY),
    // with q_ij = 1 / (1 + |y_i - y_j|^2), and returns sum_j q_ij, this point's
    // share of the normalisation Z.
    double repulsion(size_t point, double theta, double& forceX, double& forceY) const;

    size_t nodeCount() const { return m_nodes.size(); }

    // The points in the order the tree's leaves are visited depth first: neighbours
    // in the plane are neighbours in this order, so computing forces along it
    // keeps the tree's top cells and a point's surroundings in cache.
    const std::vector<uint32_t>& spatialOrder() const { return m_spatialOrder; }

private:
    // What the force computation reads, packed into 32 bytes; the cell
    // geometry needed only while building lives in m_cells.
    struct Node
    {
        double massX = 0, massY = 0; // sum of positions while building, then the mean
        float width2 = 0;            // squared cell width, for the opening test
        uint32_t count = 0;          // points in the cell
        int32_t firstChild = -1;     // four consecutive children, or -1 for a leaf
        int32_t point = -1;          // a leaf's (first) point
    };
    struct Cell
    {
        double centreX, centreY, halfWidth;
    };

    void insert(uint32_t point);
    void split(int32_t nodeIndex);

    const double* m_positions = nullptr;
    std::vector<Node> m_nodes;
    std::vector<Cell> m_cells;
    std::vector<int32_t> m_leafOf; // leaf holding each point
    std::vector<uint32_t> m_spatialOrder;
};

} // namespace kinemark
