"""Tests of the Chapter 4 exercises (``solutions/04_how_networks_learn.md``).

Expected values come from PyTorch itself (``torch.optim``, ``torch.optim.lr_scheduler``,
``nn.BatchNorm1d``, ``nn.GroupNorm``, ``nn.AlphaDropout``'s formula,
``nn.utils.clip_grad_norm_``, in 64-bit floats) or from formulas written here,
independently of the notebook. Students' functions take and return NumPy arrays and must
leave their arguments unchanged (``ns.function`` checks it); the dropout questions get
their generator as ``Rng(seed)`` and may draw from nothing else. Every question that asks
for something PyTorch computes bans the PyTorch function that computes it.

Questions 1-3, 5-7, 9, 10, 12 and 14 retrace code of the chapter or change it a little
(warm-ups, 2 points each); 4, 8, 11 and 13 carry one of its ideas to a case it did not
code (6 points each): AdaGrad with PyTorch's learning-rate decay and L2 term, a rate that
drops on a plateau, dropout that keeps the variance, group normalisation.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from utils.grading.expect import as_array, as_number, assert_close, assert_integer
from utils.grading.namespace import Code, Rng
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch04", title="Chapter 4 exercises")

# "Draw only from the generator you are given": NumPy's legacy global functions and
# PyTorch's random functions.
RANDOM_BANS = [
    *(f"numpy.random.{name}" for name in (
        "rand", "randn", "random", "random_sample", "randint", "normal", "uniform", "choice",
        "permutation", "shuffle", "binomial", "seed")),
    *(f"torch.{name}" for name in (
        "rand", "rand_like", "randn", "randint", "randperm", "bernoulli", "manual_seed")),
]


# "Write it yourself": the PyTorch functions that would compute a question's answer.
SGD_BANS = ["torch.optim.SGD.step", "torch.optim.sgd.sgd"]
# AdamW inherits Adam's step: the subclass comes first, so that undoing the bans (in
# reverse order) gives it back the original step, not the banned one.
ADAM_BANS = ["torch.optim.AdamW.step", "torch.optim.Adam.step", "torch.optim.adam.adam",
             "torch.optim.adamw.adamw"]
ADAGRAD_BANS = ["torch.optim.Adagrad.step", "torch.optim.adagrad.adagrad"]
SCHEDULER_BANS = ["torch.optim.lr_scheduler.LRScheduler.step",
                  "torch.optim.lr_scheduler.SequentialLR.step",
                  "torch.optim.lr_scheduler.ReduceLROnPlateau.step"]
DROPOUT_BANS = ["torch.nn.functional.dropout", "torch.dropout",
                "torch.nn.functional.alpha_dropout", "torch.alpha_dropout",
                "torch.nn.functional.feature_alpha_dropout", "torch.feature_alpha_dropout"]


def _rng(seed: int) -> np.random.Generator:
    """The tests' own generator, for their data (never sent to the student's code)."""
    return np.random.default_rng(seed)


def _parts(result, what: str, names: str) -> tuple:
    """A tuple result of the right length, each part as an array."""
    count = len(names.split(","))
    if not isinstance(result, (tuple, list)) or len(result) != count:
        raise AssertionError(f"{what} should return a tuple ({names}), got "
                             f"{type(result).__name__}")
    return tuple(as_array(part, what) for part in result)


def _torch_steps(optimizer_class, start: np.ndarray, grads: list[np.ndarray],
                 **settings) -> list[np.ndarray]:
    """The parameters after each step of a torch optimiser fed the given gradients."""
    param = nn.Parameter(torch.tensor(start, dtype=torch.float64))
    optimizer, after = optimizer_class([param], **settings), []
    for g in grads:
        param.grad = torch.tensor(g, dtype=torch.float64)
        optimizer.step()
        after.append(param.detach().numpy().copy())
    return after


def _steps_in_kernel(variables, name, names, state, grads, extra, settings, step_number,
                     replace):
    """your function, run step by step,"""
    from utils.grading.in_kernel import replaced

    with replaced(replace, variables._variables):  # the tests' own earlier answers
        step = variables.function(name)
        state, after = list(state), []
        labels = names.split(", ")
        labels = [labels[0], "grad", *labels[1:]]
        for t, grad in enumerate(grads, start=1):
            args = [state[0], grad, *state[1:], *([t] if step_number else []), *extra]
            before = [np.array(a, copy=True) for a in args[:len(labels)]]
            result = step(*args, **settings)
            changed = [f"`{label}`" for label, old, new in zip(labels, before, args)
                       if not np.array_equal(old, new)]
            if changed:
                raise AssertionError(f"{name} changed its input {', '.join(changed)} in "
                                     "place: the caller still needs it. Work on a copy, or "
                                     "build a new array")
            if not isinstance(result, (tuple, list)) or len(result) != len(state):
                raise AssertionError(f"{name} should return a tuple of {len(state)} arrays, "
                                     f"got {type(result).__name__} at step {t}")
            state = [np.array(part, dtype=float) for part in result]
            after.append([part.copy() for part in state])
        return after


def _run(ns, name: str, state: list, grads: list, extra: tuple = (), names: str = "",
         step_number: bool = False, replace: dict | None = None,
         **settings) -> list[tuple]:
    """The states after each step of the student's ``name``, fed ``grads`` in turn.

    A few steps go through ``ns.function`` one call at a time (which also checks that the
    arguments come back unchanged); long runs go through one probe, so that a run of 50
    steps costs one round trip to the kernel. ``replace`` lends the tests' own versions of
    earlier answers (``{"adam_step": ...}``) while the student's function runs.
    """
    replace = replace or {}
    if len(grads) > 5:
        after = ns.probe(_steps_in_kernel, name, names, list(state), list(grads),
                         list(extra), settings, step_number,
                         {k: Code(v) for k, v in replace.items()})
        if not isinstance(after, list) or len(after) != len(grads):
            raise AssertionError(f"{name} did not run for {len(grads)} steps")
        return [_parts(part, f"{name} at step {t}", names)
                for t, part in enumerate(after, start=1)]
    step, after = ns.function(name, replace=replace), []
    for t, grad in enumerate(grads, start=1):
        args = [state[0], grad, *state[1:], *([t] if step_number else []), *extra]
        state = list(_parts(step(*args, **settings), f"{name} at step {t}", names))
        after.append(tuple(state))
    return after


# --- q1: a momentum step (warm-up) ----------------------------------------------------------

ex.question("q1", "A momentum step", bans=SGD_BANS, hints=[
    "PyTorch's form: first the velocity, v = momentum * v + grad; then the parameter, "
    "param - lr * v, with the *new* velocity.",
    "There is no (1 - momentum) factor in this form: that is the exponentially weighted "
    "version, which needs a different learning rate.",
    "Build new arrays (param - ...), not param -= ...: the caller's arrays must not change. "
    "Return both, (param, velocity), as a tuple.",
])


def _momentum_run(ns, start, grads, lr, momentum) -> list[np.ndarray]:
    after = _run(ns, "momentum_step", [start, np.zeros_like(start)], grads, (lr, momentum),
                 "param, velocity")
    return [param for param, _ in after]


@ex.test("q1", points=0.5)
def first_momentum_step(ns):
    """from zero velocity: v = grad and param - lr * grad"""
    param, grad = np.array([1.0, -2.0]), np.array([0.5, 4.0])
    result = ns.function("momentum_step")(param, grad, np.zeros(2), 0.1, 0.9)
    new_param, new_velocity = _parts(result, "momentum_step([1, -2], [0.5, 4], 0, 0.1, 0.9)",
                                     "param, velocity")
    assert_close(new_velocity, grad, "the velocity after one step from v = 0")
    assert_close(new_param, [0.95, -2.4], "the parameter after one step")


@ex.test("q1", points=0.5)
def three_momentum_steps(ns):
    """three steps with a constant gradient: steps 1, 1.9 and 2.71 times lr * grad"""
    grads = [np.array([1.0])] * 3
    after = _momentum_run(ns, np.array([0.0]), grads, lr=0.1, momentum=0.9)
    assert_close(after[-1], [-(0.1 + 0.19 + 0.271)], "the parameter after three steps")


@ex.test("q1", points=0.5, hidden=True)
def momentum_matches_torch_sgd(ns):
    """30 steps with random gradients match torch.optim.SGD(momentum=0.8)"""
    rng = _rng(4)
    start, grads = rng.normal(size=(3, 4)), list(rng.normal(size=(30, 3, 4)))
    expected = _torch_steps(torch.optim.SGD, start, grads, lr=0.05, momentum=0.8)
    got = _momentum_run(ns, start, grads, lr=0.05, momentum=0.8)
    assert_close(got[-1], expected[-1], "the parameters after 30 steps, against torch.optim.SGD")


@ex.test("q1", points=0.5, hidden=True)
def momentum_zero_is_plain_sgd(ns):
    """momentum = 0 gives plain gradient descent"""
    rng = _rng(5)
    start, grads = rng.normal(size=5), list(rng.normal(size=(4, 5)))
    got = _momentum_run(ns, start, grads, lr=0.3, momentum=0.0)
    assert_close(got[-1], start - 0.3 * np.sum(grads, axis=0), "four steps with momentum 0")


# --- q2: Adam with bias correction (warm-up) ------------------------------------------------

ex.question("q2", "An Adam step", bans=ADAM_BANS, hints=[
    "m = beta1 * m + (1 - beta1) * grad and v = beta2 * v + (1 - beta2) * grad**2, both "
    "elementwise.",
    "Bias correction: m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t), with t the "
    "number of this step, starting at 1.",
    "The step is lr * m_hat / (np.sqrt(v_hat) + eps): eps is added after the square root.",
])


def _adam_run(ns, func: str, start, grads, **settings) -> list[np.ndarray]:
    replace = {"adam_step": _reference_adam_step} if func != "adam_step" else None
    after = _run(ns, func, [start, np.zeros_like(start), np.zeros_like(start)], grads,
                 names="param, m, v", step_number=True, replace=replace, **settings)
    return [param for param, _, _ in after]


def _reference_adam_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """A correct adam_step, lent to adamw_step so that a mistake in q2 is not charged twice."""
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


@ex.test("q2", points=0.5)
def first_adam_step_has_length_lr(ns):
    """the first step is lr in every coordinate, whatever the gradient's size"""
    start, grad = np.array([1.0, 1.0, 1.0]), np.array([100.0, -0.01, 3.0])
    after = _adam_run(ns, "adam_step", start, [grad], lr=0.1)
    assert_close(after[0], start - 0.1 * np.sign(grad), "the parameter after the first step",
                 rtol=1e-6, atol=1e-7)


