"""Tests of the Chapter 7 exercises (``solutions/07_rnn.md``).

Expected values come from PyTorch, here in the grader: ``nn.RNNCell`` and ``nn.RNN`` with
copied weights, autograd for backpropagation through time, ``nn.GRUCell`` and ``nn.GRU``;
or from formulas written here (windows, top-k probabilities, bits per character). The
sampling question is judged on frequencies over thousands of draws, never on the draws
themselves, so that any correct way of drawing (``torch.multinomial``, an inverse CDF with
``torch.rand``, the Gumbel trick) passes; the same generator seed must give the same draws.

Questions 1 and 2 redo the chapter's recurrent step and its unrolling (warm-ups); 3 to 8
carry its ideas to cases it did not code: backpropagation through time by hand,
multi-step forecasting windows, top-k sampling, bits per character of a padded batch, a
GRU cell and the reversal of padded sequences.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from utils.grading.expect import as_array, as_number, assert_close
from utils.grading.namespace import Rng
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch07", title="Chapter 7 exercises")

# Autograd, in every form that could compute a gradient for the student.
AUTOGRAD_BANS = [
    "torch.Tensor.backward", "torch.autograd.backward", "torch.autograd.grad",
    *(f"torch.autograd.functional.{name}" for name in ("vjp", "jvp", "jacobian", "vhp")),
    *(f"torch.func.{name}" for name in ("grad", "grad_and_value", "vjp", "jvp", "jacrev",
                                        "jacfwd")),
]


def _existing(names: list[str]) -> list[str]:
    """The names among ``names`` that this version of PyTorch has."""
    found = []
    for name in names:
        owner = torch
        for part in name.split(".")[1:]:
            owner = getattr(owner, part, None)
        if owner is not None:
            found.append(name)
    return found


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _rnn_weights(rng, n_in: int, n_hidden: int, scale: float = 1.0) -> tuple:
    """W_xh (input, hidden), W_hh (hidden, hidden), b (hidden,), of moderate size."""
    W_xh = rng.normal(size=(n_in, n_hidden)) * scale / math.sqrt(n_in)
    W_hh = rng.normal(size=(n_hidden, n_hidden)) * scale / math.sqrt(n_hidden)
    return W_xh, W_hh, rng.normal(size=n_hidden) * 0.5


# The tests' own answers to questions 1 and 2, bound in the notebook while later questions
# run, so that an answer that calls them is not marked down twice.
def _rnn_step(x, h, W_xh, W_hh, b):
    return np.tanh(x @ W_xh + h @ W_hh + b)


def _rnn_forward(xs, h0, W_xh, W_hh, b):
    h, states = h0, []
    for t in range(xs.shape[1]):
        h = np.tanh(xs[:, t] @ W_xh + h @ W_hh + b)
        states.append(h)
    return np.stack(states, axis=1)


def _torch_rnn(xs, h0, W_xh, W_hh, b) -> np.ndarray:
    """The states of nn.RNN given the same weights: W_xh transposed, b as one of its biases."""
    rnn = nn.RNN(W_xh.shape[0], W_xh.shape[1], batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh.T))
        rnn.weight_hh_l0.copy_(torch.tensor(W_hh.T))
        rnn.bias_ih_l0.copy_(torch.tensor(b))
        rnn.bias_hh_l0.zero_()
        states, _ = rnn(torch.tensor(xs, dtype=torch.float64),
                        torch.tensor(h0, dtype=torch.float64)[None])
    return states.numpy()


# --- q1: one step --------------------------------------------------------------------------

ex.question("q1", "One step of a recurrent network", hints=[
    "With one example per row, x @ W_xh has shape (batch, hidden): the input's features "
    "meet the first axis of W_xh.",
    "The previous state enters the same way, h @ W_hh; add b (broadcast over the rows) and "
    "apply np.tanh.",
])


# Questions 1 and 2 allow float32 rounding even for float64 inputs: the formula computed in
# float32 (torch.Tensor, say) is right; every wrong answer recorded is off by far more.
def _check_step(ns, x, h, W_xh, W_hh, b, what, rtol=1e-5, atol=1e-6) -> None:
    got = as_array(ns.function("rnn_step")(x, h, W_xh, W_hh, b), what)
    expected = np.tanh(x.astype(float) @ W_xh + h @ W_hh + b)
    assert_close(got, expected, what, rtol=rtol, atol=atol)


def _check_random_step(ns, seed: int, batch: int, n_in: int, n_hidden: int) -> None:
    rng = _rng(seed)
    W_xh, W_hh, b = _rnn_weights(rng, n_in, n_hidden)
    x, h = rng.normal(size=(batch, n_in)), rng.normal(size=(batch, n_hidden))
    _check_step(ns, x, h, W_xh, W_hh, b, f"rnn_step(x {x.shape}, h {h.shape}, W_xh "
                f"{W_xh.shape}, W_hh {W_hh.shape}, b {b.shape})")


@ex.test("q1", points=0.5)
def step_of_a_small_batch(ns):
    """2 examples, 3 inputs, 4 hidden units: tanh(x @ W_xh + h @ W_hh + b)"""
    _check_random_step(ns, 1, 2, 3, 4)


@ex.test("q1", points=0.5)
def step_of_one_example(ns):
    """a batch of one, 5 inputs and 2 hidden units: the shapes are not square"""
    _check_random_step(ns, 2, 1, 5, 2)


@ex.test("q1", points=0.5, hidden=True)
def step_matches_rnn_cell(ns):
    """against nn.RNNCell given the same weights (transposed), 6 examples, 3 -> 7"""
    rng = _rng(3)
    W_xh, W_hh, b = _rnn_weights(rng, 3, 7, scale=2.0)
    x, h = rng.normal(size=(6, 3)), rng.normal(size=(6, 7))
    cell = nn.RNNCell(3, 7, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.copy_(torch.tensor(W_xh.T))
        cell.weight_hh.copy_(torch.tensor(W_hh.T))
        cell.bias_ih.copy_(torch.tensor(b) / 2)
        cell.bias_hh.copy_(torch.tensor(b) / 2)
        expected = cell(torch.tensor(x), torch.tensor(h)).numpy()
    got = ns.function("rnn_step")(x, h, W_xh, W_hh, b)
    assert_close(as_array(got, "rnn_step(...)"), expected, "rnn_step(x (6, 3), h (6, 7), "
                 "...), against nn.RNNCell", rtol=1e-5, atol=1e-6)


@ex.test("q1", points=0.5, hidden=True)
def step_of_float32_arrays(ns):
    """float32 arrays, 4 examples, 8 inputs, 3 hidden units"""
    rng = _rng(4)
    W_xh, W_hh, b = (a.astype(np.float32) for a in _rnn_weights(rng, 8, 3))
    x, h = rng.normal(size=(4, 8)).astype(np.float32), rng.normal(size=(4, 3)).astype(np.float32)
    _check_step(ns, x, h, W_xh, W_hh, b, "rnn_step(float32 arrays, 8 -> 3)", rtol=1e-5,
                atol=1e-6)


# --- q2: a whole sequence ---------------------------------------------------------------------

ex.question("q2", "A whole sequence", hints=[
    "Loop over time: xs[:, t] is the input of step t for the whole batch, shape "
    "(batch, input).",
    "Each step starts from the state the previous one returned (h0 for the first), and "
    "every new state is kept.",
    "np.stack(states, axis=1) puts the time axis second: (batch, time, hidden).",
])


def _check_forward(ns, xs, h0, W_xh, W_hh, b, what, rtol=1e-5, atol=1e-6) -> None:
    got = as_array(ns.function("rnn_forward", replace={"rnn_step": _rnn_step})(
        xs, h0, W_xh, W_hh, b), what)
    expected = _torch_rnn(xs, h0, W_xh, W_hh, b)
    if got.shape != expected.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {expected.shape}: "
                             "(batch, time, hidden), one state per step, without h0")
    assert_close(got, expected, what, rtol=rtol, atol=atol)


def _sequence_case(seed: int, batch: int, time: int, n_in: int, n_hidden: int,
                   scale: float = 1.0) -> tuple:
    """(xs, h0, W_xh, W_hh, b): random sequences and weights of the given sizes."""
    rng = _rng(seed)
    W_xh, W_hh, b = _rnn_weights(rng, n_in, n_hidden, scale)
    return (rng.normal(size=(batch, time, n_in)), rng.normal(size=(batch, n_hidden)),
            W_xh, W_hh, b)


@ex.test("q2", points=1)
def states_of_a_small_batch(ns):
    """2 sequences of 5 steps, 3 inputs, 4 hidden units: every state, in order"""
    _check_forward(ns, *_sequence_case(11, 2, 5, 3, 4),
                   "rnn_forward(xs (2, 5, 3), h0 (2, 4), ...)")


@ex.test("q2", points=0.5)
def states_of_one_step(ns):
    """one step: shape (batch, 1, hidden), the state rnn_step gives"""
    _check_forward(ns, *_sequence_case(12, 4, 1, 2, 3),
                   "rnn_forward(xs (4, 1, 2), h0 (4, 3), ...)")


@ex.test("q2", points=1, hidden=True)
def states_match_torch_rnn(ns):
    """3 sequences of 7 steps, 2 inputs, 6 hidden units, large weights, against nn.RNN"""
    _check_forward(ns, *_sequence_case(13, 3, 7, 2, 6, scale=2.5),
                   "rnn_forward(xs (3, 7, 2), h0 (3, 6), ...), against nn.RNN")


@ex.test("q2", points=0.5, hidden=True)
def states_of_a_long_float32_sequence(ns):
    """one sequence of 30 steps in float32, 4 inputs, 5 hidden units, h0 = 0"""
    xs, h0, W_xh, W_hh, b = (a.astype(np.float32) for a in _sequence_case(14, 1, 30, 4, 5))
    _check_forward(ns, xs, np.zeros_like(h0), W_xh, W_hh, b,
                   "rnn_forward(xs (1, 30, 4) float32, h0 = 0, ...)", rtol=1e-4, atol=1e-5)


# --- q3: backpropagation through time ---------------------------------------------------------

ex.question("q3", "Backpropagation through time, by hand", transfer=True,
            bans=_existing(AUTOGRAD_BANS), hints=[
    "Run the forward pass first and keep every state. Then go backwards, t = T-1 down to 0, "
    "carrying dh: the gradient that flows into the state from the later steps (zero after "
    "the last one).",
    "At step t the state's whole gradient is dh + grad_hs[:, t]. Through the tanh, "
    "da = that * (1 - hs[:, t] ** 2), the gradient of x_t @ W_xh + h_prev @ W_hh + b.",
    "From da: d_xs[:, t] = da @ W_xh.T, and the state before it receives da @ W_hh.T (the "
    "next dh; after step 0 it is d_h0). The weights are shared by every step: add "
    "x_t.T @ da, h_prev.T @ da and da summed over the batch to their gradients at each "
    "step.",
])

NAMES = ("d_xs", "d_h0", "d_W_xh", "d_W_hh", "d_b")


def _bptt(xs, h0, W_xh, W_hh, b, grad_hs) -> list[np.ndarray]:
    """The gradients of (grad_hs * states).sum(), by autograd in float64."""
    leaves = [torch.tensor(np.asarray(a, dtype=float), requires_grad=True)
              for a in (xs, h0, W_xh, W_hh, b)]
    xs_t, h, W_xh_t, W_hh_t, b_t = leaves
    states = []
    with torch.enable_grad():
        for t in range(xs.shape[1]):
            h = torch.tanh(xs_t[:, t] @ W_xh_t + h @ W_hh_t + b_t)
            states.append(h)
        (torch.stack(states, dim=1) * torch.tensor(grad_hs, dtype=torch.float64)).sum().backward()
    return [leaf.grad.numpy() for leaf in leaves]


def _check_bptt(ns, xs, h0, W_xh, W_hh, b, grad_hs, what, rtol=1e-6, atol=1e-9) -> None:
    result = ns.function("rnn_backward", replace={"rnn_step": _rnn_step,
                                                  "rnn_forward": _rnn_forward})(
        xs, h0, W_xh, W_hh, b, grad_hs)
    if not isinstance(result, (tuple, list)) or len(result) != 5:
        raise AssertionError(f"{what} should return a tuple of five gradients "
                             "(d_xs, d_h0, d_W_xh, d_W_hh, d_b)")
    expected = _bptt(xs, h0, W_xh, W_hh, b, grad_hs)
    for name, got, want in zip(NAMES, result, expected):
        got = as_array(got, f"{what}: {name}")
        if got.shape != want.shape:
            raise AssertionError(f"{what}: {name} has shape {got.shape}, expected "
                                 f"{want.shape} (the shape of {name[2:]})")
    wrong = []
    for name, got, want in zip(NAMES, result, expected):
        try:
            assert_close(as_array(got, name), want, f"{name}", rtol=rtol, atol=atol)
        except AssertionError as error:
            wrong.append((name, str(error)))
    if wrong:
        names = [name for name, _ in wrong]
        right = [name for name in NAMES if name not in names]
        verb = "differs" if len(names) == 1 else "differ"
        raise AssertionError(f"{what}: {', '.join(names)} {verb} from autograd's "
                             f"(right: {', '.join(right) or 'none'}). {wrong[0][1]}")


def _bptt_case(seed: int, batch: int, time: int, n_in: int, n_hidden: int,
               scale: float = 1.0) -> tuple:
    """(xs, h0, W_xh, W_hh, b, grad_hs): a loss that reads every state."""
    grad_hs = _rng(seed + 100).normal(size=(batch, time, n_hidden))
    return (*_sequence_case(seed, batch, time, n_in, n_hidden, scale), grad_hs)


@ex.test("q3", points=1)
def gradients_of_one_step(ns):
    """one step (time 1), 3 examples, 2 inputs, 4 hidden units: the five gradients"""
    _check_bptt(ns, *_bptt_case(21, 3, 1, 2, 4), "rnn_backward(one step)")


@ex.test("q3", points=1.5)
def gradients_of_four_steps(ns):
    """2 sequences of 4 steps, 3 inputs, 5 hidden units, a loss at every step"""
    _check_bptt(ns, *_bptt_case(22, 2, 4, 3, 5), "rnn_backward(xs (2, 4, 3), ...)")


@ex.test("q3", points=1.5, hidden=True)
def gradients_of_a_loss_on_the_last_state(ns):
    """many-to-one: the loss reads only the last of 8 states; the gradient flows back"""
    xs, h0, W_xh, W_hh, b, grad_hs = _bptt_case(23, 3, 8, 2, 4, scale=1.5)
    grad_hs[:, :-1] = 0
    _check_bptt(ns, xs, h0, W_xh, W_hh, b, grad_hs,
                "rnn_backward(xs (3, 8, 2), ..., grad_hs zero but at the last step)")


@ex.test("q3", points=1, hidden=True)
def gradients_of_a_long_saturated_sequence(ns):
    """a batch of one, 12 steps, large weights (saturated tanh), 1 input, 3 hidden units"""
    _check_bptt(ns, *_bptt_case(24, 1, 12, 1, 3, scale=3.0),
                "rnn_backward(xs (1, 12, 1), large weights, ...)")


@ex.test("q3", points=1, hidden=True)
def gradients_of_float32_arrays(ns):
    """float32 arrays, 5 inputs, 2 hidden units, 6 steps"""
    case = [a.astype(np.float32) for a in _bptt_case(25, 4, 6, 5, 2)]
    _check_bptt(ns, *case, "rnn_backward(float32 arrays, xs (4, 6, 5), ...)", rtol=1e-4,
                atol=1e-5)


# --- q4: forecasting windows ------------------------------------------------------------------

ex.question("q4", "Forecasting windows, several steps ahead", transfer=True, hints=[
    "Cut the series first, train = series[:cut] and val = series[cut:], then make the "
    "samples of each part on its own: a sample never crosses the cut.",
    "A part of length m holds m - window - horizon + 1 samples (none if that is below 1): "
    "the last one ends exactly at the end of the part.",
    "Inputs series[s:s + window], targets series[s + window:s + window + horizon]: they "
    "touch but do not overlap. Check your function on np.arange(20.0), where every value is "
    "its own time step.",
])


def _windows(series: np.ndarray, window: int, horizon: int, fraction: float) -> list:
    cut = int(fraction * len(series))
    arrays = []
    for part in (series[:cut], series[cut:]):
        starts = range(max(len(part) - window - horizon + 1, 0))
        arrays.append(np.array([part[s:s + window] for s in starts]).reshape(-1, window))
        arrays.append(np.array([part[s + window:s + window + horizon]
                                for s in starts]).reshape(-1, horizon))
    return arrays


PARTS = ("X_train", "Y_train", "X_val", "Y_val")


def _check_windows(ns, series, window, horizon, fraction) -> None:
    what = (f"make_windows(<{len(series)} values>, window={window}, horizon={horizon}, "
            f"train_fraction={fraction})")
    result = ns.function("make_windows")(series, window, horizon, fraction)
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        raise AssertionError(f"{what} should return four arrays (X_train, Y_train, X_val, "
                             "Y_val)")
    expected = _windows(series, window, horizon, fraction)
    cut = int(fraction * len(series))
    for name, got, want in zip(PARTS, result, expected):
        got = as_array(got, f"{what}: {name}")
        if name.startswith("Y") and horizon == 1 and got.shape == want.shape[:1]:
            got = got[:, None]  # one target per sample, as a flat array: fair
        if got.ndim != 2 or got.shape[1:] != want.shape[1:]:
            raise AssertionError(f"{what}: {name} has shape {got.shape}, expected "
                                 f"{want.shape}")
        if len(got) != len(want):
            raise AssertionError(
                f"{what}: {name} has {len(got)} samples, expected {len(want)} (every start "
                f"that fits entirely in its part; the cut is at {cut})")
        assert_close(got, want, f"{what}: {name}", rtol=1e-12, atol=0)


@ex.test("q4", points=1)
def windows_of_twenty_time_steps(ns):
    """np.arange(20.0), window 4, horizon 2, fraction 0.5: 5 samples on each side"""
    _check_windows(ns, np.arange(20.0), 4, 2, 0.5)


@ex.test("q4", points=1)
def no_validation_sample_reaches_back(ns):
    """np.arange(30.0), window 5, horizon 3, fraction 0.6: validation starts at 18, not before"""
    series = np.arange(30.0)
    result = ns.function("make_windows")(series, 5, 3, 0.6)
    if isinstance(result, (tuple, list)) and len(result) == 4:
        train_y = as_array(result[1], "Y_train")
        val_x = as_array(result[2], "X_val")
        if train_y.size and val_x.size and val_x.min() <= train_y.max():
            raise AssertionError(
                f"make_windows(np.arange(30.0), 5, 3, 0.6): a validation sample uses time "
                f"step {val_x.min():g}, but the training targets go up to time step "
                f"{train_y.max():g}: the validation samples must start at the cut (18)")
    _check_windows(ns, series, 5, 3, 0.6)


@ex.test("q4", points=1, hidden=True)
def windows_of_a_noisy_sine(ns):
    """a noisy sine of 200 values, window 12, horizon 4, fraction 0.7"""
    rng = _rng(31)
    t = np.arange(200)
    series = np.sin(2 * np.pi * t / 25) + 0.1 * rng.normal(size=200)
    _check_windows(ns, series, 12, 4, 0.7)


@ex.test("q4", points=1, hidden=True)
def windows_one_step_ahead(ns):
    """horizon 1 (targets (n, 1), or (n,)), windows 1, 3 and 6; a cut at 31.5, rounded down"""
    series = np.cos(np.arange(43) / 3)
    _check_windows(ns, series, 6, 1, 0.35)
    _check_windows(ns, series, 1, 1, 0.35)
    # 0.75 * 42 = 31.5 exactly: rounded down the cut is 31, rounded to nearest it is 32
    _check_windows(ns, np.sin(np.arange(42) / 4), 3, 1, 0.75)


@ex.test("q4", points=1, hidden=True)
def parts_too_short_for_a_sample(ns):
    """12 values, window 4, horizon 3: fraction 0.75 leaves no validation sample, 0.25 none
    for training (zero rows of the right width)"""
    series = np.arange(12.0) * 0.5
    _check_windows(ns, series, 4, 3, 0.75)
    _check_windows(ns, series, 4, 3, 0.25)


# --- q5: top-k sampling ---------------------------------------------------------------------

ex.question("q5", "Top-k sampling", transfer=True, hints=[
    "torch.topk(scores, k, dim=-1) gives, for each row, the k largest values and their "
    "positions in the vocabulary.",
    "Softmax over those k values only (divided by the temperature first, or after: the top "
    "k are the same), draw a position among the k with torch.multinomial(probs, 1, "
    "generator=generator), and turn it back into a token id with the indices topk gave.",
    "Another way: set every logit outside the top k to float('-inf') and sample from the "
    "softmax of the whole row. Whatever you do, return a tensor of shape (batch,).",
])

LOGITS = torch.tensor([0.5, 2.0, -1.0, 1.2, 3.0, -0.3, 0.8, -2.0])  # no ties, top not first
# A frequency may miss its probability p by 6 standard errors, sqrt(p (1 - p) / n), plus
# 0.002: a correct answer fails about once in 10^8 comparisons, whatever way it draws.
SIGMAS, SLACK = 6, 0.002
# The time limits leave room for a Python loop over the rows on a busy machine (the
# hidden test with 60,000 rows takes such a loop about 4 s on a quiet one).


def _top_k_probabilities(logits: torch.Tensor, k: int, temperature: float) -> torch.Tensor:
    scaled = logits.double() / temperature
    kth = scaled.topk(k, dim=-1).values[..., -1:]
    return torch.softmax(scaled.masked_fill(scaled < kth, -math.inf), dim=-1)


def _draw(ns, logits, k, temperature, seed, what) -> np.ndarray:
    got = as_array(ns.function("sample_top_k")(logits, k, temperature, Rng(seed, "torch")),
                   what)
    if got.shape != (len(logits),):
        raise AssertionError(f"{what} returned shape {got.shape}, expected ({len(logits)},): "
                             "one token id per row")
    if got.dtype.kind == "f" and np.all(got == np.round(got)):
        got = got.astype(np.int64)
    if got.dtype.kind not in "iu":
        raise AssertionError(f"{what} returned values of type {got.dtype}; expected token "
                             "ids (integers)")
    vocab = logits.shape[1]
    if got.min() < 0 or got.max() >= vocab:
        raise AssertionError(f"{what} returned token ids from {got.min()} to {got.max()}; "
                             f"they index the vocabulary, 0 to {vocab - 1}")
    return got


def _check_frequencies(draws: np.ndarray, probs: torch.Tensor, what: str) -> None:
    """``draws`` of one row's distribution ``probs`` (vocab,): exact support, frequencies."""
    probs = probs.numpy()
    counts = np.bincount(draws, minlength=len(probs))
    outside = [int(i) for i in np.nonzero((probs == 0) & (counts > 0))[0]]
    if outside:
        raise AssertionError(f"{what}: token(s) {outside} were drawn, but they are not among "
                             "the top k and must never be")
    freq = counts / len(draws)
    allowed = SIGMAS * np.sqrt(probs * (1 - probs) / len(draws)) + SLACK
    worst = int(np.argmax(np.abs(freq - probs) / allowed))
    if abs(freq[worst] - probs[worst]) > allowed[worst]:
        raise AssertionError(
            f"{what}: token {worst} came up in {freq[worst]:.1%} of {len(draws):,} draws, "
            f"but its probability is {probs[worst]:.1%} (frequencies "
            f"{np.round(freq, 3).tolist()}, probabilities {np.round(probs, 3).tolist()})")


