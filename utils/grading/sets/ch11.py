"""Tests of the Chapter 11 exercises (``solutions/11_practical.md``).

Expected values come from elsewhere than the solutions' code, here in the grader: loops
over rows for the scaling step; scikit-learn's ``f1_score`` and
``balanced_accuracy_score`` for the metrics; a long vectorised bootstrap run, an unpaired
run and simulated test sets whose true difference is known for the paired interval; a
loop over sorted rows for the adaptive ECE; range-test curves built from a known
noise-free shape for the learning rate; autograd on the whole batch for gradient
accumulation; and a closed form (a linear model) or the grader's own loops for the
occlusion map.

Question 1 redoes the chapter's leakage-free scaling (a warm-up); 2 to 8 carry its ideas
to cases it did not code: many-class metrics, a paired bootstrap, equal-mass calibration
bins, an automatic learning-rate suggestion, accumulation over uneven micro-batches,
occlusion sensitivity and a split that keeps groups apart (checked by its rules, and by
how often each group is picked over many seeds).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import torch
from sklearn.metrics import balanced_accuracy_score, f1_score

from utils.grading.expect import as_array, as_number, assert_close
from utils.grading.namespace import Code, Rng
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch11", title="Chapter 11 exercises")


def _pair(result, what: str) -> tuple:
    """``result`` is a tuple or list of two things."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return a pair of two values, got "
                             f"{type(result).__name__}")
    return result[0], result[1]


# --- q1: scaling without leakage ---------------------------------------------------------------

ex.question("q1", "Scaling without leakage", hints=[
    "The statistics come from X_train alone: X_train.mean(axis=0) and X_train.std(axis=0), "
    "one number per column.",
    "Both sets are scaled with those same numbers; np.where(std == 0, 1.0, std) replaces "
    "the standard deviation of a constant column by 1.",
    "Build new arrays ((X - mean) / std); X -= mean would change the caller's array.",
])


