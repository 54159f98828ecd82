"""Tests of the Chapter 3 exercises (``solutions/03_from_scratch.md``).

Expected values come from reference code written here, independently of the notebook:
a forward pass, the loss, and central-difference gradients. Examples are columns, as in
the chapter. The ``Value`` questions build small graphs with the notebook's own class.
"""

from __future__ import annotations

import math

import numpy as np

from utils.grading.expect import as_array, assert_close, assert_integer
from utils.grading.namespace import NotAttempted
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch03", title="Chapter 3 exercises")

PARAM_NAMES = ("W1", "b1", "W2", "b2")
CACHE_NAMES = ("X", "Z1", "A1", "Z2", "A2")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(np.asarray(z, dtype=float) / 2))  # never overflows


def _forward(X: np.ndarray, p: dict) -> tuple[np.ndarray, dict]:
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = _sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _loss(X: np.ndarray, Y: np.ndarray, p: dict) -> float:
    A2 = _forward(X, p)[0]
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))


def _numerical_gradients(X: np.ndarray, Y: np.ndarray, p: dict, h: float = 1e-6) -> dict:
    grads = {}
    for name in PARAM_NAMES:
        G = np.zeros_like(p[name])
        for i in range(p[name].size):
            plus = {k: v.copy() for k, v in p.items()}
            minus = {k: v.copy() for k, v in p.items()}
            plus[name].flat[i] += h
            minus[name].flat[i] -= h
            G.flat[i] = (_loss(X, Y, plus) - _loss(X, Y, minus)) / (2 * h)
        grads[name] = G
    return grads


def _network(n0: int, n1: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray, dict]:
    """Random inputs (n0, m), labels (1, m) and parameters with non-zero biases."""
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(n1, n0)), "b1": rng.normal(size=(n1, 1)),
              "W2": rng.normal(size=(1, n1)) / math.sqrt(n1), "b2": rng.normal(size=(1, 1))}
    X = rng.normal(size=(n0, m))
    Y = rng.integers(0, 2, size=(1, m)).astype(float)
    Y[0, :2] = [0.0, 1.0][:m]  # both classes present
    return X, Y, params


# --- q1: the derivative of the sigmoid -----------------------------------------------------

ex.question("q1", "The derivative of the sigmoid", hints=[
    "Differentiate 1 / (1 + exp(-z)) with the chain rule, or look at the list of activation "
    "functions in the chapter.",
    "The derivative can be written with the sigmoid's own output: "
    "sigma'(z) = sigma(z) * (1 - sigma(z)).",
    "`z` is the input: compute s = sigmoid(z) first, then use s, not z, in the formula. "
    "Check: at z = 0, s = 0.5 and the derivative is 0.25.",
])


def _sigmoid_grad(z: np.ndarray) -> np.ndarray:
    s = _sigmoid(z)
    return s * (1 - s)


@ex.test("q1", points=1)
def sigmoid_grad_at_three_points(ns):
    """sigmoid_grad at -2, 0 and 2"""
    z = np.array([-2.0, 0.0, 2.0])
    assert_close(ns.function("sigmoid_grad")(z), _sigmoid_grad(z),
                 "sigmoid_grad(np.array([-2.0, 0.0, 2.0]))")


@ex.test("q1", points=1)
def sigmoid_grad_is_a_quarter_at_zero(ns):
    """its largest value, 0.25 at z = 0, for a plain number"""
    assert_close(ns.function("sigmoid_grad")(0.0), 0.25, "sigmoid_grad(0.0)")


@ex.test("q1", points=1, hidden=True)
def sigmoid_grad_of_a_matrix(ns):
    """a (3, 4) array of inputs between -6 and 6: same shape, right values"""
    z = np.random.default_rng(2).uniform(-6, 6, size=(3, 4))
    assert_close(ns.function("sigmoid_grad")(z), _sigmoid_grad(z), "sigmoid_grad(z) for z (3, 4)")


