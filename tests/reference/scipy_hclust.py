"""Reference for tests/engine/detectors/hclust.test.ts: scipy 1.10 hierarchical clustering.

usage: /usr/bin/python3 tests/reference/scipy_hclust.py > tests/engine/detectors/golden/hclust.json

- small: 24 rows x 3; the full linkage matrix Z (ids, heights, sizes) of every method.
- blobs: 6 blobs, 408 rows x 5 (with 8 scattered rows); fcluster(linkage(X, m), 6, 'maxclust') labels
  per method, and the top 16 merges of ward drawn by dendrogram(truncate_mode='lastp'): leaf sizes left
  to right and each merge's height and x (scipy puts leaves at 5, 15, 25...; here 0, 1, 2...).
"""
import json

import numpy as np
from scipy.cluster.hierarchy import dendrogram, fcluster, linkage
from sklearn.datasets import make_blobs

METHODS = ["single", "complete", "average", "ward"]


def rounded(X):
    # The test reads these decimals back, so the references are computed on exactly them.
    return np.array([[float(repr(round(float(v), 12))) for v in row] for row in X])


rng = np.random.default_rng(11)
small = rounded(rng.normal(size=(24, 3)) * [1.0, 2.0, 0.5])

blobs, _ = make_blobs(n_samples=400, centers=6, n_features=5, cluster_std=1.0, random_state=7)
blobs = rounded(np.vstack([blobs, rng.uniform(-15, 15, size=(8, 5))]))

Zw = linkage(blobs, "ward")
P = 17  # leaves shown, so the top 16 merges
dn = dendrogram(Zw, truncate_mode="lastp", p=P, no_plot=True)
leaf_sizes = [int(s[1:-1]) if s.startswith("(") else 1 for s in dn["ivl"]]
merges_drawn = [[d[1], (i[1] + i[2]) / 20 - 0.5] for i, d in zip(dn["icoord"], dn["dcoord"])]

print(json.dumps({
    "small": {
        "X": small.tolist(),
        "Z": {m: linkage(small, m).tolist() for m in METHODS},
    },
    "blobs": {
        "X": blobs.tolist(),
        "k": 6,
        "labels": {m: fcluster(linkage(blobs, m), 6, "maxclust").tolist() for m in METHODS},
        "dendrogram": {"merges": P - 1, "leafSizes": leaf_sizes, "mergeHeightX": merges_drawn},
    },
}))
