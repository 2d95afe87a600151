#pragma once

#include <cstddef>
#include <functional>

namespace kinemark {

// Runs numbered jobs 0..count-1 through three stages:
//   produce(job, slot)  on the calling thread, in job order,
//   process(job, slot)  on worker threads, in parallel,
//   consume(job, slot)  on the calling thread, in job order.
// This is how the project file keeps every HDF5 call on one thread (reading or
// writing a chunk's bytes) while zlib work, which dominates, runs on all cores.
// At most `inFlight` jobs are between produce and consume at any time, and a job
// uses slot `job % inFlight`, so the caller can preallocate one buffer set per
// slot and memory stays bounded however long the dataset is.
//
// An exception from any stage (Cancelled from consume, a FormatError from
// process) stops the pipeline: workers finish their current job, are joined,
// and the first exception is rethrown on the calling thread.
class ChunkPipeline
{
public:
    using Stage = std::function<void(size_t job, size_t slot)>;

    // threads <= 0 means one per core (at least 1). With one job, or one
    // thread, everything runs inline on the calling thread.
    ChunkPipeline(int threads, size_t inFlight);

    size_t slotCount() const { return m_slots; }
    int threadCount() const { return m_threads; }

    // Empty stages are skipped.
    void run(size_t count, const Stage& produce, const Stage& process, const Stage& consume) const;

    // The default worker count: the machine's cores, at most 8.
    static int defaultThreadCount();

private:
    int m_threads;
    size_t m_slots;
};

} // namespace kinemark
