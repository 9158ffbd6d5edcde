"""Reference EM / MV areas for tests/engine/tuning/em-mv.test.ts, computed with the em() and mv() functions
of Goix's EMMV_benchmarks (em.py), transcribed below, on the scores stored in emmv-reference.json.
Run: /usr/bin/python3 tests/engine/tuning/golden/emmv_reference.py (rewrites the 'reference' fields).
Scores in the file are anomaly scores (higher = more anomalous); Goix's s is their negative."""
import json
import os

import numpy as np
from sklearn.metrics import auc

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, 'emmv-reference.json')


def em(t, t_max, volume_support, s_unif, s_X, n_generated):
    EM_t = np.zeros(t.shape[0])
    n_samples = s_X.shape[0]
    EM_t[0] = 1.
    for u in np.unique(s_X):
        EM_t = np.maximum(EM_t, 1. / n_samples * (s_X > u).sum() -
                          t * (s_unif > u).sum() / n_generated * volume_support)
    amax = np.argmax(EM_t <= t_max) + 1
    if amax == 1:
        amax = -1
    return auc(t[:amax], EM_t[:amax])


def mv(axis_alpha, volume_support, s_unif, s_X, n_generated):
    n_samples = s_X.shape[0]
    s_X_argsort = s_X.argsort()
    mass = 0
    cpt = 0
    u = s_X[s_X_argsort[-1]]
    out = np.zeros(axis_alpha.shape[0])
    for i in range(axis_alpha.shape[0]):
        while mass < axis_alpha[i]:
            cpt += 1
            u = s_X[s_X_argsort[-cpt]]
            mass = 1. / n_samples * cpt
        out[i] = float((s_unif >= u).sum()) / n_generated * volume_support
    return auc(axis_alpha, out)


cases = json.load(open(PATH))
for c in cases:
    s_X = -np.array(c['data'])
    s_unif = -np.array(c['uniform'])
    vol = c['volume']
    t = np.arange(0, 100 / vol, 0.001 / vol)
    # The interval [0.9, 0.999] with both ends (np.arange(0.9, 0.999, 0.001) stops at 0.998).
    alphas = 0.9 + 0.001 * np.arange(100)
    c['reference'] = {'em': em(t, 0.9, vol, s_unif, s_X, len(s_unif)), 'mv': mv(alphas, vol, s_unif, s_X, len(s_unif))}
json.dump(cases, open(PATH, 'w'))
print([c['reference'] for c in cases])
