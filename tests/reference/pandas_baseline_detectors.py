"""Reference for tests/engine/detectors/{robust-z,seasonal}.test.ts: pandas rolling and groupby medians
and MADs, and the detectors' documented score formulas on top of them.

usage: /usr/bin/python3 tests/reference/pandas_baseline_detectors.py robust-z > tests/engine/detectors/golden/robust-z.json
       /usr/bin/python3 tests/reference/pandas_baseline_detectors.py seasonal > tests/engine/detectors/golden/seasonal.json
"""
import json
import sys

import numpy as np
import pandas as pd

MAD_TO_SIGMA = 1.4826
MEAN_AD_TO_SIGMA = 1.2533
FLOOR = 0.1


def mad(v):
    v = np.asarray(v, dtype=float)
    return float(np.median(np.abs(v - np.median(v))))


def robust_scale(v):
    """Median and scale with the fallbacks of robust-stats.ts: 1.4826 MAD, else 1.2533 mean |x - median|, else 1."""
    v = np.asarray(v, dtype=float)
    med = float(np.median(v))
    s = MAD_TO_SIGMA * mad(v)
    if s > 0:
        return med, s
    s = MEAN_AD_TO_SIGMA * float(np.mean(np.abs(v - med)))
    return med, (s if s > 0 else 1.0)


def r(a):
    return [round(float(x), 6) for x in a]


def combine(z, rule):
    return z.max(axis=1) if rule == "max" else z.mean(axis=1)


def robust_z():
    rng = np.random.RandomState(7)
    train = np.column_stack([
        rng.normal(10, 2, 300),
        np.round(rng.normal(0, 1, 300)),  # quantized: ties
        np.where(rng.rand(300) < 0.7, 5.0, rng.normal(5, 1, 300)),  # MAD 0: mean-AD fallback
        np.full(300, 3.0),  # constant: unit scale
    ])
    train = np.round(train, 6)
    # Two entities, interleaved in the matrix; entity 0 has a flat stretch (rolling MAD 0) and spikes.
    a = np.column_stack([
        rng.normal(10, 2, 150),
        np.round(rng.normal(0, 1, 150)),
        np.where(rng.rand(150) < 0.7, 5.0, rng.normal(5, 1, 150)),
        np.full(150, 3.0),
    ])
    a[40:80, 0] = 11.0
    a[90, 0] += 15
    a[120, 1] -= 6
    a[130, 3] = 3.5
    b = np.column_stack([
        rng.normal(14, 1, 90),
        np.round(rng.normal(1, 2, 90)),
        rng.normal(5, 1, 90),
        np.full(90, 3.0),
    ])
    a, b = np.round(a, 6), np.round(b, 6)
    window, min_periods = 24, 6
    n = len(a) + len(b)
    # Rows of entity 1 at positions 1, 3, 5, ... of the matrix (every other row while it lasts).
    pos_b = [2 * k + 1 for k in range(len(b))]
    pos_a = [i for i in range(n) if i not in set(pos_b)]
    X = np.zeros((n, 4))
    X[pos_a] = a
    X[pos_b] = b

    med_t, scale_t = zip(*(robust_scale(train[:, j]) for j in range(4)))
    rolling = []
    z = np.zeros((n, 4))
    for rows, pos in ((a, pos_a), (b, pos_b)):
        ent = {"median": [], "mad": []}
        for j in range(4):
            s = pd.Series(rows[:, j])
            rm = s.rolling(window, min_periods=1).median().shift(1).to_numpy()
            rmad = s.rolling(window, min_periods=1).apply(mad, raw=True).shift(1).to_numpy()
            ent["median"].append([None if np.isnan(v) else float(v) for v in rm])
            ent["mad"].append([None if np.isnan(v) else float(v) for v in rmad])
            for t in range(len(rows)):
                c = min(t, window)
                m, sc = med_t[j], scale_t[j]
                if c >= min_periods:
                    w = c / window
                    m = w * rm[t] + (1 - w) * med_t[j]
                    sc = max(w * MAD_TO_SIGMA * rmad[t] + (1 - w) * scale_t[j], FLOOR * scale_t[j])
                z[pos[t], j] = abs(rows[t, j] - m) / sc
        rolling.append(ent)
    return {
        "params": {"window": window, "minPeriods": min_periods},
        "train": [r(row) for row in train],
        "X": [r(row) for row in X],
        "groups": [pos_a, pos_b],
        "trainMedian": list(med_t),
        "trainScale": list(scale_t),
        "rolling": rolling,
        "max": [float(v) for v in combine(z, "max")],
        "mean": [float(v) for v in combine(z, "mean")],
    }


def slot_baseline(values, slots, n_slots, min_rows):
    med, scale = robust_scale(values)
    df = pd.DataFrame({"v": values, "slot": slots})
    g = df.groupby("slot")["v"]
    counts = g.size().reindex(range(n_slots), fill_value=0)
    sm = g.median().reindex(range(n_slots))
    smad = g.agg(mad).reindex(range(n_slots))
    out_m, out_s = [], []
    for k in range(n_slots):
        if counts[k] >= min_rows:
            out_m.append(float(sm[k]))
            out_s.append(max(MAD_TO_SIGMA * float(smad[k]), FLOOR * scale))
        else:
            out_m.append(med)
            out_s.append(scale)
    return counts.tolist(), out_m, out_s, med, scale