@ex.test("q1", points=1, hidden=True)
def sigmoid_grad_saturates(ns):
    """tiny and positive for large |z|: the saturated sigmoid"""
    z = np.array([-30.0, -10.0, 10.0, 30.0])
    got = as_array(ns.function("sigmoid_grad")(z), "sigmoid_grad([-30, -10, 10, 30])")
    assert_close(got, _sigmoid_grad(z), "sigmoid_grad([-30, -10, 10, 30])", rtol=1e-6, atol=1e-15)


# --- q2: the forward pass ------------------------------------------------------------------

ex.question("q2", "The forward pass", hints=[
    "Each layer is Z = W @ A_previous + b, then the activation: relu for layer 1, sigmoid for "
    "layer 2. With examples as columns, W comes first in the product.",
    "b has shape (n, 1) and is broadcast over the m columns; no transpose is needed anywhere.",
    "Return a pair: A2, and a dict with the keys 'X', 'Z1', 'A1', 'Z2', 'A2'.",
])


def _call_forward(ns, X: np.ndarray, params: dict) -> tuple[np.ndarray, dict]:
    what = "forward(X, params)"
    result = ns.function("forward")(X, params)
    if not isinstance(result, tuple) or len(result) != 2:
        raise AssertionError(f"{what} should return a pair (A2, cache), "
                             f"got {type(result).__name__}")
    A2, cache = result
    if not isinstance(cache, dict):
        raise AssertionError(f"{what}: the cache should be a dict, got {type(cache).__name__}")
    missing = [k for k in CACHE_NAMES if k not in cache]
    if missing:
        raise AssertionError(f"{what}: the cache has no {', '.join(repr(k) for k in missing)}")
    return as_array(A2, what), cache


@ex.test("q2", points=1)
def forward_output_of_a_small_network(ns):
    """3 inputs, 4 hidden units, 5 examples: A2 has shape (1, 5) and the right values"""
    X, _, params = _network(3, 4, 5, seed=0)
    A2, _ = _call_forward(ns, X, params)
    assert_close(A2, _forward(X, params)[0], "A2 from forward(X, params)")


@ex.test("q2", points=1)
def forward_cache_holds_every_layer(ns):
    """the cache holds X, Z1, A1, Z2 and A2, each with its value"""
    X, _, params = _network(3, 4, 5, seed=0)
    _, cache = _call_forward(ns, X, params)
    _, expected = _forward(X, params)
    for name in CACHE_NAMES:
        assert_close(cache[name], expected[name], f"cache[{name!r}] from forward(X, params)")


@ex.test("q2", points=1, hidden=True)
def forward_of_a_single_example(ns):
    """one example (m = 1), 6 inputs and 8 hidden units"""
    X, _, params = _network(6, 8, 1, seed=3)
    A2, cache = _call_forward(ns, X, params)
    expected_A2, expected = _forward(X, params)
    assert_close(A2, expected_A2, "A2 for a single example")
    assert_close(cache["A1"], expected["A1"], "cache['A1'] for a single example")


@ex.test("q2", points=1, hidden=True)
def forward_of_a_larger_batch(ns):
    """2 inputs, 10 hidden units, 50 examples"""
    X, _, params = _network(2, 10, 50, seed=4)
    A2, cache = _call_forward(ns, X, params)
    expected_A2, expected = _forward(X, params)
    assert_close(A2, expected_A2, "A2 for 50 examples")
    assert_close(cache["Z2"], expected["Z2"], "cache['Z2'] for 50 examples")


# --- q3: the backward pass ------------------------------------------------------------------

ex.question("q3", "The backward pass", hints=[
    "Start at the output: dZ2 = A2 - Y. Then dW2 = dZ2 @ A1.T / m and db2 = the sum of dZ2 "
    "over the examples (axis=1, keepdims=True) / m.",
    "Back through layer 2: dA1 = W2.T @ dZ2. Through the ReLU: dZ1 = dA1 * (Z1 > 0).",
    "Then dW1 = dZ1 @ X.T / m and db1 as db2. Every gradient has the shape of its parameter.",
])


