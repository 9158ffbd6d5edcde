"""scikit-learn side of `npm run bench -- detectors`: fit and score times on 100,000 x 20 standard normal
data (numpy seed 0), medians of 3 runs after a warm-up, printed as JSON.

usage: /usr/bin/python3 tests/reference/sklearn_detectors_bench.py
"""
import json
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.ensemble import IsolationForest

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


print(json.dumps({
    "iforest": timed(lambda: IsolationForest(n_estimators=100, max_samples=256, random_state=0), 100_000),
    # The workbench's KMeans fits on an evenly spaced sample of 20,000 rows; the same here.
    "kmeans": timed(lambda: KMeans(n_clusters=8, n_init=4, random_state=0), 20_000),
}))
