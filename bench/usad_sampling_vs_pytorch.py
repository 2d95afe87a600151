#!/usr/bin/python3
"""USAD's diffusion augmentation (seed 002, issue #11): sampling throughput of
usad-diffusion against the same denoiser and sampler in PyTorch-Python.

The C++ side is `bench_training --sample --model usad-diffusion`: it trains
the model for one epoch on a short demo recording (so that the weights are not
the zero-initialised output convolutions), times WindowDiffusion::sample of
--windows class-conditioned windows (class i % classes for window i) over the
respaced reverse steps, and writes the denoiser's weights and the sampled
windows to --out-dir.

The Python side is a twin of models/internal/nn/diffusion/DiffusionDenoiser.cpp and
models/internal/nn/diffusion/AdaGnResidualBlock.cpp (module and buffer names as in C++, so the C++
archive loads into it with strict=True, which checks every name and shape) and
of WindowDiffusion's sampler (CosineNoiseSchedule, respacing, clip of the
predicted clean window, posterior mean and variance, no noise in the last
step). It loads the same weights, draws from a torch.Generator with the same
seed in the same order, samples the same windows with the same batch and
thread count, and compares its windows with Kinemark's. Timed the same way:
one untimed reverse step on the batch, then --repeat full sampling runs,
median.

    /usr/bin/python3 bench/usad_sampling_vs_pytorch.py --build build --threads 2 \\
        --windows 64 --repeat 3 [--set sampling_steps=100 ...]

Needs Debian's python3-torch and python3-numpy (benchmark only).
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import training_vs_pytorch as tvp  # noqa: E402


def groups_for(width):
    """DiffusionDenoiser.cpp's groupsFor."""
    for g in (8, 4, 2):
        if width % g == 0:
            return g
    return 1


class AdaGnResidualBlock(nn.Module):
    """models/internal/nn/diffusion/AdaGnResidualBlock.cpp."""

    def __init__(self, width, condition, dilation, groups, dropout):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, width)
        self.conv1 = nn.Conv1d(width, width, 3, padding=dilation, dilation=dilation)
        self.scale_shift = nn.Linear(condition, 2 * width)
        self.norm2 = nn.GroupNorm(groups, width, affine=False)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv1d(width, width, 3, padding=dilation, dilation=dilation)

    def forward(self, x, condition):
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.scale_shift(F.silu(condition)).unsqueeze(2).chunk(2, 1)
        h = self.norm2(h) * (1 + scale) + shift
        return x + self.conv2(self.dropout(F.silu(h)))


class DiffusionDenoiser(nn.Module):
    """models/internal/nn/diffusion/DiffusionDenoiser.cpp (forward and drawStatistics; the buffers come from the C++ weights)."""

    def __init__(self, channels, length, classes, width, blocks, dropout):
        super().__init__()
        self.width = width
        condition, statistics = 2 * width, 3 * channels
        self.register_buffer("prototypes", torch.zeros(classes, channels, length))
        self.register_buffer("statistics_mean", torch.zeros(classes, statistics))
        self.register_buffer("statistics_std", torch.ones(classes, statistics))
        self.register_buffer("class_weights", torch.ones(classes))
        self.input = nn.Conv1d(2 * channels, width, 3, padding=1)
        self.time = nn.Sequential(nn.Linear(width, condition), nn.SiLU(), nn.Linear(condition, condition))
        self.label = nn.Embedding(classes, condition)
        self.statistics = nn.Linear(statistics, condition)
        for i in range(blocks):
            self.add_module("block%d" % (i + 1),
                            AdaGnResidualBlock(width, condition, 1 << (i % 6), groups_for(width), dropout))
        self.blocks = [getattr(self, "block%d" % (i + 1)) for i in range(blocks)]
        self.output_norm = nn.GroupNorm(groups_for(width), width)
        self.output = nn.Conv1d(width, channels, 3, padding=1)

    def time_embedding(self, timesteps):
        half = self.width // 2
        frequencies = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float) / float(half))
        arguments = timesteps.to(torch.float).unsqueeze(1) * frequencies.unsqueeze(0)
        return torch.cat((torch.cos(arguments), torch.sin(arguments)), 1)

    def forward(self, noisy, timesteps, labels, statistics):
        condition = self.time(self.time_embedding(timesteps)) + self.label(labels) + self.statistics(statistics)
        h = self.input(torch.cat((noisy, self.prototypes.index_select(0, labels)), 1))
        for b in self.blocks:
            h = b(h, condition)
        return self.output(F.silu(self.output_norm(h)))

    def draw_statistics(self, labels, generator):
        mean = self.statistics_mean.index_select(0, labels)
        std = self.statistics_std.index_select(0, labels)
        return mean + std * torch.randn(mean.shape, generator=generator)