def _call_backward(ns, X: np.ndarray, Y: np.ndarray, params: dict) -> dict:
    what = "backward(Y, params, cache)"
    grads = ns.function("backward")(Y, params, _forward(X, params)[1])
    if not isinstance(grads, dict):
        raise AssertionError(f"{what} should return a dict, got {type(grads).__name__}")
    missing = [k for k in PARAM_NAMES if k not in grads]
    if missing:
        raise AssertionError(f"{what}: the result has no {', '.join(repr(k) for k in missing)}; "
                             "use the names of the parameters")
    for name in PARAM_NAMES:
        grad = as_array(grads[name], f"{what}[{name!r}]")
        if grad.shape != params[name].shape:
            raise AssertionError(f"{what}[{name!r}] has shape {grad.shape}; it must have the "
                                 f"shape of params[{name!r}], {params[name].shape}")
    return grads


@ex.test("q3", points=1)
def backward_shapes_match_the_parameters(ns):
    """every gradient has its parameter's shape (3 inputs, 4 hidden units, 6 examples)"""
    X, Y, params = _network(3, 4, 6, seed=1)
    _call_backward(ns, X, Y, params)


def _assert_matches_numerical(ns, X, Y, params) -> None:
    """The student's gradients equal central differences of the loss, for every parameter."""
    grads = _call_backward(ns, X, Y, params)
    numeric = _numerical_gradients(X, Y, params)
    for name in PARAM_NAMES:
        assert_close(grads[name], numeric[name], f"backward(...)[{name!r}]", rtol=1e-5, atol=1e-7)


@ex.test("q3", points=1)
def backward_matches_numerical_gradients(ns):
    """every gradient agrees with central differences of the loss"""
    X, Y, params = _network(3, 4, 6, seed=1)
    _assert_matches_numerical(ns, X, Y, params)


@ex.test("q3", points=1, hidden=True)
def backward_on_a_larger_network(ns):
    """5 inputs, 7 hidden units, 20 examples, against central differences"""
    X, Y, params = _network(5, 7, 20, seed=5)
    _assert_matches_numerical(ns, X, Y, params)


@ex.test("q3", points=1, hidden=True)
def backward_of_a_single_example(ns):
    """m = 1: the gradients of one example's loss"""
    X, Y, params = _network(4, 3, 1, seed=6)
    Y[:] = 1.0
    grads = _call_backward(ns, X, Y, params)
    numeric = _numerical_gradients(X, Y, params)
    for name in PARAM_NAMES:
        assert_close(grads[name], numeric[name], f"backward(...)[{name!r}] for one example",
                     rtol=1e-5, atol=1e-7)


# --- q4: one step of gradient descent -------------------------------------------------------

ex.question("q4", "One step of gradient descent", hints=[
    "Loop over params.items(): each parameter moves against its gradient, value - lr * grad.",
    "Use grads[name] for the parameter called name; do not write the names W1, b1... in the "
    "code, so that any network works.",
    "A dict comprehension does it in one line: {name: ... for name, value in params.items()}.",
])


def _call_step(ns, params: dict, grads: dict, lr: float) -> dict:
    what = f"sgd_step(params, grads, lr={lr})"
    result = ns.function("sgd_step")(params, grads, lr)
    if not isinstance(result, dict):
        raise AssertionError(f"{what} should return a dict, got {type(result).__name__}")
    missing = [k for k in params if k not in result]
    if missing:
        raise AssertionError(f"{what}: the result has no {', '.join(repr(k) for k in missing)}")
    return result


def _random_dicts(names: tuple[str, ...], seed: int) -> tuple[dict, dict]:
    rng = np.random.default_rng(seed)
    shapes = {name: (3, 2) if name.startswith("W") else (3, 1) for name in names}
    params = {name: rng.normal(size=shape) for name, shape in shapes.items()}
    grads = {name: rng.normal(size=shape) for name, shape in shapes.items()}
    return params, grads


