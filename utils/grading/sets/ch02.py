"""Tests of the Chapter 2 exercises (``solutions/02_math.md``).

Expected values are computed here, independently of the notebook, with NumPy and SciPy.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp

from utils.grading.expect import as_array, as_number, assert_close
from utils.grading.namespace import Code, raises
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch02", title="Chapter 2 exercises")

# --- q1: broadcast shapes -------------------------------------------------------------------

ex.question("q1", "Broadcast shapes", hints=[
    "Line the two shapes up from the right; a shape with fewer axes gets 1s on its left.",
    "For each pair of sizes: equal is fine, and a 1 takes the other size; anything else is an "
    "error.",
    "Build the result from the right, then reverse it and return it as a tuple.",
])


def _shape(ns, a: tuple, b: tuple) -> tuple:
    got = ns.function("broadcast_shape")(a, b)
    if not isinstance(got, tuple) or not all(isinstance(n, (int, np.integer)) for n in got):
        raise AssertionError(f"broadcast_shape({a}, {b}) returned {got!r}; "
                             "expected a tuple of ints")
    return tuple(int(n) for n in got)


@ex.test("q1", points=1)
def bias_added_to_a_batch(ns):
    """(4, 3) and (3,): a bias vector added to a batch"""
    got = _shape(ns, (4, 3), (3,))
    assert got == (4, 3), f"broadcast_shape((4, 3), (3,)) returned {got}, expected (4, 3)"


@ex.test("q1", points=1)
def column_minus_vector(ns):
    """(5, 1) and (5,): the trap of the chapter"""
    got = _shape(ns, (5, 1), (5,))
    assert got == (5, 5), f"broadcast_shape((5, 1), (5,)) returned {got}, expected (5, 5)"


@ex.test("q1", points=1, hidden=True)
def many_shapes_agree_with_numpy(ns):
    """shapes with 0 to 4 axes, compared with np.broadcast_shapes"""
    cases = [((), (3,)), ((8, 1, 6, 1), (7, 1, 5)), ((2, 3, 4), (1, 4)), ((1,), (1,)),
             ((3, 1, 1), (1, 4, 1)), ((6,), (2, 1, 6)), ((0,), (1,)), ((2, 1), (1, 0))]
    for a, b in cases:
        got = _shape(ns, a, b)
        assert got == np.broadcast_shapes(a, b), (
            f"broadcast_shape({a}, {b}) returned {got}, expected {np.broadcast_shapes(a, b)}")


@ex.test("q1", points=1, hidden=True)
def incompatible_shapes_raise_value_error(ns):
    """(3,) and (4,), or (2, 3) and (3, 2), cannot be broadcast: ValueError"""
    func = ns.function("broadcast_shape")
    for a, b in [((3,), (4,)), ((2, 3), (3, 2)), ((5, 4), (5,))]:
        raises("ValueError", lambda a=a, b=b: func(a, b), f"broadcast_shape({a}, {b})")


# --- q2: a numerical gradient ---------------------------------------------------------------

ex.question("q2", "A numerical gradient", hints=[
    "For each entry i: add h to w[i], evaluate f, subtract h instead, evaluate f, and divide "
    "the difference by 2 * h.",
    "w may have any shape: loop over w.size and index with .flat[i] (or np.ndindex).",
    "Work on a float copy of w so that the caller's array is not changed.",
])


def _sum_of_squares(w):
    return np.sum(w**2)


def _sum_of_cubes(w):
    return np.sum(w**3)


def _sin_times_w(w):
    return np.sum(np.sin(w) * w)


def _check_gradient(ns, f, grad, w, what: str) -> None:
    """The student's gradient of ``f`` (sent to the notebook as code) at ``w``."""
    got = as_array(ns.function("numerical_gradient")(Code(f), w.copy()), what)
    if got.shape != w.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {w.shape}")
    assert_close(got, grad(w), what, rtol=1e-7, atol=1e-9)


@ex.test("q2", points=1)
def gradient_of_a_quadratic(ns):
    """f(w) = sum(w**2) at a 3-vector: gradient 2w"""
    _check_gradient(ns, _sum_of_squares, lambda w: 2 * w, np.array([1.0, -2.0, 0.5]),
                    "numerical_gradient(sum of squares, [1, -2, 0.5])")


@ex.test("q2", points=1)
def gradient_of_a_cubic_is_central(ns):
    """f(w) = sum(w**3): only a central difference is accurate to 1e-7"""
    w = np.array([2.0, -1.0, 3.0])
    _check_gradient(ns, _sum_of_cubes, lambda v: 3 * v**2, w,
                    "numerical_gradient(sum of cubes, [2, -1, 3])")


@ex.test("q2", points=1, hidden=True)
def gradient_of_a_matrix_argument(ns):
    """f(W) = sum(sin(W) * W) for a 3x4 matrix: same shape as W"""
    W = np.random.default_rng(2).normal(size=(3, 4))
    _check_gradient(ns, _sin_times_w, lambda v: np.cos(v) * v + np.sin(v),
                    W, "numerical_gradient(sum(sin(W) * W), a 3x4 matrix)")


