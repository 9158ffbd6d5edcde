"""ROC-AUC of scikit-learn's IsolationForest on the demo data's 7 raw metrics (standard-scaled)."""
import sys
import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

METRICS = ['cpu_pct', 'mem_pct', 'net_in_mbps', 'net_out_mbps', 'disk_iops', 'latency_ms', 'active_connections']
df = pd.read_csv(sys.argv[1])
X = StandardScaler().fit_transform(df[METRICS].to_numpy())
y = df['label'].to_numpy()
aucs = []
for seed in range(5):
    s = -IsolationForest(n_estimators=100, random_state=seed).fit(X).score_samples(X)
    aucs.append(roc_auc_score(y, s))
print('share', y.mean().round(4), 'AUC mean', np.mean(aucs).round(4), 'min', np.min(aucs).round(4), 'max', np.max(aucs).round(4))
s = -IsolationForest(n_estimators=100, random_state=0).fit(X).score_samples(X)
for t, g in df.assign(s=s).groupby('anomaly_type'):
    if t == t:  # not NaN
        normal = s[y == 0]
        print(f'  {t:22s} n={len(g):5d} auc_vs_normal={roc_auc_score(np.r_[np.zeros(len(normal)), np.ones(len(g))], np.r_[normal, g.s]):.3f}')
