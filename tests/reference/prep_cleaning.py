#!/usr/bin/env python3
"""Reference values from pandas and numpy for the Data Preparation cleaning steps (src/engine/prep).

Writes tests/engine/prep/golden/cleaning.json, read by tests/engine/prep/{missing-values,resample,
outliers}.test.ts.

Regenerate (from the repository root, with Debian's Python, which has pandas and numpy):

    /usr/bin/python3 tests/reference/prep_cleaning.py
    npx prettier --write tests/engine/prep/golden

then review the diff of the JSON file. Everything is seeded, so unchanged libraries give an identical
file. NaN is written as null (JSON has no NaN).

What is recorded:
- `frame`: a messy two-entity frame (rows shuffled, several rows in one 5-minute step, jittered times,
  gaps, runs of NaN, a text column with empty cells) and `series`: one long series with NaN runs of
  lengths 1 to 8, both in row order;
- `ffill`: per limit, `groupby(entity).ffill(limit=)` on rows in stable time order, back in row order;
- `interpolate`: per limit, `interpolate(method='linear', limit_area='inside')` per entity. The engine
  leaves a gap longer than the limit wholly missing, where pandas' `limit=` fills its first rows: the
  expected values are pandas' `interpolate(limit=L, limit_area='inside')` in gaps of at most L rows and
  NaN in longer gaps (the script asserts pandas with and without the limit agree in the short gaps);
- `rollingMedian`: per window w, NaN cells take `s.shift(1).rolling(w, min_periods=1).median()`;
- `resample`: per step and aggregate, `resample(step, origin='epoch')` per entity of the time-sorted
  rows: metrics `.mean()` or `.last()` (last non-missing), label `.max()` with empty steps 0, the text
  column `.last()`;
- `quantiles`: `numpy.quantile` (linear) of the finite training values, and Tukey fences
  q1 - k IQR, q3 + k IQR, with how many values `numpy.clip` moves.
"""

import json
import math
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "engine", "prep", "golden", "cleaning.json")

STEP = 300_000
START = 1_704_067_200_000  # 2024-01-01T00:00:00Z
LIMITS = [None, 1, 2, 3, 5]
WINDOWS = [1, 3, 4]


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def nums(a) -> list:
    return [num(v) for v in a]


def with_nan_runs(rng, n: int, runs: int, longest: int) -> np.ndarray:
    values = np.round(rng.normal(50, 15, n), 3)
    for _ in range(runs):
        start = int(rng.integers(0, n))
        values[start : start + int(rng.integers(1, longest + 1))] = np.nan
    return values


