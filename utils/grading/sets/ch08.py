"""Tests of the Chapter 8 exercises (``solutions/08_transformers.md``).

Expected values come from PyTorch, here in the grader: ``F.scaled_dot_product_attention``
and ``nn.MultiheadAttention`` with copied weights, full causal attention for the key/value
cache, modules built here and counted with ``numel`` for the parameter formula; or from
formulas written here (the rotary embedding, a mask built with loops, an exhaustive search
over every sequence a toy model can emit, beam search as the question states it, and the
ALiBi slopes from the rule of Press et al.).

Questions 1, 2a and 2b redo the chapter's attention and its head layout (warm-ups); 3 to 8
carry its ideas to cases it did not code: a causal mask for a padded batch, incremental
decoding with a key/value cache, rotary position embeddings, beam search, the parameter
count of a block with grouped-query attention and ALiBi biases.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from utils.grading.expect import as_array, as_number, assert_close, assert_integer
from utils.grading.namespace import Code
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch08", title="Chapter 8 exercises")

ATTENTION_BANS = [
    "torch.nn.functional.scaled_dot_product_attention",
    "torch.nn.functional.multi_head_attention_forward",
    "torch.nn.MultiheadAttention.forward",
]


def _randn(*shape, seed: int, dtype=torch.float64) -> torch.Tensor:
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


def _sdpa(q, k, v, mask=None) -> tuple[torch.Tensor, torch.Tensor]:
    """The output of F.scaled_dot_product_attention and the weights behind it."""
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return out, scores.softmax(dim=-1)


# The tests' own answer to question 1, bound in the notebook while question 4 runs, so that
# an answer that calls it is not marked down twice.
def _attention(q, k, v, mask=None):
    import torch
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


# --- q1: scaled dot-product attention --------------------------------------------------------

ex.question("q1", "Scaled dot-product attention", bans=ATTENTION_BANS, hints=[
    "q @ k.transpose(-2, -1) has shape (..., T_q, T_k): one score per query and key. "
    "Divide it by the square root of d_k, the size of the last axis of q.",
    "Where the mask is False the score becomes -inf (masked_fill(~mask, float('-inf')) or "
    "torch.where), so that the softmax gives it weight 0. Which axis does the softmax run "
    "over: the keys or the queries?",
    "The output is weights @ v, of shape (..., T_q, d_v); return it with the weights.",
])


def _check_attention(ns, q, k, v, mask, what, rtol=1e-6, atol=1e-9) -> None:
    args = (q, k, v) if mask is None else (q, k, v, mask)
    result = ns.function("attention")(*args)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return two tensors, (output, weights)")
    out, weights = (as_array(r, f"{what}[{i}]") for i, r in enumerate(result))
    expected_out, expected_weights = _sdpa(q, k, v, mask)
    assert_close(weights, expected_weights.numpy(), f"the weights, {what}[1],", rtol=rtol,
                 atol=atol)
    assert_close(out, expected_out.numpy(), f"the output, {what}[0], against "
                 "F.scaled_dot_product_attention", rtol=rtol, atol=atol)


@ex.test("q1", points=0.5)
def attention_without_mask(ns):
    """a batch of 2, 3 queries, 4 keys, d_k = 5, d_v = 2, no mask"""
    _check_attention(ns, _randn(2, 3, 5, seed=1), _randn(2, 4, 5, seed=2),
                     _randn(2, 4, 2, seed=3), None, "attention(q (2, 3, 5), k (2, 4, 5), "
                     "v (2, 4, 2))")


@ex.test("q1", points=0.5)
def attention_with_a_causal_mask(ns):
    """4 positions attending to themselves and the past: a (4, 4) lower-triangular mask"""
    mask = torch.ones(4, 4, dtype=torch.bool).tril()
    _check_attention(ns, _randn(1, 4, 3, seed=4), _randn(1, 4, 3, seed=5),
                     _randn(1, 4, 3, seed=6), mask, "attention(q (1, 4, 3), k, v, "
                     "causal mask (4, 4))")


@ex.test("q1", points=0.5, hidden=True)
def attention_with_heads_and_a_broadcast_mask(ns):
    """(2, 3 heads, 5, 8) queries, 6 keys, a (2, 1, 1, 6) key mask broadcast over heads"""
    mask = torch.tensor([[True] * 6, [True, True, False, True, False, False]])[:, None, None]
    _check_attention(ns, _randn(2, 3, 5, 8, seed=7) * 3, _randn(2, 3, 6, 8, seed=8),
                     _randn(2, 3, 6, 4, seed=9), mask, "attention(q (2, 3, 5, 8), k (2, 3, "
                     "6, 8), v (2, 3, 6, 4), mask (2, 1, 1, 6))")


@ex.test("q1", points=0.5, hidden=True)
def attention_in_float32_with_one_query(ns):
    """float32, one query, 7 keys of size 16, v of size 3, a random mask with a True a row"""
    mask = torch.rand(3, 1, 7, generator=torch.Generator().manual_seed(10)) < 0.5
    mask[:, :, 0] = True
    f32 = torch.float32
    _check_attention(ns, _randn(3, 1, 16, seed=11, dtype=f32), _randn(3, 7, 16, seed=12,
                     dtype=f32), _randn(3, 7, 3, seed=13, dtype=f32), mask,
                     "attention(float32 q (3, 1, 16), k (3, 7, 16), v (3, 7, 3), mask)",
                     rtol=1e-4, atol=1e-5)


# --- q2a, q2b: splitting and merging heads ----------------------------------------------------

ex.question("q2a", "Splitting into heads", hints=[
    "x.view(B, T, n_heads, d_head) cuts each row of d_model features into n_heads pieces "
    "of d_head, the first piece for head 0.",
    "Then .transpose(1, 2) puts the heads before the time axis: (B, n_heads, T, d_head).",
])


def _split(x: torch.Tensor, n_heads: int) -> torch.Tensor:
    B, T, d = x.shape
    return x.reshape(B, T, n_heads, d // n_heads).permute(0, 2, 1, 3)


def _merge(x: torch.Tensor) -> torch.Tensor:
    B, H, T, d = x.shape
    return x.permute(0, 2, 1, 3).reshape(B, T, H * d)


def _check_split(ns, x: torch.Tensor, n_heads: int) -> torch.Tensor:
    what = f"split_heads(x {tuple(x.shape)}, {n_heads})"
    got = as_array(ns.function("split_heads")(x, n_heads), what)
    expected = _split(x, n_heads)
    if got.shape != tuple(expected.shape):
        raise AssertionError(f"{what} returned shape {got.shape}, expected "
                             f"{tuple(expected.shape)}: (batch, n_heads, time, d_head)")
    d_head = x.shape[2] // n_heads
    for h in range(n_heads):
        if not np.array_equal(got[:, h], expected[:, h].numpy()):
            raise AssertionError(f"{what}: head {h} does not hold features {h * d_head} to "
                                 f"{(h + 1) * d_head - 1} of each position, in time order")
    return torch.from_numpy(got)


def _check_merge(ns, heads: torch.Tensor) -> torch.Tensor:
    what = f"merge_heads(x {tuple(heads.shape)})"
    got = as_array(ns.function("merge_heads")(heads), what)
    expected = _merge(heads)
    if got.shape != tuple(expected.shape):
        raise AssertionError(f"{what} returned shape {got.shape}, expected "
                             f"{tuple(expected.shape)}: (batch, time, n_heads * d_head)")
    if not np.array_equal(got, expected.numpy()):
        raise AssertionError(f"{what} does not put head h's features at h * d_head to "
                             "(h + 1) * d_head - 1 of each position")
    return torch.from_numpy(got)


def _counting(B: int, T: int, d: int) -> torch.Tensor:
    """x[b, t, f] = 1000 b + 100 t + f: each value says where it came from."""
    return (1000.0 * torch.arange(B)[:, None, None] + 100.0 * torch.arange(T)[None, :, None]
            + torch.arange(d)[None, None, :])


def _mha_from_heads(ns, split, merge) -> None:
    """Projections cut by ``split``, attention per head, ``merge``: nn.MultiheadAttention."""
    torch.manual_seed(21)
    mha = nn.MultiheadAttention(12, 4, batch_first=True, dtype=torch.float64)
    x = _randn(2, 5, 12, seed=22)
    mha.requires_grad_(False)  # the student's code may run with gradients on
    expected, _ = mha(x, x, x, need_weights=False)
    q, k, v = F.linear(x, mha.in_proj_weight, mha.in_proj_bias).chunk(3, dim=-1)
    out, _ = _attention(*(split(t, 4) for t in (q, k, v)))
    got = mha.out_proj(merge(out).reshape(2, 5, 12).to(torch.float64)).detach()
    assert_close(got.numpy(), expected.numpy(), "the output of attention on your heads, "
                 "merged, against nn.MultiheadAttention(12, 4)", rtol=1e-7, atol=1e-9)


@ex.test("q2a", points=0.5)
def split_a_small_batch(ns):
    """(2, 3, 6) into 2 heads of 3: shape (2, 2, 3, 3), head h holds features 3h to 3h + 2"""
    _check_split(ns, _counting(2, 3, 6), 2)


@ex.test("q2a", points=0.5, hidden=True)
def split_in_the_order_of_multihead_attention(ns):
    """your heads, attention, merged: nn.MultiheadAttention's output; one head; 5 heads"""
    def split(t, n_heads):
        return torch.as_tensor(as_array(ns.function("split_heads")(t, n_heads),
                                        "split_heads(...)"))

    _mha_from_heads(ns, split, _merge)
    _check_split(ns, _counting(1, 1, 7), 1)
    _check_split(ns, _counting(3, 4, 10), 5)


