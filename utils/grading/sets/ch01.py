"""Tests of the Chapter 1 exercises (``solutions/01_intro.md``).

Every test builds its own data (NumPy, seeded), calls the student's function through the
namespace and compares with tolerances. Expected values are computed here, independently
of the notebook. Questions 1, 3, 4, 5 and 7 retrace the chapter's code (warm-ups); 2, 6
and 8 take its ideas to cases it did not code (transfer). Question 6 runs with a correct
``gradient_step`` (``replace=``), so that a mistake in question 5 is charged once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.grading.expect import as_number, assert_close, assert_integer
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch01", title="Chapter 1 exercises")


def _kind(value: Any) -> str:
    """A short description of what came back, for messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"a {type(value).__name__}"


# --- q1: accuracy from scores (warm-up) -----------------------------------------------------

ex.question("q1", "Accuracy", hints=[
    "The prediction for one example is the index of its highest score: np.argmax.",
    "Each row of `scores` is one example, so take the argmax along the columns: axis=1.",
    "`predictions == labels` is an array of True/False; the mean of it is the fraction of "
    "True values.",
])

SMALL_SCORES = np.array([[2.0, 0.5, 0.1], [0.2, 1.5, 0.3], [0.1, 0.2, 3.0], [1.0, 0.9, 0.8]])
SMALL_LABELS = np.array([0, 1, 2, 1])


def _accuracy(scores: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(scores.argmax(axis=1) == labels))


@ex.test("q1", points=0.5)
def accuracy_of_four_examples(ns):
    """four examples, three predicted right: 0.75"""
    got = ns.function("accuracy")(SMALL_SCORES, SMALL_LABELS)
    assert_close(got, 0.75, "accuracy(scores, labels) on the 4 examples of the question")


@ex.test("q1", points=0.5)
def accuracy_of_ten_examples_with_ten_classes(ns):
    """ten examples, ten classes (as many rows as columns)"""
    rng = np.random.default_rng(1)
    scores = rng.normal(size=(10, 10))
    labels = scores.argmax(axis=1)
    labels[[0, 3, 4, 8]] = (labels[[0, 3, 4, 8]] + 1) % 10  # four wrong predictions
    got = ns.function("accuracy")(scores, labels)
    assert_close(got, 0.6, "accuracy(scores, labels) with 10 examples, 6 of them right")


@ex.test("q1", points=0.5, hidden=True)
def accuracy_with_tied_integer_scores(ns):
    """integer scores with ties: the first highest score is the prediction"""
    scores = np.array([[3, 3, 1], [0, 2, 2], [1, 1, 1], [5, 0, 5]])
    labels = np.array([0, 2, 0, 0])  # first-highest rule: rows 0, 2 and 3 are right
    got = ns.function("accuracy")(scores, labels)
    assert_close(got, 0.75, "accuracy on integer scores [[3, 3, 1], [0, 2, 2], [1, 1, 1], "
                 "[5, 0, 5]] with labels [0, 2, 0, 0] (on a tie, the first highest score "
                 "is the prediction)")


@ex.test("q1", points=0.5, hidden=True)
def accuracy_of_many_one_and_extreme_examples(ns):
    """1,000 examples of 7 classes, large scores, all right, all wrong, a batch of one"""
    accuracy = ns.function("accuracy")
    rng = np.random.default_rng(11)
    scores, labels = rng.normal(size=(1000, 7)) * 1000, rng.integers(0, 7, size=1000)
    assert_close(accuracy(scores, labels), _accuracy(scores, labels),
                 "accuracy on 1,000 random examples with scores in the thousands")
    scores = np.eye(5)[[4, 2, 0, 1, 3, 3]] * 2.0 + 0.1
    right = scores.argmax(axis=1)
    assert_close(accuracy(scores, right), 1.0, "accuracy when every prediction is right")
    assert_close(accuracy(scores, (right + 1) % 5), 0.0, "accuracy when every one is wrong")
    assert_close(accuracy(np.array([[0.2, 0.7]]), np.array([1])), 1.0,
                 "accuracy of a batch of one example, predicted right")


# --- q2: a train/test split that keeps class balance (transfer) ------------------------------

