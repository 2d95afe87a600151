#!/usr/bin/python3
"""USAD (seed 002, issue #11) training step and epoch, and diffusion sampling,
against the same networks in PyTorch-Python.

The training side reuses training_vs_pytorch.py's NumPy pipeline (windowing,
normalisation, shuffled batches) with a PyTorch twin of models/internal/nn/usad/UsadNetwork.cpp
(UsadBranch, SplitAttentionConv, SpatialAttention, TemporalAttention) and
CompositeLossObjective.cpp (cross-entropy + focal + label smoothing at the
uniform starting weights), Adam, the same batch and torch.set_num_threads.
The C++ side is `bench_training --train --model usad` with the same --set
values (synthetic_per_class=0: the step and epoch of the classifier alone).

    /usr/bin/python3 bench/usad_vs_pytorch.py --build build-usad --project /tmp/hapt.kmk \
        --val-subjects 3,11,19,25,29 --threads 1 --repeat 1 --steps 30 --set width=32

Needs Debian's python3-torch and python3-numpy (benchmark only).
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import training_vs_pytorch as tvp  # noqa: E402


class SplitAttentionConv(nn.Module):
    """models/internal/nn/usad/SplitAttentionConv.cpp."""

    def __init__(self, cin, cout, kernel, cardinality, radix):
        super().__init__()
        self.out, self.cardinality, self.radix = cout, cardinality, radix
        self.conv = nn.Conv1d(cin, cout * radix, kernel, padding=kernel // 2, groups=cardinality * radix, bias=False)
        self.bn = nn.BatchNorm1d(cout * radix)
        inner = max(16, cout * radix // 4)
        inner += (cardinality - inner % cardinality) % cardinality
        self.squeeze = nn.Conv1d(cout, inner, 1, groups=cardinality)
        self.squeeze_bn = nn.BatchNorm1d(inner)
        self.excite = nn.Conv1d(inner, cout * radix, 1, groups=cardinality)

    def forward(self, x):
        b = x.shape[0]
        y = F.relu(self.bn(self.conv(x)))
        splits = y.view(b, self.radix, self.out, y.shape[2])
        pooled = splits.sum(1).mean(2, keepdim=True)
        scores = self.excite(F.relu(self.squeeze_bn(self.squeeze(pooled))))
        if self.radix > 1:
            w = torch.softmax(scores.view(b, self.cardinality, self.radix, -1), 2).transpose(1, 2)
            w = w.reshape(b, self.radix, self.out, 1)
        else:
            w = torch.sigmoid(scores).view(b, 1, self.out, 1)
        return (splits * w).sum(1)


class SpatialAttention(nn.Module):
    def __init__(self, kernel=3):
        super().__init__()
        self.conv = nn.Conv1d(2, 1, kernel, padding=kernel // 2)

    def forward(self, x):
        pooled = torch.stack((x.mean(2), x.max(2)[0]), 1)
        return x * torch.sigmoid(self.conv(pooled)).transpose(1, 2)


class TemporalAttention(nn.Module):
    def __init__(self, kernel=7):
        super().__init__()
        self.conv = nn.Conv1d(2, 1, kernel, padding=kernel // 2)

    def forward(self, x):
        pooled = torch.cat((x.mean(1, keepdim=True), x.max(1, keepdim=True)[0]), 1)
        return x * torch.sigmoid(self.conv(pooled))


class Branch(nn.Module):
    """models/internal/nn/usad/UsadBranch.cpp."""

    def __init__(self, channels, width, kernel, blocks, cardinality, radix, attention):
        super().__init__()
        self.stem = nn.Conv1d(channels, width, kernel, padding=kernel // 2, bias=False)
        self.stem_bn = nn.BatchNorm1d(width)
        self.convs = nn.ModuleList()
        self.mixes = nn.ModuleList()
        for _ in range(blocks):
            if attention:
                self.convs.append(SplitAttentionConv(width, width, kernel, cardinality, radix))
            else:
                self.convs.append(nn.Sequential(nn.Conv1d(width, width, kernel, padding=kernel // 2, bias=False),
                                                nn.BatchNorm1d(width), nn.ReLU()))
            self.mixes.append(nn.Sequential(nn.Conv1d(width, width, 1, bias=False), nn.BatchNorm1d(width)))
        self.attention = nn.Sequential(SpatialAttention(3), TemporalAttention(7)) if attention else None

    def forward(self, x):
        x = F.relu(self.stem_bn(self.stem(x)))
        for conv, mix in zip(self.convs, self.mixes):
            x = F.relu(x + mix(conv(x)))
            x = F.max_pool1d(x, 2, 2, ceil_mode=True)
        return self.attention(x) if self.attention is not None else x


class Usad(nn.Module):
    """models/internal/nn/usad/UsadNetwork.cpp."""

    def __init__(self, channels, classes, h):
        super().__init__()
        w, attention = int(h["width"]), bool(h["attention"])
        self.input_attention = SpatialAttention(3) if attention else None
        self.branches = nn.ModuleList(Branch(channels, w, k, int(h["blocks"]), int(h["cardinality"]),
                                             int(h["radix"]), attention) for k in (3, 5, 7))
        self.fusion = nn.Conv1d(3 * w, 3 * w, 1, bias=False)
        self.fusion_bn = nn.BatchNorm1d(3 * w)
        self.dropout = nn.Dropout(float(h["dropout"]))
        self.classifier = nn.Linear(3 * w, classes)

    def forward(self, x):
        if self.input_attention is not None:
            x = self.input_attention(x)
        c = torch.cat([b(x) for b in self.branches], 1)
        e = (F.relu(self.fusion_bn(self.fusion(c))) + c).mean(2)
        return self.classifier(self.dropout(e)), e


class CompositeLoss:
    """models/internal/objectives/CompositeLossObjective.cpp at the uniform starting weights."""

    def __init__(self, h):
        self.gamma, self.alpha, self.eps = float(h["focal_gamma"]), float(h["focal_alpha"]), float(h["smoothing"])
        self.w = (1 / 3, 1 / 3, 1 / 3) if h["adaptive_loss"] else (h["ce_weight"], h["focal_weight"],
                                                                    h["smoothing_weight"])

    def losses(self, net, x, y, u):
        logits, _ = net(x)
        logp = F.log_softmax(logits, 1)
        logpy = logp.gather(1, y.unsqueeze(1)).squeeze(1)
        ce = -logpy.mean()
        focal = (-self.alpha * (1 - logpy.exp()).pow(self.gamma) * logpy).mean()
        smooth = ((1 - self.eps) * -logpy - self.eps * logp.mean(1)).mean()
        total = self.w[0] * ce + self.w[1] * focal + self.w[2] * smooth
        return [("total", total), ("cross-entropy", ce), ("focal", focal), ("label smoothing", smooth)]

    def after_step(self):
        pass


def make(model, h, channels, classes):
    net = Usad(channels, classes, h)
    return net, CompositeLoss(h), torch.optim.Adam(net.parameters(), lr=h["lr"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--project", required=True)
    ap.add_argument("--classes", default="")
    ap.add_argument("--val-subjects", default="")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--set", action="append", default=[], help="KEY=VALUE for both sides, e.g. width=32")
    ap.add_argument("--export-dir", default=None, help="default: <build>/bench/training-export")
    args = ap.parse_args()

    exe = os.path.join(args.build, "bench", "bench_training")
    export_dir = args.export_dir or os.path.join(args.build, "bench", "training-export")
    subprocess.run([exe, "--export", export_dir, "--project", args.project], check=True)
    torch.set_num_threads(args.threads)
    print("machine: %d logical CPUs, %s; load %s; Python %s, torch %s (%d threads)" % (
        os.cpu_count(), tvp.cpu_name(), " ".join("%.2f" % v for v in os.getloadavg()),
        sys.version.split()[0], torch.__version__, torch.get_num_threads()))
    tvp.make = make  # the pipeline's epoch and steps build USAD
    cmd = [exe, "--train", "--project", args.project, "--model", "usad", "--threads", str(args.threads),
           "--repeat", str(args.repeat), "--steps", str(args.steps), "--warmup", str(args.warmup), "--json",
           "--set", "synthetic_per_class=0"]
    for kv in args.set:
        cmd += ["--set", kv]
    if args.classes:
        cmd += ["--classes", args.classes]
    if args.val_subjects:
        cmd += ["--val-subjects", args.val_subjects]
    print("$ " + " ".join(cmd), flush=True)
    cpp = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    h = cpp["hyperparameters"]
    class_ids = [int(c) for c in args.classes.split(",")] if args.classes else sorted(
        int(c) for c in cpp["training_data"]["windows_per_class"].keys())
    recs = tvp.load(export_dir, set(cpp["training_subjects"]))
    py_epochs, py_prep = [], []
    for _ in range(args.repeat):
        t, prep, n, batches, counts = tvp.python_epoch(recs, h, "usad", class_ids, 1)
        py_epochs.append(t)
        py_prep.append(prep)
    py_steps = tvp.python_steps(recs, h, "usad", class_ids, 1, args.warmup, args.steps)
    r = dict(model="usad", windows_cpp=cpp["training_data"]["windows"], windows_py=int(n),
             counts_cpp=[cpp["training_data"]["windows_per_class"][str(c)] for c in class_ids],
             counts_py=[int(c) for c in counts], batches=batches, batch=h["batch"],
             cpp_epoch=cpp["epoch_seconds"], py_epoch=py_epochs, cpp_prep=cpp["windowing_normalisation_seconds"],
             py_prep=py_prep, cpp_step=cpp["step_median_seconds"], py_step=float(np.median(py_steps)))
    tvp.report(r)
    print("load after: %s" % " ".join("%.2f" % v for v in os.getloadavg()))
    print(json.dumps(r))


if __name__ == "__main__":
    main()
