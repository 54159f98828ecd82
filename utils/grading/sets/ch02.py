"""Tests of the Chapter 2 exercises (``solutions/02_math.md``).

Expected values are computed here, independently of the notebook, with NumPy. Questions 2
to 5 rebuild functions of the chapter (warm-ups, half a point per test); questions 1, 6, 7
(label smoothing) and 8 (the gradient with respect to the inputs) apply its ideas to cases
it did not code. Questions 4, 7 and 8 run with correct versions of the earlier answers they
may call (``replace=``), so that a mistake in an earlier answer is charged once, where it
was made.
"""

from __future__ import annotations

import importlib.util

import numpy as np

from utils.grading.expect import as_array, as_number, assert_close
from utils.grading.namespace import Code, raises
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch02", title="Chapter 2 exercises")

WARM_UP = 0.5  # points of each test of a warm-up question


# PyTorch's automatic differentiation: questions 7 and 8 ask for a gradient derived by hand
AUTOGRAD = ["torch.Tensor.backward", "torch.autograd.backward", "torch.autograd.grad",
            "torch.autograd.functional.vjp", "torch.autograd.functional.jvp",
            "torch.autograd.functional.jacobian", "torch.func.grad", "torch.func.grad_and_value",
            "torch.func.vjp", "torch.func.jvp", "torch.func.jacrev", "torch.func.jacfwd"]
# ready-made softmax, log-softmax and log-sum-exp: question 3 asks for them written out
READY_SOFTMAX = ["scipy.special.softmax", "scipy.special.log_softmax",
                 "scipy.special.logsumexp"]
TORCH_SOFTMAX = [f"torch.{where}{name}" for name in ("softmax", "log_softmax", "logsumexp")
                 for where in ("", "Tensor.", "special.")] + [
    "torch.nn.functional.softmax", "torch.nn.functional.log_softmax"]
if importlib.util.find_spec("torch") is None:  # nothing to ban where PyTorch is missing
    AUTOGRAD, TORCH_SOFTMAX = [], []


def _logsumexp(z: np.ndarray) -> np.ndarray:
    """log(sum(exp(z))) along the last axis, computed stably, in float64."""
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=-1, keepdims=True)
    return (m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))).squeeze(-1)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    return np.exp(z - _logsumexp(z)[..., None])


def _cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    logits = np.asarray(logits, dtype=float)
    return float(np.mean(_logsumexp(logits) - logits[np.arange(len(labels)), labels]))