@ex.test("q2", points=1, hidden=True)
def gradient_leaves_the_input_unchanged(ns):
    """the caller's array holds the same values after the call"""
    # ns.function fails the test when the function changes an argument in place
    ns.function("numerical_gradient")(Code(_sum_of_squares), np.array([0.3, 0.7]))


# --- q3: a stable softmax -------------------------------------------------------------------

ex.question("q3", "A stable softmax", hints=[
    "Subtract the largest score before exponentiating: it changes nothing mathematically.",
    "For a batch, the maximum and the sum are per row: axis=-1 with keepdims=True.",
])


def _softmax(z: np.ndarray) -> np.ndarray:
    return np.exp(z - logsumexp(z, axis=-1, keepdims=True))


@ex.test("q3", points=1)
def softmax_of_small_scores(ns):
    """softmax([2, 1, -1])"""
    z = np.array([2.0, 1.0, -1.0])
    assert_close(ns.function("softmax")(z), _softmax(z), "softmax([2, 1, -1])")


@ex.test("q3", points=1)
def softmax_of_huge_scores(ns):
    """softmax([1000, 999, 990]) without overflow"""
    z = np.array([1000.0, 999.0, 990.0])
    with np.errstate(all="ignore"):
        got = ns.function("softmax")(z)
    assert_close(got, _softmax(z), "softmax([1000, 999, 990])")


@ex.test("q3", points=1, hidden=True)
def softmax_of_a_batch_is_per_row(ns):
    """a batch of 6 rows of 4 scores, some near ±1000: each row sums to 1"""
    z = np.random.default_rng(4).normal(size=(6, 4)) * 5
    z[2] += 1000
    z[4] -= 1000
    with np.errstate(all="ignore"):
        got = ns.function("softmax")(z)
    assert_close(got, _softmax(z), "softmax of a (6, 4) batch")


@ex.test("q3", points=1, hidden=True)
def softmax_of_extreme_differences(ns):
    """softmax([1000, -1000]) is [1, 0]"""
    with np.errstate(all="ignore"):
        got = ns.function("softmax")(np.array([1000.0, -1000.0]))
    assert_close(got, [1.0, 0.0], "softmax([1000, -1000])")


# --- q4: cross-entropy from logits ----------------------------------------------------------

ex.question("q4", "Cross-entropy from logits", hints=[
    "For one example, the loss is log(sum(exp(z))) - z[label]: the log-sum-exp minus the "
    "true class's logit.",
    "Compute the log-sum-exp stably: m + log(sum(exp(z - m))) with m the row's maximum.",
    "logits[np.arange(len(labels)), labels] picks each row's true-class logit; return the "
    "mean over the batch.",
])


def _cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(logsumexp(logits, axis=1) - logits[np.arange(len(labels)), labels]))


@ex.test("q4", points=1)
def cross_entropy_of_a_small_batch(ns):
    """two examples, three classes"""
    logits, labels = np.array([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]]), np.array([0, 1])
    assert_close(ns.function("cross_entropy")(logits, labels),
                 _cross_entropy(logits, labels), "cross_entropy on 2 examples", rtol=1e-6)


@ex.test("q4", points=1)
def cross_entropy_of_confident_logits(ns):
    """logits of ±800: no overflow, no infinity"""
    logits, labels = np.array([[800.0, -800.0], [800.0, -800.0]]), np.array([0, 1])
    with np.errstate(all="ignore"):
        got = ns.function("cross_entropy")(logits, labels)
    assert_close(got, _cross_entropy(logits, labels), "cross_entropy with logits of ±800")


@ex.test("q4", points=1, hidden=True)
def cross_entropy_is_a_batch_mean(ns):
    """50 random examples with 10 classes: the mean, not the sum"""
    rng = np.random.default_rng(8)
    logits, labels = rng.normal(size=(50, 10)) * 4, rng.integers(0, 10, size=50)
    assert_close(ns.function("cross_entropy")(logits, labels),
                 _cross_entropy(logits, labels), "cross_entropy on 50 examples", rtol=1e-6)


@ex.test("q4", points=1, hidden=True)
def cross_entropy_of_rows_on_different_scales(ns):
    """one row of logits near 1000, one near 0: the maximum is per row"""
    logits, labels = np.array([[1000.0, 999.0], [0.0, 1.0]]), np.array([1, 1])
    with np.errstate(all="ignore"):
        got = ns.function("cross_entropy")(logits, labels)
    assert_close(got, _cross_entropy(logits, labels), "cross_entropy([[1000, 999], [0, 1]])")


@ex.test("q4", points=1, hidden=True)
def cross_entropy_of_a_perfect_guess_is_small(ns):
    """a huge margin for the right class gives a loss near 0, never negative"""
    logits = np.array([[0.0, 50.0, 0.0]])
    got = ns.function("cross_entropy")(logits, np.array([1]))
    assert_close(got, _cross_entropy(logits, np.array([1])), "cross_entropy of a sure answer")


# --- q5: gradient descent with its trajectory -----------------------------------------------