def _scaled(X_train: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``X`` scaled with the statistics of ``X_train``, column by column, with loops."""
    out = np.empty(X.shape, dtype=np.float64)
    n = X_train.shape[0]
    for j in range(X.shape[1]):
        column = [float(v) for v in X_train[:, j]]
        mean = sum(column) / n
        std = math.sqrt(sum((v - mean) ** 2 for v in column) / n) or 1.0
        for i in range(X.shape[0]):
            out[i, j] = (float(X[i, j]) - mean) / std
    return out


def _check_scaling(ns, X_train, X_test, what, rtol=1e-6) -> None:
    got_train, got_test = _pair(ns.function("standardise_split")(X_train, X_test), what)
    for got, X, name in ((got_train, X_train, "train_scaled"),
                         (got_test, X_test, "test_scaled")):
        array = as_array(got, f"{what}: {name}")
        if array.shape != X.shape:
            raise AssertionError(f"{what}: {name} has shape {array.shape}, expected "
                                 f"{X.shape}")
        if not np.all(np.isfinite(array)):
            raise AssertionError(f"{what}: {name} holds values that are not finite: is a "
                                 "constant column divided by a standard deviation of 0?")
    test = as_array(got_test, what).astype(np.float64)
    expected = _scaled(X_train, X_test)
    if not np.allclose(test, expected, rtol=rtol, atol=1e-6):
        for source, name in ((X_test, "the test set's own"),
                             (np.concatenate([X_train, X_test]), "all the rows'")):
            if np.allclose(test, _scaled(source, X_test), rtol=1e-5, atol=1e-6):
                raise AssertionError(f"{what}: test_scaled uses {name} statistics: only the "
                                     "training rows may be used")
        std = X_train.std(axis=0, ddof=1)
        if np.allclose(test, (X_test - X_train.mean(axis=0)) / np.where(std == 0, 1, std),
                       rtol=1e-5, atol=1e-6):
            raise AssertionError(f"{what}: test_scaled divides by the sample standard "
                                 "deviation (ddof=1); the question asks for ddof=0")
    assert_close(test, expected, f"{what}: test_scaled", rtol=rtol, atol=1e-6)
    assert_close(as_array(got_train, what).astype(np.float64), _scaled(X_train, X_train),
                 f"{what}: train_scaled", rtol=rtol, atol=1e-6)


@ex.test("q1", points=0.5)
def scaling_a_small_example(ns):
    """4 training rows and 2 test rows of 2 columns"""
    X_train = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [6.0, 60.0]])
    X_test = np.array([[0.0, 100.0], [4.0, 5.0]])
    _check_scaling(ns, X_train, X_test, "standardise_split(X_train (4, 2), X_test (2, 2))")


@ex.test("q1", points=0.5)
def shifted_test_set_keeps_its_shift(ns):
    """a test set whose columns are shifted from the training set's"""
    rng = np.random.default_rng(1)
    X_train = rng.normal([5.0, -2.0, 0.0], [2.0, 0.5, 3.0], size=(60, 3))
    X_test = rng.normal([9.0, -1.0, 0.0], [2.0, 0.5, 1.0], size=(25, 3))
    _check_scaling(ns, X_train, X_test, "standardise_split(X_train (60, 3), shifted "
                   "X_test (25, 3))")


@ex.test("q1", points=0.5, hidden=True)
def constant_column_is_only_centred(ns):
    """a column constant in the training rows (not in the test rows) is only centred"""
    rng = np.random.default_rng(2)
    X_train = np.column_stack([rng.normal(size=30), np.full(30, 7.0), rng.normal(size=30)])
    X_test = np.column_stack([rng.normal(size=8), rng.normal(7.0, 1.0, 8),
                              rng.normal(size=8)])
    _check_scaling(ns, X_train, X_test, "standardise_split(X_train with a constant "
                   "column, X_test)")


@ex.test("q1", points=0.5, hidden=True)
def five_rows_one_test_row_and_float32(ns):
    """5 training rows (ddof=0 matters), a test set of one row; float32 inputs"""
    X_train = np.array([[1.0, 2.0], [2.0, 4.0], [4.0, 1.0], [8.0, 3.0], [5.0, 5.0]])
    _check_scaling(ns, X_train, np.array([[3.0, 3.0]]), "standardise_split(X_train "
                   "(5, 2), X_test (1, 2))")
    rng = np.random.default_rng(3)
    X_train = rng.normal(2.0, 3.0, size=(40, 4)).astype(np.float32)
    X_test = rng.normal(2.0, 3.0, size=(10, 4)).astype(np.float32)
    _check_scaling(ns, X_train, X_test, "standardise_split(float32 X_train (40, 4), ...)",
                   rtol=1e-4)


# --- q2: macro-F1 and balanced accuracy ------------------------------------------------------

ex.question("q2", "Macro-F1 and balanced accuracy for many classes", transfer=True, bans=[
    "sklearn.metrics.f1_score", "sklearn.metrics.fbeta_score",
    "sklearn.metrics.balanced_accuracy_score", "sklearn.metrics.confusion_matrix",
    "sklearn.metrics.precision_recall_fscore_support", "sklearn.metrics.precision_score",
    "sklearn.metrics.recall_score", "sklearn.metrics.classification_report",
    "sklearn.metrics.multilabel_confusion_matrix",
], hints=[
    "confusion = np.zeros((n_classes, n_classes), dtype=int); np.add.at(confusion, "
    "(y_true, y_pred), 1) counts every (true, predicted) pair. Its diagonal is TP; its row "
    "sums count the true examples of each class, its column sums the predictions.",
    "Macro means one F1 per class, then their plain mean, not F1 of pooled counts (that "
    "is micro-F1, equal to the accuracy) nor a mean weighted by class size.",
    "Keep the classes that occur: (true_counts > 0) | (pred_counts > 0) for the F1s, "
    "true_counts > 0 for the recalls that balanced accuracy averages.",
])


def _metrics(y_true, y_pred) -> tuple[float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return (float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
                float(balanced_accuracy_score(y_true, y_pred)))


def _check_metrics(ns, y_true, y_pred, n_classes, what) -> None:
    y_true, y_pred = np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)
    got = _pair(ns.function("macro_f1_and_balanced_accuracy")(y_true, y_pred, n_classes),
                what)
    f1, balanced = (as_number(g, what) for g in got)
    expected_f1, expected_balanced = _metrics(y_true, y_pred)
    if not math.isclose(f1, expected_f1, rel_tol=1e-9, abs_tol=1e-12):
        accuracy = float(np.mean(y_true == y_pred))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            weighted = float(f1_score(y_true, y_pred, average="weighted", zero_division=0))
        if math.isclose(f1, accuracy, rel_tol=1e-9) and abs(accuracy - expected_f1) > 1e-6:
            raise AssertionError(f"{what}: macro-F1 {f1:.6g} is the accuracy (micro-F1); "
                                 f"expected the mean of the per-class F1s, {expected_f1:.6g}")
        if math.isclose(f1, weighted, rel_tol=1e-9) and abs(weighted - expected_f1) > 1e-6:
            raise AssertionError(f"{what}: macro-F1 {f1:.6g} weights each class by its "
                                 f"size; macro gives each class the same weight "
                                 f"({expected_f1:.6g})")
    assert_close(f1, expected_f1, f"{what}: macro-F1", rtol=1e-9, atol=1e-12)
    assert_close(balanced, expected_balanced, f"{what}: balanced accuracy (the mean recall "
                 "over the classes present in y_true)", rtol=1e-9, atol=1e-12)


@ex.test("q2", points=1)
def three_classes_by_hand(ns):
    """10 labels of 3 classes with some mistakes in each"""
    _check_metrics(ns, [0, 0, 0, 0, 1, 1, 1, 2, 2, 2], [0, 0, 1, 2, 1, 1, 0, 2, 2, 1], 3,
                   "macro_f1_and_balanced_accuracy(10 labels, 3 classes)")


@ex.test("q2", points=1)
def a_class_never_predicted(ns):
    """an imbalanced set where one class is never predicted"""
    y_true = [0] * 12 + [1] * 5 + [2] * 3
    y_pred = [0] * 10 + [1] * 2 + [1] * 4 + [0] + [0] * 3
    _check_metrics(ns, y_true, y_pred, 3, "macro_f1_and_balanced_accuracy(20 labels, "
                   "class 2 never predicted)")


@ex.test("q2", points=1, hidden=True)
def many_classes_against_scikit_learn(ns):
    """500 labels of 10 imbalanced classes, three classifiers of different quality"""
    rng = np.random.default_rng(4)
    y_true = rng.choice(10, size=500, p=np.r_[0.3, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05, 0.04,
                                              0.03, 0.03])
    for keep in (0.9, 0.6, 0.2):
        y_pred = np.where(rng.random(500) < keep, y_true, rng.integers(0, 10, 500))
        _check_metrics(ns, y_true, y_pred, 10, f"macro_f1_and_balanced_accuracy(500 "
                       f"labels, 10 classes, {keep:.0%} kept)")


@ex.test("q2", points=1, hidden=True)
def classes_missing_from_truth_or_predictions(ns):
    """a class only predicted, one only true, one in neither; a single example"""
    y_true = [0, 0, 1, 1, 2, 3, 3, 0, 1, 2]
    y_pred = [0, 5, 1, 0, 2, 0, 5, 0, 1, 5]
    _check_metrics(ns, y_true, y_pred, 6, "macro_f1_and_balanced_accuracy(class 5 only "
                   "predicted, class 3 never predicted, class 4 absent, n_classes=6)")
    _check_metrics(ns, [2], [2], 4, "macro_f1_and_balanced_accuracy([2], [2], 4)")
    _check_metrics(ns, [1, 1], [0, 0], 3, "macro_f1_and_balanced_accuracy([1, 1], [0, 0], "
                   "3)")


# --- q3: a paired bootstrap interval -----------------------------------------------------------

ex.question("q3", "A paired bootstrap interval for the difference of two models",
            transfer=True, hints=[
    "Turn the two boolean arrays into one array of per-example differences, "
    "a.astype(float) - b.astype(float): each entry is -1, 0 or 1.",
    "One sample: idx = generator.integers(0, n, size=n); the difference of accuracies on "
    "that sample is the mean of the differences at idx. Both models use the same idx.",
    "Collect n_boot such means, then np.percentile(draws, [100 * alpha / 2, "
    "100 * (1 - alpha / 2)]).",
])


def _long_bootstrap(a, b, alpha, draws=40_000, seed=123) -> tuple[float, float, float]:
    """(low, high, spread) of a long paired bootstrap, vectorised in blocks."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    rng, means = np.random.default_rng(seed), []
    for _ in range(draws // 2000):
        means.append(d[rng.integers(0, len(d), size=(2000, len(d)))].mean(axis=1))
    means = np.concatenate(means)
    low, high = np.percentile(means, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(low), float(high), float(means.std())


def _interval(ns, a, b, n_boot, alpha, seed, what) -> tuple[float, float]:
    got = _pair(ns.function("paired_bootstrap_ci")(np.asarray(a, dtype=bool),
                                                   np.asarray(b, dtype=bool), n_boot, alpha,
                                                   Rng(seed)), what)
    low, high = (as_number(g, what) for g in got)
    if not low <= high:
        raise AssertionError(f"{what} returned ({low:.4g}, {high:.4g}): low should not "
                             "exceed high")
    return low, high


def _agreeing_models(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two models right on most of the same examples: A right 80 %, B 77 %."""
    u = np.random.default_rng(seed).random(n)
    return u < 0.80, (u < 0.74) | (u > 0.97)


def _same_seed_probe(variables, a, b, n_boot, seed):
    """paired_bootstrap_ci twice with the same seed, NumPy's global generator reseeded"""
    f = variables.function("paired_bootstrap_ci")
    out = []
    for other in (1, 2):
        np.random.seed(other)
        out.append([float(v) for v in f(a, b, n_boot, 0.05, np.random.default_rng(seed))])
    return out


def _check_against_long_run(ns, a, b, alpha, what, n_boot=2000, seed=5) -> None:
    low, high = _interval(ns, a, b, n_boot, alpha, seed, what)
    ref_low, ref_high, spread = _long_bootstrap(a, b, alpha)
    for got, ref, name in ((low, ref_low, "low"), (high, ref_high, "high")):
        # 0.3 spread is two steps of the 1/N grid of differences here: 3,000 simulated
        # runs of a correct answer (5,000 draws) strayed by one step at most
        if abs(got - ref) > 0.3 * spread + 1e-9:
            raise AssertionError(
                f"{what}: {name} = {got:.4f}, where a long paired bootstrap gives {ref:.4f} "
                f"(its draws spread by {spread:.4f}; yours is off by "
                f"{abs(got - ref) / spread:.1f} of that). Do both models use the same "
                "indices, and is the interval a percentile one?")


@ex.test("q3", points=1)
def end_points_match_a_long_bootstrap(ns):
    """two models that agree on most of 400 examples, alpha = 0.05, 5,000 samples"""
    a, b = _agreeing_models(400, 6)
    what = "paired_bootstrap_ci(400 examples, 5000, 0.05, generator)"
    _check_against_long_run(ns, a, b, 0.05, what, n_boot=5000)
    twice = ns.probe(_same_seed_probe, a, b, 300, 5)
    if twice[0] != twice[1]:
        raise AssertionError(f"{what}: two generators with the same seed gave different "
                             "intervals: draw the indices with the generator you were given")


@ex.test("q3", points=0.5)
def identical_models_give_zero(ns):
    """two models right on exactly the same examples: the interval is (0, 0)"""
    a = np.random.default_rng(7).random(150) < 0.7
    low, high = _interval(ns, a, a.copy(), 500, 0.05, 8, "paired_bootstrap_ci(a, a, ...)")
    if abs(low) > 1e-12 or abs(high) > 1e-12:
        raise AssertionError(f"paired_bootstrap_ci of a model against itself returned "
                             f"({low:.4f}, {high:.4f}): every paired sample gives a "
                             "difference of 0; resample the same indices for both models")


@ex.test("q3", points=1, hidden=True)
def skewed_difference_and_other_alpha(ns):
    """2 disagreements in 100 examples (a skewed distribution); alpha = 0.2 on 300"""
    a = np.ones(100, dtype=bool)
    b = a.copy()
    b[[10, 60]] = False
    a[[5, 20, 30, 40]] = b[[5, 20, 30, 40]] = False
    low, high = _interval(ns, a, b, 2000, 0.05, 9, "paired_bootstrap_ci(100 examples, "
                          "2 disagreements, 2000, 0.05, generator)")
    if abs(low) > 0.003 or abs(high - 0.05) > 0.012:
        why = (" No resample can favour B, so a bootstrap interval cannot go below 0; a "
               "normal approximation does" if low < 0 else "")
        raise AssertionError(
            f"paired_bootstrap_ci(100 examples where only 2 disagree, both for A) returned "
            f"({low:.4f}, {high:.4f}); the percentile bootstrap gives about (0.00, "
            f"0.05).{why}")
    a, b = _agreeing_models(300, 10)
    _check_against_long_run(ns, a, b, 0.2, "paired_bootstrap_ci(300 examples, 2000, 0.2, "
                            "generator)", seed=11)


def _coverage_probe(variables, n_sets, n, n_boot, seed):
    """paired_bootstrap_ci on many simulated test sets"""
    f = variables.function("paired_bootstrap_ci")
    rng = np.random.default_rng(seed)
    intervals = []
    for k in range(n_sets):
        u = rng.random(n)
        a, b = u < 0.80, (u < 0.74) | (u > 0.97)
        low, high = f(a, b, n_boot, 0.05, np.random.default_rng(seed + 1 + k))
        intervals.append([float(low), float(high)])
    return np.array(intervals)


@ex.test("q3", points=1.5, hidden=True, seconds=60)
def intervals_cover_the_true_difference(ns):
    """200 simulated test sets of 200 examples: about 95 % of the intervals cover 0.03"""
    intervals = as_array(ns.probe(_coverage_probe, 200, 200, 400, 20), "the intervals")
    if intervals.shape != (200, 2):
        raise AssertionError(f"200 calls returned intervals of shape {intervals.shape}")
    covered = float(np.mean((intervals[:, 0] <= 0.03) & (0.03 <= intervals[:, 1])))
    width = float(np.median(intervals[:, 1] - intervals[:, 0]))
    paired_sd = math.sqrt(0.09 - 0.03 ** 2) / math.sqrt(200)
    if not 0.88 <= covered <= 0.995:
        raise AssertionError(
            f"{covered:.1%} of the 95 % intervals of 200 simulated test sets cover the true "
            f"difference (0.03); a paired percentile bootstrap covers it about 94-97 % of the "
            f"time here (the differences are multiples of 1/200, and an end point that "
            f"falls on 0.03 covers it). "
            f"Their median width is {width:.3f}, where the paired spread predicts about "
            f"{2 * 1.96 * paired_sd:.3f}")
    if width > 1.5 * 2 * 1.96 * paired_sd:
        raise AssertionError(f"the median width of your intervals, {width:.3f}, is far "
                             f"above the {2 * 1.96 * paired_sd:.3f} of a paired interval: "
                             "are the two models resampled independently?")


# --- q4: adaptive ECE ------------------------------------------------------------------------

ex.question("q4", "Calibration error with equal-mass bins", transfer=True, hints=[
    "confidence = probs.max(axis=1); correct = probs.argmax(axis=1) == labels. The "
    "confidence is the top class's probability, whatever the label.",
    "order = np.argsort(confidence, kind='stable'); np.array_split(order, n_bins) gives "
    "the rows of each bin, the first ones one row longer when N does not divide.",
    "Weight each bin's gap |mean(correct) - mean(confidence)| by its share of the rows, "
    "len(part) / N, and skip empty parts.",
])


def _ece_reference(probs: np.ndarray, labels: np.ndarray, n_bins: int) -> float:
    """Adaptive ECE with explicit bin edges in the sorted order, and loops."""
    n = len(labels)
    rows = sorted(range(n), key=lambda i: float(np.max(probs[i])))  # sorted() is stable
    size, extra = divmod(n, n_bins)
    total, start = 0.0, 0
    for b in range(n_bins):
        stop = start + size + (1 if b < extra else 0)
        part = rows[start:stop]
        if part:
            acc = sum(int(np.argmax(probs[i]) == labels[i]) for i in part) / len(part)
            conf = sum(float(np.max(probs[i])) for i in part) / len(part)
            total += len(part) / n * abs(acc - conf)
        start = stop
    return total


def _probs(n: int, classes: int, scale: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Over-confident softmax rows and labels drawn from the calibrated ones."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, classes)) * 1.5
    calibrated = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(classes, p=p) for p in calibrated])
    sharp = np.exp(scale * logits)
    return sharp / sharp.sum(axis=1, keepdims=True), labels


