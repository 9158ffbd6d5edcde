#!/usr/bin/env python3
"""Reference values from scikit-learn/numpy for the TypeScript metrics in src/engine/metrics.

Writes tests/engine/metrics/golden/sklearn-metrics.json, which tests/engine/metrics/golden.test.ts
compares against within 1e-12.

Regenerate (from the repository root, with a Python that has numpy and scikit-learn, e.g. Debian's
python3-sklearn):

    /usr/bin/python3 tests/reference/sklearn_metrics.py
    npx prettier --write tests/engine/metrics/golden

(the second step keeps `prettier --check .` green), then review the diff of the JSON file. The cases are seeded, so an unchanged library gives an
identical file.

Notes on the recorded values:
- roc_curve is called with drop_intermediate=False. Its first threshold is +inf in scikit-learn >= 1.3
  but max(score) + 1 in older versions, and JSON has no infinity, so that first threshold is left
  out: `roc_thresholds_from_1` holds thresholds[1:] (the TypeScript side checks thresholds[0] is Infinity).
- precision_recall_curve keeps all thresholds (scikit-learn >= 1.1 does not truncate at full recall).
- `quantiles` are numpy.quantile(scores, 1 - contamination) with the default (linear) method.
- `at_threshold` holds sklearn's precision/recall/f1 (zero_division=0) and the FPR from confusion_matrix
  for alert = score >= threshold.
"""

import json
import os

import numpy as np
import sklearn
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "engine", "metrics", "golden", "sklearn-metrics.json"
)
CONTAMINATIONS = [0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0]


def cases():
    rng = np.random.default_rng(20240611)

    # Continuous scores, 10% positives shifted upwards: almost no ties.
    n = 300
    y = (rng.random(n) < 0.1).astype(int)
    s = rng.normal(size=n) + 1.5 * y
    yield "continuous_300", y, s

    # Scores rounded to one decimal: many ties that mix both classes.
    n = 400
    y = (rng.random(n) < 0.2).astype(int)
    s = np.round(rng.normal(size=n) + 0.8 * y, 1)
    yield "rounded_ties_400", y, s

    # Integer scores 0..9: heavy ties, 30% positives.
    n = 250
    y = (rng.random(n) < 0.3).astype(int)
    s = np.clip(rng.poisson(3 + 2 * y), 0, 9).astype(float)
    yield "integer_ties_250", y, s

    # Heavy-tailed scores with a rare class (2%).
    n = 500
    y = (rng.random(n) < 0.02).astype(int)
    y[:2] = 1  # make sure there are positives
    s = rng.standard_cauchy(size=n) + 3 * y
    yield "cauchy_rare_500", y, s

    # Small hand-checkable cases.
    yield "tiny_4", np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])
    yield "all_tied_6", np.array([0, 1, 0, 1, 0, 0]), np.full(6, 0.5)
    yield "perfect_5", np.array([0, 0, 0, 1, 1]), np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    yield "inverted_5", np.array([1, 1, 0, 0, 0]), np.array([-2.0, -1.0, 0.0, 1.0, 2.0])


def at_threshold(y, s, t):
    a = (s >= t).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, a, labels=[0, 1]).ravel()
    return {
        "threshold": float(t),
        "tp": int(tp),
        "fp": int(fp),
        "tn": int(tn),
        "fn": int(fn),
        "precision": float(precision_score(y, a, zero_division=0)),
        "recall": float(recall_score(y, a, zero_division=0)),
        "f1": float(f1_score(y, a, zero_division=0)),
        "fpr": float(fp / (fp + tn)) if fp + tn > 0 else 0.0,
    }


def floats(a):
    return [float(x) for x in a]


def main():
    out = {
        "_generated_by": "tests/reference/sklearn_metrics.py",
        "_versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
        "cases": [],
    }
    for name, y, s in cases():
        fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
        prec, rec, pthr = precision_recall_curve(y, s)
        uniq = np.unique(s)
        picks = sorted({uniq[0], uniq[len(uniq) // 2], uniq[-1], float(np.quantile(s, 0.9))})
        out["cases"].append(
            {
                "name": name,
                "labels": [int(v) for v in y],
                "scores": floats(s),
                "roc_auc": float(roc_auc_score(y, s)),
                "average_precision": float(average_precision_score(y, s)),
                "roc_fpr": floats(fpr),
                "roc_tpr": floats(tpr),
                "roc_thresholds_from_1": floats(thr[1:]),
                "pr_precision": floats(prec),
                "pr_recall": floats(rec),
                "pr_thresholds": floats(pthr),
                "quantiles": [
                    {"contamination": c, "threshold": float(np.quantile(s, 1 - c))} for c in CONTAMINATIONS
                ],
                "at_threshold": [at_threshold(y, s, t) for t in picks],
            }
        )
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)}: {len(out['cases'])} cases")


if __name__ == "__main__":
    main()
