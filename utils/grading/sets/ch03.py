"""Tests of the Chapter 3 exercises (``solutions/03_from_scratch.md``).

Expected values come from reference code written here, independently of the notebook:
forward passes, losses, central-difference gradients. Examples are columns, as in the
chapter. The ``Value`` questions send a probe that builds small graphs with the notebook's
own class and returns plain numbers (``.data`` and the leaves' ``.grad``).

Questions 1-7, 9 and 10 retrace the chapter or edit one of its cells (warm-ups, 1 or 1.5
points each); 8 and 11 carry its ideas to cases it did not code (6 points each): the
gradients of a ReLU network of any depth, and the softmax cross-entropy as one autodiff
node with any number of parents.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import expit, logsumexp

from utils.grading.expect import as_array, as_number, assert_close, assert_integer
from utils.grading.namespace import Code, Rng
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch03", title="Chapter 3 exercises")

PARAM_NAMES = ("W1", "b1", "W2", "b2")
CACHE_NAMES = ("X", "Z1", "A1", "Z2", "A2")
WARM_UP = 0.25  # points of each test of a question that retraces the chapter


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return expit(np.asarray(z, dtype=float))  # never overflows


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


# --- q1: the derivative of the sigmoid, for any input --------------------------------------

ex.question("q1", "The derivative of the sigmoid, for any input", hints=[
    "sigma'(z) = sigma(z) * (1 - sigma(z)) is right, but the chapter's sigmoid computes "
    "np.exp(-z), which overflows when -z is large: find a form that never exponentiates "
    "a large positive number.",
    "The derivative is symmetric, sigma'(-z) = sigma'(z), so you may compute it at -z "
    "instead of z wherever that suits you. Which of the two never makes np.exp overflow?",
    "Check your function on np.array([-1000.0, 0.0, 1000.0]) and on np.array([-3, 0, 4]) "
    "inside `with np.errstate(over='raise'):`. Beware np.where(z >= 0, ..., ...): NumPy "
    "computes both branches for every element, so the one you wanted to avoid still runs.",
], bans=["scipy.special.expit", "scipy.special.log_expit", "torch.sigmoid",
         "torch.special.expit", "torch.Tensor.sigmoid", "torch.nn.functional.sigmoid"])


def _sigmoid_grad(z: np.ndarray) -> np.ndarray:
    s = _sigmoid(z)
    return s * (1 - s)


def _sigmoid_grad_strict(variables, z):
    """sigmoid_grad(...)"""
    import numpy as np

    # NumPy's warnings (overflow in exp...) become errors here, as the question says; and
    # np.exp itself refuses what would overflow, so that silencing the warning (np.errstate,
    # np.seterr) does not hide an overflow
    exp, limit = np.exp, np.log(np.finfo(np.float64).max)

    def exp_that_must_not_overflow(x, *args, **kwargs):
        if np.any(np.real(np.asarray(x, dtype=complex)) > limit):
            raise FloatingPointError(
                f"np.exp received {np.max(np.real(np.asarray(x, dtype=complex))):g}, whose "
                "exponential overflows (silencing NumPy's warning does not prevent it)")
        return exp(x, *args, **kwargs)

    np.exp = exp_that_must_not_overflow
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            return variables.function("sigmoid_grad")(z)
    except FloatingPointError as error:
        shown = (f"np.array({np.asarray(z).tolist()})" if np.size(z) <= 4
                 else f"z from {np.min(z):g} to {np.max(z):g}")
        raise AssertionError(
            f"sigmoid_grad({shown}) overflowed: {error}. Compute it so that np.exp "
            "never receives a large positive number") from None
    finally:
        np.exp = exp


@ex.test("q1", points=WARM_UP)
def sigmoid_grad_at_three_points(ns):
    """sigmoid_grad at -2, 0 and 2"""
    z = np.array([-2.0, 0.0, 2.0])
    assert_close(ns.function("sigmoid_grad")(z), _sigmoid_grad(z),
                 "sigmoid_grad(np.array([-2.0, 0.0, 2.0]))")


@ex.test("q1", points=WARM_UP)
def sigmoid_grad_of_huge_inputs(ns):
    """z = -1000 and z = 1000: 0, without an overflow (warned or silenced)"""
    z = np.array([-1000.0, 1000.0])
    got = ns.probe(_sigmoid_grad_strict, z)
    assert_close(got, [0.0, 0.0], "sigmoid_grad(np.array([-1000.0, 1000.0]))")


@ex.test("q1", points=WARM_UP, hidden=True)
def sigmoid_grad_of_any_shape(ns):
    """a (3, 4) array, a plain number and an integer array"""
    func = ns.function("sigmoid_grad")
    z = np.random.default_rng(2).uniform(-6, 6, size=(3, 4))
    assert_close(func(z), _sigmoid_grad(z), "sigmoid_grad(z) for z of shape (3, 4)")
    assert_close(func(0.0), 0.25, "sigmoid_grad(0.0)")
    assert_close(func(-1.5), float(_sigmoid_grad(-1.5)), "sigmoid_grad(-1.5)")
    ints = np.array([-3, 0, 1, 4])
    assert_close(func(ints), _sigmoid_grad(ints), "sigmoid_grad(np.array([-3, 0, 1, 4]))")


@ex.test("q1", points=WARM_UP, hidden=True)
def sigmoid_grad_near_the_overflow(ns):
    """-745 to 745: tiny, right and without warnings on both sides of exp's limit of 709"""
    z = np.array([-745.0, -710.0, -709.0, -40.0, -30.0, -10.0, 10.0, 30.0, 40.0, 709.0,
                  710.0, 745.0])
    got = ns.probe(_sigmoid_grad_strict, z)
    assert_close(got, _sigmoid_grad(z), "sigmoid_grad of inputs from -745 to 745",
                 rtol=1e-6, atol=1e-15)


# --- q2: the forward pass ------------------------------------------------------------------

ex.question("q2", "The forward pass", hints=[
    "Each layer is Z = W @ A_previous + b, then the activation: relu for layer 1, sigmoid for "
    "layer 2. With examples as columns, W comes first in the product.",
    "b has shape (n, 1) and is broadcast over the m columns; no transpose is needed anywhere.",
    "Return a pair: A2, and a dict with the keys 'X', 'Z1', 'A1', 'Z2', 'A2'. Z1 is kept "
    "as it was before the ReLU: do not apply the ReLU to it in place.",
])


