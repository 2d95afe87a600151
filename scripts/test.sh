#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install dependencies, build, and
# run every test (Qt Test suites through ctest, headless).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The house rules first (seconds): include arrows of docs/architecture.md, .clang-format.
scripts/check-layers.sh
scripts/check-format.sh
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
(cd build && ctest --output-on-failure --parallel "$(nproc)" --timeout 900)
# Hostile input (docs/reliability.md): every fuzz harness for 30 s, then the
# sanitizer suites CI's time affords (ASan+UBSan of core's suites, TSan of the
# threaded ones), both built with clang-14 in build-fuzz and build-tsan. The fuzz
# run is fixed (seed and count), so it fails only when the code changed.
FUZZ_SEED=1 FUZZ_RUNS=4000 FUZZ_FRESH=1 scripts/fuzz.sh 30
scripts/sanitize.sh --ci
