"""Reference for tests/engine/detectors/dbscan.test.ts: scikit-learn 1.2 DBSCAN labels and
NearestNeighbors k-distances on fixed blobs plus uniform noise, in 3 and 10 dimensions.

usage: /usr/bin/python3 tests/reference/sklearn_dbscan.py > tests/engine/detectors/golden/dbscan.json
"""
import json

import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs
from sklearn.neighbors import NearestNeighbors


def knee_index(curve):
    """Max of Kneedle's difference curve: x and y scaled to [0, 1], argmax of x - y (first on ties)."""
    n = len(curve)
    span = curve[-1] - curve[0]
    if n < 3 or span <= 0:
        return n - 1
    gap = np.arange(n) / (n - 1) - (curve - curve[0]) / span
    return int(np.argmax(gap))


def dataset(name, centers, std, n_blobs, n_noise, low, high, seed, cases, knee_min_pts):
    blobs, _ = make_blobs(n_samples=n_blobs, centers=centers, cluster_std=std, random_state=seed)
    noise = np.random.default_rng(seed).uniform(low, high, size=(n_noise, blobs.shape[1]))
    X = np.round(np.vstack([blobs, noise]), 6)
    runs = []
    for eps, min_pts in cases:
        db = DBSCAN(eps=eps, min_samples=min_pts).fit(X)
        core = np.zeros(len(X), dtype=int)
        core[db.core_sample_indices_] = 1
        runs.append({"eps": eps, "minPts": min_pts, "labels": db.labels_.tolist(), "core": core.tolist()})
    kdist = {}
    for k in sorted({m for _, m in cases} | {knee_min_pts}):
        dist, _ = NearestNeighbors(n_neighbors=k).fit(X).kneighbors(X)
        kdist[str(k)] = np.sort(dist[:, -1]).tolist()
    curve = np.array(kdist[str(knee_min_pts)])
    eps_knee = float(curve[knee_index(curve)])
    db = DBSCAN(eps=eps_knee, min_samples=knee_min_pts).fit(X)
    return {
        "name": name,
        "X": X.tolist(),
        "runs": runs,
        "kDistance": kdist,
        "knee": {
            "minPts": knee_min_pts,
            "eps": eps_knee,
            "clusters": int(db.labels_.max() + 1),
            "noise": int((db.labels_ < 0).sum()),
            "labels": db.labels_.tolist(),
        },
    }


print(json.dumps([
    dataset(
        "blobs3d",
        [[0, 0, 0], [6, 6, 0], [0, 7, 5], [8, 0, 6]],
        [0.8, 1.0, 0.6, 1.2],
        500, 40, -6, 14, 7,
        [(0.6, 5), (0.9, 5), (1.2, 8), (1.6, 12)],
        6,
    ),
    dataset(
        "blobs10d",
        3,
        1.0,
        300, 30, -15, 15, 11,
        [(2.5, 5), (3.5, 10), (4.5, 20)],
        20,
    ),
]))
