"""Tests of the Chapter 4 exercises (``solutions/04_how_networks_learn.md``).

Expected values come from PyTorch itself (``torch.optim``, ``torch.optim.lr_scheduler``,
``nn.BatchNorm1d``, in 64-bit floats) or from formulas written here, independently of the
notebook. Students' functions take and return NumPy arrays.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from utils.grading.expect import as_array, as_number, assert_close, assert_integer
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch04", title="Chapter 4 exercises")


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _pair(result, what: str, names: str) -> tuple:
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


# --- q1: a momentum step -------------------------------------------------------------------

ex.question("q1", "A momentum step", hints=[
    "PyTorch's form: first the velocity, v = momentum * v + grad; then the parameter, "
    "param - lr * v, with the *new* velocity.",
    "There is no (1 - momentum) factor in this form: that is the exponentially weighted "
    "version, which needs a different learning rate.",
    "Return both new arrays, (param, velocity), as a tuple.",
])


def _momentum_run(ns, start, grads, lr, momentum) -> list[np.ndarray]:
    step = ns.function("momentum_step")
    param, velocity, after = start.copy(), np.zeros_like(start), []
    for k, g in enumerate(grads):
        what = f"momentum_step at step {k + 1}"
        param, velocity = _pair(step(param, g, velocity, lr, momentum), what,
                                "param, velocity")
        after.append(param)
    return after


@ex.test("q1", points=1)
def first_momentum_step(ns):
    """from zero velocity: v = grad and param - lr * grad"""
    param, grad = np.array([1.0, -2.0]), np.array([0.5, 4.0])
    result = ns.function("momentum_step")(param, grad, np.zeros(2), 0.1, 0.9)
    new_param, new_velocity = _pair(result, "momentum_step([1, -2], [0.5, 4], 0, 0.1, 0.9)",
                                    "param, velocity")
    assert_close(new_velocity, grad, "the velocity after one step from v = 0")
    assert_close(new_param, [0.95, -2.4], "the parameter after one step")


@ex.test("q1", points=1)
def three_momentum_steps(ns):
    """three steps with a constant gradient: steps 1, 1.9 and 2.71 times lr * grad"""
    grads = [np.array([1.0])] * 3
    after = _momentum_run(ns, np.array([0.0]), grads, lr=0.1, momentum=0.9)
    assert_close(after[-1], [-(0.1 + 0.19 + 0.271)], "the parameter after three steps")


@ex.test("q1", points=1, hidden=True)
def momentum_matches_torch_sgd(ns):
    """30 steps with random gradients match torch.optim.SGD(momentum=0.8)"""
    rng = _rng(4)
    start, grads = rng.normal(size=(3, 4)), list(rng.normal(size=(30, 3, 4)))
    expected = _torch_steps(torch.optim.SGD, start, grads, lr=0.05, momentum=0.8)
    got = _momentum_run(ns, start, grads, lr=0.05, momentum=0.8)
    assert_close(got[-1], expected[-1], "the parameters after 30 steps, against torch.optim.SGD")


@ex.test("q1", points=1, hidden=True)
def momentum_zero_is_plain_sgd(ns):
    """momentum = 0 gives plain gradient descent"""
    rng = _rng(5)
    start, grads = rng.normal(size=5), list(rng.normal(size=(4, 5)))
    got = _momentum_run(ns, start, grads, lr=0.3, momentum=0.0)
    assert_close(got[-1], start - 0.3 * np.sum(grads, axis=0), "four steps with momentum 0")


# --- q2: Adam with bias correction ---------------------------------------------------------

ex.question("q2", "An Adam step", hints=[
    "m = beta1 * m + (1 - beta1) * grad and v = beta2 * v + (1 - beta2) * grad**2, both "
    "elementwise.",
    "Bias correction: m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t), with t the "
    "number of this step, starting at 1.",
    "The step is lr * m_hat / (np.sqrt(v_hat) + eps): eps is added after the square root.",
])


def _adam_run(ns, func: str, start, grads, **settings) -> list[np.ndarray]:
    step = ns.function(func)
    param, m, v, after = start.copy(), np.zeros_like(start), np.zeros_like(start), []
    for t, g in enumerate(grads, start=1):
        param, m, v = _pair(step(param, g, m, v, t, **settings), f"{func} at step t = {t}",
                            "param, m, v")
        after.append(param)
    return after


@ex.test("q2", points=1)
def first_adam_step_has_length_lr(ns):
    """the first step is lr in every coordinate, whatever the gradient's size"""
    start, grad = np.array([1.0, 1.0, 1.0]), np.array([100.0, -0.01, 3.0])
    after = _adam_run(ns, "adam_step", start, [grad], lr=0.1)
    assert_close(after[0], start - 0.1 * np.sign(grad), "the parameter after the first step",
                 rtol=1e-6, atol=1e-7)


