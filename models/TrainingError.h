#pragma once

#include <stdexcept>
#include <string>

namespace kinemark {

// A training run that cannot go on (no windows, a loss that became NaN or
// infinite, incompatible data); what() says what happened and what to try.
class TrainingError : public std::runtime_error
{
public:
    explicit TrainingError(const std::string& what) : std::runtime_error(what) {}
};

} // namespace kinemark