def make_frame(rng) -> pd.DataFrame:
    parts = []
    for entity, steps in (("web-01", 40), ("db-02", 34)):
        k = np.arange(steps)
        k = k[(k < 12) | (k > 15)]  # a 4-step gap with no row at all
        times = START + k * STEP + rng.integers(0, STEP // 1000, len(k)) * 1000
        extra = rng.choice(len(k), 8, replace=False)  # more rows inside already used steps
        times = np.concatenate([times, times[extra] + rng.integers(0, 3, 8) * 1000])
        n = len(times)
        parts.append(
            pd.DataFrame(
                {
                    "entity": entity,
                    "time": times.astype(np.int64),
                    "a": with_nan_runs(rng, n, 6, 4),
                    "b": with_nan_runs(rng, n, 3, 6),
                    "label": (rng.random(n) < 0.08).astype(float),
                    "note": [None if rng.random() < 0.3 else f"n{int(rng.integers(0, 100))}" for _ in range(n)],
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    return frame.sample(frac=1, random_state=7).reset_index(drop=True)


def per_entity(frame: pd.DataFrame, column: str, fn) -> list:
    """fn on each entity's values in stable time order, returned in the frame's row order."""
    ordered = frame.sort_values("time", kind="stable")
    out = ordered.groupby("entity", sort=False)[column].transform(fn)
    return nums(out.sort_index())


def gap_lengths(s: pd.Series) -> np.ndarray:
    """For each NaN, the length of the NaN run it belongs to (0 for observed values)."""
    isna = s.isna().to_numpy()
    out = np.zeros(len(s), dtype=int)
    i = 0
    while i < len(s):
        if isna[i]:
            j = i
            while j < len(s) and isna[j]:
                j += 1
            out[i:j] = j - i
            i = j
        else:
            i += 1
    return out


def interpolate_whole_gaps(s: pd.Series, limit) -> pd.Series:
    full = s.interpolate(method="linear", limit_area="inside")
    if limit is None:
        return full
    limited = s.interpolate(method="linear", limit=limit, limit_area="inside")
    short = gap_lengths(s) <= limit
    assert np.allclose(full[short], limited[short], equal_nan=True, rtol=0, atol=0)
    return limited.where(short, np.nan)


def rolling_median_fill(s: pd.Series, w: int) -> pd.Series:
    return s.fillna(s.shift(1).rolling(w, min_periods=1).median())


def fill_cases(frame: pd.DataFrame, columns) -> dict:
    key = lambda limit: "none" if limit is None else str(limit)  # noqa: E731
    return {
        "ffill": {
            key(limit): {c: per_entity(frame, c, lambda s, limit=limit: s.ffill(limit=limit)) for c in columns}
            for limit in LIMITS
        },
        "interpolate": {
            key(limit): {c: per_entity(frame, c, lambda s, limit=limit: interpolate_whole_gaps(s, limit)) for c in columns}
            for limit in LIMITS
        },
        "rollingMedian": {
            str(w): {c: per_entity(frame, c, lambda s, w=w: rolling_median_fill(s, w)) for c in columns} for w in WINDOWS
        },
    }


def resample_case(frame: pd.DataFrame, step_ms: int, aggregate: str) -> dict:
    rows = {"entity": [], "time": [], "a": [], "b": [], "label": [], "note": []}
    for entity in sorted(frame["entity"].unique()):
        sub = frame[frame["entity"] == entity].sort_values("time", kind="stable")
        sub = sub.set_index(pd.to_datetime(sub["time"], unit="ms"))
        r = sub.resample(f"{step_ms}ms", origin="epoch")
        metrics = r[["a", "b"]].mean() if aggregate == "mean" else r[["a", "b"]].last()
        label = r["label"].max().fillna(0)
        note = r["note"].last()
        times = metrics.index.asi8 // 1_000_000
        rows["entity"] += [entity] * len(times)
        rows["time"] += [int(t) for t in times]
        rows["a"] += nums(metrics["a"])
        rows["b"] += nums(metrics["b"])
        rows["label"] += nums(label)
        rows["note"] += [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in note]
    return {"stepMs": step_ms, "aggregate": aggregate, "rows": rows}


def quantile_cases(rng) -> dict:
    values = rng.standard_t(3, 400) * 10 + 100
    values[rng.choice(400, 25, replace=False)] = np.nan
    train = np.sort(rng.choice(400, 280, replace=False))
    finite = values[train][np.isfinite(values[train])]
    cases = []
    for lower, upper in ((0.001, 0.999), (0.05, 0.95), (0.0, 1.0), (0.25, 0.75), (0.1, 0.9)):
        lo, hi = np.quantile(finite, [lower, upper])
        cases.append({"method": "clip-quantile", "lower": lower, "upper": upper, "k": 1.5, "bounds": [lo, hi]})
    for k in (1.5, 3.0, 0.0):
        q1, q3 = np.quantile(finite, [0.25, 0.75])
        cases.append({"method": "clip-iqr", "lower": 0.001, "upper": 0.999, "k": k, "bounds": [q1 - k * (q3 - q1), q3 + k * (q3 - q1)]})
    for c in cases:
        lo, hi = c["bounds"]
        clipped = np.clip(values, lo, hi)
        c["clipped"] = int(np.sum((clipped != values) & ~np.isnan(values)))
        c["bounds"] = [float(lo), float(hi)]
    return {"values": nums(values), "train": [int(i) for i in train], "cases": cases}


def main() -> None:
    rng = np.random.default_rng(20240101)
    frame = make_frame(rng)
    series = pd.DataFrame({"entity": "s", "time": START + np.arange(300) * STEP, "x": with_nan_runs(rng, 300, 40, 8)})
    golden = {
        "tolerance": {"relative": 1e-12, "absolute": 1e-12},
        "versions": {"pandas": pd.__version__, "numpy": np.__version__},
        "frame": {
            "entity": list(frame["entity"]),
            "time": [int(t) for t in frame["time"]],
            "a": nums(frame["a"]),
            "b": nums(frame["b"]),
            "label": nums(frame["label"]),
            "note": list(frame["note"]),
            **fill_cases(frame, ["a", "b"]),
            "resample": [resample_case(frame, s, agg) for s in (STEP, 2 * STEP, 420_000) for agg in ("mean", "last")],
        },
        "series": {"x": nums(series["x"]), **fill_cases(series, ["x"])},
        "quantiles": quantile_cases(rng),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