@ex.test("q2", points=0.5)
def adam_matches_torch_for_fifty_steps(ns):
    """50 steps with random gradients match torch.optim.Adam"""
    rng = _rng(6)
    start, grads = rng.normal(size=4), list(rng.normal(size=(50, 4)))
    expected = _torch_steps(torch.optim.Adam, start, grads, lr=0.01)
    got = _adam_run(ns, "adam_step", start, grads, lr=0.01)
    for t in (1, 2, 10, 50):
        assert_close(got[t - 1], expected[t - 1], f"the parameters after step {t}, against "
                     "torch.optim.Adam")


@ex.test("q2", points=0.5, hidden=True)
def adam_with_other_betas(ns):
    """30 steps with betas (0.8, 0.99), lr 0.003, on a matrix"""
    rng = _rng(7)
    start, grads = rng.normal(size=(3, 2)), list(rng.normal(size=(30, 3, 2)) * 5)
    expected = _torch_steps(torch.optim.Adam, start, grads, lr=0.003, betas=(0.8, 0.99))
    got = _adam_run(ns, "adam_step", start, grads, lr=0.003, beta1=0.8, beta2=0.99)
    assert_close(got[-1], expected[-1], "30 steps with beta1=0.8, beta2=0.99")


@ex.test("q2", points=0.5, hidden=True)
def adam_with_tiny_gradients_and_large_eps(ns):
    """gradients of size 1e-6 and eps = 1e-4: eps matters"""
    rng = _rng(8)
    start, grads = rng.normal(size=3), list(rng.normal(size=(10, 3)) * 1e-6)
    expected = _torch_steps(torch.optim.Adam, start, grads, lr=0.1, eps=1e-4)
    got = _adam_run(ns, "adam_step", start, grads, lr=0.1, eps=1e-4)
    assert_close(got[-1], expected[-1], "10 steps with eps=1e-4", rtol=1e-9, atol=1e-12)


# --- q3: AdamW (warm-up) ----------------------------------------------------------------------

ex.question("q3", "AdamW's decoupled weight decay", bans=ADAM_BANS, hints=[
    "Decoupled: shrink the parameter first, param * (1 - lr * weight_decay), and leave the "
    "gradient alone.",
    "Then take exactly the Adam step of question 2 with the unchanged gradient; you may call "
    "adam_step.",
    "Adding weight_decay * param to the gradient is torch.optim.Adam's L2 version, not AdamW. "
    "And param *= ... would change the caller's array: build a new one.",
])


@ex.test("q3", points=0.5)
def adamw_matches_torch_for_fifty_steps(ns):
    """50 steps, weight decay 0.1, match torch.optim.AdamW"""
    rng = _rng(9)
    start, grads = rng.normal(size=4), list(rng.normal(size=(50, 4)))
    expected = _torch_steps(torch.optim.AdamW, start, grads, lr=0.01, weight_decay=0.1)
    got = _adam_run(ns, "adamw_step", start, grads, lr=0.01, weight_decay=0.1)
    assert_close(got[-1], expected[-1], "the parameters after 50 steps, against "
                 "torch.optim.AdamW")


@ex.test("q3", points=0.5)
def adamw_with_zero_gradient_only_decays(ns):
    """with zero gradients the parameters shrink by (1 - lr * weight_decay) per step"""
    start = np.array([2.0, -1.0])
    got = _adam_run(ns, "adamw_step", start, [np.zeros(2)] * 5, lr=0.1, weight_decay=0.5)
    assert_close(got[-1], start * 0.95**5, "5 steps with zero gradients")


@ex.test("q3", points=0.5, hidden=True)
def adamw_strong_decay_on_a_matrix(ns):
    """30 steps on a matrix with weight decay 2, lr 0.05, betas (0.85, 0.95), eps 1e-3"""
    rng = _rng(10)
    start, grads = rng.normal(size=(2, 3)), list(rng.normal(size=(30, 2, 3)) * 0.1)
    expected = _torch_steps(torch.optim.AdamW, start, grads, lr=0.05, weight_decay=2.0,
                            betas=(0.85, 0.95), eps=1e-3)
    got = _adam_run(ns, "adamw_step", start, grads, lr=0.05, weight_decay=2.0, beta1=0.85,
                    beta2=0.95, eps=1e-3)
    assert_close(got[-1], expected[-1], "30 steps with weight_decay=2, beta1=0.85, "
                 "beta2=0.95 and eps=1e-3")


@ex.test("q3", points=0.5, hidden=True)
def adamw_decays_every_weight_alike(ns):
    """large and tiny gradients: both weights decay by the same factor (unlike Adam + L2)"""
    signs = np.array([(-1.0) ** t for t in range(40)])
    grads = [s * np.array([1.0, 1e-3]) for s in signs]
    start = np.ones(2)
    expected = _torch_steps(torch.optim.AdamW, start, grads, lr=0.01, weight_decay=0.05)
    got = _adam_run(ns, "adamw_step", start, grads, lr=0.01, weight_decay=0.05)
    assert_close(got[-1], expected[-1], "40 steps with alternating gradients of size 1 and "
                 "0.001")


# --- q4: AdaGrad as PyTorch runs it (transfer) ----------------------------------------------

ex.question("q4", "AdaGrad, as PyTorch runs it", transfer=True, bans=ADAGRAD_BANS, hints=[
    "Unlike RMSProp's average, AdaGrad's state only grows, and it starts where the caller's "
    "state_sum is. Is the new state, or the old one, the one the step divides by?",
    "The classic L2 way changes the gradient itself, as the chapter's Adam.decay does, "
    "before anything else uses it. Which parts of AdaGrad's step use the gradient?",
    "Check one coordinate by hand: from state_sum = 0, a gradient of 1 at t = 1 must move it "
    "by exactly lr; then compare a few steps with torch.optim.Adagrad in a cell of your own.",
])

ADAGRAD_POINTS = 1


def _adagrad_run(ns, start, grads, state, **settings) -> list[tuple[np.ndarray, np.ndarray]]:
    return _run(ns, "adagrad_step", [start, state], grads, names="param, state_sum",
                step_number=True, **settings)


def _torch_adagrad(start, grads, state: float = 0.0, **settings):
    """The parameters and the accumulator after each step of torch.optim.Adagrad."""
    param = nn.Parameter(torch.tensor(start, dtype=torch.float64))
    optimizer = torch.optim.Adagrad([param], initial_accumulator_value=state, **settings)
    after = []
    for g in grads:
        param.grad = torch.tensor(g, dtype=torch.float64)
        optimizer.step()
        after.append((param.detach().numpy().copy(),
                      optimizer.state[param]["sum"].numpy().copy()))
    return after


def _check_adagrad(got, expected, what: str, steps=None, rtol=1e-9, atol=1e-12) -> None:
    for t in steps or range(1, len(expected) + 1):
        assert_close(got[t - 1][0], expected[t - 1][0], f"the parameters after step {t} "
                     f"{what}, against torch.optim.Adagrad", rtol=rtol, atol=atol)
        assert_close(got[t - 1][1], expected[t - 1][1], f"state_sum after step {t} {what}, "
                     "against torch.optim.Adagrad", rtol=rtol, atol=atol)


@ex.test("q4", points=ADAGRAD_POINTS)
def first_adagrad_step(ns):
    """first step from a zero state: every coordinate moves by lr, a zero gradient not at all"""
    start, grad = np.array([1.0, 1.0, 1.0]), np.array([2.0, -0.5, 0.0])
    (param, state_sum), = _adagrad_run(ns, start, [grad], np.zeros(3), lr=0.1)
    assert_close(state_sum, grad**2, "state_sum after one step from zeros")
    assert_close(param, [0.9, 1.1, 1.0], "the parameter after one step with lr=0.1 "
                 "(a coordinate with zero gradient stays put)", rtol=1e-6, atol=1e-8)