ex.question("q5", "Gradient descent", hints=[
    "Keep a list of points, starting with a float copy of w0.",
    "Each step: w = w - lr * grad_fn(w); append the new w.",
    "Return np.array(points): steps + 1 rows, the first one the start.",
])


def _descend(grad_fn, w0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    path = [np.asarray(w0, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * grad_fn(path[-1]))
    return np.array(path)


def _quadratic_gradient(w: np.ndarray) -> np.ndarray:
    return np.array([2.0, 20.0]) * (w - np.array([3.0, -1.0]))


def _twice(w: np.ndarray) -> np.ndarray:
    return 2 * w


@ex.test("q5", points=1)
def trajectory_starts_at_the_start(ns):
    """three steps on the chapter's bowl: 4 points, the first one w0"""
    w0 = np.array([-0.5, 0.8])
    got = ns.function("gradient_descent")(Code(_quadratic_gradient), w0, 0.05, 3)
    assert_close(got, _descend(_quadratic_gradient, w0, 0.05, 3),
                 "gradient_descent(bowl gradient, [-0.5, 0.8], lr=0.05, steps=3)")


@ex.test("q5", points=1)
def trajectory_of_one_dimension(ns):
    """f(w) = w**2 from w = 4, lr 0.3, 5 steps"""
    got = ns.function("gradient_descent")(Code(_twice), np.array([4.0]), 0.3, 5)
    assert_close(got, _descend(_twice, np.array([4.0]), 0.3, 5),
                 "gradient_descent(2w, [4.0], lr=0.3, steps=5)")


@ex.test("q5", points=1, hidden=True)
def trajectory_reaches_the_minimum(ns):
    """100 steps at lr 0.09 end within 1e-6 of (3, -1)"""
    descend = ns.function("gradient_descent")
    got = as_array(descend(Code(_quadratic_gradient), np.array([-0.5, 0.8]), 0.09, 100),
                   "gradient_descent")
    assert got.shape == (101, 2), f"expected 101 points of 2 coordinates, got {got.shape}"
    assert np.linalg.norm(got[-1] - [3.0, -1.0]) < 1e-6, f"ended at {got[-1]}, not (3, -1)"


@ex.test("q5", points=1, hidden=True)
def trajectory_does_not_change_the_start(ns):
    """zero steps return just the start, and the caller's w0 is left unchanged"""
    descend = ns.function("gradient_descent")
    got = descend(Code(_quadratic_gradient), np.array([1.0, 2.0]), 0.01, 0)
    assert_close(got, [[1.0, 2.0]], "gradient_descent(..., steps=0)")
    # ns.function fails the test when the function changes w0 in place
    ns.function("gradient_descent")(Code(_quadratic_gradient), np.array([1.0, 2.0]), 0.01, 3)


# --- q6: the largest stable learning rate ---------------------------------------------------

ex.question("q6", "The largest stable learning rate", hints=[
    "Along each eigenvector of A, one step multiplies the distance to the minimum by "
    "(1 - lr * eigenvalue).",
    "That factor must stay between -1 and 1 for every eigenvalue: the largest one decides.",
    "np.linalg.eigvalsh(A) gives the eigenvalues of a symmetric matrix.",
])


@ex.test("q6", points=1)
def limit_for_the_chapter_bowl(ns):
    """A = diag(2, 20): the limit is 2 / 20"""
    got = ns.function("largest_stable_lr")(np.diag([2.0, 20.0]))
    assert_close(got, 0.1, "largest_stable_lr(diag(2, 20))")


@ex.test("q6", points=1)
def limit_for_one_dimension(ns):
    """A = [[4]], f(w) = 2 w**2: the limit is 0.5"""
    assert_close(ns.function("largest_stable_lr")(np.array([[4.0]])), 0.5,
                 "largest_stable_lr([[4.0]])")


@ex.test("q6", points=1, hidden=True)
def limit_for_a_rotated_bowl(ns):
    """a symmetric A that is not diagonal: eigenvalues, not the diagonal"""
    rng = np.random.default_rng(6)
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    A = Q @ np.diag([0.5, 3.0, 12.0]) @ Q.T
    assert_close(ns.function("largest_stable_lr")(A), 2 / 12.0, "largest_stable_lr(rotated A)")


@ex.test("q6", points=1, hidden=True)
def limit_separates_convergence_from_divergence(ns):
    """just below the limit gradient descent converges, just above it diverges"""
    A = np.array([[5.0, 2.0], [2.0, 3.0]])
    limit = as_number(ns.function("largest_stable_lr")(A), "largest_stable_lr(A)")

    def final_distance(lr: float) -> float:
        with np.errstate(over="ignore", invalid="ignore"):  # a wrong limit may overflow
            path = _descend(lambda w: A @ w, np.array([1.0, 1.0]), lr, 500)
        distance = float(np.linalg.norm(path[-1]))
        return distance if np.isfinite(distance) else np.inf

    assert final_distance(0.98 * limit) < 1e-3, f"lr = 0.98 x {limit:.4g} does not converge"
    assert final_distance(1.02 * limit) > 1.0, f"lr = 1.02 x {limit:.4g} still converges"
