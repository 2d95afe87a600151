#pragma once

#include <QString>
#include <atomic>
#include <functional>
#include <stdexcept>

namespace kinemark {

// Thrown by long operations when the user cancelled them. Whatever they were
// writing is discarded; nothing already saved is touched.
class Cancelled : public std::runtime_error
{
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

// How long-running core work (reading, saving, computing) reports progress and
// learns that it should stop. It is called from the worker thread; the GUI side
// turns the callback into a queued signal. All members are optional.
struct JobControl
{
    std::function<void(double fraction, const QString& what)> progress;
    const std::atomic<bool>* cancelRequested = nullptr;

    void report(double fraction, const QString& what = QString()) const
    {
        if (progress)
            progress(fraction, what);
    }
    bool isCancelled() const
    {
        return cancelRequested && cancelRequested->load(std::memory_order_relaxed);
    }
    void throwIfCancelled() const
    {
        if (isCancelled())
            throw Cancelled();
    }
};

// Null-safe helpers for functions that take `const JobControl*`.
inline void reportProgress(const JobControl* job, double fraction, const QString& what = QString())
{
    if (job)
        job->report(fraction, what);
}
inline void throwIfCancelled(const JobControl* job)
{
    if (job)
        job->throwIfCancelled();
}

} // namespace kinemark