class CosineNoiseSchedule:
    """models/generation/CosineNoiseSchedule.cpp, in doubles as there."""

    def __init__(self, steps, offset=0.008, max_beta=0.999):
        self.steps, self.offset = steps, offset
        self.alpha_bar = [1.0] * (steps + 1)
        for t in range(1, steps + 1):
            beta = min(max_beta, 1 - self.formula(t) / self.formula(t - 1))
            self.alpha_bar[t] = self.alpha_bar[t - 1] * (1 - beta)

    def formula(self, t):
        def f(u):
            c = math.cos((u / self.steps + self.offset) / (1 + self.offset) * math.pi / 2)
            return c * c
        return f(t) / f(0)

    def sampling_timesteps(self, count):
        count = min(max(count, 1), self.steps)
        out = []
        for i in range(1, count + 1):
            t = int(math.floor(i * self.steps / count + 0.5))  # std::lround of a positive value
            if not out or t > out[-1]:
                out.append(t)
        return out


class Sampler:
    """WindowDiffusion::sample and its reverse step."""

    def __init__(self, net, h):
        self.net = net
        self.schedule = CosineNoiseSchedule(int(h["diffusion_steps"]))
        self.timesteps = self.schedule.sampling_timesteps(int(h["sampling_steps"]))
        self.clip = float(h["clip"])

    def step(self, x, labels, statistics, index, generator):
        t = self.timesteps[index]
        previous = self.timesteps[index - 1] if index > 0 else 0
        ab, abp = self.schedule.alpha_bar[t], self.schedule.alpha_bar[previous]
        beta = min(0.999, 1 - ab / abp)
        noise = self.net(x, torch.full((x.shape[0],), t, dtype=torch.long), labels, statistics)
        clean = ((x - math.sqrt(1 - ab) * noise) / math.sqrt(ab)).clamp(-self.clip, self.clip)
        mean = (math.sqrt(abp) * beta / (1 - ab)) * clean + (math.sqrt(1 - beta) * (1 - abp) / (1 - ab)) * x
        if previous == 0:
            return mean
        variance = beta * (1 - abp) / (1 - ab)
        return mean + math.sqrt(variance) * torch.randn(x.shape, generator=generator)

    @torch.no_grad()
    def sample(self, labels, seed, channels, length):
        self.net.eval()
        generator = torch.Generator().manual_seed(seed)
        out = []
        for first in range(0, len(labels), 256):
            y = torch.tensor(labels[first:first + 256], dtype=torch.long)
            statistics = self.net.draw_statistics(y, generator)
            x = torch.randn((len(y), channels, length), generator=generator)
            for i in range(len(self.timesteps) - 1, -1, -1):
                x = self.step(x, y, statistics, i, generator)
            out.append(x.contiguous().numpy())
        return np.concatenate(out)

    @torch.no_grad()
    def denoise_step(self, noisy, labels, index, seed):
        self.net.eval()
        generator = torch.Generator().manual_seed(seed)
        y = torch.tensor(labels, dtype=torch.long)
        statistics = self.net.draw_statistics(y, generator)
        return self.step(noisy, y, statistics, index, generator)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--windows", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--demo-minutes", type=float, default=30)
    ap.add_argument("--set", action="append", default=[], help="KEY=VALUE for usad-diffusion, e.g. sampling_steps=50")
    ap.add_argument("--out-dir", default=None, help="default: <build>/bench/sampling-export")
    args = ap.parse_args()

    exe = os.path.join(args.build, "bench", "bench_training")
    out_dir = args.out_dir or os.path.join(args.build, "bench", "sampling-export")
    print("machine: %d logical CPUs, %s; load %s; Python %s, torch %s" % (
        os.cpu_count(), tvp.cpu_name(), " ".join("%.2f" % v for v in os.getloadavg()),
        sys.version.split()[0], torch.__version__))
    cmd = [exe, "--sample", "--model", "usad-diffusion", "--windows", str(args.windows), "--threads",
           str(args.threads), "--repeat", str(args.repeat), "--demo-minutes", str(args.demo_minutes),
           "--out", out_dir, "--json"]
    for kv in args.set:
        cmd += ["--set", kv]
    print("$ " + " ".join(cmd), flush=True)
    cpp = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    h = cpp["hyperparameters"]
    c, l, k, n = int(cpp["channels"]), int(cpp["length"]), int(cpp["classes"]), int(cpp["windows"])
    print("kinemark: %s" % cpp["runtime"])
    print("usad-diffusion: %d channels x %d samples, %d classes, width %s, %s blocks, T=%s, %d reverse steps, "
          "%d windows in one batch (trained %.1f s on %d demo windows)" % (
              c, l, k, h["width"], h["blocks"], h["diffusion_steps"], cpp["reverse_steps"], n,
              cpp["train_seconds"], cpp["train_windows"]))

    torch.set_num_threads(args.threads)
    archive = torch.jit.load(os.path.join(out_dir, "weights.pt"))
    cpp_params = sum(p.numel() for p in archive.parameters())
    net = DiffusionDenoiser(c, l, k, int(h["width"]), int(h["blocks"]), float(h["dropout"]))
    py_params = sum(p.numel() for p in net.parameters())
    # The C++ archive's parameters and buffers under the twin's names; strict loading then checks
    # every name and shape, and no tensor of the archive may be left over.
    state = {}
    for key in net.state_dict():
        obj = archive
        for part in key.split("."):
            obj = getattr(obj, part)
        state[key] = obj
    left_over = set(archive.state_dict()) - set(state)
    if left_over:
        sys.exit("the C++ archive has tensors the twin lacks: %s" % sorted(left_over))
    if {name for name, _ in archive.named_parameters()} != {name for name, _ in net.named_parameters()}:
        sys.exit("the C++ and Python parameter names differ")
    net.load_state_dict(state, strict=True)
    print("parameters: Kinemark %d, PyTorch twin %d%s" % (
        cpp_params, py_params, "" if cpp_params == py_params else "  ** MISMATCH **"))
    sampler = Sampler(net, h)
    if len(sampler.timesteps) != int(cpp["reverse_steps"]):
        sys.exit("reverse steps differ: %d against %d" % (len(sampler.timesteps), cpp["reverse_steps"]))

    labels = [i % k for i in range(n)]
    seed = int(cpp["seed"])
    start = time.perf_counter()
    sampler.denoise_step(torch.full((n, c, l), 0.5), labels, len(sampler.timesteps) - 1, seed)
    py_warmup = time.perf_counter() - start
    py_runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        windows = sampler.sample(labels, seed, c, l)
        py_runs.append(time.perf_counter() - start)
    cpp_windows = np.fromfile(os.path.join(out_dir, "windows.f32"), dtype=np.float32).reshape(n, c, l)
    diff = np.abs(windows - cpp_windows)
    print("same windows? max |difference| %.3g, mean %.3g (window values: std %.3g)" % (
        diff.max(), diff.mean(), cpp_windows.std()))

    cpp_s, py_s = float(cpp["sample_median_seconds"]), float(np.median(py_runs))
    steps = int(cpp["reverse_steps"])
    print("threads: Kinemark %d, PyTorch %d" % (cpp["threads"], torch.get_num_threads()))
    print("%-28s %12s %12s" % ("", "Kinemark", "PyTorch"))
    print("sampling runs (s): Kinemark %s; PyTorch %s" % (" ".join("%.2f" % v for v in cpp["sample_seconds"]),
                                                         " ".join("%.2f" % v for v in py_runs)))
    print("%-28s %12.2f %12.2f" % ("windows per second", n / cpp_s, n / py_s))
    print("%-28s %12.2f %12.2f" % ("ms per reverse step (batch)", 1000 * cpp_s / steps, 1000 * py_s / steps))
    print("%-28s %12.3f %12.3f" % ("warm-up step (s)", cpp["warmup_step_seconds"], py_warmup))
    print("ratio (PyTorch time / Kinemark time): %.2fx" % (py_s / cpp_s))
    print("load after: %s" % " ".join("%.2f" % v for v in os.getloadavg()))
    print(json.dumps(dict(model="usad-diffusion", channels=c, length=l, classes=k, windows=n,
                          width=h["width"], blocks=h["blocks"], diffusion_steps=h["diffusion_steps"],
                          reverse_steps=steps, threads=args.threads, params_cpp=cpp_params,
                          params_py=py_params, cpp_sample=cpp["sample_seconds"], py_sample=py_runs,
                          cpp_windows_per_second=n / cpp_s, py_windows_per_second=n / py_s,
                          cpp_step_seconds=cpp_s / steps, py_step_seconds=py_s / steps,
                          max_abs_difference=float(diff.max()), ratio=py_s / cpp_s)))


if __name__ == "__main__":
    main()