ex.question("q2b", "Merging heads", hints=[
    "Undo split_heads step by step, in reverse order: first the transpose, then the view.",
    "After a transpose the tensor is no longer contiguous: .reshape works where .view "
    "refuses.",
])


@ex.test("q2b", points=0.5)
def split_then_merge_is_the_identity(ns):
    """(3, 5, 8) cut into 4 heads, then merged: the same tensor"""
    _check_merge(ns, _split(_counting(3, 5, 8), 4))


@ex.test("q2b", points=0.5, hidden=True)
def merge_in_the_order_of_multihead_attention(ns):
    """heads merged after attention: nn.MultiheadAttention's output; contiguous heads too"""
    def merge(t):
        return torch.as_tensor(as_array(ns.function("merge_heads")(t), "merge_heads(...)"))

    _mha_from_heads(ns, _split, merge)
    _check_merge(ns, _counting(2, 3, 15).reshape(2, 3, 3, 5).contiguous())
    _check_merge(ns, _split(_counting(1, 1, 4), 1))


# --- q3: a causal mask for a padded batch ------------------------------------------------------

ex.question("q3", "A causal mask for a padded batch", transfer=True, hints=[
    "Three conditions on the key j of query i in sequence b: j <= i (causal), j < L_b (the "
    "key is real), and the special rule for padded queries i >= L_b.",
    "torch.ones(T, T, dtype=torch.bool).tril() is the causal part; "
    "torch.arange(T)[None, :] < lengths[:, None] says which positions are real, (B, T). "
    "Put it on the key axis with [:, None, :] and broadcast with &.",
    "For padded queries: torch.eye(T, dtype=torch.bool) gives each position itself; "
    "combine it with the rows where i >= L_b, for instance with torch.where or |.",
])


