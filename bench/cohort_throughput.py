#!/usr/bin/python3
"""Cohort throughput benchmark (issue #21): how many participant-days an hour
`kinemark-cli cohort run` processes on this machine for the participant a
cohort study has: 7 days of two sensors (back and thigh Axivity .cwa, 100 Hz),
imported onto 50 Hz, predicted with MS-TCN, summarised into the time-use tables
and the participant's row. From the measured rate it projects a
100,000-participant cohort (UK Biobank's size) on N nodes.

There is no reference tool beside it: the ones cohort studies use
(biobankAccelerometerAnalysis, GGIR) are not Debian packages, and run once per
file under the user's own job array, which is what each share does here too.

    /usr/bin/python3 bench/cohort_throughput.py [--build build] [--participants 2]
        [--shards 1] [--threads 2] [--days 7]

The .cwa files are written by bench_devices --make when absent (the same week
file serves as both sensors: throughput does not depend on what they show);
the MS-TCN is trained for one epoch on the built-in demo when absent (its
weights do not change the time a prediction takes).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(REPO, "build"))
    ap.add_argument("--participants", type=int, default=2)
    ap.add_argument("--shards", type=int, default=1, help="processes run at once (--shard i/n)")
    ap.add_argument("--threads", type=int, default=2, help="LibTorch threads per process")
    ap.add_argument("--days", type=float, default=7)
    ap.add_argument("--cohort", type=int, default=100000)
    ap.add_argument("--cores-per-node", type=int, default=64)
    args = ap.parse_args()

    args.build = os.path.abspath(args.build)
    cli = os.path.join(args.build, "app", "kinemark-cli")
    work = os.path.join(args.build, "bench", "cohort")
    os.makedirs(work, exist_ok=True)
    week = os.path.join(work, "week-%g.cwa" % args.days)
    if not os.path.exists(week):
        run([os.path.join(args.build, "bench", "bench_devices"), "--make", week,
             "--days", str(args.days)])
    model = os.path.join(work, "mstcn.kmodel")
    if not os.path.exists(model):
        demo = os.path.join(work, "demo.kmk")
        if not os.path.exists(demo):
            run([cli, "demo", "-o", demo], stdout=subprocess.DEVNULL)
        run([cli, "train", demo, "--model", "mstcn", "--epochs", "1", "-o", model],
            stdout=subprocess.DEVNULL)
    manifest = os.path.join(work, "manifest.csv")
    with open(manifest, "w") as f:
        f.write("participant,files\n")
        for i in range(args.participants):
            f.write("B%03d,%s;%s\n" % (i, week, week))
    out = os.path.join(work, "out")
    shutil.rmtree(out, ignore_errors=True)

    start = time.monotonic()
    procs = [subprocess.Popen(
        [cli, "cohort", "run", manifest, "--out", out, "--model-file", model,
         "--sensors", "back,thigh", "--rate", "50", "--threads", str(args.threads),
         "--shard", "%d/%d" % (i, args.shards)], stderr=subprocess.PIPE, text=True)
        for i in range(args.shards)]
    errors = [p.communicate()[1] for p in procs]
    seconds = time.monotonic() - start
    if any(p.returncode != 0 for p in procs):
        sys.exit("cohort run failed:\n" + "\n".join(errors))
    run([cli, "cohort", "collate", out, "-o", os.path.join(work, "summary.csv")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    days = args.participants * args.days
    rate = days / seconds * 3600  # participant-days per hour on this machine
    cores = os.cpu_count() or 1
    per_core = rate / min(cores, args.shards * args.threads)
    print("cohort run: %d participant(s) x %g days, two sensors (100 Hz .cwa -> 50 Hz), mstcn"
          % (args.participants, args.days))
    print("machine: %d logical CPUs; %d process(es) x %d thread(s)"
          % (cores, args.shards, args.threads))
    print("time: %.1f s (%.1f s per participant)" % (seconds, seconds / args.participants))
    print("throughput: %.0f participant-days/h (%.0f per core and hour)" % (rate, per_core))
    for line in errors[0].splitlines():
        if "done in" in line:
            print("  " + line.strip())
    cohort_days = args.cohort * args.days
    print("projection, %d participants x %g days at %.0f participant-days per core-hour:"
          % (args.cohort, args.days, per_core))
    for nodes in (1, 10, 100):
        hours = cohort_days / (per_core * args.cores_per_node * nodes)
        print("  %3d node(s) x %d cores: %.1f h" % (nodes, args.cores_per_node, hours))


if __name__ == "__main__":
    main()