@ex.test("q4", points=1)
def step_moves_every_parameter(ns):
    """weights and biases of a two-layer network, lr = 0.1"""
    params, grads = _random_dicts(PARAM_NAMES, seed=7)
    new = _call_step(ns, params, grads, 0.1)
    for name in PARAM_NAMES:
        assert_close(new[name], params[name] - 0.1 * grads[name], f"the new {name}")


@ex.test("q4", points=1)
def step_lowers_the_loss(ns):
    """a small step along the loss's gradients lowers the loss"""
    X, Y, params = _network(3, 4, 8, seed=8)
    grads = _numerical_gradients(X, Y, params)
    new = _call_step(ns, params, grads, 0.05)
    before, after = _loss(X, Y, params), _loss(X, Y, {k: as_array(new[k], k) for k in params})
    assert after < before, (f"the loss went from {before:.5f} to {after:.5f}: a gradient "
                            "descent step should lower it (subtract lr * gradient)")


@ex.test("q4", points=1, hidden=True)
def step_works_for_any_number_of_layers(ns):
    """a three-layer network with parameters W1 ... b3"""
    names = ("W1", "b1", "W2", "b2", "W3", "b3")
    params, grads = _random_dicts(names, seed=9)
    new = _call_step(ns, params, grads, 0.3)
    for name in names:
        assert_close(new[name], params[name] - 0.3 * grads[name], f"the new {name}")


@ex.test("q4", points=1, hidden=True)
def step_with_other_names(ns):
    """parameters called 'weight' and 'bias', lr = 2"""
    rng = np.random.default_rng(10)
    params = {"weight": rng.normal(size=(2, 2)), "bias": rng.normal(size=(2, 1))}
    grads = {"weight": rng.normal(size=(2, 2)), "bias": rng.normal(size=(2, 1))}
    new = _call_step(ns, params, grads, 2.0)
    for name in params:
        assert_close(new[name], params[name] - 2.0 * grads[name], f"the new {name}")


# --- q5: He initialisation ------------------------------------------------------------------

ex.question("q5", "He initialisation", hints=[
    "He initialisation draws each weight from a normal distribution with mean 0 and "
    "variance 2 / n_in.",
    "rng.normal takes the standard deviation, not the variance: scale = sqrt(2 / n_in).",
    "In the chapter's orientation a layer's weights have shape (n_out, n_in): one row per unit.",
])


def _he(ns, n_in: int, n_out: int, seed: int) -> np.ndarray:
    what = f"he_init({n_in}, {n_out}, rng)"
    return as_array(ns.function("he_init")(n_in, n_out, np.random.default_rng(seed)), what)


@ex.test("q5", points=1)
def he_weights_have_one_row_per_unit(ns):
    """64 inputs, 128 units: shape (128, 64)"""
    W = _he(ns, 64, 128, seed=0)
    assert W.shape == (128, 64), (f"he_init(64, 128, rng) returned shape {W.shape}, expected "
                                  "(128, 64): one row per unit, one column per input")


@ex.test("q5", points=1)
def he_weights_have_the_right_spread(ns):
    """500 inputs, 400 units: standard deviation sqrt(2 / 500)"""
    W = _he(ns, 500, 400, seed=1)
    expected = math.sqrt(2 / 500)
    assert abs(W.std() / expected - 1) < 0.01, (
        f"the weights' standard deviation is {W.std():.4f}, expected sqrt(2 / n_in) = "
        f"{expected:.4f}")