GLOBAL_GENERATORS = [
    "numpy.random.seed", "numpy.random.rand", "numpy.random.randn", "numpy.random.random",
    "numpy.random.random_sample", "numpy.random.randint", "numpy.random.normal",
    "numpy.random.uniform", "numpy.random.choice", "numpy.random.permutation",
    "numpy.random.shuffle", "numpy.random.sample",
    "random.seed", "random.random", "random.randint", "random.randrange", "random.choice",
    "random.choices", "random.sample", "random.shuffle", "random.uniform", "random.gauss",
]

ex.question("q2", "A stratified split", transfer=True, bans=GLOBAL_GENERATORS, hints=[
    "Treat each class as a small data set of its own. Which classes occur? Labels can be any "
    "ints, negative ones included, so do not assume they run from 0 to some maximum.",
    "Within one class, the choice of test examples must be random and repeatable: make one "
    "generator from seed, before you look at any class, and let it reorder that class's "
    "indices. How many of them go to the test set is fixed by the class's own size.",
    "Check what you return for test_fraction 0 and 1 and for a class of 3 examples at 0.4: "
    "every index once, round(0.4 * 3) = 1 of that class in the test set, and two integer "
    "arrays even when one is empty.",
])


def _split(ns, labels: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Call the student's function and check the shape of what comes back."""
    what = f"stratified_split(labels, {fraction}, {seed})"
    result = ns.function("stratified_split")(labels, fraction, seed)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return two arrays (train_idx, test_idx), "
                             f"got {_kind(result)}")
    for name, part in zip(("train_idx", "test_idx"), result):
        if not isinstance(part, np.ndarray):
            raise AssertionError(f"{what}: {name} should be a NumPy array of indices, got "
                                 f"{_kind(part)}")
        if part.ndim != 1 or part.dtype.kind not in "iu":
            empty = (" An empty array needs an integer dtype too: np.array([]) holds floats, "
                     "and floats cannot index an array." if part.size == 0 else "")
            raise AssertionError(f"{what}: {name} should be a 1-D array of integer indices, "
                                 f"got dtype {part.dtype} and shape {part.shape}.{empty}")
    train, test = result
    both = np.concatenate([train, test])
    if len(both) != len(labels) or not np.array_equal(np.sort(both), np.arange(len(labels))):
        raise AssertionError(f"{what}: every index 0..{len(labels) - 1} must appear exactly "
                             f"once in train_idx or test_idx; got {len(train)} + {len(test)} "
                             f"indices, {len(both) - len(np.unique(both))} of them repeated")
    return train, test


def _assert_balanced(labels: np.ndarray, test: np.ndarray, fraction: float) -> None:
    for c in np.unique(labels):
        n_c, in_test = int(np.sum(labels == c)), int(np.sum(labels[test] == c))
        assert abs(fraction * n_c % 1 - 0.5) > 1e-9, "a test must not round a tie at .5"
        expected = round(fraction * n_c)
        if in_test != expected:
            raise AssertionError(f"class {c}: {in_test} of its {n_c} examples are in the test "
                                 f"set, expected round({fraction} * {n_c}) = {expected} "
                                 "(each class is rounded on its own)")


BALANCE_LABELS = np.repeat([0, 1, 2], [60, 30, 10])


@ex.test("q2", points=1)
def split_uses_every_example_once(ns):
    """every example lands in exactly one of the two sets"""
    _split(ns, BALANCE_LABELS, 0.2, seed=0)


@ex.test("q2", points=1)
def split_keeps_class_proportions(ns):
    """20 % of each class goes to the test set (60/30/10 examples)"""
    _, test = _split(ns, BALANCE_LABELS, 0.2, seed=0)
    _assert_balanced(BALANCE_LABELS, test, 0.2)


@ex.test("q2", points=1, hidden=True)
def split_of_shuffled_imbalanced_labels(ns):
    """five classes labelled 0 to 12, from 500 examples down to 3, in random order, 30 % test"""
    rng = np.random.default_rng(7)
    labels = rng.permutation(np.repeat([7, 0, 4, 12, 2], [500, 120, 37, 9, 3]))
    _, test = _split(ns, labels, 0.3, seed=5)
    _assert_balanced(labels, test, 0.3)


