#pragma once

#include "core/base/JobControl.h"

#include <QString>

#include <algorithm>
#include <cstdint>

namespace kinemark {

// Progress of reading or writing a project file in bytes of channel data:
// reports bytes done / total through the job, and checks for cancel each time.
class ByteProgress
{
public:
    ByteProgress(const JobControl* job, uint64_t total) : m_job(job), m_total(total) {}
    void setWhat(const QString& what) { m_what = what; }
    void setBase(uint64_t base) { m_base = base; }
    uint64_t base() const { return m_base; }
    // `done` bytes of the current item (added to the base). Checks for cancel
    // on every call but reports only every 0.5% or so: a week is ~2800
    // chunks, and each report may become a queued signal to the GUI.
    void report(uint64_t done)
    {
        throwIfCancelled(m_job);
        const double fraction =
            m_total > 0 ? std::min(1.0, double(m_base + done) / double(m_total)) : 0.0;
        if (fraction - m_reported < 0.005 && fraction < 1.0 && m_reported >= 0)
            return;
        m_reported = fraction;
        reportProgress(m_job, fraction, m_what);
    }

private:
    const JobControl* m_job;
    uint64_t m_total;
    uint64_t m_base = 0;
    double m_reported = -1;
    QString m_what;
};

} // namespace kinemark