@ex.test("q4", points=ADAGRAD_POINTS)
def adagrad_with_lr_decay(ns):
    """three equal gradients, lr_decay 0.5: steps lr, lr / (1.5 sqrt 2), lr / (2 sqrt 3)"""
    after = _adagrad_run(ns, np.zeros(1), [np.ones(1)] * 3, np.zeros(1), lr=0.1,
                         lr_decay=0.5)
    steps = 0.1 / np.array([1.0, 1.5, 2.0]) / np.sqrt([1.0, 2.0, 3.0])
    for t, (param, state_sum) in enumerate(after, start=1):
        assert_close(state_sum, [float(t)], f"state_sum after {t} gradients of 1")
        assert_close(param, [-np.sum(steps[:t])], f"the parameter after step {t} with "
                     "lr=0.1 and lr_decay=0.5", rtol=1e-6, atol=1e-8)


@ex.test("q4", points=ADAGRAD_POINTS, hidden=True)
def adagrad_matches_torch(ns):
    """40 steps with random gradients on a matrix, lr 0.05, match torch.optim.Adagrad"""
    rng = _rng(31)
    start, grads = rng.normal(size=(3, 4)), list(rng.normal(size=(40, 3, 4)) * 3)
    expected = _torch_adagrad(start, grads, lr=0.05)
    got = _adagrad_run(ns, start, grads, np.zeros((3, 4)), lr=0.05)
    _check_adagrad(got, expected, "with lr=0.05", steps=(1, 5, 40))


@ex.test("q4", points=ADAGRAD_POINTS, hidden=True)
def adagrad_from_a_given_state_with_the_defaults(ns):
    """a starting state_sum of 0.5 (initial_accumulator_value) and every default setting"""
    rng = _rng(32)
    start, grads = rng.normal(size=5), list(rng.normal(size=(20, 5)))
    expected = _torch_adagrad(start, grads, state=0.5)
    got = _adagrad_run(ns, start, grads, np.full(5, 0.5))
    _check_adagrad(got, expected, "from state_sum = 0.5 with the default settings",
                   steps=(1, 20))


@ex.test("q4", points=ADAGRAD_POINTS, hidden=True)
def adagrad_with_weight_decay(ns):
    """30 steps with weight_decay 0.3 and lr_decay 0.01: the L2 term enters the sum too"""
    rng = _rng(34)
    start, grads = rng.normal(size=(2, 3)) * 2, list(rng.normal(size=(30, 2, 3)) * 0.5)
    settings = {"lr": 0.2, "lr_decay": 0.01, "weight_decay": 0.3}
    expected = _torch_adagrad(start, grads, state=0.1, **settings)
    got = _adagrad_run(ns, start, grads, np.full((2, 3), 0.1), **settings)
    _check_adagrad(got, expected, "with weight_decay=0.3, lr_decay=0.01, lr=0.2",
                   steps=(1, 2, 30))


@ex.test("q4", points=ADAGRAD_POINTS, hidden=True)
def adagrad_with_tiny_gradients_and_large_eps(ns):
    """gradients of size 1e-5, one always 0, eps = 1e-4; then the same with weight decay"""
    rng = _rng(33)
    start = rng.normal(size=4)
    grads = [g * np.array([1.0, 1.0, 1.0, 0.0]) for g in rng.normal(size=(5, 4)) * 1e-5]
    expected = _torch_adagrad(start, grads, lr=0.2, eps=1e-4)
    got = _adagrad_run(ns, start, grads, np.zeros(4), lr=0.2, eps=1e-4)
    _check_adagrad(got, expected, "with eps=1e-4 (the last coordinate's gradient is "
                   "always 0)", steps=(1, 5))
    expected = _torch_adagrad(start, grads, lr=0.2, eps=1e-4, weight_decay=1e-3)
    got = _adagrad_run(ns, start, grads, np.zeros(4), lr=0.2, eps=1e-4, weight_decay=1e-3)
    _check_adagrad(got, expected, "with eps=1e-4 and weight_decay=1e-3", steps=(1, 5))


# --- q5: weight decay for the weights only (warm-up) -----------------------------------------

ex.question("q5", "Weight decay for the weights only", bans=SGD_BANS, hints=[
    "Go through params.items(); whether a parameter is decayed depends only on np.ndim(param).",
    "For a decayed parameter the step is the chapter's SGD step with weight_decay; for the "
    "others, the same step with weight_decay = 0.",
    "Put the results in a new dict: assigning to params[name], or param -= ..., would change "
    "what the caller passed in.",
])


def _decay_reference(params: dict, grads: dict, lr: float, wd: float) -> dict:
    return {name: p - lr * (grads[name] + (wd if np.ndim(p) >= 2 else 0.0) * p)
            for name, p in params.items()}


def _torch_grouped_sgd(params: dict, grads_list: list[dict], lr: float, wd: float) -> dict:
    """Steps of torch.optim.SGD with a decayed group (ndim >= 2) and an undecayed one."""
    tensors = {n: nn.Parameter(torch.tensor(p, dtype=torch.float64)) for n, p in params.items()}
    decayed = [t for t in tensors.values() if t.dim() >= 2]
    others = [t for t in tensors.values() if t.dim() < 2]
    optimizer = torch.optim.SGD([{"params": decayed, "weight_decay": wd},
                                 {"params": others, "weight_decay": 0.0}], lr=lr)
    for grads in grads_list:
        for name, t in tensors.items():
            t.grad = torch.tensor(grads[name], dtype=torch.float64)
        optimizer.step()
    return {n: t.detach().numpy().copy() for n, t in tensors.items()}


def _decay_step(ns, params: dict, grads: dict, lr: float, wd: float, what: str) -> dict:
    result = ns.function("decay_weights_step")(params, grads, lr, wd)
    if not isinstance(result, dict):
        raise AssertionError(f"{what} should return a dict of arrays, got "
                             f"{type(result).__name__}")
    if set(result) != set(params):
        raise AssertionError(f"{what} returned the names {sorted(map(str, result))}, "
                             f"expected {sorted(params)}")
    return {name: as_array(value, f"{what}[{name!r}]") for name, value in result.items()}


def _decay_steps_in_kernel(variables, params, steps, lr, weight_decay):
    """decay_weights_step, called once per dict of gradients"""
    step = variables.function("decay_weights_step")
    for k, grads in enumerate(steps, start=1):
        before = {name: np.array(p, copy=True) for name, p in params.items()}
        kept = dict(params)
        new_params = step(params, grads, lr, weight_decay)
        if kept.keys() != params.keys() or any(
                params[n] is not kept[n] or not np.array_equal(params[n], before[n])
                for n in kept):
            raise AssertionError("decay_weights_step changed its input `params` in place: "
                                 "the caller still needs it. Work on a copy, or build a new "
                                 "array")
        params = new_params
        if not isinstance(params, dict):
            raise AssertionError(f"decay_weights_step should return a dict of arrays, got "
                                 f"{type(params).__name__} at step {k}")
    return params


def _check_params(got: dict, expected: dict, what: str) -> None:
    for name, value in expected.items():
        assert_close(got[name], value, f"{what}: {name!r} (shape {tuple(np.shape(value))})")


def _layer(seed: int) -> dict:
    rng = _rng(seed)
    return {"lin.weight": rng.normal(size=(4, 3)), "lin.bias": rng.normal(size=4),
            "bn.weight": rng.uniform(0.5, 1.5, size=4), "bn.bias": rng.normal(size=4)}


@ex.test("q5", points=0.5)
def decay_acts_on_the_matrix_only(ns):
    """zero gradients: the weight matrix shrinks by 1 - lr * weight_decay, nothing else moves"""
    params = _layer(41)
    grads = {name: np.zeros_like(p) for name, p in params.items()}
    got = _decay_step(ns, params, grads, 0.1, 0.5, "decay_weights_step(params, zero grads, "
                      "0.1, 0.5)")
    _check_params(got, _decay_reference(params, grads, 0.1, 0.5),
                  "one step with zero gradients")


@ex.test("q5", points=0.5)
def one_step_on_a_linear_and_a_batch_norm_layer(ns):
    """a linear layer and a batch-norm layer: bn.weight is 1-D, so it is not decayed"""
    params = _layer(42)
    grads = {name: g for name, g in _layer(43).items()}
    got = _decay_step(ns, params, grads, 0.05, 0.1, "decay_weights_step(params, grads, 0.05, "
                      "0.1)")
    _check_params(got, _decay_reference(params, grads, 0.05, 0.1), "one step")


@ex.test("q5", points=0.5, hidden=True)
def twenty_steps_match_torch_param_groups(ns):
    """a conv kernel, matrices, biases and a scalar: 20 steps as torch.optim.SGD's two groups"""
    rng = _rng(44)
    shapes = {"conv.weight": (4, 2, 3, 3), "conv.bias": (4,), "norm.weight": (4,),
              "norm.bias": (4,), "head.weight": (10, 16), "head.bias": (10,),
              "temperature": ()}
    params = {name: rng.normal(size=shape) for name, shape in shapes.items()}
    steps = [{name: rng.normal(size=shape) for name, shape in shapes.items()}
             for _ in range(20)]
    got = ns.probe(_decay_steps_in_kernel, params, steps, 0.03, 0.2)
    if not isinstance(got, dict) or set(got) != set(params):
        raise AssertionError("decay_weights_step should return a dict with the names of "
                             "params")
    got = {name: as_array(value, f"decay_weights_step: {name!r}") for name, value in got.items()}
    _check_params(got, _torch_grouped_sgd(params, steps, 0.03, 0.2),
                  "after 20 steps, against torch.optim.SGD with two parameter groups")


