#!/usr/bin/python3
"""t-SNE of 10 000 points: Kinemark (bench_tsne) vs sklearn.manifold.TSNE.

Both embed the same float32 rows (made here, seeded: ten Gaussian clusters of
unequal size and spread in 50 dimensions, like the embeddings of ten activity
classes) with the same settings: Barnes-Hut, angle 0.5, perplexity 30,
1000 iterations of which 250 with early exaggeration 12, learning rate
max(n / 12 / 4, 50), PCA start. Both use the same number of threads (sklearn's
OpenMP gradient through OMP_NUM_THREADS). Timed: the whole fit, neighbours
included, not the data generation or the process start.

Printed: seconds of each and the ratio, the KL divergence each reports (its own
Barnes-Hut estimate), and the exact KL(P || Q) of both maps computed by
bench_tsne against one dense P, so the two maps are judged by one ruler.

    /usr/bin/python3 bench/tsne_vs_sklearn.py --build build-analysis --threads 2
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def make_data(n, dims, classes, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    weights = rng.uniform(0.5, 1.5, classes)
    sizes = np.floor(weights / weights.sum() * n).astype(int)
    sizes[0] += n - sizes.sum()
    rows = []
    for c in range(classes):
        centre = rng.normal(0, 4, dims)
        spread = rng.uniform(0.5, 2.0)
        rows.append(centre + spread * rng.normal(0, 1, (sizes[c], dims)))
    data = np.concatenate(rows).astype(np.float32)
    return data[rng.permutation(n)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--points", type=int, default=10000)
    parser.add_argument("--dims", type=int, default=50)
    parser.add_argument("--perplexity", type=float, default=30)
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-exact-kl", action="store_true")
    args = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    import numpy as np
    import sklearn
    from sklearn.manifold import TSNE

    bench = os.path.join(args.build, "bench", "bench_tsne")
    data = make_data(args.points, args.dims, 10, 1)
    with tempfile.TemporaryDirectory() as tmp:
        data_path = os.path.join(tmp, "data.f32")
        ours_path = os.path.join(tmp, "ours.f32")
        theirs_path = os.path.join(tmp, "sklearn.f32")
        data.tofile(data_path)
        ours = json.loads(subprocess.run(
            [bench, data_path, str(args.points), str(args.dims), "--perplexity",
             str(args.perplexity), "--iterations", str(args.iterations), "--threads",
             str(args.threads), "--out", ours_path],
            check=True, capture_output=True, text=True).stdout)

        tsne = TSNE(n_components=2, perplexity=args.perplexity, n_iter=args.iterations,
                    early_exaggeration=12.0, learning_rate="auto", init="pca", method="barnes_hut",
                    angle=0.5, random_state=0)
        start = time.perf_counter()
        embedding = tsne.fit_transform(data)
        seconds = time.perf_counter() - start
        embedding.astype(np.float32).tofile(theirs_path)

        result = {
            "points": args.points, "dims": args.dims, "perplexity": args.perplexity,
            "iterations": args.iterations, "threads": args.threads,
            "sklearn_version": sklearn.__version__,
            "kinemark_s": round(ours["seconds"], 2), "sklearn_s": round(seconds, 2),
            "ratio": round(seconds / ours["seconds"], 2),
            "kinemark_kl_reported": round(ours["kl_divergence"], 4),
            "sklearn_kl_reported": round(float(tsne.kl_divergence_), 4),
            "sklearn_iterations_run": int(tsne.n_iter_) + 1,
        }
        if not args.no_exact_kl:
            kls = json.loads(subprocess.run(
                [bench, data_path, str(args.points), str(args.dims), "--perplexity",
                 str(args.perplexity), "--exact-kl", ours_path, "--exact-kl", theirs_path],
                check=True, capture_output=True, text=True).stdout)["exact_kl"]
            result["kinemark_kl_exact"] = round(kls[0], 4)
            result["sklearn_kl_exact"] = round(kls[1], 4)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    sys.exit(main())