def _call_forward(ns, X: np.ndarray, params: dict) -> tuple[np.ndarray, dict]:
    what = "forward(X, params)"
    result = ns.function("forward")(X, params)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return a pair (A2, cache), "
                             f"got {type(result).__name__}")
    A2, cache = result
    if not isinstance(cache, dict):
        raise AssertionError(f"{what}: the cache should be a dict, got {type(cache).__name__}")
    missing = [k for k in CACHE_NAMES if k not in cache]
    if missing:
        raise AssertionError(f"{what}: the cache has no {', '.join(repr(k) for k in missing)}")
    return as_array(A2, what), cache


@ex.test("q2", points=WARM_UP)
def forward_output_of_a_small_network(ns):
    """3 inputs, 4 hidden units, 5 examples: A2 has shape (1, 5) and the right values"""
    X, _, params = _network(3, 4, 5, seed=0)
    A2, _ = _call_forward(ns, X, params)
    assert_close(A2, _forward(X, params)[0], "A2 from forward(X, params)")


@ex.test("q2", points=WARM_UP)
def forward_cache_holds_every_layer(ns):
    """the cache holds X, Z1 (before the ReLU), A1, Z2 and A2, each with its value"""
    X, _, params = _network(3, 4, 5, seed=0)
    _, cache = _call_forward(ns, X, params)
    _, expected = _forward(X, params)
    for name in CACHE_NAMES:
        assert_close(cache[name], expected[name], f"cache[{name!r}] from forward(X, params)")


@ex.test("q2", points=WARM_UP, hidden=True)
def forward_of_a_single_example(ns):
    """one example (m = 1), 6 inputs and 8 hidden units"""
    X, _, params = _network(6, 8, 1, seed=3)
    A2, cache = _call_forward(ns, X, params)
    expected_A2, expected = _forward(X, params)
    assert_close(A2, expected_A2, "A2 for a single example")
    for name in ("Z1", "A1"):
        assert_close(cache[name], expected[name], f"cache[{name!r}] for a single example")


@ex.test("q2", points=WARM_UP, hidden=True)
def forward_of_a_larger_batch(ns):
    """2 inputs, 10 hidden units, 50 examples"""
    X, _, params = _network(2, 10, 50, seed=4)
    A2, cache = _call_forward(ns, X, params)
    expected_A2, expected = _forward(X, params)
    assert_close(A2, expected_A2, "A2 for 50 examples")
    for name in ("Z1", "Z2"):
        assert_close(cache[name], expected[name], f"cache[{name!r}] for 50 examples")


# --- q3: the backward pass ------------------------------------------------------------------