@ex.test("q2", points=0.5, hidden=True)
def split_rounds_each_class_on_its_own(ns):
    """three classes of 3 at 0.4: 1 test example each (3 in all, not round(0.4 * 9) = 4);
    classes of 2, 2, 2, 4 and 4 at 0.4: 1, 1, 1, 2 and 2 (7, not round(0.4 * 14) = 6)"""
    labels = np.repeat([0, 1, 2], 3)
    _, test = _split(ns, labels, 0.4, seed=4)
    _assert_balanced(labels, test, 0.4)
    rng = np.random.default_rng(12)
    labels = rng.permutation(np.repeat([5, 1, 3, 8, 0], [2, 2, 2, 4, 4]))
    _, test = _split(ns, labels, 0.4, seed=6)
    _assert_balanced(labels, test, 0.4)


@ex.test("q2", points=0.5, hidden=True)
def split_of_negative_labels(ns):
    """labels -1, 3 and -7 in random order, 40 % test"""
    labels = np.random.default_rng(13).permutation(np.repeat([-1, 3, -7], [10, 20, 5]))
    _, test = _split(ns, labels, 0.4, seed=8)
    _assert_balanced(labels, test, 0.4)


@ex.test("q2", points=0.5, hidden=True)
def split_with_fractions_zero_half_and_one(ns):
    """test_fraction 0 (empty test set), 1 (empty training set) and 0.5 (exact halves)"""
    labels = np.tile([1, 0, 1, 2], 6)  # 12, 6 and 6 examples: every half is whole
    for fraction in (0.0, 1.0, 0.5):
        train, test = _split(ns, labels, fraction, seed=3)
        _assert_balanced(labels, test, fraction)
        expected = round(fraction * len(labels))
        if len(test) != expected:
            raise AssertionError(f"stratified_split(labels, {fraction}, 3) put {len(test)} of "
                                 f"{len(labels)} examples in the test set, expected {expected}")


@ex.test("q2", points=0.5, hidden=True)
def split_is_random_but_repeatable(ns):
    """the same seed gives the same split, another seed another one, not the first examples"""
    labels = np.tile([0, 1, 2, 3], 50)
    _, first = _split(ns, labels, 0.25, seed=1)
    _, again = _split(ns, labels, 0.25, seed=1)
    _, other = _split(ns, labels, 0.25, seed=2)
    assert np.array_equal(np.sort(first), np.sort(again)), (
        "two calls with seed=1 gave different test sets: draw from np.random.default_rng(seed)")
    assert not np.array_equal(np.sort(first), np.sort(other)), (
        "seed=1 and seed=2 gave the same test set: the split should depend on the seed")
    first_of_each = np.concatenate([np.flatnonzero(labels == c)[:12] for c in range(4)])
    assert not np.array_equal(np.sort(first), np.sort(first_of_each)), (
        "the test set holds the first examples of each class: shuffle them first")


# --- q3: counting parameters (warm-up) -------------------------------------------------------

ex.question("q3", "Counting parameters", hints=[
    "A layer from n_in to n_out units has a weight for every (input, output) pair and one "
    "bias per output unit.",
    "zip(layer_sizes[:-1], layer_sizes[1:]) gives the (n_in, n_out) of each layer.",
    "The chapter's network, [64, 64, 10], has 4,810 parameters: check yours against it.",
])


def _count(sizes: list[int]) -> int:
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


@ex.test("q3", points=0.5)
def parameters_of_the_chapter_network(ns):
    """the network of the chapter, [64, 64, 10]"""
    got = ns.function("count_parameters")([64, 64, 10])
    assert_integer(got, 4810, "count_parameters([64, 64, 10])")


@ex.test("q3", points=0.5)
def parameters_of_one_neuron(ns):
    """one neuron with three inputs, [3, 1]: three weights and a bias"""
    assert_integer(ns.function("count_parameters")([3, 1]), 4, "count_parameters([3, 1])")


@ex.test("q3", points=0.5, hidden=True)
def parameters_of_deeper_networks(ns):
    """networks with three and four layers"""
    count = ns.function("count_parameters")
    for sizes in ([784, 256, 128, 10], [2, 3, 3, 2], [5, 1, 7]):
        assert_integer(count(list(sizes)), _count(sizes), f"count_parameters({sizes})")


