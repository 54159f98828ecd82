"""Plausible wrong answers to the Chapter 3 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

# The chapter's backward pass for two layers, for the answers of q3 to vary.
_Q3_TAIL = (
    "dW2 = dZ2 @ cache[\"A1\"].T / m\n"
    "db2 = dZ2.sum(axis=1, keepdims=True) / m\n"
    "dZ1 = (params[\"W2\"].T @ dZ2) * (cache[\"Z1\"] > 0)\n"
    "return {\"W1\": dZ1 @ cache[\"X\"].T / m, \"b1\": dZ1.sum(axis=1, keepdims=True) / m,\n"
    "        \"W2\": dW2, \"b2\": db2}"
)

# A network of any depth (q8), with one line left for each answer to change.
_Q8_FORWARD = (
    "L, m = len(params) // 2, X.shape[1]\n"
    "A, layers = X, []\n"
    "for k in range(1, L + 1):\n"
    "    Z = params[f\"W{k}\"] @ A + params[f\"b{k}\"]\n"
    "    layers.append((A, Z))\n"
    "    A = relu(Z) if k < L else Z\n"
)
_Q8_SOFTMAX = (
    "shifted = A - A.max(axis=0, keepdims=True)\n"
    "log_P = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))\n"
    "columns = np.arange(m)\n"
    "loss = -log_P[y, columns].mean()\n"
    "dZ = np.exp(log_P)\n"
    "dZ[y, columns] -= 1\n"
)
_Q8_BACKWARD = (
    "grads = {}\n"
    "for k in range(L, 0, -1):\n"
    "    A_in, _ = layers[k - 1]\n"
    "    grads[f\"W{k}\"] = dZ @ A_in.T / m\n"
    "    grads[f\"b{k}\"] = dZ.sum(axis=1, keepdims=True) / m\n"
    "    if k > 1:\n"
    "        dZ = (params[f\"W{k}\"].T @ dZ) * (layers[k - 2][1] > 0)\n"
    "return float(loss), grads"
)


def _mul(backward: str, wrap: bool = True, parents: str = "(self, other)") -> str:
    head = "other = other if isinstance(other, Value) else Value(other)\n" if wrap else ""
    return (head + f"out = Value(self.data * other.data, {parents}, \"*\")\n"
            "def _backward(grad):\n" + backward + "out._backward = _backward\nreturn out")


def _div(backward: str, wrap: bool = True, parents: str = "(self, other)") -> str:
    head = "other = other if isinstance(other, Value) else Value(other)\n" if wrap else ""
    return (head + f"out = Value(self.data / other.data, {parents}, \"/\")\n"
            "def _backward(grad):\n" + backward + "out._backward = _backward\nreturn out")


def _ce(value: str, backward: str, parents: str = "tuple(scores)") -> str:
    """value_cross_entropy with the loss from ``value`` (which sets ``loss``, ``exps``
    and ``total``) and the loop body ``backward``."""
    return (value + f"out = Value(loss, {parents}, \"CE\")\n"
            "def _backward(grad):\n"
            "    for k, s in enumerate(scores):\n" + backward
            + "out._backward = _backward\nreturn out")


_CE_STABLE = ("top = max(s.data for s in scores)\n"
              "exps = [math.exp(s.data - top) for s in scores]\n"
              "total = sum(exps)\n"
              "loss = top + math.log(total) - scores[label].data\n")
_CE_RULE = "        s.grad += (exps[k] / total - (k == label)) * grad\n"

WRONG_ANSWERS = {
    "q1": [
        ("the chapter's formula with the naive sigmoid: overflows for z = -1000",
         "s = sigmoid(z)\n"
         "return s * (1 - s)"),
        ("applies the output form a(1 - a) to the input z",
         "return z * (1 - z)"),
        ("uses tanh's derivative rule, 1 - s**2",
         "return 1 - sigmoid(z) ** 2"),
        ("scipy.special.expit, which the question does not allow",
         "from scipy.special import expit\n"
         "s = expit(z)\n"
         "return s * (1 - s)"),
        ("np.where with both forms: NumPy still computes the overflowing branch",
         "s = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))\n"
         "return s * (1 - s)"),
        ("clips z to [-30, 30]: wrong far from 0",
         "s = sigmoid(np.clip(z, -30, 30))\n"
         "return s * (1 - s)"),
        ("math.exp: works for a number, not for an array",
         "e = math.exp(-abs(z))\n"
         "return e / (1 + e) ** 2"),
        ("forgets to square the denominator, and overflows",
         "return np.exp(-z) / (1 + np.exp(-z))"),
        ("torch.sigmoid, which the question does not allow",
         "import torch\n"
         "s = torch.sigmoid(torch.as_tensor(z, dtype=torch.float64)).numpy()\n"
         "return s * (1 - s)"),
        ("a tensor's .sigmoid(), which the question does not allow",
         "import torch\n"
         "s = torch.tensor(np.asarray(z, dtype=float)).sigmoid().numpy()\n"
         "return s * (1 - s)"),
        ("scipy.special.log_expit, which the question does not allow",
         "from scipy.special import log_expit\n"
         "return np.exp(log_expit(z) + log_expit(-z))"),
        ("torch.special.expit, which the question does not allow",
         "import torch\n"
         "s = torch.special.expit(torch.as_tensor(z, dtype=torch.float64)).numpy()\n"
         "return s * (1 - s)"),
        ("the naive sigmoid with the overflow warning silenced by np.errstate",
         "with np.errstate(over=\"ignore\"):\n"
         "    s = sigmoid(z)\n"
         "return s * (1 - s)"),
        ("sigmoid(z) * sigmoid(-z) with every NumPy warning silenced",
         "with np.errstate(all=\"ignore\"):\n"
         "    return sigmoid(z) * sigmoid(-z)"),
        ("stable branches in an np.empty_like(z): integers in, integers (0) out",
         "z = np.asarray(z)\n"
         "out = np.empty_like(z)\n"
         "positive = z >= 0\n"
         "e = np.exp(-z[positive])\n"
         "out[positive] = e / (1 + e) ** 2\n"
         "e = np.exp(z[~positive])\n"
         "out[~positive] = e / (1 + e) ** 2\n"
         "return out"),
    ],
    "q2": [
        ("rows convention: W.T @ X",
         "Z1 = params[\"W1\"].T @ X + params[\"b1\"]\n"
         "A1 = relu(Z1)\n"
         "Z2 = params[\"W2\"].T @ A1 + params[\"b2\"]\n"
         "A2 = sigmoid(Z2)\n"
         "return A2, {\"X\": X, \"Z1\": Z1, \"A1\": A1, \"Z2\": Z2, \"A2\": A2}"),
        ("forgets the biases",
         "Z1 = params[\"W1\"] @ X\n"
         "A1 = relu(Z1)\n"
         "Z2 = params[\"W2\"] @ A1\n"
         "A2 = sigmoid(Z2)\n"
         "return A2, {\"X\": X, \"Z1\": Z1, \"A1\": A1, \"Z2\": Z2, \"A2\": A2}"),
        ("sigmoid in the hidden layer instead of ReLU",
         "Z1 = params[\"W1\"] @ X + params[\"b1\"]\n"
         "A1 = sigmoid(Z1)\n"
         "Z2 = params[\"W2\"] @ A1 + params[\"b2\"]\n"
         "A2 = sigmoid(Z2)\n"
         "return A2, {\"X\": X, \"Z1\": Z1, \"A1\": A1, \"Z2\": Z2, \"A2\": A2}"),
        ("returns the score Z2 instead of the probability",
         "Z1 = params[\"W1\"] @ X + params[\"b1\"]\n"
         "A1 = relu(Z1)\n"
         "Z2 = params[\"W2\"] @ A1 + params[\"b2\"]\n"
         "return Z2, {\"X\": X, \"Z1\": Z1, \"A1\": A1, \"Z2\": Z2, \"A2\": sigmoid(Z2)}"),
        ("caches the pre-activation Z1 as A1",
         "Z1 = params[\"W1\"] @ X + params[\"b1\"]\n"
         "Z2 = params[\"W2\"] @ relu(Z1) + params[\"b2\"]\n"
         "A2 = sigmoid(Z2)\n"
         "return A2, {\"X\": X, \"Z1\": Z1, \"A1\": Z1, \"Z2\": Z2, \"A2\": A2}"),
        ("ReLU applied in place: the cached Z1 is overwritten by A1",
         "Z1 = params[\"W1\"] @ X + params[\"b1\"]\n"
         "A1 = Z1\n"
         "A1[A1 < 0] = 0\n"
         "Z2 = params[\"W2\"] @ A1 + params[\"b2\"]\n"
         "A2 = sigmoid(Z2)\n"
         "return A2, {\"X\": X, \"Z1\": Z1, \"A1\": A1, \"Z2\": Z2, \"A2\": A2}"),
    ],
    "q3": [
        ("forgets the 1/m of the mean",
         "dZ2 = cache[\"A2\"] - Y\n"
         "dZ1 = (params[\"W2\"].T @ dZ2) * (cache[\"Z1\"] > 0)\n"
         "return {\"W1\": dZ1 @ cache[\"X\"].T, \"b1\": dZ1.sum(axis=1, keepdims=True),\n"
         "        \"W2\": dZ2 @ cache[\"A1\"].T, \"b2\": dZ2.sum(axis=1, keepdims=True)}"),
        ("forgets the ReLU derivative",
         "m = Y.shape[1]\n"
         "dZ2 = cache[\"A2\"] - Y\n"
         "dZ1 = params[\"W2\"].T @ dZ2\n"
         "return {\"W1\": dZ1 @ cache[\"X\"].T / m, \"b1\": dZ1.sum(axis=1, keepdims=True) / m,\n"
         "        \"W2\": dZ2 @ cache[\"A1\"].T / m, \"b2\": dZ2.sum(axis=1, keepdims=True) / m}"),
        ("uses tanh's derivative in the ReLU layer (copied from the chapter)",
         "m = Y.shape[1]\n"
         "dZ2 = cache[\"A2\"] - Y\n"
         "dZ1 = (params[\"W2\"].T @ dZ2) * (1 - cache[\"A1\"] ** 2)\n"
         "return {\"W1\": dZ1 @ cache[\"X\"].T / m, \"b1\": dZ1.sum(axis=1, keepdims=True) / m,\n"
         "        \"W2\": dZ2 @ cache[\"A1\"].T / m, \"b2\": dZ2.sum(axis=1, keepdims=True) / m}"),
        ("sign error: Y - A2",
         "m = Y.shape[1]\n"
         "dZ2 = Y - cache[\"A2\"]\n" + _Q3_TAIL),
        ("bias gradients summed over the wrong axis",
         "m = Y.shape[1]\n"
         "dZ2 = cache[\"A2\"] - Y\n"
         "dZ1 = (params[\"W2\"].T @ dZ2) * (cache[\"Z1\"] > 0)\n"
         "return {\"W1\": dZ1 @ cache[\"X\"].T / m, \"b1\": dZ1.sum(axis=0, keepdims=True) / m,\n"
         "        \"W2\": dZ2 @ cache[\"A1\"].T / m, \"b2\": dZ2.sum(axis=0, keepdims=True) / m}"),
        ("dZ2 computed in place: the cached A2 is overwritten",
         "m = Y.shape[1]\n"
         "dZ2 = cache[\"A2\"]\n"
         "dZ2 -= Y\n" + _Q3_TAIL),
        ("m taken from the wrong axis of Y (always 1)",
         "m = Y.shape[0]\n"
         "dZ2 = cache[\"A2\"] - Y\n" + _Q3_TAIL),
        ("ReLU's derivative taken as 1 at exactly 0 (Z1 >= 0)",
         "m = Y.shape[1]\n"
         "dZ2 = cache[\"A2\"] - Y\n" + _Q3_TAIL.replace("> 0)", ">= 0)")),
        ("np.heaviside(Z1, 1.0): a step that is 1 at exactly 0",
         "m = Y.shape[1]\n"
         "dZ2 = cache[\"A2\"] - Y\n"
         + _Q3_TAIL.replace("(cache[\"Z1\"] > 0)", "np.heaviside(cache[\"Z1\"], 1.0)")),
    ],
    "q4": [
        ("steps uphill (+ instead of -)",
         "return {name: value + lr * grads[name] for name, value in params.items()}"),
        ("updates the weights only, not the biases",
         "return {name: value - lr * grads[name] if name.startswith(\"W\") else value\n"
         "        for name, value in params.items()}"),
        ("hard-codes the names of a two-layer network",
         "names = (\"W1\", \"b1\", \"W2\", \"b2\")\n"
         "return {name: params[name] - lr * grads[name] for name in names}"),
        ("updates the caller's arrays in place",
         "for name in params:\n"
         "    params[name] -= lr * grads[name]\n"
         "return params"),
        ("a shallow copy of the dict: its arrays are still the caller's",
         "new = dict(params)\n"
         "for name in new:\n"
         "    new[name] -= lr * grads[name]\n"
         "return new"),
    ],
    "q5": [
        ("thresholds the score Z2 at 0.5 instead of the probability",
         "_, cache = forward(X, params)\n"
         "return (cache[\"Z2\"][0] > 0.5).astype(int)"),
        ("returns the probabilities, not classes",
         "A2, _ = forward(X, params)\n"
         "return A2[0]"),
        ("keeps the (1, m) shape",
         "A2, _ = forward(X, params)\n"
         "return (A2 > 0.5).astype(int)"),
        ("argmax over the single output row, as for softmax",
         "A2, _ = forward(X, params)\n"
         "return A2.argmax(axis=0)"),
        ("counts a probability of exactly 0.5 as class 1",
         "A2, _ = forward(X, params)\n"
         "return (A2[0] >= 0.5).astype(int)"),
        ("returns booleans, not integers",
         "A2, _ = forward(X, params)\n"
         "return A2[0] > 0.5"),
    ],
    "q6": [
        ("He's normal distribution instead of a uniform one",
         "return rng.normal(0.0, math.sqrt(2 / n_in), size=(n_out, n_in))"),
        ("r = sqrt(2 / n_in): the variance is a third of He's",
         "r = math.sqrt(2 / n_in)\n"
         "return rng.uniform(-r, r, size=(n_out, n_in))"),
        ("Xavier's uniform bound sqrt(6 / (n_in + n_out))",
         "r = math.sqrt(6 / (n_in + n_out))\n"
         "return rng.uniform(-r, r, size=(n_out, n_in))"),
        ("PyTorch's default bound 1 / sqrt(n_in)",
         "r = 1 / math.sqrt(n_in)\n"
         "return rng.uniform(-r, r, size=(n_out, n_in))"),
        ("rows convention: shape (n_in, n_out)",
         "r = math.sqrt(6 / n_in)\n"
         "return rng.uniform(-r, r, size=(n_in, n_out))"),
        ("NumPy's global np.random.uniform, which the question does not allow",
         "r = math.sqrt(6 / n_in)\n"
         "return np.random.uniform(-r, r, size=(n_out, n_in))"),
        ("a new generator with a fixed seed: ignores the one it is given",
         "r = math.sqrt(6 / n_in)\n"
         "return np.random.default_rng(0).uniform(-r, r, size=(n_out, n_in))"),
        ("uniform on [0, r]: all weights positive",
         "r = math.sqrt(6 / n_in)\n"
         "return rng.uniform(0, r, size=(n_out, n_in))"),
    ],
    "q7": [
        ("forward differences instead of central ones",
         "base = loss_fn(params)\n"
         "errors = {}\n"
         "for name, P in params.items():\n"
         "    n = np.zeros(P.shape)\n"
         "    for i in range(P.size):\n"
         "        work = {k: v.copy() for k, v in params.items()}\n"
         "        work[name].flat[i] += h\n"
         "        n.flat[i] = (loss_fn(work) - base) / h\n"
         "    size = np.linalg.norm(grads[name]) + np.linalg.norm(n)\n"
         "    errors[name] = 0.0 if size == 0 else np.linalg.norm(grads[name] - n) / size\n"
         "return errors"),
        ("nudges the caller's arrays and moves them back with += and -=: not exactly back",
         "errors = {}\n"
         "for name, P in params.items():\n"
         "    n = np.zeros(P.shape)\n"
         "    for i in range(P.size):\n"
         "        P.flat[i] += h\n"
         "        plus = loss_fn(params)\n"
         "        P.flat[i] -= 2 * h\n"
         "        minus = loss_fn(params)\n"
         "        P.flat[i] += h\n"
         "        n.flat[i] = (plus - minus) / (2 * h)\n"
         "    size = np.linalg.norm(grads[name]) + np.linalg.norm(n)\n"
         "    errors[name] = 0.0 if size == 0 else np.linalg.norm(grads[name] - n) / size\n"
         "return errors"),
        ("ignores the h it is given (always 1e-5)",
         "step = 1e-5\n"
         "errors = {}\n"
         "for name, P in params.items():\n"
         "    n = np.zeros(P.shape)\n"
         "    for i in range(P.size):\n"
         "        plus = {k: v.copy() for k, v in params.items()}\n"
         "        minus = {k: v.copy() for k, v in params.items()}\n"
         "        plus[name].flat[i] += step\n"
         "        minus[name].flat[i] -= step\n"
         "        n.flat[i] = (loss_fn(plus) - loss_fn(minus)) / (2 * step)\n"
         "    size = np.linalg.norm(grads[name]) + np.linalg.norm(n)\n"
         "    errors[name] = 0.0 if size == 0 else np.linalg.norm(grads[name] - n) / size\n"
         "return errors"),
        ("pairs params and grads by position, not by name",
         "errors = {}\n"
         "for (name, P), g in zip(params.items(), grads.values()):\n"
         "    n = np.zeros(P.shape)\n"
         "    for i in range(P.size):\n"
         "        plus = {k: v.copy() for k, v in params.items()}\n"
         "        minus = {k: v.copy() for k, v in params.items()}\n"
         "        plus[name].flat[i] += h\n"
         "        minus[name].flat[i] -= h\n"
         "        n.flat[i] = (loss_fn(plus) - loss_fn(minus)) / (2 * h)\n"
         "    size = np.linalg.norm(g) + np.linalg.norm(n)\n"
         "    errors[name] = 0.0 if size == 0 else np.linalg.norm(g - n) / size\n"
         "return errors"),
        ("divides by the numerical gradient's norm only",
         "errors = {}\n"
         "for name, P in params.items():\n"
         "    n = np.zeros(P.shape)\n"
         "    for i in range(P.size):\n"
         "        plus = {k: v.copy() for k, v in params.items()}\n"
         "        minus = {k: v.copy() for k, v in params.items()}\n"
         "        plus[name].flat[i] += h\n"
         "        minus[name].flat[i] -= h\n"
         "        n.flat[i] = (loss_fn(plus) - loss_fn(minus)) / (2 * h)\n"
         "    size = np.linalg.norm(n)\n"
         "    errors[name] = 0.0 if size == 0 else np.linalg.norm(grads[name] - n) / size\n"
         "return errors"),
        ("no special case when both gradients are 0: nan",
         "errors = {}\n"
         "for name, P in params.items():\n"
         "    n = np.zeros(P.shape)\n"
         "    for i in range(P.size):\n"
         "        plus = {k: v.copy() for k, v in params.items()}\n"
         "        minus = {k: v.copy() for k, v in params.items()}\n"
         "        plus[name].flat[i] += h\n"
         "        minus[name].flat[i] -= h\n"
         "        n.flat[i] = (loss_fn(plus) - loss_fn(minus)) / (2 * h)\n"
         "    with np.errstate(invalid=\"ignore\"):\n"
         "        errors[name] = float(np.linalg.norm(grads[name] - n)\n"
         "                             / (np.linalg.norm(grads[name]) + np.linalg.norm(n)))\n"
         "return errors"),
        ("one relative error for all parameters together (the chapter's), not one each",
         "g, n = [], []\n"
         "for name, P in params.items():\n"
         "    for i in range(P.size):\n"
         "        plus = {k: v.copy() for k, v in params.items()}\n"
         "        minus = {k: v.copy() for k, v in params.items()}\n"
         "        plus[name].flat[i] += h\n"
         "        minus[name].flat[i] -= h\n"
         "        n.append((loss_fn(plus) - loss_fn(minus)) / (2 * h))\n"
         "        g.append(grads[name].flat[i])\n"
         "g, n = np.array(g), np.array(n)\n"
         "size = np.linalg.norm(g) + np.linalg.norm(n)\n"
         "error = 0.0 if size == 0 else float(np.linalg.norm(g - n) / size)\n"
         "return {name: error for name in params}"),
        ("0.0 whenever the analytic gradient is zero: a forgotten gradient passes",
         "errors = {}\n"
         "for name, P in params.items():\n"
         "    n = np.zeros(P.shape)\n"
         "    for i in range(P.size):\n"
         "        plus = {k: v.copy() for k, v in params.items()}\n"
         "        minus = {k: v.copy() for k, v in params.items()}\n"
         "        plus[name].flat[i] += h\n"
         "        minus[name].flat[i] -= h\n"
         "        n.flat[i] = (loss_fn(plus) - loss_fn(minus)) / (2 * h)\n"
         "    g = grads[name]\n"
         "    errors[name] = (0.0 if not np.any(g) else\n"
         "                    float(np.linalg.norm(g - n) / (np.linalg.norm(g)\n"
         "                                                   + np.linalg.norm(n))))\n"
         "return errors"),
        ("0.0 whenever the numerical gradient is zero: a gradient for an unused parameter "
         "passes",
         "errors = {}\n"
         "for name, P in params.items():\n"
         "    n = np.zeros(P.shape)\n"
         "    for i in range(P.size):\n"
         "        plus = {k: v.copy() for k, v in params.items()}\n"
         "        minus = {k: v.copy() for k, v in params.items()}\n"
         "        plus[name].flat[i] += h\n"
         "        minus[name].flat[i] -= h\n"
         "        n.flat[i] = (loss_fn(plus) - loss_fn(minus)) / (2 * h)\n"
         "    g = grads[name]\n"
         "    errors[name] = (0.0 if np.linalg.norm(n) == 0 else\n"
         "                    float(np.linalg.norm(g - n) / (np.linalg.norm(g)\n"
         "                                                   + np.linalg.norm(n))))\n"
         "return errors"),
        ("the largest absolute difference instead of the relative error",
         "errors = {}\n"
         "for name, P in params.items():\n"
         "    n = np.zeros(P.shape)\n"
         "    for i in range(P.size):\n"
         "        plus = {k: v.copy() for k, v in params.items()}\n"
         "        minus = {k: v.copy() for k, v in params.items()}\n"
         "        plus[name].flat[i] += h\n"
         "        minus[name].flat[i] -= h\n"
         "        n.flat[i] = (loss_fn(plus) - loss_fn(minus)) / (2 * h)\n"
         "    errors[name] = float(np.max(np.abs(grads[name] - n)))\n"
         "return errors"),
    ],
    "q8": [
        ("only two layers: the chapter's mlp_backward",
         "m = X.shape[1]\n"
         "Z1 = params[\"W1\"] @ X + params[\"b1\"]\n"
         "A1 = relu(Z1)\n"
         "A = params[\"W2\"] @ A1 + params[\"b2\"]\n"
         "layers = [(X, Z1), (A1, A)]\n"
         "L = 2\n" + _Q8_SOFTMAX + _Q8_BACKWARD),
        ("one-hot with largest label + 1 classes: breaks when a class is absent",
         _Q8_FORWARD +
         "shifted = A - A.max(axis=0, keepdims=True)\n"
         "P = np.exp(shifted) / np.exp(shifted).sum(axis=0, keepdims=True)\n"
         "Y = np.eye(y.max() + 1)[:, y]\n"
         "loss = -np.mean(np.sum(Y * np.log(P), axis=0))\n"
         "dZ = P - Y\n" + _Q8_BACKWARD),
        ("softmax without subtracting the largest score: nan for huge scores",
         _Q8_FORWARD +
         "P = np.exp(A) / np.exp(A).sum(axis=0, keepdims=True)\n"
         "columns = np.arange(m)\n"
         "loss = -np.log(P[y, columns]).mean()\n"
         "dZ = P.copy()\n"
         "dZ[y, columns] -= 1\n" + _Q8_BACKWARD),
        ("ReLU's derivative taken as 1 at exactly 0",
         _Q8_FORWARD + _Q8_SOFTMAX + _Q8_BACKWARD.replace("[1] > 0)", "[1] >= 0)")),
        ("forgets the 1/m of the mean in the gradients",
         _Q8_FORWARD + _Q8_SOFTMAX + _Q8_BACKWARD.replace(" / m\n", "\n")),
        ("a ReLU after the last layer too",
         _Q8_FORWARD.replace("relu(Z) if k < L else Z", "relu(Z)") + _Q8_SOFTMAX
         + _Q8_BACKWARD),
        ("the ReLU mask of the layer itself, not of the layer below",
         _Q8_FORWARD + _Q8_SOFTMAX + _Q8_BACKWARD.replace("layers[k - 2][1]",
                                                          "layers[k - 1][1]")),
        ("the summed loss instead of the mean",
         _Q8_FORWARD + _Q8_SOFTMAX.replace("loss = -log_P[y, columns].mean()",
                                           "loss = -log_P[y, columns].sum()")
         + _Q8_BACKWARD),
    ],
    "q9": [
        ("each parent gets its own value instead of the other's",
         _mul("    self.grad += self.data * grad\n"
              "    other.grad += other.data * grad\n")),
        ("= instead of +=: a value used twice keeps only one contribution",
         _mul("    self.grad = other.data * grad\n"
              "    other.grad = self.data * grad\n")),
        ("forgets the incoming gradient (no chain rule)",
         _mul("    self.grad += other.data\n"
              "    other.grad += self.data\n")),
        ("does not wrap plain numbers",
         _mul("    self.grad += other.data * grad\n"
              "    other.grad += self.data * grad\n", wrap=False)),
        ("never attaches the backward rule",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "return Value(self.data * other.data, (self, other), \"*\")"),
        ("leaves other out of the parents: a product on the right is never visited",
         _mul("    self.grad += other.data * grad\n"
              "    other.grad += self.data * grad\n", parents="(self,)")),
        ("local derivatives as out / self: divides by a zero factor",
         _mul("    self.grad += out.data / self.data * grad\n"
              "    other.grad += out.data / other.data * grad\n")),
    ],
    "q10": [
        ("sign error in the denominator's derivative: +a/b**2",
         _div("    self.grad += grad / other.data\n"
              "    other.grad += self.data / other.data**2 * grad\n")),
        ("the denominator's derivative without a: -1/b**2",
         _div("    self.grad += grad / other.data\n"
              "    other.grad += -1 / other.data**2 * grad\n")),
        ("= instead of +=: a / a keeps only one contribution",
         _div("    self.grad = grad / other.data\n"
              "    other.grad = -self.data / other.data**2 * grad\n")),
        ("forgets the incoming gradient",
         _div("    self.grad += 1 / other.data\n"
              "    other.grad += -self.data / other.data**2\n")),
        ("does not wrap plain numbers",
         _div("    self.grad += grad / other.data\n"
              "    other.grad += -self.data / other.data**2 * grad\n", wrap=False)),
        ("leaves the denominator out of the parents",
         _div("    self.grad += grad / other.data\n"
              "    other.grad += -self.data / other.data**2 * grad\n", parents="(self,)")),
        ("the rule of multiplication: each parent gets the other's value",
         _div("    self.grad += other.data * grad\n"
              "    other.grad += self.data * grad\n")),
        ("the numerator's derivative as out / a: fails for a = 0",
         _div("    self.grad += out.data / self.data * grad\n"
              "    other.grad += -out.data / other.data * grad\n")),
        ("two nodes: a reciprocal node for 1/b, then the product",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "inverse = Value(1 / other.data, (other,), \"1/x\")\n"
         "def _inverse_backward(grad):\n"
         "    other.grad += -1 / other.data**2 * grad\n"
         "inverse._backward = _inverse_backward\n"
         "return mul(self, inverse)"),
        ("multiplies by a constant 1/b: b is not in the graph",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "return self * (1 / other.data)"),
    ],
    "q11": [
        ("the loss from math.exp of the raw scores: OverflowError for a score of 1000",
         _ce("exps = [math.exp(s.data) for s in scores]\n"
             "total = sum(exps)\n"
             "loss = math.log(total) - scores[label].data\n", _CE_RULE)),
        ("shifts by the label's score instead of the largest: overflows when another is far "
         "above",
         _ce("exps = [math.exp(s.data - scores[label].data) for s in scores]\n"
             "total = sum(exps)\n"
             "loss = math.log(total)\n", _CE_RULE)),
        ("NumPy without the shift: an overflow warning for huge scores",
         _ce("values = np.array([s.data for s in scores])\n"
             "exps = np.exp(values)\n"
             "total = exps.sum()\n"
             "loss = float(np.log(total) - values[label])\n", _CE_RULE)),
        ("sign error in the rule: one-hot minus the probability",
         _ce(_CE_STABLE, "        s.grad += ((k == label) - exps[k] / total) * grad\n")),
        ("= instead of +=: a repeated score keeps only one contribution",
         _ce(_CE_STABLE, "        s.grad = (exps[k] / total - (k == label)) * grad\n")),
        ("forgets the incoming gradient",
         _ce(_CE_STABLE, "        s.grad += exps[k] / total - (k == label)\n")),
        ("gradient to the label's score only: forgets that every score is in the sum",
         _ce(_CE_STABLE, "        s.grad += (exps[k] / total - 1) * grad if k == label "
                         "else 0.0\n")),
        ("forgets to add the largest score back into the loss",
         _ce("top = max(s.data for s in scores)\n"
             "exps = [math.exp(s.data - top) for s in scores]\n"
             "total = sum(exps)\n"
             "loss = math.log(total) - scores[label].data\n", _CE_RULE)),
        ("only the label's score as a parent: the node is not linked to the others",
         _ce(_CE_STABLE, _CE_RULE, parents="(scores[label],)")),
        ("loops over set(scores): a repeated score gets one contribution",
         _CE_STABLE
         + "out = Value(loss, tuple(set(scores)), \"CE\")\n"
           "def _backward(grad):\n"
           "    for s in set(scores):\n"
           "        p = math.exp(s.data - top) / total\n"
           "        s.grad += (p - (s is scores[label])) * grad\n"
           "out._backward = _backward\n"
           "return out"),
        ("sorts the caller's list to find the largest score",
         "scores.sort(key=lambda s: s.data)\n"
         "top = scores[-1].data\n"
         "exps = [math.exp(s.data - top) for s in scores]\n"
         "total = sum(exps)\n"
         "loss = top + math.log(total) - scores[label].data\n"
         "out = Value(loss, tuple(scores), \"CE\")\n"
         "def _backward(grad):\n"
         "    for k, s in enumerate(scores):\n" + _CE_RULE
         + "out._backward = _backward\nreturn out"),
    ],
}
