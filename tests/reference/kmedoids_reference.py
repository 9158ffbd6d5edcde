"""Reference for tests/engine/detectors/kmedoids.test.ts: PAM in numpy with scikit-learn-extra's
`KMedoids(method='pam', init='build')` semantics (scikit-learn-extra is not installed here): BUILD
(first medoid minimises the sum of distances, each next one maximises the reduction of the total
deviation), then SWAP: every iteration makes the best (medoid, non-medoid) swap of all, until none
lowers the total deviation (max_iter 300). Euclidean distances (scipy cdist). `blobs` is the number
of generated blobs: with k above it several splits of a blob are about equally good, so only PAM
itself (not another algorithm) can be expected to land on the same one.

usage: /usr/bin/python3 tests/reference/kmedoids_reference.py > tests/engine/detectors/golden/kmedoids.json
"""
import json

import numpy as np
from scipy.spatial.distance import cdist
from sklearn.datasets import make_blobs


def build(D, k):
    medoids = [int(np.argmin(D.sum(axis=1)))]
    near = D[medoids[0]].copy()
    for _ in range(1, k):
        gain = np.maximum(near[None, :] - D, 0).sum(axis=1)
        gain[medoids] = -1
        j = int(np.argmax(gain))
        medoids.append(j)
        near = np.minimum(near, D[j])
    return medoids


def swap(D, medoids, max_iter=300):
    medoids = list(medoids)
    k = len(medoids)
    td = D[medoids].min(axis=0).sum()
    swaps = 0
    for _ in range(max_iter):
        best_delta, best_i, best_h = -1e-12 * td, None, None
        for i in range(k):
            others = [m for t, m in enumerate(medoids) if t != i]
            d_others = D[others].min(axis=0)
            td_new = np.minimum(d_others[None, :], D).sum(axis=1)
            td_new[medoids] = np.inf
            h = int(np.argmin(td_new))
            if td_new[h] - td < best_delta:
                best_delta, best_i, best_h = td_new[h] - td, i, h
        if best_i is None:
            break
        medoids[best_i] = best_h
        td = D[medoids].min(axis=0).sum()
        swaps += 1
    return medoids, float(td), swaps


def case(name, X, k, blobs):
    D = cdist(X, X)
    initial = build(D, k)
    medoids, td, swaps = swap(D, initial)
    labels = np.argmin(D[medoids], axis=0)
    return {
        "name": name,
        "k": k,
        "blobs": blobs,
        "X": X.tolist(),
        "build": initial,
        "medoids": medoids,
        "labels": labels.tolist(),
        "totalDeviation": td,
        "swaps": swaps,
    }


blobs, _ = make_blobs(n_samples=400, centers=5, n_features=4, cluster_std=1.8, random_state=5)
blobs = np.round(blobs, 6)
uneven, _ = make_blobs(
    n_samples=[200, 60, 30],
    centers=[[0, 0], [5, 1], [2, 6]],
    cluster_std=[1.5, 0.8, 0.5],
    random_state=2,
)
uneven = np.round(np.vstack([uneven, np.random.default_rng(2).uniform(-6, 10, size=(10, 2))]), 6)
print(json.dumps([
    case("blobs4d-k5", blobs, 5, 5),
    case("blobs4d-k8", blobs, 8, 5),
    case("uneven2d-k3", uneven, 3, 3),
]))
