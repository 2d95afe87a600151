#include "widgets/annotation/PlayheadLabeller.h"

#include <algorithm>

namespace kinemark {

PlayheadLabeller::Press PlayheadLabeller::press(int32_t classId, int64_t now)
{
    Press p;
    if (m_openStart < 0) {
        m_openStart = now;
        m_openClass = classId;
        p.opened = true;
        return p;
    }
    p.paint = true;
    p.start = std::min(m_openStart, now);
    p.end = std::max(m_openStart, now) + 1;
    p.classId = m_openClass;
    m_openStart = -1;
    if (classId != p.classId && m_playing) {
        m_openStart = now;
        m_openClass = classId;
        p.opened = true;
    }
    return p;
}

} // namespace kinemark
