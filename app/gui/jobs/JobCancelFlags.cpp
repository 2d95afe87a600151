#include "app/gui/jobs/JobCancelFlags.h"

#include "widgets/jobs/JobsPanel.h"

namespace kinemark {

JobCancelFlags::JobCancelFlags(JobsPanel* jobs, QObject* context)
{
    if (jobs)
        QObject::connect(jobs, &JobsPanel::cancelRequested, context,
                         [this](int id) { cancel(id); });
}

JobCancelFlags::~JobCancelFlags()
{
    cancelAll();
}

std::shared_ptr<std::atomic<bool>> JobCancelFlags::add(int id)
{
    auto flag = std::make_shared<std::atomic<bool>>(false);
    m_flags[id] = flag;
    return flag;
}

void JobCancelFlags::add(int id, std::shared_ptr<std::atomic<bool>> flag)
{
    m_flags[id] = std::move(flag);
}

std::shared_ptr<std::atomic<bool>> JobCancelFlags::flag(int id) const
{
    const auto it = m_flags.find(id);
    return it == m_flags.end() ? nullptr : it->second;
}

void JobCancelFlags::finished(int id)
{
    m_flags.erase(id);
}

void JobCancelFlags::cancel(int id)
{
    if (const auto it = m_flags.find(id); it != m_flags.end())
        it->second->store(true);
}

void JobCancelFlags::cancelAll()
{
    for (auto& [id, flag] : m_flags)
        flag->store(true);
}

} // namespace kinemark