def _check_sampling(ns, rows: torch.Tensor, k, temperature, seed, repeats) -> None:
    what = (f"sample_top_k(<{len(rows)} rows repeated {repeats:,} times>, k={k}, "
            f"temperature={temperature}, generator)")
    draws = _draw(ns, rows.repeat(repeats, 1), k, temperature, seed, what)
    probs = _top_k_probabilities(rows, k, temperature)
    for i in range(len(rows)):
        name = what if len(rows) == 1 else f"{what}, row {i}"
        _check_frequencies(draws[i::len(rows)], probs[i], name)


@ex.test("q5", points=1, seconds=30)
def top_three_at_temperature_one(ns):
    """k = 3, T = 1, 20,000 draws: softmax frequencies over the top 3, never another token"""
    _check_sampling(ns, LOGITS[None], 3, 1.0, 0, 20_000)


@ex.test("q5", points=1, seconds=30)
def top_one_is_the_argmax(ns):
    """k = 1 picks the largest logit of each of 50 random rows, at T = 0.7 and T = 3"""
    rows = torch.randn(50, 10, generator=torch.Generator().manual_seed(41))
    for temperature in (0.7, 3.0):
        what = f"sample_top_k(<50 random rows>, k=1, temperature={temperature}, generator)"
        got = _draw(ns, rows, 1, temperature, 1, what)
        wrong = int((torch.from_numpy(got) != rows.argmax(dim=1)).sum())
        assert not wrong, f"{what}: {wrong} of 50 draws are not the row's largest logit"