def _cross_entropy_gradient(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    one_hot = np.eye(np.shape(logits)[1])[labels]
    return (_softmax(logits) - one_hot) / len(labels)


# --- correct earlier answers, bound in the notebook while a later answer runs (replace=) ---
# Each is sent as source and must use nothing but ``np``.

def _softmax_ref(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _cross_entropy_ref(logits, labels):
    z = np.asarray(logits, dtype=float)
    m = np.max(z, axis=1, keepdims=True)
    log_sum_exp = (m + np.log(np.sum(np.exp(z - m), axis=1, keepdims=True)))[:, 0]
    return float(np.mean(log_sum_exp - z[np.arange(len(labels)), labels]))


def _smoothed_cross_entropy_ref(logits, labels, eps):
    z = np.asarray(logits, dtype=float)
    n, classes = z.shape
    targets = np.full((n, classes), eps / classes)
    targets[np.arange(n), labels] += 1 - eps
    m = np.max(z, axis=1, keepdims=True)
    log_probs = z - (m + np.log(np.sum(np.exp(z - m), axis=1, keepdims=True)))
    return float(-np.sum(targets * log_probs) / n), (np.exp(log_probs) - targets) / n


EARLIER_SOFTMAX = {"softmax": _softmax_ref}
EARLIER_LOSS = {"softmax": _softmax_ref, "cross_entropy": _cross_entropy_ref}
# question 8 may reuse question 7's gradient (with eps = 0)
EARLIER_GRADIENT = EARLIER_LOSS | {"smoothed_cross_entropy": _smoothed_cross_entropy_ref}


def _brief(array: np.ndarray) -> str:
    """An array on one short line, for a failure message."""
    text = " ".join(np.array2string(np.asarray(array), threshold=8, precision=4).split())
    return text if len(text) <= 80 else text[:77] + "..."


def _array(got, shape: tuple, what: str) -> np.ndarray:
    """``got`` must be a NumPy array of ``shape``; it is returned."""
    if not isinstance(got, np.ndarray):
        raise AssertionError(f"{what} returned a {type(got).__name__}; expected a NumPy "
                             f"array of shape {shape}")
    got = as_array(got, what)
    if got.shape != tuple(shape):
        raise AssertionError(f"{what} returned shape {got.shape}, expected {tuple(shape)}")
    return got


def _assert_close_or_scaled(got: np.ndarray, expected: np.ndarray, what: str,
                            rtol: float = 1e-6, atol: float = 1e-10) -> None:
    """``assert_close``, and when every value is off by one same factor, say so."""
    try:
        assert_close(got, expected, what, rtol=rtol, atol=atol)
    except AssertionError as error:
        nonzero = np.abs(expected) > 1e-8
        if got.shape == expected.shape and np.any(nonzero):
            ratios = got[nonzero] / expected[nonzero]
            if np.allclose(ratios, ratios[0], rtol=1e-6) and np.allclose(
                    got[~nonzero], 0, atol=1e-10) and not np.isclose(ratios[0], 1):
                raise AssertionError(f"{error} (every value is {ratios[0]:.4g} times the "
                                     "expected one)") from None
        raise


# --- q1: broadcast shapes -------------------------------------------------------------------

# NumPy 1.x also offers them as np.lib.stride_tricks.broadcast_*; NumPy 2 no longer does
BROADCAST_BANS = ["numpy.broadcast_shapes", "numpy.broadcast", "numpy.broadcast_arrays",
                  "numpy.broadcast_to", "numpy.nditer",
                  "numpy.lib.stride_tricks.as_strided"] + [
    f"numpy.lib.stride_tricks.{name}"
    for name in ("broadcast_shapes", "broadcast_arrays", "broadcast_to")
    if hasattr(np.lib.stride_tricks, name)]

ex.question("q1", "Broadcast shapes", transfer=True, bans=BROADCAST_BANS, hints=[
    "Line the two shapes up from the right; a shape with fewer axes gets 1s on its left.",
    "For each pair of sizes: equal is fine, and a 1 takes the other size; anything else is an "
    "error.",
    "A size of 0 is a size like any other: 0 and 1 give 0, 0 and 3 cannot be broadcast.",
])


def _shape(ns, a: tuple, b: tuple) -> tuple:
    got = ns.function("broadcast_shape")(a, b)
    if not isinstance(got, tuple) or not all(isinstance(n, (int, np.integer))
                                             and not isinstance(n, bool) for n in got):
        raise AssertionError(f"broadcast_shape({a}, {b}) returned {got!r}; "
                             "expected a tuple of ints")
    return tuple(int(n) for n in got)


def _expect_shape(ns, a: tuple, b: tuple) -> None:
    got, expected = _shape(ns, a, b), np.broadcast_shapes(a, b)
    assert got == expected, f"broadcast_shape({a}, {b}) returned {got}, expected {expected}"


@ex.test("q1", points=1)
def bias_added_to_a_batch(ns):
    """(4, 3) and (3,): a bias vector added to a batch"""
    _expect_shape(ns, (4, 3), (3,))


@ex.test("q1", points=1)
def column_minus_vector(ns):
    """(5, 1) and (5,): the trap of the chapter"""
    _expect_shape(ns, (5, 1), (5,))


@ex.test("q1", points=1, hidden=True)
def many_shapes_agree_with_numpy(ns):
    """shapes with 0 to 4 axes, sizes of 0 and 1 included"""
    cases = [((), (3,)), ((), ()), ((8, 1, 6, 1), (7, 1, 5)), ((2, 3, 4), (1, 4)),
             ((1,), (1,)), ((3, 1, 1), (1, 4, 1)), ((6,), (2, 1, 6)), ((0,), (1,)),
             ((2, 1), (1, 0)), ((1, 2, 3, 4), ())]
    for a, b in cases:
        _expect_shape(ns, a, b)


@ex.test("q1", points=1, hidden=True)
def incompatible_shapes_raise_value_error(ns):
    """(3,) and (4,), (2, 3) and (3, 2), (0,) and (3,) cannot be broadcast: ValueError"""
    func = ns.function("broadcast_shape")
    for a, b in [((3,), (4,)), ((2, 3), (3, 2)), ((5, 4), (5,)), ((0,), (3,)),
                 ((2, 1, 3), (4, 3, 1))]:
        what = f"broadcast_shape({a}, {b})"
        try:
            raises("ValueError", lambda a=a, b=b: func(a, b), what)
        except AssertionError as error:
            if str(error).startswith("broadcast_shape"):  # the grader's own message
                raise
            # an `assert` in the student's code: its AssertionError arrives as a failure
            raise AssertionError(f"{what} failed an assertion ({error}); expected it to "
                                 "raise ValueError") from None


@ex.test("q1", points=1, hidden=True)
def shapes_too_large_for_memory(ns):
    """(10**7, 1) and (1, 10**7): an answer, without building a 10**14-element array"""
    _expect_shape(ns, (10**7, 1), (1, 10**7))
    _expect_shape(ns, (3, 1, 10**6), (10**6, 1))


# --- q2: a numerical gradient (warm-up) -----------------------------------------------------

ex.question("q2", "A numerical gradient", hints=[
    "One entry at a time: build w + h e_i and w - h e_i, two arrays of w's own shape that "
    "differ from w in entry i only, and apply the formula of the question.",
    "f expects an array of w's shape (a matrix, say), not a flattened vector: .flat[i] or "
    "np.ndindex reach every entry of an array of any shape without reshaping it.",
    "An integer array cannot hold w[i] + 1e-5: work on a copy of w in floats.",
])


def _sum_of_squares(w):
    return np.sum(w**2)


def _sum_of_cubes(w):
    return np.sum(w**3)


def _sin_times_w(w):
    return np.sum(np.sin(w) * w)


def _matrix_times_vector(w):
    return np.sum((w @ np.array([1.0, -2.0, 0.5])) ** 2)


def _check_gradient(ns, f, w, expected, what: str, **kwargs) -> None:
    """The student's gradient of ``f`` (sent to the notebook as code) at ``w``."""
    got = _array(ns.function("numerical_gradient")(Code(f), w, **kwargs), w.shape, what)
    if got.dtype.kind != "f":
        raise AssertionError(f"{what} returned an array of {got.dtype}; expected floats")
    assert_close(got, expected, what, rtol=1e-7, atol=1e-9)


@ex.test("q2", points=WARM_UP)
def gradient_of_a_quadratic(ns):
    """f(w) = sum(w**2) at a 3-vector: gradient 2w"""
    w = np.array([1.0, -2.0, 0.5])
    _check_gradient(ns, _sum_of_squares, w, 2 * w,
                    "numerical_gradient(sum of squares, [1, -2, 0.5])")


@ex.test("q2", points=WARM_UP)
def gradient_of_a_cubic_is_central(ns):
    """f(w) = sum(w**3): only a central difference is accurate to 1e-7"""
    w = np.array([2.0, -1.0, 3.0])
    _check_gradient(ns, _sum_of_cubes, w, 3 * w**2 + 1e-10,
                    "numerical_gradient(sum of cubes, [2, -1, 3])")


@ex.test("q2", points=WARM_UP, hidden=True)
def gradient_of_an_integer_matrix(ns):
    """f(W) = sum(sin(W) * W) for a 3x4 matrix, of floats and of integers; a function that
    needs its matrix: sum((W @ v)**2) for a 2x3 W"""
    v = np.array([1.0, -2.0, 0.5])
    W = np.array([[0.5, 1.0, -1.5], [2.0, 0.0, 1.0]])
    _check_gradient(ns, _matrix_times_vector, W, 2 * np.outer(W @ v, v),
                    "numerical_gradient(sum((W @ [1, -2, 0.5])**2), a 2x3 matrix W)")
    W = np.random.default_rng(2).normal(size=(3, 4))
    _check_gradient(ns, _sin_times_w, W, np.cos(W) * W + np.sin(W),
                    "numerical_gradient(sum(sin(W) * W), a 3x4 matrix)")
    W = np.array([[1, -2, 3, 0], [4, 2, -1, 5], [0, 1, 1, -3]])
    _check_gradient(ns, _sin_times_w, W, np.cos(W) * W + np.sin(W),
                    "numerical_gradient(sum(sin(W) * W), a 3x4 matrix of integers)")


@ex.test("q2", points=WARM_UP, hidden=True)
def gradient_uses_the_step_it_is_given(ns):
    """h = 0.1 and h = 0.01: on sum(w**3) a central difference gives 3 w**2 + h**2"""
    w = np.array([2.0, -1.0, 3.0])
    _check_gradient(ns, _sum_of_cubes, w, 3 * w**2 + 0.01,
                    "numerical_gradient(sum of cubes, [2, -1, 3], h=0.1)", h=0.1)
    got = _array(ns.function("numerical_gradient")(Code(_sum_of_cubes), w, 0.01), w.shape,
                 "numerical_gradient(sum of cubes, [2, -1, 3], 0.01)")
    assert_close(got, 3 * w**2 + 1e-4, "numerical_gradient(sum of cubes, [2, -1, 3], 0.01)",
                 rtol=1e-7, atol=1e-9)


# --- q3: a stable softmax (warm-up) ---------------------------------------------------------

ex.question("q3", "A stable softmax", bans=READY_SOFTMAX + TORCH_SOFTMAX, hints=[
    "Subtract the largest score before exponentiating: it changes nothing mathematically.",
    "For a batch, the maximum and the sum are per row: axis=-1 with keepdims=True.",
    "Work on a new array: z - m is one, `z -= m` changes the caller's scores.",
])


def _check_softmax(ns, z, what: str, rtol: float = 1e-6, atol: float = 1e-12) -> None:
    with np.errstate(all="ignore"):
        got = ns.function("softmax")(z)
    got = _array(got, z.shape, what)
    if not np.all(np.isfinite(got)):
        raise AssertionError(f"{what} returned {_brief(got)}: not every value is a finite "
                             "number (an overflow, or 0 / 0?)")
    assert_close(got, _softmax(z), what, rtol=rtol, atol=atol)


@ex.test("q3", points=WARM_UP)
def softmax_of_small_scores(ns):
    """softmax([2, 1, -1])"""
    _check_softmax(ns, np.array([2.0, 1.0, -1.0]), "softmax([2, 1, -1])")


@ex.test("q3", points=WARM_UP)
def softmax_of_huge_scores(ns):
    """softmax([1000, 999, 990]) without overflow"""
    _check_softmax(ns, np.array([1000.0, 999.0, 990.0]), "softmax([1000, 999, 990])")


@ex.test("q3", points=WARM_UP, hidden=True)
def softmax_of_very_negative_scores_and_one_class(ns):
    """scores below -709 (exp underflows to 0) and a single class"""
    _check_softmax(ns, np.array([-1000.0, -1001.0, -1010.0]), "softmax([-1000, -1001, -1010])")
    _check_softmax(ns, np.array([-800.0, -800.0]), "softmax([-800, -800])")
    _check_softmax(ns, np.array([1000.0, -1000.0]), "softmax([1000, -1000])")
    _check_softmax(ns, np.array([5.0]), "softmax([5.0]), one class")
    _check_softmax(ns, np.array([[3.0], [-1000.0]]), "softmax of a (2, 1) batch, one class")


@ex.test("q3", points=WARM_UP, hidden=True)
def softmax_of_a_batch_is_per_row(ns):
    """a batch of 6 rows of 4 scores, some near ±1000, in float64 and float32"""
    z = np.random.default_rng(4).normal(size=(6, 4)) * 5
    z[2] += 1000
    z[4] -= 1000
    _check_softmax(ns, z, "softmax of a (6, 4) batch")
    # float32 holds 1000 to about 6e-5: z - 1000 can be off by that much, exp(z) likewise
    _check_softmax(ns, z.astype(np.float32), "softmax of a (6, 4) float32 batch",
                   rtol=3e-4, atol=1e-7)


# --- q4: cross-entropy from logits (warm-up) ------------------------------------------------

ex.question("q4", "Cross-entropy from logits", hints=[
    "For one example, the loss is log(sum(exp(z))) - z[label]: the log-sum-exp minus the "
    "true class's logit.",
    "Compute the log-sum-exp stably: m + log(sum(exp(z - m))) with m the row's maximum.",
    "logits[np.arange(len(labels)), labels] picks each row's true-class logit; return the "
    "mean over the batch.",
])


def _check_cross_entropy(ns, logits, labels, what: str, rtol: float = 1e-6) -> None:
    with np.errstate(all="ignore"):
        got = ns.function("cross_entropy", replace=EARLIER_SOFTMAX)(logits, labels)
    assert_close(got, _cross_entropy(logits, labels), what, rtol=rtol, atol=1e-9)


@ex.test("q4", points=WARM_UP)
def cross_entropy_of_a_small_batch(ns):
    """two examples, three classes"""
    _check_cross_entropy(ns, np.array([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]]), np.array([0, 1]),
                         "cross_entropy on 2 examples")


@ex.test("q4", points=WARM_UP)
def cross_entropy_of_confident_logits(ns):
    """logits of ±800: no overflow, no infinity"""
    _check_cross_entropy(ns, np.array([[800.0, -800.0], [800.0, -800.0]]), np.array([0, 1]),
                         "cross_entropy with logits of ±800")


@ex.test("q4", points=WARM_UP, hidden=True)
def cross_entropy_is_a_batch_mean(ns):
    """50 random examples with 10 classes, in float64 and float32: the mean, not the sum"""
    rng = np.random.default_rng(8)
    logits, labels = rng.normal(size=(50, 10)) * 4, rng.integers(0, 10, size=50)
    _check_cross_entropy(ns, logits, labels, "cross_entropy on 50 examples")
    _check_cross_entropy(ns, logits.astype(np.float32), labels,
                         "cross_entropy on 50 examples in float32", rtol=1e-5)


@ex.test("q4", points=WARM_UP, hidden=True)
def cross_entropy_of_extreme_rows(ns):
    """rows near 1000 and near 0, rows below -709, a sure answer, one example, one class"""
    cases = [(np.array([[1000.0, 999.0], [0.0, 1.0]]), np.array([1, 1]),
              "cross_entropy([[1000, 999], [0, 1]], [1, 1])"),
             (np.array([[-1000.0, -1001.0, -1005.0]]), np.array([2]),
              "cross_entropy([[-1000, -1001, -1005]], [2])"),
             (np.array([[0.0, 50.0, 0.0]]), np.array([1]), "cross_entropy([[0, 50, 0]], [1])"),
             (np.array([[2.0], [-3.0]]), np.array([0, 0]), "cross_entropy with one class")]
    for logits, labels, what in cases:
        _check_cross_entropy(ns, logits, labels, what)


# --- q5: gradient descent with its trajectory (warm-up) -------------------------------------

ex.question("q5", "Gradient descent", hints=[
    "Keep a list of points, starting with a float copy of w0.",
    "Each step: w = w - lr * grad_fn(w), a new array; append it.",
    "Return np.array(points): steps + 1 rows, the first one the start.",
])


def _descend(grad_fn, w0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    path = [np.asarray(w0, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * grad_fn(path[-1]))
    return np.array(path)


def _quadratic_gradient(w):
    return np.array([2.0, 20.0]) * (w - np.array([3.0, -1.0]))


def _twice(w):
    return 2 * w


def _check_descent(ns, grad_fn, w0, lr: float, steps: int, what: str) -> np.ndarray:
    got = ns.function("gradient_descent")(Code(grad_fn), w0, lr, steps)
    got = _array(got, (steps + 1, len(w0)), what)
    assert_close(got, _descend(grad_fn, w0, lr, steps), what)
    return got


@ex.test("q5", points=WARM_UP)
def trajectory_starts_at_the_start(ns):
    """three steps on the chapter's bowl: 4 points, the first one w0"""
    _check_descent(ns, _quadratic_gradient, np.array([-0.5, 0.8]), 0.05, 3,
                   "gradient_descent(bowl gradient, [-0.5, 0.8], lr=0.05, steps=3)")


@ex.test("q5", points=WARM_UP)
def trajectory_of_one_dimension(ns):
    """f(w) = w**2 from w = 4, lr 0.3, 5 steps"""
    _check_descent(ns, _twice, np.array([4.0]), 0.3, 5,
                   "gradient_descent(2w, [4.0], lr=0.3, steps=5)")


@ex.test("q5", points=WARM_UP, hidden=True)
def trajectory_reaches_the_minimum(ns):
    """100 steps at lr 0.09 end within 1e-6 of (3, -1)"""
    got = _check_descent(ns, _quadratic_gradient, np.array([-0.5, 0.8]), 0.09, 100,
                         "gradient_descent(bowl gradient, [-0.5, 0.8], lr=0.09, steps=100)")
    assert np.linalg.norm(got[-1] - [3.0, -1.0]) < 1e-6, f"ended at {got[-1]}, not (3, -1)"


@ex.test("q5", points=WARM_UP, hidden=True)
def trajectory_from_an_integer_start_and_no_steps(ns):
    """a start of integers, and zero steps (just the start)"""
    _check_descent(ns, _twice, np.array([4, -2]), 0.25, 4,
                   "gradient_descent(2w, np.array([4, -2]), lr=0.25, steps=4)")
    _check_descent(ns, _quadratic_gradient, np.array([1.0, 2.0]), 0.01, 0,
                   "gradient_descent(bowl gradient, [1, 2], lr=0.01, steps=0)")


# --- q6: the largest and the best learning rates ------------------------------------------

ex.question("q6", "The best learning rate for a quadratic", transfer=True, hints=[
    "np.linalg.eigvalsh(A) gives the eigenvalues of a symmetric matrix. The diagonal of A "
    "holds them only when A is diagonal.",
    "Divergence: some factor |1 - lr * eigenvalue| is above 1. Which eigenvalue makes that "
    "happen first as lr grows?",
    "Sketch max |1 - lr * eigenvalue| against lr for three eigenvalues: which of them decide "
    "the maximum? The best lr is where two of these lines cross.",
])


def _rates(ns, A: np.ndarray, what: str) -> tuple[float, float]:
    got = ns.function("learning_rates")(A)
    if isinstance(got, np.ndarray) and got.shape == (2,):  # more than the text asks: fine
        got = tuple(got)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise AssertionError(f"{what} returned {got!r}; expected two numbers, "
                             "(largest, best)")
    return as_number(got[0], f"{what}[0] (largest)"), as_number(got[1], f"{what}[1] (best)")


def _check_rates(ns, A: np.ndarray, what: str) -> None:
    largest, best = _rates(ns, A, what)
    eigenvalues = np.linalg.eigvalsh(np.asarray(A, dtype=float))
    low, high = eigenvalues.min(), eigenvalues.max()
    assert_close(largest, 2 / high, f"{what}: largest")
    assert_close(best, 2 / (low + high), f"{what}: best")


@ex.test("q6", points=1)
def rates_for_the_chapter_bowl(ns):
    """A = diag(2, 20), the chapter's bowl"""
    _check_rates(ns, np.diag([2.0, 20.0]), "learning_rates(diag(2, 20))")


@ex.test("q6", points=1)
def rates_for_one_dimension(ns):
    """A = [[4]], f(w) = 2 w**2: a single curvature"""
    _check_rates(ns, np.array([[4.0]]), "learning_rates([[4.0]])")


@ex.test("q6", points=1, hidden=True)
def rates_for_a_rotated_bowl_in_three_dimensions(ns):
    """a symmetric 3x3 A that is not diagonal, eigenvalues 0.5, 3 and 12"""
    Q, _ = np.linalg.qr(np.random.default_rng(6).normal(size=(3, 3)))
    A = Q @ np.diag([0.5, 3.0, 12.0]) @ Q.T
    _check_rates(ns, (A + A.T) / 2, "learning_rates(a rotated 3x3 A)")


@ex.test("q6", points=1, hidden=True)
def rates_for_equal_curvatures_and_integers(ns):
    """A = 3 I (all curvatures equal), and an A of integers, [[2, 1], [1, 2]]"""
    _check_rates(ns, 3.0 * np.eye(4), "learning_rates(3 * np.eye(4))")
    _check_rates(ns, np.array([[2, 1], [1, 2]]), "learning_rates(np.array([[2, 1], [1, 2]]))")


@ex.test("q6", points=1, hidden=True)
def rates_behave_as_promised(ns):
    """on a 4x4 A: diverges above `largest`, and no nearby rate beats `best`"""
    Q, _ = np.linalg.qr(np.random.default_rng(9).normal(size=(4, 4)))
    eigenvalues = np.array([0.2, 1.0, 4.0, 7.5])
    A = Q @ np.diag(eigenvalues) @ Q.T
    A = (A + A.T) / 2
    largest, best = _rates(ns, A, "learning_rates(a 4x4 A)")

    def factor(lr: float) -> float:  # how much the slowest direction shrinks per step
        return float(np.max(np.abs(1 - lr * eigenvalues)))

    assert factor(0.99 * largest) < 1, (
        f"gradient descent diverges at 0.99 x largest = {0.99 * largest:.4g}")
    assert factor(1.01 * largest) > 1, (
        f"gradient descent still converges at 1.01 x largest = {1.01 * largest:.4g}")
    for scale in (0.97, 1.03):
        assert factor(scale * best) > factor(best), (
            f"with best = {best:.4g}, the rate {scale} x best converges faster "
            f"(factor {factor(scale * best):.4f} per step against {factor(best):.4f})")


# --- q7: cross-entropy with label smoothing, and its gradient --------------------------------

# PyTorch's cross-entropy computes the smoothed loss that question 7 asks to write
# (nn.CrossEntropyLoss calls it too)
TORCH_CROSS_ENTROPY = ["torch.nn.functional.cross_entropy"]
if importlib.util.find_spec("torch") is None:
    TORCH_CROSS_ENTROPY = []

ex.question("q7", "Cross-entropy with label smoothing", transfer=True,
            bans=AUTOGRAD + TORCH_CROSS_ENTROPY, hints=[
    "Build the target matrix first: eps / classes everywhere, plus 1 - eps at each "
    "example's label. Every row sums to 1.",
    "Write log softmax(z)_k = z_k - logsumexp(z), computed stably. The loss is minus the "
    "mean over the batch of sum_k q_k log softmax(z)_k; with eps = 0 it is Question 4's.",
    "Differentiate one example's loss, logsumexp(z) - sum_k q_k z_k (the q_k sum to 1), with "
    "respect to z_k, as the chapter did for a one-hot target; then divide by the batch size.",
])


def _smoothed_targets(labels: np.ndarray, classes: int, eps: float) -> np.ndarray:
    return (1 - eps) * np.eye(classes)[labels] + eps / classes


def _smoothed_cross_entropy(logits, labels, eps: float) -> tuple[float, np.ndarray]:
    logits = np.asarray(logits, dtype=float)
    targets = _smoothed_targets(labels, logits.shape[1], eps)
    log_probs = logits - _logsumexp(logits)[:, None]
    loss = float(-np.mean(np.sum(targets * log_probs, axis=1)))
    return loss, (_softmax(logits) - targets) / len(labels)


def _check_smoothed(ns, logits, labels, eps: float, what: str) -> None:
    with np.errstate(all="ignore"):
        got = ns.function("smoothed_cross_entropy", replace=EARLIER_LOSS)(logits, labels, eps)
    if isinstance(got, np.ndarray) or not isinstance(got, (tuple, list)) or len(got) != 2:
        raise AssertionError(f"{what} returned {type(got).__name__}; expected two things, "
                             "(loss, grad)")
    loss = as_number(got[0], f"{what}: the loss")
    grad = _array(got[1], logits.shape, f"{what}: grad")
    if not np.isfinite(loss) or not np.all(np.isfinite(grad)):
        raise AssertionError(f"{what} returned the loss {loss} and the gradient "
                             f"{_brief(grad)}: not every value is a finite number (the log "
                             "of a probability that underflowed to 0?)")
    expected_loss, expected_grad = _smoothed_cross_entropy(logits, labels, eps)
    assert_close(loss, expected_loss, f"{what}: the loss", rtol=1e-6, atol=1e-9)
    _assert_close_or_scaled(grad, expected_grad, f"{what}: grad")


@ex.test("q7", points=1)
def smoothing_of_a_small_batch(ns):
    """two examples, three classes, eps = 0.1"""
    _check_smoothed(ns, np.array([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]]), np.array([0, 1]), 0.1,
                    "smoothed_cross_entropy([[2, 0.5, -1], [0.1, 0.2, 3]], [0, 1], 0.1)")


@ex.test("q7", points=1)
def smoothing_of_confident_logits(ns):
    """logits of ±1000 with eps = 0.2 (a finite loss); logits of about 10**7"""
    _check_smoothed(ns, np.array([[1000.0, -1000.0], [1000.0, -1000.0]]), np.array([0, 1]),
                    0.2, "smoothed_cross_entropy([[1000, -1000], [1000, -1000]], [0, 1], 0.2)")
    logits = 1e7 + np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]])
    _check_smoothed(ns, logits, np.array([2, 1]), 0.1,
                    "smoothed_cross_entropy(1e7 + [[0.5, -1, 2], [1.5, 0, -0.5]], [2, 1], 0.1)")