@ex.test("q5", points=0.25, hidden=True)
def names_do_not_decide(ns):
    """parameters named oddly: a 2-D 'embedding' is decayed, a 1-D 'w' is not"""
    rng = _rng(45)
    params = {"embedding": rng.normal(size=(6, 3)), "w": rng.normal(size=5),
              "scale_weight": rng.normal(size=3), "proj": rng.normal(size=(3, 3))}
    grads = {name: rng.normal(size=p.shape) for name, p in params.items()}
    got = _decay_step(ns, params, grads, 0.2, 0.3, "decay_weights_step(params, grads, 0.2, "
                      "0.3)")
    _check_params(got, _decay_reference(params, grads, 0.2, 0.3), "one step")


@ex.test("q5", points=0.25, hidden=True)
def zero_weight_decay_is_plain_sgd(ns):
    """weight_decay = 0: every parameter takes the plain step param - lr * grad"""
    params = _layer(46)
    grads = _layer(47)
    got = _decay_step(ns, params, grads, 0.5, 0.0, "decay_weights_step(params, grads, 0.5, "
                      "0.0)")
    _check_params(got, {n: p - 0.5 * grads[n] for n, p in params.items()}, "one plain step")


# --- q6: cosine schedule with warm-up (warm-up) ----------------------------------------------

ex.question("q6", "Cosine schedule with warm-up", bans=SCHEDULER_BANS, hints=[
    "Two cases: step < warmup_steps (the ramp) and the rest (the cosine).",
    "The ramp reaches peak_lr at step warmup_steps - 1: peak_lr * (step + 1) / warmup_steps.",
    "The cosine runs over total_steps - warmup_steps steps, from s = step - warmup_steps = 0: "
    "min_lr + (peak_lr - min_lr) * (1 + cos(pi * s / (total_steps - warmup_steps))) / 2.",
])


def _schedule(step: int, total: int, warmup: int, peak: float, low: float) -> float:
    if step < warmup:
        return peak * (step + 1) / warmup
    return low + (peak - low) * (1 + math.cos(math.pi * (step - warmup) / (total - warmup))) / 2


def _lr(ns, step, total, warmup, peak, low=None) -> float:
    func = ns.function("warmup_cosine")
    args = (step, total, warmup, peak) if low is None else (step, total, warmup, peak, low)
    return as_number(func(*args), f"warmup_cosine{args}")


@ex.test("q6", points=0.5)
def warmup_ramp_values(ns):
    """100 steps, 10 of warm-up, peak 1: steps 0, 4 and 9 of the ramp, with and without min_lr"""
    for step, expected in ((0, 0.1), (4, 0.5), (9, 1.0)):
        assert_close(_lr(ns, step, 100, 10, 1.0), expected, f"warmup_cosine({step}, 100, 10, 1.0)")
        assert_close(_lr(ns, step, 100, 10, 1.0, 0.2), expected,
                     f"warmup_cosine({step}, 100, 10, 1.0, 0.2) (min_lr has no part in the ramp)")


@ex.test("q6", points=0.5)
def cosine_part_values(ns):
    """after the warm-up: the peak, the middle and the last step, with min_lr 0 and 0.1"""
    for step in (10, 55, 99):
        assert_close(_lr(ns, step, 100, 10, 1.0), _schedule(step, 100, 10, 1.0, 0.0),
                     f"warmup_cosine({step}, 100, 10, 1.0)")
        assert_close(_lr(ns, step, 100, 10, 1.0, 0.1), _schedule(step, 100, 10, 1.0, 0.1),
                     f"warmup_cosine({step}, 100, 10, 1.0, 0.1)")


def _schedule_in_kernel(variables, total, warmup, peak, low):
    """warmup_cosine at every step of a 300-step schedule"""
    func = variables.function("warmup_cosine")
    return [func(step, total, warmup, peak, low) for step in range(total)]


@ex.test("q6", points=0.5, hidden=True)
def schedule_matches_torch_schedulers(ns):
    """every step of a 300-step schedule equals LinearLR then CosineAnnealingLR(eta_min)"""
    total, warmup, peak, low = 300, 25, 0.4, 0.01
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=peak)
    sched = torch.optim.lr_scheduler
    scheduler = sched.SequentialLR(optimizer, [
        sched.LinearLR(optimizer, start_factor=1 / warmup, total_iters=warmup - 1),
        sched.CosineAnnealingLR(optimizer, T_max=total - warmup, eta_min=low)],
        milestones=[warmup])
    rates = ns.probe(_schedule_in_kernel, total, warmup, peak, low)
    for step in range(total):
        expected = optimizer.param_groups[0]["lr"]
        what = f"warmup_cosine({step}, {total}, {warmup}, {peak}, {low})"
        assert_close(as_number(rates[step], what), expected, what)
        optimizer.step()
        scheduler.step()


@ex.test("q6", points=0.5, hidden=True)
def schedule_without_warmup_is_cosine(ns):
    """warmup_steps = 0: a plain cosine from the peak, with min_lr"""
    for step in (0, 7, 20, 39):
        assert_close(_lr(ns, step, 40, 0, 0.2, 0.02), _schedule(step, 40, 0, 0.2, 0.02),
                     f"warmup_cosine({step}, 40, 0, 0.2, 0.02)")


# --- q7: early stopping (warm-up) --------------------------------------------------------------

ex.question("q7", "Early stopping with patience", hints=[
    "Walk through the epochs (from 1) keeping best (the loss of the last improvement), its "
    "epoch, and a counter of epochs since it.",
    "A loss counts as an improvement only if it is strictly below best - min_delta; then it "
    "becomes the new best and the counter restarts at 0, else add 1 and leave best alone. "
    "Compare with the best, not with the previous epoch.",
    "Stop at the epoch where the counter reaches patience; if it never does, the stop epoch "
    "is the last one. Return both epochs as ints.",
])


def _stopping(losses, patience, min_delta=0.0) -> tuple[int, int]:
    best, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best - min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
        if waited >= patience:
            return epoch, best_epoch
    return len(losses), best_epoch


def _check_stopping(ns, losses, patience, min_delta=None, expected=None) -> None:
    args = (losses, patience) if min_delta is None else (losses, patience, min_delta)
    what = f"early_stopping({', '.join(repr(a) for a in args)})"
    if len(what) > 90:
        what = f"early_stopping(<{len(losses)} losses>, {', '.join(repr(a) for a in args[1:])})"
    result = ns.function("early_stopping")(*args)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return (stop_epoch, best_epoch), got {result!r}")
    reference = _stopping(losses, patience, 0.0 if min_delta is None else min_delta)
    assert expected is None or tuple(expected) == reference, "the test's own reference is off"
    assert_integer(result[0], reference[0], f"{what}: stop_epoch")
    assert_integer(result[1], reference[1], f"{what}: best_epoch")


@ex.test("q7", points=0.5)
def stops_after_patience_epochs_without_progress(ns):
    """best at epoch 3, patience 2: stops at epoch 5; a loss equal to the best is no improvement"""
    _check_stopping(ns, [1.0, 0.8, 0.7, 0.75, 0.72, 0.6], patience=2, expected=(5, 3))
    _check_stopping(ns, [1.0, 0.8, 0.8, 0.9, 0.95], patience=2, expected=(4, 2))


@ex.test("q7", points=0.5)
def never_stops_when_improving(ns):
    """a loss that keeps falling: stop at the last epoch, best there too; patience 1"""
    _check_stopping(ns, [0.9, 0.8, 0.7, 0.6], patience=2, expected=(4, 4))
    _check_stopping(ns, [0.9, 0.8, 0.85, 0.6], patience=1, expected=(3, 2))


@ex.test("q7", points=0.25, hidden=True)
def counter_resets_on_a_new_best(ns):
    """a new best after a plateau resets the count: non-consecutive bad epochs do not add up"""
    _check_stopping(ns, [1.0, 1.1, 1.2, 0.9, 1.0, 1.05, 0.85, 0.9, 0.95, 0.97], patience=3,
                    expected=(10, 7))
    _check_stopping(ns, [0.5, 0.6, 0.4, 0.45, 0.3, 0.35, 0.2, 0.25], patience=2,
                    expected=(8, 7))


@ex.test("q7", points=0.25, hidden=True)
def a_local_minimum_before_the_global_one(ns):
    """a dip, then a lower one later: stop only if patience runs out in between"""
    _check_stopping(ns, [1.0, 0.8, 0.6, 0.65, 0.7, 0.5, 0.4, 0.45, 0.5, 0.55, 0.3],
                    patience=3, expected=(10, 7))
    _check_stopping(ns, [0.9, 0.7, 0.75, 0.8, 0.6, 0.5], patience=2, expected=(4, 2))


@ex.test("q7", points=0.25, hidden=True)
def min_delta_is_an_amount_in_the_loss_units(ns):
    """min_delta 0.5 on losses near 50, and 0.001 on losses near 0.02 (not a fraction)"""
    _check_stopping(ns, [50.0, 49.8, 49.0, 48.9, 48.85, 48.7, 48.75], patience=3,
                    min_delta=0.5, expected=(6, 3))
    _check_stopping(ns, [0.02, 0.0195, 0.0185, 0.015, 0.0145, 0.0142], patience=2,
                    min_delta=0.001, expected=(6, 4))


