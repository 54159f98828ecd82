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
        ("a loop over the examples, with math",
         "import math\n"
         "n, k = np.shape(logits)\n"
         "grad = np.zeros((n, k))\n"
         "total = 0.0\n"
         "for i in range(n):\n"
         "    row = [float(v) for v in logits[i]]\n"
         "    m = max(row)\n"
         "    lse = m + math.log(sum(math.exp(v - m) for v in row))\n"
         "    for j in range(k):\n"
         "        q = eps / k + (1 - eps if j == labels[i] else 0.0)\n"
         "        total -= q * (row[j] - lse)\n"
         "        grad[i, j] = (math.exp(row[j] - lse) - q) / n\n"
         "return total / n, grad"),
        ("(1 - eps) times the chapter's loss plus eps times the mean over classes of "
         "-log p, with scipy's logsumexp and softmax",
         "from scipy.special import logsumexp, softmax as scipy_softmax\n"
         "z = np.asarray(logits, dtype=float)\n"
         "n, k = z.shape\n"
         "log_p = z - logsumexp(z, axis=1, keepdims=True)\n"
         "hard = -log_p[np.arange(n), labels].mean()\n"
         "uniform = -log_p.mean(axis=1).mean()\n"
         "grad = scipy_softmax(z, axis=1) - eps / k\n"
         "grad[np.arange(n), labels] -= 1 - eps\n"
         "return [(1 - eps) * hard + eps * uniform, grad / n]"),
        ("torch.log_softmax in float64 (no autograd), returned as NumPy",
         "import torch\n"
         "z = torch.as_tensor(np.asarray(logits, dtype=np.float64))\n"
         "n, k = z.shape\n"
         "q = torch.full((n, k), eps / k, dtype=torch.float64)\n"
         "q[torch.arange(n), torch.as_tensor(labels)] += 1 - eps\n"
         "log_p = torch.log_softmax(z, dim=1)\n"
         "loss = -(q * log_p).sum(dim=1).mean()\n"
         "return loss.item(), ((log_p.exp() - q) / n).numpy()"),
        ("the loss as log-sum-exp minus the target-weighted logits, with the chapter's "
         "softmax and a one-hot from np.eye",
         "z = np.asarray(logits, dtype=float)\n"
         "n, k = z.shape\n"
         "q = (1 - eps) * np.eye(k)[labels] + eps / k\n"
         "m = z.max(axis=1)\n"
         "lse = m + np.log(np.exp(z - m[:, None]).sum(axis=1))\n"
         "loss = np.mean(lse - np.sum(q * z, axis=1))\n"
         "return loss, (softmax(z) - q) / n"),
        ("np.logaddexp.reduce for the log-sum-exp, a one-hot from a comparison",
         "z = np.asarray(logits, dtype=float)\n"
         "n, k = z.shape\n"
         "one_hot = (np.asarray(labels)[:, None] == np.arange(k)).astype(float)\n"
         "q = (1 - eps) * one_hot + eps / k\n"
         "log_p = z - np.logaddexp.reduce(z, axis=1, keepdims=True)\n"
         "return float(-(q * log_p).sum() / n), (np.exp(log_p) - q) / n"),
        ("scipy's log_softmax, allowed here",
         "from scipy.special import log_softmax\n"
         "z = np.asarray(logits, dtype=float)\n"
         "n, k = z.shape\n"
         "q = np.full((n, k), eps / k)\n"
         "q[np.arange(n), labels] += 1 - eps\n"
         "log_p = log_softmax(z, axis=1)\n"
         "return -np.mean(np.sum(q * log_p, axis=1)), (np.exp(log_p) - q) / n"),
    ],
    "q8": [
        ("Question 7's gradient with eps = 0, times W transposed",
         "_, G = smoothed_cross_entropy(np.asarray(X, dtype=float) @ W + b, labels, 0.0)\n"
         "return G @ np.transpose(W)"),
        ("a one-hot from a comparison, the product with np.dot",
         "Z = np.asarray(X, dtype=float) @ W + b\n"
         "Y = (np.asarray(labels)[:, None] == np.arange(Z.shape[1]))\n"
         "return np.dot((softmax(Z) - Y) / len(Z), W.T)"),
        ("np.einsum, and a one-hot matrix",
         "logits = np.asarray(X, dtype=float) @ W + b\n"
         "G = (softmax(logits) - np.eye(W.shape[1])[labels]) / len(labels)\n"
         "return np.einsum('nk,ik->ni', G, W)"),
        ("one example at a time: W @ g for each row",
         "n = len(labels)\n"
         "out = np.zeros(np.shape(X))\n"
         "for i in range(n):\n"
         "    z = np.asarray(X[i], dtype=float) @ W + b\n"
         "    p = np.exp(z - z.max())\n"
         "    p /= p.sum()\n"
         "    p[labels[i]] -= 1\n"
         "    out[i] = W @ p / n\n"
         "return out"),
        ("torch.softmax on float64 tensors, without autograd",
         "import torch\n"
         "Xt = torch.as_tensor(np.asarray(X, dtype=np.float64))\n"
         "Wt = torch.as_tensor(np.asarray(W, dtype=np.float64))\n"
         "bt = torch.as_tensor(np.asarray(b, dtype=np.float64))\n"
         "G = torch.softmax(Xt @ Wt + bt, dim=1)\n"
         "G[torch.arange(len(labels)), torch.as_tensor(labels)] -= 1\n"
         "return (G @ Wt.T / len(labels)).numpy()"),
        ("W @ G.T, transposed back to [batch, features]",
         "G = softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "return (W @ G.T).T / len(labels)"),
    ],
}
