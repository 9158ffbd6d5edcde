#!/usr/bin/env python3
"""Reference values from numpy/pandas/scipy for the numeric EDA functions in src/engine/eda.

Writes tests/engine/eda/golden/numeric.json, which tests/engine/eda/golden-numeric.test.ts compares
against (tolerances are stated in that test, next to each comparison).

Regenerate (from the repository root, with Debian's python3-numpy, python3-pandas, python3-scipy):

    /usr/bin/python3 tests/reference/eda_numeric.py
    npx prettier --write tests/engine/eda/golden/numeric.json

then review the diff of the JSON file. The inputs are seeded, so unchanged libraries give an identical
file. The inputs themselves are stored in the file, so the TypeScript side reads exactly the same numbers.

Notes on the recorded values:
- KDE bandwidth: the TypeScript side uses Silverman's robust rule 0.9 * min(s, IQR / 1.34) * n^(-1/5)
  (s = sample std, ddof 1; IQR from numpy's linear percentiles). scipy's bw_method='silverman' is a
  different rule ((n (d + 2) / 4)^(-1/(d + 4)) * s, about 1.06 s n^(-1/5)); it is recorded as
  `scipy_silverman_bandwidth` for the record only. The exact density `kde.density` is scipy's
  gaussian_kde evaluated with our bandwidth, passed as bw_method = h / s (scipy multiplies the factor
  by the ddof-1 standard deviation).
- ACF: statsmodels is not installed here, so the ACF is computed by statsmodels' definition
  (acf with adjusted=False, missing='conservative'): deviations from the nan-mean, NaN deviations set
  to 0, r_k = sum(d[:n-k] * d[k:]) / sum(d * d).
- Profiles: pandas groupby on the UTC hour / weekday (Monday = 0) of the time stamps; std with ddof 1,
  quantiles linear.
"""

import json
import os

import numpy as np
import pandas as pd
import scipy
from scipy.stats import gaussian_kde