@ex.test("q7", points=1, hidden=True)
def smoothing_of_zero_and_of_one(ns):
    """eps = 0 is the chapter's cross-entropy (logits of ±1000 included); eps = 1 is a
    uniform target"""
    rng = np.random.default_rng(17)
    logits, labels = rng.normal(size=(7, 4)) * 3, np.array([3, 0, 0, 2, 1, 3, 2])
    _check_smoothed(ns, logits, labels, 0.0, "smoothed_cross_entropy(7 x 4 logits, eps=0)")
    _check_smoothed(ns, np.array([[1000.0, -1000.0, 0.0]]), np.array([0]), 0.0,
                    "smoothed_cross_entropy([[1000, -1000, 0]], [0], eps=0)")
    _check_smoothed(ns, logits, labels, 1.0, "smoothed_cross_entropy(7 x 4 logits, eps=1)")


@ex.test("q7", points=1, hidden=True)
def smoothing_is_for_the_batch_mean(ns):
    """50 random examples with 10 classes, eps = 0.1, and the same logits shifted by 10**7"""
    rng = np.random.default_rng(19)
    logits, labels = rng.normal(size=(50, 10)) * 4, rng.integers(0, 10, size=50)
    _check_smoothed(ns, logits, labels, 0.1, "smoothed_cross_entropy on 50 examples")
    _check_smoothed(ns, logits + 1e7, labels, 0.1,
                    "smoothed_cross_entropy on 50 examples, every logit plus 1e7")


