#include "models/runtime/TorchRuntime.h"

#include <QFile>
#include <QThread>
#include <torch/torch.h>

namespace kinemark {

void TorchRuntime::setThreadCount(int n)
{
    at::set_num_threads(n > 0 ? n : std::max(1, QThread::idealThreadCount()));
}

int TorchRuntime::threadCount()
{
    return at::get_num_threads();
}

namespace {
// Which libblas.so.3 the process really loaded: Debian's LibTorch links the
// alternative, and reference BLAS is ~60x slower than OpenBLAS.
QString loadedBlas()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    const QByteArray text = maps.readAll();
    for (const QByteArray& line : text.split('\n')) {
        if (line.contains("openblas"))
            return QStringLiteral("OpenBLAS");
        if (line.contains("libmkl"))
            return QStringLiteral("MKL");
        if (line.contains("blis"))
            return QStringLiteral("BLIS");
    }
    return QStringLiteral("reference BLAS (slow: install libopenblas0-openmp)");
}
} // namespace

QString TorchRuntime::describe()
{
    return QStringLiteral("LibTorch %1, %2 threads, BLAS: %3")
        .arg(QStringLiteral("%1.%2.%3")
                 .arg(TORCH_VERSION_MAJOR)
                 .arg(TORCH_VERSION_MINOR)
                 .arg(TORCH_VERSION_PATCH))
        .arg(at::get_num_threads())
        .arg(loadedBlas());
}

} // namespace kinemark