@ex.test("q2", points=1)
def adam_matches_torch_for_fifty_steps(ns):
    """50 steps with random gradients match torch.optim.Adam"""
    rng = _rng(6)
    start, grads = rng.normal(size=4), list(rng.normal(size=(50, 4)))
    expected = _torch_steps(torch.optim.Adam, start, grads, lr=0.01)
    got = _adam_run(ns, "adam_step", start, grads, lr=0.01)
    for t in (1, 2, 10, 50):
        assert_close(got[t - 1], expected[t - 1], f"the parameters after step {t}, against "
                     "torch.optim.Adam")


@ex.test("q2", points=1, hidden=True)
def adam_with_other_betas(ns):
    """50 steps with betas (0.8, 0.99), lr 0.003, on a matrix"""
    rng = _rng(7)
    start, grads = rng.normal(size=(3, 2)), list(rng.normal(size=(50, 3, 2)) * 5)
    expected = _torch_steps(torch.optim.Adam, start, grads, lr=0.003, betas=(0.8, 0.99))
    got = _adam_run(ns, "adam_step", start, grads, lr=0.003, beta1=0.8, beta2=0.99)
    assert_close(got[-1], expected[-1], "50 steps with beta1=0.8, beta2=0.99")


@ex.test("q2", points=1, hidden=True)
def adam_with_tiny_gradients_and_large_eps(ns):
    """gradients of size 1e-6 and eps = 1e-4: eps matters"""
    rng = _rng(8)
    start, grads = rng.normal(size=3), list(rng.normal(size=(10, 3)) * 1e-6)
    expected = _torch_steps(torch.optim.Adam, start, grads, lr=0.1, eps=1e-4)
    got = _adam_run(ns, "adam_step", start, grads, lr=0.1, eps=1e-4)
    assert_close(got[-1], expected[-1], "10 steps with eps=1e-4", rtol=1e-9, atol=1e-12)


# --- q3: AdamW ------------------------------------------------------------------------------

ex.question("q3", "AdamW's decoupled weight decay", hints=[
    "Decoupled: shrink the parameter first, param * (1 - lr * weight_decay), and leave the "
    "gradient alone.",
    "Then take exactly the Adam step of question 2 with the unchanged gradient; you may call "
    "adam_step.",
    "Adding weight_decay * param to the gradient is torch.optim.Adam's L2 version, not AdamW.",
])


@ex.test("q3", points=1)
def adamw_matches_torch_for_fifty_steps(ns):
    """50 steps, weight decay 0.1, match torch.optim.AdamW"""
    rng = _rng(9)
    start, grads = rng.normal(size=4), list(rng.normal(size=(50, 4)))
    expected = _torch_steps(torch.optim.AdamW, start, grads, lr=0.01, weight_decay=0.1)
    got = _adam_run(ns, "adamw_step", start, grads, lr=0.01, weight_decay=0.1)
    assert_close(got[-1], expected[-1], "the parameters after 50 steps, against "
                 "torch.optim.AdamW")


