#!/usr/bin/env python3
"""Reference NAB scores for src/engine/metrics/nab-score.ts.

Writes tests/engine/metrics/golden/nab-score.json, which tests/engine/metrics/nab-score.test.ts compares
against within 1e-12.

Regenerate (from the repository root):

    /usr/bin/python3 tests/reference/nab_reference.py
    npx prettier --write tests/engine/metrics/golden/nab-score.json

The NAB package is not installed here, so this is an independent re-implementation of its threshold sweep
(numenta/NAB `nab/sweeper.py`: `calcSweepScore`, `calcScoreByThreshold`, `scoreDataSet`) and of
`nab/runner.py` normalization, written to follow their structure rather than the TypeScript one:
every row gets a weighted "sweep score" (in a window: the TP weight it would earn; outside: the FP cost it
would incur), scorable rows are sorted by anomaly score, a running per-window maximum is kept while the
threshold is lowered, and the row matching the requested threshold is picked the way NAB picks it. The null
score is the sweep's first row (threshold 1.1, nothing detected), which is what NAB's null detector earns.

Profiles are config/profiles.json: standard {tp 1, fp 0.11, fn 1}, reward_low_FP_rate {1, 0.22, 1},
reward_low_FN_rate {1, 0.11, 2}.
"""

import json
import math
import os

import numpy as np

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "engine", "metrics", "golden", "nab-score.json"
)

PROFILES = {
    "standard": {"tpWeight": 1.0, "fpWeight": 0.11, "fnWeight": 1.0},
    "reward_low_fp": {"tpWeight": 1.0, "fpWeight": 0.22, "fnWeight": 1.0},
    "reward_low_fn": {"tpWeight": 1.0, "fpWeight": 0.11, "fnWeight": 2.0},
}


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def scaled_sigmoid(position):
    if position > 3.0:
        return -1.0
    return 2 * sigmoid(-5 * position) - 1.0


def probation_length(num_rows, percent=0.15):
    return min(math.floor(percent * num_rows), percent * 5000)


def sweep_points(times, scores, windows, cost, probation):
    """One (anomaly score, weighted sweep score, window name or None or 'probationary') per row."""
    times = list(times)
    pending = list(windows)
    max_tp = scaled_sigmoid(-1.0)
    points = []
    current = None  # (name, right index, width)
    previous = None  # (right index, width)
    for i, (t, s) in enumerate(zip(times, scores)):
        if pending and t == pending[0][0]:
            start, end = pending.pop(0)
            right = times.index(end)
            current = ("w%s" % start, right, float(right - times.index(start) + 1))
        if current is not None:
            name, right, width = current
            weighted = scaled_sigmoid(-(right - i + 1) / width) * cost["tpWeight"] / max_tp
        else:
            name = None
            if previous is None:
                unweighted = -1.0
            else:
                unweighted = scaled_sigmoid(abs(previous[0] - i) / float(previous[1] - 1))
            weighted = unweighted * cost["fpWeight"]
        points.append((s, weighted, name if i >= probation else "probationary"))
        if current is not None and t == end:
            previous = (current[1], current[2])
            current = None
    return points


def scores_by_threshold(points, cost):
    """NAB's sweep: (threshold, score, tp, tn, fp, fn) from threshold 1.1 down to the lowest anomaly score."""
    scorable = sorted([p for p in points if p[2] != "probationary"], key=lambda p: p[0], reverse=True)
    parts = {"fp": 0.0}
    for p in scorable:
        if p[2] is not None:
            parts[p[2]] = -cost["fnWeight"]
    tn = sum(1 for p in scorable if p[2] is None)
    fn = len(scorable) - tn
    tp = fp = 0
    out = []
    threshold = 1.1
    for s, weighted, name in scorable:
        if s != threshold:
            out.append((threshold, sum(parts.values()), tp, tn, fp, fn))
            threshold = s
        if name is None:
            fp += 1
            tn -= 1
            parts["fp"] += weighted
        else:
            tp += 1
            fn -= 1
            parts[name] = max(parts[name], weighted)
    out.append((threshold, sum(parts.values()), tp, tn, fp, fn))
    return out


def matching_row(rows, threshold):
    previous = None
    for row in rows:
        if row[0] == threshold:
            return row
        if row[0] < threshold:
            return previous
        previous = row
    return None


def scored_window_count(times, windows, probation):
    times = list(times)
    return sum(1 for _, end in windows if times.index(end) >= probation)