def _check_ece(ns, probs, labels, n_bins, what) -> None:
    got = as_number(ns.function("adaptive_ece")(probs, labels, n_bins), what)
    expected = _ece_reference(probs, labels, n_bins)
    confidence, correct = probs.max(axis=1), probs.argmax(axis=1) == labels
    parts = [p for p in np.array_split(np.argsort(confidence, kind="stable"), n_bins)
             if len(p)]
    unweighted = np.mean([abs(correct[p].mean() - confidence[p].mean()) for p in parts])
    if math.isclose(got, unweighted, rel_tol=1e-9) and not math.isclose(
            unweighted, expected, rel_tol=1e-9):
        raise AssertionError(f"{what} returned {got:.6g}, the plain mean of the bins' gaps; "
                             f"weight each gap by its bin's share of the rows "
                             f"(expected {expected:.6g}): the bins differ in size here")
    assert_close(got, expected, what, rtol=1e-9, atol=1e-12)


@ex.test("q4", points=1)
def equal_bins_of_an_overconfident_model(ns):
    """300 rows of 4 classes, 10 bins of 30 rows, no ties"""
    probs, labels = _probs(300, 4, 2.5, 12)
    _check_ece(ns, probs, labels, 10, "adaptive_ece(probs (300, 4), labels, 10)")


