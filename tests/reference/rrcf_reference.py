"""Reference values for the Random Cut Forest tests, from a numpy port of rrcf's RCTree (kLabUM/rrcf,
rrcf/rrcf.py: _mktree, _cut, insert_point, _insert_point_cut, find_duplicate, codisp, forget_point),
which is not installed here. The port keeps rrcf's algorithms and conventions (x[q] <= p goes left,
duplicates share a leaf whose n counts them, codisp = max over the path of sibling.n / node.n).

It builds one tree on 40 seeded 3-D points (with duplicates), exports it in pre-order (cut dimension,
cut value, leaf point, leaf count), rrcf's codisp of every leaf, and for a few query points the mean
and standard error of codisp over 20,000 rrcf insertions (insert_point, codisp, forget_point).

usage: /usr/bin/python3 tests/reference/rrcf_reference.py
writes tests/engine/detectors/golden/rrcf.json
"""
import json
import os

import numpy as np


class Branch:
    __slots__ = ['q', 'p', 'l', 'r', 'u', 'n', 'b']

    def __init__(self, q, p, l=None, r=None, u=None, n=0, b=None):
        self.q, self.p, self.l, self.r, self.u, self.n, self.b = q, p, l, r, u, n, b


class Leaf:
    __slots__ = ['i', 'd', 'u', 'x', 'n', 'b']

    def __init__(self, i, d=None, u=None, x=None, n=1):
        self.i, self.d, self.u, self.x, self.n = i, d, u, x, n
        self.b = x.reshape(1, -1)


class RCTree:
    def __init__(self, X, rng):
        self.rng = rng
        self.leaves = {}
        U, I, N = np.unique(X, return_inverse=True, return_counts=True, axis=0)
        self.ndim = U.shape[1]
        self.points = U
        self.root = None
        self._mktree(U, np.ones(len(U), dtype=bool), N, None, 'root', 0)
        self.root.u = None
        self._count(self.root)
        self._bbox(self.root)

    def _mktree(self, X, S, N, parent, side, depth):
        depth += 1
        xmax = X[S].max(axis=0)
        xmin = X[S].min(axis=0)
        l = xmax - xmin
        l = l / l.sum()
        q = self.rng.choice(self.ndim, p=l)
        p = self.rng.uniform(xmin[q], xmax[q])
        S1 = (X[:, q] <= p) & S
        S2 = (~S1) & S
        branch = Branch(q=q, p=p, u=parent)
        if parent is None:
            self.root = branch
        else:
            setattr(parent, side, branch)
        for sub, s in ((S1, 'l'), (S2, 'r')):
            if sub.sum() > 1:
                self._mktree(X, sub, N, branch, s, depth)
            else:
                i = int(np.flatnonzero(sub)[0])
                leaf = Leaf(i=i, d=depth, u=branch, x=X[i, :], n=int(N[i]))
                setattr(branch, s, leaf)
                self.leaves[i] = leaf

    def _count(self, node):
        if isinstance(node, Branch):
            self._count(node.l)
            self._count(node.r)
            node.n = node.l.n + node.r.n

    def _bbox(self, node):
        if isinstance(node, Branch):
            self._bbox(node.l)
            self._bbox(node.r)
            node.b = np.vstack([np.minimum(node.l.b[0], node.r.b[0]), np.maximum(node.l.b[-1], node.r.b[-1])])

    def map_leaves(self, node, op):
        if isinstance(node, Branch):
            self.map_leaves(node.l, op)
            self.map_leaves(node.r, op)
        else:
            op(node)

    def query(self, point):
        node = self.root
        while isinstance(node, Branch):
            node = node.l if point[node.q] <= node.p else node.r
        return node

    def _up(self, node, inc):
        while node:
            node.n += inc
            node = node.u

    def _insert_point_cut(self, point, bbox):
        lo = np.minimum(bbox[0, :], point)
        hi = np.maximum(bbox[-1, :], point)
        span = hi - lo
        r = self.rng.uniform(0, span.sum())
        cum = np.cumsum(span)
        j = int(np.flatnonzero(cum >= r)[0])
        return j, lo[j] + cum[j] - r

    def insert_point(self, point, index):
        nearest = self.query(point)
        if (nearest.x == point).all():
            self._up(nearest, 1)
            self.leaves[index] = nearest
            return nearest
        node = self.root
        parent = node.u
        side = None
        depth = 0
        while True:
            bbox = node.b
            q, cut = self._insert_point_cut(point, bbox)
            if cut <= bbox[0, q]:
                leaf = Leaf(x=point, i=index, d=depth)
                branch = Branch(q=q, p=cut, l=leaf, r=node, n=leaf.n + node.n)
                break
            if cut >= bbox[-1, q]:
                leaf = Leaf(x=point, i=index, d=depth)
                branch = Branch(q=q, p=cut, l=node, r=leaf, n=leaf.n + node.n)
                break
            depth += 1
            parent = node
            if point[node.q] <= node.p:
                node, side = node.l, 'l'
            else:
                node, side = node.r, 'r'
        node.u = branch
        leaf.u = branch
        branch.u = parent
        if parent is not None:
            setattr(parent, side, branch)
        else:
            self.root = branch
        self._up(parent, 1)
        # rrcf's _tighten_bbox_upwards
        branch.b = np.vstack([np.minimum(branch.l.b[0], branch.r.b[0]), np.maximum(branch.l.b[-1], branch.r.b[-1])])
        a = branch.u
        while a:
            a.b = np.vstack([np.minimum(a.b[0], branch.b[0]), np.maximum(a.b[-1], branch.b[-1])])
            a = a.u
        self.leaves[index] = leaf
        return leaf

    def forget_point(self, index):
        leaf = self.leaves.pop(index)
        if leaf.n > 1:
            self._up(leaf, -1)
            return
        parent = leaf.u
        sibling = parent.r if leaf is parent.l else parent.l
        if parent is self.root:
            sibling.u = None
            self.root = sibling
            return
        grand = parent.u
        sibling.u = grand
        if parent is grand.l:
            grand.l = sibling
        else:
            grand.r = sibling
        self._up(grand, -1)
        a = grand
        while a:
            a.b = np.vstack([np.minimum(a.l.b[0], a.r.b[0]), np.maximum(a.l.b[-1], a.r.b[-1])])
            a = a.u

    def codisp(self, leaf):
        if leaf is self.root:
            return 0.0
        node = leaf
        results = []
        while node.u is not None:
            parent = node.u
            sibling = parent.r if node is parent.l else parent.l
            results.append(sibling.n / node.n)
            node = parent
        return max(results)

    def export(self):
        cut_dim, cut_value, leaf_point, leaf_count = [], [], [], []

        def walk(node):
            if isinstance(node, Branch):
                cut_dim.append(int(node.q))
                cut_value.append(float(node.p))
                leaf_point.append(-1)
                leaf_count.append(0)
                walk(node.l)
                walk(node.r)
            else:
                cut_dim.append(-1)
                cut_value.append(0.0)
                leaf_point.append(int(node.i))
                leaf_count.append(int(node.n))

        walk(self.root)
        return cut_dim, cut_value, leaf_point, leaf_count


