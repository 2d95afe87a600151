#include "core/base/ChunkPipeline.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace kinemark {

namespace {

// The worker threads of one run() and the state they share with the calling
// thread: the queue of produced jobs, and `done[slot]`, which marks the job
// occupying the slot as processed. The first error of a worker stops them
// all and is rethrown on the calling thread. The destructor stops and joins
// the workers.
class Workers
{
public:
    Workers(const ChunkPipeline::Stage& process, size_t slots, size_t count)
        : m_process(process), m_slots(slots), m_done(slots, 0)
    {
        m_threads.reserve(count);
        try {
            for (size_t i = 0; i < count; ++i)
                m_threads.emplace_back([this] { work(); });
        } catch (...) {
            stopAndJoin(); // the threads started so far
            throw;
        }
    }
    ~Workers() { stopAndJoin(); }
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    // Hands a produced job (occupying `slot`) to the workers.
    void enqueue(size_t job, size_t slot)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_done[slot] = 0;
        m_queue.push_back(job);
        m_workAvailable.notify_one();
    }

    // Waits until the job in `slot` is processed; rethrows a worker's error.
    void waitUntilProcessed(size_t slot)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_jobDone.wait(lock, [&] { return m_done[slot] || m_error; });
        if (m_error)
            std::rethrow_exception(m_error);
    }

private:
    void stopAndJoin()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stopping = true;
        }
        m_workAvailable.notify_all();
        for (std::thread& t : m_threads)
            t.join();
    }

    void work()
    {
        for (;;) {
            size_t job = 0;
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_workAvailable.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
                if (m_stopping)
                    return;
                job = m_queue.front();
                m_queue.pop_front();
            }
            const size_t slot = job % m_slots;
            try {
                m_process(job, slot);
            } catch (...) {
                std::lock_guard<std::mutex> lock(m_mutex);
                if (!m_error)
                    m_error = std::current_exception();
                m_stopping = true;
                m_workAvailable.notify_all();
                m_jobDone.notify_all();
                return;
            }
            std::lock_guard<std::mutex> lock(m_mutex);
            m_done[slot] = 1;
            m_jobDone.notify_all();
        }
    }

    const ChunkPipeline::Stage& m_process;
    const size_t m_slots;
    std::mutex m_mutex;
    std::condition_variable m_workAvailable;
    std::condition_variable m_jobDone;
    std::deque<size_t> m_queue;
    std::vector<char> m_done;
    bool m_stopping = false;
    std::exception_ptr m_error;
    std::vector<std::thread> m_threads;
};

} // namespace

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

    // Stops and joins the workers however run() is left (normal end, an
    // exception from produce/consume, or a worker's error).
    Workers workers(process, m_slots, std::min<size_t>(size_t(m_threads), count));
    size_t nextProduce = 0;
    for (size_t nextConsume = 0; nextConsume < count; ++nextConsume) {
        while (nextProduce < count && nextProduce - nextConsume < m_slots) {
            const size_t slot = nextProduce % m_slots;
            call(produce, nextProduce, slot);
            workers.enqueue(nextProduce, slot);
            ++nextProduce;
        }
        const size_t slot = nextConsume % m_slots;
        workers.waitUntilProcessed(slot);
        call(consume, nextConsume, slot);
    }
}

} // namespace kinemark