def score_file(times, scores, windows, threshold, profile, probation):
    cost = PROFILES[profile]
    rows = scores_by_threshold(sweep_points(times, scores, windows, cost, probation), cost)
    row = matching_row(rows, threshold)
    assert row is not None, "threshold below every score: NAB finds no matching row"
    null = rows[0][1]
    perfect = cost["tpWeight"] * scored_window_count(times, windows, probation)
    return {
        "raw": row[1],
        "null": null,
        "perfect": perfect,
        "normalized": None if perfect == null else 100 * (row[1] - null) / (perfect - null),
        "rowCounts": {"tp": row[2], "tn": row[3], "fp": row[4], "fn": row[5]},
    }


def nab_windows(times, anomaly_rows, n):
    """NAB's labelling: windows of 10% of the file split between the anomalies, centred on each."""
    half = int(0.1 * n / len(anomaly_rows)) // 2
    return [[times[max(a - half, 0)], times[min(a + half, n - 1)]] for a in anomaly_rows]


def compact_times(times):
    """Evenly spaced times as {t0, step}; anything else as the list."""
    diffs = {b - a for a, b in zip(times, times[1:])}
    if len(diffs) == 1:
        return {"t0": int(times[0]), "step": int(diffs.pop()), "n": len(times)}
    return [int(t) for t in times]


def cases():
    rng = np.random.default_rng(20240612)
    t0 = 1_700_000_000_000
    step = 300_000

    def times_ms(n):
        return [t0 + step * i for i in range(n)]

    # A small file, two windows, a few alerts from a high threshold.
    n = 200
    times = times_ms(n)
    windows = [[times[60], times[69]], [times[140], times[159]]]
    scores = rng.random(n).round(3)
    scores[[62, 65, 141, 150]] = [0.97, 0.99, 0.95, 0.98]
    yield "small_two_windows", times, scores, windows, 0.95, None

    # A NAB-sized file: detections spread around the windows, some early, some late, some missed.
    n = 4000
    times = times_ms(n)
    anomalies = [900, 1800, 2600, 3500]
    windows = nab_windows(times, anomalies, n)
    scores = (rng.random(n) ** 8).round(3)
    for a, lag in zip(anomalies, [-30, 10, None, 45]):
        if lag is not None:
            scores[a + lag] = 0.999
    scores[[1200, 1203, 2000, 3900]] = 0.998
    yield "nab_sized", times, scores, windows, 0.99, None

    # Longer than 5000 rows: the probationary period is capped at 750 rows.
    n = 5200
    times = times_ms(n)
    anomalies = [1500, 4000]
    windows = nab_windows(times, anomalies, n)
    scores = (rng.random(n) ** 4).round(3)
    scores[[300, 760, 1400, 4200]] = 1.0
    yield "capped_probation", times, scores, windows, 0.9995, None

    # Windows inside and across the probationary period (15 rows of 100), alerts in probation.
    n = 100
    times = list(range(n))
    windows = [[2, 6], [12, 20], [40, 44]]
    scores = np.zeros(n)
    scores[[3, 10, 14, 18, 23, 60]] = 1.0
    yield "probation_windows", times, scores, windows, 1.0, None

    # No window: every alert after the probationary period costs the full FP weight.
    n = 300
    times = times_ms(n)
    scores = rng.random(n)
    yield "no_windows", times, scores, [], 0.97, None

    # Ties at the threshold and a threshold between scores; explicit probation of 10 rows.
    n = 120
    times = list(range(0, 10 * n, 10))
    windows = [[times[30], times[41]], [times[80], times[85]]]
    scores = rng.integers(0, 10, n) / 10
    yield "ties_explicit_probation", times, scores, windows, 0.85, 10


def main():
    out_cases = []
    per_file = {p: [] for p in PROFILES}
    for name, times, scores, windows, threshold, probation_rows in cases():
        n = len(times)
        probation = probation_length(n) if probation_rows is None else probation_rows
        results = {}
        for profile in PROFILES:
            results[profile] = score_file(times, scores, windows, threshold, profile, probation)
            if name in ("small_two_windows", "nab_sized", "capped_probation"):
                per_file[profile].append(results[profile])
        out_cases.append(
            {
                "name": name,
                "times": compact_times(times),
                "scores": [float(s) for s in scores],
                "windows": [[int(a), int(b)] for a, b in windows],
                "threshold": threshold,
                "probationRows": probation_rows,
                "expectedProbation": int(probation),
                "results": results,
            }
        )
    corpus = {}
    for profile, files in per_file.items():
        raw = sum(f["raw"] for f in files)
        null = sum(f["null"] for f in files)
        perfect = sum(f["perfect"] for f in files)
        corpus[profile] = {"raw": raw, "null": null, "perfect": perfect, "normalized": 100 * (raw - null) / (perfect - null)}
    doc = {
        "_versions": {"numpy": np.__version__},
        "cases": out_cases,
        "corpus": {"files": ["small_two_windows", "nab_sized", "capped_probation"], "results": corpus},
    }
    with open(OUT, "w") as f:
        json.dump(doc, f)
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