@ex.test("q5", points=1, hidden=True, seconds=30)
def temperatures_below_and_above_one(ns):
    """k = 4 at T = 0.5 and T = 2; k = vocab (plain temperature sampling) at T = 1.5"""
    _check_sampling(ns, LOGITS[None], 4, 0.5, 2, 20_000)
    _check_sampling(ns, LOGITS[None], 4, 2.0, 3, 20_000)
    _check_sampling(ns, LOGITS[None], len(LOGITS), 1.5, 4, 20_000)


@ex.test("q5", points=1, hidden=True, seconds=40)
def every_row_has_its_own_distribution(ns):
    """4 different rows, each drawn 10,000 times, k = 5, T = 0.8"""
    rows = torch.stack([LOGITS, LOGITS.flip(0), LOGITS.roll(3), -LOGITS])
    _check_sampling(ns, rows, 5, 0.8, 5, 10_000)


@ex.test("q5", points=1, hidden=True, seconds=30)
def draws_come_from_the_generator(ns):
    """the same generator seed gives the same draws, another seed other draws"""
    rows = LOGITS.repeat(2_000, 1)
    what = "sample_top_k(<2,000 rows>, k=6, temperature=1.0, generator)"
    first = _draw(ns, rows, 6, 1.0, 7, what)
    again = _draw(ns, rows, 6, 1.0, 7, what)
    other = _draw(ns, rows, 6, 1.0, 8, what)
    assert np.array_equal(first, again), (
        f"{what}: two generators with the same seed gave different draws; draw only from "
        "the generator you are given (pass generator=generator), not from the global "
        "random state")
    assert not np.array_equal(first, other), (
        f"{what}: generators with seeds 7 and 8 gave the same draws: use the generator you "
        "are given, not one of your own")