def _decoder_mask(lengths: list[int], T: int) -> np.ndarray:
    mask = np.zeros((len(lengths), T, T), dtype=bool)
    for b, length in enumerate(lengths):
        for i in range(T):
            for j in range(T):
                mask[b, i, j] = (j <= i and j < length) if i < length else (j == i)
    return mask


def _check_mask(ns, lengths: list[int], T: int) -> np.ndarray:
    what = f"decoder_mask(torch.tensor({lengths}), {T})"
    got = as_array(ns.function("decoder_mask")(torch.tensor(lengths), T), what)
    expected = _decoder_mask(lengths, T)
    if got.shape != expected.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {expected.shape}: "
                             "(batch, T, T), one row per query")
    if got.dtype != np.bool_:
        raise AssertionError(f"{what} returned values of type {got.dtype}; expected a "
                             "boolean mask, True where a query may attend")
    for b, length in enumerate(lengths):
        for i in range(T):
            if not np.array_equal(got[b, i], expected[b, i]):
                kind = "real" if i < length else "padded"
                raise AssertionError(
                    f"{what}: sequence {b} (length {length}), query {i} ({kind}): row "
                    f"{got[b, i].astype(int).tolist()}, expected "
                    f"{expected[b, i].astype(int).tolist()} (1 = may attend)")
    return got


@ex.test("q3", points=1)
def mask_of_two_sequences(ns):
    """lengths 3 and 1 padded to 3"""
    _check_mask(ns, [3, 1], 3)


@ex.test("q3", points=1)
def mask_without_padding(ns):
    """lengths 4, 4: the causal mask, once per sequence"""
    _check_mask(ns, [4, 4], 4)


@ex.test("q3", points=1, hidden=True)
def mask_of_many_lengths_and_an_empty_sequence(ns):
    """lengths 6, 0, 2, 5, 1 padded to 7: every row of every sequence"""
    _check_mask(ns, [6, 0, 2, 5, 1], 7)