ex.question("q3", "The backward pass", hints=[
    "Start at the output: dZ2 = A2 - Y. Then dW2 = dZ2 @ A1.T / m and db2 = the sum of dZ2 "
    "over the examples (axis=1, keepdims=True) / m.",
    "Back through layer 2: dA1 = W2.T @ dZ2. Through the ReLU: dZ1 = dA1 * (Z1 > 0).",
    "Then dW1 = dZ1 @ X.T / m and db1 as db2. Every gradient has the shape of its parameter. "
    "Write `dZ2 = cache['A2'] - Y`, not `dZ2 = cache['A2']; dZ2 -= Y`: the second changes "
    "the cache.",
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


def _assert_matches_numerical(ns, X, Y, params, what: str = "backward(...)") -> None:
    """The student's gradients equal central differences of the loss, for every parameter."""
    grads = _call_backward(ns, X, Y, params)
    numeric = _numerical_gradients(X, Y, params)
    for name in PARAM_NAMES:
        assert_close(grads[name], numeric[name], f"{what}[{name!r}]", rtol=1e-5, atol=1e-7)


BACKWARD_POINTS = 0.2  # five tests, one point in all


@ex.test("q3", points=BACKWARD_POINTS)
def backward_shapes_match_the_parameters(ns):
    """every gradient has its parameter's shape (3 inputs, 4 hidden units, 6 examples)"""
    X, Y, params = _network(3, 4, 6, seed=1)
    _call_backward(ns, X, Y, params)


@ex.test("q3", points=BACKWARD_POINTS)
def backward_matches_numerical_gradients(ns):
    """every gradient agrees with central differences of the loss"""
    X, Y, params = _network(3, 4, 6, seed=1)
    _assert_matches_numerical(ns, X, Y, params)


@ex.test("q3", points=BACKWARD_POINTS, hidden=True)
def backward_on_a_larger_network(ns):
    """5 inputs, 7 hidden units, 20 examples, against central differences"""
    X, Y, params = _network(5, 7, 20, seed=5)
    _assert_matches_numerical(ns, X, Y, params)


@ex.test("q3", points=BACKWARD_POINTS, hidden=True)
def backward_of_a_single_example(ns):
    """m = 1: the gradients of one example's loss"""
    X, Y, params = _network(4, 3, 1, seed=6)
    Y[:] = 1.0
    _assert_matches_numerical(ns, X, Y, params, "backward(...) for one example")


def _backward_reference(Y: np.ndarray, params: dict, cache: dict) -> dict:
    """The chapter's formulas, with ReLU's derivative 0 at exactly 0."""
    m = Y.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (params["W2"].T @ dZ2) * (cache["Z1"] > 0)
    return {"W1": dZ1 @ cache["X"].T / m, "b1": dZ1.sum(axis=1, keepdims=True) / m,
            "W2": dZ2 @ cache["A1"].T / m, "b2": dZ2.sum(axis=1, keepdims=True) / m}


@ex.test("q3", points=BACKWARD_POINTS, hidden=True)
def backward_relu_derivative_at_zero_is_zero(ns):
    """a column of zeros and zero biases: pre-activations exactly 0 pass no gradient"""
    X, Y, params = _network(3, 4, 5, seed=12)
    params["b1"][[0, 2]] = 0.0
    X[:, 1] = 0.0
    cache = _forward(X, params)[1]
    assert np.sum(cache["Z1"] == 0) == 2  # the test's own premise
    grads = _call_backward(ns, X, Y, params)
    expected = _backward_reference(Y, params, cache)
    for name in ("b1", "W1"):
        assert_close(grads[name], expected[name], f"backward(...)[{name!r}] where some "
                     "entries of Z1 are exactly 0 (ReLU's derivative there is 0)")


# --- q4: one step of gradient descent -------------------------------------------------------

ex.question("q4", "One step of gradient descent", hints=[
    "Loop over params.items(): each parameter moves against its gradient, value - lr * grad.",
    "Use grads[name] for the parameter called name; do not write the names W1, b1... in the "
    "code, so that any network works.",
    "`value - lr * grads[name]` builds a new array; `value -= ...` would change the caller's. "
    "A dict comprehension does it in one line.",
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


@ex.test("q4", points=WARM_UP)
def step_moves_every_parameter(ns):
    """weights and biases of a two-layer network, lr = 0.1"""
    params, grads = _random_dicts(PARAM_NAMES, seed=7)
    new = _call_step(ns, params, grads, 0.1)
    for name in PARAM_NAMES:
        assert_close(new[name], params[name] - 0.1 * grads[name], f"the new {name}")


@ex.test("q4", points=WARM_UP)
def step_lowers_the_loss(ns):
    """a small step along the loss's gradients lowers the loss"""
    X, Y, params = _network(3, 4, 8, seed=8)
    grads = _numerical_gradients(X, Y, params)
    new = _call_step(ns, params, grads, 0.05)
    before, after = _loss(X, Y, params), _loss(X, Y, {k: as_array(new[k], k) for k in params})
    assert after < before, (f"the loss went from {before:.5f} to {after:.5f}: a gradient "
                            "descent step should lower it (subtract lr * gradient)")


@ex.test("q4", points=WARM_UP, hidden=True)
def step_works_for_any_number_of_layers(ns):
    """a three-layer network with parameters W1 ... b3"""
    names = ("W1", "b1", "W2", "b2", "W3", "b3")
    params, grads = _random_dicts(names, seed=9)
    new = _call_step(ns, params, grads, 0.3)
    for name in names:
        assert_close(new[name], params[name] - 0.3 * grads[name], f"the new {name}")


@ex.test("q4", points=WARM_UP, hidden=True)
def step_with_other_names(ns):
    """parameters called 'weight' and 'bias', lr = 2"""
    rng = np.random.default_rng(10)
    params = {"weight": rng.normal(size=(2, 2)), "bias": rng.normal(size=(2, 1))}
    grads = {"weight": rng.normal(size=(2, 2)), "bias": rng.normal(size=(2, 1))}
    new = _call_step(ns, params, grads, 2.0)
    for name in params:
        assert_close(new[name], params[name] - 2.0 * grads[name], f"the new {name}")


# --- q5: predictions ------------------------------------------------------------------------

ex.question("q5", "Predictions", hints=[
    "forward(X, params) gives A2, the probability of class 1 for each column, shape (1, m).",
    "Compare the probability (not Z2) with 0.5 using >, so that exactly 0.5 gives 0; then "
    "turn True/False into 1/0 with .astype(int).",
    "A2 has shape (1, m); the answer must have shape (m,): take its row A2[0] (or .ravel()).",
])

XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_PARAMS = {"W1": np.array([[1.0, 1.0], [1.0, 1.0]]), "b1": np.array([[0.0], [-1.0]]),
              "W2": np.array([[10.0, -20.0]]), "b2": np.array([[-5.0]])}


def _reference_forward(X, params):
    """A correct forward pass, lent to predict so that a mistake in q2 is not charged twice."""
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = params["W2"] @ A1 + params["b2"]
    e = np.exp(-np.abs(Z2))
    A2 = np.where(Z2 >= 0, 1 / (1 + e), e / (1 + e))
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _predict(ns, X: np.ndarray, params: dict, what: str) -> np.ndarray:
    got = ns.function("predict", replace={"forward": _reference_forward})(X, params)
    array = as_array(got, what)
    if array.shape != (X.shape[1],):
        raise AssertionError(f"{what} returned shape {array.shape}, expected ({X.shape[1]},): "
                             "one class per column of X")
    if array.dtype.kind not in "iu":
        raise AssertionError(f"{what} returned {array.dtype} values; expected integer classes "
                             "0 and 1 (use .astype(int))")
    return array


@ex.test("q5", points=WARM_UP)
def predictions_of_the_xor_network(ns):
    """the hand-made XOR network predicts 0, 1, 1, 0"""
    got = _predict(ns, XOR_X, XOR_PARAMS, "predict(X_xor, xor_params)")
    assert np.array_equal(got, [0, 1, 1, 0]), f"predict(X_xor, xor_params) returned {got}"


@ex.test("q5", points=WARM_UP)
def one_prediction(ns):
    """a single column: one integer class"""
    got = _predict(ns, XOR_X[:, [1]], XOR_PARAMS, "predict(X_xor[:, [1]], xor_params)")
    assert_integer(got[0], 1, "predict(...)[0] for the point (0, 1)")


@ex.test("q5", points=WARM_UP, hidden=True)
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


@ex.test("q5", points=WARM_UP, hidden=True)
def a_probability_of_one_half_is_class_0(ns):
    """probabilities of exactly 0.5 give class 0, just above 0.5 class 1"""
    params = {"W1": np.eye(2), "b1": np.zeros((2, 1)), "W2": np.array([[1.0, 1.0]]),
              "b2": np.zeros((1, 1))}
    X = np.array([[0.0, -1.0, 1e-3, 2.0, -3.0], [0.0, -2.0, 0.0, 3.0, 0.0]])
    probabilities = _forward(X, params)[0][0]
    assert probabilities[0] == probabilities[1] == probabilities[4] == 0.5
    got = _predict(ns, X, params, "predict(X, params)")
    assert np.array_equal(got, [0, 0, 1, 1, 0]), (
        f"predict returned {got} for the probabilities {np.round(probabilities, 5)}: "
        "exactly 0.5 is not above 0.5")


# --- q6: He initialisation, uniform ---------------------------------------------------------

ex.question("q6", "He initialisation, uniform", hints=[
    "Uniform(-r, r) has variance r**2 / 3: the chapter's warning checks it for "
    "r = 1 / sqrt(n_in).",
    "You know the variance you want and how the variance of Uniform(-r, r) depends on r. "
    "Check your r by drawing a large sample and comparing its variance with 2 / n_in.",
    "Draw from the generator you are given (the methods of np.random.Generator), with the "
    "chapter's orientation: one row per unit.",
], bans=[f"numpy.random.{name}" for name in (
    "rand", "randn", "random", "randint", "normal", "uniform", "choice", "permutation",
    "shuffle", "seed", "random_sample", "standard_normal")])

HE_POINTS = WARM_UP


def _he(ns, n_in: int, n_out: int, seed: int) -> np.ndarray:
    what = f"he_uniform({n_in}, {n_out}, rng)"
    got = as_array(ns.function("he_uniform")(n_in, n_out, Rng(seed)), what)
    if got.shape != (n_out, n_in):
        raise AssertionError(f"{what} returned shape {got.shape}, expected ({n_out}, {n_in}): "
                             "one row per unit, one column per input")
    return got


@ex.test("q6", points=HE_POINTS)
def he_uniform_shape_and_range(ns):
    """64 inputs, 128 units: shape (128, 64), every weight within [-r, r]"""
    W = _he(ns, 64, 128, seed=0)
    r = math.sqrt(6 / 64)
    assert np.all(np.abs(W) <= r), (
        f"the largest |w| is {np.abs(W).max():.4f}, beyond the r whose Uniform(-r, r) has "
        "variance 2 / n_in")


@ex.test("q6", points=HE_POINTS)
def he_uniform_has_he_variance(ns):
    """500 inputs, 400 units: variance 2 / 500"""
    W = _he(ns, 500, 400, seed=1)
    assert abs(W.var() / (2 / 500) - 1) < 0.01, (
        f"the weights' variance is {W.var():.3e}, expected 2 / n_in = {2 / 500:.3e}")


@ex.test("q6", points=HE_POINTS, hidden=True)
def he_uniform_is_uniform_around_zero(ns):
    """256 inputs, 1000 units: mean 0, flat between -r and r, reaching r"""
    W = _he(ns, 256, 1000, seed=2)
    r = math.sqrt(6 / 256)
    assert abs(W.mean()) < 4 * W.std() / math.sqrt(W.size), f"the mean is {W.mean():.5f}, not 0"
    assert np.all(np.abs(W) <= r) and np.abs(W).max() > 0.999 * r, (
        f"the weights reach {np.abs(W).max():.4f}; Uniform(-r, r) reaches r = {r:.4f}")
    counts, _ = np.histogram(W, bins=10, range=(-r, r))
    expected = W.size / 10
    assert np.all(np.abs(counts - expected) < 0.03 * expected), (
        f"the weights are not spread evenly over [-r, r]: counts per tenth {counts.tolist()}")


@ex.test("q6", points=HE_POINTS, hidden=True)
def he_uniform_comes_from_the_given_generator(ns):
    """the same seed gives the same weights, another seed others; small layers too"""
    first, again, other = _he(ns, 30, 20, 5), _he(ns, 30, 20, 5), _he(ns, 30, 20, 6)
    assert np.array_equal(first, again), (
        "two generators with the same seed gave different weights: draw them from `rng`")
    assert not np.array_equal(first, other), (
        "generators with different seeds gave the same weights: draw them from `rng`")
    for n_in, n_out in ((1, 1), (3, 7)):
        W = _he(ns, n_in, n_out, 7)
        assert np.all(np.abs(W) <= math.sqrt(6 / n_in)), (
            f"he_uniform({n_in}, {n_out}, rng) has weights beyond r")


# --- q7: a gradient checker for any model ---------------------------------------------------

ex.question("q7", "A gradient checker for any model", hints=[
    "Reuse the loop of the chapter's numerical_gradients: for each entry, evaluate "
    "loss_fn with the entry raised by h, then lowered by h, with the h you are given.",
    "Nudge the entries of a copy of the arrays, or put each original value back exactly "
    "(P.flat[i] = original): adding and subtracting h does not always give the same float "
    "back.",
    "The chapter's relative_error works on any two arrays but one pair: both zero "
    "everywhere. A gradient that is zero where the numerical one is not is not that case: "
    "what should its error be?",
])

CHECK_POINTS = WARM_UP


def _softmax_regression_loss(params):
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(4, 6)), rng.integers(0, 3, size=6)
    Z = params["W"] @ X + params["b"]
    Z = Z - Z.max(axis=0, keepdims=True)
    log_p = Z - np.log(np.exp(Z).sum(axis=0, keepdims=True))
    return -np.mean(log_p[y, np.arange(6)])


def _softmax_regression_gradients(params: dict) -> dict:
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(4, 6)), rng.integers(0, 3, size=6)
    Z = params["W"] @ X + params["b"]
    dZ = np.exp(Z - logsumexp(Z, axis=0, keepdims=True))
    dZ[y, np.arange(6)] -= 1
    return {"W": dZ @ X.T / 6, "b": dZ.sum(axis=1, keepdims=True) / 6}


def _squares_and_sines(params):
    return np.sum(params["W"] ** 2) + np.sum(np.sin(params["v"]))


def _sum_of_cubes(params):
    return np.sum(params["w"] ** 3) + np.sum(params["u"] ** 2)


def _mixed_loss(params):
    return np.sum(params["a"]) * np.sum(params["B"] ** 2) + np.sum(np.cos(params["B"]))


def _ignores_c(params):
    return np.sum(params["W"] ** 2) + 3.0


def _constant_loss(params):
    return 3.0


def _relative_errors(loss, params: dict, grads: dict, h: float) -> dict:
    """The reference checker: one relative error per parameter, from central differences."""
    errors = {}
    for name, P in params.items():
        n = np.zeros(P.shape)
        for i in range(P.size):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name].flat[i] += h
            minus[name].flat[i] -= h
            n.flat[i] = (loss(plus) - loss(minus)) / (2 * h)
        g = grads[name]
        size = np.linalg.norm(g) + np.linalg.norm(n)
        errors[name] = 0.0 if size == 0 else float(np.linalg.norm(g - n) / size)
    return errors


def _check(ns, loss, params: dict, grads: dict, what: str, h: float | None = None) -> dict:
    func = ns.function("gradient_check")
    got = func(Code(loss), params, grads) if h is None else func(Code(loss), params, grads, h)
    if not isinstance(got, dict) or set(got) != set(params):
        keys = sorted(got) if isinstance(got, dict) else type(got).__name__
        raise AssertionError(f"{what} should return a dict with one relative error per "
                             f"parameter, keys {sorted(params)}; got {keys}")
    errors = {}
    for name, value in got.items():
        errors[name] = as_number(value, f"{what}[{name!r}]")
        if not np.isfinite(errors[name]) or errors[name] < 0:
            raise AssertionError(f"{what}[{name!r}] is {errors[name]}; a relative error is a "
                                 "number >= 0")
    return errors


def _assert_errors(got: dict, expected: dict, what: str) -> None:
    for name, value in expected.items():
        if value < 1e-7:  # right gradients: only rounding is left, whatever its digits
            assert got[name] < 1e-7, (f"{what}[{name!r}] is {got[name]:.2e}; for a right "
                                      "gradient central differences agree to about 1e-10")
        else:
            assert_close(got[name], value, f"{what}[{name!r}]", rtol=1e-5)


@ex.test("q7", points=CHECK_POINTS)
def check_of_right_gradients_is_tiny(ns):
    """the right gradients of a softmax regression: both errors below 1e-7"""
    rng = np.random.default_rng(4)
    params = {"W": rng.normal(size=(3, 4)), "b": rng.normal(size=(3, 1))}
    grads = _softmax_regression_gradients(params)
    what = "gradient_check(loss, params, right grads)"
    _assert_errors(_check(ns, _softmax_regression_loss, params, grads, what),
                   {"W": 0.0, "b": 0.0}, what)


@ex.test("q7", points=CHECK_POINTS)
def check_points_at_the_wrong_gradient(ns):
    """dW with a forgotten factor 2 and a right dv: a large error for W only"""
    rng = np.random.default_rng(5)
    params = {"W": rng.normal(size=(2, 3)), "v": rng.normal(size=(4,))}
    grads = {"W": params["W"].copy(), "v": np.cos(params["v"])}  # dW should be 2W
    what = "gradient_check(loss, params, grads)"
    _assert_errors(_check(ns, _squares_and_sines, params, grads, what),
                   _relative_errors(_squares_and_sines, params, grads, 1e-5), what)


@ex.test("q7", points=CHECK_POINTS, hidden=True)
def check_uses_the_step_it_is_given(ns):
    """sum(w**3) with h = 0.1 and h = 0.01: central differences are off by h**2"""
    params = {"w": np.array([1.0, 2.0, -0.5]), "u": np.array([[0.3, -1.2]])}
    grads = {"w": 3 * params["w"] ** 2, "u": 2 * params["u"]}
    for h in (0.1, 0.01):
        what = f"gradient_check(sum(w**3) + sum(u**2), params, grads, h={h})"
        _assert_errors(_check(ns, _sum_of_cubes, params, grads, what, h),
                       _relative_errors(_sum_of_cubes, params, grads, h), what)


@ex.test("q7", points=CHECK_POINTS, hidden=True)
def check_matches_gradients_by_name(ns):
    """shapes (1, 1) and (2, 3, 2), grads given in another order than params"""
    rng = np.random.default_rng(6)
    params = {"a": rng.normal(size=(1, 1)), "B": rng.normal(size=(2, 3, 2))}
    dB = 2 * params["a"].sum() * params["B"] - np.sin(params["B"])
    grads = {"B": 1.1 * dB, "a": np.full((1, 1), 0.9 * np.sum(params["B"] ** 2))}
    what = "gradient_check(loss, params, grads)"
    _assert_errors(_check(ns, _mixed_loss, params, grads, what),
                   _relative_errors(_mixed_loss, params, grads, 1e-5), what)


@ex.test("q7", points=CHECK_POINTS, hidden=True)
def check_of_zero_gradients_is_zero(ns):
    """a parameter the loss ignores, with a zero gradient, has error 0.0, not nan"""
    params = {"W": np.array([[0.5, -1.0], [2.0, 0.0]]), "c": np.array([[1.0], [-3.0]])}
    grads = {"W": 2 * params["W"], "c": np.zeros((2, 1))}
    what = "gradient_check(sum(W**2) + 3, params, grads)"
    got = _check(ns, _ignores_c, params, grads, what)
    _assert_errors(got, {"W": 0.0}, what)
    assert got["c"] == 0.0, f"{what}['c'] is {got['c']}; expected 0.0"
    got = _check(ns, _constant_loss, params, {k: np.zeros_like(v) for k, v in params.items()},
                 "gradient_check(constant loss, params, zero grads)")
    assert got == {"W": 0.0, "c": 0.0}, (
        f"gradient_check(constant loss, params, zero grads) returned {got}; expected 0.0 "
        "for both")


@ex.test("q7", points=CHECK_POINTS, hidden=True)
def check_of_a_missing_gradient_is_one(ns):
    """a zero gradient where the loss depends on W, a non-zero one where it ignores c"""
    params = {"W": np.array([[0.5, -1.0], [2.0, 0.0]]), "c": np.array([[1.0], [-3.0]])}
    grads = {"W": np.zeros((2, 2)), "c": np.array([[0.5], [-0.25]])}
    what = "gradient_check(sum(W**2) + 3, params, grads with dW = 0 and dc != 0)"
    got = _check(ns, _ignores_c, params, grads, what)
    _assert_errors(got, {"W": 1.0, "c": 1.0}, what)


# --- q8: the gradients of a network of any depth --------------------------------------------

ex.question("q8", "The gradients of a network of any depth", transfer=True, hints=[
    "Forward: loop l = 1, ..., L; keep each layer's input and its Z in a list; apply the "
    "ReLU after every layer but the last.",
    "The output is that of the chapter's digit network: dZ = P - Y with Y one-hot. K, the "
    "number of classes, is the number of rows of W_L, not the largest label + 1. Compute "
    "log P with each column's largest score subtracted first.",
    "Backward: loop l = L, ..., 1: dW = dZ @ A_in.T / m, db = the row sums of dZ / m, then "
    "the dZ of the layer below is (W.T @ dZ) * (Z_below > 0). With L = 1 that last step "
    "never happens.",
])


def _deep(X: np.ndarray, y: np.ndarray, params: dict) -> tuple[float, dict]:
    """The reference: loss and gradients of the ReLU network with a softmax output."""
    L, m = len(params) // 2, X.shape[1]
    inputs, pre = [], []
    A = X
    for k in range(1, L + 1):
        inputs.append(A)
        Z = params[f"W{k}"] @ A + params[f"b{k}"]
        pre.append(Z)
        A = np.maximum(Z, 0) if k < L else Z
    log_P = A - logsumexp(A, axis=0, keepdims=True)
    loss = float(-np.mean(log_P[y, np.arange(m)]))
    dZ = np.exp(log_P)
    dZ[y, np.arange(m)] -= 1
    grads = {}
    for k in range(L, 0, -1):
        grads[f"W{k}"] = dZ @ inputs[k - 1].T / m
        grads[f"b{k}"] = dZ.sum(axis=1, keepdims=True) / m
        if k > 1:
            dZ = (params[f"W{k}"].T @ dZ) * (pre[k - 2] > 0)
    return loss, grads


def _deep_params(sizes: list[int], seed: int) -> dict:
    rng = np.random.default_rng(seed)
    params = {}
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{k}"] = rng.normal(size=(n_out, n_in)) / math.sqrt(n_in)
        params[f"b{k}"] = rng.normal(size=(n_out, 1)) * 0.5
    return params


def _assert_deep(ns, X: np.ndarray, y: np.ndarray, params: dict, what: str) -> None:
    result = ns.function("network_gradients")(X, y, params)
    call = f"network_gradients(X, y, params) for {what}"
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{call} should return a pair (loss, grads), "
                             f"got {type(result).__name__}")
    loss, grads = result
    expected_loss, expected = _deep(X, y, params)
    assert_close(as_number(loss, f"{call}: the loss"), expected_loss, f"{call}: the loss",
                 rtol=1e-7)
    if not isinstance(grads, dict) or set(grads) != set(params):
        keys = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        raise AssertionError(f"{call}: grads should be a dict with the keys of params, "
                             f"{sorted(params)}; got {keys}")
    for name in params:
        got = as_array(grads[name], f"{call}: grads[{name!r}]")
        if got.shape != params[name].shape:
            raise AssertionError(f"{call}: grads[{name!r}] has shape {got.shape}, "
                                 f"expected that of params[{name!r}], {params[name].shape}")
        assert_close(got, expected[name], f"{call}: grads[{name!r}]", rtol=1e-6, atol=1e-10)