@ex.test("q3", points=0.5, hidden=True)
def parameters_of_a_wide_output_layer(ns):
    """layers that get wider, [4, 8, 16]"""
    assert_integer(ns.function("count_parameters")([4, 8, 16]), _count([4, 8, 16]),
                   "count_parameters([4, 8, 16])")


# --- q4: when to stop (warm-up) --------------------------------------------------------------

ex.question("q4", "When to stop training", hints=[
    "np.argmin gives the position of the smallest value, counted from 0.",
    "Epochs are counted from 1: the first value of the list is epoch 1.",
    "If two epochs share the smallest loss, np.argmin already returns the first of them.",
])


@ex.test("q4", points=0.25)
def best_epoch_of_a_short_curve(ns):
    """the validation loss (a list) is lowest at the 3rd epoch"""
    got = ns.function("best_epoch")([0.9, 0.6, 0.5, 0.55, 0.7])
    assert_integer(got, 3, "best_epoch([0.9, 0.6, 0.5, 0.55, 0.7])")


@ex.test("q4", points=0.25)
def epochs_are_counted_from_one(ns):
    """a curve (a NumPy array) that only goes up is best at epoch 1"""
    got = ns.function("best_epoch")(np.array([0.3, 0.4, 0.5]))
    assert_integer(got, 1, "best_epoch(np.array([0.3, 0.4, 0.5]))")


@ex.test("q4", points=0.25, hidden=True)
def best_epoch_of_a_noisy_curve(ns):
    """a noisy 40-epoch curve that turns up (overfitting), and a single epoch"""
    rng = np.random.default_rng(3)
    epochs = np.arange(1, 41)
    curve = 1.5 * np.exp(-epochs / 5) + 0.002 * epochs**1.5 + rng.normal(0, 0.01, size=40)
    expected = int(np.argmin(curve)) + 1
    best_epoch = ns.function("best_epoch")
    assert_integer(best_epoch(curve), expected, "best_epoch on a 40-epoch curve")
    assert_integer(best_epoch([0.7]), 1, "best_epoch([0.7])")


@ex.test("q4", points=0.25, hidden=True)
def best_epoch_takes_the_first_of_equal_losses(ns):
    """two epochs share the lowest loss: stop at the earlier one"""
    got = ns.function("best_epoch")(np.array([0.5, 0.4, 0.45, 0.4, 0.6]))
    assert_integer(got, 2, "best_epoch([0.5, 0.4, 0.45, 0.4, 0.6])")


# --- q5: one step of gradient descent (warm-up) ----------------------------------------------

ex.question("q5", "One step of gradient descent", hints=[
    "The loss is mean((w * kilos - paid) ** 2); its slope is dL/dw = mean(2 * (w * kilos - "
    "paid) * kilos).",
    "A step goes downhill: subtract learning_rate times the slope from w.",
    "Use the mean over the receipts, not the sum, as the loss does.",
])

KILOS = np.array([0.5, 1.0, 1.5, 2.0, 3.0])
PAID = np.array([1.30, 2.40, 3.90, 5.10, 7.40])


def _step(w: float, kilos: np.ndarray, paid: np.ndarray, learning_rate: float) -> float:
    return w - learning_rate * np.mean(2 * (w * kilos - paid) * kilos)


@ex.test("q5", points=0.25)
def first_step_on_the_receipts(ns):
    """one step from w = 0 on the chapter's five receipts, learning rate 0.05"""
    got = ns.function("gradient_step")(0.0, KILOS, PAID, 0.05)
    assert_close(got, _step(0.0, KILOS, PAID, 0.05), "gradient_step(0.0, kilos, paid, 0.05)")


@ex.test("q5", points=0.25)
def no_step_at_the_minimum(ns):
    """at the least-squares price the slope is 0, so w does not move"""
    best = float(np.sum(KILOS * PAID) / np.sum(KILOS**2))
    got = ns.function("gradient_step")(best, KILOS, PAID, 0.05)
    assert_close(got, best, f"gradient_step({best:.4f}, kilos, paid, 0.05)")