@ex.test("q7", points=0.25, hidden=True)
def min_delta_and_a_noisy_curve(ns):
    """min_delta = 0.01 ignores tiny gains; a noisy 60-epoch curve with patience 5"""
    _check_stopping(ns, [1.0, 0.995, 0.992, 0.991, 0.95, 0.949, 0.948], patience=3,
                    min_delta=0.01, expected=(4, 1))
    rng = _rng(21)
    epochs = np.arange(1, 61)
    curve = 1.5 * np.exp(-epochs / 6) + 0.001 * epochs**1.5 + rng.normal(0, 0.02, size=60)
    _check_stopping(ns, [float(v) for v in curve], patience=5)
    _check_stopping(ns, curve, patience=5, min_delta=0.005)  # a NumPy array this time


# --- q8: ReduceLROnPlateau (transfer) -----------------------------------------------------------

ex.question("q8", "A learning rate that drops on a plateau", transfer=True,
            bans=SCHEDULER_BANS, hints=[
    "The same walk as early stopping: best, and a count of bad epochs; but an improvement is "
    "loss < best * (1 - threshold).",
    "The rate drops when the count goes above patience (count > patience), not when it "
    "reaches it; then the count restarts at 0 and best stays as it was.",
    "Append the rate after dealing with each epoch, so the list has one rate per loss; never "
    "let it go below min_lr.",
])


def _torch_plateau(losses, lr, factor, patience, threshold, min_lr) -> list[float]:
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=lr)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
        optimizer, mode="min", factor=factor, patience=patience, threshold=threshold,
        threshold_mode="rel", cooldown=0, min_lr=min_lr)
    rates = []
    for loss in losses:
        optimizer.step()
        scheduler.step(float(loss))
        rates.append(float(optimizer.param_groups[0]["lr"]))
    return rates


def _check_plateau(ns, losses, lr, expected=None, **settings) -> None:
    full = {"factor": 0.1, "patience": 10, "threshold": 1e-4, "min_lr": 0.0, **settings}
    shown = ", ".join(f"{k}={v!r}" for k, v in settings.items())
    what = f"plateau_lrs(<{len(losses)} losses>, {lr!r}{', ' if shown else ''}{shown})"
    got = as_array(ns.function("plateau_lrs")(losses, lr, **settings), what)
    reference = _torch_plateau(losses, lr, **full)
    assert expected is None or np.allclose(expected, reference), "the test's reference is off"
    if got.shape != (len(losses),):
        raise AssertionError(f"{what} returned shape {got.shape}: expected one learning rate "
                             f"per epoch, {len(losses)} in all")
    for epoch, (a, b) in enumerate(zip(got, reference), start=1):
        if not math.isclose(float(a), b, rel_tol=1e-9, abs_tol=1e-15):
            loss = float(losses[epoch - 1])
            raise AssertionError(f"{what}: after epoch {epoch} (loss {loss:.6g}) the rate is "
                                 f"{float(a):.6g}, expected {b:.6g}")


@ex.test("q8", points=1)
def drop_after_patience_bad_epochs(ns):
    """patience 2: the rate drops at the 3rd bad epoch in a row, then the count restarts"""
    losses = [1.0, 0.9, 0.95, 0.93, 0.92, 0.91, 0.92, 0.93, 0.94]
    _check_plateau(ns, losses, 0.1, patience=2,
                   expected=[0.1] * 4 + [0.01] * 3 + [0.001] * 2)


@ex.test("q8", points=1)
def rate_never_below_min_lr(ns):
    """factor 0.5, patience 1, min_lr 0.02 on a flat loss: 0.1, 0.05, 0.025, then 0.02"""
    _check_plateau(ns, [2.0] * 9, 0.1, factor=0.5, patience=1, min_lr=0.02,
                   expected=[0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02])


@ex.test("q8", points=1, hidden=True)
def threshold_is_relative(ns):
    """threshold 0.01 on losses near 100 and near 0.001: a fraction of best, not an amount"""
    _check_plateau(ns, [100.0, 99.5, 99.2, 98.5, 98.0, 97.8, 97.0], 0.3, patience=1,
                   threshold=0.01, factor=0.5)
    _check_plateau(ns, [0.001, 0.00095, 0.00099, 0.00098, 0.0009, 0.00095, 0.00096], 0.3,
                   patience=1, threshold=0.01, factor=0.5)


@ex.test("q8", points=1, hidden=True)
def best_is_kept_after_a_drop(ns):
    """after a drop, a loss below the previous ones but not below best is still bad; patience 0"""
    _check_plateau(ns, [1.0, 1.2, 1.1, 1.05, 1.02, 0.99, 1.0, 0.98, 0.985], 0.2, patience=1,
                   factor=0.3)
    _check_plateau(ns, [0.5, 0.6, 0.4, 0.45, 0.45, 0.3], 0.01, patience=0, factor=0.5,
                   threshold=0.0)


@ex.test("q8", points=1, hidden=True)
def plateau_on_a_noisy_curve(ns):
    """80 epochs of a noisy curve (a NumPy array), patience 5, factor 0.3, min_lr 1e-4"""
    rng = _rng(51)
    epochs = np.arange(1, 81)
    curve = 0.3 + 2.0 * np.exp(-epochs / 10) + rng.normal(0, 0.02, size=80)
    _check_plateau(ns, curve, 0.05, patience=5, factor=0.3, min_lr=1e-4)


@ex.test("q8", points=1, hidden=True)
def a_loss_equal_to_best_is_no_improvement(ns):
    """threshold 0: a loss equal to best is a bad epoch (strictly below, not <=)"""
    _check_plateau(ns, [1.0, 0.5, 0.5, 0.5, 0.5], 0.1, patience=1, factor=0.5,
                   threshold=0.0, expected=[0.1, 0.1, 0.1, 0.05, 0.05])


# --- q9: uniform initialisation bounds (warm-up) ----------------------------------------------

ex.question("q9", "Uniform initialisation bounds", hints=[
    "Uniform(-a, a) has variance a**2 / 3, so a = sqrt(3 * variance).",
    "Variances: LeCun 1 / fan_in, Xavier 2 / (fan_in + fan_out), He 2 / fan_in.",
    "The chapter's section 'What PyTorch actually does' found nn.Linear's default bound.",
])

_VARIANCES = {"lecun": lambda i, o: 1 / i, "xavier": lambda i, o: 2 / (i + o),
              "he": lambda i, o: 2 / i, "pytorch": lambda i, o: 1 / (3 * i)}


def _bound(ns, fan_in: int, fan_out: int, scheme: str) -> float:
    what = f"uniform_bound({fan_in}, {fan_out}, {scheme!r})"
    return as_number(ns.function("uniform_bound")(fan_in, fan_out, scheme), what)


def _check_bound(ns, fan_in: int, fan_out: int, scheme: str) -> None:
    expected = math.sqrt(3 * _VARIANCES[scheme](fan_in, fan_out))
    got = _bound(ns, fan_in, fan_out, scheme)
    if not math.isclose(got, expected, rel_tol=1e-9):
        raise AssertionError(
            f"uniform_bound({fan_in}, {fan_out}, {scheme!r}) returned {got:.6g}, expected "
            f"{expected:.6g}: Uniform(±a) must have variance "
            f"{_VARIANCES[scheme](fan_in, fan_out):.6g}")


def _sampled_bound(W: torch.Tensor, bound: float, what: str) -> None:
    """The weights fill Uniform(±bound): none beyond it, the largest close to it."""
    biggest = W.abs().max().item()
    assert biggest <= bound * (1 + 1e-6) and biggest > 0.99 * bound, (
        f"{what}: PyTorch's weights reach {biggest:.5f}, your bound is {bound:.5f}")


@ex.test("q9", points=0.5)
def bounds_of_lecun_and_he(ns):
    """fan_in 100: LeCun sqrt(3/100), He sqrt(6/100)"""
    _check_bound(ns, 100, 50, "lecun")
    _check_bound(ns, 100, 50, "he")


@ex.test("q9", points=0.5)
def bound_of_pytorch_default(ns):
    """nn.Linear(400, 100)'s default weights fill Uniform(±1/sqrt(400))"""
    torch.manual_seed(0)
    W = nn.Linear(400, 100).weight.detach()
    _sampled_bound(W, _bound(ns, 400, 100, "pytorch"), "uniform_bound(400, 100, 'pytorch')")


@ex.test("q9", points=0.5, hidden=True)
def bounds_match_torch_init(ns):
    """xavier_uniform_ and kaiming_uniform_(nonlinearity='relu') on a 300 x 200 matrix"""
    torch.manual_seed(1)
    W = nn.init.xavier_uniform_(torch.empty(300, 200))
    _sampled_bound(W, _bound(ns, 200, 300, "xavier"), "uniform_bound(200, 300, 'xavier')")
    W = nn.init.kaiming_uniform_(torch.empty(300, 200), nonlinearity="relu")
    _sampled_bound(W, _bound(ns, 200, 300, "he"), "uniform_bound(200, 300, 'he')")


@ex.test("q9", points=0.5, hidden=True)
def every_scheme_for_other_sizes(ns):
    """all four schemes for (fan_in, fan_out) = (64, 10), (10, 64), (3, 3) and (1, 1)"""
    for fan_in, fan_out in ((64, 10), (10, 64), (3, 3), (1, 1)):
        for scheme in _VARIANCES:
            _check_bound(ns, fan_in, fan_out, scheme)


# --- q10: inverted dropout (warm-up) -----------------------------------------------------------