@ex.test("q8", points=1)
def gradients_of_two_layers(ns):
    """two layers, as the chapter's digit network: 4 inputs, 6 ReLU units, 3 classes"""
    rng = np.random.default_rng(20)
    X, y = rng.normal(size=(4, 8)), rng.integers(0, 3, size=8)
    _assert_deep(ns, X, y, _deep_params([4, 6, 3], seed=21), "2 layers")


@ex.test("q8", points=1)
def gradients_of_one_layer(ns):
    """L = 1: no hidden layer, a softmax regression from 5 inputs to 4 classes"""
    rng = np.random.default_rng(22)
    X, y = rng.normal(size=(5, 7)), rng.integers(0, 4, size=7)
    _assert_deep(ns, X, y, _deep_params([5, 4], seed=23), "1 layer")


@ex.test("q8", points=1, hidden=True)
def gradients_of_deeper_networks(ns):
    """three and four layers of different widths"""
    rng = np.random.default_rng(24)
    for sizes in ([3, 7, 5, 2], [6, 4, 8, 5, 3]):
        X, y = rng.normal(size=(sizes[0], 9)), rng.integers(0, sizes[-1], size=9)
        _assert_deep(ns, X, y, _deep_params(sizes, seed=len(sizes)),
                     f"{len(sizes) - 1} layers {sizes}")


