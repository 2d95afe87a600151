#!/usr/bin/python3
"""CSV ingest benchmark (issue #2): Kinemark's HarthCsvReader against
pandas.read_csv on the same HARTH-format file (default: 24 h, two sensors,
50 Hz = 4.32 M rows), both timed best of N on a warm page cache.

Run with Debian's interpreter (python3-pandas, python3-numpy):

    /usr/bin/python3 bench/csv_ingest.py [--build build] [--hours 24] [--repeat 5]

The file is written by bench_csv_ingest --make (the demo generator) when it
does not exist yet; the Kinemark side runs bench_csv_ingest --read --json.
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
COLUMNS = ["back_x", "back_y", "back_z", "thigh_x", "thigh_y", "thigh_z"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(REPO, "build"),
                        help="build directory holding bench/bench_csv_ingest (default: build)")
    parser.add_argument("--file", help="CSV to read (default: <build>/bench/harth-demo-<hours>h.csv)")
    parser.add_argument("--hours", type=float, default=24, help="length of a generated file")
    parser.add_argument("--repeat", type=int, default=5, help="runs per reader; the best counts")
    args = parser.parse_args()

    exe = os.path.join(args.build, "bench", "bench_csv_ingest")
    if not os.access(exe, os.X_OK):
        sys.exit(f"{exe} not found: build it first "
                 f"(cmake --build {args.build} --target bench_csv_ingest)")
    path = args.file or os.path.join(args.build, "bench", f"harth-demo-{args.hours:g}h.csv")
    if not os.path.exists(path):
        subprocess.run([exe, "--make", path, "--hours", f"{args.hours:g}"], check=True)

    megabytes = os.path.getsize(path) / 1e6
    warm(path)

    # Kinemark, in its own process (the C++ program times only the read call).
    run = subprocess.run([exe, "--read", path, "--repeat", str(args.repeat), "--json"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"bench_csv_ingest --read failed:\n{run.stderr.strip()}")
    kinemark = json.loads(run.stdout.strip().splitlines()[-1])

    # pandas with its defaults (C engine; the timestamp stays a string column),
    # which is how a HARTH file is usually loaded.
    times = []
    frame = None
    for _ in range(args.repeat):
        frame = None  # free the previous frame outside the timed region
        t0 = time.perf_counter()
        frame = pd.read_csv(path)
        times.append(time.perf_counter() - t0)
    pandas_first, pandas_best = times[0], min(times)

    # Both must have read the same numbers.
    problems = []
    if kinemark["rows"] != len(frame):
        problems.append(f"rows: Kinemark {kinemark['rows']}, pandas {len(frame)}")
    for column in COLUMNS:
        values = frame[column].to_numpy(dtype=np.float64)
        expected = float(values.sum())
        got = kinemark["sums"].get(column)
        # Kinemark stores float32: each value is within 6e-8 relative of the text.
        tolerance = 1e-6 * float(np.abs(values).sum()) + 1e-6
        if got is None or abs(got - expected) > tolerance:
            problems.append(f"sum of {column}: Kinemark {got}, pandas {expected:.6f}")
    label_sum = float(frame["label"].sum())
    if kinemark["unlabelled"] != 0 or abs(kinemark["label_sum"] - label_sum) > 0.5:
        problems.append(f"labels: Kinemark sum {kinemark['label_sum']:.0f} "
                        f"({kinemark['unlabelled']} unlabelled rows), pandas sum {label_sum:.0f}")

    k_best_rate = megabytes / kinemark["best_s"]
    p_best_rate = megabytes / pandas_best
    ratio = pandas_best / kinemark["best_s"]
    print(f"HARTH-format CSV ingest: {len(frame):,} rows, {megabytes:.1f} MB ({path})")
    print(f"machine: {os.cpu_count()} logical CPUs, {cpu_model()}; "
          f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}")
    print(f"{'':22}{'first run':>12}{'best of ' + str(args.repeat):>12}{'MB/s (best)':>14}")
    print(f"{'Kinemark (C++)':22}{kinemark['first_s']:>10.3f} s{kinemark['best_s']:>10.3f} s"
          f"{k_best_rate:>14.0f}")
    print(f"{'pandas.read_csv':22}{pandas_first:>10.3f} s{pandas_best:>10.3f} s{p_best_rate:>14.0f}")
    goal = ratio >= 5 and k_best_rate >= 400
    print(f"ratio: Kinemark {ratio:.1f}x pandas (goal: >= 5x and >= 400 MB/s: "
          f"{'met' if goal else 'NOT met'})")
    for warning in kinemark.get("warnings", []):
        print(f"reader: {warning}")
    if problems:
        print("DISAGREEMENT between the readers:")
        for p in problems:
            print(f"  {p}")
        return 1
    print("agreement: same row count, column sums within float32 rounding, same labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
