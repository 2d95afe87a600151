#!/usr/bin/python3
"""Data-parallel training on this machine (issue #21, point 1): the all-reduce
a step pays, Kinemark's ProcessGroup (c10d TCPStore + Gloo from C++) against
torch.distributed's Gloo backend in PyTorch-Python, on a buffer the size of
cnn-center's gradients; and the scaling of `kinemark-cli train` with 1 rank x 2
threads against 2 ranks x 1 thread on the same project, seed and global batch.

    /usr/bin/python3 bench/allreduce_vs_pytorch.py --build build-ddp \
        --project /tmp/demo.kmk --repeat 30

Needs Debian's python3-torch (benchmark only). The ranks are started by hand
with RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT on loopback, as the tests do.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import time

# cnn-center on 6 channels, 128-sample windows, 12 classes (ParameterCount::cnnCenter).
CNN_CENTER_ELEMENTS = 2_383_052


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(command, world, extra_env=None):
    """Starts `world` ranks of `command` on loopback; returns rank 0's stdout and the wall time."""
    port = str(free_port())
    ranks = []
    start = time.perf_counter()
    for rank in range(world):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("OMPI_", "SLURM_", "PMIX_"))}
        if world > 1:
            env.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=port, RANK=str(rank),
                       WORLD_SIZE=str(world), LOCAL_RANK=str(rank))
        env.update(extra_env or {})
        ranks.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    outputs = [p.communicate() for p in ranks]
    seconds = time.perf_counter() - start
    for p, (out, err) in zip(ranks, outputs):
        if p.returncode != 0:
            sys.exit(f"{' '.join(command)} failed:\n{err}")
    return outputs[0][0], seconds


PYTORCH_RANK = r"""
import os, sys, time, torch, torch.distributed as dist
elements, repeats = int(sys.argv[1]), int(sys.argv[2])
dist.init_process_group("gloo", init_method="env://")
rank, world = dist.get_rank(), dist.get_world_size()
buffer = torch.empty(elements)
ms = []
for r in range(-2, repeats):
    buffer.fill_(rank + 1)
    dist.barrier()
    start = time.perf_counter()
    dist.all_reduce(buffer)
    stop = time.perf_counter()
    assert buffer[0].item() == world * (world + 1) / 2
    if r >= 0:
        ms.append((stop - start) * 1000)
dist.barrier()
ms.sort()
if rank == 0:
    print(f"allreduce {elements} floats: median {ms[len(ms) // 2]:.2f} ms, min {ms[0]:.2f} ms")
"""


def median_ms(text):
    return float(re.search(r"median ([0-9.]+) ms", text).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--project", help="a project for the training scaling (kinemark-cli demo)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--elements", type=int, default=CNN_CENTER_ELEMENTS)
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()

    bench = os.path.join(args.build, "bench", "bench_allreduce")
    single = {"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"}
    kinemark, _ = launch([bench, str(args.elements), str(args.repeat)], 2, single)
    pytorch, _ = launch([sys.executable if sys.executable == "/usr/bin/python3" else "/usr/bin/python3",
                         "-c", PYTORCH_RANK, str(args.elements), str(args.repeat)], 2, single)
    print(f"Kinemark ProcessGroup (2 ranks, loopback): {kinemark.strip()}")
    print(f"PyTorch-Python torch.distributed gloo:      {pytorch.strip()}")
    print(f"ratio PyTorch / Kinemark (median): {median_ms(pytorch) / median_ms(kinemark):.2f}")

    if not args.project:
        return
    cli = os.path.join(args.build, "app", "kinemark-cli")
    train = [cli, "train", args.project, "--model", "cnn-center", "--epochs", str(args.epochs),
             "--seed", "3", "--set", "batch=64"]
    runs = {}
    for label, world, threads in (("1 rank x 2 threads", 1, 2), ("2 ranks x 1 thread", 2, 1)):
        out, seconds = launch(train + ["--threads", str(threads), "-o", f"/tmp/bench-ddp-{world}.kmodel"],
                              world, {"OMP_WAIT_POLICY": "PASSIVE"})
        runs[label] = seconds
        print(f"{label}: {seconds:.1f} s wall for {args.epochs} epoch(s) (process start and data included)")
    print(f"speed-up of 2 ranks x 1 thread: {runs['1 rank x 2 threads'] / runs['2 ranks x 1 thread']:.2f}")


if __name__ == "__main__":
    main()