@ex.test("q4", points=0.5)
def four_rows_by_hand(ns):
    """4 rows, 2 bins: ECE = (2/4)|0.5 - 0.65| + (2/4)|1 - 0.9| = 0.125"""
    probs = np.array([[0.6, 0.4], [0.3, 0.7], [0.95, 0.05], [0.15, 0.85]])
    labels = np.array([1, 1, 0, 1])
    got = as_number(ns.function("adaptive_ece")(probs, labels, 2), "adaptive_ece(4 rows, "
                    "2 bins)")
    assert_close(got, 0.125, "adaptive_ece(4 rows, 2 bins)", rtol=1e-9, atol=1e-12)


@ex.test("q4", points=1, hidden=True)
def uneven_bins(ns):
    """103 rows in 15 bins (the first 13 of 7 rows, the last 2 of 6); 157 rows in 10"""
    probs, labels = _probs(103, 3, 3.0, 13)
    _check_ece(ns, probs, labels, 15, "adaptive_ece(probs (103, 3), labels, 15)")
    probs, labels = _probs(157, 10, 1.0, 14)
    _check_ece(ns, probs, labels, 10, "adaptive_ece(probs (157, 10), labels, 10)")


@ex.test("q4", points=0.5, hidden=True)
def more_bins_than_rows_and_equal_confidences(ns):
    """5 rows in 8 bins (3 empty); 6 rows of equal confidence; ties across bins"""
    probs, labels = _probs(5, 3, 2.0, 15)
    _check_ece(ns, probs, labels, 8, "adaptive_ece(5 rows, 8 bins)")
    probs = np.tile([0.2, 0.7, 0.1], (6, 1))
    got = as_number(ns.function("adaptive_ece")(probs, np.ones(6, dtype=np.int64), 3),
                    "adaptive_ece(6 equal rows, all right, 3 bins)")
    assert_close(got, 0.3, "adaptive_ece(6 equal rows of confidence 0.7, all right, "
                 "3 bins)", rtol=1e-9, atol=1e-12)
    rng = np.random.default_rng(50)
    confidence = rng.permutation(np.repeat([0.6, 0.8, 0.9], [14, 13, 13]))
    probs = np.column_stack([confidence, 1 - confidence])
    labels = (rng.random(40) < 0.3).astype(np.int64)
    _check_ece(ns, probs, labels, 6, "adaptive_ece(40 rows of 3 distinct confidences, "
               "6 bins: tied rows in their original order, as a stable sort keeps them)")


# --- q5: a learning rate from a range test -----------------------------------------------------