# --- q6: bits per character -----------------------------------------------------------------

ex.question("q6", "Bits per character of a padded batch", transfer=True, hints=[
    "Only the real positions count: losses[mask] picks them, as a flat array.",
    "Every real character weighs the same: add up their losses and divide by how many there "
    "are, over the whole batch (not sequence by sequence).",
    "One nat is 1 / ln 2 bits. The perplexity is exp(mean loss in nats), which is also "
    "2 ** bits per character.",
])


def _check_bpc(ns, losses, mask, what) -> None:
    result = ns.function("bits_per_char")(losses, mask)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return two numbers, (bpc, perplexity)")
    nats = losses[mask].sum() / mask.sum()
    assert_close(as_number(result[0], f"{what}[0]"), nats / math.log(2),
                 f"the bits per character, {what}[0],", rtol=1e-6)
    assert_close(as_number(result[1], f"{what}[1]"), math.exp(nats),
                 f"the perplexity, {what}[1],", rtol=1e-6)


def _padded_losses(seed: int, lengths: list[int], time: int) -> tuple:
    """Losses in nats at every position, padding included (larger there), and the mask."""
    rng = _rng(seed)
    mask = np.arange(time)[None, :] < np.array(lengths)[:, None]
    losses = np.where(mask, rng.uniform(0.5, 3.0, size=mask.shape),
                      rng.uniform(4.0, 8.0, size=mask.shape))
    return losses, mask


