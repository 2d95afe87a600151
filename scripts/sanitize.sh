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
# ignore_noninstrumented_modules: what Qt and other uninstrumented libraries do
# through libc (Qt Test's watchdog thread and its QWaitCondition, allocations)
# is not checked; every access of Kinemark's own code still is (see tsan.supp).
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1:suppressions=$supp/tsan.supp"

# Test areas (ctest names) of the core suites: tests/core/<concept>/tst_<area>.cpp.
core_areas=()
for f in tests/core/*/tst_*.cpp; do
  area="$(basename "$f" .cpp)"
  core_areas+=("${area#tst_}")
done
all_areas=()
for f in tests/*/tst_*.cpp tests/*/*/tst_*.cpp; do
  area="$(basename "$f" .cpp)"
  all_areas+=("${area#tst_}")
done
# ThreadSanitizer in --ci: the suites whose code under test runs threads, as
# "area" (every function) or "area:function" (the chunk pipeline's functions
# of projectfile: saving, reading, progress, cancel, an error in a worker; the
# whole suite takes ~6 minutes under TSan).
tsan_ci=(readers dsp devices
  projectfile:roundTripIsExact projectfile:roundTripOddShapes projectfile:saveReportsProgress
  projectfile:cancelledSaveKeepsOldFile projectfile:openRejectsCorruptChunk projectfile:openCancelled)
# Test functions left out under the sanitizers, by name:
# - functions that bound wall time for a build without instrumentation (ASan
#   makes the code 2-5x slower, TSan 5-15x); the same functions run in the
#   normal ctest run: hostiledevices' gt3xLogOfZerosIsScannedOnce (< 8 s);
# - under TSan only, functions that start a process (QProcess: kinemark-cli,
#   python3): clang-14's TSan runtime fails its own check in the child that Qt
#   creates with clone() ("CHECK failed: tsan_rtl.cpp:234 ((!thr->slot)) !=
#   (0)" in ForkAfter), before the child runs any of our code. The ASan+UBSan
#   run covers them.
time_bound=(gt3xLogOfZerosIsScannedOnce)
tsan_starts_process=(twoSensorImportThroughRegistryAndCli h5pyReadsOurFile)

cli="$root/build/app/kinemark-cli"
need_cli() {
  if [ ! -x "$cli" ]; then
    echo "sanitize.sh: $cli is missing; building it (scripts/build.sh's build)"
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build build --target kinemark-cli --parallel 2
  fi
}

# run_suites <label> <build dir> <entry...>: builds the suites of the entries
# ("area": every test function, "area:function": that one; "fuzz_regressions":
# the ctest test) and runs each Qt Test executable itself with its chosen
# functions minus those named in the array `skip` (ctest cannot choose them).
run_suites() {
  local label="$1" dir="$2"
  shift 2
  local areas=() targets=() entry area regressions=0
  for entry in "$@"; do
    area="${entry%%:*}"
    if [ "$area" = fuzz_regressions ]; then
      regressions=1
      targets+=(kinemark_fuzz_regressions)
    elif [[ " ${areas[*]} " != *" $area "* ]]; then
      areas+=("$area")
      targets+=("tst_$area")
    fi
  done
  echo "sanitize.sh: $label: building ${#targets[@]} suites in $dir"
  local start=$SECONDS
  ninja -C "$dir" -j2 "${targets[@]}" >"$dir/sanitize-build.log" 2>&1 || {
    tail -40 "$dir/sanitize-build.log"
    return 1
  }
  echo "sanitize.sh: $label: built in $((SECONDS - start)) s; running"
  start=$SECONDS
  local failed=0
  for area in "${areas[@]}"; do
    local exe functions=() run=() f
    exe="$(find "$root/$dir/tests" -type f -name "tst_$area" -perm -u+x | head -1)"
    for entry in "$@"; do
      if [ "$entry" = "$area" ]; then
        mapfile -t functions < <("$exe" -functions | sed 's/()$//')
        break
      elif [ "${entry%%:*}" = "$area" ]; then
        functions+=("${entry#*:}")
      fi
    done
    for f in "${functions[@]}"; do
      [[ " ${skip[*]} " == *" $f "* ]] || run+=("$f")
    done
    local log="$root/$dir/sanitize-$area.log" t=$SECONDS
    if (cd "$(dirname "$exe")" && "$exe" "${run[@]}" >"$log" 2>&1); then
      echo "  $area: ${#run[@]} functions passed ($((SECONDS - t)) s)"
    else
      echo "  $area: FAILED ($((SECONDS - t)) s; $log)"
      grep -E "WARNING: .*Sanitizer|ERROR: .*Sanitizer|runtime error|SUMMARY|FAIL!|CHECK failed" -A12 "$log" | head -60
      failed=1
    fi
  done
  if [ "$regressions" = 1 ]; then
    (cd "$dir" && ctest --output-on-failure -R '^fuzz_regressions$') >"$root/$dir/sanitize-fuzz_regressions.log" 2>&1 &&
      echo "  fuzz_regressions: passed" || {
      echo "  fuzz_regressions: FAILED"
      tail -40 "$root/$dir/sanitize-fuzz_regressions.log"
      failed=1
    }
  fi
  echo "sanitize.sh: $label: ran in $((SECONDS - start)) s"
  return "$failed"
}

status=0
need_cli
if [ "$ci" = 1 ]; then
  kinemark_configure_sanitized build-fuzz fuzz
  skip=("${time_bound[@]}")
  run_suites "ASan+UBSan" build-fuzz "${core_areas[@]}" fuzz_regressions || status=1
  kinemark_configure_sanitized build-tsan thread
  skip=("${time_bound[@]}" "${tsan_starts_process[@]}")
  run_suites "TSan" build-tsan "${tsan_ci[@]}" || status=1
else
  kinemark_configure_sanitized build-asan address,undefined -DKINEMARK_TEST_CLI=
  skip=("${time_bound[@]}")
  run_suites "ASan+UBSan" build-asan "${all_areas[@]}" fuzz_regressions || status=1
  kinemark_configure_sanitized build-tsan thread
  skip=("${time_bound[@]}" "${tsan_starts_process[@]}")
  run_suites "TSan" build-tsan "${core_areas[@]}" || status=1
fi
if [ "$status" -ne 0 ]; then
  echo "sanitize.sh: a sanitizer or a test failed (see above)"
  exit 1
fi
echo "sanitize.sh: no sanitizer report"
