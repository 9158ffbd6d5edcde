#!/usr/bin/env python3
"""Reference values from pandas for src/engine/eda/descriptive-stats.ts (describeMetrics).

Writes tests/engine/eda/golden/stats.json, which tests/engine/eda/descriptive-stats.test.ts compares
against within 1e-9 relative (|ts - pandas| <= 1e-9 * |pandas| + 1e-12).

Regenerate (from the repository root, with Debian's Python, which has python3-pandas and numpy):

    /usr/bin/python3 tests/reference/eda_stats.py
    npx prettier --write tests/engine/eda/golden

(the second step keeps `prettier --check .` green), then review the diff of the JSON file. The arrays
are seeded, so unchanged libraries give an identical file.

What is recorded, for every array (`cases`) and for every (metric, entity) of a small multi-entity
frame (`frame`): count, missing, mean, std (ddof 1), min, q25/median/q75 (Series.quantile, linear
interpolation), max, skewness (Series.skew), kurtosis (Series.kurt, excess) and zeroShare (share of
the non-missing values equal to 0). NaN is written as null (JSON has no NaN).
"""

import json
import math
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "engine", "eda", "golden", "stats.json")


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def describe(s: pd.Series) -> dict:
    valid = s.dropna()
    q = s.quantile([0.25, 0.5, 0.75]) if len(valid) else pd.Series([np.nan] * 3)
    return {
        "count": int(s.count()),
        "missing": int(s.isna().sum()),
        "mean": num(s.mean()),
        "std": num(s.std()),
        "min": num(s.min()),
        "q25": num(q.iloc[0]),
        "median": num(q.iloc[1]),
        "q75": num(q.iloc[2]),
        "max": num(s.max()),
        "skewness": num(s.skew()),
        "kurtosis": num(s.kurt()),
        "zeroShare": num((valid == 0).sum() / len(valid)) if len(valid) else None,
    }


def values(a) -> list:
    return [num(v) for v in a]


def main() -> None:
    rng = np.random.default_rng(20241122)

    normal = rng.normal(50.0, 12.0, 500)
    normal[rng.choice(500, 37, replace=False)] = np.nan

    # Integers with many zeros and ties (Poisson counts).
    counts = rng.poisson(0.7, 301).astype(float)
    counts[[3, 77, 150]] = np.nan

    # Heavy right tail: log-normal with a few extreme values, rounded like metric data.
    heavy = np.round(rng.lognormal(1.0, 1.5, 1000), 3)
    heavy[[10, 500]] = [1.5e6, 9.9e5]

    # Negative and positive, left-skewed, heavy-tailed (Student t with 3 degrees of freedom).
    student = -np.abs(rng.standard_t(3, 400)) * 7.0 + 3.0

    cases = {
        "normal_with_nan": normal,
        "poisson_zeros_ties": counts,
        "lognormal_heavy_tail": heavy,
        "student_t_left_skew": student,
        "interpolation_5": np.array([4.0, 1.0, 3.0, 2.0, 10.0]),
        "interpolation_6": np.array([0.1, 0.7, 0.2, 0.3, 0.5, 100.25]),
        "constant": np.array([5.0, 5.0, 5.0, 5.0, 5.0]),
        "two_values": np.array([1.0, np.nan, 2.0]),
        "three_values": np.array([0.0, 1.0, 5.0]),
        "one_value": np.array([np.nan, 3.5]),
        "all_missing": np.array([np.nan, np.nan, np.nan]),
        "all_zero": np.zeros(8),
    }

    out_cases = []
    for name, arr in cases.items():
        out_cases.append({"name": name, "values": values(arr), "stats": describe(pd.Series(arr))})

    # A small multi-entity frame; rows interleaved so grouping matters.
    n = 240
    hosts = np.array(["host-10", "host-2", "host-1"])[rng.integers(0, 3, n)]
    cpu = np.round(rng.gamma(2.0, 15.0, n), 2)
    cpu[rng.choice(n, 20, replace=False)] = np.nan
    cpu[rng.choice(n, 15, replace=False)] = 0.0
    lat = np.round(rng.lognormal(3.0, 0.8, n), 1)
    lat[hosts == "host-1"] = np.nan  # one entity with no values of this metric
    lat[rng.choice(n, 10, replace=False)] = np.nan
    frame = pd.DataFrame({"host": hosts, "cpu_pct": cpu, "latency_ms": lat})

    stats = []
    for metric in ["cpu_pct", "latency_ms"]:
        stats.append({"metric": metric, "entity": None, **describe(frame[metric])})
    for metric in ["cpu_pct", "latency_ms"]:
        for host in sorted(frame["host"].unique()):
            stats.append({"metric": metric, "entity": host, **describe(frame.loc[frame["host"] == host, metric])})

    doc = {
        "generator": "tests/reference/eda_stats.py",
        "versions": {"pandas": pd.__version__, "numpy": np.__version__},
        "tolerance": {"relative": 1e-9, "absolute": 1e-12},
        "cases": out_cases,
        "frame": {
            "entity": "host",
            "metrics": ["cpu_pct", "latency_ms"],
            "columns": {"host": hosts.tolist(), "cpu_pct": values(cpu), "latency_ms": values(lat)},
            "stats": stats,
        },
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
