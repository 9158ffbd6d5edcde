#!/usr/bin/env python3
"""Reference values for the signal feature families: peaks, changepoint, spectral and entropy.

Writes tests/engine/features/golden/{peaks,changepoint,spectral,entropy}.json, which the tests next to
them (tests/engine/features/{peaks,change-point,spectral,entropy}.test.ts) compare against; the
tolerances are stated in those tests.

Regenerate (from the repository root, with Debian's python3-numpy):

    /usr/bin/python3 tests/reference/features_signal.py
    npx prettier --write tests/engine/features/golden/{peaks,changepoint,spectral,entropy}.json

The input series is seeded and stored in each file, so the TypeScript side reads exactly the same
numbers (the second series, `big`, is `x + 1e6`, formed on both sides by one IEEE addition).
Every feature is computed here directly from its definition, row by row over explicit
windows (no running sums): numpy's mean / std(ddof=1) for the baselines, np.fft.rfft for the spectra,
np.argsort(kind="stable") for the ordinal patterns. Features are stored for every row of the first 48,
every 3rd row up to 300 (the warm-up of the longest windows) and every 13th row after that, rounded to
12 significant digits.

The series (2600 rows, 5-minute steps): a daily cycle (288 rows) plus Gaussian noise, 1% spikes, a
level shift at row 1500, a stretch of one repeated value (rows 2000-2239, where windows and baselines
become constant) and a 12-row oscillation from row 2400. A second copy sits on a level of 1e6 to check
that large levels cost no accuracy.
"""

import json
import math
import os

import numpy as np

rng = np.random.default_rng(20261122)
N = 2600
WINDOWS = [6, 12, 24, 48, 96, 288]

i = np.arange(N)
x = 50 + 20 * np.sin(2 * np.pi * i / 288) + rng.normal(scale=3, size=N)
spikes = rng.random(N) < 0.01
x[spikes] += rng.normal(40, 10, size=spikes.sum())
x[1500:] += 15
x[2000:2240] = 42.0
x[2400:] += 8 * np.sin(2 * np.pi * i[2400:] / 12)
x = np.round(x, 6)
big = x + 1e6

ROWS = [r for r in range(N) if r < 48 or (r < 300 and r % 3 == 0) or r % 13 == 0]


def baseline_stats(v, r, baseline):
    """Mean and ddof-1 std of the `baseline` rows before row r; None with fewer than 2 rows."""
    b = v[max(0, r - baseline) : r]
    if len(b) < 2:
        return None
    return b.mean(), b.std(ddof=1)


def peaks(v, k, baseline):
    cap = 10 * baseline
    top = max(k)
    flags = np.zeros((len(k), len(v)), dtype=bool)
    for r in range(len(v)):
        st = baseline_stats(v, r, baseline)
        if st is None or st[1] == 0:
            continue
        for li, level in enumerate(k):
            flags[li, r] = abs(v[r] - st[0]) > level * st[1]
    out = {}
    ti = k.index(top)
    for w in WINDOWS:
        out[f"count_w{w}"] = [int(flags[ti, max(0, r - w + 1) : r + 1].sum()) for r in range(len(v))]
    for li, level in enumerate(k):
        since = []
        last = None
        for r in range(len(v)):
            if flags[li, r]:
                last = r
            since.append(cap if last is None else min(cap, r - last))
        token = str(level).replace(".", "p")
        out[f"since_k{token}"] = since
    return out


def changepoint(v, drift, baseline):
    pos, neg = [], []
    sp = sn = 0.0
    for r in range(len(v)):
        st = baseline_stats(v, r, baseline)
        z = 0.0 if st is None or st[1] == 0 else (v[r] - st[0]) / st[1]
        sp = max(0.0, sp + z - drift)
        sn = max(0.0, sn - z - drift)
        pos.append(sp)
        neg.append(sn)
    out = {"cusum_pos": pos, "cusum_neg": neg}
    for w in WINDOWS:
        col = []
        for r in range(len(v)):
            a = v[max(0, r - w + 1) : r + 1]
            b = v[max(0, r - 2 * w + 1) : max(0, r - w + 1)]
            if len(a) < 2 or len(b) < 2:
                col.append(0.0)
                continue
            ss = ((a - a.mean()) ** 2).sum() + ((b - b.mean()) ** 2).sum()
            pooled = math.sqrt(ss / (len(a) + len(b) - 2))
            col.append(0.0 if pooled == 0 else (a.mean() - b.mean()) / pooled)
        out[f"shift_w{w}"] = col
    return out