ex.question("q10", "Inverted dropout", bans=RANDOM_BANS + DROPOUT_BANS, hints=[
    "In evaluation (training=False) dropout does nothing: return x as it is.",
    "p is the probability to DROP: keep an entry where rng.random(x.shape) >= p, and scale "
    "the kept entries by 1 / (1 - p).",
    "p = 1 would divide by zero: treat it on its own.",
])


def _dropout(ns, func, x, p, training, seed, replace=None):
    what = f"{func}(x, p={p}, training={training}, rng)"
    got = as_array(ns.function(func, replace=replace)(x, p, training, Rng(seed)), what)
    if got.shape != x.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {x.shape}")
    return got, what


@ex.test("q10", points=0.25)
def dropout_in_evaluation_is_the_identity(ns):
    """training=False returns the input unchanged"""
    x = _rng(11).normal(size=(4, 5))
    got, what = _dropout(ns, "dropout", x, 0.3, False, 0)
    assert_close(got, x, what)


@ex.test("q10", points=0.5)
def dropout_zeros_a_fraction_p_and_scales_the_rest(ns):
    """p = 0.2 on 100,000 entries: about 20 % zeros, the rest x / 0.8"""
    x = _rng(12).uniform(1.0, 2.0, size=(100, 1000))
    got, what = _dropout(ns, "dropout", x, 0.2, True, 1)
    dropped = np.mean(got == 0)
    assert abs(dropped - 0.2) < 0.01, f"{what} zeroed {dropped:.1%} of the entries, expected 20%"
    kept = got != 0
    assert_close(got[kept], x[kept] / 0.8, f"{what}: the entries that were kept")


@ex.test("q10", points=0.25, hidden=True)
def dropout_preserves_the_mean(ns):
    """p = 0.7: the mean over a million entries stays the same (within 1 %)"""
    x = _rng(13).uniform(0.5, 1.5, size=(1000, 1000))
    got, what = _dropout(ns, "dropout", x, 0.7, True, 2)
    ratio = got.mean() / x.mean()
    assert abs(ratio - 1) < 0.01, (f"{what}: the mean changed by a factor {ratio:.3f}; "
                                   "inverted dropout keeps it")
    assert abs(np.mean(got == 0) - 0.7) < 0.01, f"{what}: about 70% should be zero"


@ex.test("q10", points=0.25, hidden=True)
def dropout_uses_the_generator(ns):
    """the same generator seed gives the same mask, another seed another"""
    x = _rng(14).uniform(1.0, 2.0, size=(50, 40))
    first, what = _dropout(ns, "dropout", x, 0.3, True, 5)
    again, _ = _dropout(ns, "dropout", x, 0.3, True, 5)
    other, _ = _dropout(ns, "dropout", x, 0.3, True, 6)
    assert np.array_equal(first, again), (f"{what}: two generators with the same seed gave "
                                          "different masks; draw only from the rng you are given")
    assert not np.array_equal(first, other), f"{what}: two seeds gave the same mask"


@ex.test("q10", points=0.5, hidden=True)
def dropout_with_p_zero_and_p_one(ns):
    """p = 0 keeps everything; p = 1 drops everything, without dividing by zero"""
    x = _rng(15).uniform(1.0, 2.0, size=(20, 30))
    none_dropped, what = _dropout(ns, "dropout", x, 0.0, True, 7)
    assert_close(none_dropped, x, what)
    all_dropped, what = _dropout(ns, "dropout", x, 1.0, True, 8)
    assert np.all(np.isfinite(all_dropped)), f"{what} returned nan or inf: 0 / 0 somewhere"
    assert_close(all_dropped, np.zeros_like(x), what)


@ex.test("q10", points=0.25, hidden=True)
def dropout_draws_every_entry_on_its_own(ns):
    """(2000, 50), p = 0.5: no two examples share a mask, nor do two features"""
    x = _rng(16).uniform(1.0, 2.0, size=(2000, 50))
    got, what = _dropout(ns, "dropout", x, 0.5, True, 9)
    dropped = got == 0
    rows = len({row.tobytes() for row in dropped})
    assert rows == len(dropped), (f"{what}: only {rows} different masks among the "
                                  f"{len(dropped)} examples; every entry should be drawn "
                                  "on its own, not one mask shared by the batch")
    columns = len({column.tobytes() for column in dropped.T})
    assert columns == dropped.shape[1], (f"{what}: only {columns} different masks among "
                                         f"the {dropped.shape[1]} features; every entry "
                                         "should be drawn on its own")


# --- q11: alpha dropout (transfer) ------------------------------------------------------------

ex.question("q11", "Dropout that keeps the variance", transfer=True,
            bans=RANDOM_BANS + DROPOUT_BANS, hints=[
    "Call x' the input with its dropped entries replaced by alpha'. For an entry of x with "
    "mean 0 and variance 1, independent of the mask, work out E[x'] and E[x'^2]: each is "
    "(1 - p) times the kept case plus p times the dropped case.",
    "y = a x' + b has mean a E[x'] + b and variance a^2 Var(x'). Setting them to 0 and 1 "
    "gives two equations; solve the second for a first (a > 0).",
    "Check your a and b by feeding a large standard normal array: the output's mean should "
    "be near 0 and its variance near 1, for p = 0.1 and for p = 0.5.",
])

ALPHA_PRIME = -1.7580993408473766


def _alpha(p: float) -> tuple[float, float]:
    """a and b of alpha dropout (nn.AlphaDropout's formula)."""
    a = ((1 - p) * (1 + p * ALPHA_PRIME**2)) ** -0.5
    return a, -a * p * ALPHA_PRIME


def _reference_dropout(x, p, training, rng):
    """A correct dropout, lent to alpha_dropout so that a mistake in q10 is not charged
    twice."""
    if not training or p == 0:
        return x
    if p == 1:
        return np.zeros_like(x, dtype=float)
    return x * (rng.random(np.shape(x)) >= p) / (1 - p)


def _alpha_dropout(ns, x, p, training, seed):
    return _dropout(ns, "alpha_dropout", x, p, training, seed,
                    replace={"dropout": _reference_dropout})


def _alpha_kept(got: np.ndarray, x: np.ndarray, p: float, what: str) -> np.ndarray:
    """Which entries were kept; fails unless each is a * x + b or the dropped value."""
    a, b = _alpha(p)
    kept = np.isclose(got, a * x + b, rtol=1e-9, atol=1e-12)
    dropped = np.isclose(got, a * ALPHA_PRIME + b, rtol=1e-9, atol=1e-12)
    neither = ~(kept | dropped)
    if neither.any():
        index = tuple(int(i) for i in np.argwhere(neither)[0])
        raise AssertionError(f"{what}: {int(neither.sum())} of {got.size} entries are "
                             "neither a * x + b nor a * alpha' + b; at index "
                             f"{index} the input is {x[index]:.6g} and the output "
                             f"{got[index]:.6g}")
    return kept


@ex.test("q11", points=1)
def alpha_dropout_in_evaluation_and_with_p_zero(ns):
    """training=False, and p = 0 in training, return x unchanged"""
    x = _rng(62).normal(size=(3, 4, 2))
    got, what = _alpha_dropout(ns, x, 0.4, False, 0)
    assert_close(got, x, what)
    got, what = _alpha_dropout(ns, x, 0.0, True, 0)
    assert_close(got, x, what)


@ex.test("q11", points=1)
def kept_and_dropped_entries(ns):
    """p = 0.2 on 100,000 entries: a * x + b where kept, one constant where dropped"""
    x = _rng(61).uniform(1.0, 2.0, size=(200, 500))
    got, what = _alpha_dropout(ns, x, 0.2, True, 1)
    kept = _alpha_kept(got, x, 0.2, what)
    dropped = 1 - kept.mean()
    assert abs(dropped - 0.2) < 0.01, (f"{what} dropped {dropped:.1%} of the entries, "
                                       "expected 20%")


@ex.test("q11", points=1, hidden=True)
def alpha_dropout_keeps_mean_zero_and_variance_one(ns):
    """a million standard normal entries, p = 0.1 and p = 0.5: mean 0 and variance 1"""
    x = _rng(63).normal(size=(1000, 1000))
    for k, p in enumerate((0.1, 0.5)):
        got, what = _alpha_dropout(ns, x, p, True, 2 + k)
        mean, var = float(got.mean()), float(got.var())
        assert abs(mean) < 0.01 and abs(var - 1) < 0.01, (
            f"{what} on standard normal inputs has mean {mean:.4f} and variance "
            f"{var:.4f}; alpha dropout should keep them at 0 and 1")


@ex.test("q11", points=1, hidden=True)
def alpha_dropout_uses_the_generator(ns):
    """the same generator seed gives the same output, another seed another"""
    x = _rng(64).uniform(1.0, 2.0, size=(10, 8, 3))
    first, what = _alpha_dropout(ns, x, 0.5, True, 5)
    again, _ = _alpha_dropout(ns, x, 0.5, True, 5)
    other, _ = _alpha_dropout(ns, x, 0.5, True, 6)
    assert np.array_equal(first, again), (f"{what}: two generators with the same seed gave "
                                          "different masks; draw only from the rng you are given")
    assert not np.array_equal(first, other), f"{what}: two seeds gave the same mask"