@ex.test("q5", points=0.25, hidden=True)
def one_step_on_random_receipts(ns):
    """one step from a random w on 20 random receipts, learning rate 0.01"""
    rng = np.random.default_rng(5)
    kilos = rng.uniform(0.1, 4.0, size=20)
    paid = 2.7 * kilos + rng.normal(0, 0.2, size=20)
    got = ns.function("gradient_step")(1.3, kilos, paid, 0.01)
    assert_close(got, _step(1.3, kilos, paid, 0.01), "gradient_step(1.3, kilos, paid, 0.01)")


@ex.test("q5", points=0.25, hidden=True)
def steps_from_above_the_minimum(ns):
    """three steps from w = 4 (too expensive) go down towards the minimum"""
    step = ns.function("gradient_step")
    w, expected = 4.0, 4.0
    for _ in range(3):
        w = step(float(as_number(w, "gradient_step(w, kilos, paid, 0.05)")), KILOS, PAID,
                 0.05)
        expected = _step(expected, KILOS, PAID, 0.05)
    assert_close(w, expected, "w after three calls of gradient_step from w = 4.0")


# --- q6: a price and a fee: two parameters (transfer) ----------------------------------------

ex.question("q6", "A price and a fee", transfer=True, hints=[
    "Treat one knob at a time as the only unknown, the other fixed: each slope is then a "
    "one-knob derivative, like the chapter's.",
    "The chain rule gives each slope: 2 * error, times how much the error w * x + b - y "
    "changes when that knob grows by a little. Work that factor out for w, then for b.",
    "Compute both slopes from the w and b you were given before you change either.",
])


def _fee_step(w: float, b: float, kilos: np.ndarray, paid: np.ndarray,
              learning_rate: float) -> tuple[float, float]:
    error = w * kilos + b - paid
    return (w - learning_rate * np.mean(2 * error * kilos),
            b - learning_rate * np.mean(2 * error))


def _call_fee_step(ns, w, b, kilos, paid, learning_rate, what: str) -> tuple[float, float]:
    """The student's (w, b) after one step, as two floats."""
    got = ns.function("gradient_step_with_fee", replace={"gradient_step": _step})(
        w, b, kilos, paid, learning_rate)
    if isinstance(got, np.ndarray) and got.shape == (2,):
        got = tuple(got)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise AssertionError(f"{what} should return the pair (w, b), got {_kind(got)}")
    return as_number(got[0], f"{what}, its w,"), as_number(got[1], f"{what}, its b,")


def _assert_pair(got: tuple[float, float], expected: tuple[float, float], what: str,
                 atol: float = 1e-9) -> None:
    assert_close(got[0], expected[0], f"{what}: the new w", atol=atol)
    assert_close(got[1], expected[1], f"{what}: the new b", atol=atol)


@ex.test("q6", points=1)
def fee_step_from_zero(ns):
    """one step from w = 0, b = 0 on the chapter's five receipts, learning rate 0.05"""
    what = "gradient_step_with_fee(0.0, 0.0, kilos, paid, 0.05)"
    got = _call_fee_step(ns, 0.0, 0.0, KILOS, PAID, 0.05, what)
    _assert_pair(got, _fee_step(0.0, 0.0, KILOS, PAID, 0.05), what)


@ex.test("q6", points=0.5)
def fee_step_stays_on_the_best_line(ns):
    """at the least-squares line both slopes are 0: neither w nor b moves"""
    w, b = (float(v) for v in np.polyfit(KILOS, PAID, deg=1))
    what = f"gradient_step_with_fee({w:.4f}, {b:.4f}, kilos, paid, 0.05)"
    _assert_pair(_call_fee_step(ns, w, b, KILOS, PAID, 0.05, what), (w, b), what)


@ex.test("q6", points=0.75, hidden=True)
def fee_step_on_random_receipts(ns):
    """one step from w = 1.3, b = 0.8 on 20 random receipts, learning rate 0.02"""
    rng = np.random.default_rng(6)
    kilos = rng.uniform(0.1, 4.0, size=20)
    paid = 2.7 * kilos + 0.5 + rng.normal(0, 0.2, size=20)
    what = "gradient_step_with_fee(1.3, 0.8, kilos, paid, 0.02) on 20 receipts"
    got = _call_fee_step(ns, 1.3, 0.8, kilos, paid, 0.02, what)
    _assert_pair(got, _fee_step(1.3, 0.8, kilos, paid, 0.02), what)