@ex.test("q3", points=1, hidden=True)
def masked_attention_ignores_padding_and_makes_no_nan(ns):
    """attention under your mask: no NaN, and the real positions blind to the padding"""
    lengths, T = [5, 2, 0], 5
    mask = torch.from_numpy(_check_mask(ns, lengths, T))
    q, k, v = (_randn(3, T, 4, seed=s) for s in (31, 32, 33))
    out, _ = _attention(q, k, v, mask)
    assert not torch.isnan(out).any(), "attention under your mask gave NaN"
    noisy_k, noisy_v = k.clone(), v.clone()
    for b, length in enumerate(lengths):
        noisy_k[b, length:] += 100
        noisy_v[b, length:] -= 50
    again, _ = _attention(q, noisy_k, noisy_v, mask)
    real = torch.arange(T)[None, :] < torch.tensor(lengths)[:, None]
    assert torch.allclose(out[real], again[real]), (
        "changing the padded keys and values changed the output at real positions")


# --- q4: incremental decoding with a key/value cache -------------------------------------------

ex.question("q4", "Incremental decoding with a key/value cache", transfer=True,
            bans=ATTENTION_BANS, hints=[
    "Append first, attend second: the new position may attend to itself, so its key and "
    "value join the cache before the scores are computed.",
    "torch.cat([K, k_t], dim=-2) grows the time axis; when the cache is None the new "
    "cache is just (k_t, v_t).",
    "No mask is needed: every key in the cache is in the past of the new query. The query "
    "is used once and never cached.",
])


def _check_cache(ns, q, k, v, what, rtol=1e-6, atol=1e-9) -> None:
    T = q.shape[-2]
    expected, _ = _sdpa(q, k, v, torch.ones(T, T, dtype=torch.bool).tril())
    step = ns.function("attend_step", replace={"attention": _attention})
    cache = None
    for t in range(T):
        sl = slice(t, t + 1)
        where = f"{what}, step {t + 1} of {T}"
        result = step(q[..., sl, :], k[..., sl, :], v[..., sl, :], cache)
        if (not isinstance(result, (tuple, list)) or len(result) != 2
                or not isinstance(result[1], (tuple, list)) or len(result[1]) != 2):
            raise AssertionError(f"{where}: attend_step should return (output, (K, V))")
        out = as_array(result[0], f"{where}: the output")
        K, V = (as_array(c, f"{where}: the cache") for c in result[1])
        if K.shape != tuple(k[..., :t + 1, :].shape) or V.shape != tuple(
                v[..., :t + 1, :].shape):
            raise AssertionError(f"{where}: the cache holds K {K.shape} and V {V.shape}, "
                                 f"expected {tuple(k[..., :t + 1, :].shape)} and "
                                 f"{tuple(v[..., :t + 1, :].shape)}: the keys and values of "
                                 f"the {t + 1} positions seen so far")
        assert_close(K, k[..., :t + 1, :].numpy(), f"{where}: the cached keys", rtol=0,
                     atol=0)
        assert_close(V, v[..., :t + 1, :].numpy(), f"{where}: the cached values", rtol=0,
                     atol=0)
        assert_close(out, expected[..., sl, :].numpy(), f"{where}: the output, against "
                     "causal attention over the whole sequence", rtol=rtol, atol=atol)
        cache = (torch.from_numpy(K), torch.from_numpy(V))


@ex.test("q4", points=1)
def cache_of_a_short_sequence(ns):
    """a batch of 2, 4 steps, d_k = d_v = 3"""
    _check_cache(ns, _randn(2, 4, 3, seed=41), _randn(2, 4, 3, seed=42),
                 _randn(2, 4, 3, seed=43), "attend_step over (2, 4, 3)")


@ex.test("q4", points=1)
def cache_after_one_step(ns):
    """the first step, cache None: the output is v itself, the cache (k, v)"""
    _check_cache(ns, _randn(3, 1, 5, seed=44), _randn(3, 1, 5, seed=45),
                 _randn(3, 1, 2, seed=46), "attend_step over (3, 1, 5)")


@ex.test("q4", points=1, hidden=True)
def cache_with_heads(ns):
    """(2, 4 heads, 9 steps), d_k = 8, d_v = 6: every step against causal attention"""
    _check_cache(ns, _randn(2, 4, 9, 8, seed=47) * 2, _randn(2, 4, 9, 8, seed=48),
                 _randn(2, 4, 9, 6, seed=49), "attend_step over (2, 4, 9, 8)")


@ex.test("q4", points=1, hidden=True)
def cache_in_float32_for_one_sequence(ns):
    """float32, a batch of one, 12 steps, d_k = 16"""
    f32 = torch.float32
    _check_cache(ns, _randn(1, 12, 16, seed=50, dtype=f32), _randn(1, 12, 16, seed=51,
                 dtype=f32), _randn(1, 12, 4, seed=52, dtype=f32),
                 "attend_step over float32 (1, 12, 16)", rtol=1e-4, atol=1e-5)


