"""The user's path in one Python process, for `npm run bench -- detectors`: read a CSV of metrics, scale
them (StandardScaler), fit a detector, score every row and write the scores as CSV. Prints the seconds.

usage: /usr/bin/python3 tests/reference/sklearn_user_path.py FILE.csv iforest|ocsvm OUT.csv
"""
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402  (imports are part of the user's wait, as node's start-up is)
from sklearn.ensemble import IsolationForest  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import OneClassSVM  # noqa: E402

path, model, out = sys.argv[1:4]
X = StandardScaler().fit_transform(pd.read_csv(path).to_numpy(dtype=float))
if model == "iforest":
    est = IsolationForest(n_estimators=100, max_samples=256, random_state=0).fit(X)
else:
    # The workbench fits its SVM on a 10,000-row sample; the same here.
    rows = X[:: max(1, len(X) // 10_000)][:10_000]
    est = OneClassSVM(kernel="rbf", nu=0.05, gamma="scale").fit(rows)
scores = -est.score_samples(X)
pd.DataFrame({"score": scores}).to_csv(out, index=False)
print(f"{time.perf_counter() - t0:.3f}")
