"""Reference for tests/engine/detectors/ocsvm.test.ts: scikit-learn 1.2 OneClassSVM (libsvm, RBF kernel,
default tol 1e-3 and shrinking) on fixed correlated data with a few outliers, for three gamma settings.

usage: /usr/bin/python3 tests/reference/sklearn_ocsvm.py > tests/engine/detectors/golden/ocsvm.json
"""
import json

import numpy as np
from sklearn.svm import OneClassSVM

rng = np.random.default_rng(20240601)
n, d = 500, 5
mixing = 0.4 * rng.normal(size=(d, d)) + 0.8 * np.eye(d)
X = rng.standard_normal((n, d)) @ mixing.T + np.arange(d)
# Eight rows far off the correlation structure: uniform in a wide box.
X[rng.choice(n, 8, replace=False)] = rng.uniform(-6, 6, size=(8, d))
X = np.round(X, 6)
X_test = np.round(rng.standard_normal((60, d)) @ mixing.T + np.arange(d), 6)
X_test[:6] = np.round(rng.uniform(-6, 6, size=(6, d)), 6)

# Coarse integer readings (as utilization percentages often are): many exact duplicate rows, so ties in the
# gradient, which libsvm breaks by index.
X_dup = np.round(rng.standard_normal((150, 2)) @ mixing[:2, :2].T * 2)


def case(X, X_test, nu, gamma):
    m = OneClassSVM(kernel="rbf", nu=nu, gamma=gamma).fit(X)
    return {
        "nu": nu,
        "gamma": gamma,
        "gammaValue": float(m._gamma),
        "rho": float(-m.intercept_[0]),
        "support": [int(i) for i in m.support_],
        "alpha": [float(a) for a in m.dual_coef_[0]],
        "nIter": int(m.n_iter_),
        # Our score is minus the decision function (higher = more anomalous).
        "score": [float(-v) for v in m.decision_function(X)],
        "scoreTest": [float(-v) for v in m.decision_function(X_test)],
    }


cases = [case(X, X_test, nu, gamma) for nu, gamma in [(0.05, "scale"), (0.1, 0.5), (0.2, "auto")]]
duplicates = case(X_dup, X_dup[:10], 0.1, "scale")

print(
    json.dumps(
        {
            "X": X.tolist(),
            "XTest": X_test.tolist(),
            "cases": cases,
            "XDuplicates": X_dup.tolist(),
            "duplicates": duplicates,
        }
    )
)
