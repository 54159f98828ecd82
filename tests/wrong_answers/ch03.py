"""Plausible wrong answers to the Chapter 3 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

WRONG_ANSWERS = {
    "q1": [
        ("applies the output form a(1 - a) to the input z",
         "return z * (1 - z)"),
        ("uses tanh's derivative rule, 1 - s**2",
         "return 1 - sigmoid(z) ** 2"),
        ("mixes output and input: s(1 - z)",
         "s = sigmoid(z)\n"
         "return s * (1 - z)"),
        ("forgets to square the denominator of e^-z / (1 + e^-z)^2",
         "return np.exp(-z) / (1 + np.exp(-z))"),
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
         "dZ2 = Y - cache[\"A2\"]\n"
         "dZ1 = (params[\"W2\"].T @ dZ2) * (cache[\"Z1\"] > 0)\n"
         "return {\"W1\": dZ1 @ cache[\"X\"].T / m, \"b1\": dZ1.sum(axis=1, keepdims=True) / m,\n"
         "        \"W2\": dZ2 @ cache[\"A1\"].T / m, \"b2\": dZ2.sum(axis=1, keepdims=True) / m}"),
        ("bias gradients summed over the wrong axis",
         "m = Y.shape[1]\n"
         "dZ2 = cache[\"A2\"] - Y\n"
         "dZ1 = (params[\"W2\"].T @ dZ2) * (cache[\"Z1\"] > 0)\n"
         "return {\"W1\": dZ1 @ cache[\"X\"].T / m, \"b1\": dZ1.sum(axis=0, keepdims=True) / m,\n"
         "        \"W2\": dZ2 @ cache[\"A1\"].T / m, \"b2\": dZ2.sum(axis=0, keepdims=True) / m}"),
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
    ],
    "q5": [
        ("variance 2/n_in passed as the standard deviation",
         "return rng.normal(0.0, 2 / n_in, size=(n_out, n_in))"),
        ("LeCun's scale sqrt(1/n_in)",
         "return rng.normal(0.0, math.sqrt(1 / n_in), size=(n_out, n_in))"),
        ("Xavier's scale sqrt(2/(n_in + n_out))",
         "return rng.normal(0.0, math.sqrt(2 / (n_in + n_out)), size=(n_out, n_in))"),
        ("rows convention: shape (n_in, n_out)",
         "return rng.normal(0.0, math.sqrt(2 / n_in), size=(n_in, n_out))"),
        ("uniform(+-sqrt(2/n_in)), whose variance is a third of He's",
         "bound = math.sqrt(2 / n_in)\n"
         "return rng.uniform(-bound, bound, size=(n_out, n_in))"),
        ("ignores the given generator",
         "return np.random.normal(0.0, math.sqrt(2 / n_in), size=(n_out, n_in))"),
    ],
    "q6": [
        ("each parent gets its own value instead of the other's",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "out = Value(self.data * other.data, (self, other), \"*\")\n"
         "def _backward(grad):\n"
         "    self.grad += self.data * grad\n"
         "    other.grad += other.data * grad\n"
         "out._backward = _backward\n"
         "return out"),
        ("= instead of +=: a value used twice keeps only one contribution",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "out = Value(self.data * other.data, (self, other), \"*\")\n"
         "def _backward(grad):\n"
         "    self.grad = other.data * grad\n"
         "    other.grad = self.data * grad\n"
         "out._backward = _backward\n"
         "return out"),
        ("forgets the incoming gradient (no chain rule)",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "out = Value(self.data * other.data, (self, other), \"*\")\n"
         "def _backward(grad):\n"
         "    self.grad += other.data\n"
         "    other.grad += self.data\n"
         "out._backward = _backward\n"
         "return out"),
        ("does not wrap plain numbers",
         "out = Value(self.data * other.data, (self, other), \"*\")\n"
         "def _backward(grad):\n"
         "    self.grad += other.data * grad\n"
         "    other.grad += self.data * grad\n"
         "out._backward = _backward\n"
         "return out"),
        ("never attaches the backward rule",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "return Value(self.data * other.data, (self, other), \"*\")"),
        ("leaves other out of the parents: a product on the right is never visited",
         "other = other if isinstance(other, Value) else Value(other)\n"
         "out = Value(self.data * other.data, (self,), \"*\")\n"
         "def _backward(grad):\n"
         "    self.grad += other.data * grad\n"
         "    other.grad += self.data * grad\n"
         "out._backward = _backward\n"
         "return out"),
    ],
    "q7": [
        ("derivative from the input: 1 - x**2",
         "out = Value(math.tanh(self.data), (self,), \"tanh\")\n"
         "def _backward(grad):\n"
         "    self.grad += (1 - self.data**2) * grad\n"
         "out._backward = _backward\n"
         "return out"),
        ("forgets the square: 1 - tanh(x)",
         "t = math.tanh(self.data)\n"
         "out = Value(t, (self,), \"tanh\")\n"
         "def _backward(grad):\n"
         "    self.grad += (1 - t) * grad\n"
         "out._backward = _backward\n"
         "return out"),
        ("= instead of +=",
         "t = math.tanh(self.data)\n"
         "out = Value(t, (self,), \"tanh\")\n"
         "def _backward(grad):\n"
         "    self.grad = (1 - t**2) * grad\n"
         "out._backward = _backward\n"
         "return out"),
        ("forgets the incoming gradient",
         "t = math.tanh(self.data)\n"
         "out = Value(t, (self,), \"tanh\")\n"
         "def _backward(grad):\n"
         "    self.grad += 1 - t**2\n"
         "out._backward = _backward\n"
         "return out"),
    ],
    "q8": [
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
    ],
}