ex.question("q5", "A learning rate from a range test", transfer=True, hints=[
    "Walk along the losses and stop at the first one that is not finite (math.isfinite) "
    "or that exceeds 4 times the lowest smoothed loss so far: what follows is divergence.",
    "Smooth: avg = 0.8 * avg + 0.2 * loss, and divide by 1 - 0.8 ** (step + 1) so that "
    "the first values are not pulled towards 0.",
    "Slopes against log(lr): np.diff(smoothed) / np.diff(np.log(lrs)), from the 5th step "
    "up to the smoothed minimum; the most negative slope marks the rate to return.",
])


def _curve(n=120, lo=1e-6, hi=10.0, centre=1e-3, width=0.35, blow=0.3, noise=0.04,
           seed=0, tail="inf") -> tuple[np.ndarray, np.ndarray]:
    """A range-test curve: a sigmoid fall centred at ``centre`` (log10), a blow-up from
    ``blow``, additive noise; what follows the blow-up is inf, nan, or wild values."""
    x = np.linspace(math.log10(lo), math.log10(hi), n)
    shape = 2.3 - 2.0 / (1 + np.exp(-(x - math.log10(centre)) / width))
    shape = shape + np.where(x > math.log10(blow), 10 ** (2 * (x - math.log10(blow))) - 1,
                             0.0)
    rng = np.random.default_rng(seed)
    losses = shape + noise * rng.normal(size=n)
    gone = np.flatnonzero(shape > 8)
    if len(gone):
        rest = losses[gone[0]:]
        if tail == "inf":
            rest[:] = np.inf
        elif tail == "nan":
            rest[:] = np.nan
        else:  # wild: the loss jumps up and down once training has diverged
            rest[:] = 10 ** rng.uniform(0, 4, len(rest))
    return 10 ** x, losses


def _check_lr(ns, lrs, losses, centre, what, factor=5.0) -> None:
    got = as_number(ns.function("suggest_lr")(lrs, losses), what)
    if not np.any(np.isclose(lrs, got, rtol=1e-9)):
        raise AssertionError(f"{what} returned {got:.4g}, which is not one of the rates in "
                             "lrs")
    finite = np.where(np.isfinite(losses), losses, np.inf)
    lowest = float(lrs[int(np.argmin(finite))])
    if got >= lowest:
        raise AssertionError(f"{what} returned {got:.3g}, at or beyond the rate of the "
                             f"lowest loss ({lowest:.3g}): that rate is about to diverge")
    if not centre / factor <= got <= centre * factor:
        raise AssertionError(
            f"{what} returned {got:.3g}; the loss falls fastest near {centre:.3g} (this "
            f"curve was built around it), and the answer should lie within a factor of "
            f"{factor:g} of it, between {centre / factor:.3g} and {centre * factor:.3g}")


@ex.test("q5", points=1)
def curve_with_little_noise(ns):
    """120 rates from 1e-6 to 10, a fall centred at 1e-3, inf after the blow-up"""
    lrs, losses = _curve(noise=0.01, seed=16)
    _check_lr(ns, lrs, losses, 1e-3, "suggest_lr(a smooth curve falling around 1e-3)")


@ex.test("q5", points=1)
def noisy_curves(ns):
    """three noisy curves (noise 0.06), falling around 3e-4, 2e-3 and 1e-2"""
    for centre, seed in ((3e-4, 17), (2e-3, 18), (1e-2, 19)):
        lrs, losses = _curve(centre=centre, blow=centre * 300, noise=0.06, seed=seed)
        _check_lr(ns, lrs, losses, centre, f"suggest_lr(a noisy curve falling around "
                  f"{centre:g})")


@ex.test("q5", points=1, hidden=True)
def curves_that_end_in_nan_or_wild_values(ns):
    """divergence as nan, or as wild finite values that fall again; other lengths"""
    lrs, losses = _curve(n=100, lo=1e-5, centre=1e-2, blow=3.0, noise=0.05, seed=20,
                         tail="nan")
    _check_lr(ns, lrs, losses, 1e-2, "suggest_lr(100 rates, nan after divergence)")
    lrs, losses = _curve(n=200, centre=1e-4, blow=3e-2, noise=0.05, seed=21, tail="wild")
    _check_lr(ns, lrs, losses, 1e-4, "suggest_lr(200 rates, wild values after "
              "divergence)")


@ex.test("q5", points=1, hidden=True)
def very_noisy_curves_and_a_sharp_fall(ns):
    """noise 0.08 on five seeds; a sharp fall (width 0.15 decade) on 60 rates"""
    for seed in range(22, 27):
        lrs, losses = _curve(centre=1e-3, noise=0.08, seed=seed)
        _check_lr(ns, lrs, losses, 1e-3, f"suggest_lr(a very noisy curve, seed {seed})")
    lrs, losses = _curve(n=60, lo=1e-4, hi=1.0, centre=1e-3, width=0.15, blow=0.2,
                         noise=0.02, seed=27)
    _check_lr(ns, lrs, losses, 1e-3, "suggest_lr(60 rates, a sharp fall at 1e-3)")


# --- q6: gradient accumulation over uneven micro-batches ---------------------------------------

ex.question("q6", "Gradient accumulation over uneven micro-batches", transfer=True, hints=[
    "Start with model.zero_grad(): backward adds to whatever .grad already holds.",
    "Loop start = 0, m, 2m, ... < N; x[start:start + m] is shorter at the end. Scale each "
    "micro-batch's mean loss by len(xb) / N, not by 1 / (number of micro-batches).",
    "After the loop, return [p.grad.detach().clone() for p in model.parameters()].",
])


def _mlp(seed):
    import torch
    from torch import nn

    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 4)).double()


def _accumulate_probe(variables, build, seed, loss_name, x, y, micro, stale):
    """accumulated_gradients(model, loss_fn, x, y, micro_batch_size)"""
    import torch
    import torch.nn.functional as F

    model = build(seed)
    if stale:
        for p in model.parameters():
            p.grad = torch.full_like(p, 0.5)
    sizes = []
    model.register_forward_pre_hook(lambda module, inputs: sizes.append(len(inputs[0])))
    before = [p.detach().clone() for p in model.parameters()]
    loss_fn = F.mse_loss if loss_name == "mse" else F.cross_entropy
    grads = variables.function("accumulated_gradients")(model, loss_fn, x, y, micro)
    changed = any(not torch.equal(p.detach(), q) for p, q in zip(model.parameters(), before))
    if not isinstance(grads, (list, tuple)):
        return {"kind": type(grads).__name__}
    kept = [g.detach().clone() if isinstance(g, torch.Tensor) else None for g in grads]
    model.zero_grad(set_to_none=False)  # a caller that clears .grad in place
    aliased = any(k is not None and not torch.equal(g.detach(), k)
                  for g, k in zip(grads, kept))
    return {"kind": "list", "grads": kept, "sizes": sizes, "changed": changed,
            "training": model.training, "aliased": aliased}


