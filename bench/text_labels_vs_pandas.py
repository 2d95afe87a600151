#!/usr/bin/python3
"""Text-label benchmark (issue #18): Kinemark's DelimitedTextReader against
pandas on the same two CSV files, one with integer class ids and one with the
class names as text, both timed best of N on a warm page cache.

Run with Debian's interpreter (python3-pandas, python3-numpy):

    /usr/bin/python3 bench/text_labels_vs_pandas.py [--build build] [--rows 1000000] [--repeat 5]

bench_text_labels --keep --json writes the files (the demo's rows: time in
seconds, x, y, z, label; unlabelled rows as -1 and as null) and times
Kinemark; this script then reads the same files with pandas as a researcher
would: pd.read_csv of the integer file, and pd.read_csv of the text file
followed by pd.factorize of its label column (texts -> class codes; null is
one of read_csv's default missing values, so it becomes code -1). It also
times the other usual way, read_csv with dtype={"label": "category"}.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from bench_machine import cpu_model, warm

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLUMNS = ["x", "y", "z"]


def best_of(repeat, work):
    """Runs work() `repeat` times; returns (times, last result). The previous
    result is freed before each run, outside the timed region."""
    times = []
    result = None
    for _ in range(repeat):
        result = None
        t0 = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - t0)
    return times, result


def read_integer(path):
    return pd.read_csv(path)


def read_text_factorize(path):
    frame = pd.read_csv(path)
    codes, names = pd.factorize(frame["label"])
    return frame, codes, names


def read_text_category(path):
    frame = pd.read_csv(path, dtype={"label": "category"})
    return frame, frame["label"].cat.codes.to_numpy()


def check_samples(side, kinemark, frame, problems):
    if kinemark["rows"] != len(frame):
        problems.append(f"{side} rows: Kinemark {kinemark['rows']}, pandas {len(frame)}")
    for column in COLUMNS:
        values = frame[column].to_numpy(dtype=np.float64)
        expected = float(values.sum())
        got = kinemark["sums"].get(column)
        # Kinemark stores float32: each value is within 6e-8 relative of the text.
        tolerance = 1e-6 * float(np.abs(values).sum()) + 1e-6
        if got is None or abs(got - expected) > tolerance:
            problems.append(f"{side} sum of {column}: Kinemark {got}, pandas {expected:.6f}")


def check_counts(side, kinemark, unlabelled, counts, problems):
    if kinemark["unlabelled"] != unlabelled:
        problems.append(f"{side} unlabelled rows: Kinemark {kinemark['unlabelled']}, "
                        f"pandas {unlabelled}")
    if kinemark["label_counts"] != counts:
        problems.append(f"{side} rows per class: Kinemark {kinemark['label_counts']}, "
                        f"pandas {counts}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(REPO, "build"),
                        help="build directory holding bench/bench_text_labels (default: build)")
    parser.add_argument("--dir", help="where the two CSV files go (default: <build>/bench)")
    parser.add_argument("--rows", type=int, default=1000000,
                        help="rows per file (24 h at 50 Hz: 4320000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per reader; the best counts")
    parser.add_argument("--keep", action="store_true", help="leave the two CSV files in --dir")
    args = parser.parse_args()

    exe = os.path.join(args.build, "bench", "bench_text_labels")
    if not os.access(exe, os.X_OK):
        sys.exit(f"{exe} not found: build it first "
                 f"(cmake --build {args.build} --target bench_text_labels)")
    folder = args.dir or os.path.join(args.build, "bench")
    os.makedirs(folder, exist_ok=True)
    load_start = os.getloadavg()

    # Kinemark, in its own process: it writes both files, then times only the
    # read calls (integer file, then text file with --unlabelled null).
    run = subprocess.run([exe, "--rows", str(args.rows), "--repeat", str(args.repeat),
                          "--dir", folder, "--keep", "--json"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"bench_text_labels failed:\n{run.stderr.strip()}")
    kinemark = json.loads(run.stdout.strip().splitlines()[-1])
    k_int, k_text = kinemark["integer"], kinemark["text"]
    integer_path, text_path = k_int["file"], k_text["file"]

    try:
        warm(integer_path)
        int_times, int_frame = best_of(args.repeat, lambda: read_integer(integer_path))
        warm(text_path)
        fac_times, (text_frame, codes, names) = best_of(
            args.repeat, lambda: read_text_factorize(text_path))
        cat_times, (cat_frame, cat_codes) = best_of(
            args.repeat, lambda: read_text_category(text_path))
        # How much of the text run is factorize alone (on the frame just read).
        factorize_times, _ = best_of(args.repeat, lambda: pd.factorize(text_frame["label"]))
    finally:
        if not args.keep:
            for path in (integer_path, text_path):
                os.remove(path)
    load_end = os.getloadavg()

    # Both must have read the same samples and the same labels.
    problems = []
    check_samples("integer file:", k_int, int_frame, problems)
    check_samples("text file:", k_text, text_frame, problems)
    id_to_name = {cid: name for name, cid in kinemark["classes"].items()}
    ids = int_frame["label"].to_numpy()
    int_counts = {id_to_name.get(int(i), f"class {i}"): int(n)
                  for i, n in zip(*np.unique(ids[ids != -1], return_counts=True))}
    check_counts("integer file:", k_int, int(np.count_nonzero(ids == -1)), int_counts, problems)
    present = np.bincount(codes[codes >= 0], minlength=len(names))
    text_counts = {str(name): int(n) for name, n in zip(names, present)}
    check_counts("text file:", k_text, int(np.count_nonzero(codes == -1)), text_counts, problems)
    if not np.array_equal(cat_codes == -1, codes == -1):
        problems.append("text file: category dtype and factorize disagree on unlabelled rows")

    k_ratio = k_text["best_s"] / k_int["best_s"]
    p_ratio = min(fac_times) / min(int_times)
    c_ratio = min(cat_times) / min(int_times)
    rows = k_int["rows"]
    print(f"Text labels against integer labels: {rows:,} rows; integer file "
          f"{k_int['megabytes']:.1f} MB, text file {k_text['megabytes']:.1f} MB ({folder})")
    print(f"machine: {os.cpu_count()} logical CPUs, {cpu_model()}; "
          f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}")
    print("load average (1 min): {:.1f} at the start, {:.1f} at the end".format(
        load_start[0], load_end[0]))
    header = f"{'':34}{'first run':>11}{'best of ' + str(args.repeat):>12}{'MB/s':>7}"
    print(header)

    def row(name, times, megabytes):
        print(f"{name:34}{times[0]:>9.3f} s{min(times):>10.3f} s{megabytes / min(times):>7.0f}")

    row("Kinemark, integer labels", k_int["runs_s"], k_int["megabytes"])
    row("Kinemark, text labels", k_text["runs_s"], k_text["megabytes"])
    row("pandas read_csv, integer labels", int_times, k_int["megabytes"])
    row("pandas read_csv + factorize, text", fac_times, k_text["megabytes"])
    row("pandas read_csv, text as category", cat_times, k_text["megabytes"])
    print(f"  (of which pd.factorize alone: best {min(factorize_times):.3f} s)")
    print(f"ratio text / integer: Kinemark {k_ratio:.2f}, pandas (factorize) {p_ratio:.2f}, "
          f"pandas (category) {c_ratio:.2f}  (Kinemark: at most 1.5 wanted: "
          f"{'met' if k_ratio <= 1.5 else 'NOT met'})")
    print(f"speed-up Kinemark / pandas: integer labels {min(int_times) / k_int['best_s']:.1f}x, "
          f"text labels {min(fac_times) / k_text['best_s']:.1f}x (factorize), "
          f"{min(cat_times) / k_text['best_s']:.1f}x (category)")
    if problems:
        print("DISAGREEMENT between the readers:")
        for p in problems:
            print(f"  {p}")
        return 1
    print("agreement: same rows, column sums within float32 rounding, "
          "same rows per class and unlabelled rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
