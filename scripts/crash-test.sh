#!/usr/bin/env bash
# The full crash test of annotation editing (issue #4): a worker applies random
# edits through the editing and journal code and is killed with SIGKILL at random
# moments; after every kill the project file must open and every edit older than
# one second must come back from the journal. ctest runs a short form (12 trials).
#
#   scripts/crash-test.sh [TRIALS] [BUILD_DIR]     (default 150 trials, build/)
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-150}"
build="${2:-build}"
if [ ! -x "$build/tests/core/editing/tst_crash" ]; then
    cmake --build "$build" --target tst_crash
fi
KINEMARK_CRASH_TRIALS="$trials" QT_QPA_PLATFORM=offscreen "$build/tests/core/editing/tst_crash"