def _check_accumulation(ns, n, micro, loss_name, what, stale=False, seed=30,
                        copies=False) -> None:
    gen = torch.Generator().manual_seed(seed + n)
    x = torch.randn(n, 3, generator=gen, dtype=torch.float64)
    y = (torch.randn(n, 4, generator=gen, dtype=torch.float64) if loss_name == "mse"
         else torch.randint(0, 4, (n,), generator=gen))
    view = ns.probe(_accumulate_probe, Code(_mlp), seed, loss_name, x, y, micro, stale)
    if view["kind"] != "list":
        raise AssertionError(f"{what} returned a {view['kind']}; expected a list of "
                             "gradient tensors, one per parameter")
    model = _mlp(seed)
    loss_fn = torch.nn.functional.mse_loss if loss_name == "mse" else \
        torch.nn.functional.cross_entropy
    expected = torch.autograd.grad(loss_fn(model(x), y), list(model.parameters()))
    if view["changed"]:
        raise AssertionError(f"{what} changed the model's parameters: it should only "
                             "compute gradients, not take an optimiser step")
    if copies and view["aliased"]:
        raise AssertionError(f"{what} returned the parameters' .grad tensors themselves: "
                             "a later model.zero_grad(set_to_none=False) zeroed them. "
                             "Return copies (p.grad.detach().clone())")
    sizes = view["sizes"]
    if sizes and (max(sizes) > micro or sum(sizes) != n):
        raise AssertionError(f"{what}: the model's forward passes saw {sizes} rows; "
                             f"expected micro-batches of at most {micro} rows that cover "
                             f"the {n} rows once each")
    grads = view["grads"]
    if len(grads) != len(expected):
        raise AssertionError(f"{what} returned {len(grads)} gradients; the model has "
                             f"{len(expected)} parameters")
    names = [name for name, _ in model.named_parameters()]
    chunks = [(x[i:i + micro], y[i:i + micro]) for i in range(0, n, micro)]
    equal = [sum(g) / len(chunks) for g in zip(*(torch.autograd.grad(
        loss_fn(model(xb), yb), list(model.parameters())) for xb, yb in chunks))]
    for got, ref, name in zip(grads, expected, names):
        if got is None or tuple(got.shape) != tuple(ref.shape):
            raise AssertionError(f"{what}: the gradient of {name} is not a tensor of shape "
                                 f"{tuple(ref.shape)}")
        if stale and torch.allclose(got.double(), ref + 0.5, rtol=1e-6, atol=1e-9):
            raise AssertionError(f"{what}: the gradient of {name} still holds the 0.5 left "
                                 "in .grad before the call: zero the gradients first")
        if (len(chunks) > 1 and torch.allclose(got.double(), equal[names.index(name)])
                and not torch.allclose(ref, equal[names.index(name)])):
            raise AssertionError(f"{what}: the gradient of {name} weights the "
                                 f"{len(chunks)} micro-batches equally, so the rows of the "
                                 "short last one count more than the others: weight each "
                                 "micro-batch's mean loss by its share of the rows, "
                                 "len(xb) / N")
        assert_close(got.double().numpy(), ref.numpy(), f"{what}: the gradient of {name}, "
                     "against the full batch's mean loss,", rtol=1e-6, atol=1e-10)


@ex.test("q6", points=1)
def even_micro_batches(ns):
    """12 rows in micro-batches of 4, mean squared error"""
    _check_accumulation(ns, 12, 4, "mse", "accumulated_gradients(model, mse, 12 rows, 4)")


@ex.test("q6", points=1)
def uneven_last_micro_batch(ns):
    """10 rows in micro-batches of 4, 4 and 2, cross-entropy"""
    _check_accumulation(ns, 10, 4, "ce", "accumulated_gradients(model, cross-entropy, "
                        "10 rows, 4)")


@ex.test("q6", points=1, hidden=True)
def old_gradients_are_cleared(ns):
    """the parameters hold gradients of 0.5 before the call; 11 rows in 3s; new tensors"""
    _check_accumulation(ns, 11, 3, "mse", "accumulated_gradients(model with old .grad, "
                        "mse, 11 rows, 3)", stale=True, copies=True)


@ex.test("q6", points=1, hidden=True)
def one_micro_batch_rows_of_one_and_a_batch_of_one(ns):
    """micro_batch_size 20 > 7 rows; micro-batches of 1; a batch of one row"""
    _check_accumulation(ns, 7, 20, "ce", "accumulated_gradients(model, cross-entropy, "
                        "7 rows, 20)")
    _check_accumulation(ns, 5, 1, "mse", "accumulated_gradients(model, mse, 5 rows, 1)")
    _check_accumulation(ns, 1, 3, "ce", "accumulated_gradients(model, cross-entropy, "
                        "1 row, 3)")


# --- q7: an occlusion map --------------------------------------------------------------------

ex.question("q7", "An occlusion map", transfer=True, hints=[
    "Positions: rows = range(0, H - patch + 1, stride), and the same along W; the map has "
    "len(rows) x len(cols) entries.",
    "For each position, copy the image (image.clone()), set covered[:, i:i + patch, "
    "j:j + patch] = fill, and run the model on covered[None] (a batch of one).",
    "model.eval() first and torch.no_grad() around the loop; the entry is the original "
    "probability minus the covered one, torch.softmax(logits, dim=1)[0, target].",
])


def _corner_model(seed):
    """Linear on a 1x8x8 image; class 1 looks at the top-left 4x4 quarter only."""
    import torch
    from torch import nn

    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 2, bias=False)).double()
    weights = torch.zeros(2, 8, 8, dtype=torch.float64)
    weights[1, :4, :4] = 0.5 + 0.1 * seed
    with torch.no_grad():
        model[1].weight.copy_(weights.reshape(2, 64))
    return model