# --- q5: rotary position embeddings ------------------------------------------------------------

ex.question("q5", "Rotary position embeddings", transfer=True, hints=[
    "theta = 10000 ** (-torch.arange(0, d, 2) / d) has d / 2 values, one per pair; the "
    "angles are positions[:, None] * theta[None, :], shape (T, d / 2).",
    "x[..., 0::2] and x[..., 1::2] are the first and second members of every pair.",
    "Rotate: (a cos - b sin, a sin + b cos); then interleave the two halves back, for "
    "instance with torch.stack([..., ...], dim=-1).flatten(-2).",
])


def _rope(x: torch.Tensor, positions) -> torch.Tensor:
    x = x.to(torch.float64)
    d = x.shape[-1]
    theta = 10000.0 ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.as_tensor(positions, dtype=torch.float64)[:, None] * theta[None, :]
    a, b = x[..., 0::2], x[..., 1::2]
    out = torch.empty_like(x)
    out[..., 0::2] = a * angles.cos() - b * angles.sin()
    out[..., 1::2] = a * angles.sin() + b * angles.cos()
    return out


def _call_rope(ns, x: torch.Tensor, positions: list[int]) -> np.ndarray:
    what = f"rope(x {tuple(x.shape)}, positions {positions})"
    got = as_array(ns.function("rope")(x, torch.tensor(positions)), what)
    if got.shape != tuple(x.shape):
        raise AssertionError(f"{what} returned shape {got.shape}, expected {tuple(x.shape)}")
    if got.dtype != x.numpy().dtype:
        raise AssertionError(f"{what} returned values of type {got.dtype} for x of type "
                             f"{x.numpy().dtype}: keep the dtype of x")
    return got


def _check_rope(ns, x, positions, rtol=1e-5, atol=1e-6) -> None:
    got = _call_rope(ns, x, positions)
    assert_close(got, _rope(x, positions).numpy(), f"rope(x {tuple(x.shape)}, positions "
                 f"{positions})", rtol=rtol, atol=atol)


@ex.test("q5", points=1)
def rope_of_one_sequence(ns):
    """x (1, 4, 6) at positions 0 to 3"""
    _check_rope(ns, _randn(1, 4, 6, seed=61), [0, 1, 2, 3])


@ex.test("q5", points=0.5)
def rope_keeps_the_norms(ns):
    """each row's length is unchanged, and position 0 is not rotated"""
    x = _randn(2, 3, 8, seed=62)
    got = _call_rope(ns, x, [0, 7, 20])
    assert_close(np.linalg.norm(got, axis=-1), x.norm(dim=-1).numpy(), "the norms of the "
                 "rows of rope(x (2, 3, 8), [0, 7, 20])", rtol=1e-5)
    assert_close(got[:, 0], x[:, 0].numpy(), "rope(...) at position 0", rtol=1e-6)


@ex.test("q5", points=1, hidden=True)
def rope_at_any_positions_with_heads(ns):
    """(2 heads, 5, 16) at positions 3, 100, 4, 0, 2047; float32 (1, 2, 4) at 10 and 11"""
    # float32 angles are fine: near 2047 radians they are 1e-4 apart
    _check_rope(ns, _randn(2, 5, 16, seed=63), [3, 100, 4, 0, 2047], rtol=1e-3, atol=2e-3)
    x32 = _randn(1, 2, 4, seed=64, dtype=torch.float32)
    got = _call_rope(ns, x32, [10, 11])
    assert_close(got, _rope(x32, [10, 11]).numpy(), "rope(float32 x (1, 2, 4), [10, 11])",
                 rtol=1e-4, atol=1e-5)


@ex.test("q5", points=1.5, hidden=True)
def rope_scores_depend_on_the_offset_only(ns):
    """q at m and k at n give the score of q at m + s and k at n + s, for s = 5 and 1000"""
    q, k = _randn(1, 32, seed=65), _randn(1, 32, seed=66)
    scores = []
    for shift in (0, 5, 1000):
        rq = _call_rope(ns, q, [3 + shift])
        rk = _call_rope(ns, k, [10 + shift])
        scores.append(float((rq * rk).sum()))
    assert_close(scores[1:], [scores[0]] * 2, "q . k after rope at positions (3 + s, 10 + s) "
                 "for s = 5 and 1000, against s = 0", rtol=1e-3,
                 atol=1e-3 * float(q.norm() * k.norm()))


# --- q6: beam search -------------------------------------------------------------------------

