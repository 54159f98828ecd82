"""Plausible wrong answers to the Chapter 2 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

# The smoothed target q of Question 7, which most of its wrong answers build first.
_SMOOTHED_TARGET = (
    "logits = np.asarray(logits, dtype=float)\n"
    "n, k = logits.shape\n"
    "q = np.full((n, k), eps / k)\n"
    "q[np.arange(n), labels] += 1 - eps\n"
)

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
        ("max(x, y) when one size is 1: a size of 0 against 1 gives 1",
         "n = max(len(a), len(b))\n"
         "a = (1,) * (n - len(a)) + tuple(a)\n"
         "b = (1,) * (n - len(b)) + tuple(b)\n"
         "result = []\n"
         "for x, y in zip(a, b):\n"
         "    if x != y and 1 not in (x, y):\n"
         "        raise ValueError('incompatible')\n"
         "    result.append(max(x, y))\n"
         "return tuple(result)"),
        ("calls np.broadcast_shapes, which the question bans",
         "return tuple(np.broadcast_shapes(a, b))"),
        ("asks np.broadcast, which the question bans",
         "return np.broadcast(np.empty(a), np.empty(b)).shape"),
        ("creates arrays of the two shapes and adds them",
         "return (np.zeros(a) + np.zeros(b)).shape"),
        ("np.nditer over zero-stride views made with as_strided (both banned)",
         "from numpy.lib.stride_tricks import as_strided\n"
         "x = as_strided(np.zeros(1), shape=a, strides=(0,) * len(a))\n"
         "y = as_strided(np.zeros(1), shape=b, strides=(0,) * len(b))\n"
         "return tuple(np.nditer([x, y]).shape)"),
        ("np.nditer over zero-stride arrays built with np.ndarray (nditer is banned)",
         "x = np.ndarray(a, buffer=np.zeros(1), strides=(0,) * len(a))\n"
         "y = np.ndarray(b, buffer=np.zeros(1), strides=(0,) * len(b))\n"
         "try:\n"
         "    return tuple(np.nditer([x, y]).shape)\n"
         "except ValueError as error:\n"
         "    raise ValueError('shapes cannot be broadcast') from error"),
        ("returns a list instead of a tuple",
         "n = max(len(a), len(b))\n"
         "a = (1,) * (n - len(a)) + tuple(a)\n"
         "b = (1,) * (n - len(b)) + tuple(b)\n"
         "result = []\n"
         "for x, y in zip(a, b):\n"
         "    if x != y and 1 not in (x, y):\n"
         "        raise ValueError('incompatible')\n"
         "    result.append(y if x == 1 else x)\n"
         "return result"),
        ("signals incompatible shapes with an assert (AssertionError, not ValueError)",
         "n = max(len(a), len(b))\n"
         "a = (1,) * (n - len(a)) + tuple(a)\n"
         "b = (1,) * (n - len(b)) + tuple(b)\n"
         "result = []\n"
         "for x, y in zip(a, b):\n"
         "    assert x == y or 1 in (x, y), 'incompatible'\n"
         "    result.append(y if x == 1 else x)\n"
         "return tuple(result)"),
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
        ("changes the caller's array in place and does not restore it exactly",
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
        ("copies w but keeps its dtype: an integer w cannot take the step",
         "w = w.copy()\n"
         "grad = np.zeros(w.shape)\n"
         "for i in range(w.size):\n"
         "    old = w.flat[i]\n"
         "    w.flat[i] = old + h\n"
         "    up = f(w)\n"
         "    w.flat[i] = old - h\n"
         "    down = f(w)\n"
         "    w.flat[i] = old\n"
         "    grad.flat[i] = (up - down) / (2 * h)\n"
         "return grad"),
        ("flattens w and calls f on the flat vector: f never sees the shape it expects",
         "flat = np.array(w, dtype=float).ravel()\n"
         "grad = np.zeros_like(flat)\n"
         "for i in range(flat.size):\n"
         "    step = np.zeros_like(flat)\n"
         "    step[i] = h\n"
         "    grad[i] = (f(flat + step) - f(flat - step)) / (2 * h)\n"
         "return grad.reshape(np.shape(w))"),
        ("a half step on each side, (f(w + h/2) - f(w - h/2)) / h: not the formula asked for",
         "w = np.array(w, dtype=float)\n"
         "grad = np.zeros_like(w)\n"
         "for i in range(w.size):\n"
         "    step = np.zeros_like(w)\n"
         "    step.flat[i] = h / 2\n"
         "    grad.flat[i] = (f(w + step) - f(w - step)) / h\n"
         "return grad"),
        ("ignores the h it is given (always 1e-5)",
         "w = np.array(w, dtype=float)\n"
         "grad = np.zeros_like(w)\n"
         "for i in range(w.size):\n"
         "    step = np.zeros_like(w)\n"
         "    step.flat[i] = 1e-5\n"
         "    grad.flat[i] = (f(w + step) - f(w - step)) / (2 * 1e-5)\n"
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
        ("shifts by the mean: [1000, -1000] still overflows",
         "e = np.exp(z - np.mean(z, axis=-1, keepdims=True))\n"
         "return e / np.sum(e, axis=-1, keepdims=True)"),
        ("shifts the caller's scores in place",
         "z -= np.max(z, axis=-1, keepdims=True)\n"
         "e = np.exp(z)\n"
         "return e / np.sum(e, axis=-1, keepdims=True)"),
        ("calls scipy.special.softmax, which the question bans",
         "import scipy.special\n"
         "return scipy.special.softmax(z, axis=-1)"),
        ("torch.softmax, which the question bans",
         "import torch\n"
         "return torch.softmax(torch.as_tensor(z), dim=-1).numpy()"),
        ("the exponential of scipy.special.log_softmax, which the question bans",
         "import scipy.special\n"
         "return np.exp(scipy.special.log_softmax(z, axis=-1))"),
        ("scipy.special.logsumexp, which the question bans",
         "from scipy.special import logsumexp\n"
         "return np.exp(z - logsumexp(z, axis=-1, keepdims=True))"),
        ("the tensor method .softmax, which the question bans",
         "import torch\n"
         "return torch.from_numpy(np.array(z, dtype=float)).softmax(-1).numpy()"),
        ("only for vectors: the maximum without keepdims",
         "e = np.exp(z - np.max(z))\n"
         "return e / e.sum(axis=-1)"),
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
        ("shifts the caller's logits in place",
         "logits -= np.max(logits, axis=1, keepdims=True)\n"
         "lse = np.log(np.sum(np.exp(logits), axis=1))\n"
         "return float(np.mean(lse - logits[np.arange(len(labels)), labels]))"),
        ("forgets to add the maximum back to the log-sum-exp",
         "m = np.max(logits, axis=1)\n"
         "lse = np.log(np.sum(np.exp(logits - m[:, None]), axis=1))\n"
         "return float(np.mean(lse - logits[np.arange(len(labels)), labels]))"),
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
        ("copies w0 but keeps its dtype: an integer start cannot take a step in place",
         "w = w0.copy()\n"
         "points = [w.copy()]\n"
         "for _ in range(steps):\n"
         "    w -= lr * grad_fn(w)\n"
         "    points.append(w.copy())\n"
         "return np.array(points)"),
        ("appends the same array each time, so every row is the last point",
         "w = np.array(w0, dtype=float)\n"
         "points = [w]\n"
         "for _ in range(steps):\n"
         "    w -= lr * grad_fn(w)\n"
         "    points.append(w)\n"
         "return np.array(points)"),
        ("returns a list of points instead of an array",
         "points = [np.array(w0, dtype=float)]\n"
         "for _ in range(steps):\n"
         "    points.append(points[-1] - lr * grad_fn(points[-1]))\n"
         "return points"),
        ("one step too many",
         "points = [np.array(w0, dtype=float)]\n"
         "for _ in range(steps + 1):\n"
         "    points.append(points[-1] - lr * grad_fn(points[-1]))\n"
         "return np.array(points)"),
    ],
    "q6": [
        ("the chapter's 2 / (c1 + c2) taken as 2 / trace(A)",
         "eigenvalues = np.linalg.eigvalsh(A)\n"
         "return 2 / eigenvalues.max(), 2 / eigenvalues.sum()"),
        ("uses the diagonal instead of the eigenvalues",
         "d = np.diag(A)\n"
         "return 2 / d.max(), 2 / (d.min() + d.max())"),
        ("best rate taken as 1 / mean eigenvalue",
         "eigenvalues = np.linalg.eigvalsh(A)\n"
         "return 2 / eigenvalues.max(), 1 / eigenvalues.mean()"),
        ("largest rate from the smallest eigenvalue",
         "eigenvalues = np.linalg.eigvalsh(A)\n"
         "return 2 / eigenvalues.min(), 2 / (eigenvalues.min() + eigenvalues.max())"),
        ("forgets the factor 2 of the largest rate",
         "eigenvalues = np.linalg.eigvalsh(A)\n"
         "return 1 / eigenvalues.max(), 2 / (eigenvalues.min() + eigenvalues.max())"),
        ("best rate taken as 1 / largest eigenvalue (the steep direction in one step)",
         "eigenvalues = np.linalg.eigvalsh(A)\n"
         "return 2 / eigenvalues.max(), 1 / eigenvalues.max()"),
        ("returns the two rates in the wrong order",
         "eigenvalues = np.linalg.eigvalsh(A)\n"
         "return 2 / (eigenvalues.min() + eigenvalues.max()), 2 / eigenvalues.max()"),
    ],
    "q7": [
        ("the gradient of the hard one-hot target: forgets the smoothing there",
         _SMOOTHED_TARGET
         + "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "grad = softmax(logits)\n"
         "grad[np.arange(n), labels] -= 1\n"
         "return -np.sum(q * log_p) / n, grad / n"),
        ("the loss of the hard one-hot target: forgets the smoothing there",
         _SMOOTHED_TARGET
         + "return cross_entropy(logits, labels), (softmax(logits) - q) / n"),
        ("sums over the batch: forgets to divide the gradient by the batch size",
         _SMOOTHED_TARGET
         + "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "return -np.sum(q * log_p) / n, softmax(logits) - q"),
        ("spreads eps over the K - 1 wrong classes, not eps / K over all K",
         "logits = np.asarray(logits, dtype=float)\n"
         "n, k = logits.shape\n"
         "q = np.full((n, k), eps / max(k - 1, 1))\n"
         "q[np.arange(n), labels] = 1 - eps\n"
         "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "return -np.sum(q * log_p) / n, (np.exp(log_p) - q) / n"),
        ("a target of (1 - eps) one-hot + eps, which does not sum to 1",
         "logits = np.asarray(logits, dtype=float)\n"
         "n, k = logits.shape\n"
         "q = np.full((n, k), float(eps))\n"
         "q[np.arange(n), labels] += 1 - eps\n"
         "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "return -np.sum(q * log_p) / n, (np.exp(log_p) - q) / n"),
        ("the hard gradient scaled by (1 - eps)",
         _SMOOTHED_TARGET
         + "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "grad = np.exp(log_p)\n"
         "grad[np.arange(n), labels] -= 1\n"
         "return -np.sum(q * log_p) / n, (1 - eps) * grad / n"),
        ("the log of a softmax: log(0) for a confident wrong class, an infinite loss",
         _SMOOTHED_TARGET
         + "p = softmax(logits)\n"
         "return -np.sum(q * np.log(p)) / n, (p - q) / n"),
        ("sign error in the gradient: target minus softmax",
         _SMOOTHED_TARGET
         + "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "return -np.sum(q * log_p) / n, (q - np.exp(log_p)) / n"),
        ("the loss averaged over classes as well as examples",
         _SMOOTHED_TARGET
         + "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "return -np.mean(q * log_p), (np.exp(log_p) - q) / n"),
        ("shifts the caller's logits in place",
         "n, k = logits.shape\n"
         "logits -= logits.max(axis=1, keepdims=True)\n"
         "q = np.full((n, k), eps / k)\n"
         "q[np.arange(n), labels] += 1 - eps\n"
         "log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))\n"
         "return -np.sum(q * log_p) / n, (np.exp(log_p) - q) / n"),
        ("a numerical gradient of the smoothed loss instead of a formula",
         "def loss(z):\n"
         "    n, k = z.shape\n"
         "    q = np.full((n, k), eps / k)\n"
         "    q[np.arange(n), labels] += 1 - eps\n"
         "    m = z.max(axis=1, keepdims=True)\n"
         "    log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))\n"
         "    return -np.sum(q * log_p) / n\n"
         "z = np.asarray(logits, dtype=float)\n"
         "return loss(z), numerical_gradient(loss, z)"),
        ("PyTorch's cross_entropy with label_smoothing, and autograd: both banned",
         "import torch\n"
         "import torch.nn.functional as F\n"
         "t = torch.tensor(np.asarray(logits, dtype=float), requires_grad=True)\n"
         "loss = F.cross_entropy(t, torch.as_tensor(labels), label_smoothing=eps)\n"
         "loss.backward()\n"
         "return loss.item(), t.grad.numpy()"),
        ("PyTorch's cross_entropy for the loss (banned), the gradient by hand",
         "import torch\n"
         "import torch.nn.functional as F\n"
         "logits = np.asarray(logits, dtype=float)\n"
         "n, k = logits.shape\n"
         "q = np.full((n, k), eps / k)\n"
         "q[np.arange(n), labels] += 1 - eps\n"
         "loss = F.cross_entropy(torch.from_numpy(logits), torch.as_tensor(labels),\n"
         "                       label_smoothing=eps)\n"
         "return loss.item(), (softmax(logits) - q) / n"),
        ("returns only the gradient",
         _SMOOTHED_TARGET
         + "return (softmax(logits) - q) / n"),
            ("the tempting targets[:, labels]: every row gets the smoothing of every label",
         "logits = np.asarray(logits, dtype=float)\n"
         "n, k = logits.shape\n"
         "q = np.full((n, k), eps / k)\n"
         "q[:, labels] += 1 - eps\n"
         "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "return -np.sum(q * log_p) / n, (np.exp(log_p) - q) / n"),
        ("clips the probabilities at 1e-12 before the log: a wrong loss for sure mistakes",
         _SMOOTHED_TARGET
         + "p = softmax(logits)\n"
         "return -np.sum(q * np.log(np.clip(p, 1e-12, 1))) / n, (p - q) / n"),
        ("the true class gets 1 - eps and the others eps / K: a target that does not sum to 1",
         "logits = np.asarray(logits, dtype=float)\n"
         "n, k = logits.shape\n"
         "q = np.full((n, k), eps / k)\n"
         "q[np.arange(n), labels] = 1 - eps\n"
         "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "return -np.sum(q * log_p) / n, (np.exp(log_p) - q) / n"),
        ("computes in float32, as a GPU would: logits of 1e7 lose their differences",
         "z = np.asarray(logits, dtype=np.float32)\n"
         "n, k = z.shape\n"
         "q = np.full((n, k), eps / k, dtype=np.float32)\n"
         "q[np.arange(n), labels] += 1 - eps\n"
         "m = z.max(axis=1, keepdims=True)\n"
         "log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))\n"
         "return float(-np.sum(q * log_p) / n), (np.exp(log_p) - q) / n"),
        ("(1 - eps) times the hard loss plus eps times the *sum* over classes of -log p",
         "z = np.asarray(logits, dtype=float)\n"
         "n, k = z.shape\n"
         "m = z.max(axis=1, keepdims=True)\n"
         "log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))\n"
         "hard = -log_p[np.arange(n), labels].mean()\n"
         "q = np.full((n, k), eps / k)\n"
         "q[np.arange(n), labels] += 1 - eps\n"
         "return (1 - eps) * hard - eps * log_p.sum(axis=1).mean(), (np.exp(log_p) - q) / n"),
        ("KL(q || p) instead of H(q, p): the same gradient, a loss smaller by H(q)",
         _SMOOTHED_TARGET
         + "m = logits.max(axis=1, keepdims=True)\n"
         "log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "log_q = np.log(np.where(q > 0, q, 1.0))\n"
         "return np.sum(q * (log_q - log_p)) / n, (np.exp(log_p) - q) / n"),
    ],
    "q8": [
        ("the tempting G[:, labels]: subtracts 1 in the columns of every label, every row",
         "G = softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "G[:, labels] -= 1\n"
         "return G @ W.T / len(labels)"),
        ("divides by the number of features instead of the batch size",
         "G = softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "return G @ W.T / X.shape[1]"),
        ("np.eye(len(labels)) for the one-hot: the batch size instead of the classes",
         "G = softmax(np.asarray(X, dtype=float) @ W + b) - np.eye(len(labels))[labels]\n"
         "return G @ W.T / len(labels)"),
        ("the batch sum of G times W.T, broadcast back over the batch",
         "G = softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "return np.zeros(np.shape(X)) + G.sum(axis=0) @ W.T / len(labels)"),
        ("the gradient of the summed loss, while the loss is a mean",
         "G = softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "return G @ W.T"),
        ("G @ W, the product of the forward pass, without the transpose",
         "G = softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "return G @ W / len(labels)"),
        ("X.T @ G, the gradient with respect to W",
         "G = softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "return X.T @ G / len(labels)"),
        ("W @ G.T: the right numbers, transposed to [features, batch]",
         "G = softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "return W @ G.T / len(labels)"),
        ("divides by the batch size twice",
         "n = len(labels)\n"
         "G = softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "G[np.arange(n), labels] -= 1\n"
         "G /= n\n"
         "return G @ W.T / n"),
        ("forgets the bias in the logits",
         "G = softmax(np.asarray(X, dtype=float) @ W)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "return G @ W.T / len(labels)"),
        ("only the one-hot part of G: forgets the softmax",
         "one_hot = np.eye(W.shape[1])[labels]\n"
         "return -one_hot @ W.T / len(labels)"),
        ("sign error: one-hot minus softmax",
         "G = np.eye(W.shape[1])[labels] - softmax(np.asarray(X, dtype=float) @ W + b)\n"
         "return G @ W.T / len(labels)"),
        ("a naive softmax: nan once the logits reach 1000",
         "e = np.exp(X @ W + b)\n"
         "G = e / e.sum(axis=1, keepdims=True)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "return G @ W.T / len(labels)"),
        ("a numerical gradient of the loss with respect to X",
         "return numerical_gradient(lambda V: cross_entropy(V @ W + b, labels), X)"),
        ("PyTorch autograd, which the question bans",
         "import torch\n"
         "import torch.nn.functional as F\n"
         "Xt = torch.tensor(np.asarray(X, dtype=float), requires_grad=True)\n"
         "Wt, bt = torch.as_tensor(W, dtype=torch.float64), torch.as_tensor(b)\n"
         "F.cross_entropy(Xt @ Wt + bt, torch.as_tensor(labels)).backward()\n"
         "return Xt.grad.numpy()"),
        ("an output array of X's dtype: integer features give an integer gradient",
         "G = softmax(X @ W + b)\n"
         "G[np.arange(len(labels)), labels] -= 1\n"
         "out = np.zeros_like(X)\n"
         "out[:] = G @ W.T / len(labels)\n"
         "return out"),
    ],
}
