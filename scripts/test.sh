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
# threaded ones), both built with clang-14 in build-fuzz and build-tsan.
scripts/fuzz.sh 30
scripts/sanitize.sh --ci