@ex.test("q5", points=1, hidden=True)
def he_weights_are_normal_around_zero(ns):
    """256 inputs, 1000 units: mean 0, spread sqrt(2/256), and normally distributed"""
    W = _he(ns, 256, 1000, seed=2)
    std = math.sqrt(2 / 256)
    assert W.shape == (1000, 256), f"he_init(256, 1000, rng) returned shape {W.shape}"
    assert abs(W.mean()) < 4 * std / math.sqrt(W.size), f"the mean is {W.mean():.5f}, not 0"
    assert abs(W.std() / std - 1) < 0.01, f"the standard deviation is {W.std():.4f}, not {std:.4f}"
    within = np.mean(np.abs(W) < std)
    assert abs(within - 0.6827) < 0.01, (
        f"{within:.1%} of the weights lie within one standard deviation of 0; for a normal "
        "distribution it is 68.3%")


@ex.test("q5", points=1, hidden=True)
def he_weights_come_from_the_given_generator(ns):
    """the same seed gives the same weights, another seed others"""
    first, again, other = _he(ns, 30, 20, 5), _he(ns, 30, 20, 5), _he(ns, 30, 20, 6)
    assert np.array_equal(first, again), (
        "two generators with the same seed gave different weights: draw them from `rng`")
    assert not np.array_equal(first, other), "different seeds gave the same weights"


# --- q6 and q7: backward rules of Value -----------------------------------------------------

ex.question("q6", "The backward rule of multiplication", hints=[
    "Copy the structure of __add__: wrap `other`, create `out` with parents (self, other), "
    "define _backward(grad), attach it to out and return out.",
    "d(ab)/da = b and d(ab)/db = a: self's gradient grows by other.data * grad, and "
    "other's by self.data * grad.",
    "Use += (a Value used twice, as in a * a, receives gradient from both uses), and do not "
    "forget to multiply by grad, the gradient that reached `out`.",
])


def _value_class(ns):
    Value = ns.value("Value")
    if not isinstance(Value, type):
        raise AssertionError("`Value` should be the class defined in the notebook; "
                             f"it is a {type(Value).__name__}")
    return Value


def _result(node, what: str):
    if node is None or node is Ellipsis:
        raise NotAttempted(f"{what} returned {node!r}: write the method where it says "
                           "`# YOUR CODE HERE`, and `return` the new Value")
    if not hasattr(node, "data") or not hasattr(node, "backward"):
        raise AssertionError(f"{what} returned a {type(node).__name__}, not a Value")
    return node


def _grads_close(pairs: list, what: str) -> None:
    for name, got, expected in pairs:
        if not math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12):
            raise AssertionError(f"{what}: {name}.grad is {got:.6g}, expected {expected:.6g}")


@ex.test("q6", points=1)
def product_of_two_values(ns):
    """c = a * b: c.data, then a.grad = b and b.grad = a"""
    Value = _value_class(ns)
    a, b = Value(3.0), Value(-2.0)
    c = _result(a * b, "a * b")
    assert math.isclose(c.data, -6.0), f"(3 * -2).data is {c.data}, expected -6"
    c.backward()
    _grads_close([("a", a.grad, -2.0), ("b", b.grad, 3.0)], "after (a * b).backward()")


@ex.test("q6", points=1)
def square_by_multiplication(ns):
    """a * a: both uses contribute, so a.grad = 2a"""
    Value = _value_class(ns)
    a = Value(1.5)
    c = _result(a * a, "a * a")
    c.backward()
    _grads_close([("a", a.grad, 3.0)], "after (a * a).backward() with a = 1.5")


@ex.test("q6", points=1, hidden=True)
def products_in_a_chain(ns):
    """f = (a * b) * c + a * 4: gradients flow through two products and a constant"""
    Value = _value_class(ns)
    a, b, c = Value(2.0), Value(-1.5), Value(0.5)
    f = _result(_result(a * b, "a * b") * c, "(a * b) * c") + _result(a * 4, "a * 4")
    f.backward()
    _grads_close([("a", a.grad, -1.5 * 0.5 + 4), ("b", b.grad, 2.0 * 0.5),
                  ("c", c.grad, 2.0 * -1.5)], "f = (a * b) * c + a * 4")


