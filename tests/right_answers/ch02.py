"""Right answers to the Chapter 2 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS = {
    "q1": [
        ("walks negative indices with a while loop, from the right",
         "result = []\n"
         "i = -1\n"
         "while -i <= max(len(a), len(b)):\n"
         "    x = a[i] if -i <= len(a) else 1\n"
         "    y = b[i] if -i <= len(b) else 1\n"
         "    if x == 1:\n"
         "        result.append(y)\n"
         "    elif y == 1 or x == y:\n"
         "        result.append(x)\n"
         "    else:\n"
         "        raise ValueError(f'{a} and {b} cannot be broadcast')\n"
         "    i -= 1\n"
         "return tuple(reversed(result))"),
        ("itertools.zip_longest on the reversed shapes",
         "from itertools import zip_longest\n"
         "out = []\n"
         "for x, y in zip_longest(reversed(a), reversed(b), fillvalue=1):\n"
         "    if x != 1 and y != 1 and x != y:\n"
         "        raise ValueError('incompatible shapes')\n"
         "    out.insert(0, x if y == 1 else y)\n"
         "return tuple(out)"),
        ("tuples concatenated from the right, padded with 1s",
         "a = (1,) * (len(b) - len(a)) + tuple(a)\n"
         "b = (1,) * (len(a) - len(b)) + tuple(b)\n"
         "shape = ()\n"
         "for x, y in zip(a[::-1], b[::-1]):\n"
         "    if x == y or y == 1:\n"
         "        shape = (x,) + shape\n"
         "    elif x == 1:\n"
         "        shape = (y,) + shape\n"
         "    else:\n"
         "        raise ValueError(f'cannot broadcast {x} and {y}')\n"
         "return shape"),
        ("recursion on the last axis",
         "if not a or not b:\n"
         "    return tuple(a) or tuple(b)\n"
         "x, y = a[-1], b[-1]\n"
         "if x != y and x != 1 and y != 1:\n"
         "    raise ValueError('incompatible shapes')\n"
         "return broadcast_shape(a[:-1], b[:-1]) + (y if x == 1 else x,)"),
    ],
    "q2": [
        ("np.ndindex on a float copy, perturbing in place and restoring the value",
         "w = w.astype(float)\n"
         "grad = np.empty_like(w)\n"
         "for index in np.ndindex(w.shape):\n"
         "    old = w[index]\n"
         "    w[index] = old + h\n"
         "    up = f(w)\n"
         "    w[index] = old - h\n"
         "    down = f(w)\n"
         "    w[index] = old\n"
         "    grad[index] = (up - down) / (2 * h)\n"
         "return grad"),
        ("all the steps at once: rows of h * identity, reshaped",
         "w = np.asarray(w, dtype=np.float64)\n"
         "steps = h * np.eye(w.size).reshape((w.size,) + w.shape)\n"
         "slopes = [(f(w + s) - f(w - s)) / (2 * h) for s in steps]\n"
         "return np.array(slopes).reshape(w.shape)"),
        ("np.nditer over the original, writing into a flat float result",
         "grad = np.zeros(w.size)\n"
         "base = w.astype(float).ravel()\n"
         "for i, _ in enumerate(np.nditer(w)):\n"
         "    e = np.zeros(w.size)\n"
         "    e[i] = h\n"
         "    up, down = (base + e).reshape(w.shape), (base - e).reshape(w.shape)\n"
         "    grad[i] = (f(up) - f(down)) / (2 * h)\n"
         "return grad.reshape(w.shape)"),
    ],
    "q3": [
        ("its own log-sum-exp, then the exponential of the log-softmax",
         "m = np.max(z, axis=-1, keepdims=True)\n"
         "lse = m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))\n"
         "return np.exp(z - lse)"),
        ("np.apply_along_axis with a softmax of one vector, in float64",
         "def one(v):\n"
         "    e = np.exp(v - v.max())\n"
         "    return e / e.sum()\n"
         "return np.apply_along_axis(one, -1, np.asarray(z, dtype=np.float64))"),
        ("the chapter's version, which keeps float32 inputs in float32",
         "shifted = z - np.max(z, axis=-1, keepdims=True)\n"
         "e = np.exp(shifted)\n"
         "return e / e.sum(axis=-1, keepdims=True)"),
        ("one row at a time, with np.atleast_2d",
         "rows = np.atleast_2d(np.asarray(z, dtype=float))\n"
         "out = np.empty_like(rows)\n"
         "for i, row in enumerate(rows):\n"
         "    e = np.exp(row - row.max())\n"
         "    out[i] = e / e.sum()\n"
         "return out.reshape(np.shape(z))"),
    ],
    "q4": [
        ("scipy.special.logsumexp",
         "from scipy.special import logsumexp\n"
         "n = len(labels)\n"
         "return np.mean(logsumexp(logits, axis=1) - logits[np.arange(n), labels])"),
        ("a Python loop over the examples, with math",
         "import math\n"
         "total = 0.0\n"
         "for row, label in zip(logits, labels):\n"
         "    m = max(row)\n"
         "    total += m + math.log(sum(math.exp(v - m) for v in row)) - row[label]\n"
         "return total / len(labels)"),
        ("the log-softmax matrix, then the picked entries",
         "z = logits - logits.max(axis=1, keepdims=True)\n"
         "log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))\n"
         "return -log_p[np.arange(len(labels)), labels].mean()"),
    ],
    "q5": [
        ("a preallocated array, filled row by row",
         "path = np.empty((steps + 1, len(w0)))\n"
         "path[0] = w0\n"
         "for t in range(steps):\n"
         "    path[t + 1] = path[t] - lr * grad_fn(path[t])\n"
         "return path"),
        ("a float copy updated in place, a copy appended each step",
         "w = w0.astype(float)\n"
         "points = [w.copy()]\n"
         "for _ in range(steps):\n"
         "    w -= lr * grad_fn(w)\n"
         "    points.append(w.copy())\n"
         "return np.stack(points)"),
    ],
    "q6": [
        ("singular values (equal to the eigenvalues for a positive-definite A)",
         "s = np.linalg.svd(A, compute_uv=False)\n"
         "return [2.0 / s[0], 2.0 / (s[0] + s[-1])]"),
        ("np.linalg.eigvals, real parts, sorted",
         "lam = np.sort(np.linalg.eigvals(A).real)\n"
         "largest = 2 / lam[-1]\n"
         "best = 2 / (lam[0] + lam[-1])\n"
         "return (largest, best)"),
        ("np.linalg.eigh, returned as numpy floats",
         "values, _ = np.linalg.eigh(A)\n"
         "return np.float64(2) / values[-1], np.float64(2) / (values[0] + values[-1])"),
    ],
    "q7": [
        ("one-hot matrix from np.eye",
         "one_hot = np.eye(logits.shape[1])[labels]\n"
         "return (softmax(logits) - one_hot) / len(labels)"),
        ("a loop over the examples",
         "n, k = np.shape(logits)\n"
         "grad = np.zeros((n, k))\n"
         "for i in range(n):\n"
         "    z = logits[i] - np.max(logits[i])\n"
         "    p = np.exp(z) / np.sum(np.exp(z))\n"
         "    p[labels[i]] -= 1\n"
         "    grad[i] = p / n\n"
         "return grad"),
        ("cross_entropy's own pieces: the gradient of the log-sum-exp minus a one-hot, "
         "with a loop over the labels",
         "grad = softmax(np.asarray(logits, dtype=float))\n"
         "for i, label in enumerate(labels):\n"
         "    grad[i, label] -= 1.0\n"
         "return grad / grad.shape[0]"),
        ("scipy.special.softmax, allowed here",
         "from scipy.special import softmax as scipy_softmax\n"
         "grad = scipy_softmax(logits, axis=1)\n"
         "grad[np.arange(len(labels)), labels] -= 1\n"
         "return grad / len(labels)"),
    ],
    "q8": [
        ("returns a list, and computes everything inline",
         "Z = X @ W + b\n"
         "Z = Z - Z.max(axis=1, keepdims=True)\n"
         "log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))\n"
         "n = len(labels)\n"
         "loss = -log_p[np.arange(n), labels].mean()\n"
         "G = np.exp(log_p)\n"
         "G[np.arange(n), labels] -= 1\n"
         "G /= n\n"
         "return [loss, X.T @ G, G.sum(axis=0)]"),
        ("np.einsum, and a one-hot matrix",
         "logits = X @ W + b\n"
         "one_hot = np.eye(W.shape[1])[labels]\n"
         "G = (softmax(logits) - one_hot) / X.shape[0]\n"
         "dW = np.einsum('ni,nk->ik', X, G)\n"
         "db = np.einsum('nk->k', G)\n"
         "return cross_entropy(logits, labels), dW, db"),
        ("sums of outer products, one example at a time",
         "logits = X @ W + b\n"
         "G = cross_entropy_gradient(logits, labels)\n"
         "dW = np.zeros(W.shape)\n"
         "db = np.zeros(b.shape)\n"
         "for x, g in zip(X, G):\n"
         "    dW += np.outer(x, g)\n"
         "    db += g\n"
         "return float(cross_entropy(logits, labels)), dW, db"),
    ],
}