@ex.test("q8", points=1, hidden=True)
def gradients_of_one_example_and_absent_classes(ns):
    """m = 1, and 6 examples that never show the last class of 5"""
    rng = np.random.default_rng(25)
    params = _deep_params([3, 4, 5], seed=26)
    _assert_deep(ns, rng.normal(size=(3, 1)), np.array([1]), params, "one example, y = [1]")
    _assert_deep(ns, rng.normal(size=(3, 6)), np.array([0, 3, 1, 0, 2, 3]), params,
                 "labels 0 to 3 of 5 classes")


@ex.test("q8", points=1, hidden=True)
def gradients_with_huge_scores(ns):
    """scores in the thousands: the loss and gradients stay finite and right"""
    rng = np.random.default_rng(27)
    params = _deep_params([4, 5, 3], seed=28)
    params["W2"] = params["W2"] * 2000
    X, y = rng.normal(size=(4, 6)), np.array([0, 1, 2, 0, 1, 2])
    assert np.abs(_deep(X, y, params)[0]) > 50  # the scores really are huge
    _assert_deep(ns, X, y, params, "scores in the thousands")


@ex.test("q8", points=1, hidden=True)
def relu_derivative_at_zero_is_zero(ns):
    """a column of zeros and zero biases: pre-activations exactly 0 pass no gradient"""
    rng = np.random.default_rng(29)
    params = _deep_params([3, 4, 4, 2], seed=30)
    params["b1"][[0, 2]] = 0.0
    params["b2"][:] = 0.0
    X = rng.normal(size=(3, 5))
    X[:, 2] = 0.0
    _assert_deep(ns, X, np.array([0, 1, 1, 0, 1]), params, "inputs with Z exactly 0")


