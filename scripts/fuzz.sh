#!/usr/bin/env bash
# Builds (if needed) and runs every libFuzzer harness of fuzz/ for SECONDS each
# (default 60), two at a time, and writes a summary of executions, coverage
# and corpus size per harness. Exits non-zero when any harness found a crash,
# a sanitizer report, a timeout (> 10 s for one input), a leak or an
# out-of-memory (> 2048 MB resident or one allocation > 1024 MB), printing the
# reproducer: feed it to the harness again with
#   build-fuzz/fuzz/fuzz_<reader> <reproducer>
# and, once fixed, copy it to fuzz/regressions/<reader>/ (the ctest test
# fuzz_regressions then keeps it fixed). docs/reliability.md has the figures.
#
#   scripts/fuzz.sh [SECONDS] [READER...]     e.g. scripts/fuzz.sh 120 cwa gt3x
#
# Environment: FUZZ_BUILD (default build-fuzz), FUZZ_PARALLEL (default 2),
# FUZZ_SEED and FUZZ_RUNS (libFuzzer's -seed and -runs: with both, a run is the
# same on every machine, so the test command's short run fails only when the
# code changed, never by the luck of a random seed), FUZZ_FRESH=1 (start from
# the seeds only, not from the corpus of earlier runs).
# The seeds are made on the fly in the build folder, never committed: the
# generated files of kinemark_fuzz_seeds (Kinemark's writers and the tests'),
# the hand-written fuzz/seeds/<reader>/ and slices of ../shared/data where it
# exists. The corpus each harness grows stays in <build>/fuzz-run/corpus/ and
# is the starting point of the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
seconds="${1:-60}"
shift || true
build="${FUZZ_BUILD:-build-fuzz}"
parallel="${FUZZ_PARALLEL:-2}"
all_readers=(csv harth hapt cwa gt3x gt3x_log geneactiv label_csv segment_csv elan project model
  tensor_archive)
readers=("$@")
[ "${#readers[@]}" -gt 0 ] || readers=("${all_readers[@]}")

# shellcheck source=scripts/sanitizers/configure.sh
. scripts/sanitizers/configure.sh
if [ ! -f "$build/build.ninja" ]; then
  kinemark_configure_sanitized "$build" fuzz
fi
ninja -C "$build" -j2 fuzzers >"$build/fuzz-build.log" 2>&1 || {
  tail -40 "$build/fuzz-build.log"
  exit 1
}

