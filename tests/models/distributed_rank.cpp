// One rank of tst_processgroup's runs, started by the test (or by mpirun) with
// a launcher's environment: joins the process group and runs the collectives
// the mode names, printing what it received so the test can check the sums.
//
//   distributed_rank collectives TIMEOUT_MS
//       rank 0 broadcasts 0.5*i + 7; every rank then all-reduces (rank+1)*(i+1)
//       and prints "sum i value" for a few i, then meets the others at a barrier.
//   distributed_rank leave TIMEOUT_MS LEAVING_RANK
//       after the broadcast LEAVING_RANK ends its process without a word (as a
//       crash or a killed node would); the others try the all-reduce.
//   distributed_rank stop TIMEOUT_MS STOPPING_RANK
//       STOPPING_RANK says why it stops (a NaN loss) and leaves; the others try
//       the all-reduce.
// A DistributedError is printed on stderr and ends the rank with exit code 1.
#include "models/distributed/DistributedError.h"
#include "models/distributed/LaunchEnvironment.h"
#include "models/distributed/ProcessGroup.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace kinemark;

int main(int argc, char** argv)
{
    if (argc < 3)
        return 2;
    const std::string mode = argv[1];
    const std::chrono::milliseconds timeout{std::atoi(argv[2])};
    const int leaving = argc > 3 ? std::atoi(argv[3]) : -1;
    try {
        ProcessGroup group(LaunchEnvironment::fromSystem(), timeout);
        const int rank = group.rank();
        const size_t n = 1000;

        std::vector<float> values(n, 0.0f);
        if (rank == 0)
            for (size_t i = 0; i < n; ++i)
                values[i] = 0.5f * float(i) + 7.0f;
        group.broadcast(values);
        for (size_t i = 0; i < n; ++i)
            if (values[i] != 0.5f * float(i) + 7.0f) {
                std::fprintf(stderr, "rank %d: broadcast gave %g at %zu\n", rank, values[i], i);
                return 3;
            }
        std::printf("broadcast ok\n");
        std::fflush(stdout);

        if (mode == "leave" && rank == leaving)
            std::_Exit(0);
        if (mode == "stop" && rank == leaving) {
            group.reportFailure("the loss became NaN at epoch 1");
            return 1;
        }

        for (size_t i = 0; i < n; ++i)
            values[i] = float(rank + 1) * float(i + 1);
        group.allReduceSum(values);
        for (size_t i : {size_t(0), size_t(1), size_t(499), n - 1})
            std::printf("sum %zu %.1f\n", i, double(values[i]));
        group.barrier();
        std::printf("done\n");
    } catch (const DistributedError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