@ex.test("q6", points=1)
def bpc_of_two_sequences(ns):
    """lengths 4 and 1 padded to 4: 5 real characters, mean 1.4 nats"""
    losses = np.array([[1.0, 1.0, 1.0, 1.0], [3.0, 9.0, 9.0, 9.0]])
    mask = np.array([[True, True, True, True], [True, False, False, False]])
    _check_bpc(ns, losses, mask, "bits_per_char(losses (2, 4), mask)")


@ex.test("q6", points=0.5)
def bpc_without_padding(ns):
    """no padding: the mean loss / ln 2 bits, and its perplexity"""
    losses, mask = _padded_losses(51, [6, 6, 6], 6)
    _check_bpc(ns, losses, mask, "bits_per_char(losses (3, 6), all True)")


@ex.test("q6", points=1, hidden=True)
def bpc_of_sequences_of_many_lengths(ns):
    """6 sequences of lengths 1 to 40, padded to 40 with large losses"""
    losses, mask = _padded_losses(52, [40, 1, 17, 3, 28, 9], 40)
    _check_bpc(ns, losses, mask, "bits_per_char(losses (6, 40), mask)")


@ex.test("q6", points=0.5, hidden=True)
def bpc_with_an_empty_sequence(ns):
    """one sequence has no real character at all: it counts for nothing"""
    losses, mask = _padded_losses(53, [5, 0, 2], 5)
    _check_bpc(ns, losses, mask, "bits_per_char(losses (3, 5), lengths 5, 0 and 2)")


