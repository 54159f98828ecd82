"""Tests of the Chapter 1 exercises (``solutions/01_intro.md``).

Every test builds its own data (NumPy, seeded), calls the student's function through the
namespace and compares with tolerances. Expected values are computed here, independently
of the notebook.
"""

from __future__ import annotations

import numpy as np

from utils.grading.expect import as_array, assert_close, assert_integer
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch01", title="Chapter 1 exercises")

# --- q1: accuracy from scores ------------------------------------------------------------

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


@ex.test("q1", points=1)
def accuracy_of_four_examples(ns):
    """four examples, three predicted right: 0.75"""
    got = ns.function("accuracy")(SMALL_SCORES, SMALL_LABELS)
    assert_close(got, 0.75, "accuracy(scores, labels) on the 4 examples of the question")


@ex.test("q1", points=1)
def accuracy_of_ten_examples_with_ten_classes(ns):
    """ten examples, ten classes (as many rows as columns)"""
    rng = np.random.default_rng(1)
    scores = rng.normal(size=(10, 10))
    labels = scores.argmax(axis=1)
    labels[[0, 3, 4, 8]] = (labels[[0, 3, 4, 8]] + 1) % 10  # four wrong predictions
    got = ns.function("accuracy")(scores, labels)
    assert_close(got, 0.6, "accuracy(scores, labels) with 10 examples, 6 of them right")


@ex.test("q1", points=1, hidden=True)
def accuracy_of_many_examples(ns):
    """1,000 random examples with 7 classes"""
    rng = np.random.default_rng(11)
    scores, labels = rng.normal(size=(1000, 7)), rng.integers(0, 7, size=1000)
    got = ns.function("accuracy")(scores, labels)
    assert_close(got, _accuracy(scores, labels), "accuracy on 1,000 random examples")


@ex.test("q1", points=1, hidden=True)
def accuracy_when_all_right_or_all_wrong(ns):
    """all predictions right gives 1.0, all wrong gives 0.0"""
    accuracy = ns.function("accuracy")
    scores = np.eye(5)[[4, 2, 0, 1, 3, 3]] * 2.0 + 0.1
    right = scores.argmax(axis=1)
    assert_close(accuracy(scores, right), 1.0, "accuracy when every prediction is right")
    assert_close(accuracy(scores, (right + 1) % 5), 0.0, "accuracy when every one is wrong")


# --- q2: a train/test split that keeps class balance --------------------------------------

ex.question("q2", "A stratified split", hints=[
    "Work one class at a time: np.flatnonzero(labels == c) gives the indices of class c.",
    "Shuffle those indices with rng.permutation, then the first round(test_fraction * n_c) "
    "go to the test set and the rest to the training set.",
    "Create the generator once, rng = np.random.default_rng(seed), before the loop, and "
    "np.concatenate the per-class pieces at the end.",
])


