#include "core/demo/SineTable.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace kinemark::demo {

SineTable::SineTable()
{
    for (int i = 0; i <= kSize; ++i)
        m_table[size_t(i)] = exactSin(kTwoPi * i / kSize);
}

const SineTable& SineTable::instance()
{
    static const SineTable table;
    return table;
}

} // namespace kinemark::demo
