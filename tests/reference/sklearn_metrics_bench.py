"""scikit-learn side of `npm run bench -- metrics`: curves and areas over 1,000,000 scores with 5%
anomalies (numpy seed 0; not the same draws as the TypeScript side, the same distribution), medians of 5
runs after a warm-up, printed as JSON.

usage: /usr/bin/python3 tests/reference/sklearn_metrics_bench.py
"""
import json
import time

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

rng = np.random.default_rng(0)
labels = (rng.random(1_000_000) < 0.05).astype(int)
scores = np.round(rng.standard_normal(1_000_000) + 1.5 * labels, 3)


def timed(fn):
    out = []
    for run in range(6):
        t = time.perf_counter()
        fn()
        if run:
            out.append(time.perf_counter() - t)
    return float(np.median(out))


print(json.dumps({
    "rocCurve": timed(lambda: roc_curve(labels, scores, drop_intermediate=False)),
    "prCurve": timed(lambda: precision_recall_curve(labels, scores)),
    "rocAuc": timed(lambda: roc_auc_score(labels, scores)),
    "averagePrecision": timed(lambda: average_precision_score(labels, scores)),
}))
