#!/usr/bin/python3
"""Automatic calibration benchmark (issue #18): Kinemark's AutoCalibrator
against the same algorithm (van Hees et al. 2014, as GGIR's g.calibrate and
actipy describe it) written with numpy, on the same 7-day, 100 Hz three-axis
recording (a synthetic posture schedule with known offsets and gains), both
timed best of N.

Run with Debian's interpreter (python3-numpy):

    /usr/bin/python3 bench/calibration_vs_numpy.py [--build build] [--days 7] [--repeat 3]

The file is written by bench_calibration --make when it does not exist yet;
the Kinemark side runs bench_calibration --calibrate --json.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

from bench_machine import cpu_model

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRUE_OFFSET = np.array([0.08, -0.12, 0.05])
TRUE_GAIN = np.array([1.05, 0.95, 1.02])


def calibrate_numpy(xyz, rate, window_s=10.0, sd_max=0.013, min_side=0.3,
                    max_iter=1000, tol=1e-10):
    """What a researcher writes with numpy: window means and SDs by reshaping,
    still windows, then the iterated sphere fit. Returns (offset, gain, still
    windows, error before mg, error after mg, iterations) with
    raw = offset + gain * g."""
    w = int(round(window_s * rate))
    n = xyz.shape[1] // w
    win = xyz[:, : n * w].reshape(3, n, w)
    mean = win.mean(axis=2).T
    sd = win.std(axis=2, ddof=1).T
    ok = np.isfinite(mean).all(axis=1) & np.isfinite(sd).all(axis=1)
    still = ok & (sd < sd_max).all(axis=1)
    m = mean[still]
    m = m[np.abs(np.linalg.norm(m, axis=1) - 1) < 0.5]
    if not ((m > min_side).any(axis=0).all() and (m < -min_side).any(axis=0).all()):
        raise RuntimeError("not enough orientations")
    before = 1000 * np.mean(np.abs(np.linalg.norm(m, axis=1) - 1))
    offset = np.zeros(3)
    scale = np.ones(3)
    it = 0
    for it in range(1, max_iter + 1):
        c = offset + scale * m
        length = np.linalg.norm(c, axis=1)
        target = c / length[:, None]
        weight = 1 / np.maximum(np.abs(length - 1), 0.01)
        sw = weight.sum()
        mx = (weight[:, None] * m).sum(axis=0) / sw
        mt = (weight[:, None] * target).sum(axis=0) / sw
        dx = m - mx
        new_scale = (weight[:, None] * dx * (target - mt)).sum(axis=0) / (
            weight[:, None] * dx * dx).sum(axis=0)
        new_offset = mt - new_scale * mx
        change = max(np.abs(new_offset - offset).max(), np.abs(new_scale - scale).max())
        offset, scale = new_offset, new_scale
        if change < tol:
            break
    after = 1000 * np.mean(np.abs(np.linalg.norm(offset + scale * m, axis=1) - 1))
    return -offset / scale, 1 / scale, len(m), before, after, it


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(REPO, "build"),
                        help="build directory holding bench/bench_calibration (default: build)")
    parser.add_argument("--days", type=float, default=7)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; the best counts")
    args = parser.parse_args()

    exe = os.path.join(args.build, "bench", "bench_calibration")
    if not os.access(exe, os.X_OK):
        sys.exit(f"{exe} not found: build it first "
                 f"(cmake --build {args.build} --target bench_calibration)")
    path = os.path.join(args.build, "bench", f"calibration-{args.days:g}d-{args.rate:g}hz.f32")
    if not os.path.exists(path):
        subprocess.run([exe, "--make", path, "--days", str(args.days), "--rate", str(args.rate)],
                       check=True)

    k = json.loads(subprocess.run([exe, "--calibrate", path, "--rate", str(args.rate),
                                   "--repeat", str(args.repeat), "--json"],
                                  check=True, capture_output=True, text=True).stdout)

    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        xyz = np.fromfile(path, dtype=np.float32).reshape(3, -1)
        t_read = time.perf_counter() - t
        t = time.perf_counter()
        offset, gain, still, before, after, iterations = calibrate_numpy(xyz, args.rate)
        times.append(time.perf_counter() - t)
        del xyz

    samples = k["samples"]
    print(f"Automatic calibration: {args.days:g} days at {args.rate:g} Hz, {samples:,} samples "
          f"per axis ({path})")
    print(f"machine: {os.cpu_count()} logical CPUs, {cpu_model()}; Python "
          f"{platform.python_version()}, numpy {np.__version__}")
    print(f"{'':26}first run   best of {args.repeat}")
    print(f"{'Kinemark (C++)':24}{k['first_fit_s']:9.3f} s {k['best_fit_s']:9.3f} s"
          f"   (+ {k['best_apply_s']:.3f} s to apply it to the samples)")
    print(f"{'numpy':24}{times[0]:9.3f} s {min(times):9.3f} s"
          f"   (+ {t_read:.3f} s np.fromfile, not counted)")
    print(f"ratio: Kinemark {min(times) / k['best_fit_s']:.1f}x numpy "
          f"(goal: seconds, not minutes: {'met' if k['best_fit_s'] < 10 else 'NOT met'})")
    print(f"Kinemark: {k['still_windows']} still windows of {k['windows']}, "
          f"{k['iterations']} iterations, error {k['error_before_mg']:.1f} -> "
          f"{k['error_after_mg']:.2f} mg")
    print(f"numpy:    {still} still windows, {iterations} iterations, error {before:.1f} -> "
          f"{after:.2f} mg")
    ko, kg = np.array(k["offset"]), np.array(k["gain"])
    print("offsets (mg) true / Kinemark / numpy: " + "; ".join(
        f"{1000 * a:+.1f} / {1000 * b:+.1f} / {1000 * c:+.1f}"
        for a, b, c in zip(TRUE_OFFSET, ko, offset)))
    print("gains true / Kinemark / numpy: " + "; ".join(
        f"{a:.4f} / {b:.4f} / {c:.4f}" for a, b, c in zip(TRUE_GAIN, kg, gain)))
    agree = np.abs(ko - offset).max() < 1e-4 and np.abs(kg - gain).max() < 1e-4
    print(f"agreement: coefficients {'within 0.1 mg and 1e-4' if agree else 'DIFFER'}")


if __name__ == "__main__":
    main()
