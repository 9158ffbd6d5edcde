"""Reference for tests/engine/risk/*.test.ts: behaviour summaries (numpy), robust z, PCA and k-means
(scikit-learn 1.2) on a small seeded fleet with missing values. mem_free_pct measures spare capacity:
its peak is the 5th percentile and its hot share the time below the fleet's 10th percentile.

usage: /usr/bin/python3 tests/reference/risk_clusters.py > tests/engine/risk/golden/risk-clusters.json
       npx prettier --write tests/engine/risk/golden/risk-clusters.json
"""
import json

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA

rng = np.random.default_rng(7)
METRICS = ["cpu_pct", "mem_free_pct", "latency_ms"]
# Nine hosts at four load levels; each has 40 rows.
LEVELS = [0.1, 0.15, 0.3, 0.35, 0.4, 0.6, 0.65, 0.7, 0.95]
ROWS = 40
hosts, cols = [], {m: [] for m in METRICS}
for h, level in enumerate(LEVELS):
    cpu = 100 * np.clip(level + 0.08 * rng.standard_normal(ROWS), 0, 1)
    free = 100 - 0.7 * cpu + 5 * rng.standard_normal(ROWS)
    lat = 20 + 200 * level**3 + 4 * rng.standard_normal(ROWS)
    cpu[rng.choice(ROWS, 3, replace=False)] = np.nan
    free[rng.choice(ROWS, 2, replace=False)] = np.nan
    if h == 4:
        lat[:] = np.nan  # a host that never reported latency
    hosts += [f"host-{h}"] * ROWS
    for m, v in zip(METRICS, [cpu, free, lat]):
        cols[m].append(np.round(v, 3))
data = {m: np.concatenate(cols[m]) for m in METRICS}

n, s = len(LEVELS), 3
raw = np.full((n, len(METRICS) * s), np.nan)
fleet_hot = []
for j, m in enumerate(METRICS):
    col = data[m]
    spare = m == "mem_free_pct"
    hot_at = np.nanpercentile(col, 10 if spare else 90)
    fleet_hot.append(hot_at)
    for h in range(n):
        v = col[h * ROWS:(h + 1) * ROWS]
        v = v[np.isfinite(v)]
        if len(v) == 0:
            continue
        hot = np.sum(v < hot_at) if spare else np.sum(v > hot_at)
        raw[h, j * s:(j + 1) * s] = [np.median(v), np.percentile(v, 5 if spare else 95), hot / len(v)]

z = np.zeros_like(raw)
for f in range(raw.shape[1]):
    x = raw[:, f]
    ok = np.isfinite(x)
    med = np.median(x[ok])
    dev = np.abs(x[ok] - med)
    mad = np.median(dev)
    scale = 1.482602218505602 * mad if mad > 0 else 1.2533141373155003 * dev.mean()
    if scale > 0:
        z[ok, f] = np.clip((x[ok] - med) / scale, -5, 5)

# Median and peak count against the load for spare capacity; the hot share already counts loaded time.
sign = np.array([-1 if m == "mem_free_pct" and t < 2 else 1 for m in METRICS for t in range(s)])
weights = sign / len(sign)
pca = PCA(n_components=2).fit(z)
proj = pca.transform(z)
km = KMeans(n_clusters=4, n_init=10, random_state=0).fit(z)


def clean(a):
    return [None if not np.isfinite(v) else float(v) for v in np.ravel(a)]


print(json.dumps({
    "metrics": METRICS,
    "hosts": hosts,
    "columns": {m: clean(data[m]) for m in METRICS},
    "raw": clean(raw),
    "fleetHot": [float(v) for v in fleet_hot],
    "z": clean(z),
    "weights": [float(v) for v in weights],
    "load": [float(v) for v in z @ weights],
    "pcaAbs": [[abs(float(a)), abs(float(b))] for a, b in proj],
    "explained": [float(v) for v in pca.explained_variance_ratio_],
    "kmeansLabels": [int(v) for v in km.labels_],
}))