@ex.test("q6", points=0.75, hidden=True)
def fee_steps_on_whole_kilograms(ns):
    """three steps from the integers w = 3, b = -1, on integer kilos, learning rate 0.01"""
    kilos = np.array([1, 2, 2, 3, 5, 4])
    paid = np.array([3.1, 5.2, 4.9, 7.6, 12.1, 9.8])
    (w, b), expected = (3, -1), (3.0, -1.0)
    for step in range(3):
        what = f"gradient_step_with_fee(w, b, kilos, paid, 0.01), step {step + 1} from (3, -1)"
        w, b = _call_fee_step(ns, w, b, kilos, paid, 0.01, what)
        expected = _fee_step(*expected, kilos, paid, 0.01)
        _assert_pair((w, b), expected, what)


# --- q7: the majority-class baseline (transfer) ---------------------------------------------

ex.question("q7", "A baseline to beat", hints=[
    "Two steps: find the one class the classifier always predicts, then measure its "
    "accuracy on the test labels. Only the training labels choose the class.",
    "The class is the most frequent one among the training labels: count how often each "
    "class occurs there.",
    "Check your tie rule on the training labels [9, 9, 1, 1]: it must choose 1. A count "
    "that keeps classes in the order they were first seen, or a set's order, may not.",
])


def _baseline(train: np.ndarray, test: np.ndarray) -> float:
    return float(np.mean(test == np.argmax(np.bincount(train))))


def _check_baseline(ns, train: np.ndarray, test: np.ndarray, what: str) -> None:
    got = ns.function("majority_baseline")(train, test)
    assert_close(got, _baseline(train, test), what)


@ex.test("q7", points=0.5)
def baseline_of_a_small_example(ns):
    """class 1 is the most common in training; it is right on 2 of 4 test labels"""
    _check_baseline(ns, np.array([0, 1, 1, 2, 1, 0]), np.array([1, 0, 1, 2]),
                    "majority_baseline([0, 1, 1, 2, 1, 0], [1, 0, 1, 2])")


@ex.test("q7", points=0.5)
def baseline_of_ten_equal_classes(ns):
    """ten classes, each 5 times in training: the smallest, 0, is predicted"""
    test = np.array([0, 3, 0, 9, 5, 0, 1, 2, 4, 6, 7, 8, 3, 5, 1, 2, 4, 6, 7, 8])
    _check_baseline(ns, np.repeat(np.arange(10), 5), test,
                    "majority_baseline(each of 0..9 five times, 20 test labels)")


@ex.test("q7", points=0.5, hidden=True)
def baseline_is_chosen_on_the_training_labels(ns):
    """the most common class differs between training (2) and test (5)"""
    rng = np.random.default_rng(8)
    train = rng.permutation(np.repeat([1, 2, 3, 5, 9], [30, 80, 25, 60, 5]))
    test = rng.permutation(np.repeat([0, 2, 3, 5, 6], [4, 12, 9, 30, 5]))
    _check_baseline(ns, train, test, "majority_baseline on 200 training labels (2 most "
                    "common) and 60 test labels (5 most common)")


@ex.test("q7", points=0.5, hidden=True)
def baseline_breaks_ties_by_the_smallest_class(ns):
    """classes 3, 1 and 5 equally common, first seen in that order; 9 and 1; a test set of
    one"""
    train = np.array([3, 3, 1, 5, 1, 5, 40])
    _check_baseline(ns, train, np.array([1, 1, 3, 5, 1]),
                    "majority_baseline([3, 3, 1, 5, 1, 5, 40], [1, 1, 3, 5, 1])")
    _check_baseline(ns, train, np.array([3]), "majority_baseline([3, 3, 1, 5, 1, 5, 40], [3])")
    _check_baseline(ns, np.array([9, 9, 1, 1]), np.array([1]),
                    "majority_baseline([9, 9, 1, 1], [1]) (on a tie, the smallest class)")