ex.question("q6", "Beam search", transfer=True, hints=[
    "A hypothesis is (tokens, score). Start with one: no tokens, score 0. A hypothesis is "
    "finished when its last token is eos or it has max_len tokens.",
    "At each step, extend every unfinished hypothesis by every token of the vocabulary "
    "(score plus that token's log-probability); the finished ones go on as they are. Then "
    "sort all the candidates together and keep the beam_width best, not beam_width per "
    "hypothesis.",
    "Stop when every kept hypothesis is finished, and return the best of them.",
])


# Toy models, sent to the student's code as source: each maps a prefix (the bos token then
# the tokens so far) to log-probabilities over its vocabulary, the same for the same prefix.
def _model_small(prefix):
    """4 tokens, eos = 3: log-probabilities drawn from a seed that encodes the prefix."""
    seed = 11
    for token in prefix:
        seed = (seed * 31 + int(token) + 1) % 2_147_483_647
    logits = np.random.default_rng(seed).normal(size=4) * 1.5
    return logits - np.log(np.exp(logits).sum())


def _model_wide(prefix):
    """6 tokens, eos = 0, sharper distributions."""
    seed = 185
    for token in prefix:
        seed = (seed * 131 + int(token) + 7) % 2_147_483_647
    logits = np.random.default_rng(seed).normal(size=6) * 2.5
    return logits - np.log(np.exp(logits).sum())


def _model_trap(prefix):
    """3 tokens, eos = 2: token 0 looks best first, but after it nothing is likely."""
    tokens = [int(t) for t in prefix][1:]
    if not tokens:
        probs = [0.55, 0.45, 0.0001]
    elif tokens[0] == 0:
        probs = [0.34, 0.33, 0.33]
    else:
        probs = [0.02, 0.96, 0.02] if len(tokens) < 2 else [0.01, 0.01, 0.98]
    probs = np.array(probs)
    return np.log(probs / probs.sum())


def _model_pushed(prefix):
    """4 tokens, eos = 3: [3] finishes second at step 1, then two extensions of [0] push it
    out of a beam of 2, and every sequence of 3 tokens ends below it."""
    tokens = [int(t) for t in prefix][1:]
    if not tokens:
        probs = [0.7, 0.03, 0.02, 0.25]
    elif tokens == [0]:
        probs = [0.4, 0.39, 0.01, 0.2]
    elif tokens[0] == 0:
        probs = [0.28, 0.26, 0.24, 0.22]
    else:
        probs = [0.1, 0.2, 0.3, 0.4]
    return np.log(np.array(probs))


def _beam(model, bos: int, eos: int, width: int, max_len: int) -> tuple[list[int], float]:
    """Beam search as question 6 states it."""
    beams = [([], 0.0)]

    def done(tokens):
        return len(tokens) == max_len or (tokens and tokens[-1] == eos)

    while not all(done(t) for t, _ in beams):
        candidates = []
        for tokens, score in beams:
            if done(tokens):
                candidates.append((tokens, score))
                continue
            log_probs = model([bos] + tokens)
            candidates += [(tokens + [w], score + float(log_probs[w]))
                           for w in range(len(log_probs))]
        beams = sorted(candidates, key=lambda c: -c[1])[:width]
    return beams[0]


def _exhaustive(model, bos: int, eos: int, vocab: int, max_len: int):
    """The best sequence a model can emit, among all of them."""
    best = None
    for length in range(1, max_len + 1):
        for tokens in itertools.product(range(vocab), repeat=length):
            if eos in tokens[:-1] or (length < max_len and tokens[-1] != eos):
                continue
            score = sum(float(model([bos, *tokens[:i]])[w]) for i, w in enumerate(tokens))
            if best is None or score > best[1]:
                best = (list(tokens), score)
    return best


def _check_beam(ns, model, bos, eos, width, max_len, expected, what) -> None:
    what = f"beam_search({model.__name__}, bos={bos}, eos={eos}, beam_width={width}, " \
           f"max_len={max_len}){what}"
    result = ns.function("beam_search")(Code(model), bos, eos, width, max_len)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return (tokens, score)")
    tokens = as_array(result[0], f"{what}: the tokens").reshape(-1)
    if tokens.dtype.kind == "f" and np.all(tokens == np.round(tokens)):
        tokens = tokens.astype(np.int64)
    if tokens.dtype.kind not in "iu" and len(tokens):
        raise AssertionError(f"{what}: the tokens should be integers, got {tokens.dtype}")
    if tokens.tolist() != expected[0]:
        score = as_number(result[1], what)
        why = ("; a better score than a beam of this width finds: does your search keep "
               "more than beam_width hypotheses at some step?"
               if score > expected[1] + 1e-9 else "")
        raise AssertionError(f"{what} returned the tokens {tokens.tolist()} (score "
                             f"{score:.4f}); expected {expected[0]} (score "
                             f"{expected[1]:.4f}){why}")
    assert_close(as_number(result[1], f"{what}: the score"), expected[1],
                 f"{what}: the score", rtol=1e-6, atol=1e-6)