# --- q9-q11: backward rules of Value --------------------------------------------------------

def _value_graph(variables, first, leaves, expression, functions=()):
    """a small graph of the notebook's Values, built with your methods"""
    import math

    import numpy as np

    from utils.grading.in_kernel import NotAttempted

    Value = variables.value("Value")
    if not isinstance(Value, type):
        raise AssertionError(f"`Value` should be the class of the notebook; it is a "
                             f"{type(Value).__name__}: was it overwritten?")
    env = {"Value": Value, "math": math, "np": np}
    for name in functions:
        func = variables.function(name)

        def guarded(*args, _func=func, _name=name):
            lists = [(a, list(a), [getattr(v, "data", v) for v in a])
                     for a in args if isinstance(a, list)]
            result = _func(*args)
            for given, items, numbers in lists:
                if (len(given) != len(items) or any(a is not b for a, b in zip(given, items))
                        or [getattr(v, "data", v) for v in given] != numbers):
                    raise AssertionError(f"{_name} changed the list it was given (or the "
                                         "Values in it): the caller still needs it")
            return result

        env[name] = guarded
    smoke = eval(first, dict(env))
    if smoke is None or smoke is Ellipsis:
        raise NotAttempted(f"{first} returned {smoke!r}: write it where it says "
                           "`# YOUR CODE HERE`, and `return` the new Value")
    nodes = {name: Value(number) for name, number in leaves.items()}
    shown = ", ".join(f"{name} = {number}" for name, number in leaves.items())
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        try:
            out = eval(expression, dict(env), dict(nodes))
            if out is None or out is Ellipsis:
                raise AssertionError(f"{expression} with {shown}: a step returned {out!r}, "
                                     "not a Value")
            if not isinstance(out, Value):
                raise AssertionError(f"{expression} with {shown} gave a "
                                     f"{type(out).__name__}, not a Value")
            out.backward()
        except (OverflowError, FloatingPointError) as error:
            raise AssertionError(f"{expression} with {shown} overflowed: "
                                 f"{type(error).__name__}: {error}") from None
    parents = [next((name for name, v in nodes.items() if v is parent), "another node")
               for parent in getattr(out, "_parents", ())]
    return {"data": float(out.data), "parents": parents,
            "grads": {name: float(v.grad) for name, v in nodes.items()}}


