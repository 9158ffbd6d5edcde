#!/usr/bin/env python3
"""Reference values for the preparation steps in src/engine/prep: scalers and feature selection.

Writes two golden files next to the tests:
- tests/engine/prep/golden/scalers.json: scikit-learn's StandardScaler, RobustScaler and MinMaxScaler
  fitted on the first rows of a small matrix with NaN (scikit-learn ignores NaN in fit and keeps it in
  transform), then applied to every row;
- tests/engine/prep/golden/selection.json: a seeded feature table (values rounded to 4 decimals so that
  JSON carries them exactly), training rows, labels, and what selectFeatures must return, computed here
  independently with pandas/numpy/scipy/scikit-learn:
  * near-constant: the top value share from pandas value_counts(dropna=False), std / |mean| from numpy;
  * correlation: numpy.corrcoef over the evenly spaced sample, missing values replaced by the column mean
    (the whole matrix of the features left after the near-constant step is recorded);
  * ranking 'auc': |roc_auc_score - 0.5| * 2 (scikit-learn);
  * ranking 'mutual-info': the plug-in mutual information (nats) of the label with the feature cut into
    10 equal-frequency bins, bin = floor(10 * r / n) with r = scipy.stats.rankdata(x, 'min') - 1,
    computed from the 2-D histogram. scikit-learn's mutual_info_classif (a kNN estimator) is recorded
    as well, for a loose comparison only.

Regenerate (from the repository root, with a Python that has numpy, scipy, pandas and scikit-learn,
e.g. Debian's python3-sklearn):

    /usr/bin/python3 tests/reference/prep_selection.py
    npx prettier --write tests/engine/prep/golden

then review the diff. The data are seeded, so unchanged libraries give identical files.
"""

import json
import os

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy.stats import rankdata
from sklearn.feature_selection import mutual_info_classif
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine", "prep", "golden")
VERSIONS = {
    "sklearn": sklearn.__version__,
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "pandas": pd.__version__,
}
MI_BINS = 10


def nan_to_none(a):
    return [None if np.isnan(v) else float(v) for v in np.asarray(a, dtype=float).ravel()]


