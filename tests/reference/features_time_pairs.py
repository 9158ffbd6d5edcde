#!/usr/bin/env python3
"""Reference values from pandas for the `xcorr` and `residuals` feature families
(src/engine/features/cross-correlation.ts and residuals.ts).

Writes tests/engine/features/golden/xcorr.json and tests/engine/features/golden/residuals.json, read by
tests/engine/features/cross-correlation.test.ts and residuals.test.ts.

Regenerate (from the repository root, with Debian's Python, which has python3-pandas and numpy):

    /usr/bin/python3 tests/reference/features_time_pairs.py
    npx prettier --write tests/engine/features/golden/xcorr.json tests/engine/features/golden/residuals.json

then review the diff. The series are seeded and rounded to 3 decimals (so the JSON holds them exactly),
so unchanged libraries give an identical file.

xcorr: `a.rolling(w, min_periods=1).corr(b)` for every pair of three metrics, with NaN and +-inf
(fewer than 2 rows, or zero variance) written as 0, which is the family's convention. pandas computes
the correlation from E[xy] - E[x]E[y], which loses digits (up to ~3e-6 with 2-row windows here), so
each feature's absolute tolerance is 10 times pandas' largest distance from an exact two-pass
computation (numpy), at least 1e-9.

residuals: written with pandas group-bys, independently of the streaming code:
  how_dev  = x - (expanding mean of the earlier values of the same UTC hour-of-week slot), 0 without any
  how_z    = how_dev / (expanding std, ddof 1, of those earlier values), 0 when that is NaN or 0
  trend_dev = x - x.rolling(season, min_periods=1).mean()
  seasonal_resid = trend_dev - (ewm(alpha).mean() of the earlier trend_dev values of the same phase,
                   phase = row number mod season), 0 as the index before the phase is seen
"""

import json
import math
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "engine", "features", "golden")


def clean(values):
    """Non-finite values as 0 (the family's convention), rounded to 12 significant digits (file size)."""
    out = []
    for v in values:
        v = float(v)
        out.append(float("%.12g" % v) if math.isfinite(v) else 0.0)
    return out


def daily_series(rng, n, rows_per_day, level, amplitude, noise, spikes):
    i = np.arange(n)
    x = level + amplitude * np.sin(2 * np.pi * i / rows_per_day) + rng.normal(0, noise, n)
    for at in rng.choice(n, spikes, replace=False):
        x[at] += amplitude * rng.uniform(2, 5)
    return np.round(x, 3)


def exact_corr(a, b, w):
    """Two-pass correlation of each trailing window; 0 for fewer than 2 rows or a constant window."""
    r = []
    for i in range(len(a)):
        x = a[max(0, i - w + 1) : i + 1]
        y = b[max(0, i - w + 1) : i + 1]
        if len(x) < 2 or np.all(x == x[-1]) or np.all(y == y[-1]):
            r.append(0.0)
        else:
            x = x - x.mean()
            y = y - y.mean()
            r.append(float((x * y).sum() / math.sqrt((x * x).sum() * (y * y).sum())))
    return r


def xcorr_golden():
    rng = np.random.default_rng(20240304)
    n = 1000
    cpu = daily_series(rng, n, 288, 50, 20, 3, 6)
    mem = np.round(0.4 * cpu + 30 + rng.normal(0, 2, n), 3)
    # An exactly constant stretch: zero variance in every window inside it.
    mem[400:460] = 61.5
    lat = daily_series(rng, n, 288, 120, -15, 10, 8)
    metrics = {"cpu": cpu, "mem": mem, "lat": lat}
    windows = [2, 7, 96]
    names = list(metrics)
    features = {}
    tolerance = {}
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            a = pd.Series(metrics[names[i]])
            b = pd.Series(metrics[names[j]])
            for w in windows:
                name = f"{names[i]}~{names[j]}__xcorr__w{w}"
                r = clean(a.rolling(w, min_periods=1).corr(b))
                features[name] = r
                error = max(abs(p - e) for p, e in zip(r, exact_corr(a.to_numpy(), b.to_numpy(), w)))
                tolerance[name] = max(1e-9, float("%.1g" % (10 * error)))
    return {
        "generator": "tests/reference/features_time_pairs.py",
        "versions": {"pandas": pd.__version__, "numpy": np.__version__},
        "tolerance": tolerance,
        "metrics": names,
        "windows": windows,
        "values": {k: [float(v) for v in metrics[k]] for k in names},
        "features": features,
    }


def residual_frame(x, t, season, alpha):
    x = pd.Series(x)
    out = {}
    if t is not None:
        stamps = pd.to_datetime(t, unit="ms", utc=True)
        # Sunday = 0, as in the family; any labelling of the 168 slots gives the same groups.
        slot = pd.Series(((stamps.dayofweek + 1) % 7) * 24 + stamps.hour)
        groups = x.groupby(slot)
        mean = groups.transform(lambda s: s.expanding().mean().shift(1))
        std = groups.transform(lambda s: s.expanding().std().shift(1))
        dev = (x - mean).fillna(0.0)
        z = dev / std
        z[~(std > 0)] = 0.0
        out["how_dev"] = clean(dev)
        out["how_z"] = clean(z)
    trend = x - x.rolling(season, min_periods=1).mean()
    phase = pd.Series(np.arange(len(x)) % season)
    index = trend.groupby(phase).transform(lambda s: s.ewm(alpha=alpha).mean().shift(1)).fillna(0.0)
    out["trend_dev"] = clean(trend)
    out["seasonal_resid"] = clean(trend - index)
    return out


def residuals_golden():
    rng = np.random.default_rng(20240305)
    step = 20 * 60 * 1000
    n = 1000
    start = int(pd.Timestamp("2024-03-01T00:00:00Z").value // 1_000_000)
    t = start + step * np.arange(n + 30)
    # A gap of 30 rows: slots follow the clock, phases follow the row count.
    t = np.concatenate([t[:600], t[630:]])
    cpu = daily_series(rng, n, 72, 40, 15, 2, 5)
    conn = np.round(200 + 3 * cpu + rng.normal(0, 8, n), 3)
    conn[300:340] = 250.0
    with_time = {"cpu": residual_frame(cpu, t, 72, 0.1), "conn": residual_frame(conn, t, 72, 0.1)}
    no_time = {"cpu": residual_frame(cpu, None, 10, 0.3)}
    return {
        "generator": "tests/reference/features_time_pairs.py",
        "versions": {"pandas": pd.__version__, "numpy": np.__version__},
        "tolerance": {
            "relative": 1e-9,
            "of": "max(1, |expected|, |x|) for deviations, max(1, |expected|) for how_z",
        },
        "stepMs": step,
        "times": [int(v) for v in t],
        "values": {"cpu": [float(v) for v in cpu], "conn": [float(v) for v in conn]},
        "withTime": {"season": "auto", "seasonRows": 72, "alpha": 0.1, "features": with_time},
        "noTime": {"season": 10, "alpha": 0.3, "features": no_time},
    }


def write(name, data):
    os.makedirs(GOLDEN, exist_ok=True)
    with open(os.path.join(GOLDEN, name), "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    write("xcorr.json", xcorr_golden())
    write("residuals.json", residuals_golden())
