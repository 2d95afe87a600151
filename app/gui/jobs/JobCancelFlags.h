#pragma once

#include <atomic>
#include <map>
#include <memory>

class QObject;

namespace kinemark {

class JobsPanel;

// The cancel flags of one controller's running background jobs, by Jobs-panel
// id: the panel's Cancel button sets the job's flag, and the worker sees it
// through JobControl::cancelRequested. Going away (with its controller), or
// cancelAll() (when the project is replaced), cancels every job still running.
class JobCancelFlags
{
public:
    // `jobs` may be null (no panel: nothing to connect); `context` owns the
    // connection to the panel's cancelRequested and outlives this object.
    JobCancelFlags(JobsPanel* jobs, QObject* context);
    ~JobCancelFlags();
    JobCancelFlags(const JobCancelFlags&) = delete;
    JobCancelFlags& operator=(const JobCancelFlags&) = delete;

    // A new flag for job `id`, or `flag` registered for it.
    std::shared_ptr<std::atomic<bool>> add(int id);
    void add(int id, std::shared_ptr<std::atomic<bool>> flag);
    // Job `id`'s flag (null when it has none).
    std::shared_ptr<std::atomic<bool>> flag(int id) const;
    // The job ended: its flag is forgotten.
    void finished(int id);
    void cancel(int id);
    void cancelAll();
    int running() const { return int(m_flags.size()); }

private:
    std::map<int, std::shared_ptr<std::atomic<bool>>> m_flags;
};

} // namespace kinemark