def write(name, obj):
    with open(os.path.join(GOLDEN, name), "w") as f:
        json.dump(obj, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")


# ---------------------------------------------------------------- scalers


def scalers():
    nan = np.nan
    # Columns: ordinary with a NaN, constant, ties and two NaN (interquartile range 0), heavy tail; the last two rows are not fitted
    # and fall outside the fitted range.
    x = np.array(
        [
            [1.5, 4.0, 2.0, 0.1],
            [2.5, 4.0, 2.0, 0.3],
            [nan, 4.0, nan, 0.2],
            [-0.5, 4.0, 2.0, 12.0],
            [3.25, 4.0, 2.0, 0.15],
            [0.75, 4.0, nan, 0.25],
            [2.0, 4.0, 5.0, 0.05],
            [10.0, 7.0, -1.0, nan],
            [-4.0, 1.0, 2.0, 100.0],
        ]
    )
    fit_rows = 7
    cases = []
    for kind, cls in (("standard", StandardScaler), ("robust", RobustScaler), ("minmax", MinMaxScaler)):
        s = cls().fit(x[:fit_rows])
        if kind == "standard":
            center, scale = s.mean_, s.scale_
        elif kind == "robust":
            center, scale = s.center_, s.scale_
        else:
            # MinMaxScaler transforms as x * scale_ + min_ with scale_ = 1 / range (1 for a zero range).
            center, scale = s.data_min_, 1.0 / s.scale_
        cases.append(
            {
                "kind": kind,
                "center": [float(v) for v in center],
                "scale": [float(v) for v in scale],
                "transformed": [nan_to_none(s.transform(x)[:, j]) for j in range(x.shape[1])],
            }
        )
    write(
        "scalers.json",
        {
            "_versions": VERSIONS,
            "columns": [nan_to_none(x[:, j]) for j in range(x.shape[1])],
            "fitRows": fit_rows,
            "cases": cases,
        },
    )


# ---------------------------------------------------------------- feature selection


def feature_table():
    rng = np.random.default_rng(20240917)
    n, n_train = 600, 420
    y = np.zeros(n)
    for start in (30, 95, 170, 250, 330, 400, 470, 540):  # anomaly events of 6 rows, 6 in training
        y[start : start + 6] = 1
    y_lab = y.copy()
    y_lab[[12, 13, 14, 200, 201]] = np.nan  # unlabelled rows: left out of the ranking

    cpu = rng.normal(50, 10, n) + 9 * y
    mem = rng.normal(0, 1, n)
    test_part = np.arange(n) >= n_train
    f = {}
    f["cpu__raw__value"] = cpu
    f["cpu__rolling__mean_w6"] = cpu + rng.normal(0, 0.8, n)  # r ~ 0.997 with cpu: dropped
    f["mem__raw__value"] = mem
    f["mem__lag__1"] = -mem + rng.normal(0, 0.1, n)  # r ~ -0.995 with mem: dropped
    f["disk__raw__value"] = np.where(test_part, rng.normal(7, 1, n), 7.0)  # constant in training only
    net = np.zeros(n)
    net[[40, 300]] = 1.0  # 418 of 420 training rows are 0 (99.5%)
    net[test_part] = rng.integers(0, 3, test_part.sum())
    f["net__raw__value"] = net
    f["memtotal__raw__value"] = 16e9 + np.round(rng.normal(0, 50, n))  # std / mean ~ 3e-9
    f["lat__raw__value"] = rng.exponential(1.0, n) * (1 + 1.5 * y)
    f["err__raw__value"] = rng.poisson(1.0 + 1.2 * y).astype(float)  # ties
    f["noise__raw__a"] = rng.normal(0, 1, n)
    f["noise__raw__b"] = rng.uniform(0, 1, n)
    gappy = rng.normal(0, 1, n) - 0.8 * y
    gappy[[3, 4, 5, 77, 150, 151, 152, 153, 380, 500]] = np.nan
    f["gappy__raw__value"] = gappy
    f["cpu__mix__value"] = 0.6 * (cpu - 50) / 10 + 0.4 * rng.normal(0, 1, n)  # r ~ 0.8: kept
    # Unrelated to cpu in training, identical to it in the test rows: fitting on training keeps it.
    f["cpu__late__copy"] = np.where(test_part, cpu, rng.normal(50, 10, n))
    names = list(f)
    cols = [np.round(f[k], 4) for k in names]
    train_rows = np.arange(n_train)
    return names, cols, train_rows, y_lab


def near_constant(col, rows, max_top_share, min_std_ratio):
    x = col[rows]
    counts = pd.Series(x).value_counts(dropna=False)
    top_value, top_count = counts.index[0], int(counts.iloc[0])
    share = top_count / len(x)
    if top_count > max_top_share * len(x):
        if pd.isna(top_value):
            return f"missing in {100 * share:.1f}% of rows"
        return f"top value covers {100 * share:.1f}% of rows"
    finite = x[np.isfinite(x)]
    std, mean = finite.std(), finite.mean()
    if min_std_ratio > 0 and std < min_std_ratio * abs(mean):
        return {"stdRatio": float(std / abs(mean))}
    return None


def correlation_matrix(cols, candidates, sample):
    m = np.array([cols[j][sample] for j in candidates])
    m = np.where(np.isnan(m), np.nanmean(m, axis=1, keepdims=True), m)
    return np.corrcoef(m)


def correlation_prune(cols, candidates, sample, threshold):
    r = correlation_matrix(cols, candidates, sample)
    kept, dropped = [], []
    for a in range(len(candidates)):
        match = next((b for b in kept if abs(r[a, b]) > threshold), None)
        if match is None:
            kept.append(a)
        else:
            dropped.append({"index": candidates[a], "with": candidates[match], "r": float(r[a, match])})
    return [candidates[a] for a in kept], dropped


def binned_mi(x, y):
    n = len(x)
    ranks = rankdata(x, method="min") - 1
    bins = np.floor(MI_BINS * ranks / n).astype(int)
    joint = np.zeros((MI_BINS, 2))
    np.add.at(joint, (bins, y.astype(int)), 1)
    p = joint / n
    pb = p.sum(axis=1, keepdims=True)
    py = p.sum(axis=0, keepdims=True)
    nz = p > 0
    return float(np.sum(p[nz] * np.log(p[nz] / (pb @ py)[nz])))


def ranking_scores(cols, candidates, rows, labels, method):
    lab = rows[~np.isnan(labels[rows])]
    out = []
    for j in candidates:
        x = cols[j][lab]
        y = labels[lab]
        ok = ~np.isnan(x)
        x, y = x[ok], y[ok]
        if method == "auc":
            s = abs(roc_auc_score(y, x) - 0.5) * 2
        else:
            s = binned_mi(x, y)
        out.append((j, float(s)))
    return out


def selection():
    names, cols, rows, labels = feature_table()
    options = {
        "nearConstant": {"enabled": True, "minStdRatio": 1e-6, "maxTopShare": 0.99},
        "correlation": {"enabled": True, "threshold": 0.95, "sampleRows": 150},
        "ranking": {"enabled": True, "method": "auc", "topK": 4},
    }
    near = {}
    candidates = []
    for j in range(len(names)):
        v = near_constant(cols[j], rows, 0.99, 1e-6)
        if v is None:
            candidates.append(j)
        else:
            near[names[j]] = v
    n_rows = len(rows)
    sample = np.array([rows[(k * n_rows) // 150] for k in range(150)])
    kept, correlated = correlation_prune(cols, candidates, sample, 0.95)
    rankings = {}
    for method in ("auc", "mutual-info"):
        scores = ranking_scores(cols, kept, rows, labels, method)
        # Best first, ties in feature order (a stable sort on the negated score).
        order = sorted(scores, key=lambda t: -t[1])
        rankings[method] = [{"name": names[j], "score": s} for j, s in order]
    lab = rows[~np.isnan(labels[rows])]
    sk_mi = {}
    for j in kept:
        x = cols[j][lab]
        ok = ~np.isnan(x)
        sk_mi[names[j]] = float(
            mutual_info_classif(x[ok].reshape(-1, 1), labels[lab][ok].astype(int), random_state=0)[0]
        )
    write(
        "selection.json",
        {
            "_versions": VERSIONS,
            "names": names,
            "columns": [nan_to_none(c) for c in cols],
            "trainRows": [int(i) for i in rows],
            "labels": nan_to_none(labels),
            "options": options,
            "nearConstant": near,
            "correlationSample": [int(i) for i in sample],
            "correlationNames": [names[j] for j in candidates],
            "correlationMatrix": [[float(v) for v in row] for row in correlation_matrix(cols, candidates, sample)],
            "correlated": [
                {"name": names[d["index"]], "with": names[d["with"]], "r": d["r"]} for d in correlated
            ],
            "afterCorrelation": [names[j] for j in kept],
            "rankings": rankings,
            "sklearnMutualInfo": sk_mi,
        },
    )


if __name__ == "__main__":
    os.makedirs(GOLDEN, exist_ok=True)
    scalers()
    selection()
