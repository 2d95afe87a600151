#!/usr/bin/python3
"""SelfPAB pre-training steps per second: Kinemark (bench_selfpab) against the
same transformer in PyTorch-Python (issue #10, point 5).

The Python side is the network of models/internal/nn/selfpab/SelfPabNetwork.cpp (Linear to
d_model + sinusoidal positions, dropout, post-norm nn.TransformerEncoderLayer
x layers, Linear back to the features) with the L1 loss on the altered cells
and AdamW (betas 0.9/0.98, weight decay 1e-5), on windows of 599 x 156 that
are masked with the same rule in NumPy (29 blocks of 3 frames: 80 % zero,
10 % swap, 10 % keep; a band of 3 bins with probability 0.9). Its input is
random (the STFT of the windows is not timed there; in Kinemark it is, and
takes about 0.2 ms per window). Prints both and the ratio.

    /usr/bin/python3 bench/selfpab_vs_pytorch.py --build build-selfpab --threads 2 \
        [--paper] [--batch 16] [--steps 10]

Needs Debian's python3-torch and python3-numpy (benchmark only).
"""

import argparse
import json
import math
import os
import subprocess
import time

import numpy as np
import torch
import torch.nn as nn


class SelfPab(nn.Module):
    def __init__(self, features, d_model, layers, heads, feed_forward, dropout=0.1):
        super().__init__()
        self.input = nn.Linear(features, d_model)
        self.dropout = nn.Dropout(dropout)
        self.layers = nn.ModuleList(
            nn.TransformerEncoderLayer(d_model, heads, feed_forward, dropout) for _ in range(layers))
        self.head = nn.Linear(d_model, features)
        pe = torch.zeros(2048, d_model)
        t = torch.arange(2048, dtype=torch.float).unsqueeze(1)
        rate = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float) * (-math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(t * rate)
        pe[:, 1::2] = torch.cos(t * rate[: d_model // 2])
        self.register_buffer("pe", pe)

    def forward(self, x):
        h = self.dropout(self.input(x) + self.pe[: x.size(1)].unsqueeze(0)).transpose(0, 1)
        for layer in self.layers:
            h = layer(h)
        return self.head(h.transpose(0, 1))


def mask(batch, rng, bins=26, axes=6):
    x = batch.copy()
    altered = np.zeros_like(x)
    frames = x.shape[1]
    for i in range(x.shape[0]):
        original = batch[i]
        starts = rng.permutation(frames - 3)[:29]
        for s in starts:
            u = rng.random()
            if u < 0.8:
                x[i, s:s + 3] = 0
            elif u < 0.9:
                r = rng.integers(frames - 3)
                x[i, s:s + 3] = original[r:r + 3]
            altered[i, s:s + 3] = 1
        if rng.random() < 0.9:
            b = rng.integers(bins - 3 + 1)
            for a in range(axes):
                x[i, :, a * bins + b:a * bins + b + 3] = 0
                altered[i, :, a * bins + b:a * bins + b + 3] = 1
    return x, altered


def python_steps_per_second(paper, batch, steps, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    sizes = (1500, 4, 6, 2048) if paper else (128, 3, 4, 256)
    net = SelfPab(156, *sizes)
    optimiser = torch.optim.AdamW(net.parameters(), lr=5e-4, betas=(0.9, 0.98), weight_decay=1e-5)
    rng = np.random.default_rng(1)
    timer = None
    for step in range(steps + 1):
        target = rng.standard_normal((batch, 599, 156)).astype(np.float32)
        x, altered = mask(target, rng)
        x, target, altered = torch.from_numpy(x), torch.from_numpy(target), torch.from_numpy(altered)
        loss = ((net(x) - target).abs() * altered).sum() / altered.sum().clamp_min(1)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step == 0:
            timer = time.perf_counter()  # the first step (allocation) is left out, as in bench_selfpab
    return steps / (time.perf_counter() - timer)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--paper", action="store_true")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    a = parser.parse_args()
    command = [os.path.join(a.build, "bench", "bench_selfpab"), "--batch", str(a.batch), "--steps", str(a.steps),
               "--threads", str(a.threads)] + (["--paper"] if a.paper else [])
    kinemark = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    python = python_steps_per_second(a.paper, a.batch, a.steps, a.threads)
    print(json.dumps({"config": kinemark["config"], "batch": a.batch, "steps": a.steps, "threads": a.threads,
                      "kinemark_steps_per_second": kinemark["steps_per_second"],
                      "pytorch_steps_per_second": round(python, 4),
                      "ratio_kinemark_over_pytorch": round(kinemark["steps_per_second"] / python, 3),
                      "load_average": os.getloadavg()}))


if __name__ == "__main__":
    main()
