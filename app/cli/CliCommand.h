#pragma once

namespace kinemark {

// Exit codes shared by every `kinemark-cli` command.
enum CliExit
{
    ExitOk = 0,
    ExitFailure = 1,
    ExitUsage = 2
};

} // namespace kinemark
