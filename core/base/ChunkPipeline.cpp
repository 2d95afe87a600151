#include "core/base/ChunkPipeline.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace kinemark {

ChunkPipeline::ChunkPipeline(int threads, size_t inFlight)
    : m_threads(threads > 0 ? threads : defaultThreadCount()),
      m_slots(std::max<size_t>(1, inFlight))
{}

int ChunkPipeline::defaultThreadCount()
{
    const unsigned cores = std::thread::hardware_concurrency();
    return int(std::clamp(cores, 1u, 8u));
}

void ChunkPipeline::run(size_t count, const Stage& produce, const Stage& process,
                        const Stage& consume) const
{
    if (count == 0)
        return;
    const auto call = [](const Stage& stage, size_t job, size_t slot) {
        if (stage)
            stage(job, slot);
    };
    if (m_threads <= 1 || count == 1 || !process) {
        for (size_t job = 0; job < count; ++job) {
            call(produce, job, 0);
            call(process, job, 0);
            call(consume, job, 0);
        }
        return;
    }

    // Shared state. `done[slot]` marks the job occupying the slot as processed.
    std::mutex mutex;
    std::condition_variable workAvailable;
    std::condition_variable jobDone;
    std::deque<size_t> queue;
    std::vector<char> done(m_slots, 0);
    bool stopping = false;
    std::exception_ptr workerError;

    const size_t workerCount = std::min<size_t>(size_t(m_threads), count);
    std::vector<std::thread> workers;
    workers.reserve(workerCount);

    const auto worker = [&] {
        for (;;) {
            size_t job = 0;
            {
                std::unique_lock<std::mutex> lock(mutex);
                workAvailable.wait(lock, [&] { return stopping || !queue.empty(); });
                if (stopping)
                    return;
                job = queue.front();
                queue.pop_front();
            }
            const size_t slot = job % m_slots;
            try {
                process(job, slot);
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!workerError)
                    workerError = std::current_exception();
                stopping = true;
                workAvailable.notify_all();
                jobDone.notify_all();
                return;
            }
            std::lock_guard<std::mutex> lock(mutex);
            done[slot] = 1;
            jobDone.notify_all();
        }
    };

    // Stops and joins the workers however run() is left (normal end, an
    // exception from produce/consume, or a worker's error).
    struct Joiner
    {
        std::mutex& mutex;
        bool& stopping;
        std::condition_variable& workAvailable;
        std::vector<std::thread>& workers;
        ~Joiner()
        {
            {
                std::lock_guard<std::mutex> lock(mutex);
                stopping = true;
            }
            workAvailable.notify_all();
            for (std::thread& t : workers)
                t.join();
        }
    } joiner{mutex, stopping, workAvailable, workers};

    for (size_t i = 0; i < workerCount; ++i)
        workers.emplace_back(worker);

    size_t nextProduce = 0;
    for (size_t nextConsume = 0; nextConsume < count; ++nextConsume) {
        while (nextProduce < count && nextProduce - nextConsume < m_slots) {
            const size_t slot = nextProduce % m_slots;
            call(produce, nextProduce, slot);
            std::lock_guard<std::mutex> lock(mutex);
            done[slot] = 0;
            queue.push_back(nextProduce);
            workAvailable.notify_one();
            ++nextProduce;
        }
        const size_t slot = nextConsume % m_slots;
        {
            std::unique_lock<std::mutex> lock(mutex);
            jobDone.wait(lock, [&] { return done[slot] || workerError; });
            if (workerError)
                std::rethrow_exception(workerError);
        }
        call(consume, nextConsume, slot);
    }
}

} // namespace kinemark