@ex.test("q6", points=1, hidden=True)
def product_with_a_product_on_the_right(ns):
    """f = a * (b * c): the inner product is reached only through the outer one's parents"""
    Value = _value_class(ns)
    a, b, c = Value(1.5), Value(-2.0), Value(0.25)
    f = _result(a * _result(b * c, "b * c"), "a * (b * c)")
    f.backward()
    _grads_close([("a", a.grad, -2.0 * 0.25), ("b", b.grad, 1.5 * 0.25),
                  ("c", c.grad, 1.5 * -2.0)],
                 "f = a * (b * c) (are both factors among the parents of the product?)")


@ex.test("q6", points=1, hidden=True)
def number_times_value(ns):
    """3 * a and a * b * b: numbers on the left, a Value used twice"""
    Value = _value_class(ns)
    a, b = Value(-0.7), Value(1.3)
    f = _result(3 * a, "3 * a") + _result(_result(a * b, "a * b") * b, "a * b * b")
    f.backward()
    _grads_close([("a", a.grad, 3 + 1.3**2), ("b", b.grad, 2 * -0.7 * 1.3)],
                 "f = 3 * a + a * b * b")


ex.question("q7", "The backward rule of tanh", hints=[
    "The structure is that of __add__ with one parent: out = Value(math.tanh(self.data), "
    "(self,), 'tanh'), then a _backward(grad) attached to out.",
    "d tanh(x)/dx = 1 - tanh(x)**2: use the output t = tanh(x), not the input x.",
    "Add to self.grad (+=) the local derivative times grad.",
])


@ex.test("q7", points=1)
def tanh_value_and_gradient(ns):
    """tanh(0.5): its value, and x.grad = 1 - tanh(0.5)**2"""
    Value = _value_class(ns)
    x = Value(0.5)
    y = _result(x.tanh(), "Value(0.5).tanh()")
    assert math.isclose(y.data, math.tanh(0.5)), f"tanh(0.5) is {y.data}, expected {math.tanh(0.5)}"
    y.backward()
    _grads_close([("x", x.grad, 1 - math.tanh(0.5) ** 2)], "after Value(0.5).tanh().backward()")


@ex.test("q7", points=1)
def tanh_in_a_small_graph(ns):
    """tanh(tanh(x)) + tanh(x): the incoming gradient is multiplied in, and both uses add up"""
    Value = _value_class(ns)
    x = Value(0.4)
    f = (_result(_result(x.tanh(), "x.tanh()").tanh(), "x.tanh().tanh()")
         + _result(x.tanh(), "x.tanh()"))
    f.backward()
    t = math.tanh(0.4)
    expected = (1 - math.tanh(t) ** 2) * (1 - t**2) + (1 - t**2)
    _grads_close([("x", x.grad, expected)],
                 "f = tanh(tanh(x)) + tanh(x) (multiply by grad, and add with +=)")


@ex.test("q7", points=1, hidden=True)
def tanh_of_a_negative_input(ns):
    """tanh(-1.2): the gradient uses the output tanh(x), squared"""
    Value = _value_class(ns)
    x = Value(-1.2)
    y = _result(x.tanh(), "Value(-1.2).tanh()")
    y.backward()
    _grads_close([("x", x.grad, 1 - math.tanh(-1.2) ** 2)], "after Value(-1.2).tanh().backward()")


@ex.test("q7", points=1, hidden=True)
def tanh_inside_a_graph(ns):
    """tanh(tanh(x + x)) + 2: the incoming gradient is passed on, times the local derivative"""
    Value = _value_class(ns)
    x = Value(0.3)
    inner = _result((x + x).tanh(), "(x + x).tanh()")
    f = _result(inner.tanh(), "(x + x).tanh().tanh()") + 2.0
    f.backward()
    expected = (1 - math.tanh(math.tanh(0.6)) ** 2) * (1 - math.tanh(0.6) ** 2) * 2
    _grads_close([("x", x.grad, expected)], "f = tanh(tanh(x + x)) + 2")