def _dropout_model(seed):
    """Flatten, dropout, linear on a 3x9x7 image, 5 classes."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    return nn.Sequential(nn.Flatten(), nn.Dropout(0.5), nn.Linear(189, 5)).double()


def _conv_model(seed):
    """A small CNN with dropout on 2x10x13 images, 3 classes."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    return nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.ReLU(), nn.Dropout(0.3),
                         nn.AdaptiveAvgPool2d(2), nn.Flatten(), nn.Linear(16, 3)).double()


def _occlusion_probe(variables, build, seed, image, target, patch, stride, fill):
    """occlusion_map(model, image, target, patch, stride, fill)"""
    import torch

    model = build(seed)
    model.train()
    original = image.clone()
    result = variables.function("occlusion_map")(model, image, target, patch, stride, fill)
    if not isinstance(result, torch.Tensor):
        return {"kind": type(result).__name__}
    return {"kind": "tensor", "map": result.detach().clone(),
            "requires_grad": bool(result.requires_grad), "training": model.training,
            "image_changed": not torch.equal(image, original)}


def _occlusion_reference(model, image, target, patch, stride, fill) -> np.ndarray:
    model.eval()
    _, height, width = image.shape
    with torch.no_grad():
        base = float(torch.softmax(model(image[None]), 1)[0, target])
        out = []
        for i in range(0, height - patch + 1, stride):
            row = []
            for j in range(0, width - patch + 1, stride):
                covered = image.clone()
                covered[:, i:i + patch, j:j + patch] = fill
                row.append(base - float(torch.softmax(model(covered[None]), 1)[0, target]))
            out.append(row)
    return np.array(out)


def _check_occlusion(ns, build, seed, image, target, patch, stride, fill, what,
                     expected=None) -> None:
    view = ns.probe(_occlusion_probe, Code(build), seed, image, target, patch, stride, fill)
    if view["kind"] != "tensor":
        raise AssertionError(f"{what} returned a {view['kind']}; expected a tensor")
    if view["image_changed"]:
        raise AssertionError(f"{what} changed the image: cover a copy (image.clone())")
    if view["requires_grad"]:
        raise AssertionError(f"{what} returned a map that requires gradients: compute it "
                             "under torch.no_grad()")
    if expected is None:
        expected = _occlusion_reference(build(seed), image, target, patch, stride, fill)
    got = as_array(view["map"], what).astype(np.float64)
    if got.shape != expected.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected "
                             f"{expected.shape}: one entry per top-left corner (i, j) "
                             "where the patch fits, i + patch <= H")
    if np.allclose(got, -expected, rtol=1e-6, atol=1e-9) and np.abs(expected).max() > 0:
        raise AssertionError(f"{what}: the map has the wrong sign; it should be the "
                             "original probability minus the covered one")
    if view["training"] and not np.allclose(got, expected, rtol=1e-6, atol=1e-9):
        raise AssertionError(f"{what}: the map differs from the expected one, and the "
                             "model is still in training mode, where dropout zeroes "
                             "random inputs: call model.eval() first")
    assert_close(got, expected, what, rtol=1e-6, atol=1e-9)


def _corner_map(image: torch.Tensor, patch: int, weight: float) -> np.ndarray:
    """The closed form for ``_corner_model``: only class 1's logit depends on the image."""
    x = image[0].numpy()
    logit = weight * x[:4, :4].sum()
    p = 1 / (1 + math.exp(-logit))
    size = 8 - patch + 1
    out = np.zeros((size, size))
    for i in range(size):
        for j in range(size):
            covered = x.copy()
            covered[i:i + patch, j:j + patch] = 0.0
            out[i, j] = p - 1 / (1 + math.exp(-weight * covered[:4, :4].sum()))
    return out


@ex.test("q7", points=1)
def linear_model_that_looks_at_one_corner(ns):
    """a linear model reading the top-left 4x4 of a 1x8x8 image: patch 3, stride 1"""
    image = torch.linspace(0.5, 1.5, 64, dtype=torch.float64).reshape(1, 8, 8)
    _check_occlusion(ns, _corner_model, 0, image, 1, 3, 1, 0.0, "occlusion_map(corner "
                     "model, 1x8x8 image, target 1, patch 3, stride 1, fill 0)",
                     expected=_corner_map(image, 3, 0.5))


@ex.test("q7", points=1)
def stride_and_fill_on_a_colour_image(ns):
    """3x9x7 image, patch 3, stride 2 (a 4x3 map), fill 0.5; a model with dropout"""
    image = torch.rand(3, 9, 7, generator=torch.Generator().manual_seed(31),
                       dtype=torch.float64) * 4
    _check_occlusion(ns, _dropout_model, 32, image, 2, 3, 2, 0.5, "occlusion_map(model "
                     "with dropout, 3x9x7 image, target 2, patch 3, stride 2, fill 0.5)")


@ex.test("q7", points=1, hidden=True)
def a_small_cnn_with_uneven_strides(ns):
    """a CNN with dropout on a 2x10x13 image, patch 4, stride 3 (the last column unused)"""
    image = torch.randn(2, 10, 13, generator=torch.Generator().manual_seed(33),
                        dtype=torch.float64)
    for target in (0, 2):
        _check_occlusion(ns, _conv_model, 34, image, target, 4, 3, -1.0, "occlusion_map("
                         f"CNN, 2x10x13 image, target {target}, patch 4, stride 3, fill -1)")


@ex.test("q7", points=1, hidden=True)
def one_window_and_patches_of_one_pixel(ns):
    """a patch as large as the image (a 1x1 map); 1-pixel patches on the corner model"""
    image = torch.ones(1, 8, 8, dtype=torch.float64)
    _check_occlusion(ns, _corner_model, 1, image, 1, 8, 1, 0.0, "occlusion_map(corner "
                     "model, patch 8 on an 8x8 image)", expected=_corner_map(image, 8, 0.6))
    _check_occlusion(ns, _corner_model, 2, image, 1, 1, 1, 0.0, "occlusion_map(corner "
                     "model, patch 1, stride 1)", expected=_corner_map(image, 1, 0.7))


