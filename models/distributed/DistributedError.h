#pragma once

#include "models/TrainingError.h"

namespace kinemark {

// A data-parallel run that cannot go on: the launcher's environment is
// inconsistent, the ranks did not meet at the rendezvous, or a rank was lost
// mid-run. A TrainingError, so the CLI and the trainers report it as they
// report any training that stopped; what() names the variable or the rank.
class DistributedError : public TrainingError
{
public:
    explicit DistributedError(const std::string& what) : TrainingError(what) {}
};

} // namespace kinemark
