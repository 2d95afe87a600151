#!/usr/bin/python3
"""Training epoch and training step of Kinemark's MS-TCN (`mstcn`, seed 000)
against an MS-TCN of the same size in PyTorch-Python (issue #6, point 6).

Runs `bench_training --train --model mstcn` for the C++ side and, on the same
recordings (exported once by `bench_training --export`), the pipeline a
researcher would write in Python: per-sample labels from the ground-truth
segments, NumPy chunks of `chunk_length` samples cut as core/learning/SequenceSet.cpp
cuts the first epoch (every chunk_length samples, one more flush with the
end, chunks without a labelled sample dropped, short recordings padded with
-1), per-channel z-score with the training recordings' statistics, shuffled
batches by fancy indexing, and the network and loss written from
models/internal/nn/mstcn/MsTcnNetwork.cpp, MsTcnObjective.cpp and HardExampleSampler.cpp:
stages of dilated residual layers, per stage cross-entropy (-1 ignored) +
smoothing x the clamped squared log-probability difference of labelled
neighbours + lambda x SupCon over hard-sampled sample projections (wrong
first, then near a boundary, then random) and ground-truth segment means.
Same hyperparameters (read from the C++ run), batch, threads; the optimiser
is torch.optim.Adam, as a researcher would use (Kinemark steps with
models/FusedAdam, the same arithmetic in one pass). Prints both, the
training samples per second and the ratios.

    /usr/bin/python3 bench/mstcn_vs_pytorch.py --build build \\
        --project /tmp/hapt.kmk --classes 1,2,3,4,5,6,7,8,9,10,11,12 \\
        --val-subjects 3,11,19,25,29 --threads 2 --repeat 1 --steps 10

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

from training_vs_pytorch import cpu_name, load


# --- network, as models/internal/nn/mstcn/MsTcnNetwork.cpp -------------------------------------

class Stage(nn.Module):
    def __init__(self, inputs, features, classes, layers, projection, dropout):
        super().__init__()
        self.input = nn.Conv1d(inputs, features, 1)
        self.dilated = nn.ModuleList(
            nn.Conv1d(features, features, 3, padding=2 ** i, dilation=2 ** i) for i in range(layers))
        self.pointwise = nn.ModuleList(nn.Conv1d(features, features, 1) for _ in range(layers))
        self.dropout = nn.Dropout(dropout)
        self.output = nn.Conv1d(features, classes, 1)
        self.projection1 = nn.Conv1d(features, features, 1)
        self.projection2 = nn.Conv1d(features, projection, 1)

    def forward(self, x):
        h = self.input(x)
        for dilated, pointwise in zip(self.dilated, self.pointwise):
            h = h + self.dropout(pointwise(F.relu(dilated(h))))
        return self.output(h), h

    def project(self, h):
        return self.projection2(F.relu(self.projection1(h)))


class MsTcn(nn.Module):
    def __init__(self, channels, classes, h):
        super().__init__()
        self.stages = nn.ModuleList(
            Stage(channels if s == 0 else classes, int(h["features"]), classes, int(h["layers"]),
                  int(h["projection_dim"]), float(h["dropout"])) for s in range(int(h["stages"])))

    def forward(self, x):
        logits, features = [], []
        for s, stage in enumerate(self.stages):
            out, h = stage(x if s == 0 else F.softmax(logits[-1], 1))
            logits.append(out)
            features.append(h)
        return logits, features


# --- loss, as models/internal/objectives/MsTcnObjective.cpp and HardExampleSampler.cpp ------------

def near_boundaries(labels, radius):
    """(B, T) bool: within `radius` of a change of label between neighbours."""
    change = np.zeros(labels.shape, dtype=np.int64)
    change[:, 1:] = labels[:, 1:] != labels[:, :-1]  # change between t-1 and t, stored at t
    cs = np.cumsum(change, axis=1)
    t = labels.shape[1]
    u = np.arange(t)
    hi = cs[:, np.minimum(u + radius, t - 1)]
    lo = np.where(u - radius >= 0, cs[:, np.maximum(u - radius, 0)], 0)
    return (hi - lo) > 0  # a change at some t' in (u - radius, u + radius]


def hard_examples(truth, predicted, near, classes, per_class, rng):
    """Per class: wrong predictions first, then boundary samples, up to half; the rest random."""
    quota = int(round(per_class * 0.5))
    chosen = []
    for c in range(classes):
        of_class = truth == c
        wrong = np.flatnonzero(of_class & (predicted != c))
        boundary = np.flatnonzero(of_class & (predicted == c) & near)
        rest = np.flatnonzero(of_class & (predicted == c) & ~near)
        wrong, boundary = rng.permutation(wrong), rng.permutation(boundary)
        w = min(len(wrong), quota)
        b = min(len(boundary), quota - w)
        rest = rng.permutation(np.concatenate([rest, wrong[w:], boundary[b:]]))
        chosen += [wrong[:w], boundary[:b], rest[:per_class - w - b]]
    return np.concatenate(chosen).astype(np.int64)


def supervised_contrastive(z, labels, temperature):
    n = z.size(0)
    self_mask = torch.eye(n, dtype=torch.bool)
    positive = (labels.unsqueeze(1) == labels.unsqueeze(0)) & ~self_mask
    similarity = z @ z.t() / temperature
    log_probability = similarity - torch.logsumexp(similarity.masked_fill(self_mask, -1e9), 1, keepdim=True)
    positives = positive.float()
    count = positives.sum(1)
    anchors = count > 0
    if anchors.sum().item() == 0:
        return torch.zeros(())
    return (-(log_probability * positives).sum(1) / count.clamp_min(1))[anchors].mean()


class MsTcnLoss:
    def __init__(self, h, classes, seed):
        self.classes = classes
        self.smoothing, self.lam = float(h["smoothing"]), float(h["contrast_lambda"])
        self.temperature, self.radius = float(h["temperature"]), int(h["boundary_radius"])
        self.per_class = int(h["examples_per_class"])
        self.sample_contrast = str(h["sample_contrast"]).lower() in ("true", "1")
        self.segment_contrast = str(h["segment_contrast"]).lower() in ("true", "1")
        self.rng = np.random.default_rng(seed)

    def contrast(self, net, s, features, logits, truth, near, segment_of, segment_labels):
        projected = net.stages[s].project(features)  # (B, P, T)
        b, p, t = projected.shape
        flat = projected.permute(0, 2, 1).reshape(b * t, p)
        examples, labels = [], []
        if self.sample_contrast:
            predicted = logits.detach().argmax(1).reshape(-1).numpy()
            chosen = hard_examples(truth, predicted, near, self.classes, self.per_class, self.rng)
            if len(chosen):
                examples.append(flat[torch.from_numpy(chosen)])
                labels.append(torch.from_numpy(truth[chosen]))
        if self.segment_contrast and len(segment_labels):
            # Mean projection of every run of one labelled class in a chunk.
            segments = len(segment_labels)
            valid = torch.from_numpy(segment_of >= 0)
            index = torch.from_numpy(segment_of[segment_of >= 0])
            sums = torch.zeros(segments, p).index_add(0, index, flat[valid])
            counts = torch.bincount(index, minlength=segments).clamp_min(1).unsqueeze(1)
            examples.append(sums / counts)
            labels.append(torch.from_numpy(segment_labels))
        if not examples:
            return torch.zeros(())
        z = F.normalize(torch.cat(examples), dim=1)
        return supervised_contrastive(z, torch.cat(labels), self.temperature)

    def losses(self, net, x, y):
        logits, features = net(x)
        b, t = y.shape
        valid = y >= 0
        neighbours = (valid[:, 1:] & valid[:, :-1]).unsqueeze(1).float()
        neighbour_count = max(1.0, neighbours.sum().item() * self.classes)
        contrast_on = self.lam > 0 and (self.sample_contrast or self.segment_contrast)
        if contrast_on:
            labels = y.numpy()
            truth = labels.reshape(-1)
            near = near_boundaries(labels, self.radius).reshape(-1)
            # Segment index of every labelled sample: runs of one label per chunk.
            starts = np.ones(labels.shape, dtype=bool)
            starts[:, 1:] = labels[:, 1:] != labels[:, :-1]
            run = np.cumsum(starts.reshape(-1)) - 1
            run_labels = truth[starts.reshape(-1)]
            keep = run_labels >= 0
            renumber = np.full(len(run_labels), -1, dtype=np.int64)
            renumber[keep] = np.arange(int(keep.sum()))
            segment_of = renumber[run]
            segment_labels = run_labels[keep]
        flat_y = y.reshape(-1)
        ce = smoothing = contrastive = torch.zeros(())
        for s, out in enumerate(logits):
            ce = ce + F.cross_entropy(out.permute(0, 2, 1).reshape(b * t, self.classes), flat_y, ignore_index=-1)
            if self.smoothing > 0:
                log_p = F.log_softmax(out, 1)
                difference = (log_p[:, :, 1:] - log_p.detach()[:, :, :-1]).pow(2).clamp(0, 16)
                smoothing = smoothing + (difference * neighbours).sum() / neighbour_count
            if contrast_on:
                contrastive = contrastive + self.contrast(net, s, features[s], out, truth, near, segment_of,
                                                          segment_labels)
        total = ce + self.smoothing * smoothing + self.lam * contrastive
        return [("total", total), ("cross-entropy", ce), ("smoothing", smoothing), ("contrast", contrastive)]


# --- NumPy chunking pipeline -------------------------------------------------

def chunks_and_normalise(recs, length, class_ids):
    """Chunks (n, C, length) float32, normalised, labels (n, length) int64 (-1 ignored), and the
    labelled samples per class of the recordings (not of the chunks, which overlap at the ends)."""
    all_data = np.concatenate([d for _, d in recs], axis=1)
    mean = all_data.mean(axis=1, dtype=np.float64)
    std = all_data.std(axis=1, dtype=np.float64)
    std[std < 1e-8] = 1
    mean, inv = mean.astype(np.float32)[:, None], (1 / std).astype(np.float32)[:, None]
    index_of = np.full(max(class_ids) + 1, -1, dtype=np.int64)
    index_of[class_ids] = np.arange(len(class_ids))
    xs, ys, all_labels = [], [], []
    for r, data in recs:
        n = data.shape[1]
        labels = np.full(n, -1, dtype=np.int64)
        for a, b, c in r["segments"]:
            if c < len(index_of):
                labels[a:b] = index_of[c]
        all_labels.append(labels)
        if n <= length:
            starts = [0] if n > 0 else []
        else:
            starts = list(range(0, n - length + 1, length))
            if starts[-1] + length < n:
                starts.append(n - length)
        normalised = (data - mean) * inv
        for s in starts:
            y = labels[s:s + length]
            if not (y >= 0).any():
                continue
            x = normalised[:, s:s + length]
            if x.shape[1] < length:  # a recording shorter than a chunk: padded, ignored
                x = np.pad(x, ((0, 0), (0, length - x.shape[1])))
                y = np.pad(y, (0, length - len(y)), constant_values=-1)
            xs.append(x)
            ys.append(y)
    labelled = np.concatenate(all_labels)
    counts = np.bincount(labelled[labelled >= 0], minlength=len(class_ids))
    return np.ascontiguousarray(np.stack(xs)), np.stack(ys), counts


def step(net, loss, optimizer, x, y, log_terms):
    terms = loss.losses(net, x, y)
    value = terms[0][1].item()
    if not np.isfinite(value):
        raise RuntimeError("loss became %s" % value)
    optimizer.zero_grad()
    terms[0][1].backward()
    optimizer.step()
    if log_terms:  # what the C++ trainer reads for its progress display
        return [t.item() for _, t in terms[1:]]
    return None


def make(h, channels, classes, seed):
    torch.manual_seed(seed)
    net = MsTcn(channels, classes, h)
    return net, MsTcnLoss(h, classes, seed), torch.optim.Adam(net.parameters(), lr=float(h["lr"]))


def python_epoch(recs, h, class_ids, seed):
    start = time.perf_counter()
    x, y, counts = chunks_and_normalise(recs, int(h["chunk_length"]), class_ids)
    prepared = time.perf_counter() - start
    net, loss, optimizer = make(h, x.shape[1], len(class_ids), seed)
    net.train()
    batch = int(h["batch"])
    order = np.random.default_rng(seed).permutation(len(x))
    batches = (len(x) + batch - 1) // batch  # the last batch may be short, as in the trainer
    for b in range(batches):
        idx = order[b * batch:(b + 1) * batch]
        step(net, loss, optimizer, torch.from_numpy(x[idx]), torch.from_numpy(y[idx]), True)
    return time.perf_counter() - start, prepared, len(x), batches, counts


def python_steps(recs, h, class_ids, seed, warmup, steps):
    x, y, _ = chunks_and_normalise(recs, int(h["chunk_length"]), class_ids)
    net, loss, optimizer = make(h, x.shape[1], len(class_ids), seed)
    net.train()
    batch = int(h["batch"])
    order = np.random.default_rng(seed).permutation(len(x))
    prepared = [(torch.from_numpy(x[order[i * batch:(i + 1) * batch]].copy()),
                 torch.from_numpy(y[order[i * batch:(i + 1) * batch]].copy()))
                for i in range(min(8, len(x) // batch))]
    times = []
    for i in range(warmup + steps):
        xb, yb = prepared[i % len(prepared)]
        t = time.perf_counter()
        step(net, loss, optimizer, xb, yb, False)
        if i >= warmup:
            times.append(time.perf_counter() - t)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--project", required=True)
    ap.add_argument("--classes", default="")
    ap.add_argument("--val-subjects", default="")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--set", action="append", default=[], help="KEY=VALUE hyperparameter, both sides")
    ap.add_argument("--export-dir", default=None, help="default: <build>/bench/training-export")
    args = ap.parse_args()

    exe = os.path.join(args.build, "bench", "bench_training")
    export_dir = args.export_dir or os.path.join(args.build, "bench", "training-export")
    subprocess.run([exe, "--export", export_dir, "--project", args.project], check=True)
    torch.set_num_threads(args.threads)
    print("machine: %d logical CPUs, %s; Python %s, torch %s (%d threads), numpy %s" % (
        os.cpu_count(), cpu_name(), sys.version.split()[0], torch.__version__, torch.get_num_threads(),
        np.__version__))
    print("load average at start: %s" % " ".join("%.2f" % v for v in os.getloadavg()))
    cmd = [exe, "--train", "--project", args.project, "--model", "mstcn", "--threads", str(args.threads),
           "--repeat", str(args.repeat), "--steps", str(args.steps), "--warmup", str(args.warmup), "--json"]
    if args.classes:
        cmd += ["--classes", args.classes]
    if args.val_subjects:
        cmd += ["--val-subjects", args.val_subjects]
    for kv in args.set:
        cmd += ["--set", kv]
    print("$ " + " ".join(cmd), flush=True)
    cpp = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    h = cpp["hyperparameters"]
    class_ids = [int(c) for c in cpp["training_data"]["samples_per_class"].keys()]
    class_ids = [int(c) for c in args.classes.split(",")] if args.classes else sorted(class_ids)
    recs = load(export_dir, set(cpp["training_subjects"]))
    py_epochs, py_prep = [], []
    for _ in range(args.repeat):
        t, prep, n, batches, counts = python_epoch(recs, h, class_ids, 1)
        py_epochs.append(t)
        py_prep.append(prep)
        print("  PyTorch epoch %.1f s (load %.2f)" % (t, os.getloadavg()[0]), flush=True)
    py_steps = python_steps(recs, h, class_ids, 1, args.warmup, args.steps)
    r = dict(chunks_cpp=cpp["training_data"]["chunks"], chunks_py=int(n),
             counts_cpp=[cpp["training_data"]["samples_per_class"][str(c)] for c in class_ids],
             counts_py=[int(c) for c in counts], batches=batches, batch=int(h["batch"]),
             chunk_length=int(h["chunk_length"]), cpp_epoch=cpp["epoch_seconds"], py_epoch=py_epochs,
             cpp_prep=cpp["windowing_normalisation_seconds"], py_prep=py_prep,
             cpp_step=cpp["step_median_seconds"], py_step=float(np.median(py_steps)),
             load_end=os.getloadavg())
    report(r)
    print(json.dumps(r))


def report(r):
    same = "same" if r["counts_cpp"] == r["counts_py"] else "DIFFERENT"
    samples = r["chunks_cpp"] * r["chunk_length"]
    print("mstcn: %d training chunks of %d samples (Python %d; labelled samples per class %s), %d batches of %d" % (
        r["chunks_cpp"], r["chunk_length"], r["chunks_py"], same, r["batches"], r["batch"]))
    print("                                   first      best   (all runs)")
    for name, key in (("epoch end to end, Kinemark", "cpp_epoch"), ("epoch end to end, PyTorch", "py_epoch"),
                      ("  chunking+normalisation, Kinemark", "cpp_prep"),
                      ("  chunking+normalisation, NumPy", "py_prep")):
        v = r[key]
        print("  %-36s %7.3f s %7.3f s  (%s)" % (name, v[0], min(v), ", ".join("%.3f" % t for t in v)))
    step_samples = r["batch"] * r["chunk_length"]
    print("  %-36s %7.0f ms  %8.0f samples/s" % ("training step (median), Kinemark", 1000 * r["cpp_step"],
                                                step_samples / r["cpp_step"]))
    print("  %-36s %7.0f ms  %8.0f samples/s" % ("training step (median), PyTorch", 1000 * r["py_step"],
                                                step_samples / r["py_step"]))
    print("  training samples/s over the epoch: Kinemark %.0f, PyTorch %.0f" % (
        samples / min(r["cpp_epoch"]), samples / min(r["py_epoch"])))
    print("  ratio (PyTorch / Kinemark): epoch %.2fx (best runs), step %.2fx" % (
        min(r["py_epoch"]) / min(r["cpp_epoch"]), r["py_step"] / r["cpp_step"]))
    print("  load average at end: %s" % " ".join("%.2f" % v for v in r["load_end"]), flush=True)


if __name__ == "__main__":
    main()