@ex.test("q3", points=1)
def adamw_with_zero_gradient_only_decays(ns):
    """with zero gradients the parameters shrink by (1 - lr * weight_decay) per step"""
    start = np.array([2.0, -1.0])
    got = _adam_run(ns, "adamw_step", start, [np.zeros(2)] * 5, lr=0.1, weight_decay=0.5)
    assert_close(got[-1], start * 0.95**5, "5 steps with zero gradients")


@ex.test("q3", points=1, hidden=True)
def adamw_strong_decay_on_a_matrix(ns):
    """30 steps on a matrix with weight decay 2 and lr 0.05"""
    rng = _rng(10)
    start, grads = rng.normal(size=(2, 3)), list(rng.normal(size=(30, 2, 3)) * 0.1)
    expected = _torch_steps(torch.optim.AdamW, start, grads, lr=0.05, weight_decay=2.0)
    got = _adam_run(ns, "adamw_step", start, grads, lr=0.05, weight_decay=2.0)
    assert_close(got[-1], expected[-1], "30 steps with weight_decay=2")


@ex.test("q3", points=1, hidden=True)
def adamw_decays_every_weight_alike(ns):
    """large and tiny gradients: both weights decay by the same factor (unlike Adam + L2)"""
    signs = np.array([(-1.0) ** t for t in range(100)])
    grads = [s * np.array([1.0, 1e-3]) for s in signs]
    start = np.ones(2)
    expected = _torch_steps(torch.optim.AdamW, start, grads, lr=0.01, weight_decay=0.05)
    got = _adam_run(ns, "adamw_step", start, grads, lr=0.01, weight_decay=0.05)
    assert_close(got[-1], expected[-1], "100 steps with alternating gradients of size 1 and "
                 "0.001")


# --- q4: cosine schedule with warm-up -------------------------------------------------------

