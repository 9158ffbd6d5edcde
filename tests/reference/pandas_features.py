"""The pandas side of `npm run bench -- features` (issue 4): one Python process that reads the CSV and
computes, per instance and per metric, the rolling statistics over 6 windows (mean, std, min, max, median,
q90, skew, kurt), 12 lags and difference / percent change / acceleration, then writes them to a CSV.

usage: python3 tests/reference/pandas_features.py IN.csv OUT.csv [metric,metric,...]
"""
import sys
import time

import pandas as pd

WINDOWS = [6, 12, 24, 48, 96, 288]
LAGS = [1, 2, 3, 4, 5, 6, 12, 24, 48, 96, 144, 288]


def features(frame, metric):
    s = frame[metric]
    cols = {}
    for w in WINDOWS:
        r = s.rolling(w, min_periods=1)
        cols[f"{metric}__rolling__mean_w{w}"] = r.mean()
        cols[f"{metric}__rolling__std_w{w}"] = r.std()
        cols[f"{metric}__rolling__min_w{w}"] = r.min()
        cols[f"{metric}__rolling__max_w{w}"] = r.max()
        cols[f"{metric}__rolling__median_w{w}"] = r.median()
        cols[f"{metric}__rolling__q90_w{w}"] = r.quantile(0.9)
        cols[f"{metric}__distribution__skew_w{w}"] = r.skew()
        cols[f"{metric}__distribution__kurt_w{w}"] = r.kurt()
    for k in LAGS:
        cols[f"{metric}__lags__lag_{k}"] = s.shift(k)
    d = s.diff()
    cols[f"{metric}__rate__diff_1"] = d
    cols[f"{metric}__rate__pct_1"] = s.pct_change()
    cols[f"{metric}__rate__accel_1"] = d.diff()
    return pd.DataFrame(cols)


def main():
    started = time.time()
    src, dst = sys.argv[1], sys.argv[2]
    metrics = sys.argv[3].split(",") if len(sys.argv) > 3 else ["cpu_pct", "mem_pct", "latency_ms"]
    df = pd.read_csv(src)
    df = df.sort_values(["instance", "timestamp"], kind="stable")
    parts = []
    for _, g in df.groupby("instance", sort=False):
        f = pd.concat([features(g, m) for m in metrics], axis=1)
        parts.append(pd.concat([g[["timestamp", "instance", "label"]], f], axis=1))
    out = pd.concat(parts)
    computed = time.time()
    out.to_csv(dst, index=False)
    print(
        f"pandas: {len(out)} rows x {out.shape[1] - 3} features; computed in {computed - started:.2f} s, "
        f"written in {time.time() - computed:.2f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
