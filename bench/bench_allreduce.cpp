// One rank of bench/allreduce_vs_pytorch.py: the all-reduce a data-parallel
// training step pays, through Kinemark's ProcessGroup (c10d TCPStore + Gloo),
// on a buffer the size of a network's gradients. Started once per rank with a
// launcher's variables (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT, or mpirun).
//
//   bench_allreduce ELEMENTS REPEATS
// Rank 0 prints "allreduce ELEMENTS floats: median X ms, min Y ms" (after a
// warm-up), and every rank checks the sums.
#include "models/distributed/DistributedError.h"
#include "models/distributed/LaunchEnvironment.h"
#include "models/distributed/ProcessGroup.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace kinemark;

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_allreduce ELEMENTS REPEATS (under a launcher)\n");
        return 2;
    }
    const size_t elements = size_t(std::atoll(argv[1]));
    const int repeats = std::max(1, std::atoi(argv[2]));
    try {
        ProcessGroup group(LaunchEnvironment::fromSystem(), std::chrono::seconds(120));
        std::vector<float> buffer(elements);
        std::vector<double> ms;
        for (int r = -2; r < repeats; ++r) { // two warm-ups: connections, allocation
            std::fill(buffer.begin(), buffer.end(), float(group.rank() + 1));
            group.barrier();
            const auto start = std::chrono::steady_clock::now();
            group.allReduceSum(buffer);
            const auto stop = std::chrono::steady_clock::now();
            const float expected = float(group.worldSize() * (group.worldSize() + 1) / 2);
            if (buffer.front() != expected || buffer.back() != expected) {
                std::fprintf(stderr, "wrong sum %g, expected %g\n", buffer.front(), expected);
                return 1;
            }
            if (r >= 0)
                ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
        }
        group.barrier();
        std::sort(ms.begin(), ms.end());
        if (group.rank() == 0)
            std::printf("allreduce %zu floats: median %.2f ms, min %.2f ms\n", elements,
                        ms[ms.size() / 2], ms.front());
    } catch (const DistributedError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