FIRST = {"mul": ("Value(2.0) * Value(3.0)", ()), "div": ("Value(3.0) / Value(2.0)", ()),
         "ce": ("value_cross_entropy([Value(1.0), Value(2.0)], 0)",
                ("value_cross_entropy",))}


def _assert_graph(ns, op: str, leaves: dict, expression: str, data: float, grads: dict,
                  note: str = "", parents: list[str] | None = None) -> None:
    """Build ``expression`` from Values ``leaves``; compare f.data and each leaf's grad,
    and, if ``parents`` is given, which leaves are the parents of the node f itself."""
    first, functions = FIRST[op]
    got = ns.probe(_value_graph, first, leaves, expression, list(functions))
    shown = ", ".join(f"{name} = {number}" for name, number in leaves.items())
    what = f"f = {expression} with {shown}"
    if parents is not None and (sorted(set(got["parents"])) != sorted(set(parents))
                                or "another node" in got["parents"]):
        raise AssertionError(f"{what}: the parents of the new Value f are "
                             f"{got['parents'] or 'none'}; expected {sorted(set(parents))}: "
                             "one node whose parents are the operands themselves")
    if not math.isclose(got["data"], data, rel_tol=1e-9, abs_tol=1e-12):
        raise AssertionError(f"{what}: f.data is {got['data']:.6g}, expected {data:.6g}")
    for name, expected in grads.items():
        value = got["grads"][name]
        if not math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12):
            raise AssertionError(f"{what}, after f.backward(): {name}.grad is {value:.6g}, "
                                 f"expected {expected:.6g}{note}")


# --- q9: the backward rule of multiplication ------------------------------------------------

ex.question("q9", "The backward rule of multiplication", hints=[
    "Copy the structure of __add__: wrap `other`, create `out` with parents (self, other), "
    "define _backward(grad), attach it to out and return out.",
    "d(ab)/da = b and d(ab)/db = a: self's gradient grows by other.data * grad, and "
    "other's by self.data * grad. No division: a factor may be 0.",
    "Use += (a Value used twice, as in a * a, receives gradient from both uses), and do not "
    "forget to multiply by grad, the gradient that reached `out`.",
])


@ex.test("q9", points=WARM_UP)
def product_of_two_values(ns):
    """c = a * b: c.data, then a.grad = b and b.grad = a"""
    _assert_graph(ns, "mul", {"a": 3.0, "b": -2.0}, "a * b", -6.0, {"a": -2.0, "b": 3.0},
                  parents=["a", "b"])


@ex.test("q9", points=WARM_UP)
def a_value_used_twice(ns):
    """a * a and a * b + a: the gradients of both uses add up"""
    _assert_graph(ns, "mul", {"a": 1.5}, "a * a", 2.25, {"a": 3.0},
                  " (both uses of a add to a.grad: +=, not =)")
    _assert_graph(ns, "mul", {"a": 3.0, "b": -2.0}, "a * b + a", -3.0, {"a": -1.0, "b": 3.0},
                  " (both uses of a add to a.grad: +=, not =)")


@ex.test("q9", points=WARM_UP, hidden=True)
def products_in_chains_and_with_numbers(ns):
    """(a * b) * c + a * 4, a * (b * c) and 3 * a + a * b * b"""
    _assert_graph(ns, "mul", {"a": 2.0, "b": -1.5, "c": 0.5}, "(a * b) * c + a * 4", 6.5,
                  {"a": -1.5 * 0.5 + 4, "b": 2.0 * 0.5, "c": 2.0 * -1.5})
    _assert_graph(ns, "mul", {"a": 1.5, "b": -2.0, "c": 0.25}, "a * (b * c)", -0.75,
                  {"a": -0.5, "b": 0.375, "c": -3.0},
                  " (are both factors among the parents of the product?)")
    _assert_graph(ns, "mul", {"a": -0.7, "b": 1.3}, "3 * a + a * b * b", -2.1 - 0.7 * 1.69,
                  {"a": 3 + 1.3**2, "b": 2 * -0.7 * 1.3})


@ex.test("q9", points=WARM_UP, hidden=True)
def product_with_a_zero_factor(ns):
    """a * b with b = 0: a.grad = 0 and b.grad = a; and a * 0 with a number"""
    _assert_graph(ns, "mul", {"a": 2.5, "b": 0.0}, "a * b", 0.0, {"a": 0.0, "b": 2.5})
    _assert_graph(ns, "mul", {"a": 0.0, "b": -4.0}, "a * b + b", 4.0 * 0 - 4.0,
                  {"a": -4.0, "b": 1.0})
    _assert_graph(ns, "mul", {"a": 1.75}, "a * 0 + a", 1.75, {"a": 1.0})


# --- q10: division as one node --------------------------------------------------------------

ex.question("q10", "Division as one node", hints=[
    "The structure is that of the chapter's multiply: wrap a plain number, create one new "
    "Value whose parents are the two operands, attach a _backward rule, return the new "
    "Value.",
    "As a function of a alone, a / b is a times the constant 1 / b. As a function of b "
    "alone, it is a times b**-1: differentiate the power.",
    "Check your rule on f = a / b with a = 3 and b = 2 against central differences of "
    "a / b; then on a / a, whose gradient must be 0.",
])

DIV_POINTS = WARM_UP


@ex.test("q10", points=DIV_POINTS)
def quotient_of_two_values(ns):
    """f = a / b with a = 3 and b = 2: f.data, a.grad and b.grad"""
    _assert_graph(ns, "div", {"a": 3.0, "b": 2.0}, "a / b", 1.5, {"a": 0.5, "b": -0.75},
                  parents=["a", "b"])


@ex.test("q10", points=DIV_POINTS)
def quotient_by_a_number_and_by_itself(ns):
    """a / 4, and a / a, whose gradient is 0 because both uses add up"""
    _assert_graph(ns, "div", {"a": -3.0}, "a / 4", -0.75, {"a": 0.25})
    _assert_graph(ns, "div", {"a": 1.7}, "a / a", 1.0, {"a": 0.0},
                  " (a is both the numerator and the denominator: add both contributions)")


@ex.test("q10", points=DIV_POINTS, hidden=True)
def quotients_in_chains(ns):
    """(a / b) / c and a / (b / c): quotients on both sides, and negative numbers"""
    a, b, c = 1.5, -2.0, 0.8
    _assert_graph(ns, "div", {"a": a, "b": b, "c": c}, "(a / b) / c", a / b / c,
                  {"a": 1 / (b * c), "b": -a / (b * b * c), "c": -a / (b * c * c)})
    _assert_graph(ns, "div", {"a": a, "b": b, "c": c}, "a / (b / c)", a * c / b,
                  {"a": c / b, "b": -a * c / b**2, "c": a / b},
                  " (are both the numerator and the denominator parents of the quotient?)")