@ex.test("q6", points=1)
def beam_finds_what_greedy_misses(ns):
    """the trap model, beam_width = 2, max_len = 3: [1, 1, 2], which greedy search misses"""
    _check_beam(ns, _model_trap, 5, 2, 2, 3, _exhaustive(_model_trap, 5, 2, 3, 3), "")


@ex.test("q6", points=1)
def wide_beam_is_exhaustive(ns):
    """4 tokens, max_len = 3, a beam of 64: the best of all sequences"""
    _check_beam(ns, _model_small, 4, 3, 64, 3, _exhaustive(_model_small, 4, 3, 4, 3),
                ", against all sequences")


@ex.test("q6", points=1.5, hidden=True)
def narrow_beams_keep_the_best_overall(ns):
    """beams of 2 and 3 over 6 tokens, max_len 4 and 5; a finished hypothesis pushed out"""
    for width, max_len in ((2, 4), (3, 5), (2, 5)):
        _check_beam(ns, _model_wide, 9, 0, width, max_len,
                    _beam(_model_wide, 9, 0, width, max_len), "")
    # a finished hypothesis that falls out of the beam is gone, even if it scored best
    _check_beam(ns, _model_pushed, 7, 3, 2, 3, _beam(_model_pushed, 7, 3, 2, 3), "")


@ex.test("q6", points=1, hidden=True)
def beam_of_one_and_one_token(ns):
    """beam_width = 1 is greedy search; max_len = 1 is the best first token"""
    _check_beam(ns, _model_wide, 2, 0, 1, 5, _beam(_model_wide, 2, 0, 1, 5), "")
    _check_beam(ns, _model_small, 4, 3, 3, 1, _exhaustive(_model_small, 4, 3, 4, 1), "")


@ex.test("q6", points=0.5, hidden=True)
def finished_beams_stop_growing(ns):
    """6 tokens, eos = 0, beam of 200, max_len = 3: exhaustive, eos ends a sequence"""
    _check_beam(ns, _model_wide, 1, 0, 200, 3, _exhaustive(_model_wide, 1, 0, 6, 3),
                ", against all sequences")


# --- q7: parameters of a block with grouped-query attention ------------------------------------

# Counting by code, as the chapter did, and building the layers to count them.
PARAMETER_BANS = ["torch.nn.Module.parameters", "torch.nn.Module.named_parameters",
                  "torch.nn.Module.state_dict", "torch.nn.Linear.__init__",
                  "torch.nn.LayerNorm.__init__", "torch.nn.MultiheadAttention.__init__"]

ex.question("q7", "Parameters of a block with grouped-query attention", transfer=True,
            bans=PARAMETER_BANS, hints=[
    "Two layer norms of d_model features: each has a weight (the gain) and, when bias is "
    "True, a bias of d_model.",
    "d_head = d_model // n_heads. The query and output projections map d_model to d_model; "
    "the key and value projections map d_model to n_kv_heads * d_head only.",
    "A linear layer from n to m holds n * m weights, and m biases when bias is True. The "
    "MLP has two: d_model -> d_ff and d_ff -> d_model.",
])


