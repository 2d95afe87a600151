#pragma once

// Internal to models/: includes LibTorch.
#include "models/internal/LibTorch.h"

#include <ATen/CPUGeneratorImpl.h>
#include <mutex>

namespace kinemark {

// The state of LibTorch's default CPU generator (dropout masks, weight
// initialisation), taken when made and put back by restore(): a side
// computation (the fine-tuning test hook's parent loss) can then draw the
// same random numbers as the step that follows it, and leave the run's
// sequence as it was.
class TorchRngState
{
public:
    TorchRngState()
    {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        m_state = generator.get_state();
    }

    void restore() const
    {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(m_state);
    }

private:
    torch::Tensor m_state;
};

} // namespace kinemark