@ex.test("q7", points=1, hidden=True)
def smoothing_of_one_example_integer_logits_and_one_class(ns):
    """a batch of one, integer logits, logits below -709, a single class (loss and
    gradient 0)"""
    _check_smoothed(ns, np.array([[0.5, -1.5, 2.0, 0.0]]), np.array([3]), 0.3,
                    "smoothed_cross_entropy([[0.5, -1.5, 2, 0]], [3], 0.3)")
    _check_smoothed(ns, np.array([[3, 1, 0], [-2, 4, 1], [0, 0, 0]]), np.array([0, 2, 1]),
                    0.15, "smoothed_cross_entropy of integer logits, eps=0.15")
    _check_smoothed(ns, np.array([[-1000.0, -1002.0, -999.0]]), np.array([1]), 0.05,
                    "smoothed_cross_entropy([[-1000, -1002, -999]], [1], 0.05)")
    _check_smoothed(ns, np.array([[1.5], [-2.0], [0.0]]), np.array([0, 0, 0]), 0.1,
                    "smoothed_cross_entropy with one class")


@ex.test("q7", points=1, hidden=True)
def smoothing_of_a_large_batch_of_huge_logits(ns):
    """400 examples with 100 classes, logits of about 10**7, eps = 0.05: a formula, not a
    numerical gradient"""
    rng = np.random.default_rng(38)
    logits, labels = 1e7 + rng.normal(size=(400, 100)), rng.integers(0, 100, size=400)
    _check_smoothed(ns, logits, labels, 0.05,
                    "smoothed_cross_entropy on 400 examples of 100 classes, logits of 1e7")