# --- q8: a group-aware split -------------------------------------------------------------------

ex.question("q8", "A split that keeps groups apart", transfer=True, bans=[
    "sklearn.model_selection.GroupShuffleSplit.split",
    "sklearn.model_selection.GroupKFold.split",
    "sklearn.model_selection.StratifiedGroupKFold.split",
    "sklearn.model_selection.LeaveOneGroupOut.split",
    "sklearn.model_selection.LeavePGroupsOut.split",
], hints=[
    "ids, counts = np.unique(groups, return_counts=True) gives each group once with its "
    "number of rows; shuffle the groups, not the rows: generator.permutation(len(ids)).",
    "Walk through the shuffled groups and add each to the test set while it holds fewer "
    "than test_fraction * N rows; stop as soon as it holds at least that many.",
    "np.isin(groups, chosen) marks the test rows; np.flatnonzero of it and of its "
    "negation gives the two sorted index arrays.",
])


def _group_split(ns, groups, fraction, seed, what) -> tuple[np.ndarray, np.ndarray]:
    """The student's split of ``groups``, checked for the rules every split must meet."""
    groups = np.asarray(groups)
    got = _pair(ns.function("group_split")(groups, fraction, Rng(seed)), what)
    train, test = (as_array(g, what) for g in got)
    n = len(groups)
    for idx, name in ((train, "train_idx"), (test, "test_idx")):
        if idx.ndim != 1 or idx.dtype.kind not in "iu":
            raise AssertionError(f"{what}: {name} should be a 1-D array of integer row "
                                 f"indices, got dtype {idx.dtype} and shape {idx.shape}")
        if np.any(np.diff(idx) <= 0):
            raise AssertionError(f"{what}: {name} should be sorted, without repeats")
    both = np.concatenate([train, test])
    if len(both) != n or not np.array_equal(np.sort(both), np.arange(n)):
        raise AssertionError(f"{what}: train_idx and test_idx together should hold every "
                             f"row index 0..{n - 1} exactly once")
    shared = np.intersect1d(groups[train], groups[test])
    if len(shared):
        raise AssertionError(f"{what}: {len(shared)} group(s) have rows on both sides "
                             f"(for example group {shared[0]}): a group must go to one "
                             "side whole")
    target = fraction * n
    sizes = {g: int(np.sum(groups == g)) for g in np.unique(groups[test])}
    if len(test) < target - 1e-9 * n:  # rows / N < test_fraction is as good
        raise AssertionError(f"{what}: the test set holds {len(test)} rows, fewer than "
                             f"test_fraction * N = {target:g}: keep adding groups until it "
                             "holds at least that many")
    if sizes and len(test) - max(sizes.values()) >= target + 1e-9 * n:
        raise AssertionError(f"{what}: the test set holds {len(test)} rows, more than it "
                             f"needs to reach {target:g} even without its largest group: "
                             "stop adding groups as soon as the target is reached")
    return train, test


def _varied_groups(seed: int) -> np.ndarray:
    """30 groups of 1 to 10 rows, with ids that are not 0..29, rows interleaved."""
    rng = np.random.default_rng(seed)
    ids = rng.choice(np.arange(100, 1000), size=30, replace=False)
    groups = np.repeat(ids, rng.integers(1, 11, size=30))
    return groups[rng.permutation(len(groups))]


@ex.test("q8", points=1)
def groups_stay_whole(ns):
    """30 groups of 1 to 10 rows, test_fraction 0.25: no group on both sides"""
    _group_split(ns, _varied_groups(40), 0.25, 41, "group_split(30 groups, 0.25, "
                 "generator)")


@ex.test("q8", points=0.5)
def the_generator_decides_the_split(ns):
    """the same seed twice gives the same split; other seeds give other splits"""
    groups = _varied_groups(42)
    what = "group_split(30 groups, 0.3, generator)"
    first = _group_split(ns, groups, 0.3, 5, what)[1]
    again = _group_split(ns, groups, 0.3, 5, what)[1]
    if not np.array_equal(first, again):
        raise AssertionError(f"{what}: two generators with the same seed gave different "
                             "splits: shuffle with the generator you were given")
    others = [_group_split(ns, groups, 0.3, seed, what)[1] for seed in (6, 7, 8)]
    if all(np.array_equal(first, other) for other in others):
        raise AssertionError(f"{what}: generators with seeds 5, 6, 7 and 8 gave the same "
                             "test set: the groups should be picked at random")


def _split_probe(variables, groups, fraction, seeds):
    """group_split with many seeds: the test rows' groups each time"""
    f = variables.function("group_split")
    picked = []
    for seed in seeds:
        _, test = f(groups, fraction, np.random.default_rng(seed))
        picked.append(sorted(set(np.asarray(groups)[np.asarray(test)].tolist())))
    return picked


@ex.test("q8", points=1, hidden=True, seconds=20)
def every_group_can_be_picked(ns):
    """over 200 seeds, each of 30 groups lands in the test set 8-60 % of the time"""
    groups = _varied_groups(43)
    picked = ns.probe(_split_probe, groups, 0.25, list(range(200)))
    if len(picked) != 200:
        raise AssertionError("200 calls of group_split did not give 200 test sets")
    ids = np.unique(groups)
    share = {g: sum(g in p for p in picked) / 200 for g in ids.tolist()}
    low, high = min(share, key=share.get), max(share, key=share.get)
    if share[low] < 0.08 or share[high] > 0.6:
        raise AssertionError(
            f"over 200 seeds, group {low} was in the test set {share[low]:.0%} of the time "
            f"and group {high} {share[high]:.0%}; a random split of 30 groups with "
            "test_fraction 0.25 picks each of them now and then: shuffle the groups with "
            "the generator")


@ex.test("q8", points=0.5, hidden=True)
def one_large_group_among_small_ones(ns):
    """a group holding half the rows among 20 groups of 3 rows"""
    groups = np.array([-1] * 60 + [k for k in range(20) for _ in range(3)])
    groups = groups[np.random.default_rng(44).permutation(len(groups))]
    for seed in (45, 46, 47, 48):
        _group_split(ns, groups, 0.2, seed, f"group_split(one group of 60 rows and 20 of "
                     f"3, 0.2, generator seeded {seed})")
