"""Plausible wrong answers to the Chapter 2 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
"""

WRONG_ANSWERS = {
    "q1": [
        ("lines the shapes up from the left",
         "n = max(len(a), len(b))\n"
         "a = tuple(a) + (1,) * (n - len(a))\n"
         "b = tuple(b) + (1,) * (n - len(b))\n"
         "result = []\n"
         "for x, y in zip(a, b):\n"
         "    if x != y and 1 not in (x, y):\n"
         "        raise ValueError('incompatible')\n"
         "    result.append(max(x, y))\n"
         "return tuple(result)"),
        ("takes the larger size without checking compatibility",
         "n = max(len(a), len(b))\n"
         "a = (1,) * (n - len(a)) + tuple(a)\n"
         "b = (1,) * (n - len(b)) + tuple(b)\n"
         "return tuple(max(x, y) for x, y in zip(a, b))"),
        ("zip drops the extra leading axes of the longer shape",
         "result = []\n"
         "for x, y in zip(reversed(a), reversed(b)):\n"
         "    if x != y and 1 not in (x, y):\n"
         "        raise ValueError('incompatible')\n"
         "    result.append(max(x, y))\n"
         "return tuple(reversed(result))"),
    ],
    "q2": [
        ("forward difference instead of central",
         "w = np.array(w, dtype=float)\n"
         "grad = np.zeros_like(w)\n"
         "for i in range(w.size):\n"
         "    step = np.zeros_like(w)\n"
         "    step.flat[i] = h\n"
         "    grad.flat[i] = (f(w + step) - f(w)) / h\n"
         "return grad"),
        ("divides by h instead of 2h",
         "w = np.array(w, dtype=float)\n"
         "grad = np.zeros_like(w)\n"
         "for i in range(w.size):\n"
         "    step = np.zeros_like(w)\n"
         "    step.flat[i] = h\n"
         "    grad.flat[i] = (f(w + step) - f(w - step)) / h\n"
         "return grad"),
        ("changes the caller's array in place and does not restore it",
         "grad = np.zeros(np.shape(w))\n"
         "for i in range(w.size):\n"
         "    w.flat[i] += h\n"
         "    up = f(w)\n"
         "    w.flat[i] -= 2 * h\n"
         "    grad.flat[i] = (up - f(w)) / (2 * h)\n"
         "return grad"),
        ("only handles vectors: flattens the result",
         "w = np.array(w, dtype=float).ravel()\n"
         "grad = np.zeros_like(w)\n"
         "for i in range(w.size):\n"
         "    step = np.zeros_like(w)\n"
         "    step[i] = h\n"
         "    grad[i] = (f(w + step) - f(w - step)) / (2 * h)\n"
         "return grad"),
    ],
    "q3": [
        ("no max shift: overflows",
         "e = np.exp(z)\n"
         "return e / np.sum(e, axis=-1, keepdims=True)"),
        ("shifts by the minimum instead of the maximum",
         "e = np.exp(z - np.min(z, axis=-1, keepdims=True))\n"
         "return e / np.sum(e, axis=-1, keepdims=True)"),
        ("normalises over the whole batch instead of per row",
         "e = np.exp(z - np.max(z))\n"
         "return e / np.sum(e)"),
    ],
    "q4": [
        ("sums over the batch instead of averaging",
         "m = np.max(logits, axis=1)\n"
         "lse = m + np.log(np.sum(np.exp(logits - m[:, None]), axis=1))\n"
         "return float(np.sum(lse - logits[np.arange(len(labels)), labels]))"),
        ("one maximum for the whole batch instead of one per row",
         "m = np.max(logits)\n"
         "lse = m + np.log(np.sum(np.exp(logits - m), axis=1))\n"
         "return float(np.mean(lse - logits[np.arange(len(labels)), labels]))"),
        ("log of a naive softmax: -inf for confident logits",
         "p = np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True)\n"
         "return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))"),
        ("sign error",
         "m = np.max(logits, axis=1)\n"
         "lse = m + np.log(np.sum(np.exp(logits - m[:, None]), axis=1))\n"
         "return float(np.mean(logits[np.arange(len(labels)), labels] - lse))"),
        ("picks the logits of the wrong axis (labels index rows)",
         "m = np.max(logits, axis=1)\n"
         "lse = m + np.log(np.sum(np.exp(logits - m[:, None]), axis=1))\n"
         "return float(np.mean(lse - logits[labels, np.arange(len(labels))]))"),
    ],
    "q5": [
        ("leaves out the starting point",
         "w = np.array(w0, dtype=float)\n"
         "points = []\n"
         "for _ in range(steps):\n"
         "    w = w - lr * grad_fn(w)\n"
         "    points.append(w)\n"
         "return np.array(points)"),
        ("steps uphill (sign error)",
         "points = [np.array(w0, dtype=float)]\n"
         "for _ in range(steps):\n"
         "    points.append(points[-1] + lr * grad_fn(points[-1]))\n"
         "return np.array(points)"),
        ("updates the caller's w0 in place, so every row is the same array",
         "w = w0\n"
         "points = [w]\n"
         "for _ in range(steps):\n"
         "    w -= lr * grad_fn(w)\n"
         "    points.append(w)\n"
         "return np.array(points)"),
    ],
    "q6": [
        ("uses the smallest eigenvalue",
         "return float(2 / np.min(np.linalg.eigvalsh(A)))"),
        ("forgets the factor 2",
         "return float(1 / np.max(np.linalg.eigvalsh(A)))"),
        ("uses the diagonal instead of the eigenvalues",
         "return float(2 / np.max(np.diag(A)))"),
    ],
}
