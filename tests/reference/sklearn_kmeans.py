"""Reference for tests/engine/detectors/kmeans.test.ts: scikit-learn 1.2 KMeans on fixed blobs.

usage: /usr/bin/python3 tests/reference/sklearn_kmeans.py > tests/engine/detectors/golden/kmeans.json
"""
import json

from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

X, _ = make_blobs(n_samples=600, centers=5, n_features=4, cluster_std=1.2, random_state=3)
km = KMeans(n_clusters=5, n_init=10, random_state=0).fit(X)
dist = km.transform(X).min(axis=1)
print(json.dumps({
    "X": [[round(float(v), 12) for v in row] for row in X],
    "labels": [int(v) for v in km.labels_],
    "inertia": float(km.inertia_),
    "distance": [float(v) for v in dist],
}))