# --- q7: a GRU cell -------------------------------------------------------------------------

GRU_BANS = ["torch.nn.GRUCell.forward", "torch.nn.GRU.forward",
            *_existing(["torch.gru_cell", "torch.gru", "torch._VF.gru_cell", "torch._VF.gru"])]

ex.question("q7", "A GRU cell", transfer=True, bans=GRU_BANS, hints=[
    "x @ params['weight_ih'].T + params['bias_ih'] gives the input's part of all three "
    "(batch, 3 * hidden); .chunk(3, dim=1) splits it into r, z and n parts, in that order. "
    "Do the same for h with weight_hh and bias_hh.",
    "r and z add the input's part and the state's part before the sigmoid. The candidate "
    "does not: the reset gate multiplies the state's whole part, bias included, and only "
    "then is the input's part added.",
    "The new state keeps a share z of the old one: (1 - z) * n + z * h.",
])


def _gru_params(cell: nn.GRUCell) -> dict[str, torch.Tensor]:
    return {name: p.detach().clone() for name, p in cell.named_parameters()}


def _check_gru(ns, cell: nn.GRUCell, x, h, what, rtol=1e-7, atol=1e-9) -> None:
    got = ns.function("gru_cell")(x, h, _gru_params(cell))
    with torch.no_grad():
        expected = cell(x, h)
    got = as_array(got, what)
    if got.shape != tuple(expected.shape):
        raise AssertionError(f"{what} returned shape {got.shape}, expected "
                             f"{tuple(expected.shape)}: (batch, hidden)")
    assert_close(got, expected.double().numpy(), f"{what}, against nn.GRUCell", rtol=rtol,
                 atol=atol)


