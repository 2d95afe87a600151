#!/usr/bin/python3
"""Stacked STFT of 24 h x 6 channels: Kinemark (bench_stft) vs scipy.signal.stft.

Both run on the same data: a raw float32 file (channel-major) that bench_stft
writes from the built-in demo generator (two sensors x 3 axes, 50 Hz, seed 1),
or, with --synthetic, random data made here. scipy gets
    scipy.signal.stft(x, fs=50, window='hann', nperseg=50, noverlap=25,
                      boundary=None, padded=False)
per channel (float32 input, so scipy computes in complex64), which is what
kinemark::Stft computes: 50-sample periodic Hann frames, hop 25, no centring,
26 bins. scipy scales the spectrum by 1/sum(window); the comparison undoes that
and checks |kinemark - scipy| <= 1e-4 x the frame's largest magnitude.

    /usr/bin/python3 bench/stft_vs_scipy.py --build build-bench --hours 24 --repeat 5
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import scipy
import scipy.signal

FS = 50
NPERSEG = 50
NOVERLAP = 25
BINS = NPERSEG // 2 + 1


def scipy_stacked(data):
    """Magnitudes per channel, frames x bins, in kinemark's scaling."""
    out = []
    for x in data:
        _, _, z = scipy.signal.stft(x, fs=FS, window="hann", nperseg=NPERSEG, noverlap=NOVERLAP,
                                    boundary=None, padded=False)
        out.append(z)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build", help="CMake build directory with bench/bench_stft")
    ap.add_argument("--hours", type=float, default=24)
    ap.add_argument("--channels", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--synthetic", action="store_true", help="random data made here instead of the demo generator")
    ap.add_argument("--data", help="raw float32 file to use (made if absent)")
    ap.add_argument("--keep", action="store_true", help="keep the dumped Kinemark spectra")
    args = ap.parse_args()

    exe = os.path.join(args.build, "bench", "bench_stft")
    if not os.path.exists(exe):
        sys.exit(f"{exe} not found: cmake --build {args.build} --target bench_stft")
    kind = "synthetic" if args.synthetic else "demo"
    path = args.data or os.path.join(args.build, "bench", f"stft-{kind}-{args.hours:g}h-{args.channels}ch.f32")
    n = int(round(args.hours * 3600 * FS))
    if not os.path.exists(path):
        if args.synthetic:
            rng = np.random.default_rng(1)
            t = np.arange(n) / FS
            data = np.empty((args.channels, n), dtype=np.float32)
            for c in range(args.channels):
                data[c] = (0.5 * np.sin(2 * np.pi * (1.5 + c) * t) + 0.2 * rng.standard_normal(n)
                           + (1.0 if c % 3 == 0 else 0.0)).astype(np.float32)
            data.tofile(path)
        else:
            subprocess.run([exe, "--make", path, "--hours", f"{args.hours:g}"], check=True)
    data = np.fromfile(path, dtype=np.float32)
    data = data.reshape(args.channels, -1)
    n = data.shape[1]

    # scipy: best of N over the six channels, one call per channel.
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ref = scipy_stacked(data)
        times.append(time.perf_counter() - t0)
    scipy_best, scipy_first = min(times), times[0]
    frames = ref[0].shape[1]
    scale = float(np.sum(scipy.signal.get_window("hann", NPERSEG)))

    # Kinemark on the same file; spectra dumped for the comparison.
    dump = os.path.join(args.build, "bench", "stft-dump")
    os.makedirs(dump, exist_ok=True)
    proc = subprocess.run([exe, "--input", path, "--channels", str(args.channels), "--repeat", str(args.repeat),
                           "--json", "--dump", dump], check=True, capture_output=True, text=True)
    km = json.loads(proc.stdout.strip().splitlines()[-1])
    assert km["frames_per_channel"] == frames and km["bins"] == BINS, (km, frames)

    agreement = {}
    for method, name in (("DirectDft", "stft_dft.f32"), ("KissFft", "stft_fft.f32")):
        ours = np.fromfile(os.path.join(dump, name), dtype=np.float32).reshape(args.channels, frames, BINS)
        worst = 0.0
        worst_rel = 0.0
        for c in range(args.channels):
            theirs = (np.abs(ref[c]).T * scale).astype(np.float64)  # frames x bins
            diff = np.abs(ours[c].astype(np.float64) - theirs)
            peak = theirs.max(axis=1, keepdims=True)
            worst = max(worst, float((diff / np.maximum(peak, 1e-30)).max()))
            big = theirs > 1e-2 * peak  # bins within 40 dB of the frame's peak
            worst_rel = max(worst_rel, float((diff[big] / theirs[big]).max()))
        agreement[method] = (worst, worst_rel)
        if not args.keep:
            os.remove(os.path.join(dump, name))

    print(f"machine: nproc {os.cpu_count()}, numpy {np.__version__}, scipy {scipy.__version__}")
    print(f"data: {path} ({kind}), {args.channels} channels x {n} samples = {args.channels * n * 4 / 1e6:.1f} MB float32")
    print(f"STFT: {frames} frames x {BINS} bins per channel; best of {args.repeat}")
    print()
    print(f"{'implementation':<26} {'threads':>7} {'first ms':>9} {'best ms':>9} {'ns/frame':>9} {'vs scipy':>9}"
          f"  {'max err/frame peak':>18} {'max rel err (bins > peak/100)':>29}")
    total_frames = frames * args.channels
    print(f"{'scipy.signal.stft':<26} {1:>7} {scipy_first * 1e3:>9.1f} {scipy_best * 1e3:>9.1f} "
          f"{scipy_best * 1e9 / total_frames:>9.1f} {1.0:>8.2f}x")
    ok = True
    for r in km["results"]:
        err, rel = agreement[r["method"]]
        ok = ok and err <= 1e-4
        print(f"{'kinemark ' + r['method']:<26} {r['threads']:>7} {r['first_s'] * 1e3:>9.1f} {r['best_s'] * 1e3:>9.1f} "
              f"{r['ns_per_frame']:>9.1f} {scipy_best / r['best_s']:>8.2f}x  {err:>18.2e} {rel:>29.2e}")
    print()
    print("agreement (|kinemark - scipy*sum(window)| <= 1e-4 x frame peak):", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