@ex.test("q10", points=DIV_POINTS, hidden=True)
def quotient_with_a_zero_numerator(ns):
    """a zero numerator, 0 / b; and b / (a + a) + a"""
    _assert_graph(ns, "div", {"a": 0.0, "b": -2.5}, "a / b", 0.0, {"a": -0.4, "b": 0.0})
    a, b = 0.5, 3.0
    _assert_graph(ns, "div", {"a": a, "b": b}, "b / (a + a) + a", b / (2 * a) + a,
                  {"a": -2 * b / (2 * a) ** 2 + 1, "b": 1 / (2 * a)})


# --- q11: the softmax cross-entropy as one node -------------------------------------------

ex.question("q11", "The softmax cross-entropy as one node", transfer=True, hints=[
    "Start from the value: log(sum of exp(s_k)) - s_y. Subtracting the same number from "
    "every score changes neither the softmax nor the loss; which number keeps every "
    "exponential at most 1?",
    "For the backward rule, differentiate the loss with respect to one score s_k: the sum "
    "of exponentials depends on every s_k, and s_y appears once more on its own: two "
    "terms, the second only for k = y.",
    "One new Value, its parents the Values of `scores`, and a _backward that loops over "
    "them. Check it on [a, b] with a = b (the loss is log 2, the gradients -1/2 and 1/2), "
    "and on [a, a, b], where a must collect two contributions.",
])

CE_POINTS = 1


def _ce(scores: list[float], label: int) -> tuple[float, list[float]]:
    """The reference: the loss and its derivative with respect to each position."""
    s = np.asarray(scores, dtype=float)
    log_p = s - logsumexp(s)
    grads = np.exp(log_p)
    grads[label] -= 1
    return float(-log_p[label]), grads.tolist()


def _ce_leaves(leaves: dict, names: list[str], label: int) -> tuple[float, dict]:
    """Loss and leaf gradients of value_cross_entropy([leaves...], label), names may repeat."""
    loss, per_position = _ce([leaves[n] for n in names], label)
    grads = dict.fromkeys(leaves, 0.0)
    for name, g in zip(names, per_position):
        grads[name] += g
    return loss, grads


def _assert_ce(ns, leaves: dict, names: list[str], label: int, note: str = "",
               parents: bool = True, label_code: str | None = None) -> None:
    shown = str(label) if label_code is None else label_code
    expression = f"value_cross_entropy([{', '.join(names)}], {shown})"
    loss, grads = _ce_leaves(leaves, names, label)
    _assert_graph(ns, "ce", leaves, expression, loss, grads, note,
                  parents=list(names) if parents else None)


@ex.test("q11", points=CE_POINTS)
def cross_entropy_of_three_scores(ns):
    """scores 2, 1 and 0.1 with label 0, then label 2: one node, its value and gradients"""
    leaves = {"a": 2.0, "b": 1.0, "c": 0.1}
    _assert_ce(ns, leaves, ["a", "b", "c"], 0)
    _assert_ce(ns, leaves, ["a", "b", "c"], 2)


@ex.test("q11", points=CE_POINTS)
def cross_entropy_of_huge_scores(ns):
    """scores of +-1000: the loss is 2000 or about 0, finite, and no exp overflows"""
    leaves = {"a": 1000.0, "b": -1000.0, "c": 0.0}
    _assert_ce(ns, leaves, ["a", "b", "c"], 1,
               " (compute the loss and the probabilities so that no exp overflows)")
    _assert_ce(ns, leaves, ["a", "b", "c"], 0)


@ex.test("q11", points=CE_POINTS, hidden=True)
def cross_entropy_with_a_repeated_score(ns):
    """[a, a, b]: a's gradient collects both of its positions (label on a, then on b)"""
    leaves = {"a": 0.3, "b": -1.2}
    note = " (a Value that appears twice in scores gets both contributions: +=)"
    _assert_ce(ns, leaves, ["a", "a", "b"], 0, note, parents=False)
    _assert_ce(ns, leaves, ["a", "b", "a"], 1, note, parents=False)


@ex.test("q11", points=CE_POINTS, hidden=True)
def cross_entropy_inside_a_graph(ns):
    """a loss on an intermediate node, two losses summed, and a loss added to itself"""
    a, b, c = 0.7, -0.4, 1.9
    leaves = {"a": a, "b": b, "c": c}
    first, g_first = _ce([a + b, b, c], 2)
    second, g_second = _ce([a, c], 0)
    expected = {"a": g_first[0] + g_second[0], "b": g_first[0] + g_first[1],
                "c": g_first[2] + g_second[1]}
    _assert_graph(ns, "ce", leaves,
                  "value_cross_entropy([a + b, b, c], 2) + value_cross_entropy([a, c], 0)",
                  first + second, expected, " (multiply each local derivative by grad)")
    loss, g = _ce([a, b], 1)
    _assert_graph(ns, "ce", leaves, "(lambda l: l + l)(value_cross_entropy([a, b], 1))",
                  2 * loss, {"a": 2 * g[0], "b": 2 * g[1], "c": 0.0},
                  " (the gradient that reaches the node is 2 here: multiply by grad)")


@ex.test("q11", points=CE_POINTS, hidden=True)
def cross_entropy_of_one_or_many_classes(ns):
    """K = 1 (loss 0), K = 6 with the last label, and a NumPy integer label"""
    _assert_ce(ns, {"a": 3.5}, ["a"], 0)
    leaves = {name: value for name, value in zip("abcdef", (0.5, -2.0, 4.0, 1.5, 0.0, -0.5))}
    _assert_ce(ns, leaves, list("abcdef"), 5)
    _assert_ce(ns, leaves, list("fedcba"), 3, label_code="np.int64(3)")


@ex.test("q11", points=CE_POINTS, hidden=True)
def cross_entropy_of_scores_far_from_zero(ns):
    """scores near 750 and near -800: neither overflow nor log(0)"""
    _assert_ce(ns, {"a": 750.0, "b": 740.0, "c": 745.0}, ["a", "b", "c"], 1)
    _assert_ce(ns, {"a": -800.0, "b": -805.0}, ["a", "b"], 1)
    _assert_ce(ns, {"a": -800.0, "b": 30.0}, ["a", "b"], 0)