def _gru(n_in: int, n_hidden: int, seed: int, dtype=torch.float64) -> nn.GRUCell:
    torch.manual_seed(seed)
    return nn.GRUCell(n_in, n_hidden, dtype=dtype)


def _randn(*shape, seed: int, dtype=torch.float64) -> torch.Tensor:
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


@ex.test("q7", points=1.5)
def gru_step_of_a_small_batch(ns):
    """nn.GRUCell(3, 4)'s own parameters, a batch of 2"""
    _check_gru(ns, _gru(3, 4, 61), _randn(2, 3, seed=62), _randn(2, 4, seed=63),
               "gru_cell(x (2, 3), h (2, 4), params)")


@ex.test("q7", points=1)
def gru_step_from_a_zero_state(ns):
    """h = 0: nn.GRUCell(4, 3), a batch of 5"""
    _check_gru(ns, _gru(4, 3, 64), _randn(5, 4, seed=65), torch.zeros(5, 3, dtype=torch.float64),
               "gru_cell(x (5, 4), h = 0, params)")


@ex.test("q7", points=1.5, hidden=True)
def gru_step_with_large_biases(ns):
    """5 inputs, 3 hidden units, every bias large, b_hn included: where the reset gate acts"""
    cell = _gru(5, 3, 66)
    with torch.no_grad():
        cell.bias_ih.copy_(_randn(9, seed=67) * 2)
        cell.bias_hh.copy_(_randn(9, seed=68) * 2)
        cell.weight_hh.mul_(3)
    _check_gru(ns, cell, _randn(6, 5, seed=69), _randn(6, 3, seed=70),
               "gru_cell(x (6, 5), h (6, 3), params with large biases)")


@ex.test("q7", points=1, hidden=True)
def gru_cell_unrolled_like_nn_gru(ns):
    """ten steps, each state fed back into gru_cell: the states of nn.GRU"""
    torch.manual_seed(71)
    gru = nn.GRU(2, 4, batch_first=True, dtype=torch.float64)
    params = {name.removesuffix("_l0"): p.detach() for name, p in gru.named_parameters()}
    xs, h = _randn(3, 10, 2, seed=72), _randn(3, 4, seed=73)
    with torch.no_grad():
        expected, _ = gru(xs, h[None])
    step = ns.function("gru_cell")
    for t in range(10):
        h = torch.as_tensor(as_array(step(xs[:, t], h, params), f"gru_cell at step {t}"))
        assert_close(h, expected[:, t].numpy(), f"the state after step {t + 1} of 10, "
                     "against nn.GRU", rtol=1e-7, atol=1e-9)