def _split(ns, labels: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Call the student's function and check the shape of what comes back."""
    what = f"stratified_split(labels, {fraction}, seed={seed})"
    result = ns.function("stratified_split")(labels, fraction, seed)
    if not isinstance(result, tuple) or len(result) != 2:
        raise AssertionError(f"{what} should return two arrays (train_idx, test_idx), "
                             f"got {type(result).__name__}")
    train, test = (as_array(part, what) for part in result)
    for name, part in (("train_idx", train), ("test_idx", test)):
        if part.ndim != 1 or part.dtype.kind not in "iu":
            raise AssertionError(f"{what}: {name} should be a 1-D array of integer indices, "
                                 f"got dtype {part.dtype} and shape {part.shape}")
    both = np.concatenate([train, test])
    if len(both) != len(labels) or not np.array_equal(np.sort(both), np.arange(len(labels))):
        raise AssertionError(f"{what}: every index 0..{len(labels) - 1} must appear exactly "
                             f"once in train_idx or test_idx; got {len(train)} + {len(test)} "
                             f"indices, {len(both) - len(np.unique(both))} of them repeated")
    return train, test


def _assert_balanced(labels: np.ndarray, test: np.ndarray, fraction: float) -> None:
    for c in np.unique(labels):
        n_c, in_test = int(np.sum(labels == c)), int(np.sum(labels[test] == c))
        expected = round(fraction * n_c)  # the sizes used here never tie at .5
        if in_test != expected:
            raise AssertionError(f"class {c}: {in_test} of its {n_c} examples are in the test "
                                 f"set, expected round({fraction} x {n_c}) = {expected}")


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
    """five classes from 500 examples down to 3, in random order, 30 % test"""
    rng = np.random.default_rng(7)
    labels = rng.permutation(np.repeat([3, 0, 4, 1, 2], [500, 120, 37, 9, 3]))
    _, test = _split(ns, labels, 0.3, seed=5)
    _assert_balanced(labels, test, 0.3)


@ex.test("q2", points=1, hidden=True)
def split_is_random_but_repeatable(ns):
    """the same seed gives the same split, another seed another one, not the first examples"""
    labels = np.tile([0, 1, 2, 3], 50)
    _, first = _split(ns, labels, 0.25, seed=1)
    _, again = _split(ns, labels, 0.25, seed=1)
    _, other = _split(ns, labels, 0.25, seed=2)
    assert np.array_equal(np.sort(first), np.sort(again)), (
        "two calls with seed=1 gave different test sets: use np.random.default_rng(seed)")
    assert not np.array_equal(np.sort(first), np.sort(other)), (
        "seed=1 and seed=2 gave the same test set: the split should be random")
    first_of_each = np.concatenate([np.flatnonzero(labels == c)[:12] for c in range(4)])
    assert not np.array_equal(np.sort(first), np.sort(first_of_each)), (
        "the test set holds the first examples of each class: shuffle them first")


# --- q3: counting parameters ----------------------------------------------------------------

ex.question("q3", "Counting parameters", hints=[
    "A layer from n_in to n_out units has a weight for every (input, output) pair and one "
    "bias per output unit.",
    "zip(layer_sizes[:-1], layer_sizes[1:]) gives the (n_in, n_out) of each layer.",
    "The chapter's network, [64, 64, 10], has 4,810 parameters: check yours against it.",
])


def _count(sizes: list[int]) -> int:
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


@ex.test("q3", points=1)
def parameters_of_the_chapter_network(ns):
    """the network of the chapter, [64, 64, 10]"""
    got = ns.function("count_parameters")([64, 64, 10])
    assert_integer(got, 4810, "count_parameters([64, 64, 10])")


@ex.test("q3", points=1)
def parameters_of_one_neuron(ns):
    """one neuron with three inputs, [3, 1]: three weights and a bias"""
    assert_integer(ns.function("count_parameters")([3, 1]), 4, "count_parameters([3, 1])")


@ex.test("q3", points=1, hidden=True)
def parameters_of_deeper_networks(ns):
    """networks with three and four layers"""
    count = ns.function("count_parameters")
    for sizes in ([784, 256, 128, 10], [2, 3, 3, 2], [5, 1, 7]):
        assert_integer(count(list(sizes)), _count(sizes), f"count_parameters({sizes})")


@ex.test("q3", points=1, hidden=True)
def parameters_of_a_wide_output_layer(ns):
    """layers that get wider, [4, 8, 16]"""
    assert_integer(ns.function("count_parameters")([4, 8, 16]), _count([4, 8, 16]),
                   "count_parameters([4, 8, 16])")


# --- q4: when to stop ------------------------------------------------------------------------

ex.question("q4", "When to stop training", hints=[
    "np.argmin gives the position of the smallest value, counted from 0.",
    "Epochs are counted from 1: the first value of the list is epoch 1.",
    "If two epochs share the smallest loss, np.argmin already returns the first of them.",
])


@ex.test("q4", points=1)
def best_epoch_of_a_short_curve(ns):
    """the validation loss is lowest at the 3rd epoch"""
    got = ns.function("best_epoch")([0.9, 0.6, 0.5, 0.55, 0.7])
    assert_integer(got, 3, "best_epoch([0.9, 0.6, 0.5, 0.55, 0.7])")


@ex.test("q4", points=1)
def epochs_are_counted_from_one(ns):
    """a curve (a NumPy array) that only goes up is best at epoch 1"""
    got = ns.function("best_epoch")(np.array([0.3, 0.4, 0.5]))
    assert_integer(got, 1, "best_epoch(np.array([0.3, 0.4, 0.5]))")


@ex.test("q4", points=1, hidden=True)
def best_epoch_of_a_noisy_curve(ns):
    """a noisy 40-epoch curve that turns up (overfitting)"""
    rng = np.random.default_rng(3)
    epochs = np.arange(1, 41)
    curve = 1.5 * np.exp(-epochs / 5) + 0.002 * epochs**1.5 + rng.normal(0, 0.01, size=40)
    expected = int(np.argmin(curve)) + 1
    assert_integer(ns.function("best_epoch")(curve), expected, "best_epoch on a 40-epoch curve")


@ex.test("q4", points=1, hidden=True)
def best_epoch_takes_the_first_of_equal_losses(ns):
    """two epochs share the lowest loss: stop at the earlier one"""
    got = ns.function("best_epoch")(np.array([0.5, 0.4, 0.45, 0.4, 0.6]))
    assert_integer(got, 2, "best_epoch([0.5, 0.4, 0.45, 0.4, 0.6])")


# --- q5: one step of gradient descent -------------------------------------------------------

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


@ex.test("q5", points=1)
def first_step_on_the_receipts(ns):
    """one step from w = 0 on the chapter's five receipts, learning rate 0.05"""
    got = ns.function("gradient_step")(0.0, KILOS, PAID, 0.05)
    assert_close(got, _step(0.0, KILOS, PAID, 0.05), "gradient_step(0.0, kilos, paid, 0.05)")


@ex.test("q5", points=1)
def no_step_at_the_minimum(ns):
    """at the least-squares price the slope is 0, so w does not move"""
    best = float(np.sum(KILOS * PAID) / np.sum(KILOS**2))
    got = ns.function("gradient_step")(best, KILOS, PAID, 0.05)
    assert_close(got, best, f"gradient_step({best:.4f}, kilos, paid, 0.05)")


@ex.test("q5", points=1, hidden=True)
def one_step_on_random_receipts(ns):
    """one step from a random w on 20 random receipts, learning rate 0.01"""
    rng = np.random.default_rng(5)
    kilos = rng.uniform(0.1, 4.0, size=20)
    paid = 2.7 * kilos + rng.normal(0, 0.2, size=20)
    got = ns.function("gradient_step")(1.3, kilos, paid, 0.01)
    assert_close(got, _step(1.3, kilos, paid, 0.01), "gradient_step(1.3, kilos, paid, 0.01)")


@ex.test("q5", points=1, hidden=True)
def steps_from_above_the_minimum(ns):
    """three steps from w = 4 (too expensive) go down towards the minimum"""
    step = ns.function("gradient_step")
    w, expected = 4.0, 4.0
    for _ in range(3):
        w = step(float(w), KILOS, PAID, 0.05)
        expected = _step(expected, KILOS, PAID, 0.05)
    assert_close(w, expected, "w after three calls of gradient_step from w = 4.0")