# --- q8: the gradient with respect to the inputs of a linear classifier ---------------------

ex.question("q8", "The gradient with respect to the inputs", transfer=True, bans=AUTOGRAD,
            hints=[
    "Start from G, the gradient of the mean loss with respect to the logits Z = X @ W + b: "
    "the chapter derived it. Its shape is [batch, classes].",
    "Write Z[n, k] = sum_i X[n, i] W[i, k] + b[k]: which entries of Z does X[n, i] move, and "
    "with what slope? Let the shapes guide the product: the answer is [batch, features].",
    "G already holds the 1 / batch of the mean: nothing else is divided or summed over the "
    "batch.",
])


def _input_gradient(X, W, b, labels) -> np.ndarray:
    logits = np.asarray(X, dtype=float) @ W + b
    return _cross_entropy_gradient(logits, labels) @ np.asarray(W, dtype=float).T


def _check_input_gradient(ns, X, W, b, labels, what: str) -> None:
    with np.errstate(all="ignore"):
        got = ns.function("input_gradient", replace=EARLIER_GRADIENT)(X, W, b, labels)
    got = _array(got, np.shape(X), what)
    if got.dtype.kind != "f":
        raise AssertionError(f"{what} returned an array of {got.dtype}; expected floats")
    if not np.all(np.isfinite(got)):
        raise AssertionError(f"{what} returned {_brief(got)}: not every value is a finite "
                             "number (an overflow?)")
    _assert_close_or_scaled(got, _input_gradient(X, W, b, labels), what)


