#!/usr/bin/env python3
"""Reference VUS-PR values for src/engine/metrics/vus-pr.ts.

Writes tests/engine/metrics/golden/vus-pr.json, which tests/engine/metrics/vus-pr.test.ts compares against
within 1e-12.

Regenerate (from the repository root):

    /usr/bin/python3 tests/reference/vus_reference.py
    npx prettier --write tests/engine/metrics/golden/vus-pr.json

Neither TSB-AD nor the VUS package is installed here, so this is a direct numpy re-implementation of the
VUS-PR that TSB-AD reports (`TSB_AD/evaluation/basic_metrics.py`, `basic_metricor.RangeAUC_volume_opt`,
called by `get_metrics(score, labels, slidingWindow=100, version='opt', thre=250)`), written to follow its
array steps rather than the incremental TypeScript algorithm. For every buffer length w = 0..L:

- labels_extended: each anomaly range [s, e] gets rows e+1..e+w//2 and s-w//2..s-1 raised by
  sqrt(1 - d/w) at distance d, contributions added, capped at 1;
- segments: the ranges widened by w//2 on each side, merged where they meet (`new_sequence`);
- for each threshold (the descending scores at ranks linspace(0, n-1, thre).astype(int); alert =
  score >= threshold): inside the segments the extended labels are kept only where alerted, the anomaly
  ranges are reset to 1, then TP = sum(labels * alerts) and N_labels = sum(labels) over the segments of the
  largest buffer, P_new = (P + N_labels) / 2, recall = min(TP / P_new, 1), TPR = recall * (segments with an
  alert / segments), precision = TP / alerts;
- AP_w = sum over thresholds of (TPR_k - TPR_{k-1}) * precision_k with TPR_0 = 0.

VUS-PR is the mean of AP_w. With thre="all" every distinct score is a threshold (not a TSB-AD option).
"""

import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine", "metrics", "golden", "vus-pr.json")


def ranges_of(labels):
    out = []
    for i, v in enumerate(labels):
        if v == 1:
            if out and out[-1][1] == i - 1:
                out[-1][1] = i
            else:
                out.append([i, i])
    return out


def merged_segments(ranges, half, n):
    segs = []
    for s, e in ranges:
        lo, hi = s - half, e + half
        if segs and segs[-1][1] >= lo:
            segs[-1][1] = hi
        else:
            segs.append([lo, hi])
    segs[0][0] = max(segs[0][0], 0)
    segs[-1][1] = min(segs[-1][1], n - 1)
    return segs


def extended(labels, ranges, w):
    out = labels.astype(float).copy()
    n = len(out)
    half = w // 2
    for s, e in ranges:
        right = np.arange(e + 1, min(e + half + 1, n))
        out[right] += np.sqrt(1 - (right - e) / w)
        left = np.arange(max(s - half, 0), s)
        out[left] += np.sqrt(1 - (s - left) / w)
    return np.minimum(out, 1.0)


def vus_pr(labels, scores, max_buffer, thre):
    labels = np.asarray(labels)
    scores = np.asarray(scores, dtype=float)
    n = len(scores)
    positives = labels.sum()
    ranges = ranges_of(labels)
    outer = merged_segments(ranges, max_buffer // 2, n)
    desc = -np.sort(-scores)
    if thre == "all":
        thresholds = np.unique(scores)[::-1]
    else:
        thresholds = desc[np.linspace(0, n - 1, thre).astype(int)]
    aps = []
    for w in range(max_buffer + 1):
        ext = extended(labels, ranges, w)
        segs = merged_segments(ranges, w // 2, n)
        ap = 0.0
        tpr_prev = 0.0
        for t in thresholds:
            alerts = scores >= t
            soft = ext.copy()
            hits = 0
            for a, b in segs:
                soft[a : b + 1] = ext[a : b + 1] * alerts[a : b + 1]
                hits += bool(alerts[a : b + 1].any())
            for s, e in ranges:
                soft[s : e + 1] = 1
            tp = sum(np.dot(soft[a : b + 1], alerts[a : b + 1]) for a, b in outer)
            n_labels = sum(np.sum(soft[a : b + 1]) for a, b in outer)
            p_new = (positives + n_labels) / 2
            tpr = min(tp / p_new, 1) * hits / len(segs)
            ap += (tpr - tpr_prev) * (tp / alerts.sum())
            tpr_prev = tpr
        aps.append(ap)
    return sum(aps) / len(aps)


def cases():
    rng = np.random.default_rng(20240613)

    # Tiny: two ranges, every score a threshold (n < 250).
    labels = np.array([0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0])
    scores = np.array([0.1, 0.5, 0.9, 0.4, 0.6, 0.2, 0.3, 0.75, 0.8, 0.05, 0.7, 0.0])
    yield "tiny_two_ranges", labels, scores, 4, 250

    # 400 rows (sampled thresholds): ranges of several lengths, a point anomaly, ranges at both edges.
    n = 400
    labels = np.zeros(n, dtype=int)
    for s, e in [(0, 3), (50, 64), (120, 120), (200, 229), (330, 334), (396, 399)]:
        labels[s : e + 1] = 1
    scores = (rng.normal(size=n) + 1.2 * labels + 0.6 * np.roll(labels, 4)).round(4)
    yield "edges_and_points", labels, scores, 20, 250
    yield "edges_and_points_all", labels, scores, 10, "all"
    yield "edges_and_points_odd_buffer", labels, scores, 7, 250

    # Ranges close enough for their buffers to merge and overlap; heavy ties.
    n = 600
    labels = np.zeros(n, dtype=int)
    for s, e in [(100, 109), (114, 118), (121, 121), (300, 339), (352, 360)]:
        labels[s : e + 1] = 1
    scores = np.round(rng.random(n) + 0.5 * labels, 1)
    yield "merging_ties", labels, scores, 30, 250

    # No buffer at all.
    n = 300
    labels = (rng.random(n) < 0.05).astype(int)
    scores = (rng.random(n) + 0.3 * labels).round(4)
    yield "buffer_zero", labels, scores, 0, 250

    # TSB-AD defaults (slidingWindow 100, thre 250) on 1000 rows with a lagged detector.
    n = 1000
    labels = np.zeros(n, dtype=int)
    for s, e in [(150, 179), (420, 425), (700, 759), (905, 905)]:
        labels[s : e + 1] = 1
    scores = (0.3 * rng.random(n) + np.convolve(np.roll(labels, 12), np.ones(9) / 9, mode="same")).round(4)
    yield "defaults_lagged", labels, scores, 100, 250

    # Few thresholds.
    yield "defaults_lagged_10_thresholds", labels, scores, 40, 10


def main():
    out = []
    for name, labels, scores, max_buffer, thre in cases():
        out.append(
            {
                "name": name,
                "labels": [int(v) for v in labels],
                "scores": [float(v) for v in scores],
                "maxBuffer": max_buffer,
                "thresholds": thre,
                "vusPr": vus_pr(labels, scores, max_buffer, thre),
            }
        )
    with open(OUT, "w") as f:
        json.dump({"_versions": {"numpy": np.__version__}, "cases": out}, f)
    print("wrote", os.path.normpath(OUT))
    for c in out:
        print(c["name"], c["vusPr"])


if __name__ == "__main__":
    main()