@ex.test("q7", points=1, hidden=True)
def gru_step_in_float32_for_one_example(ns):
    """float32 parameters and inputs, a batch of one, 6 inputs, 8 hidden units"""
    _check_gru(ns, _gru(6, 8, 74, torch.float32), _randn(1, 6, seed=75, dtype=torch.float32),
               _randn(1, 8, seed=76, dtype=torch.float32), "gru_cell(float32, x (1, 6), "
               "h (1, 8), params)", rtol=1e-5, atol=1e-6)


# --- q8: reversing padded sequences ---------------------------------------------------------

ex.question("q8", "Reversing padded sequences", transfer=True, hints=[
    "Start from a copy of x (x.clone()): the padding is then already in place.",
    "For sequence i of length L, the first L steps become x[i, :L].flip(0). What do your "
    "slices give for L = 0, and for L equal to the whole time axis?",
    "Without a loop: the step that lands at position t is L - 1 - t where t < L, and t "
    "itself elsewhere; torch.where and torch.gather build that for the whole batch.",
])


def _reversed(x: torch.Tensor, lengths: list[int]) -> torch.Tensor:
    out = x.clone()
    for i, length in enumerate(lengths):
        out[i, :length] = x[i, :length].flip(0)
    return out


def _check_reverse(ns, x: torch.Tensor, lengths: list[int], what: str) -> None:
    got = ns.function("reverse_padded", may_alias=False)(x, torch.tensor(lengths))
    expected = _reversed(x, lengths)
    array = as_array(got, what)
    if array.shape != tuple(x.shape):
        raise AssertionError(f"{what} returned shape {array.shape}, expected "
                             f"{tuple(x.shape)}")
    if array.dtype != x.numpy().dtype:
        raise AssertionError(f"{what} returned values of type {array.dtype} for x of type "
                             f"{x.numpy().dtype}: keep the dtype of x")
    for i, length in enumerate(lengths):
        if not np.array_equal(array[i], expected[i].numpy()):
            kept = np.array_equal(array[i, length:], x[i, length:].numpy())
            where = ("its first steps are not reversed as they should be" if kept else
                     "its padding (the steps after its length) changed")
            raise AssertionError(f"{what}: sequence {i} (length {length} of {x.shape[1]}): "
                                 f"{where}")


def _steps(batch: int, time: int, features: int) -> torch.Tensor:
    """x[i, t] = 100 * i + t (+ 0.1 * feature): each value says where it came from."""
    base = 100.0 * torch.arange(batch)[:, None, None] + torch.arange(time)[None, :, None]
    return base + 0.1 * torch.arange(features)[None, None, :]


@ex.test("q8", points=1)
def reverse_three_sequences(ns):
    """lengths 5, 3 and 1 in a batch of 5 steps: real steps reversed, padding kept"""
    _check_reverse(ns, _steps(3, 5, 2), [5, 3, 1], "reverse_padded(x (3, 5, 2), [5, 3, 1])")


@ex.test("q8", points=0.5)
def reverse_full_sequences(ns):
    """every sequence of full length: the same as flipping the time axis"""
    _check_reverse(ns, _steps(2, 4, 3), [4, 4], "reverse_padded(x (2, 4, 3), [4, 4])")


@ex.test("q8", points=1, hidden=True)
def reverse_empty_and_full_sequences(ns):
    """lengths 0, 6, 2 and 5 of 6 steps, padding that is not zero"""
    _check_reverse(ns, _steps(4, 6, 1), [0, 6, 2, 5], "reverse_padded(x (4, 6, 1), "
                   "[0, 6, 2, 5])")


@ex.test("q8", points=1, hidden=True)
def reverse_random_batches(ns):
    """random float64 features and random lengths; int64 token ids with one feature"""
    g = torch.Generator().manual_seed(81)
    x = torch.randn(7, 9, 3, generator=g, dtype=torch.float64)
    lengths = torch.randint(0, 10, (7,), generator=g).tolist()
    _check_reverse(ns, x, lengths, f"reverse_padded(x (7, 9, 3), {lengths})")
    tokens = torch.randint(0, 50, (5, 8, 1), generator=g)
    _check_reverse(ns, tokens, [8, 1, 4, 0, 7], "reverse_padded(int64 x (5, 8, 1), "
                   "[8, 1, 4, 0, 7])")


@ex.test("q8", points=0.5, hidden=True)
def reverse_one_step(ns):
    """a batch of one, one time step, lengths 1 and 0"""
    _check_reverse(ns, _steps(1, 1, 2), [1], "reverse_padded(x (1, 1, 2), [1])")
    _check_reverse(ns, _steps(1, 1, 2) + 7, [0], "reverse_padded(x (1, 1, 2), [0])")