class _GQABlock(nn.Module):
    """The block question 7 describes, built to be counted."""

    def __init__(self, d_model, n_heads, d_ff, n_kv_heads, bias):
        super().__init__()
        kv = n_kv_heads * (d_model // n_heads)
        self.ln1 = nn.LayerNorm(d_model, bias=bias, device="meta")
        self.ln2 = nn.LayerNorm(d_model, bias=bias, device="meta")
        self.q = nn.Linear(d_model, d_model, bias=bias, device="meta")
        self.k = nn.Linear(d_model, kv, bias=bias, device="meta")
        self.v = nn.Linear(d_model, kv, bias=bias, device="meta")
        self.o = nn.Linear(d_model, d_model, bias=bias, device="meta")
        self.up = nn.Linear(d_model, d_ff, bias=bias, device="meta")
        self.down = nn.Linear(d_ff, d_model, bias=bias, device="meta")


def _check_params(ns, d_model, n_heads, d_ff, n_kv_heads, bias) -> None:
    what = f"block_params({d_model}, {n_heads}, {d_ff}, {n_kv_heads}, {bias})"
    block = _GQABlock(d_model, n_heads, d_ff, n_kv_heads, bias)
    expected = sum(p.numel() for p in block.parameters())
    got = ns.function("block_params")(d_model, n_heads, d_ff, n_kv_heads, bias)
    assert_integer(got, expected, what)


@ex.test("q7", points=1)
def params_of_multi_head_attention(ns):
    """n_kv_heads = n_heads (plain multi-head attention), d_model 64, 4 heads, with biases"""
    _check_params(ns, 64, 4, 256, 4, True)


@ex.test("q7", points=0.5)
def params_of_multi_query_attention(ns):
    """one key/value head shared by 8 heads, d_model 32, without biases"""
    _check_params(ns, 32, 8, 100, 1, False)


@ex.test("q7", points=1, hidden=True)
def params_of_grouped_query_attention(ns):
    """8 heads in 2 groups, d_model 48, with and without biases; a block of Llama's size"""
    _check_params(ns, 48, 8, 192, 2, True)
    _check_params(ns, 48, 8, 192, 2, False)
    _check_params(ns, 4096, 32, 14336, 8, False)


@ex.test("q7", points=0.5, hidden=True)
def params_of_the_smallest_block(ns):
    """d_model 1, one head, d_ff 1, with biases"""
    _check_params(ns, 1, 1, 1, 1, True)


# --- q8: ALiBi biases ------------------------------------------------------------------------

ex.question("q8", "ALiBi biases", transfer=True, hints=[
    "For a power of two n: slopes = 2 ** (-8 * torch.arange(1, n + 1) / n); head 0 gets "
    "the largest, 1/2 ** (8 / n).",
    "Otherwise: c = 2 ** floor(log2(n)); the c slopes above for c heads, then "
    "2 ** (-4 * (2k + 1) / c) for k = 0, 1, ... until there are n.",
    "The distance i - j is torch.arange(T)[:, None] - torch.arange(T)[None, :]; multiply it "
    "by -slopes[:, None, None], then fill the future (j > i) with -inf.",
])


def _slopes(n: int) -> list[float]:
    """The slopes of Press et al. (2022), written from their rule."""
    def power_of_two(m: int) -> list[float]:
        return [2.0 ** (-8.0 * (h + 1) / m) for h in range(m)]

    c = 2 ** int(math.floor(math.log2(n)))
    extra = [2.0 ** (-4.0 * (2 * k + 1) / c) for k in range(n - c)]
    return power_of_two(c) + extra


def _alibi(n_heads: int, T: int) -> np.ndarray:
    bias = np.full((n_heads, T, T), -np.inf)
    for h, slope in enumerate(_slopes(n_heads)):
        for i in range(T):
            for j in range(i + 1):
                bias[h, i, j] = -slope * (i - j)
    return bias


def _check_alibi(ns, n_heads: int, T: int) -> None:
    what = f"alibi_bias({n_heads}, {T})"
    got = as_array(ns.function("alibi_bias")(n_heads, T), what)
    expected = _alibi(n_heads, T)
    if got.shape != expected.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {expected.shape}: "
                             "(n_heads, T, T)")
    future = np.isneginf(expected)
    if not np.array_equal(np.isneginf(got), future):
        raise AssertionError(f"{what}: -inf should stand exactly where the key is in the "
                             "future of the query (j > i), and nowhere else")
    slopes = _slopes(n_heads)
    for h in range(n_heads):
        if not np.allclose(got[h][~future[h]], expected[h][~future[h]], rtol=1e-5,
                           atol=1e-7):
            got_slope = -got[h, 1, 0] if T > 1 else float("nan")
            raise AssertionError(f"{what}: head {h} should have slope {slopes[h]:.6g}, "
                                 f"bias -{slopes[h]:.6g} * (i - j); its bias at (1, 0) "
                                 f"gives a slope of {got_slope:.6g}")


@ex.test("q8", points=1)
def alibi_of_eight_heads(ns):
    """8 heads, 5 positions: slopes 1/2, 1/4, ..., 1/256, -inf above the diagonal"""
    _check_alibi(ns, 8, 5)


@ex.test("q8", points=0.5, hidden=True)
def alibi_of_one_and_two_heads(ns):
    """1 head of 3 positions (slope 1/256), 2 heads of 1 position, 4 heads of 6"""
    _check_alibi(ns, 1, 3)
    _check_alibi(ns, 2, 1)
    _check_alibi(ns, 4, 6)


@ex.test("q8", points=1.5, hidden=True)
def alibi_of_heads_not_a_power_of_two(ns):
    """6 heads (4 slopes, then 1/2 and 1/8) and 12 heads, 7 positions"""
    _check_alibi(ns, 6, 7)
    _check_alibi(ns, 12, 7)