def main():
    data_rng = np.random.default_rng(7)
    X = np.round(data_rng.normal(size=(36, 3)) * [1.0, 2.0, 0.5], 3)
    X = np.vstack([X, X[3], X[3], X[10], [6.0, -1.0, 0.25]])  # two duplicated points and an outlier
    tree = RCTree(X, np.random.RandomState(11))
    cut_dim, cut_value, leaf_point, leaf_count = tree.export()
    leaf_codisp = {}
    tree.map_leaves(tree.root, lambda leaf: leaf_codisp.__setitem__(int(leaf.i), tree.codisp(leaf)))

    queries = [
        [0.1, -0.2, 0.05],  # inside the cloud
        [2.5, 3.0, -0.4],  # at the edge
        [12.0, 0.0, 0.0],  # far out along one axis
        [-4.0, 9.0, 3.0],  # far out along all axes
        tree.points[5].tolist(),  # a copy of a tree point (joins its leaf)
        [6.0, -1.0, 0.3],  # next to the outlier
    ]
    trials = 20000
    mc = []
    for qi, q in enumerate(queries):
        point = np.asarray(q, dtype=float)
        values = np.empty(trials)
        for t in range(trials):
            leaf = tree.insert_point(point, index=('q', t))
            values[t] = tree.codisp(leaf)
            tree.forget_point(('q', t))
        mc.append({'point': [float(v) for v in point], 'mean': float(values.mean()),
                   'se': float(values.std(ddof=1) / np.sqrt(trials))})
    # The tree must be unchanged by the insert/forget round trips.
    assert tree.export() == (cut_dim, cut_value, leaf_point, leaf_count)

    out = {
        'source': 'numpy port of rrcf RCTree (kLabUM/rrcf), tests/reference/rrcf_reference.py',
        'points': [[float(v) for v in p] for p in tree.points],
        'cutDim': cut_dim,
        'cutValue': cut_value,
        'leafPoint': leaf_point,
        'leafCount': leaf_count,
        'leafCodisp': [{'point': k, 'codisp': v} for k, v in sorted(leaf_codisp.items())],
        'trials': trials,
        'queries': mc,
    }
    path = os.path.join(os.path.dirname(__file__), '..', 'engine', 'detectors', 'golden', 'rrcf.json')
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(path))
    for m in mc:
        print(m)


if __name__ == '__main__':
    main()
