#!/usr/bin/env bash
# Runs Kinemark's tests under the sanitizers (clang-14), with ctest:
# - AddressSanitizer + UndefinedBehaviorSanitizer (-fno-sanitize-recover: the
#   first report fails the test), and
# - ThreadSanitizer for the suites whose code runs on several threads: the
#   chunk pipeline of the project file, the parallel CSV and HAPT readers, the
#   threaded .cwa decoder, the spectrogram threads, t-SNE.
#
#   scripts/sanitize.sh --ci   the subset the test command runs (CI's budget):
#                              ASan+UBSan of every core suite and the fuzz
#                              regressions, in build-fuzz (the fuzzers' build,
#                              so core is compiled once for both); TSan of the
#                              threaded core suites in build-tsan. The suites
#                              that run kinemark-cli run the normal build's
#                              (build/), which must exist.
#   scripts/sanitize.sh        everything: ASan+UBSan of the whole test suite
#                              (LibTorch code included, its own instrumented
#                              kinemark-cli) in build-asan, and TSan of every
#                              core suite in build-tsan. Takes hours on 2 cores.
#
# LibTorch, Qt and HDF5 are not instrumented; scripts/sanitizers/*.supp
# suppress what they report on their own, each entry with its reason. Nothing
# in Kinemark's own code is ever suppressed. docs/reliability.md has the results.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
ci=0
[ "${1:-}" = "--ci" ] && ci=1

# shellcheck source=scripts/sanitizers/configure.sh
. scripts/sanitizers/configure.sh
supp="$root/scripts/sanitizers"
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_init_order=1:detect_stack_use_after_return=1:suppressions=$supp/asan.supp"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp"

# Test areas (ctest names) of the core suites: tests/core/<concept>/tst_<area>.cpp.
core_areas=()
for f in tests/core/*/tst_*.cpp; do
  area="$(basename "$f" .cpp)"
  core_areas+=("${area#tst_}")
done
# ThreadSanitizer in --ci: the suites whose code under test runs threads, as
# "area" (every function) or "area:function" (the chunk pipeline's functions
# of projectfile: saving, reading, progress, cancel, an error in a worker; the
# whole suite takes ~6 minutes under TSan).
tsan_ci=(readers dsp devices
  projectfile:roundTripIsExact projectfile:roundTripOddShapes projectfile:saveReportsProgress
  projectfile:cancelledSaveKeepsOldFile projectfile:openRejectsCorruptChunk projectfile:openCancelled)
# Test functions that start a process (QProcess: kinemark-cli, python3) are left
# out of the TSan runs: clang-14's TSan runtime fails its own check in the child
# that Qt creates with clone() ("CHECK failed: tsan_rtl.cpp:234 ((!thr->slot))
# != (0)" in ForkAfter), before the child runs any of our code. The ASan+UBSan
# run covers them.
tsan_starts_process=(twoSensorImportThroughRegistryAndCli h5pyReadsOurFile) # devices, projectfile

cli="$root/build/app/kinemark-cli"
need_cli() {
  if [ ! -x "$cli" ]; then
    echo "sanitize.sh: $cli is missing; building it (scripts/build.sh's build)"
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build build --target kinemark-cli --parallel 2
  fi
}

# run_suite <label> <build dir> <area...>: builds tst_<area> and runs them.
run_suite() {
  local label="$1" dir="$2"
  shift 2
  local targets=() regex=""
  for area in "$@"; do
    if [ "$area" = fuzz_regressions ]; then
      targets+=(kinemark_fuzz_regressions)
    else
      targets+=("tst_$area")
    fi
    regex="${regex:+$regex|}$area"
  done
  echo "sanitize.sh: $label: building ${#targets[@]} suites in $dir"
  local start=$SECONDS
  ninja -C "$dir" -j2 "${targets[@]}" >"$dir/sanitize-build.log" 2>&1 || {
    tail -40 "$dir/sanitize-build.log"
    return 1
  }
  echo "sanitize.sh: $label: built in $((SECONDS - start)) s; running"
  start=$SECONDS
  (cd "$dir" && ctest --output-on-failure --timeout 1800 -R "^($regex)\$") || return 1
  echo "sanitize.sh: $label: ran in $((SECONDS - start)) s"
}

# run_tsan <build dir> <area or area:function...>: builds the suites and runs
# each executable itself with the chosen functions (ctest cannot choose them),
# minus those in tsan_starts_process.
run_tsan() {
  local dir="$1"
  shift
  local areas=() entry area
  for entry in "$@"; do
    area="${entry%%:*}"
    [[ " ${areas[*]} " == *" $area "* ]] || areas+=("$area")
  done
  local targets=("${areas[@]/#/tst_}")
  echo "sanitize.sh: TSan: building ${#targets[@]} suites in $dir"
  local start=$SECONDS
  ninja -C "$dir" -j2 "${targets[@]}" >"$dir/sanitize-build.log" 2>&1 || {
    tail -40 "$dir/sanitize-build.log"
    return 1
  }
  echo "sanitize.sh: TSan: built in $((SECONDS - start)) s; running"
  start=$SECONDS
  local failed=0
  for area in "${areas[@]}"; do
    local exe
    exe="$(find "$dir/tests" -type f -name "tst_$area" -perm -u+x | head -1)"
    local functions=()
    for entry in "$@"; do
      if [ "$entry" = "$area" ]; then
        mapfile -t functions < <("$exe" -functions | sed 's/()$//')
        break
      elif [ "${entry%%:*}" = "$area" ]; then
        functions+=("${entry#*:}")
      fi
    done
    local run=()
    for f in "${functions[@]}"; do
      [[ " ${tsan_starts_process[*]} " == *" $f "* ]] || run+=("$f")
    done
    echo "sanitize.sh: TSan: $area (${#run[@]} functions)"
    (cd "$(dirname "$exe")" && "$exe" "${run[@]}" >"$root/$dir/tsan-$area.log" 2>&1) || {
      grep -E "WARNING: ThreadSanitizer|SUMMARY|FAIL!|CHECK failed" -A12 "$root/$dir/tsan-$area.log" | head -60
      failed=1
    }
    tail -2 "$root/$dir/tsan-$area.log" | head -1
  done
  echo "sanitize.sh: TSan: ran in $((SECONDS - start)) s"
  return "$failed"
}

status=0
if [ "$ci" = 1 ]; then
  need_cli
  kinemark_configure_sanitized build-fuzz fuzz
  run_suite "ASan+UBSan" build-fuzz "${core_areas[@]}" fuzz_regressions || status=1
  kinemark_configure_sanitized build-tsan thread
  run_tsan build-tsan "${tsan_ci[@]}" || status=1
else
  need_cli
  kinemark_configure_sanitized build-asan address,undefined -DKINEMARK_TEST_CLI=
  echo "sanitize.sh: ASan+UBSan: building everything in build-asan"
  ninja -C build-asan -j2 >build-asan/sanitize-build.log 2>&1 || {
    tail -40 build-asan/sanitize-build.log
    exit 1
  }
  (cd build-asan && ctest --output-on-failure --timeout 3600) || status=1
  kinemark_configure_sanitized build-tsan thread
  run_tsan build-tsan "${core_areas[@]}" || status=1
fi
if [ "$status" -ne 0 ]; then
  echo "sanitize.sh: a sanitizer or a test failed (see above)"
  exit 1
fi
echo "sanitize.sh: no sanitizer report"
