#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace kinemark {

// Batch `b` of `order` cut into batches of `size` items, the last one shorter
// when the order does not divide evenly: the items that batch trains on (or
// samples, or predicts), in the order's sequence. Every trainer that walks a
// shuffled order batch by batch cuts it this way.
template <typename T> std::vector<T> batchSlice(const std::vector<T>& order, size_t b, size_t size)
{
    const size_t first = std::min(order.size(), b * size);
    const size_t last = std::min(order.size(), first + size);
    return std::vector<T>(order.begin() + long(first), order.begin() + long(last));
}

} // namespace kinemark
