#pragma once

#include <QString>

namespace kinemark {

// The LibTorch runtime as the rest of Kinemark sees it, without torch headers.
class TorchRuntime
{
public:
    // Sets LibTorch's intra-op threads (LibTorch starts with 1 here); n <= 0 means all cores.
    static void setThreadCount(int n);
    static int threadCount();
    // "LibTorch 1.13.1, 2 threads, BLAS: OpenBLAS ..." for the log and `kinemark-cli info
    // --version`.
    static QString describe();
};

} // namespace kinemark