@ex.test("q11", points=1, hidden=True)
def alpha_dropout_with_p_one_and_large_p(ns):
    """p = 1 gives zeros; p = 0.75 on integers and on an array of any rank"""
    x = _rng(65).uniform(1.0, 2.0, size=(4, 3, 2, 2))
    got, what = _alpha_dropout(ns, x, 1.0, True, 3)
    assert np.all(np.isfinite(got)), f"{what} returned nan or inf: 0 / 0 somewhere"
    assert_close(got, np.zeros_like(x), what)
    ints = np.arange(1, 4001).reshape(2, 2, 1000) % 7 + 1
    got, what = _alpha_dropout(ns, ints, 0.75, True, 4)
    kept = _alpha_kept(got, ints.astype(float), 0.75, f"{what} (x of integers)")
    assert abs(kept.mean() - 0.25) < 0.03, f"{what} kept {kept.mean():.1%}, expected 25%"


@ex.test("q11", points=1, hidden=True)
def alpha_dropout_draws_every_entry_on_its_own(ns):
    """(2000, 50), p = 0.5: no two examples share a mask, nor do two features"""
    x = _rng(66).uniform(1.0, 2.0, size=(2000, 50))
    got, what = _alpha_dropout(ns, x, 0.5, True, 7)
    dropped = ~_alpha_kept(got, x, 0.5, what)
    rows = len({row.tobytes() for row in dropped})
    columns = len({column.tobytes() for column in dropped.T})
    assert rows == len(dropped) and columns == dropped.shape[1], (
        f"{what}: {rows} different masks among {len(dropped)} examples and {columns} among "
        f"{dropped.shape[1]} features; every entry should be drawn on its own")


# --- q12: batch norm in both modes (warm-up) ----------------------------------------------------

ex.question("q12", "Batch norm, training and evaluation",
            bans=["torch.nn.functional.batch_norm", "torch.batch_norm"], hints=[
    "Training: normalise with the batch's mean and *biased* variance (x.var(axis=0)), over "
    "axis 0 (the examples).",
    "Running statistics: running = (1 - momentum) * running + momentum * batch statistic, "
    "with the *unbiased* variance (ddof=1) for running_var.",
    "Evaluation: normalise with running_mean and running_var, and return them unchanged.",
])


def _torch_batch_norm(xs: list[np.ndarray], gamma, beta, momentum: float, eval_x=None):
    layer = nn.BatchNorm1d(len(gamma), momentum=momentum, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(gamma))
        layer.bias.copy_(torch.tensor(beta))
        outputs = [layer(torch.tensor(x)).numpy() for x in xs]
        if eval_x is not None:
            layer.eval()
            outputs.append(layer(torch.tensor(eval_x)).numpy())
    return outputs, layer.running_mean.numpy(), layer.running_var.numpy()


def _student_batch_norm(ns, xs, gamma, beta, momentum, eval_x=None):
    func = ns.function("batch_norm")
    features = len(gamma)
    running_mean, running_var, outputs = np.zeros(features), np.ones(features), []
    batches = [(x, True) for x in xs] + ([(eval_x, False)] if eval_x is not None else [])
    for k, (x, training) in enumerate(batches):
        what = f"batch_norm(batch {k + 1} of shape {x.shape}, training={training})"
        y, running_mean, running_var = _parts(
            func(x, gamma, beta, running_mean, running_var, training, momentum), what,
            "y, running_mean, running_var")
        outputs.append(y)
    return outputs, running_mean, running_var


def _batches(seed: int, count: int, n: int, features: int) -> list[np.ndarray]:
    rng = _rng(seed)
    return [rng.normal(3.0, 2.0, size=(n, features)) for _ in range(count)]


@ex.test("q12", points=0.5)
def batch_norm_training_output(ns):
    """one training batch: each feature has mean beta and std gamma afterwards"""
    x = _batches(15, 1, 32, 4)[0]
    gamma, beta = np.array([1.0, 2.0, 0.5, 1.5]), np.array([0.0, -1.0, 3.0, 0.2])
    (y,), _, _ = _student_batch_norm(ns, [x], gamma, beta, 0.1)
    expected, _, _ = _torch_batch_norm([x], gamma, beta, 0.1)
    assert_close(y, expected[0], "the output in training mode", rtol=1e-6, atol=1e-8)


@ex.test("q12", points=0.5)
def batch_norm_running_statistics(ns):
    """three training batches: running mean and (unbiased) variance as nn.BatchNorm1d"""
    xs = _batches(16, 3, 16, 3)
    gamma, beta = np.ones(3), np.zeros(3)
    _, mean, var = _student_batch_norm(ns, xs, gamma, beta, 0.1)
    _, expected_mean, expected_var = _torch_batch_norm(xs, gamma, beta, 0.1)
    assert_close(mean, expected_mean, "running_mean after three training batches")
    assert_close(var, expected_var, "running_var after three training batches")


@ex.test("q12", points=0.25, hidden=True)
def batch_norm_evaluation_uses_running_statistics(ns):
    """five training batches, then one in evaluation mode, as nn.BatchNorm1d"""
    xs = _batches(17, 5, 20, 6)
    eval_x = _rng(18).normal(1.0, 3.0, size=(4, 6))
    rng = _rng(19)
    gamma, beta = rng.uniform(0.5, 1.5, size=6), rng.normal(size=6)
    got, mean, var = _student_batch_norm(ns, xs, gamma, beta, 0.1, eval_x)
    expected, expected_mean, expected_var = _torch_batch_norm(xs, gamma, beta, 0.1, eval_x)
    assert_close(got[-1], expected[-1], "the output in evaluation mode", rtol=1e-6, atol=1e-8)
    assert_close(mean, expected_mean, "running_mean after evaluation (unchanged by it)")
    assert_close(var, expected_var, "running_var after evaluation (unchanged by it)")


@ex.test("q12", points=0.25, hidden=True)
def batch_norm_evaluates_a_batch_of_one(ns):
    """three training batches, then a single example in evaluation mode"""
    xs = _batches(22, 3, 10, 5)
    eval_x = _rng(23).normal(2.0, 1.0, size=(1, 5))
    gamma, beta = np.linspace(0.5, 2.0, 5), np.linspace(-1.0, 1.0, 5)
    got, mean, var = _student_batch_norm(ns, xs, gamma, beta, 0.2, eval_x)
    expected, expected_mean, expected_var = _torch_batch_norm(xs, gamma, beta, 0.2, eval_x)
    assert_close(got[-1], expected[-1], "the output for one example in evaluation mode",
                 rtol=1e-6, atol=1e-8)
    assert_close(var, expected_var, "running_var after evaluating one example (unchanged)")


@ex.test("q12", points=0.25, hidden=True)
def batch_norm_with_other_momentum(ns):
    """momentum 0.3: every training output and the running statistics"""
    xs = _batches(20, 4, 8, 2)
    gamma, beta = np.array([0.7, 1.3]), np.array([0.5, -0.5])
    got, mean, var = _student_batch_norm(ns, xs, gamma, beta, 0.3)
    expected, expected_mean, expected_var = _torch_batch_norm(xs, gamma, beta, 0.3)
    for k, (a, b) in enumerate(zip(got, expected)):
        assert_close(a, b, f"the output of training batch {k + 1}", rtol=1e-6, atol=1e-8)
    assert_close(mean, expected_mean, "running_mean with momentum 0.3")
    assert_close(var, expected_var, "running_var with momentum 0.3")


@ex.test("q12", points=0.25, hidden=True)
def batch_norm_with_other_eps(ns):
    """eps = 0.5 on features of small variance, in training and evaluation"""
    xs = [_rng(24).normal(0.0, 0.3, size=(12, 3))]
    eval_x = _rng(25).normal(0.0, 0.3, size=(5, 3))
    gamma, beta = np.ones(3), np.zeros(3)
    layer = nn.BatchNorm1d(3, eps=0.5, dtype=torch.float64)
    with torch.no_grad():
        expected = [layer(torch.tensor(xs[0])).numpy()]
        layer.eval()
        expected.append(layer(torch.tensor(eval_x)).numpy())
    func = ns.function("batch_norm")
    y, mean, var = _parts(func(xs[0], gamma, beta, np.zeros(3), np.ones(3), True, 0.1, 0.5),
                          "batch_norm(x, ..., training=True, momentum=0.1, eps=0.5)",
                          "y, running_mean, running_var")
    assert_close(y, expected[0], "the training output with eps=0.5", rtol=1e-6, atol=1e-8)
    y, _, _ = _parts(func(eval_x, gamma, beta, mean, var, False, 0.1, 0.5),
                     "batch_norm(x, ..., training=False, momentum=0.1, eps=0.5)",
                     "y, running_mean, running_var")
    assert_close(y, expected[1], "the evaluation output with eps=0.5", rtol=1e-6, atol=1e-8)


# --- q13: group normalisation (transfer) ------------------------------------------------------

ex.question("q13", "Group normalisation", transfer=True,
            bans=["torch.nn.functional.group_norm", "torch.group_norm"], hints=[
    "One group of example i is the block x[i, first:last] of its consecutive channels, with "
    "all their positions: one mean and one variance for all the numbers in that block.",
    "Because the channels of a group are consecutive, a single reshape can put all the "
    "numbers of one block side by side. Which shape, and which axis do you average over?",
    "gamma and beta go per channel, so they must line up with axis 1 of x whatever its "
    "number of axes. Check your function with one group (it must give layer norm over each "
    "example) and with one channel per group.",
])


