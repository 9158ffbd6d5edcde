#!/usr/bin/env python3
"""Reference values for src/engine/metrics/range-pr.ts: range-based precision and recall of Tatbul et al.,
"Precision and Recall for Time Series", NeurIPS 2018.

The `prts` package (the paper's reference implementation) is not installed here, so its formulas are
transcribed below, loop for loop after the paper's pseudo-code (Recall_T, Precision_T, omega, delta, gamma),
deliberately unlike the TypeScript implementation (which scans each range once). Differences from calling
`prts` directly:
- ranges are extracted per segment [start, end) (one per entity), so a run never crosses a segment boundary;
- with no real range recall is 0 and with no predicted range precision is 0 (prts returns 0 for the first
  and fails on an all-zero prediction).

Writes tests/engine/metrics/golden/range-pr.json, compared by tests/engine/metrics/range-pr.test.ts within
1e-12. Regenerate from the repository root:

    /usr/bin/python3 tests/reference/range_pr_reference.py
    npx prettier --write tests/engine/metrics/golden/range-pr.json

The cases are seeded, so the file is reproducible.
"""

import itertools
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine", "metrics", "golden", "range-pr.json")

RECALL_ALPHAS = [0.0, 0.3, 1.0]
PRECISION_ALPHAS = [0.0, 0.3]
GAMMAS = ["one", "reciprocal"]
DELTAS = ["flat", "front", "back", "middle"]


def ranges(x, segments):
    """Runs of 1 in x as inclusive (first, last) pairs, within each segment."""
    out = []
    for start, end in segments:
        k = start
        while k < end:
            if x[k] == 1:
                first = k
                while k + 1 < end and x[k + 1] == 1:
                    k += 1
                out.append((first, k))
            k += 1
    return out


def delta(bias, i, length):
    if bias == "flat":
        return 1.0
    if bias == "front":
        return float(length - i + 1)
    if bias == "back":
        return float(i)
    if bias == "middle":
        return float(i) if i <= length / 2.0 else float(length - i + 1)
    raise ValueError(bias)


def gamma(cardinality, x):
    if cardinality == "one" or x <= 1:
        return 1.0
    return 1.0 / x


def omega(rng_, overlap, bias):
    """omega(AnomalyRange, OverlapSet, delta) of the paper, for one contiguous overlap (first, last)."""
    length = rng_[1] - rng_[0] + 1
    my_value = 0.0
    max_value = 0.0
    for i in range(1, length + 1):
        b = delta(bias, i, length)
        max_value += b
        row = rng_[0] + i - 1
        if overlap[0] <= row <= overlap[1]:
            my_value += b
    return my_value / max_value


def score(own, other, alpha, cardinality, bias):
    """Mean over `own` ranges of alpha * ExistenceReward + (1 - alpha) * OverlapReward against `other`."""
    if not own:
        return 0.0
    total = 0.0
    for r in own:
        omega_sum = 0.0
        count = 0
        for p in other:
            if r[1] < p[0] or r[0] > p[1]:
                continue
            count += 1
            omega_sum += omega(r, (max(r[0], p[0]), min(r[1], p[1])), bias)
        existence = 1.0 if count > 0 else 0.0
        total += alpha * existence + (1 - alpha) * gamma(cardinality, count) * omega_sum
    return total / len(own)


def random_events(rng, n, count, min_len, max_len):
    x = np.zeros(n, dtype=int)
    for _ in range(count):
        length = int(rng.integers(min_len, max_len + 1))
        start = int(rng.integers(0, n - length + 1))
        x[start : start + length] = 1
    return x


def cases():
    rng = np.random.default_rng(20181203)

    # Hand-sized: one real range [2, 9]; alerts early (2-4), late (7-9) and in two pieces.
    labels = np.array([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0])
    yield "early_12", labels, np.array([0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]), [[0, 12]]
    yield "late_12", labels, np.array([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0]), [[0, 12]]
    yield "two_pieces_12", labels, np.array([0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0]), [[0, 12]]
    # One alert run covering two real ranges, plus a false alarm.
    yield "one_alert_two_events_14", np.array([0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]), np.array(
        [0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0]
    ), [[0, 14]]

    # Random single-segment series: alerts are the labels shifted and thinned, plus false alarms.
    for n in (150, 300):
        y = random_events(rng, n, n // 25, 1, 18)
        shifted = np.roll(y, int(rng.integers(-3, 4)))
        keep = rng.random(n) < 0.8
        noise = random_events(rng, n, n // 40, 1, 6)
        a = ((shifted & keep) | noise).astype(int)
        yield f"random_{n}", y, a, [[0, n]]

    # Several segments with runs crossing their boundaries (which must cut them) and a skipped gap row.
    n = 240
    y = random_events(rng, n, 10, 3, 25)
    a = random_events(rng, n, 12, 2, 30)
    y[95:105] = 1
    a[97:110] = 1
    yield "segments_240", y, a, [[0, 100], [100, 170], [171, 240]]

    # Long alert runs spanning several short events, and fragmented alerts inside long events.
    n = 200
    y = np.zeros(n, dtype=int)
    for s in range(5, 60, 8):
        y[s : s + 3] = 1
    y[100:160] = 1
    a = np.zeros(n, dtype=int)
    a[4:30] = 1
    a[40:58] = 1
    a[105:158:6] = 1
    a[110:113] = 1
    a[180:185] = 1
    yield "cardinality_200", y, a, [[0, n]]

    # Degenerate: no alerts; no labels; all alerts.
    y = random_events(rng, 60, 3, 2, 8)
    yield "no_alerts_60", y, np.zeros(60, dtype=int), [[0, 60]]
    yield "no_labels_60", np.zeros(60, dtype=int), random_events(rng, 60, 3, 2, 8), [[0, 60]]
    yield "all_alerts_60", y, np.ones(60, dtype=int), [[0, 60]]


def main():
    out = {"_generated_by": "tests/reference/range_pr_reference.py", "_versions": {"numpy": np.__version__}, "cases": []}
    for name, y, a, segments in cases():
        real = ranges(y, segments)
        pred = ranges(a, segments)
        out["cases"].append(
            {
                "name": name,
                "labels": [int(v) for v in y],
                "alerts": [int(v) for v in a],
                "segments": segments,
                "real_ranges": len(real),
                "predicted_ranges": len(pred),
                "recall": [
                    {"alpha": al, "gamma": g, "delta": d, "value": score(real, pred, al, g, d)}
                    for al, g, d in itertools.product(RECALL_ALPHAS, GAMMAS, DELTAS)
                ],
                "precision": [
                    {"alpha": al, "gamma": g, "delta": d, "value": score(pred, real, al, g, d)}
                    for al, g, d in itertools.product(PRECISION_ALPHAS, GAMMAS, DELTAS)
                ],
            }
        )
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)}: {len(out['cases'])} cases")


if __name__ == "__main__":
    main()