def scores(X, slots, base_m, base_s, overall_m, overall_s, n_slots):
    d = X.shape[1]
    z = np.zeros_like(X)
    for i in range(len(X)):
        for j in range(d):
            k = slots[i]
            m, s = (base_m[j][k], base_s[j][k]) if 0 <= k < n_slots else (overall_m[j], overall_s[j])
            z[i, j] = abs(X[i, j] - m) / s
    return z


def seasonal():
    rng = np.random.RandomState(11)
    min_rows = 10
    # Hour-of-week: 2 weeks of 10-minute steps from Sunday 2024-03-03 21:00 UTC (12 rows per slot), a
    # daily and a weekly pattern; Wednesday 09:00-11:59 thinned to a row in 9 (below min_rows).
    t = pd.date_range("2024-03-03 21:00", periods=2 * 7 * 144, freq="10min", tz="UTC")
    hours = t.hour.to_numpy() + t.minute.to_numpy() / 60
    dow = t.dayofweek.to_numpy()  # Monday = 0
    keep = ~((dow == 2) & (t.hour.to_numpy() >= 9) & (t.hour.to_numpy() < 12) & (np.arange(len(t)) % 9 != 0))
    t, hours, dow = t[keep], hours[keep], dow[keep]
    n = len(t)
    base = 50 + 20 * np.sin(2 * np.pi * hours / 24) - 10 * (dow >= 5)
    X = np.round(np.column_stack([base + rng.normal(0, 3, n), np.round(base / 10 + rng.normal(0, 0.5, n))]), 6)
    slots = (dow * 24 + t.hour.to_numpy()).astype(int)
    ms = [slot_baseline(X[:, j], slots, 168, min_rows) for j in range(2)]
    tt = pd.date_range("2024-03-17 21:00", periods=300, freq="20min", tz="UTC")
    tt_hours = tt.hour.to_numpy() + tt.minute.to_numpy() / 60
    tt_dow = tt.dayofweek.to_numpy()
    Y = np.column_stack([
        50 + 20 * np.sin(2 * np.pi * tt_hours / 24) - 10 * (tt_dow >= 5) + rng.normal(0, 3, 300),
        np.round(5 + 2 * np.sin(2 * np.pi * tt_hours / 24) + rng.normal(0, 0.5, 300)),
    ])
    Y[[50, 200], 0] += 30
    Y = np.round(Y, 6)
    y_slots = (tt_dow * 24 + tt.hour.to_numpy()).astype(int)
    zy = scores(Y, y_slots, [m[1] for m in ms], [m[2] for m in ms], [m[3] for m in ms], [m[4] for m in ms], 168)
    hour_of_week = {
        "time": [int(v.timestamp() * 1000) for v in t],
        "X": [r(row) for row in X],
        "slotRows": ms[0][0],
        "slotMedian": [m[1] for m in ms],
        "slotScale": [m[2] for m in ms],
        "testTime": [int(v.timestamp() * 1000) for v in tt],
        "Y": [r(row) for row in Y],
        "mean": [float(v) for v in zy.mean(axis=1)],
        "max": [float(v) for v in zy.max(axis=1)],
    }

    # Period in rows: two entities with a 48-row cycle (entity 1 starts at another phase of its own
    # history, which does not matter: slots count from each entity's first row).
    period = 48
    e0 = 10 * np.sin(2 * np.pi * np.arange(1200) / period) + rng.normal(0, 1, 1200)
    e1 = 8 * np.cos(2 * np.pi * np.arange(700) / period) + rng.normal(0, 1, 700)
    e0, e1 = np.round(e0, 6), np.round(e1, 6)
    P = np.concatenate([e0, e1])[:, None]
    pslots = np.concatenate([np.arange(1200) % period, np.arange(700) % period])
    pm = slot_baseline(P[:, 0], pslots, period, min_rows)
    q0 = np.round(10 * np.sin(2 * np.pi * np.arange(100) / period) + rng.normal(0, 1, 100), 6)
    q0[[30, 70]] += [12, -12]
    zq = scores(q0[:, None], np.arange(100) % period, [pm[1]], [pm[2]], [pm[3]], [pm[4]], period)
    by_period = {
        "period": period,
        "X": r(P[:, 0]),
        "groups": [list(range(1200)), list(range(1200, 1900))],
        "slotRows": pm[0],
        "slotMedian": pm[1],
        "slotScale": pm[2],
        "Y": r(q0),
        "score": [float(v) for v in zq[:, 0]],
    }
    return {"minSlotRows": min_rows, "hourOfWeek": hour_of_week, "byPeriod": by_period}


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which == "robust-z":
        print(json.dumps(robust_z()))
    elif which == "seasonal":
        print(json.dumps(seasonal()))
    else:
        sys.exit("usage: pandas_baseline_detectors.py robust-z|seasonal")