@ex.test("q7", points=1, hidden=True)
def tanh_used_twice(ns):
    """tanh(x) + tanh(x), and a saturated tanh(8)"""
    Value = _value_class(ns)
    x = Value(0.8)
    y = _result(x.tanh(), "x.tanh()") + _result(x.tanh(), "x.tanh()")
    y.backward()
    _grads_close([("x", x.grad, 2 * (1 - math.tanh(0.8) ** 2))], "f = tanh(x) + tanh(x)")
    big = Value(8.0)
    _result(big.tanh(), "Value(8.0).tanh()").backward()
    _grads_close([("x", big.grad, 1 - math.tanh(8.0) ** 2)], "Value(8.0).tanh()")


# --- q8: predictions ------------------------------------------------------------------------

ex.question("q8", "Predictions", hints=[
    "forward(X, params) gives A2, the probability of class 1 for each column, shape (1, m).",
    "Compare the probability (not Z2) with 0.5, then turn True/False into 1/0 with "
    ".astype(int).",
    "A2 has shape (1, m); the answer must have shape (m,): take its row A2[0] (or .ravel()).",
])

XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_PARAMS = {"W1": np.array([[1.0, 1.0], [1.0, 1.0]]), "b1": np.array([[0.0], [-1.0]]),
              "W2": np.array([[10.0, -20.0]]), "b2": np.array([[-5.0]])}


def _predict(ns, X: np.ndarray, params: dict, what: str) -> np.ndarray:
    got = ns.function("predict")(X, params)
    array = as_array(got, what)
    if array.shape != (X.shape[1],):
        raise AssertionError(f"{what} returned shape {array.shape}, expected ({X.shape[1]},): "
                             "one class per column of X")
    if array.dtype.kind not in "iu":
        raise AssertionError(f"{what} returned {array.dtype} values; expected integer classes "
                             "0 and 1 (use .astype(int))")
    return array


@ex.test("q8", points=1)
def predictions_of_the_xor_network(ns):
    """the hand-made XOR network predicts 0, 1, 1, 0"""
    got = _predict(ns, XOR_X, XOR_PARAMS, "predict(X_xor, xor_params)")
    assert np.array_equal(got, [0, 1, 1, 0]), f"predict(X_xor, xor_params) returned {got}"


@ex.test("q8", points=1)
def one_prediction(ns):
    """a single column: one integer class"""
    got = _predict(ns, XOR_X[:, [1]], XOR_PARAMS, "predict(X_xor[:, [1]], xor_params)")
    assert_integer(got[0], 1, "predict(...)[0] for the point (0, 1)")


@ex.test("q8", points=1, hidden=True)
def predictions_of_a_random_network(ns):
    """200 examples, probabilities on both sides of 0.5 (and some just above it)"""
    X, _, params = _network(3, 5, 200, seed=11)
    params["b2"] = np.zeros((1, 1))
    median = np.median(_forward(X, params)[1]["Z2"])
    params["b2"] = np.array([[0.3 - median]])  # a third of the scores in (0, 0.5)
    expected = (_forward(X, params)[0][0] > 0.5).astype(int)
    got = _predict(ns, X, params, "predict(X, params) for 200 examples")
    wrong = int(np.sum(got != expected))
    assert wrong == 0, f"{wrong} of 200 predictions differ from probability > 0.5"


@ex.test("q8", points=1, hidden=True)
def predictions_of_a_sure_network(ns):
    """a network that gives every example a probability above 0.9 predicts all ones"""
    X, _, params = _network(2, 3, 10, seed=12)
    params["W2"] = np.zeros((1, 3))
    params["b2"] = np.array([[3.0]])
    got = _predict(ns, X, params, "predict(X, params)")
    assert np.array_equal(got, np.ones(10, dtype=int)), f"expected ten 1s, got {got}"
