"""Reference for tests/engine/detectors/kmeans/choose-k.test.ts: scikit-learn 1.2 silhouette_score.

usage: /usr/bin/python3 tests/reference/sklearn_silhouette.py > tests/engine/detectors/golden/silhouette.json
"""
import json

from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score

X, y = make_blobs(n_samples=300, centers=4, n_features=3, cluster_std=1.0, random_state=7)
labels = [int(v) for v in y]
# A row alone in its cluster counts 0, as in Rousseeuw's definition.
single = list(labels)
single[0] = 4
out = {
    "X": [[round(float(v), 12) for v in row] for row in X],
    "labels": labels,
    "silhouette": float(silhouette_score(X, labels)),
    "singleLabels": single,
    "singleSilhouette": float(silhouette_score(X, single)),
    "inertia": {str(k): float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_) for k in range(2, 9)},
}
print(json.dumps(out))