ex.question("q4", "Cosine schedule with warm-up", hints=[
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


@ex.test("q4", points=1)
def warmup_ramp_values(ns):
    """100 steps, 10 of warm-up, peak 1: steps 0, 4 and 9 of the ramp, with and without min_lr"""
    for step, expected in ((0, 0.1), (4, 0.5), (9, 1.0)):
        assert_close(_lr(ns, step, 100, 10, 1.0), expected, f"warmup_cosine({step}, 100, 10, 1.0)")
        assert_close(_lr(ns, step, 100, 10, 1.0, 0.2), expected,
                     f"warmup_cosine({step}, 100, 10, 1.0, 0.2) (min_lr has no part in the ramp)")


@ex.test("q4", points=1)
def cosine_part_values(ns):
    """after the warm-up: the peak, the middle and the last step, with min_lr 0 and 0.1"""
    for step in (10, 55, 99):
        assert_close(_lr(ns, step, 100, 10, 1.0), _schedule(step, 100, 10, 1.0, 0.0),
                     f"warmup_cosine({step}, 100, 10, 1.0)")
        assert_close(_lr(ns, step, 100, 10, 1.0, 0.1), _schedule(step, 100, 10, 1.0, 0.1),
                     f"warmup_cosine({step}, 100, 10, 1.0, 0.1)")


@ex.test("q4", points=1, hidden=True)
def schedule_matches_torch_schedulers(ns):
    """every step of a 300-step schedule equals LinearLR then CosineAnnealingLR(eta_min)"""
    total, warmup, peak, low = 300, 25, 0.4, 0.01
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=peak)
    sched = torch.optim.lr_scheduler
    scheduler = sched.SequentialLR(optimizer, [
        sched.LinearLR(optimizer, start_factor=1 / warmup, total_iters=warmup - 1),
        sched.CosineAnnealingLR(optimizer, T_max=total - warmup, eta_min=low)],
        milestones=[warmup])
    for step in range(total):
        expected = optimizer.param_groups[0]["lr"]
        assert_close(_lr(ns, step, total, warmup, peak, low), expected,
                     f"warmup_cosine({step}, {total}, {warmup}, {peak}, {low})")
        optimizer.step()
        scheduler.step()


@ex.test("q4", points=1, hidden=True)
def schedule_without_warmup_is_cosine(ns):
    """warmup_steps = 0: a plain cosine from the peak, with min_lr"""
    for step in (0, 7, 20, 39):
        assert_close(_lr(ns, step, 40, 0, 0.2, 0.02), _schedule(step, 40, 0, 0.2, 0.02),
                     f"warmup_cosine({step}, 40, 0, 0.2, 0.02)")


# --- q5: inverted dropout --------------------------------------------------------------------

ex.question("q5", "Inverted dropout", hints=[
    "In evaluation (training=False) dropout does nothing: return x as it is.",
    "p is the probability to DROP: keep an entry where rng.random(x.shape) >= p.",
    "Scale the kept entries by 1 / (1 - p), so that the expected value is unchanged.",
])


def _dropout(ns, x, p, training, seed):
    what = f"dropout(x, p={p}, training={training}, rng)"
    return as_array(ns.function("dropout")(x, p, training, _rng(seed)), what), what


@ex.test("q5", points=1)
def dropout_in_evaluation_is_the_identity(ns):
    """training=False returns the input unchanged"""
    x = _rng(11).normal(size=(4, 5))
    got, what = _dropout(ns, x, 0.3, False, 0)
    assert_close(got, x, what)


@ex.test("q5", points=1)
def dropout_zeros_a_fraction_p_and_scales_the_rest(ns):
    """p = 0.2 on 100,000 entries: about 20 % zeros, the rest x / 0.8"""
    x = _rng(12).uniform(1.0, 2.0, size=(100, 1000))
    got, what = _dropout(ns, x, 0.2, True, 1)
    if got.shape != x.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {x.shape}")
    dropped = np.mean(got == 0)
    assert abs(dropped - 0.2) < 0.01, f"{what} zeroed {dropped:.1%} of the entries, expected 20%"
    kept = got != 0
    assert_close(got[kept], x[kept] / 0.8, f"{what}: the entries that were kept")


@ex.test("q5", points=1, hidden=True)
def dropout_preserves_the_mean(ns):
    """p = 0.7: the mean over a million entries stays the same (within 1 %)"""
    x = _rng(13).uniform(0.5, 1.5, size=(1000, 1000))
    got, what = _dropout(ns, x, 0.7, True, 2)
    ratio = got.mean() / x.mean()
    assert abs(ratio - 1) < 0.01, (f"{what}: the mean changed by a factor {ratio:.3f}; "
                                   "inverted dropout keeps it")
    assert abs(np.mean(got == 0) - 0.7) < 0.01, f"{what}: about 70% should be zero"


@ex.test("q5", points=1, hidden=True)
def dropout_uses_the_generator(ns):
    """the same seed gives the same mask, another seed another; p = 0 keeps everything"""
    x = _rng(14).uniform(1.0, 2.0, size=(50, 40))
    first, what = _dropout(ns, x, 0.3, True, 5)
    again, _ = _dropout(ns, x, 0.3, True, 5)
    other, _ = _dropout(ns, x, 0.3, True, 6)
    assert np.array_equal(first, again), f"{what}: draw the mask with the rng you are given"
    assert not np.array_equal(first, other), f"{what}: two seeds gave the same mask"
    none_dropped, _ = _dropout(ns, x, 0.0, True, 7)
    assert_close(none_dropped, x, "dropout(x, p=0.0, training=True, rng)")


# --- q6: batch norm in both modes -----------------------------------------------------------

ex.question("q6", "Batch norm, training and evaluation", hints=[
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
        what = f"batch_norm(batch {k + 1}, training={training})"
        y, running_mean, running_var = _pair(
            func(x, gamma, beta, running_mean, running_var, training, momentum), what,
            "y, running_mean, running_var")
        outputs.append(y)
    return outputs, running_mean, running_var


def _batches(seed: int, count: int, n: int, features: int) -> list[np.ndarray]:
    rng = _rng(seed)
    return [rng.normal(3.0, 2.0, size=(n, features)) for _ in range(count)]


@ex.test("q6", points=1)
def batch_norm_training_output(ns):
    """one training batch: each feature has mean beta and std gamma afterwards"""
    x = _batches(15, 1, 32, 4)[0]
    gamma, beta = np.array([1.0, 2.0, 0.5, 1.5]), np.array([0.0, -1.0, 3.0, 0.2])
    (y,), _, _ = _student_batch_norm(ns, [x], gamma, beta, 0.1)
    expected, _, _ = _torch_batch_norm([x], gamma, beta, 0.1)
    assert_close(y, expected[0], "the output in training mode", rtol=1e-6, atol=1e-8)


@ex.test("q6", points=1)
def batch_norm_running_statistics(ns):
    """three training batches: running mean and (unbiased) variance as nn.BatchNorm1d"""
    xs = _batches(16, 3, 16, 3)
    gamma, beta = np.ones(3), np.zeros(3)
    _, mean, var = _student_batch_norm(ns, xs, gamma, beta, 0.1)
    _, expected_mean, expected_var = _torch_batch_norm(xs, gamma, beta, 0.1)
    assert_close(mean, expected_mean, "running_mean after three training batches")
    assert_close(var, expected_var, "running_var after three training batches")


@ex.test("q6", points=1, hidden=True)
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


@ex.test("q6", points=1, hidden=True)
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


# --- q7: uniform initialisation bounds --------------------------------------------------------

ex.question("q7", "Uniform initialisation bounds", hints=[
    "Uniform(-a, a) has variance a**2 / 3, so a = sqrt(3 * variance).",
    "Variances: LeCun 1 / fan_in, Xavier 2 / (fan_in + fan_out), He 2 / fan_in.",
    "PyTorch's nn.Linear default is Uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)): variance "
    "1 / (3 * fan_in).",
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


@ex.test("q7", points=1)
def bounds_of_lecun_and_he(ns):
    """fan_in 100: LeCun sqrt(3/100), He sqrt(6/100)"""
    _check_bound(ns, 100, 50, "lecun")
    _check_bound(ns, 100, 50, "he")


@ex.test("q7", points=1)
def bound_of_pytorch_default(ns):
    """nn.Linear(400, 100)'s default weights fill Uniform(±1/sqrt(400))"""
    torch.manual_seed(0)
    W = nn.Linear(400, 100).weight.detach()
    _sampled_bound(W, _bound(ns, 400, 100, "pytorch"), "uniform_bound(400, 100, 'pytorch')")


@ex.test("q7", points=1, hidden=True)
def bounds_match_torch_init(ns):
    """xavier_uniform_ and kaiming_uniform_(nonlinearity='relu') on a 300 x 200 matrix"""
    torch.manual_seed(1)
    W = nn.init.xavier_uniform_(torch.empty(300, 200))
    _sampled_bound(W, _bound(ns, 200, 300, "xavier"), "uniform_bound(200, 300, 'xavier')")
    W = nn.init.kaiming_uniform_(torch.empty(300, 200), nonlinearity="relu")
    _sampled_bound(W, _bound(ns, 200, 300, "he"), "uniform_bound(200, 300, 'he')")


@ex.test("q7", points=1, hidden=True)
def every_scheme_for_other_sizes(ns):
    """all four schemes for (fan_in, fan_out) = (64, 10), (10, 64) and (3, 3)"""
    for fan_in, fan_out in ((64, 10), (10, 64), (3, 3)):
        for scheme in _VARIANCES:
            _check_bound(ns, fan_in, fan_out, scheme)


# --- q8: early stopping ----------------------------------------------------------------------

ex.question("q8", "Early stopping with patience", hints=[
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


def _check_stopping(ns, losses, patience, min_delta=None) -> None:
    args = (losses, patience) if min_delta is None else (losses, patience, min_delta)
    what = f"early_stopping({', '.join(repr(a) for a in args)})"
    if len(what) > 90:
        what = f"early_stopping(<{len(losses)} losses>, {', '.join(repr(a) for a in args[1:])})"
    result = ns.function("early_stopping")(*args)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return (stop_epoch, best_epoch), got {result!r}")
    expected = _stopping(losses, patience, 0.0 if min_delta is None else min_delta)
    assert_integer(result[0], expected[0], f"{what}: stop_epoch")
    assert_integer(result[1], expected[1], f"{what}: best_epoch")


@ex.test("q8", points=1)
def stops_after_patience_epochs_without_progress(ns):
    """best at epoch 3, patience 2: stops at epoch 5; a loss equal to the best is no improvement"""
    _check_stopping(ns, [1.0, 0.8, 0.7, 0.75, 0.72, 0.6], patience=2)
    _check_stopping(ns, [1.0, 0.8, 0.8, 0.9, 0.95], patience=2)


@ex.test("q8", points=1)
def never_stops_when_improving(ns):
    """a loss that keeps falling: stop at the last epoch, best there too"""
    _check_stopping(ns, [0.9, 0.8, 0.7, 0.6], patience=2)


@ex.test("q8", points=1, hidden=True)
def counter_resets_on_a_new_best(ns):
    """a new best after a plateau resets the count: non-consecutive bad epochs do not add up"""
    _check_stopping(ns, [1.0, 1.1, 1.2, 0.9, 1.0, 1.05, 0.85, 0.9, 0.95, 0.97], patience=3)
    _check_stopping(ns, [0.5, 0.6, 0.4, 0.45, 0.3, 0.35, 0.2, 0.25], patience=2)


@ex.test("q8", points=1, hidden=True)
def min_delta_and_a_noisy_curve(ns):
    """min_delta = 0.01 ignores tiny gains; a noisy 60-epoch curve with patience 5"""
    _check_stopping(ns, [1.0, 0.995, 0.99, 0.989, 0.95, 0.949, 0.948], patience=3,
                    min_delta=0.01)
    rng = _rng(21)
    epochs = np.arange(1, 61)
    curve = 1.5 * np.exp(-epochs / 6) + 0.001 * epochs**1.5 + rng.normal(0, 0.02, size=60)
    _check_stopping(ns, [float(v) for v in curve], patience=5)
    _check_stopping(ns, curve, patience=5, min_delta=0.005)  # a NumPy array this time


# --- q9: gradient clipping by norm ----------------------------------------------------------

ex.question("q9", "Gradient clipping by norm", hints=[
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


@ex.test("q9", points=1)
def clipping_a_large_gradient(ns):
    """two arrays of total norm 13, clipped to norm 1: one common factor 1/13"""
    grads = [np.array([3.0, 4.0]), np.array([[12.0]])]
    clipped, norm = _clip(ns, grads, 1.0)
    assert_close(norm, 13.0, "total_norm (measured before clipping)")
    for k, (c, g) in enumerate(zip(clipped, grads)):
        assert_close(c, g / 13.0, f"clipped gradient {k + 1}", rtol=1e-6, atol=1e-8)


@ex.test("q9", points=1)
def small_gradients_are_left_alone(ns):
    """total norm 0.5 with max_norm 2: nothing changes"""
    grads = [np.array([0.3, 0.0]), np.array([0.0, -0.4])]
    clipped, norm = _clip(ns, grads, 2.0)
    assert_close(norm, 0.5, "total_norm")
    for k, (c, g) in enumerate(zip(clipped, grads)):
        assert_close(c, g, f"gradient {k + 1} (below the threshold: unchanged)")


@ex.test("q9", points=1, hidden=True)
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


@ex.test("q9", points=1, hidden=True)
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