def _torch_group_norm(x: np.ndarray, groups: int, gamma, beta, eps: float = 1e-5):
    layer = nn.GroupNorm(groups, x.shape[1], eps=eps, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(gamma))
        layer.bias.copy_(torch.tensor(beta))
        return layer(torch.tensor(x)).numpy()


def _check_group_norm(ns, x, groups, gamma, beta, eps=None) -> None:
    args = (x, groups, gamma, beta) if eps is None else (x, groups, gamma, beta, eps)
    what = (f"group_norm(x of shape {x.shape}, {groups}, gamma, beta"
            f"{'' if eps is None else f', eps={eps}'})")
    got = as_array(ns.function("group_norm")(*args), what)
    expected = _torch_group_norm(x, groups, gamma, beta, 1e-5 if eps is None else eps)
    assert_close(got, expected, f"{what}, against nn.GroupNorm", rtol=1e-6, atol=1e-8)


@ex.test("q13", points=1)
def two_groups_of_a_sequence(ns):
    """x of shape (2, 4, 3) in 2 groups, gamma 1 and beta 0"""
    x = _rng(71).normal(3.0, 2.0, size=(2, 4, 3))
    _check_group_norm(ns, x, 2, np.ones(4), np.zeros(4))


@ex.test("q13", points=1)
def one_group_is_layer_norm_even_for_one_example(ns):
    """one group on a batch of one (1, 3, 5), with gamma and beta per channel"""
    x = _rng(72).normal(-1.0, 4.0, size=(1, 3, 5))
    _check_group_norm(ns, x, 1, np.array([0.5, 1.0, 2.0]), np.array([1.0, 0.0, -1.0]))


@ex.test("q13", points=1, hidden=True)
def feature_maps_in_three_groups(ns):
    """images (3, 6, 4, 4) in 3 groups, random gamma and beta"""
    rng = _rng(73)
    x = rng.normal(2.0, 3.0, size=(3, 6, 4, 4))
    _check_group_norm(ns, x, 3, rng.uniform(0.5, 1.5, size=6), rng.normal(size=6))


@ex.test("q13", points=1, hidden=True)
def instance_norm_and_flat_features(ns):
    """one channel per group on (2, 4, 5, 3), and 2 groups of a (5, 6) batch of vectors"""
    rng = _rng(74)
    x = rng.normal(0.0, 1.0, size=(2, 4, 5, 3)) * np.arange(1.0, 5.0)[None, :, None, None]
    _check_group_norm(ns, x, 4, rng.uniform(0.5, 1.5, size=4), rng.normal(size=4))
    x = rng.normal(1.0, 2.0, size=(5, 6))
    _check_group_norm(ns, x, 2, rng.uniform(0.5, 1.5, size=6), rng.normal(size=6))


@ex.test("q13", points=1, hidden=True)
def group_norm_with_other_eps(ns):
    """eps = 0.1 on groups of small variance, (4, 8, 3) in 4 groups"""
    rng = _rng(75)
    x = rng.normal(0.0, 0.2, size=(4, 8, 3))
    _check_group_norm(ns, x, 4, rng.uniform(0.5, 1.5, size=8), rng.normal(size=8), eps=0.1)


@ex.test("q13", points=1, hidden=True)
def group_norm_of_integers_and_one_example(ns):
    """an integer-valued x (2, 6, 5) in 3 groups, and one example of (1, 8, 2, 2) in 2"""
    rng = _rng(76)
    x = rng.integers(-5, 6, size=(2, 6, 5))
    gamma, beta = rng.uniform(0.5, 1.5, size=6), rng.normal(size=6)
    what = "group_norm(x of integers of shape (2, 6, 5), 3, gamma, beta)"
    got = as_array(ns.function("group_norm")(x, 3, gamma, beta), what)
    expected = _torch_group_norm(x.astype(float), 3, gamma, beta)
    assert_close(got, expected, f"{what}, against nn.GroupNorm", rtol=1e-6, atol=1e-8)
    x = rng.normal(1.0, 2.0, size=(1, 8, 2, 2))
    _check_group_norm(ns, x, 2, rng.uniform(0.5, 1.5, size=8), rng.normal(size=8))


# --- q14: gradient clipping by norm (warm-up) -------------------------------------------------

ex.question("q14", "Gradient clipping by norm", bans=[
    "torch.nn.utils.clip_grad_norm_", "torch.nn.utils.clip_grad.clip_grad_norm_",
    "torch.nn.utils.clip_grad_norm", "torch.nn.utils.clip_grad.clip_grad_norm",
    # newer versions of PyTorch only (2.6 on)
    *(f"torch.nn.utils.{name}" for name in ("get_total_norm", "clip_grads_with_norm_")
      if hasattr(nn.utils, name)),
], hints=[
    "The total norm is over all arrays together: sqrt of the sum of every squared entry of "
    "every gradient.",
    "If it exceeds max_norm, multiply every gradient by the same factor max_norm / total_norm; "
    "otherwise leave them as they are.",
    "Return the list of (possibly scaled) gradients and the norm measured before clipping.",
])


def _clip(ns, grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    what = f"clip_by_norm(<{len(grads)} arrays>, {max_norm})"
    result = ns.function("clip_by_norm")([g.copy() for g in grads], max_norm)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return (clipped_grads, total_norm)")
    clipped, norm = result
    if not isinstance(clipped, (list, tuple)) or len(clipped) != len(grads):
        raise AssertionError(f"{what}: clipped_grads should be a list of {len(grads)} arrays")
    return [as_array(c, what) for c in clipped], as_number(norm, f"{what}: total_norm")


def _torch_clip(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    params = [nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g)
    norm = nn.utils.clip_grad_norm_(params, max_norm)
    return [p.grad.numpy() for p in params], float(norm)


@ex.test("q14", points=0.5)
def clipping_a_large_gradient(ns):
    """two arrays of total norm 13, clipped to norm 1: one common factor 1/13"""
    grads = [np.array([3.0, 4.0]), np.array([[12.0]])]
    clipped, norm = _clip(ns, grads, 1.0)
    assert_close(norm, 13.0, "total_norm (measured before clipping)")
    for k, (c, g) in enumerate(zip(clipped, grads)):
        assert_close(c, g / 13.0, f"clipped gradient {k + 1}", rtol=1e-6, atol=1e-8)


@ex.test("q14", points=0.5)
def small_gradients_are_left_alone(ns):
    """total norm 0.5 with max_norm 2: nothing changes"""
    grads = [np.array([0.3, 0.0]), np.array([0.0, -0.4])]
    clipped, norm = _clip(ns, grads, 2.0)
    assert_close(norm, 0.5, "total_norm")
    for k, (c, g) in enumerate(zip(clipped, grads)):
        assert_close(c, g, f"gradient {k + 1} (below the threshold: unchanged)")


@ex.test("q14", points=0.25, hidden=True)
def clipping_matches_torch(ns):
    """three random arrays of different shapes, as nn.utils.clip_grad_norm_"""
    rng = _rng(22)
    grads = [rng.normal(size=(5, 4)) * 3, rng.normal(size=4), rng.normal(size=(2, 3, 2))]
    for max_norm in (0.5, 5.0, 100.0):
        clipped, norm = _clip(ns, grads, max_norm)
        expected, expected_norm = _torch_clip(grads, max_norm)
        assert_close(norm, expected_norm, f"total_norm with max_norm={max_norm}")
        for k, (c, e) in enumerate(zip(clipped, expected)):
            assert_close(c, e, f"gradient {k + 1} with max_norm={max_norm}", rtol=1e-6,
                         atol=1e-9)


@ex.test("q14", points=0.25, hidden=True)
def clipping_keeps_the_direction(ns):
    """after clipping, the total norm is max_norm and every ratio between entries is kept"""
    rng = _rng(23)
    grads = [rng.normal(size=50) * 10, rng.normal(size=(10, 10)) * 0.01]
    clipped, _ = _clip(ns, grads, 3.0)
    total = math.sqrt(sum(float(np.sum(c**2)) for c in clipped))
    assert_close(total, 3.0, "the total norm after clipping", rtol=1e-5)
    flat, original = np.concatenate([c.ravel() for c in clipped]), np.concatenate(
        [g.ravel() for g in grads])
    assert_close(flat / original, np.full(original.shape, flat[0] / original[0]),
                 "clipped / original, entry by entry (one common factor)", rtol=1e-6)


@ex.test("q14", points=0.25, hidden=True)
def norm_exactly_at_the_threshold(ns):
    """total norm exactly max_norm (5 = |(3, 4)|): the gradients come back as they are"""
    grads = [np.array([3.0]), np.array([[4.0, 0.0]])]
    clipped, norm = _clip(ns, grads, 5.0)
    assert_close(norm, 5.0, "total_norm")
    for k, (c, g) in enumerate(zip(clipped, grads)):
        assert_close(c, g, f"gradient {k + 1} (a norm equal to max_norm: unchanged)")


@ex.test("q14", points=0.25, hidden=True)
def zero_gradients(ns):
    """all-zero gradients have norm 0 and come back as zeros (no 0 / 0)"""
    grads = [np.zeros((2, 3)), np.zeros(4)]
    clipped, norm = _clip(ns, grads, 1.0)
    assert_close(norm, 0.0, "total_norm of zero gradients")
    for k, (c, g) in enumerate(zip(clipped, grads)):
        assert np.all(np.isfinite(c)), f"clipped gradient {k + 1} holds nan or inf: 0 / 0"
        assert_close(c, g, f"zero gradient {k + 1}")