run="$root/$build/fuzz-run"
seeds="$run/seeds"
rm -rf "$seeds" "$run/logs" "$run/artifacts"
[ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$run/corpus"
mkdir -p "$seeds" "$run/logs" "$run/artifacts" "$run/corpus"

# Seeds: generated, hand-written, and slices of the shared data.
"$build/fuzz/kinemark_fuzz_seeds" "$seeds"
for dir in fuzz/seeds/*/; do
  reader="$(basename "$dir")"
  mkdir -p "$seeds/$reader"
  cp "$dir"* "$seeds/$reader/"
done
shared="$root/../shared/data"
if [ -d "$shared" ]; then
  slice() { # slice <reader> <file> <bytes> [prefix byte as printf escape]
    [ -f "$2" ] || return 0
    mkdir -p "$seeds/$1"
    { printf "${4:-}"; head -c "$3" "$2"; } >"$seeds/$1/shared-$(basename "$2")"
  }
  dev="$shared/device-formats"
  for f in "$dev"/*.cwa "$dev"/skdh/*.cwa; do slice cwa "$f" 16384; done
  slice geneactiv "$dev/GENEActiv_testfile.bin" 16384
  slice geneactiv "$dev/skdh/gnactv_sample.bin" 12784
  slice csv "$dev/gt3x/neo.csv" 4096 'd'
  [ -f "$shared/hapt/RawData/labels.txt" ] && head -n 60 "$shared/hapt/RawData/labels.txt" >"$seeds/hapt/shared-labels.txt"
  # A .gt3x cannot be cut (its ZIP directory is at the end): info.txt and the
  # first 8 KB of log.bin go into a new archive, and log.bin's slice alone is a
  # seed of the record parser.
  for f in "$dev"/gt3x/*.gt3x; do
    [ -f "$f" ] && command -v python3 >/dev/null || continue
    python3 - "$f" "$seeds" <<'PY'
import os, sys, zipfile
source, seeds = sys.argv[1], sys.argv[2]
name = os.path.basename(source)
with zipfile.ZipFile(source) as z:
    info = z.read("info.txt")
    log = z.open("log.bin").read(8192) if "log.bin" in z.namelist() else b""
with zipfile.ZipFile(os.path.join(seeds, "gt3x", "shared-" + name), "w") as out:
    out.writestr("info.txt", info)
    if log:
        out.writestr("log.bin", log)
if log:
    with open(os.path.join(seeds, "gt3x_log", "shared-" + name + ".bin"), "wb") as f:
        f.write(b"\x40" + log)
PY
  done
else
  echo "fuzz.sh: ../shared/data is absent; seeds are the generated and hand-written ones only"
fi

# Every harness: up to $parallel at a time, each one process on one core. Their
# scratch files (inputs for readers that take a path) go to tmpfs, in a folder
# removed at the end even when a fuzzer crashed.
scratch_base=/tmp
[ -d /dev/shm ] && scratch_base=/dev/shm
export KINEMARK_FUZZ_SCRATCH="$scratch_base/kinemark-fuzz-run-$$"
trap 'rm -rf "$KINEMARK_FUZZ_SCRATCH"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:suppressions=$root/scripts/sanitizers/asan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
# Third-party reports only (each explained in its file); the project harness
# checks HDF5's open handles itself, so a handle Kinemark forgets is still found.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0}"
fuzz_one() {
  local reader="$1"
  mkdir -p "$run/corpus/$reader" "$run/artifacts/$reader" "$seeds/$reader"
  # Inputs up to 64 KB (a project file's seeds need more: HDF5 cannot be cut).
  local max_len=65536 status=0
  [ "$reader" = project ] && max_len=262144
  "$build/fuzz/fuzz_$reader" "$run/corpus/$reader" "$seeds/$reader" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    ${FUZZ_SEED:+-seed="$FUZZ_SEED"} ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} \
    -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$run/artifacts/$reader/" \
    >"$run/logs/$reader.log" 2>&1 || status=$?
  echo "$status" >"$run/logs/$reader.exit"
}
echo "fuzz.sh: ${#readers[@]} harnesses, ${seconds} s each, $parallel at a time (logs: $run/logs)"
running=0
for reader in "${readers[@]}"; do
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz_one "$reader" &
  running=$((running + 1))
done
wait || true

# Summary: executions, coverage (edges, features) and corpus size per harness.
summary="$run/summary.txt"
{
  printf "%-12s %7s %12s %9s %7s %7s %8s %8s  %s\n" harness seconds executions exec/s cov ft corpus rss_mb result
  for reader in "${readers[@]}"; do
    log="$run/logs/$reader.log"
    execs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)"
    rate="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)"
    rss="$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)"
    last="$(grep -E '^#[0-9]+' "$log" | grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*' | tail -1 || true)"
    cov="$(echo "$last" | awk '{print $2}')"
    ft="$(echo "$last" | awk '{print $4}')"
    corpus="$(find "$run/corpus/$reader" -type f | wc -l)"
    artifacts="$(find "$run/artifacts/$reader" -type f | head -5 | tr '\n' ' ')"
    result=ok
    if [ "$(cat "$run/logs/$reader.exit" 2>/dev/null || echo 1)" != 0 ] || [ -n "$artifacts" ]; then
      result="FAILED ${artifacts:-(see $log)}"
    fi
    printf "%-12s %7s %12s %9s %7s %7s %8s %8s  %s\n" "$reader" "$seconds" "${execs:--}" "${rate:--}" \
      "${cov:--}" "${ft:--}" "$corpus" "${rss:--}" "$result"
  done
} >"$summary"
cat "$summary"
if grep -q FAILED "$summary"; then
  echo "fuzz.sh: findings above; the log of each is $run/logs/<reader>.log, the reproducer its artifact"
  for reader in "${readers[@]}"; do
    if [ "$(cat "$run/logs/$reader.exit" 2>/dev/null || echo 1)" != 0 ]; then
      echo "--- $reader:"
      grep -E 'ERROR|SUMMARY|runtime error|Test unit written|deadly signal|out-of-memory|timeout' "$run/logs/$reader.log" | head -8
    fi
  done
  exit 1
fi
echo "fuzz.sh: no crash, timeout, leak or out-of-memory (summary: $summary)"