def _linear_case(seed: int, batch: int, features: int, classes: int, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, features)) * scale
    W = rng.normal(size=(features, classes))
    b = rng.normal(size=classes)
    return X, W, b, rng.integers(0, classes, size=batch)


@ex.test("q8", points=1)
def input_gradient_of_a_small_batch(ns):
    """4 examples, 3 features, 2 classes"""
    _check_input_gradient(ns, *_linear_case(30, 4, 3, 2),
                          "input_gradient(X [4, 3], W [3, 2], b [2], labels)")


@ex.test("q8", points=1)
def input_gradient_has_the_shape_of_the_inputs(ns):
    """5 examples, 2 features, 4 classes: the gradient is [5, 2]"""
    _check_input_gradient(ns, *_linear_case(31, 5, 2, 4),
                          "input_gradient(X [5, 2], W [2, 4], b [4], labels)")


@ex.test("q8", points=1, hidden=True)
def input_gradient_of_square_shapes(ns):
    """4 examples, 4 features, 4 classes: every product has the right shape, one the right
    values"""
    _check_input_gradient(ns, *_linear_case(32, 4, 4, 4),
                          "input_gradient(X [4, 4], W [4, 4], b [4], labels)")


@ex.test("q8", points=1, hidden=True)
def input_gradient_of_a_larger_batch(ns):
    """64 examples, 10 features, 5 classes: the mean over the batch; the same, b plus 10**7"""
    X, W, b, labels = _linear_case(33, 64, 10, 5)
    _check_input_gradient(ns, X, W, b, labels,
                          "input_gradient(X [64, 10], W [10, 5], b [5], labels)")
    _check_input_gradient(ns, X, W, b + 1e7, labels,
                          "input_gradient(X [64, 10], W [10, 5], b + 1e7, labels)")


