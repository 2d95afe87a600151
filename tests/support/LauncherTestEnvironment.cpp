#include "tests/support/LauncherTestEnvironment.h"

#include <QStringList>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kinemark::test {

int freeLoopbackPort()
{
    // A port nobody listens on now: the kernel's choice for a socket bound to port 0.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = 29500;
    if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

QProcessEnvironment environmentWithoutLauncher()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : env.keys())
        if (name.startsWith(QLatin1String("SLURM_")) || name.startsWith(QLatin1String("OMPI_")) ||
            name.startsWith(QLatin1String("PMIX_")) || name == QLatin1String("RANK") ||
            name == QLatin1String("WORLD_SIZE") || name == QLatin1String("LOCAL_RANK") ||
            name.startsWith(QLatin1String("MASTER_")))
            env.remove(name);
    return env;
}

} // namespace kinemark::test