def window_power(v, r, n):
    """One-sided non-DC power (bins 1..n/2) of the last n rows at row r, padded with v[0]."""
    win = v[max(0, r - n + 1) : r + 1]
    if len(win) < n:
        win = np.concatenate([np.full(n - len(win), v[0]), win])
    if np.all(win == win[0]):
        return np.zeros(n // 2)
    spec = np.abs(np.fft.rfft(win - win.mean())) ** 2 / n**2
    p = spec[1:].copy()
    p[:-1] *= 2
    return p


def spectral(v, windows, bands):
    out = {}
    for n in windows:
        cols = {f"band{b + 1}_n{n}": [] for b in range(bands)}
        dom, margin, power = [], [], []
        k = np.arange(1, n // 2 + 1)
        band_of = np.ceil(2 * bands * k / n).astype(int) - 1
        for r in range(len(v)):
            p = window_power(v, r, n)
            total = p.sum()
            if total == 0:
                for b in range(bands):
                    cols[f"band{b + 1}_n{n}"].append(0.0)
                dom.append(0.0)
                margin.append(1.0)
                power.append(0.0)
                continue
            for b in range(bands):
                cols[f"band{b + 1}_n{n}"].append(float(p[band_of == b].sum() / total))
            best = int(np.argmax(p))
            dom.append((best + 1) / n)
            top2 = np.sort(p)[-2:]
            margin.append(float((top2[1] - top2[0]) / top2[1]))
            power.append(float(total))
        out.update(cols)
        out[f"domfreq_n{n}"] = dom
        out[f"domfreq_margin_n{n}"] = margin
        out[f"power_n{n}"] = power
    return out


def perm_entropy(v, order, w):
    col = []
    for r in range(len(v)):
        win = v[max(0, r - w + 1) : r + 1]
        pats = [tuple(np.argsort(win[s : s + order], kind="stable")) for s in range(len(win) - order + 1)]
        if len(pats) < 2:
            col.append(0.0)
            continue
        _, counts = np.unique(np.array(pats), axis=0, return_counts=True)
        p = counts / counts.sum()
        col.append(float(-(p * np.log(p)).sum() / math.log(math.factorial(order))))
    return col


def entropy(v, order, windows, spectralWindow):  # noqa: N803 (the TypeScript parameter name)
    n = spectralWindow
    out = {f"perm_w{w}": perm_entropy(v, order, w) for w in windows}
    col = []
    for r in range(len(v)):
        p = window_power(v, r, n)
        total = p.sum()
        if total == 0:
            col.append(0.0)
            continue
        q = p[p > 0] / total
        col.append(float(-(q * np.log(q)).sum() / math.log(n // 2)))
    out[f"spectral_n{n}"] = col
    return out


def sample(features):
    """The stored rows; floats to 12 significant digits (the tests' tolerances are 1e-9 or looser)."""
    def keep(v):
        return v if isinstance(v, int) else float(f"{v:.12g}")

    return {name: [keep(col[r]) for r in ROWS] for name, col in features.items()}


def write(name, cases):
    doc = {
        "numpy": np.__version__,
        "windows": WINDOWS,
        "rows": ROWS,
        "x": x.tolist(),
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(__file__), "..", "engine", "features", "golden", f"{name}.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


def cases(fn, params_list):
    """Each parameter set on `x`; the first also on `big`."""
    runs = [("x", x, p) for p in params_list] + [("big", big, params_list[0])]
    return [{"series": s, "params": p, "features": sample(fn(series, **p))} for s, series, p in runs]


write("peaks", cases(peaks, [{"k": [2, 3], "baseline": 288}, {"k": [1.5, 2.5, 4], "baseline": 48}]))
write("changepoint", cases(changepoint, [{"drift": 0.5, "baseline": 288}, {"drift": 1.25, "baseline": 24}]))
write(
    "spectral",
    cases(spectral, [{"windows": [32, 128], "bands": 4}, {"windows": [8, 64, 256], "bands": 3}]),
)
write(
    "entropy",
    cases(
        entropy,
        [
            {"order": 3, "windows": [24, 96], "spectralWindow": 128},
            {"order": 4, "windows": [5, 40], "spectralWindow": 16},
        ],
    ),
)