@ex.test("q8", points=1, hidden=True)
def input_gradient_of_one_example(ns):
    """a batch of one: X is [1, 6]"""
    _check_input_gradient(ns, *_linear_case(34, 1, 6, 3),
                          "input_gradient(X [1, 6], W [6, 3], b [3], labels)")


@ex.test("q8", points=1, hidden=True)
def input_gradient_of_huge_logits(ns):
    """inputs so large that the logits reach about ±1000; a bias of about 10**7"""
    X, W, b, labels = _linear_case(35, 8, 3, 4, scale=400.0)
    _check_input_gradient(ns, X, W, b, labels,
                          "input_gradient with logits of about ±1000")
    X, W, b, labels = _linear_case(36, 6, 4, 3)
    _check_input_gradient(ns, X, W, 1e7 + b, labels,
                          "input_gradient with a bias of about 1e7")


@ex.test("q8", points=1, hidden=True)
def input_gradient_of_integer_features_and_a_large_problem(ns):
    """features that are counts (integers); 1,000 examples, 300 features, 20 classes: a
    formula, not a numerical gradient"""
    X = np.array([[1, 0, 3], [2, 2, 0], [0, 1, 1], [4, 0, 0], [1, 1, 1]])
    W = np.random.default_rng(37).normal(size=(3, 3))
    b = np.array([5.0, -2.0, 0.5])
    _check_input_gradient(ns, X, W, b, np.array([0, 1, 2, 0, 1]),
                          "input_gradient(integer X [5, 3], W [3, 3], b [3], labels)")
    _check_input_gradient(ns, *_linear_case(39, 1000, 300, 20, scale=0.1),
                          "input_gradient(X [1000, 300], W [300, 20], b [20], labels)")
