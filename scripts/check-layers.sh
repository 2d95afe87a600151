#!/usr/bin/env bash
# Checks the include rules of docs/architecture.md on the tracked sources:
# - every project include is written from the repository root (core/, models/,
#   widgets/, app/, tests/), never a bare file name;
# - core includes neither widgets, models, app nor LibTorch;
# - widgets includes neither models, app nor LibTorch; models includes neither
#   widgets nor app;
# - models/internal/ (LibTorch) is included only inside models/ (and by the
#   optimiser's white-box test and the model-security test, which builds
#   malicious and legacy archives with LibTorch's own writers);
# - fuzz/ (the fuzz harnesses) includes core, models/file, models/registry and
#   tests/support only: no LibTorch, widgets or app.
# Prints every offending line and exits 1 if there is one.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
report() { # $1 = rule, then grep output lines
  local rule=$1; shift
  if [ -n "$*" ]; then echo "$rule:"; echo "$*" | sed 's/^/  /'; status=1; fi
}
sources() { git ls-files -- "$@" | grep -E '\.(cpp|h)$'; }
grep_in() { # $1 = pattern, rest = paths
  local pattern=$1; shift
  local files; files=$(sources "$@")
  [ -z "$files" ] && return 0
  grep -nHE "$pattern" $files
}
report "bare include of a project header (write it from the repository root)" \
  "$(grep_in '^\s*#\s*include\s*"[A-Za-z0-9_]+\.h"' core models widgets app tests bench fuzz)"
report "core includes another layer or LibTorch" \
  "$(grep_in '^\s*#\s*include\s*[<"](widgets/|models/|app/|torch/|ATen/|c10/|qcustomplot|QtWidgets|QWidget)' core)"
report "widgets includes models, app or LibTorch" \
  "$(grep_in '^\s*#\s*include\s*[<"](models/|app/|torch/|ATen/|c10/)' widgets)"
report "models includes widgets or app" \
  "$(grep_in '^\s*#\s*include\s*[<"](widgets/|app/|qcustomplot|QtWidgets|QWidget)' models)"
report "fuzz includes LibTorch, widgets, app or models beyond file/ and registry/" \
  "$(grep_in '^\s*#\s*include\s*[<"](widgets/|app/|torch/|ATen/|c10/|qcustomplot|QtWidgets|models/(internal|training|inference|generation|runtime)/)' fuzz)"
report "models/internal/ (LibTorch) included outside models/" \
  "$(grep_in '^\s*#\s*include\s*"models/internal/' core widgets app bench tests | grep -vE '^tests/models/tst_(optimiser|modelsecurity).cpp:')"
report "LibTorch included outside models/" \
  "$(grep_in '^\s*#\s*include\s*<(torch/|ATen/|c10/)' core widgets app bench tests | grep -vE '^tests/models/tst_(optimiser|modelsecurity).cpp:')"
[ $status -eq 0 ] && echo "Layer check: includes follow docs/architecture.md"
exit $status
