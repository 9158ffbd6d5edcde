"""scikit-learn side of `npm run bench -- detectors`: fit and score times on 100,000 x 20 standard normal
data (numpy seed 0), medians of 3 runs after a warm-up, printed as JSON.

usage: /usr/bin/python3 tests/reference/sklearn_detectors_bench.py
"""
import json
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.cluster import DBSCAN
from sklearn.ensemble import IsolationForest
from sklearn.neighbors import NearestNeighbors
from sklearn.svm import OneClassSVM
from scipy.cluster.hierarchy import fcluster, linkage

X = np.random.default_rng(0).standard_normal((100_000, 20))


def timed(make, fit_rows):
    fits, scores = [], []
    for run in range(4):
        model = make()
        t = time.perf_counter()
        model.fit(X[:fit_rows])
        fit = time.perf_counter() - t
        t = time.perf_counter()
        if isinstance(model, KMeans):
            model.transform(X).min(axis=1)
        else:
            model.score_samples(X)
        score = time.perf_counter() - t
        if run:
            fits.append(fit)
            scores.append(score)
    return {"fit": float(np.median(fits)), "score": float(np.median(scores))}


def dbscan_timed():
    """DBSCAN on a 5,000-row sample, eps from the knee of the 40-distance curve; score = distance to the
    nearest of (at most) 1,000 core rows, as the workbench does."""
    sample = X[:: len(X) // 5_000][:5_000]
    fits, scores = [], []
    for run in range(4):
        t = time.perf_counter()
        kd = np.sort(NearestNeighbors(n_neighbors=40).fit(sample).kneighbors(sample)[0][:, -1])
        x = np.linspace(0, 1, len(kd))
        y = (kd - kd[0]) / (kd[-1] - kd[0])
        eps = kd[int(np.argmax(x - y))]
        db = DBSCAN(eps=eps, min_samples=40).fit(sample)
        core = sample[db.core_sample_indices_]
        core = core[:: max(1, len(core) // 1_000)] if len(core) else sample[:1]
        fit = time.perf_counter() - t
        t = time.perf_counter()
        NearestNeighbors(n_neighbors=1).fit(core).kneighbors(X)
        score = time.perf_counter() - t
        if run:
            fits.append(fit)
            scores.append(score)
    return {"fit": float(np.median(fits)), "score": float(np.median(scores))}


def hclust_timed():
    """Ward linkage (scipy) on a 4,000-row sample cut into 8 clusters; score = distance to the centroids."""
    sample = X[:: len(X) // 4_000][:4_000]
    fits, scores = [], []
    for run in range(4):
        t = time.perf_counter()
        labels = fcluster(linkage(sample, method="ward"), 8, criterion="maxclust")
        centres = np.stack([sample[labels == c].mean(axis=0) for c in np.unique(labels)])
        fit = time.perf_counter() - t
        t = time.perf_counter()
        ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).min(axis=1)
        score = time.perf_counter() - t
        if run:
            fits.append(fit)
            scores.append(score)
    return {"fit": float(np.median(fits)), "score": float(np.median(scores))}


print(json.dumps({
    "iforest": timed(lambda: IsolationForest(n_estimators=100, max_samples=256, random_state=0), 100_000),
    # The workbench's KMeans fits on an evenly spaced sample of 20,000 rows; the same here.
    "kmeans": timed(lambda: KMeans(n_clusters=8, n_init=4, random_state=0), 20_000),
    # The workbench's SVM fits on a 10,000-row sample.
    "ocsvm": timed(lambda: OneClassSVM(kernel="rbf", nu=0.05, gamma="scale"), 10_000),
    "dbscan": dbscan_timed(),
    "hclust": hclust_timed(),
}))
