#pragma once

#include <QProcessEnvironment>

namespace kinemark::test {

// What the tests that start several ranks on loopback share: a port for the
// rendezvous, and the test's own environment without any launcher's
// variables (ctest itself may run under Slurm or mpirun, whose RANK or
// OMPI_COMM_WORLD_* would otherwise decide the ranks' roles).
int freeLoopbackPort();
QProcessEnvironment environmentWithoutLauncher();

} // namespace kinemark::test
