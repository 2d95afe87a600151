#include "core/analysis/tsne/BarnesHutQuadTree.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {
// Points closer than this to each other after this many halvings share a leaf;
// without a limit, two identical points would split cells for ever.
constexpr int kMaximumDepth = 48;
} // namespace

void BarnesHutQuadTree::build(const double* positions, size_t count)
{
    m_positions = positions;
    m_nodes.clear();
    m_cells.clear();
    m_spatialOrder.clear();
    m_leafOf.assign(count, -1);
    if (count == 0)
        return;
    double minX = positions[0], maxX = positions[0], minY = positions[1], maxY = positions[1];
    for (size_t i = 1; i < count; ++i) {
        minX = std::min(minX, positions[2 * i]);
        maxX = std::max(maxX, positions[2 * i]);
        minY = std::min(minY, positions[2 * i + 1]);
        maxY = std::max(maxY, positions[2 * i + 1]);
    }
    // A little margin so that the largest coordinates fall inside, not on the edge.
    const double half = std::max({maxX - minX, maxY - minY, 1e-12}) * 0.5 * (1 + 1e-6);
    m_nodes.reserve(count * 2);
    m_cells.reserve(count * 2);
    m_nodes.push_back(Node());
    m_cells.push_back({0.5 * (minX + maxX), 0.5 * (minY + maxY), half});
    for (size_t i = 0; i < count; ++i)
        insert(uint32_t(i));
    for (size_t c = 0; c < m_nodes.size(); ++c) {
        Node& node = m_nodes[c];
        if (node.count > 0) {
            node.massX /= node.count;
            node.massY /= node.count;
        }
        const double width = 2 * m_cells[c].halfWidth;
        node.width2 = float(width * width);
    }
    // Leaves depth first; a leaf at the depth limit may hold several points,
    // which are then taken from m_leafOf.
    m_spatialOrder.reserve(count);
    std::vector<int32_t> stack{0};
    std::vector<uint32_t> crowdedLeaves;
    while (!stack.empty()) {
        const int32_t index = stack.back();
        stack.pop_back();
        const Node& node = m_nodes[size_t(index)];
        if (node.firstChild >= 0) {
            for (int c = 3; c >= 0; --c)
                stack.push_back(node.firstChild + c);
        } else if (node.count == 1) {
            m_spatialOrder.push_back(uint32_t(node.point));
        } else if (node.count > 1) {
            crowdedLeaves.push_back(uint32_t(index));
        }
    }
    if (!crowdedLeaves.empty()) {
        for (size_t i = 0; i < count; ++i)
            if (m_nodes[size_t(m_leafOf[i])].count > 1)
                m_spatialOrder.push_back(uint32_t(i));
    }
}

void BarnesHutQuadTree::split(int32_t nodeIndex)
{
    const int32_t first = int32_t(m_nodes.size());
    const Cell parent = m_cells[size_t(nodeIndex)];
    const double quarter = parent.halfWidth * 0.5;
    for (int c = 0; c < 4; ++c) {
        m_nodes.push_back(Node());
        m_cells.push_back({parent.centreX + ((c & 1) ? quarter : -quarter),
                           parent.centreY + ((c & 2) ? quarter : -quarter), quarter});
    }
    m_nodes[size_t(nodeIndex)].firstChild = first;
}

void BarnesHutQuadTree::insert(uint32_t point)
{
    const double x = m_positions[2 * point];
    const double y = m_positions[2 * point + 1];
    int32_t nodeIndex = 0;
    for (int depth = 0;; ++depth) {
        Node* node = &m_nodes[size_t(nodeIndex)];
        if (node->firstChild < 0) {
            if (node->count == 0 || depth >= kMaximumDepth) {
                node->count += 1;
                node->massX += x;
                node->massY += y;
                if (node->point < 0)
                    node->point = int32_t(point);
                m_leafOf[point] = nodeIndex;
                return;
            }
            // An occupied leaf becomes an inner node; its point moves down.
            const uint32_t resident = uint32_t(node->point);
            split(nodeIndex);
            node = &m_nodes[size_t(nodeIndex)];
            node->point = -1;
            const double rx = m_positions[2 * resident];
            const double ry = m_positions[2 * resident + 1];
            const Cell& cell = m_cells[size_t(nodeIndex)];
            const int quadrant = (rx > cell.centreX ? 1 : 0) | (ry > cell.centreY ? 2 : 0);
            Node& child = m_nodes[size_t(node->firstChild + quadrant)];
            child.count = 1;
            child.massX = rx;
            child.massY = ry;
            child.point = int32_t(resident);
            m_leafOf[resident] = node->firstChild + quadrant;
        }
        node->count += 1;
        node->massX += x;
        node->massY += y;
        const Cell& cell = m_cells[size_t(nodeIndex)];
        const int quadrant = (x > cell.centreX ? 1 : 0) | (y > cell.centreY ? 2 : 0);
        nodeIndex = node->firstChild + quadrant;
    }
}

double BarnesHutQuadTree::repulsion(size_t point, double theta, double& forceX,
                                    double& forceY) const
{
    if (m_nodes.empty())
        return 0;
    const double x = m_positions[2 * point];
    const double y = m_positions[2 * point + 1];
    const double theta2 = theta * theta;
    const int32_t ownLeaf = m_leafOf[point];
    double sumQ = 0, fx = 0, fy = 0;
    int32_t stack[4 * kMaximumDepth + 8];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const int32_t nodeIndex = stack[--top];
        const Node& node = m_nodes[size_t(nodeIndex)];
        if (node.count == 0)
            continue;
        const double dx = x - node.massX;
        const double dy = y - node.massY;
        const double d2 = dx * dx + dy * dy;
        if (node.firstChild < 0 || double(node.width2) < theta2 * d2) {
            double count = node.count;
            if (nodeIndex == ownLeaf)
                count -= 1; // the point does not repel itself
            if (count <= 0)
                continue;
            const double q = 1.0 / (1.0 + d2);
            sumQ += count * q;
            const double qq = count * q * q;
            fx += qq * dx;
            fy += qq * dy;
        } else {
            for (int c = 0; c < 4; ++c)
                stack[top++] = node.firstChild + c;
        }
    }
    forceX += fx;
    forceY += fy;
    return sumQ;
}

} // namespace kinemark
