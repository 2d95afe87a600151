#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install dependencies, build, and
# start Kinemark on its built-in demo recording.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # No screen (ssh, container): render the demo to a PNG instead of a window.
  echo "No display found: rendering the demo window to demo.png"
  xvfb-run -a build/app/kinemark --screenshot demo.png
  echo "Wrote $(pwd)/demo.png"
else
  exec build/app/kinemark "$@"
fi