rng = np.random.default_rng(20261122)
out = {"versions": {"numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__}}


def clean(a):
    """JSON without NaN: NaN -> None (null); the TypeScript side maps null back to NaN."""
    return [None if (isinstance(v, float) and np.isnan(v)) else v for v in np.asarray(a, dtype=float).tolist()]


# --- correlation: 300 rows, ties, NaN at different rows per column, a heavy-tailed column ---
n = 300
x = rng.normal(size=n)
y = 0.7 * x + rng.normal(scale=0.5, size=n)
z = np.round(x * 2 + rng.normal(size=n))  # many ties
w = np.exp(rng.normal(scale=1.5, size=n))  # heavy tail
v = -y + 0.1 * rng.normal(size=n)
complete = pd.DataFrame({"x": x, "y": y, "z": z, "w": w, "v": v})
missing = complete.copy()
missing.loc[rng.choice(n, 20, replace=False), "x"] = np.nan
missing.loc[rng.choice(n, 35, replace=False), "z"] = np.nan
missing.loc[rng.choice(n, 10, replace=False), "w"] = np.nan
out["correlation"] = {
    "names": list(complete.columns),
    "complete": {c: clean(complete[c]) for c in complete.columns},
    "missing": {c: clean(missing[c]) for c in missing.columns},
    "pearson_complete": clean(complete.corr("pearson").to_numpy().ravel()),
    "spearman_complete": clean(complete.corr("spearman").to_numpy().ravel()),
    "pearson_missing": clean(missing.corr("pearson").to_numpy().ravel()),
    "spearman_missing": clean(missing.corr("spearman").to_numpy().ravel()),
    "rank_missing_z": clean(missing["z"].rank(method="average")),
}

# --- box statistics: ties, NaN, outliers on both sides ---
b = np.round(rng.normal(50, 10, size=997), 1)
b[:5] = [120.0, 130.5, -40.0, 95.0, 5.0]
b[rng.choice(len(b), 17, replace=False)] = np.nan
fin = b[~np.isnan(b)]
q1, med, q3 = np.percentile(fin, [25, 50, 75])
lo_f, hi_f = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
inside = fin[(fin >= lo_f) & (fin <= hi_f)]
out["box"] = {
    "values": clean(b),
    "n": int(len(fin)),
    "missing": int(np.isnan(b).sum()),
    "min": float(fin.min()),
    "q1": float(q1),
    "median": float(med),
    "q3": float(q3),
    "max": float(fin.max()),
    "whiskerLo": float(inside.min()),
    "whiskerHi": float(inside.max()),
    "outliersLow": int((fin < lo_f).sum()),
    "outliersHigh": int((fin > hi_f).sum()),
    "percentiles_at": [0, 1, 5, 10, 33.3, 50, 90, 99, 100],
    "percentiles": clean(np.percentile(fin, [0, 1, 5, 10, 33.3, 50, 90, 99, 100])),
}

# --- distribution: a two-mode sample with a few NaN ---
d = np.concatenate([rng.normal(0, 1, 300), rng.normal(4, 0.5, 100)])
d[[7, 77, 177]] = np.nan
dfin = d[~np.isnan(d)]
s = dfin.std(ddof=1)
iqr = np.subtract(*np.percentile(dfin, [75, 25]))
h = 0.9 * min(s, iqr / 1.34) * len(dfin) ** (-0.2)
grid = np.linspace(dfin.min() - 3 * h, dfin.max() + 3 * h, 200)
kde = gaussian_kde(dfin, bw_method=h / s)
counts, edges = np.histogram(dfin, bins=20)
scipy_silverman = gaussian_kde(dfin, bw_method="silverman").factor * s
out["distribution"] = {
    "values": clean(d),
    "n": int(len(dfin)),
    "bandwidth": float(h),
    "scipy_silverman_bandwidth": float(scipy_silverman),
    "grid": clean(grid),
    "density": clean(kde(grid)),
    "hist_counts_20": clean(counts),
    "hist_edges_20": clean(edges),
}
# log10 of a log-normal sample with zeros and negatives (skipped)
ln = np.exp(rng.normal(1, 1, 200))
ln[:6] = [0, -1, 0, -5, 0, 0]
pos = np.log10(ln[ln > 0])
s2 = pos.std(ddof=1)
iqr2 = np.subtract(*np.percentile(pos, [75, 25]))
h2 = 0.9 * min(s2, iqr2 / 1.34) * len(pos) ** (-0.2)
grid2 = np.linspace(pos.min() - 3 * h2, pos.max() + 3 * h2, 100)
out["distribution_log"] = {
    "values": clean(ln),
    "n": int(len(pos)),
    "skipped": int((ln <= 0).sum()),
    "bandwidth": float(h2),
    "grid": clean(grid2),
    "density": clean(gaussian_kde(pos, bw_method=h2 / s2)(grid2)),
}

# --- a 5-minute series with a daily cycle (288 steps) plus noise, 14 days, some NaN ---
steps = 14 * 288
t0 = pd.Timestamp("2024-03-04T00:00:00Z")  # a Monday
times = (t0.value // 10**6) + np.arange(steps) * 300_000
tt = np.arange(steps)
series = (
    50
    + 20 * np.sin(2 * np.pi * tt / 288 - np.pi / 2)
    + 5 * (pd.to_datetime(times, unit="ms").dayofweek < 5)
    + rng.normal(0, 4, steps)
)
series = np.round(series, 3)
series[rng.choice(steps, 40, replace=False)] = np.nan
dev = series - np.nanmean(series)
dev[np.isnan(dev)] = 0
max_lag = 600
acov = np.array([np.sum(dev[: steps - k] * dev[k:]) for k in range(max_lag + 1)])
dt = pd.to_datetime(times, unit="ms", utc=True)
frame = pd.DataFrame({"v": series, "hour": dt.hour, "dow": dt.dayofweek})
by_hour = frame.groupby("hour")["v"]
by_dow = frame.groupby("dow")["v"]
weekend = frame["dow"] >= 5
out["series"] = {
    "times": [int(t) for t in times],
    "values": clean(series),
    "acf": clean(acov / acov[0]),
    "max_lag": max_lag,
    "hourly_mean": clean(by_hour.mean()),
    "hourly_std": clean(by_hour.std()),
    "hourly_p10": clean(by_hour.quantile(0.1)),
    "hourly_p90": clean(by_hour.quantile(0.9)),
    "hourly_n": clean(by_hour.count()),
    "weekday_mean": clean(by_dow.mean()),
    "weekday_std": clean(by_dow.std()),
    "weekday_n": clean(by_dow.count()),
    "how_mean": clean(frame.groupby(frame["dow"] * 24 + frame["hour"])["v"].mean()),
    "weekday_overall_mean": float(frame.loc[~weekend, "v"].mean()),
    "weekend_overall_mean": float(frame.loc[weekend, "v"].mean()),
}

path = os.path.join(os.path.dirname(__file__), "..", "engine", "eda", "golden", "numeric.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
