#include "BarnesHutQuadTree.h"

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
    Node root;
    root.centreX = 0.5 * (minX + maxX);
    root.centreY = 0.5 * (minY + maxY);
    root.halfWidth = half;
    m_nodes.push_back(root);
    for (size_t i = 0; i < count; ++i)
        insert(uint32_t(i));
    for (Node& node : m_nodes) {
        if (node.count > 0) {
            node.massX /= node.count;
            node.massY /= node.count;
        }
    }
}

void BarnesHutQuadTree::split(int32_t nodeIndex)
{
    const int32_t first = int32_t(m_nodes.size());
    const Node parent = m_nodes[size_t(nodeIndex)];
    const double quarter = parent.halfWidth * 0.5;
    for (int c = 0; c < 4; ++c) {
        Node child;
        child.centreX = parent.centreX + ((c & 1) ? quarter : -quarter);
        child.centreY = parent.centreY + ((c & 2) ? quarter : -quarter);
        child.halfWidth = quarter;
        m_nodes.push_back(child);
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
            const int quadrant = (rx > node->centreX ? 1 : 0) | (ry > node->centreY ? 2 : 0);
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
        const int quadrant = (x > node->centreX ? 1 : 0) | (y > node->centreY ? 2 : 0);
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
        const double width = 2 * node.halfWidth;
        if (node.firstChild < 0 || width * width < theta2 * d2) {
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
