"""Tests of the Chapter 13 exercises (``solutions/13_responsible_ai.md``).

Expected values come from elsewhere than the solutions' formulas, here in the grader:
Python loops over the rows for the per-group rates, every possible threshold tried one by
one for the equal-opportunity thresholds and the membership advantage, the weighted label
shares of each group (they must all equal the overall share) for the reweighing, and, for
the attack, the known optimum of a two-class linear model (the gradient's sign never
changes, so the attack must end at the corner of the epsilon-box) beside a step-by-step
reference on small networks.

Question 1 redoes the chapter's energy estimate with two more inputs (a warm-up); 2 to 6
carry its ideas to cases it did not code: fairness metrics for any number of groups with
the disparate-impact ratio, per-group thresholds for equal opportunity, Kamiran and
Calders' reweighing, multi-step PGD, and the membership-inference advantage.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from utils.grading.expect import as_array, as_number, assert_close
from utils.grading.namespace import Code, raises
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch13", title="Chapter 13 exercises")


# --- q1: energy and CO2 of a training run -----------------------------------------------------

ex.question("q1", "Energy and emissions of a training run", hints=[
    "Joules are watt-seconds; one kWh is 1,000 W for 3,600 s, so 3.6 million joules.",
    "The PUE multiplies: the data centre draws pue times what the device draws (cooling, "
    "power conversion). It is at least 1.",
    "grams_co2_per_kwh times kWh gives grams; divide by 1,000 for kilograms.",
])


def _energy(seconds, watts, pue, grams) -> tuple[float, float]:
    joules = float(seconds) * float(watts) * float(pue)
    kwh = joules / 3_600_000
    return kwh, kwh * float(grams) / 1000


def _check_energy(ns, args, what) -> None:
    result = ns.function("training_energy")(*args)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} returned {result!r}; expected a pair (kwh, kg_co2)")
    kwh, kg = _energy(*args)
    assert_close(as_number(result[0], f"{what}[0]"), kwh, f"{what}[0], the energy in kWh,",
                 rtol=1e-9, atol=1e-15)
    assert_close(as_number(result[1], f"{what}[1]"), kg, f"{what}[1], the emissions in kg "
                 "of CO2,", rtol=1e-9, atol=1e-15)


@ex.test("q1", points=0.5)
def energy_of_an_hour_on_a_gpu(ns):
    """one hour at 300 W, PUE 1.5, 400 g CO2 per kWh: 0.45 kWh, 0.18 kg"""
    _check_energy(ns, (3600, 300, 1.5, 400), "training_energy(3600, 300, 1.5, 400)")


@ex.test("q1", points=0.5)
def energy_of_a_short_cpu_run(ns):
    """42.5 s at 65 W, PUE 1 (a laptop), 250 g CO2 per kWh"""
    _check_energy(ns, (42.5, 65.0, 1.0, 250.0), "training_energy(42.5, 65, 1.0, 250)")


@ex.test("q1", points=0.5, hidden=True)
def energy_of_a_large_run_and_of_nothing(ns):
    """30 days on 512 devices of 700 W at PUE 1.1 and 50 g/kWh; 0 s costs nothing"""
    _check_energy(ns, (30 * 86400, 512 * 700, 1.1, 50), "training_energy(30 days, "
                  "512 * 700 W, 1.1, 50)")
    _check_energy(ns, (0, 250, 1.2, 300), "training_energy(0, 250, 1.2, 300)")


@ex.test("q1", points=0.5, hidden=True)
def energy_refuses_impossible_inputs(ns):
    """PUE 0.8, a negative time, power or carbon intensity: ValueError"""
    f = ns.function("training_energy")
    for args in ((100, 200, 0.8, 300), (-5, 200, 1.2, 300), (100, -200, 1.2, 300),
                 (100, 200, 1.2, -300)):
        raises("ValueError", lambda args=args: f(*args), f"training_energy{args}")


# --- q2: fairness metrics for any number of groups --------------------------------------------

ex.question("q2", "Fairness metrics for any number of groups", transfer=True, bans=[
    "sklearn.metrics.confusion_matrix", "sklearn.metrics.recall_score",
    "sklearn.metrics._classification.confusion_matrix",
    "sklearn.metrics._classification.recall_score",
], hints=[
    "np.unique(group) gives the groups in sorted order; a boolean mask group == g selects "
    "a group's rows. Work group by group, then take ranges over the groups.",
    "TPR is P(y_pred = 1 | y = 1, group): divide by the group's POSITIVE LABELS, not by its "
    "positive predictions. FPR divides by its negative labels.",
    "np.nanmax and np.nanmin ignore NaN; the demographic-parity gap is the range of the "
    "selection rates over ALL groups, not the gap between the first two. The ratio is "
    "min / max, at most 1.",
])


def _nan_range(values: list[float]) -> float:
    kept = [v for v in values if not math.isnan(v)]
    return max(kept) - min(kept) if kept else math.nan


def _group_report(y, y_pred, group) -> dict:
    groups = sorted(set(np.asarray(group).tolist()))
    rates, tprs, fprs = [], [], []
    for g in groups:
        rows = [i for i in range(len(y)) if group[i] == g]
        pos = [i for i in rows if y[i] == 1]
        neg = [i for i in rows if y[i] == 0]
        rates.append(sum(y_pred[i] for i in rows) / len(rows))
        tprs.append(sum(y_pred[i] for i in pos) / len(pos) if pos else math.nan)
        fprs.append(sum(y_pred[i] for i in neg) / len(neg) if neg else math.nan)
    spreads = [s for s in (_nan_range(tprs), _nan_range(fprs)) if not math.isnan(s)]
    return {"groups": groups, "selection_rate": rates, "tpr": tprs, "fpr": fprs,
            "dp_gap": max(rates) - min(rates),
            "di_ratio": min(rates) / max(rates) if max(rates) > 0 else 1.0,
            "eo_gap": max(spreads) if spreads else math.nan}


def _same_with_nan(got: np.ndarray, expected, what: str) -> None:
    expected = np.asarray(expected, dtype=float)
    got = np.asarray(got, dtype=float)
    if got.shape != expected.shape:
        raise AssertionError(f"{what} has shape {got.shape}, expected {expected.shape}: one "
                             "value per group, in the order of np.unique(group)")
    missing = np.isnan(expected)
    if not np.array_equal(np.isnan(got), missing):
        raise AssertionError(f"{what} is {np.round(got, 4).tolist()}, expected "
                             f"{np.round(expected, 4).tolist()}: NaN exactly where a group "
                             "has no row to divide by")
    assert_close(got[~missing], expected[~missing], what, rtol=1e-6, atol=1e-7)


def _check_report(ns, y, y_pred, group, what) -> None:
    y, y_pred, group = (np.asarray(a) for a in (y, y_pred, group))
    got = ns.function("group_report")(y, y_pred, group)
    keys = ("groups", "selection_rate", "tpr", "fpr", "dp_gap", "di_ratio", "eo_gap")
    if not isinstance(got, dict) or any(k not in got for k in keys):
        raise AssertionError(f"{what} returned {type(got).__name__}; expected a dict with "
                             f"the keys {', '.join(keys)}")
    expected = _group_report(y.tolist(), y_pred.tolist(), group.tolist())
    groups = as_array(got["groups"], f"{what}['groups']")
    if groups.tolist() != expected["groups"]:
        raise AssertionError(f"{what}['groups'] is {groups.tolist()}, expected "
                             f"{expected['groups']}: every group, in sorted order")
    for key in ("selection_rate", "tpr", "fpr"):
        _same_with_nan(as_array(got[key], f"{what}[{key!r}]"), expected[key],
                       f"{what}[{key!r}]")
    for key in ("dp_gap", "di_ratio", "eo_gap"):
        value = as_number(got[key], f"{what}[{key!r}]")
        if math.isnan(expected[key]) or math.isnan(value):
            if math.isnan(expected[key]) != math.isnan(value):
                raise AssertionError(f"{what}[{key!r}] is {value}, expected {expected[key]}")
            continue
        assert_close(value, expected[key], f"{what}[{key!r}]", rtol=1e-6, atol=1e-7)


def _loan_like(seed: int, n: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, k, n) * 3 + 2  # labels 2, 5, 8...: not 0..k-1
    y = (rng.random(n) < 0.3 + 0.1 * (group % 4)).astype(int)
    y_pred = (rng.random(n) < 0.2 + 0.5 * y + 0.05 * (group % 3)).astype(int)
    return y, y_pred, group


@ex.test("q2", points=1)
def report_of_three_groups(ns):
    """three groups of four rows, rates worked out by hand"""
    y = [1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0]
    y_pred = [1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1]
    group = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
    _check_report(ns, y, y_pred, group, "group_report(12 rows, groups 0, 1, 2)")


@ex.test("q2", points=0.5)
def report_of_two_groups_like_the_chapter(ns):
    """two groups, 400 rows, labels 0 and 1 as in the chapter"""
    y, y_pred, group = _loan_like(1, 400, 2)
    _check_report(ns, y, y_pred, (group - 2) // 3, "group_report(400 rows, 2 groups)")


@ex.test("q2", points=1, hidden=True)
def report_of_many_groups_with_other_labels(ns):
    """five groups labelled 2, 5, 8, 11, 14, shuffled rows; seven groups of 1,000 rows"""
    _check_report(ns, *_loan_like(2, 300, 5), "group_report(300 rows, groups 2, 5, ..., 14)")
    _check_report(ns, *_loan_like(3, 1000, 7), "group_report(1000 rows, 7 groups)")


@ex.test("q2", points=0.5, hidden=True)
def report_with_empty_cells(ns):
    """a group without positives, one without negatives, a one-row group, no selections"""
    y = [0, 0, 0, 1, 1, 0, 1, 1, 0]
    y_pred = [1, 0, 0, 1, 0, 1, 1, 0, 0]
    group = [4, 4, 4, 7, 7, 9, 9, 9, 1]
    _check_report(ns, y, y_pred, group, "group_report(groups 4: no positive, 7: no "
                  "negative, 1: one row)")
    _check_report(ns, [1, 0, 1, 0], [0, 0, 0, 0], [0, 0, 1, 1], "group_report(nobody "
                  "selected)")
    _check_report(ns, [0, 0, 0], [1, 0, 1], [3, 3, 6], "group_report(no positive label "
                  "at all)")


# --- q3: per-group thresholds for equal opportunity ------------------------------------------

ex.question("q3", "Per-group thresholds for equal opportunity", transfer=True, hints=[
    "Only the group's POSITIVES (y = 1) decide its TPR: take their scores, sorted from "
    "the highest.",
    "To reach a TPR of at least target_tpr you need c = ceil(target_tpr * n_pos) positives "
    "at or above the threshold; the c-th highest positive score is such a threshold, and "
    "any higher one lets fewer through.",
    "target_tpr * n_pos is a float: 0.55 * 100 is 55.00000000000001, whose ceil is 56. "
    "Subtract a small tolerance (1e-9) before the ceil.",
])


def _tpr(scores: np.ndarray, y: np.ndarray, threshold: float) -> float:
    pos = scores[y == 1]
    return float(np.sum(pos >= threshold)) / len(pos)


def _smallest_tpr(scores: np.ndarray, y: np.ndarray, target: float) -> float:
    """The smallest TPR >= target (1e-9 slack) over every threshold, tried one by one."""
    pos = scores[y == 1]
    candidates = [_tpr(scores, y, t) for t in np.unique(pos)]
    return min(c for c in candidates if c >= target - 1e-9)


def _check_thresholds(ns, scores, y, group, target, what) -> None:
    scores, y, group = np.asarray(scores, float), np.asarray(y), np.asarray(group)
    got = as_array(ns.function("equal_opportunity_thresholds")(scores, y, group, target),
                   what).astype(float)
    groups = np.unique(group)
    if got.shape != groups.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {groups.shape}: "
                             "one threshold per group, in the order of np.unique(group)")
    for g, threshold in zip(groups, got):
        rows = group == g
        expected = _smallest_tpr(scores[rows], y[rows], target)
        achieved = _tpr(scores[rows], y[rows], threshold)
        if achieved < target - 1e-9:
            raise AssertionError(f"{what}: group {g} gets threshold {threshold:.6g} and "
                                 f"TPR {achieved:.4f} (score >= threshold), below the "
                                 f"target {target}")
        if abs(achieved - expected) > 1e-12:
            raise AssertionError(f"{what}: group {g} gets threshold {threshold:.6g} and "
                                 f"TPR {achieved:.4f} (score >= threshold); the smallest "
                                 f"TPR that reaches {target} is {expected:.4f}")


def _scored(seed: int, n: int, k: int, ties: bool = False):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, k, n)
    y = (rng.random(n) < 0.35 + 0.1 * group).astype(int)
    scores = 1 / (1 + np.exp(-(1.5 * y - 0.8 + 0.4 * group + rng.normal(0, 1, n))))
    return (np.round(scores, 1) if ties else scores), y, group


@ex.test("q3", points=1)
def thresholds_for_two_groups(ns):
    """two groups of five positives (and negatives in between), target 0.6"""
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.65, 0.3, 0.95, 0.4, 0.35, 0.3, 0.2, 0.1, 0.45]
    y = [1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0]
    group = [0] * 7 + [1] * 7
    _check_thresholds(ns, scores, y, group, 0.6, "equal_opportunity_thresholds(14 rows, "
                      "2 groups, 0.6)")


@ex.test("q3", points=0.5)
def thresholds_for_three_groups(ns):
    """600 scored rows in three groups, target 0.8"""
    _check_thresholds(ns, *_scored(4, 600, 3), 0.8, "equal_opportunity_thresholds(600 "
                      "rows, 3 groups, 0.8)")


@ex.test("q3", points=1, hidden=True)
def thresholds_with_tied_scores_and_round_targets(ns):
    """scores rounded to 0.1 (ties); targets 0.3, 0.7 and 1.0; 100 positives, target 0.55"""
    for target in (0.3, 0.7, 1.0):
        _check_thresholds(ns, *_scored(5, 500, 4, ties=True), target,
                          f"equal_opportunity_thresholds(tied scores, 4 groups, {target})")
    scores = np.linspace(0.01, 0.99, 100)
    _check_thresholds(ns, scores, np.ones(100, int), np.zeros(100, int), 0.55,
                      "equal_opportunity_thresholds(100 positives, 1 group, 0.55)")


@ex.test("q3", points=0.5, hidden=True)
def thresholds_for_tiny_groups(ns):
    """a group with one positive, all scores equal; a group without positives raises"""
    _check_thresholds(ns, [0.4, 0.4, 0.4, 0.2, 0.9], [1, 0, 1, 1, 0], [5, 5, 3, 3, 3],
                      0.5, "equal_opportunity_thresholds(groups of 2 and 3, equal scores)")
    f = ns.function("equal_opportunity_thresholds")
    raises("ValueError", lambda: f(np.array([0.3, 0.8, 0.5]), np.array([1, 0, 0]),
                                   np.array([0, 1, 1]), 0.5),
           "equal_opportunity_thresholds(group 1 without positives)")


# --- q4: reweighing -----------------------------------------------------------------------------

ex.question("q4", "Reweighing (Kamiran and Calders)", transfer=True, hints=[
    "Empirical probabilities: P(g) = share of rows in group g, P(y) = share of rows with "
    "label y, P(g, y) = share of rows in group g AND with label y.",
    "Each row gets the weight of its cell (g, y): P(g) P(y) / P(g, y), which is above 1 for "
    "the cells rarer than independence would make them.",
    "Check: after weighting, the share of label 1 in every group equals the overall share, "
    "and the weights add up to the number of rows.",
])


def _reweigh(y: np.ndarray, group: np.ndarray) -> np.ndarray:
    n = len(y)
    weights = np.empty(n)
    for i in range(n):
        p_g = np.sum(group == group[i]) / n
        p_y = np.sum(y == y[i]) / n
        p_gy = np.sum((group == group[i]) & (y == y[i])) / n
        weights[i] = p_g * p_y / p_gy
    return weights


def _check_weights(ns, y, group, what) -> None:
    y, group = np.asarray(y), np.asarray(group)
    got = as_array(ns.function("reweighing_weights")(y, group), what).astype(float)
    if got.shape != y.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {y.shape}: one "
                             "weight per row")
    overall = np.mean(y == 1)
    for g in np.unique(group):
        rows = group == g
        if len(np.unique(y[rows])) < 2:
            continue  # one label only: no weight can change its share
        share = np.sum(got[rows] * (y[rows] == 1)) / np.sum(got[rows])
        if not np.isclose(share, overall, rtol=1e-6, atol=1e-7):
            raise AssertionError(f"{what}: with your weights, group {g} has a share "
                                 f"{share:.4f} of label 1, the whole data set {overall:.4f};"
                                 " reweighing makes the label independent of the group")
    assert_close(got, _reweigh(y, group), f"{what}, P(g) P(y) / P(g, y) row by row,",
                 rtol=1e-6, atol=1e-7)


@ex.test("q4", points=1)
def weights_of_two_groups(ns):
    """ten rows: group 0 has 4 of 6 favourable labels, group 1 has 1 of 4"""
    y = [1, 1, 1, 1, 0, 0, 1, 0, 0, 0]
    group = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
    _check_weights(ns, y, group, "reweighing_weights(10 rows, 2 groups)")


@ex.test("q4", points=0.5, hidden=True, seconds=15)
def weights_of_many_groups(ns):
    """2,000 rows in five groups labelled 3 to 7, shuffled"""
    rng = np.random.default_rng(6)
    group = rng.integers(3, 8, 2000)
    y = (rng.random(2000) < 0.15 * (group - 2)).astype(int)
    _check_weights(ns, y, group, "reweighing_weights(2000 rows, groups 3 to 7)")


@ex.test("q4", points=0.5, hidden=True)
def weights_when_a_cell_is_empty_or_balanced(ns):
    """a group with only favourable labels; independent labels give weights of 1"""
    _check_weights(ns, [1, 1, 0, 1, 0, 0], [2, 2, 5, 5, 5, 9],
                   "reweighing_weights(group 2 all favourable, group 9 one row)")
    _check_weights(ns, [1, 0, 1, 0, 1, 0, 1, 0], [0, 0, 0, 0, 1, 1, 1, 1],
                   "reweighing_weights(labels already independent of the group)")


# --- q5: projected gradient descent ------------------------------------------------------------

ex.question("q5", "Projected gradient descent (PGD)", transfer=True, hints=[
    "Start from x_adv = x.clone(). Each step: the gradient of F.cross_entropy(model(x_adv), "
    "y) with respect to x_adv (torch.autograd.grad leaves the parameters' .grad alone), "
    "then x_adv + alpha * grad.sign(): ASCENT, the loss must grow.",
    "Project after every step, around the ORIGINAL x: torch.clamp(x_adv, x - epsilon, "
    "x + epsilon), then .clamp(0, 1). Around the previous iterate the total change grows "
    "by alpha each step.",
    "Detach x_adv before the next step (x_adv.detach().requires_grad_()), so that each "
    "gradient is taken at the current point only, and return it detached.",
])


def _linear_two_class(dim: int):
    """A two-class linear model in float64; its loss grows along sign(w_1 - w_0)."""
    import torch

    torch.manual_seed(dim)
    model = torch.nn.Linear(dim, 2).double()
    return model.eval()


def _mlp_digits_like():
    """An MLP 16-32-4 with batch norm, in eval mode (float32)."""
    import torch
    from torch import nn

    torch.manual_seed(11)
    model = nn.Sequential(nn.Linear(16, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 4))
    with torch.no_grad():
        model[1].running_mean.uniform_(-0.3, 0.3)
        model[1].running_var.uniform_(0.5, 1.5)
    return model.eval()


def _cnn_small():
    """A small convolutional network on (1, 6, 6) images, float32, eval mode."""
    import torch
    from torch import nn

    torch.manual_seed(12)
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(),
                         nn.Linear(64, 3)).eval()


PGD_MODELS = {"linear": _linear_two_class, "mlp": _mlp_digits_like, "cnn": _cnn_small}
PGD_LABELS = {"mlp": "an MLP with batch norm", "cnn": "a small CNN"}


def _probe_pgd(variables, build, build_args, x, y, epsilon, alpha, steps):
    """pgd_attack on a model built here; what changed around it"""
    import torch

    model = build(*build_args)
    params = list(model.parameters())
    for p in params:  # gradients a caller has accumulated and not yet used
        p.grad = torch.full_like(p, 0.25)
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    modes = [m.training for m in model.modules()]
    flags = [p.requires_grad for p in params]
    x_before = x.clone()
    x_adv = variables.function("pgd_attack")(model, x, y, epsilon, alpha, steps)
    if not isinstance(x_adv, torch.Tensor):
        return {"kind": type(x_adv).__name__}
    after = model.state_dict()
    return {"kind": "tensor", "x_adv": x_adv.detach(), "requires_grad": x_adv.requires_grad,
            "x unchanged": torch.equal(x, x_before),
            "state unchanged": all(torch.equal(after[k], v) for k, v in state.items()),
            "modes unchanged": modes == [m.training for m in model.modules()],
            "flags unchanged": flags == [p.requires_grad for p in params],
            "grads unchanged": all(p.grad is not None and torch.equal(p.grad, torch.full_like(
                p, 0.25)) for p in params)}


def _reference_pgd(model, x, y, epsilon, alpha, steps) -> torch.Tensor:
    x_adv = x.clone()
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = F.cross_entropy(model(x_adv), y)
        (grad,) = torch.autograd.grad(loss, x_adv)
        with torch.no_grad():
            x_adv = x_adv + alpha * grad.sign()
            x_adv = torch.minimum(torch.maximum(x_adv, x - epsilon), x + epsilon)
            x_adv = x_adv.clamp(0, 1)
    return x_adv.detach()


def _run_pgd(ns, model: str, build_args, x, y, epsilon, alpha, steps, what) -> np.ndarray:
    view = ns.probe(_probe_pgd, Code(PGD_MODELS[model]), list(build_args), x, y, epsilon,
                    alpha, steps)
    if view["kind"] != "tensor":
        raise AssertionError(f"{what} returned a {view['kind']}, expected a tensor")
    for key, message in (("x unchanged", "changed x in place: work on a copy"),
                         ("state unchanged", "changed the model's parameters or buffers "
                          "(did it run in training mode, updating batch-norm statistics?)"),
                         ("modes unchanged", "changed the training mode of the model"),
                         ("flags unchanged", "changed which parameters require gradients "
                          "(requires_grad): put back what the caller had"),
                         ("grads unchanged", "changed the .grad of the model's parameters, "
                          "which held the caller's gradients (added to them, zeroed or "
                          "deleted them): take the gradient with respect to the input only, "
                          "with torch.autograd.grad")):
        if not view[key]:
            raise AssertionError(f"{what} {message}")
    if view["requires_grad"]:
        raise AssertionError(f"{what} returned a tensor that requires grad: detach it")
    x_adv = as_array(view["x_adv"], what)
    if x_adv.dtype != x.numpy().dtype:
        raise AssertionError(f"{what} returned {x_adv.dtype} values for a {x.numpy().dtype} "
                             "x: keep x's dtype")
    x_adv, base = x_adv.astype(np.float64), x.numpy().astype(np.float64)
    if x_adv.shape != base.shape:
        raise AssertionError(f"{what} returned shape {x_adv.shape}, expected {base.shape}")
    slack = 1e-6
    if np.max(np.abs(x_adv - base)) > epsilon + slack:
        raise AssertionError(f"{what}: a pixel moved by {np.max(np.abs(x_adv - base)):.4f}, "
                             f"more than epsilon = {epsilon}: project onto the epsilon-ball "
                             "around the original x after every step")
    if x_adv.min() < -slack or x_adv.max() > 1 + slack:
        raise AssertionError(f"{what}: values from {x_adv.min():.4f} to {x_adv.max():.4f}; "
                             "pixels must stay in [0, 1]")
    return x_adv


def _inputs(shape, seed: int, classes: int, dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(*shape, generator=g, dtype=dtype)
    return x, torch.randint(0, classes, (shape[0],), generator=g)


def _check_corner(ns, dim: int, n: int, epsilon: float, alpha: float, steps: int) -> None:
    what = (f"pgd_attack(two-class linear model, x ({n}, {dim}), epsilon={epsilon}, "
            f"alpha={alpha}, steps={steps})")
    x, y = _inputs((n, dim), 20 + dim, 2, torch.float64)
    x_adv = _run_pgd(ns, "linear", [dim], x, y, epsilon, alpha, steps, what)
    model = _linear_two_class(dim)
    w = model.weight.detach().numpy()
    direction = np.sign(w[1 - y.numpy()] - w[y.numpy()])  # where the loss grows
    reach = min(epsilon, alpha * steps)
    expected = np.clip(x.numpy() + reach * direction, 0, 1)
    assert_close(x_adv, expected, f"{what}: the loss of a two-class linear model grows along"
                 f" sign(w_other - w_label) everywhere, so after {steps} steps each pixel "
                 f"has moved by min(epsilon, steps * alpha) = {reach:g} that way (then "
                 "clipped to [0, 1])", rtol=0, atol=1e-9)


@ex.test("q5", points=1)
def pgd_reaches_the_corner_of_a_linear_model(ns):
    """two-class linear model: epsilon 0.1, alpha 0.03, 10 steps; and 2 steps (not there)"""
    _check_corner(ns, 12, 6, 0.1, 0.03, 10)
    _check_corner(ns, 12, 6, 0.1, 0.03, 2)


def _check_damage(ns, model: str, shape, classes, seed, epsilon, alpha, steps) -> None:
    what = (f"pgd_attack(<{PGD_LABELS[model]}>, x {tuple(shape)}, "
            f"epsilon={epsilon}, alpha={alpha}, steps={steps})")
    x, y = _inputs(shape, seed, classes)
    x_adv = _run_pgd(ns, model, [], x, y, epsilon, alpha, steps, what)
    net = PGD_MODELS[model]()
    reference = _reference_pgd(net, x, y, epsilon, alpha, steps)
    with torch.no_grad():
        got_loss = F.cross_entropy(net(torch.as_tensor(x_adv, dtype=x.dtype)), y).item()
        ref_loss = F.cross_entropy(net(reference), y).item()
        clean = F.cross_entropy(net(x), y).item()
    if got_loss < ref_loss - 0.02 * abs(ref_loss - clean) - 1e-6:
        raise AssertionError(f"{what}: the mean cross-entropy goes from {clean:.4f} (clean) "
                             f"to {got_loss:.4f} on your examples; {steps} steps of "
                             f"sign-gradient ascent reach {ref_loss:.4f}")
    assert_close(x_adv, reference.numpy(), f"{what}: the adversarial examples against "
                 "the step-by-step rule", rtol=0, atol=1e-5)


@ex.test("q5", points=1)
def pgd_on_a_small_network(ns):
    """an MLP with batch norm in eval mode, 8 examples: epsilon 0.2, alpha 0.05, 6 steps"""
    _check_damage(ns, "mlp", (8, 16), 4, 30, 0.2, 0.05, 6)


@ex.test("q5", points=1, hidden=True)
def pgd_on_a_convolutional_network(ns):
    """a CNN on (1, 6, 6) images, pixels near 0 and 1: epsilon 0.3, alpha 0.1, 7 steps"""
    _check_damage(ns, "cnn", (5, 1, 6, 6), 3, 31, 0.3, 0.1, 7)
    _check_damage(ns, "mlp", (3, 16), 4, 32, 0.05, 0.2, 3)


@ex.test("q5", points=0.5, hidden=True)
def pgd_with_nothing_to_do(ns):
    """epsilon = 0 and steps = 0 leave x as it is; one example"""
    for epsilon, steps in ((0.0, 5), (0.2, 0)):
        what = f"pgd_attack(<an MLP>, x (1, 16), epsilon={epsilon}, alpha=0.05, steps={steps})"
        x, y = _inputs((1, 16), 33, 4)
        x_adv = _run_pgd(ns, "mlp", [], x, y, epsilon, 0.05, steps, what)
        assert_close(x_adv, x.numpy(), f"{what}: x_adv should equal x", rtol=0, atol=1e-7)


# --- q6: the membership-inference advantage -------------------------------------------------

ex.question("q6", "The membership-inference advantage", transfer=True, bans=[
    "sklearn.metrics.roc_curve", "sklearn.metrics._ranking.roc_curve",
    "sklearn.metrics.roc_auc_score", "sklearn.metrics._ranking.roc_auc_score",
    "scipy.stats.ks_2samp", "scipy.stats._stats_py.ks_2samp",
], hints=[
    "For one threshold t: TPR = share of members with loss <= t, FPR = share of "
    "non-members with loss <= t. The advantage is the largest TPR - FPR over all t.",
    "Only the observed losses matter as thresholds (between two of them nothing changes), "
    "plus a threshold below every loss, where TPR = FPR = 0: the advantage is never "
    "negative.",
    "Equal losses are all on the same side of any threshold: count them together "
    "(np.searchsorted(sorted_losses, t, side='right') counts the losses <= t).",
])


def _advantage(members: np.ndarray, nonmembers: np.ndarray) -> float:
    best = 0.0
    for t in np.unique(np.r_[members, nonmembers]):
        best = max(best, np.mean(members <= t) - np.mean(nonmembers <= t))
    return float(best)


def _check_advantage(ns, members, nonmembers, what, expected=None) -> None:
    members, nonmembers = np.asarray(members, float), np.asarray(nonmembers, float)
    got = as_number(ns.function("membership_advantage")(members, nonmembers), what)
    expected = _advantage(members, nonmembers) if expected is None else expected
    assert_close(got, expected, what, rtol=0, atol=1e-6)


@ex.test("q6", points=1)
def advantage_of_small_samples(ns):
    """four members, five non-members, worked out by hand: 0.35"""
    _check_advantage(ns, [0.1, 0.2, 0.9, 0.4], [0.3, 0.5, 0.6, 0.15, 1.2],
                     "membership_advantage([0.1, 0.2, 0.9, 0.4], [0.3, 0.5, 0.6, 0.15, 1.2])",
                     expected=0.35)


@ex.test("q6", points=0.5)
def advantage_when_members_look_worse(ns):
    """every member's loss above every non-member's: no threshold helps, 0"""
    _check_advantage(ns, [2.0, 3.0, 2.5], [0.5, 1.0], "membership_advantage([2, 3, 2.5], "
                     "[0.5, 1])", expected=0.0)


@ex.test("q6", points=0.5, hidden=True, seconds=15)
def advantage_of_an_overfitted_model(ns):
    """2,000 members with small losses, 1,500 non-members: gamma-distributed losses"""
    rng = np.random.default_rng(7)
    _check_advantage(ns, rng.gamma(1.0, 0.2, 2000), rng.gamma(2.0, 0.4, 1500),
                     "membership_advantage(2000 members, 1500 non-members)")


@ex.test("q6", points=0.5, hidden=True)
def advantage_with_ties_and_single_values(ns):
    """losses rounded (ties across the sets), all losses equal, one member and one other"""
    rng = np.random.default_rng(8)
    _check_advantage(ns, np.round(rng.gamma(1.0, 0.5, 300), 1),
                     np.round(rng.gamma(1.5, 0.5, 200), 1),
                     "membership_advantage(losses rounded to 0.1)")
    _check_advantage(ns, [0.7, 0.7, 0.7], [0.7, 0.7], "membership_advantage(all 0.7)",
                     expected=0.0)
    _check_advantage(ns, [0.2], [0.3], "membership_advantage([0.2], [0.3])", expected=1.0)
    _check_advantage(ns, [0.0, 0.0, 1.0], [0.0, 2.0], "membership_advantage([0, 0, 1], "
                     "[0, 2])", expected=0.5)