# --- q8: a confusion matrix (transfer) ------------------------------------------------------

ex.question("q8", "A confusion matrix", transfer=True, hints=[
    "Predictions first, as in question 1. Then each example adds 1 to one entry: the row of "
    "its label, the column of its prediction.",
    "How many rows and columns? As many as the classes the scores know of, which is not "
    "always the number of labels that happen to occur, nor of predictions made.",
    "Try labels in which the same (label, prediction) pair occurs twice: does its entry say "
    "2? One fancy-indexed `+=` adds only once per distinct entry.",
])


def _confusion(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    n = scores.shape[1]
    matrix = np.zeros((n, n), dtype=np.int64)
    np.add.at(matrix, (labels, scores.argmax(axis=1)), 1)
    return matrix


def _check_confusion(ns, scores: np.ndarray, labels: np.ndarray, what: str) -> None:
    got = ns.function("confusion_matrix")(scores, labels)
    expected = _confusion(scores, labels)
    if not isinstance(got, np.ndarray):
        raise AssertionError(f"{what} should return a NumPy array, got {_kind(got)}")
    if got.shape != expected.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {expected.shape}: "
                             f"one row and one column for each of the {scores.shape[1]} "
                             "columns of scores")
    if got.dtype.kind not in "iu":
        raise AssertionError(f"{what} returned an array of {got.dtype}; expected ints (counts)")
    if np.array_equal(got, expected):
        return
    if np.array_equal(got.T, expected):
        raise AssertionError(f"{what} is the transpose of the expected matrix: rows are the "
                             "true classes, columns the predictions")
    if np.array_equal(got, np.minimum(expected, 1)):
        raise AssertionError(f"{what}: each (label, prediction) pair is counted only once, "
                             "however often it occurs")
    i, j = np.argwhere(got != expected)[0]
    raise AssertionError(f"{what}: {int(np.sum(got != expected))} of {got.size} entries "
                         f"differ from the expected ones; entry [{i}, {j}] is {got[i, j]}, "
                         f"expected {expected[i, j]}")


@ex.test("q8", points=1)
def confusion_of_four_examples(ns):
    """the four examples of question 1: one of class 1 predicted as 0"""
    _check_confusion(ns, SMALL_SCORES, SMALL_LABELS,
                     "confusion_matrix(scores, labels) on the 4 examples of question 1")


@ex.test("q8", points=1)
def confusion_counts_repeated_pairs(ns):
    """twelve examples, repeated (label, prediction) pairs, a class that never occurs"""
    predicted = np.array([0, 0, 0, 2, 2, 1, 0, 2, 2, 2, 1, 0])
    labels = np.array([0, 0, 0, 0, 2, 1, 1, 2, 2, 2, 1, 2])
    scores = np.eye(4)[predicted] * 2.5 - 0.5  # class 3: never a label, never predicted
    _check_confusion(ns, scores, labels, "confusion_matrix on 12 examples of 4 classes")


@ex.test("q8", points=1, hidden=True)
def confusion_of_many_examples(ns):
    """500 examples of 10 classes, large scores; class 9 is never a label nor predicted"""
    rng = np.random.default_rng(9)
    scores = rng.normal(size=(500, 10)) * 1000
    scores[:, 9] = -5000.0
    labels = np.where(rng.random(500) < 0.7, scores.argmax(axis=1), rng.integers(0, 9, 500))
    _check_confusion(ns, scores, labels, "confusion_matrix on 500 examples of 10 classes")


@ex.test("q8", points=1, hidden=True)
def confusion_with_ties_and_one_example(ns):
    """integer scores with ties (the first highest wins), and a batch of one"""
    scores = np.array([[3, 3, 1], [0, 2, 2], [1, 1, 1], [5, 0, 5], [0, 4, 4]])
    _check_confusion(ns, scores, np.array([0, 2, 0, 0, 2]),
                     "confusion_matrix on integer scores with ties")
    _check_confusion(ns, np.array([[0.1, 0.3, 0.2]]), np.array([2]),
                     "confusion_matrix of one example, [[0.1, 0.3, 0.2]] with label 2")
