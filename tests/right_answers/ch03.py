"""Right answers to the Chapter 3 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("tanh form: sigma'(z) = (1 - tanh(z/2)**2) / 4",
         "t = np.tanh(np.asarray(z) / 2)\n"
         "return (1 - t**2) / 4"),
        ("a stable sigmoid from exp(-|z|), then s (1 - s)",
         "e = np.exp(-np.abs(z))\n"
         "s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n"
         "return s * (1 - s)"),
        ("exp of -|z| under its own np.errstate(over=\"raise\")",
         "with np.errstate(over=\"raise\"):\n"
         "    e = np.exp(-np.abs(np.asarray(z, dtype=float)))\n"
         "return e / (1 + e) ** 2"),
        ("the chapter's sigmoid on z clipped to [-500, 500]",
         "s = sigmoid(np.clip(z, -500, 500))\n"
         "return s * (1 - s)"),
    ],
    "q2": [
        ("np.dot, np.where for the ReLU, the sigmoid written out",
         "Z1 = np.dot(params[\"W1\"], X) + params[\"b1\"]\n"
         "A1 = np.where(Z1 > 0, Z1, 0.0)\n"
         "Z2 = np.dot(params[\"W2\"], A1) + params[\"b2\"]\n"
         "A2 = 1 / (1 + np.exp(-Z2))\n"
         "cache = dict(X=X, Z1=Z1, A1=A1, Z2=Z2, A2=A2)\n"
         "return A2, cache"),
        ("ReLU as Z1 * (Z1 > 0), sigmoid through tanh, the cache built step by step",
         "cache = {\"X\": X}\n"
         "cache[\"Z1\"] = params[\"W1\"] @ X + params[\"b1\"]\n"
         "cache[\"A1\"] = cache[\"Z1\"] * (cache[\"Z1\"] > 0)\n"
         "cache[\"Z2\"] = params[\"W2\"] @ cache[\"A1\"] + params[\"b2\"]\n"
         "cache[\"A2\"] = 0.5 * (1 + np.tanh(cache[\"Z2\"] / 2))\n"
         "return cache[\"A2\"], cache"),
        ("the pair returned as a list [A2, cache]",
         "Z1 = params[\"W1\"] @ X + params[\"b1\"]\n"
         "A1 = relu(Z1)\n"
         "Z2 = params[\"W2\"] @ A1 + params[\"b2\"]\n"
         "A2 = sigmoid(Z2)\n"
         "return [A2, {\"X\": X, \"Z1\": Z1, \"A1\": A1, \"Z2\": Z2, \"A2\": A2}]"),
    ],
    "q3": [
        ("np.mean for the biases and the mask from A1 > 0",
         "dZ2 = cache[\"A2\"] - Y\n"
         "dZ1 = (params[\"W2\"].T @ dZ2) * (cache[\"A1\"] > 0)\n"
         "return {\"W2\": dZ2 @ cache[\"A1\"].T / Y.shape[1],\n"
         "        \"b2\": np.mean(dZ2, axis=1, keepdims=True),\n"
         "        \"W1\": dZ1 @ cache[\"X\"].T / Y.shape[1],\n"
         "        \"b1\": np.mean(dZ1, axis=1, keepdims=True)}"),
        ("one example at a time, outer products averaged",
         "m = Y.shape[1]\n"
         "grads = {name: np.zeros_like(value) for name, value in params.items()}\n"
         "for i in range(m):\n"
         "    dz2 = cache[\"A2\"][:, [i]] - Y[:, [i]]\n"
         "    dz1 = (params[\"W2\"].T @ dz2) * np.where(cache[\"Z1\"][:, [i]] > 0, 1.0, 0.0)\n"
         "    grads[\"W2\"] += np.outer(dz2, cache[\"A1\"][:, i]) / m\n"
         "    grads[\"b2\"] += dz2 / m\n"
         "    grads[\"W1\"] += np.outer(dz1, cache[\"X\"][:, i]) / m\n"
         "    grads[\"b1\"] += dz1 / m\n"
         "return grads"),
        ("np.einsum for the weight gradients",
         "m = Y.shape[1]\n"
         "dZ2 = cache[\"A2\"] - Y\n"
         "dZ1 = np.einsum(\"ji,jk->ik\", params[\"W2\"], dZ2) * (cache[\"Z1\"] > 0)\n"
         "return {\"W1\": np.einsum(\"ik,jk->ij\", dZ1, cache[\"X\"]) / m,\n"
         "        \"b1\": dZ1.sum(axis=1)[:, None] / m,\n"
         "        \"W2\": np.einsum(\"ik,jk->ij\", dZ2, cache[\"A1\"]) / m,\n"
         "        \"b2\": dZ2.sum(axis=1)[:, None] / m}"),
    ],
    "q4": [
        ("copies each array, then updates the copy in place",
         "new = {}\n"
         "for name, value in params.items():\n"
         "    new[name] = value.copy()\n"
         "    new[name] -= lr * grads[name]\n"
         "return new"),
        ("np.subtract and np.multiply over the keys",
         "return {k: np.subtract(params[k], np.multiply(lr, grads[k])) for k in params}"),
    ],
    "q5": [
        ("np.round: round half to even sends 0.5 to 0",
         "A2, _ = forward(X, params)\n"
         "return np.round(A2.ravel()).astype(np.int64)"),
        ("the score: probability above 0.5 when Z2 > 0",
         "_, cache = forward(X, params)\n"
         "return np.where(cache[\"Z2\"][0] > 0, 1, 0)"),
        ("a loop over the columns",
         "A2, _ = forward(X, params)\n"
         "return np.array([1 if p > 0.5 else 0 for p in A2[0]])"),
    ],
    "q6": [
        ("rng.random scaled from [0, 1) to [-r, r)",
         "r = np.sqrt(6 / n_in)\n"
         "return (2 * rng.random((n_out, n_in)) - 1) * r"),
        ("keywords, a list for the size, and the bound from 3 x the variance",
         "variance = 2 / n_in\n"
         "r = math.sqrt(3 * variance)\n"
         "return rng.uniform(low=-r, high=r, size=[n_out, n_in])"),
        ("drawn as (n_in, n_out) and transposed",
         "r = math.sqrt(6 / n_in)\n"
         "return rng.uniform(-r, r, size=(n_in, n_out)).T"),
    ],
    "q7": [
        ("nudges the caller's arrays in place, puts each value back exactly, loops by name",
         "errors = {}\n"
         "for name in sorted(params):\n"
         "    P = params[name]\n"
         "    n = np.zeros_like(P, dtype=float)\n"
         "    for i in range(P.size):\n"
         "        original = P.flat[i]\n"
         "        P.flat[i] = original + h\n"
         "        plus = loss_fn(params)\n"
         "        P.flat[i] = original - h\n"
         "        minus = loss_fn(params)\n"
         "        P.flat[i] = original\n"
         "        n.flat[i] = (plus - minus) / (2 * h)\n"
         "    g = grads[name]\n"
         "    if not np.any(g) and not np.any(n):\n"
         "        errors[name] = 0.0\n"
         "    else:\n"
         "        errors[name] = np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n))\n"
         "return errors"),
        ("np.ndindex and fresh dict copies, a gradient dict first, then the errors",
         "numeric = {}\n"
         "for name, P in params.items():\n"
         "    G = np.zeros(P.shape)\n"
         "    for index in np.ndindex(P.shape):\n"
         "        up = {k: v.copy() for k, v in params.items()}\n"
         "        down = {k: v.copy() for k, v in params.items()}\n"
         "        up[name][index] += h\n"
         "        down[name][index] -= h\n"
         "        G[index] = (loss_fn(up) - loss_fn(down)) / (2 * h)\n"
         "    numeric[name] = G\n"
         "result = {}\n"
         "for name in params:\n"
         "    g, n = np.ravel(grads[name]), numeric[name].ravel()\n"
         "    top = np.sqrt(np.sum((g - n) ** 2))\n"
         "    bottom = np.sqrt(np.sum(g**2)) + np.sqrt(np.sum(n**2))\n"
         "    result[name] = float(top / bottom) if bottom > 0 else 0.0\n"
         "return result"),
    ],
    "q8": [
        ("an explicit one-hot matrix, a list of activations and the mask from A > 0",
         "L = len(params) // 2\n"
         "m = X.shape[1]\n"
         "activations = [X]\n"
         "for k in range(1, L):\n"
         "    activations.append(relu(params[f\"W{k}\"] @ activations[-1] + params[f\"b{k}\"]))\n"
         "scores = params[f\"W{L}\"] @ activations[-1] + params[f\"b{L}\"]\n"
         "K = params[f\"W{L}\"].shape[0]\n"
         "Y = np.zeros((K, m))\n"
         "Y[y, np.arange(m)] = 1\n"
         "top = scores.max(axis=0, keepdims=True)\n"
         "log_sum = top + np.log(np.sum(np.exp(scores - top), axis=0, keepdims=True))\n"
         "loss = np.mean(np.sum(Y * (log_sum - scores), axis=0))\n"
         "dZ = np.exp(scores - log_sum) - Y\n"
         "grads = {}\n"
         "for k in range(L, 0, -1):\n"
         "    grads[f\"W{k}\"] = dZ @ activations[k - 1].T / m\n"
         "    grads[f\"b{k}\"] = np.mean(dZ, axis=1, keepdims=True)\n"
         "    dZ = (params[f\"W{k}\"].T @ dZ) * (activations[k - 1] > 0)\n"
         "return loss, grads"),
        ("scipy's logsumexp and a while loop, gradients gathered in a list",
         "from scipy.special import logsumexp\n"
         "n_layers = len(params) // 2\n"
         "A, inputs, pre = X, [], []\n"
         "layer = 1\n"
         "while layer <= n_layers:\n"
         "    inputs.append(A)\n"
         "    Z = params[\"W\" + str(layer)] @ A + params[\"b\" + str(layer)]\n"
         "    pre.append(Z)\n"
         "    A = np.maximum(Z, 0.0) if layer < n_layers else Z\n"
         "    layer += 1\n"
         "log_P = A - logsumexp(A, axis=0, keepdims=True)\n"
         "picked = log_P[y, np.arange(len(y))]\n"
         "dZ = np.exp(log_P)\n"
         "np.add.at(dZ, (y, np.arange(len(y))), -1.0)\n"
         "dZ = dZ / len(y)\n"
         "found = []\n"
         "for layer in range(n_layers, 0, -1):\n"
         "    found.append((\"W\" + str(layer), dZ @ inputs[layer - 1].T))\n"
         "    found.append((\"b\" + str(layer), dZ.sum(axis=1, keepdims=True)))\n"
         "    if layer > 1:\n"
         "        dZ = (params[\"W\" + str(layer)].T @ dZ) * (pre[layer - 2] > 0)\n"
         "return -float(np.mean(picked)), dict(found)"),
        ("the pair returned as a list [loss, grads]",
         "L, m = len(params) // 2, X.shape[1]\n"
         "A, layers = X, []\n"
         "for k in range(1, L + 1):\n"
         "    Z = params[f\"W{k}\"] @ A + params[f\"b{k}\"]\n"
         "    layers.append((A, Z))\n"
         "    A = relu(Z) if k < L else Z\n"
         "shifted = A - A.max(axis=0, keepdims=True)\n"
         "log_P = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))\n"
         "loss = -log_P[y, np.arange(m)].mean()\n"
         "dZ = np.exp(log_P)\n"
         "dZ[y, np.arange(m)] -= 1\n"
         "grads = {}\n"
         "for k in range(L, 0, -1):\n"
         "    grads[f\"W{k}\"] = dZ @ layers[k - 1][0].T / m\n"
         "    grads[f\"b{k}\"] = dZ.sum(axis=1, keepdims=True) / m\n"
         "    if k > 1:\n"
         "        dZ = (params[f\"W{k}\"].T @ dZ) * (layers[k - 2][1] > 0)\n"
         "return [float(loss), grads]"),
    ],
    "q9": [
        ("local derivatives computed before the closure",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "d_self, d_other = other.data, self.data\n"
         "out = Value(self.data * other.data, (self, other), \"mul\")\n"
         "def _backward(grad):\n"
         "    self.grad += d_self * grad\n"
         "    other.grad += d_other * grad\n"
         "out._backward = _backward\n"
         "return out"),
        ("checks for a number with isinstance(other, (int, float)), writes x = x + ...",
         "if isinstance(other, (int, float)):\n"
         "    other = Value(other)\n"
         "out = Value(self.data * other.data, parents=(self, other), op=\"*\")\n"
         "def _backward(g):\n"
         "    self.grad = self.grad + g * other.data\n"
         "    other.grad = other.grad + g * self.data\n"
         "out._backward = _backward\n"
         "return out"),
    ],
    "q10": [
        ("b's derivative from the output: -(a/b)/b",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "out = Value(self.data / other.data, (self, other), \"/\")\n"
         "def _backward(grad):\n"
         "    self.grad += grad / other.data\n"
         "    other.grad -= out.data / other.data * grad\n"
         "out._backward = _backward\n"
         "return out"),
        ("1/b computed once, the local derivatives stored first",
         "if not isinstance(other, Value):\n"
         "    other = Value(other)\n"
         "inverse = 1.0 / other.data\n"
         "d_self, d_other = inverse, -self.data * inverse * inverse\n"
         "out = Value(self.data * inverse, (self, other), \"div\")\n"
         "def _backward(grad):\n"
         "    self.grad += d_self * grad\n"
         "    other.grad += d_other * grad\n"
         "out._backward = _backward\n"
         "return out"),
    ],
    "q11": [
        ("scipy's logsumexp and NumPy probabilities, parents without repeats",
         "from scipy.special import logsumexp\n"
         "values = np.array([s.data for s in scores], dtype=float)\n"
         "log_sum = logsumexp(values)\n"
         "probabilities = np.exp(values - log_sum)\n"
         "out = Value(float(log_sum - values[label]), tuple(dict.fromkeys(scores)), \"ce\")\n"
         "def _backward(grad):\n"
         "    for k, s in enumerate(scores):\n"
         "        local = probabilities[k] - 1.0 if k == label else probabilities[k]\n"
         "        s.grad += float(local) * grad\n"
         "out._backward = _backward\n"
         "return out"),
        ("the probabilities worked out inside _backward, the max found with a loop",
         "top = scores[0].data\n"
         "for s in scores[1:]:\n"
         "    if s.data > top:\n"
         "        top = s.data\n"
         "total = 0.0\n"
         "for s in scores:\n"
         "    total += math.exp(s.data - top)\n"
         "out = Value(-(scores[label].data - top - math.log(total)), parents=tuple(scores))\n"
         "def _backward(grad):\n"
         "    for k in range(len(scores)):\n"
         "        p = math.exp(scores[k].data - top) / total\n"
         "        scores[k].grad = scores[k].grad + grad * (p - (1.0 if k == label else 0.0))\n"
         "out._backward = _backward\n"
         "return out"),
        ("log-softmax through math.fsum and a list of log-probabilities",
         "top = max(s.data for s in scores)\n"
         "log_total = top + math.log(math.fsum(math.exp(s.data - top) for s in scores))\n"
         "log_p = [s.data - log_total for s in scores]\n"
         "out = Value(-log_p[label], tuple(scores), \"-log softmax\")\n"
         "def _backward(grad):\n"
         "    for k, s in enumerate(scores):\n"
         "        s.grad += grad * math.exp(log_p[k])\n"
         "    scores[label].grad -= grad\n"
         "out._backward = _backward\n"
         "return out"),
    ],
}
