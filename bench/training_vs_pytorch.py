#!/usr/bin/python3
"""Training epoch and training step of Kinemark's window models against the
same networks in PyTorch-Python (issue #5, point 8).

Runs `bench_training --train` for the C++ side and, on the same recordings
(exported once by `bench_training --export`), the same pipeline as a
researcher would write it in Python: NumPy windowing (per-sample labels from
the ground-truth segments, majority label over fully labelled windows),
per-channel normalisation fitted on the training recordings, shuffled
batches by NumPy fancy indexing, and the training steps of networks and
losses built like models/internal/nn/window/CnnCenterNetwork.cpp, ResNetSupConNetwork.cpp,
CenterLossObjective.cpp and SupConObjective.cpp, with the same batch size,
optimiser and torch.set_num_threads. Prints both, and the ratios.

    /usr/bin/python3 bench/training_vs_pytorch.py --build build-bench5 \
        --project /tmp/hapt.kmk --classes 1,2,3,4,5,6 --val-subjects 3,11,19,25,29 \
        --threads 2 --repeat 3 --steps 30

Needs Debian's python3-torch and python3-numpy (benchmark only).
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view

from bench_machine import cpu_model


# --- networks, as in models/*.cpp -------------------------------------------

class CnnCenter(nn.Module):
    """Seed 004 CNN: models/internal/nn/window/CnnCenterNetwork.cpp."""

    def __init__(self, channels, length, classes):
        super().__init__()

        def conv(i, o):
            return nn.Conv1d(i, o, 3, padding=1)

        self.features = nn.Sequential(
            conv(channels, 64), nn.LeakyReLU(), conv(64, 64), nn.LeakyReLU(), nn.MaxPool1d(2),
            conv(64, 128), nn.LeakyReLU(), conv(128, 128), nn.LeakyReLU(), conv(128, 128),
            nn.LeakyReLU(), nn.MaxPool1d(2))
        self.embedding = nn.Sequential(
            nn.Linear(128 * (length // 4), 512), nn.LeakyReLU(), nn.Linear(512, 256),
            nn.LeakyReLU(), nn.Linear(256, 64))
        self.classifier = nn.Linear(64, classes)

    def forward(self, x):
        e = self.embedding(self.features(x).flatten(1))
        return self.classifier(F.leaky_relu(e)), e


class ResBlock(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv1d(i, o, 8, padding=4), nn.BatchNorm1d(o)
        self.conv2, self.bn2 = nn.Conv1d(o, o, 5, padding=2), nn.BatchNorm1d(o)
        self.conv3, self.bn3 = nn.Conv1d(o, o, 3, padding=1), nn.BatchNorm1d(o)
        self.shortcut = (nn.Sequential(nn.Conv1d(i, o, 1), nn.BatchNorm1d(o)) if i != o else None)

    def forward(self, x):
        n = x.size(2)
        y = F.relu(self.bn1(self.conv1(x)[:, :, :n]))  # kernel 8 pads 4: drop the extra sample
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (self.shortcut(x) if self.shortcut is not None else x))


class ResNetSupCon(nn.Module):
    """Seed 001 ResNet with classifier and projection heads: models/internal/nn/window/ResNetSupConNetwork.cpp."""

    def __init__(self, channels, classes, hidden, dropout):
        super().__init__()
        self.blocks = nn.Sequential(ResBlock(channels, 64), ResBlock(64, 128), ResBlock(128, 128))
        self.classifier = nn.Sequential(
            nn.Linear(128, 128), nn.ReLU(), nn.Dropout(dropout), nn.Linear(128, 64), nn.ReLU(),
            nn.Dropout(dropout), nn.Linear(64, classes))
        self.projector = nn.Sequential(
            nn.Linear(128, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, 128))

    def forward(self, x):
        e = self.blocks(x).mean(2)
        return self.classifier(e), e

    def project(self, e):
        return F.normalize(self.projector(e), dim=1)


# --- objectives, as in models/internal/objectives/CenterLossObjective.cpp, SupConObjective.cpp ---

class CenterLoss:
    def __init__(self, classes, h):
        self.centers = torch.zeros(classes, 64)
        self.lam, self.alpha = h["center_lambda"], h["center_alpha"]
        self.last = None

    def losses(self, net, x, y, u):
        logits, e = net(x)
        ce = F.cross_entropy(logits, y)
        center = (e - self.centers[y]).pow(2).sum(1).mean()
        self.last = (e.detach(), y)
        return [("total", ce + self.lam * center), ("cross-entropy", ce), ("center", center)]

    @torch.no_grad()
    def after_step(self):
        e, y = self.last
        counts = torch.bincount(y, minlength=self.centers.size(0)).float()
        sums = torch.zeros_like(self.centers).index_add_(0, y, self.centers[y] - e)
        self.centers -= self.alpha * sums / (1 + counts).unsqueeze(1)


class SupCon:
    def __init__(self, h):
        self.lam, self.t = h["supcon_lambda"], h["temperature"]
        self.p, self.jitter, self.scale = h["augment_p"], h["jitter_sigma"], h["scale_sigma"]
        self.segments = max(1, int(h["permutation_segments"]))

    @torch.no_grad()
    def augment(self, w):
        b, c, n = w.shape
        chosen = lambda: torch.rand(b) < self.p
        x = w + self.jitter * torch.randn_like(w)
        scale = torch.where(chosen().view(b, 1, 1), 1 + self.scale * torch.randn(b, c, 1), torch.ones(b, c, 1))
        sign = torch.where(chosen().view(b, 1, 1), torch.randint(0, 2, (b, c, 1)).float() * 2 - 1,
                           torch.ones(b, c, 1))
        x = x * scale * sign
        order = torch.where(chosen().view(b, 1), torch.rand(b, c).argsort(1), torch.arange(c).expand(b, c))
        x = x.gather(1, order.unsqueeze(2).expand(b, c, n))
        s = self.segments
        if s > 1 and n >= s:
            # Equal segments, the last taking the remainder, in a random order
            # for the chosen windows (vectorised: source index of every output sample).
            part = n // s
            starts = torch.arange(s) * part
            lengths = torch.full((s,), part)
            lengths[-1] = n - part * (s - 1)
            segs = torch.where(chosen().view(b, 1), torch.rand(b, s).argsort(1), torch.arange(s).expand(b, s))
            ends = lengths[segs].cumsum(1)
            t = torch.arange(n).expand(b, n)
            slot = torch.searchsorted(ends, t.contiguous(), right=True)
            seg = segs.gather(1, slot)
            offset = t - (ends.gather(1, slot) - lengths[seg])
            x = x.gather(2, (starts[seg] + offset).unsqueeze(1).expand(b, c, n))
        return x

    def supervised_contrastive(self, z, labels, subjects):
        same_class = labels.unsqueeze(1) == labels.unsqueeze(0)
        same_subject = subjects.unsqueeze(1) == subjects.unsqueeze(0)
        positive = same_class & ~same_subject
        considered = positive | (~same_class & same_subject)
        similarity = z @ z.t() / self.t
        log_denominator = torch.logsumexp(similarity.masked_fill(~considered, -1e9), 1, keepdim=True)
        log_probability = similarity - log_denominator
        positives = positive.float()
        count = positives.sum(1)
        anchors = count > 0
        if anchors.sum().item() == 0:
            return torch.zeros((), dtype=z.dtype)
        per_anchor = -(log_probability * positives).sum(1) / count.clamp_min(1)
        return per_anchor[anchors].mean()

    def losses(self, net, x, y, u):
        logits, _ = net(x)
        ce = F.cross_entropy(logits, y)
        views = torch.cat([self.augment(x), self.augment(x)])
        z = net.project(net(views)[1])
        supcon = self.supervised_contrastive(z, torch.cat([y, y]), torch.cat([u, u]))
        return [("total", ce + self.lam * supcon), ("cross-entropy", ce), ("supcon", supcon)]

    def after_step(self):
        pass


def make(model, h, channels, classes):
    if model == "cnn-center":
        net = CnnCenter(channels, h["window_length"], classes)
        return net, CenterLoss(classes, h), torch.optim.Adam(net.parameters(), lr=h["lr"])
    net = ResNetSupCon(channels, classes, h["projection_hidden"], h["dropout"])
    return net, SupCon(h), torch.optim.AdamW(net.parameters(), lr=h["lr"], weight_decay=h["weight_decay"])


# --- NumPy windowing pipeline -----------------------------------------------

def load(export_dir, subjects):
    with open(os.path.join(export_dir, "manifest.json")) as f:
        manifest = json.load(f)
    recs = []
    for r in manifest["recordings"]:
        if r["subject"] in subjects:
            data = np.fromfile(os.path.join(export_dir, r["file"]), dtype=np.float32)
            recs.append((r, data.reshape(r["channels"], r["samples"])))
    return recs


def windows_and_normalise(recs, h, class_ids):
    """Per-sample labels from segments, majority label over windows with at most
    max_unlabelled unlabelled samples, z-score with statistics of all training
    samples; returns windows (n, C, L) float32, class indices and subject indices."""
    length, stride, max_unlabelled = h["window_length"], h["stride"], h["max_unlabelled"]
    all_data = np.concatenate([d for _, d in recs], axis=1)
    mean = all_data.mean(axis=1, dtype=np.float64)
    std = all_data.std(axis=1, dtype=np.float64)
    std[std < 1e-8] = 1
    mean, inv = mean.astype(np.float32)[:, None], (1 / std).astype(np.float32)[:, None]
    index_of = {c: i for i, c in enumerate(class_ids)}
    xs, ys, us, subjects = [], [], [], []
    for r, data in recs:
        n = data.shape[1]
        if n < length:
            continue
        labels = np.full(n, -1, dtype=np.int32)
        for a, b, c in r["segments"]:
            labels[a:b] = c
        starts = np.arange(0, n - length + 1, stride)
        present = np.unique(labels[labels >= 0])
        counts = np.empty((len(starts), len(present)), dtype=np.int64)
        for j, c in enumerate(present):
            cs = np.concatenate(([0], np.cumsum(labels == c)))
            counts[:, j] = cs[starts + length] - cs[starts]
        labelled = counts.sum(1)
        majority = present[counts.argmax(1)]
        # A tie goes to the tied class that appears first in the window, as in
        # core/learning/WindowSet.cpp (rare: a loop over those windows only).
        top = counts.max(1, keepdims=True)
        for w in np.flatnonzero(((counts == top) & (top > 0)).sum(1) > 1):
            tied = present[counts[w] == top[w]]
            window = labels[starts[w]:starts[w] + length]
            majority[w] = window[np.isin(window, tied)][0]
        keep = (labelled > 0) & ((length - labelled) / length <= max_unlabelled)
        keep &= np.isin(majority, class_ids)
        normalised = (data - mean) * inv
        view = sliding_window_view(normalised, length, axis=1)  # (C, n - L + 1, L)
        xs.append(view[:, starts[keep]].transpose(1, 0, 2))
        ys.append(np.array([index_of[c] for c in majority[keep]], dtype=np.int64))
        if r["subject"] not in subjects:
            subjects.append(r["subject"])
        us.append(np.full(int(keep.sum()), subjects.index(r["subject"]), dtype=np.int64))
    return np.ascontiguousarray(np.concatenate(xs)), np.concatenate(ys), np.concatenate(us)


def step(net, objective, optimizer, x, y, u, log_terms):
    terms = objective.losses(net, x, y, u)
    total = terms[0][1]
    value = total.item()
    if not np.isfinite(value):
        raise RuntimeError("loss became %s" % value)
    optimizer.zero_grad()
    total.backward()
    optimizer.step()
    objective.after_step()
    if log_terms:  # the per-batch loss terms a progress display shows (the C++ trainer reads them too)
        return [t.item() for _, t in terms[1:]]
    return None


def python_epoch(recs, h, model, class_ids, seed):
    """One end-to-end epoch: windowing, normalisation, set-up, shuffled batches, steps."""
    start = time.perf_counter()
    x, y, u = windows_and_normalise(recs, h, class_ids)
    prepared = time.perf_counter() - start
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net, objective, optimizer = make(model, h, x.shape[1], len(class_ids))
    net.train()
    batch = int(h["batch"])
    order = rng.permutation(len(x))
    batches = max(1, len(x) // batch)
    for b in range(batches):
        idx = order[b * batch:] if b == batches - 1 else order[b * batch:(b + 1) * batch]
        step(net, objective, optimizer, torch.from_numpy(x[idx]), torch.from_numpy(y[idx]),
             torch.from_numpy(u[idx]), True)
    return time.perf_counter() - start, prepared, len(x), batches, np.bincount(y, minlength=len(class_ids))


def python_steps(recs, h, model, class_ids, seed, warmup, steps):
    x, y, u = windows_and_normalise(recs, h, class_ids)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net, objective, optimizer = make(model, h, x.shape[1], len(class_ids))
    net.train()
    batch = int(h["batch"])
    order = rng.permutation(len(x))
    prepared = [(torch.from_numpy(x[order[i * batch:(i + 1) * batch]].copy()),
                 torch.from_numpy(y[order[i * batch:(i + 1) * batch]]),
                 torch.from_numpy(u[order[i * batch:(i + 1) * batch]])) for i in range(8)]
    times = []
    for i in range(warmup + steps):
        xb, yb, ub = prepared[i % len(prepared)]
        t = time.perf_counter()
        step(net, objective, optimizer, xb, yb, ub, False)
        if i >= warmup:
            times.append(time.perf_counter() - t)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--project", required=True)
    ap.add_argument("--classes", default="")
    ap.add_argument("--val-subjects", default="")
    ap.add_argument("--models", default="cnn-center,resnet-supcon")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--export-dir", default=None, help="default: <build>/bench/training-export")
    args = ap.parse_args()

    exe = os.path.join(args.build, "bench", "bench_training")
    export_dir = args.export_dir or os.path.join(args.build, "bench", "training-export")
    subprocess.run([exe, "--export", export_dir, "--project", args.project], check=True)
    torch.set_num_threads(args.threads)
    print("machine: %d logical CPUs, %s; Python %s, torch %s (%d threads), numpy %s" % (
        os.cpu_count(), cpu_model(), sys.version.split()[0], torch.__version__, torch.get_num_threads(),
        np.__version__))
    results = []
    for model in args.models.split(","):
        cmd = [exe, "--train", "--project", args.project, "--model", model, "--threads", str(args.threads),
               "--repeat", str(args.repeat), "--steps", str(args.steps), "--warmup", str(args.warmup), "--json"]
        if args.classes:
            cmd += ["--classes", args.classes]
        if args.val_subjects:
            cmd += ["--val-subjects", args.val_subjects]
        print("$ " + " ".join(cmd), flush=True)
        cpp = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        h = cpp["hyperparameters"]
        class_ids = [int(c) for c in cpp["training_data"]["windows_per_class"].keys()]
        class_ids = [int(c) for c in args.classes.split(",")] if args.classes else sorted(class_ids)
        recs = load(export_dir, set(cpp["training_subjects"]))
        py_epochs, py_prep = [], []
        for _ in range(args.repeat):
            t, prep, n, batches, counts = python_epoch(recs, h, model, class_ids, 1)
            py_epochs.append(t)
            py_prep.append(prep)
        py_steps = python_steps(recs, h, model, class_ids, 1, args.warmup, args.steps)
        cpp_counts = [cpp["training_data"]["windows_per_class"][str(c)] for c in class_ids]
        r = dict(model=model, windows_cpp=cpp["training_data"]["windows"], windows_py=int(n),
                 counts_cpp=cpp_counts, counts_py=[int(c) for c in counts], batches=batches,
                 batch=h["batch"], cpp_epoch=cpp["epoch_seconds"], py_epoch=py_epochs,
                 cpp_prep=cpp["windowing_normalisation_seconds"], py_prep=py_prep,
                 cpp_step=cpp["step_median_seconds"], py_step=float(np.median(py_steps)))
        results.append(r)
        report(r)
    print(json.dumps(results))


def report(r):
    same = "same" if r["counts_cpp"] == r["counts_py"] else "DIFFERENT"
    print("%s: %d training windows (Python %d; per class %s), %d batches of %d" % (
        r["model"], r["windows_cpp"], r["windows_py"], same, r["batches"], r["batch"]))
    print("                                   first      best   (all runs)")
    for name, key in (("epoch end to end, Kinemark", "cpp_epoch"), ("epoch end to end, PyTorch", "py_epoch"),
                      ("  windowing+normalisation, Kinemark", "cpp_prep"),
                      ("  windowing+normalisation, NumPy", "py_prep")):
        v = r[key]
        print("  %-36s %7.3f s %7.3f s  (%s)" % (name, v[0], min(v), ", ".join("%.3f" % t for t in v)))
    print("  %-36s %7.2f ms" % ("training step (median), Kinemark", 1000 * r["cpp_step"]))
    print("  %-36s %7.2f ms" % ("training step (median), PyTorch", 1000 * r["py_step"]))
    print("  ratio (PyTorch / Kinemark): epoch %.2fx (best runs), step %.2fx (goal for the epoch: >= 1.2x)" % (
        min(r["py_epoch"]) / min(r["cpp_epoch"]), r["py_step"] / r["cpp_step"]), flush=True)


if __name__ == "__main__":
    main()
