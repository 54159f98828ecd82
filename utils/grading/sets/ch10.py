"""Tests of the Chapter 10 exercises (``solutions/10_generative.md``).

Expected values come from elsewhere than the solutions' formulas, here in the grader: the
moments, tails and correlations of many draws, and autograd through a probe, for the two
reparameterisations (a Laplace and a Gaussian of equal variance differ in their tails);
``torch.distributions`` and a Monte Carlo estimate for the KL divergence; scikit-learn's
``roc_auc_score`` and a count over all pairs for the AUC; confusion counts with loops for
the threshold report; the cosine schedule written in Python floats, step by step; the
forward process itself (the step must undo it) for DDIM; and
``F.binary_cross_entropy_with_logits`` in float64 with the gradient ``(sigmoid - y) / n``
for the discriminator's loss.

Question 1 redoes the chapter's reparameterisation (a warm-up); 2 to 8 carry its ideas to
cases it did not code: the same trick for a Laplace latent, the KL divergence between any
two diagonal Gaussians, the AUC by ranks with ties, precision and recall at a percentile
threshold, the cosine noise schedule, a deterministic DDIM step and a discriminator loss
with one-sided label smoothing.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from utils.grading.expect import as_array, as_number, assert_close
from utils.grading.namespace import Rng
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch10", title="Chapter 10 exercises")


def _randn(*shape, seed: int, dtype=torch.float64) -> torch.Tensor:
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


# --- q1: the reparameterisation trick ----------------------------------------------------------

ex.question("q1", "The reparameterisation trick", hints=[
    "logvar is log(sigma^2), so sigma = exp(logvar / 2), not exp(logvar).",
    "eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype): one independent "
    "value per entry of mu, drawn from the generator you were given.",
    "z = mu + sigma * eps is built from mu and logvar with tensor operations, so autograd "
    "follows it back to both; torch.normal(mu, sigma) would cut that path.",
])


def _sample(ns, mu: torch.Tensor, logvar: torch.Tensor, seed: int, what: str) -> np.ndarray:
    z = as_array(ns.function("reparameterise")(mu, logvar, Rng(seed, "torch")), what)
    if z.shape != tuple(mu.shape):
        raise AssertionError(f"{what} returned shape {z.shape}, expected {tuple(mu.shape)}: "
                             "one sample per entry of mu")
    return z.astype(np.float64)


def _check_moments(z: np.ndarray, mu: np.ndarray, std: np.ndarray, what: str) -> None:
    """Columns of ``z`` (rows = draws) against N(mu, std^2), independent of each other."""
    n = z.shape[0]
    mean, spread = z.mean(axis=0), z.std(axis=0)
    for j in range(z.shape[1]):
        if abs(mean[j] - mu[j]) > 5 * std[j] / math.sqrt(n):
            raise AssertionError(f"{what}: column {j} has mean {mean[j]:.4f} over {n} draws, "
                                 f"expected {mu[j]:.4f}")
        if abs(spread[j] / std[j] - 1) > 0.04:
            raise AssertionError(
                f"{what}: column {j} (logvar {math.log(std[j] ** 2):.3f}) has standard "
                f"deviation {spread[j]:.4f} over {n} draws, expected {std[j]:.4f}")
    eps = (z - mu) / std
    tails = float(np.mean(np.abs(eps) > 2))
    if abs(tails - 0.0455) > 0.006:
        raise AssertionError(f"{what}: {100 * tails:.2f} % of the draws lie more than two "
                             "standard deviations from the mean, where a Gaussian puts "
                             "4.55 %: is eps drawn from a standard normal?")
    _check_independent(eps, what)


def _check_independent(eps: np.ndarray, what: str) -> None:
    """No correlation between the columns of ``eps``, nor between a row and the next."""
    corr = np.corrcoef(np.concatenate([eps[1:], eps[:-1]], axis=1), rowvar=False)
    worst = np.max(np.abs(corr - np.eye(len(corr))))
    if worst > 0.06:
        raise AssertionError(f"{what}: the noise is correlated (|r| up to {worst:.2f}) across "
                             "columns or from one row to the next: draw an independent "
                             "value for every entry")


@ex.test("q1", points=0.5)
def moments_over_many_draws(ns):
    """20,000 rows of mu = (0.5, -2, 3), logvar = (0, log 4, -2): means, stds, correlations"""
    mu = torch.tensor([0.5, -2.0, 3.0], dtype=torch.float64).repeat(20_000, 1)
    logvar = torch.tensor([0.0, math.log(4.0), -2.0], dtype=torch.float64).repeat(20_000, 1)
    z = _sample(ns, mu, logvar, 1, "reparameterise(mu (20000, 3), logvar, generator)")
    _check_moments(z, mu[0].numpy(), np.exp(0.5 * logvar[0].numpy()),
                   "reparameterise(mu (20000, 3), ...)")


@ex.test("q1", points=0.5)
def the_generator_decides_the_sample(ns):
    """the same seed twice gives the same sample; another seed, another one"""
    mu, logvar = _randn(4, 3, seed=2), _randn(4, 3, seed=3)
    what = "reparameterise(mu (4, 3), logvar, generator)"
    first, again, other = (_sample(ns, mu, logvar, seed, what) for seed in (5, 5, 6))
    if not np.array_equal(first, again):
        raise AssertionError(f"{what}: two generators with the same seed gave different "
                             "samples: draw eps with torch.randn(..., generator=generator)")
    if np.allclose(first, other):
        raise AssertionError(f"{what}: generators with seeds 5 and 6 gave the same sample")


def _probe_reparameterise_gradients(variables, seed):
    """reparameterise on (2, 3) inputs that require gradients, and autograd's answer"""
    import torch
    f = variables.function("reparameterise")
    mu = torch.tensor([[0.3, -1.0, 2.0], [1.5, 0.0, -0.5]], dtype=torch.float64,
                      requires_grad=True)
    logvar = torch.tensor([[0.0, 1.0, -1.5], [0.5, -0.3, 2.0]], dtype=torch.float64,
                          requires_grad=True)
    z = f(mu, logvar, torch.Generator().manual_seed(seed))
    if not isinstance(z, torch.Tensor):
        return {"kind": type(z).__name__}
    if not z.requires_grad:
        return {"kind": "constant", "z": z.detach()}
    weights = torch.arange(1.0, 7.0, dtype=torch.float64).view(2, 3)
    grads = torch.autograd.grad((z * weights).sum(), [mu, logvar], allow_unused=True)
    return {"kind": "tensor", "z": z.detach(), "mu": mu.detach(), "logvar": logvar.detach(),
            "grads": [torch.zeros(2, 3) if g is None else g for g in grads]}


@ex.test("q1", points=0.5, hidden=True)
def gradients_reach_mu_and_logvar(ns):
    """autograd through your sample: d/dmu = 1, d/dlogvar = (z - mu) / 2, entry by entry"""
    view = ns.probe(_probe_reparameterise_gradients, 7)
    if view["kind"] == "constant":
        raise AssertionError("the sample of reparameterise does not require gradients: "
                             "autograd cannot reach mu and logvar through it")
    if view["kind"] != "tensor":
        raise AssertionError(f"reparameterise returned a {view['kind']}, expected a tensor")
    z, mu = as_array(view["z"], "z"), as_array(view["mu"], "mu")
    weights = np.arange(1.0, 7.0).reshape(2, 3)
    grad_mu, grad_logvar = (as_array(g, "a gradient") for g in view["grads"])
    assert_close(grad_mu, weights, "the gradient of sum(w * z) with respect to mu")
    assert_close(grad_logvar, 0.5 * weights * (z - mu), "the gradient of sum(w * z) with "
                 "respect to logvar, expected w * sigma * eps / 2 = w * (z - mu) / 2")


@ex.test("q1", points=0.5, hidden=True)
def other_shapes_and_a_batch_of_one(ns):
    """a batch of one in float32; (20,000, 2, 3) inputs with a different mean per entry"""
    _sample(ns, torch.zeros(1, 5), torch.zeros(1, 5), 8, "reparameterise(mu (1, 5), ...)")
    mu = _randn(2, 3, seed=9).expand(20_000, 2, 3).contiguous()
    logvar = _randn(2, 3, seed=10).expand(20_000, 2, 3).contiguous()
    z = _sample(ns, mu, logvar, 11, "reparameterise(mu (20000, 2, 3), ...)")
    _check_moments(z.reshape(20_000, 6), mu[0].reshape(6).numpy(),
                   np.exp(0.5 * logvar[0].reshape(6).numpy()),
                   "reparameterise(mu (20000, 2, 3), ...)")


# --- q2: reparameterising a Laplace latent ---------------------------------------------------

ex.question("q2", "Reparameterising a Laplace latent", transfer=True, bans=[
    "torch.distributions.laplace.Laplace.rsample", "torch.distributions.laplace.Laplace.sample",
    "torch.distributions.laplace.Laplace.icdf",
], hints=[
    "The inverse of the Laplace CDF: for u uniform on (-1/2, 1/2), loc - b sign(u) "
    "log(1 - 2|u|) is Laplace(loc, b). torch.rand(...) - 0.5 gives u.",
    "Draw u with torch.rand(loc.shape, generator=generator, dtype=loc.dtype); b is "
    "exp(log_scale), not log_scale.",
    "The noise must be a fixed transformation of u alone, then scaled by b and shifted by "
    "loc, so that autograd reaches both: d z / d log_scale = z - loc.",
])

LAPLACE_LOC, LAPLACE_LOG_SCALE = [0.0, 1.5, -3.0], [0.0, math.log(0.5), 1.0]


def _laplace(ns, loc: torch.Tensor, log_scale: torch.Tensor, seed: int, what: str):
    z = as_array(ns.function("laplace_sample")(loc, log_scale, Rng(seed, "torch")), what)
    if z.shape != tuple(loc.shape):
        raise AssertionError(f"{what} returned shape {z.shape}, expected "
                             f"{tuple(loc.shape)}: one sample per entry of loc")
    return z.astype(np.float64)


def _check_laplace(z: np.ndarray, loc: np.ndarray, scale: np.ndarray, what: str) -> None:
    """Columns of ``z`` (rows = draws) against Laplace(loc, scale), independent."""
    n = z.shape[0]
    if not np.all(np.isfinite(z)):
        raise AssertionError(f"{what} returned values that are not finite: is the log "
                             "taken of 0?")
    noise = (z - loc) / scale  # Laplace(0, 1): variance 2, P(|x| > c) = exp(-c)
    for j in range(z.shape[1]):
        if abs(noise[:, j].mean()) > 5 * math.sqrt(2 / n):
            raise AssertionError(f"{what}: column {j} has mean {z[:, j].mean():.4f} over "
                                 f"{n} draws, expected {loc[j]:.4f}")
        if abs(noise[:, j].std() / math.sqrt(2) - 1) > 0.04:
            raise AssertionError(
                f"{what}: column {j} (scale {scale[j]:.3f}) has standard deviation "
                f"{z[:, j].std():.4f} over {n} draws, expected scale * sqrt(2) = "
                f"{scale[j] * math.sqrt(2):.4f}")
    for c in (1.0, 2.0):
        share = float(np.mean(np.abs(noise) > c))
        if abs(share - math.exp(-c)) > 0.01:
            raise AssertionError(
                f"{what}: {100 * share:.1f} % of the draws lie more than {c:g} scale from "
                f"loc, where a Laplace puts exp(-{c:g}) = {100 * math.exp(-c):.1f} %: is "
                "the noise Laplace, and the scale exp(log_scale)?")
    above = float(np.mean(noise > 0))
    if abs(above - 0.5) > 0.01:
        raise AssertionError(f"{what}: {100 * above:.1f} % of the draws lie above loc; "
                             "a Laplace is symmetric (50 %)")
    _check_independent(noise, what)


@ex.test("q2", points=1)
def laplace_moments_over_many_draws(ns):
    """20,000 rows of loc = (0, 1.5, -3), scale = (1, 0.5, e): mean, std, tails, symmetry"""
    loc = torch.tensor(LAPLACE_LOC, dtype=torch.float64).repeat(20_000, 1)
    log_scale = torch.tensor(LAPLACE_LOG_SCALE, dtype=torch.float64).repeat(20_000, 1)
    what = "laplace_sample(loc (20000, 3), log_scale, generator)"
    z = _laplace(ns, loc, log_scale, 12, what)
    _check_laplace(z, loc[0].numpy(), np.exp(log_scale[0].numpy()), what)


@ex.test("q2", points=0.5)
def laplace_generator_decides_the_sample(ns):
    """the same seed twice gives the same sample; another seed, another one"""
    loc, log_scale = _randn(4, 3, seed=13), _randn(4, 3, seed=14)
    what = "laplace_sample(loc (4, 3), log_scale, generator)"
    first, again, other = (_laplace(ns, loc, log_scale, seed, what) for seed in (5, 5, 6))
    if not np.array_equal(first, again):
        raise AssertionError(f"{what}: two generators with the same seed gave different "
                             "samples: draw u with torch.rand(..., generator=generator)")
    if np.allclose(first, other):
        raise AssertionError(f"{what}: generators with seeds 5 and 6 gave the same sample")


def _probe_laplace_gradients(variables, seed):
    """laplace_sample on (2, 3) inputs that require gradients, and autograd's answer"""
    import torch
    loc = torch.tensor([[0.3, -1.0, 2.0], [1.5, 0.0, -0.5]], dtype=torch.float64,
                       requires_grad=True)
    log_scale = torch.tensor([[0.0, 1.0, -1.5], [0.5, -0.3, 2.0]], dtype=torch.float64,
                             requires_grad=True)
    z = variables.function("laplace_sample")(loc, log_scale,
                                             torch.Generator().manual_seed(seed))
    if not isinstance(z, torch.Tensor):
        return {"kind": type(z).__name__}
    if not z.requires_grad:
        return {"kind": "constant"}
    weights = torch.arange(1.0, 7.0, dtype=torch.float64).view(2, 3)
    grads = torch.autograd.grad((z * weights).sum(), [loc, log_scale], allow_unused=True)
    return {"kind": "tensor", "z": z.detach(), "loc": loc.detach(),
            "grads": [torch.zeros(2, 3) if g is None else g for g in grads]}


@ex.test("q2", points=0.5, hidden=True)
def laplace_gradients_reach_loc_and_log_scale(ns):
    """autograd through your sample: d/dloc = 1, d/dlog_scale = z - loc, entry by entry"""
    view = ns.probe(_probe_laplace_gradients, 15)
    if view["kind"] == "constant":
        raise AssertionError("the sample of laplace_sample does not require gradients: "
                             "autograd cannot reach loc and log_scale through it")
    if view["kind"] != "tensor":
        raise AssertionError(f"laplace_sample returned a {view['kind']}, expected a tensor")
    z, loc = as_array(view["z"], "z"), as_array(view["loc"], "loc")
    weights = np.arange(1.0, 7.0).reshape(2, 3)
    grad_loc, grad_log_scale = (as_array(g, "a gradient") for g in view["grads"])
    assert_close(grad_loc, weights, "the gradient of sum(w * z) with respect to loc")
    assert_close(grad_log_scale, weights * (z - loc), "the gradient of sum(w * z) with "
                 "respect to log_scale, expected w * (z - loc)")


@ex.test("q2", points=1, hidden=True)
def laplace_batch_of_one_and_other_shapes(ns):
    """a batch of one; (20,000, 2, 2) inputs with a different loc and scale per entry"""
    _laplace(ns, torch.zeros(1, 4, dtype=torch.float64), torch.zeros(1, 4,
             dtype=torch.float64), 16, "laplace_sample(loc (1, 4), ...)")
    loc = _randn(2, 2, seed=17).expand(20_000, 2, 2).contiguous()
    log_scale = (_randn(2, 2, seed=18) * 0.5).expand(20_000, 2, 2).contiguous()
    what = "laplace_sample(loc (20000, 2, 2), ...)"
    z = _laplace(ns, loc, log_scale, 19, what)
    _check_laplace(z.reshape(20_000, 4), loc[0].reshape(4).numpy(),
                   np.exp(log_scale[0].reshape(4).numpy()), what)


# --- q3: the KL divergence between two diagonal Gaussians ---------------------------------------

KL_BANS = ["torch.distributions.kl.kl_divergence", "torch.distributions.kl_divergence",
           "torch.distributions.normal.Normal.entropy",
           "torch.distributions.normal.Normal.log_prob"]

ex.question("q3", "The KL divergence between two diagonal Gaussians", transfer=True,
            bans=KL_BANS, hints=[
    "The dimensions are independent, so the KL is a sum over them of one-dimensional "
    "KLs; work out one, then .sum(dim=-1).",
    "In one dimension, log q(z) - log p(z) = 1/2 log(var_p / var_q) - (z - mu_q)^2 / "
    "(2 var_q) + (z - mu_p)^2 / (2 var_p). Take its mean under q: E[(z - mu_q)^2] = var_q, "
    "and E[(z - mu_p)^2] = var_q + (mu_q - mu_p)^2.",
    "With var = exp(logvar): 1/2 (logvar_p - logvar_q + (var_q + (mu_q - mu_p)^2) / var_p "
    "- 1). Check that it is 0 when q = p, and the chapter's term when p = N(0, 1).",
])


def _kl(mu_q, logvar_q, mu_p, logvar_p) -> torch.Tensor:
    q = torch.distributions.Normal(mu_q, torch.exp(0.5 * logvar_q))
    p = torch.distributions.Normal(mu_p, torch.exp(0.5 * logvar_p))
    return torch.distributions.kl_divergence(q, p).sum(dim=-1)


def _check_kl(ns, args, what, rtol=1e-6, atol=1e-9) -> np.ndarray:
    got = as_array(ns.function("gaussian_kl")(*args), what)
    expected = _kl(*(a.to(torch.float64) for a in args)).numpy()
    if got.shape != expected.shape:
        raise AssertionError(f"{what} returned shape {got.shape}, expected {expected.shape}: "
                             "the KL summed over the last axis only, one value per row")
    assert_close(got, expected, f"{what}, against torch.distributions,", rtol=rtol,
                 atol=atol)
    return got


@ex.test("q3", points=1)
def kl_of_a_small_batch(ns):
    """three rows of four dimensions, every mean and log-variance different"""
    args = tuple(_randn(3, 4, seed=s) for s in (21, 22, 23, 24))
    _check_kl(ns, args, "gaussian_kl(mu_q (3, 4), logvar_q, mu_p, logvar_p)")


@ex.test("q3", points=0.5)
def kl_to_the_standard_normal(ns):
    """p = N(0, I): the chapter's VAE term, five rows of two dimensions"""
    zeros = torch.zeros(5, 2, dtype=torch.float64)
    args = (_randn(5, 2, seed=25), _randn(5, 2, seed=26), zeros, zeros)
    _check_kl(ns, args, "gaussian_kl(mu (5, 2), logvar, 0, 0)")


@ex.test("q3", points=0.5, hidden=True)
def kl_against_a_monte_carlo_estimate(ns):
    """one Gaussian of 3 dimensions (a result of shape ()), against 400,000 samples of q"""
    mu_q, logvar_q = torch.tensor([0.5, -1.0, 2.0]), torch.tensor([0.3, -1.2, 0.8])
    mu_p, logvar_p = torch.tensor([0.0, 0.5, 1.0]), torch.tensor([1.0, 0.0, -0.5])
    args = tuple(a.to(torch.float64) for a in (mu_q, logvar_q, mu_p, logvar_p))
    what = "gaussian_kl(4 tensors of shape (3,))"
    got = as_number(ns.function("gaussian_kl")(*args), what)
    mu_q, logvar_q, mu_p, logvar_p = args
    z = mu_q + torch.exp(0.5 * logvar_q) * _randn(400_000, 3, seed=27)

    def log_density(mu, logvar):
        return -0.5 * (math.log(2 * math.pi) + logvar + (z - mu) ** 2 / logvar.exp())

    terms = (log_density(mu_q, logvar_q) - log_density(mu_p, logvar_p)).sum(dim=1)
    estimate, error = terms.mean().item(), terms.std().item() / math.sqrt(len(terms))
    if abs(got - estimate) > 5 * error:
        raise AssertionError(f"{what} returned {got:.4f}, but a Monte Carlo estimate from "
                             f"400,000 samples of q gives {estimate:.4f} ± {error:.4f}")
    _check_kl(ns, args, what)


@ex.test("q3", points=0.5, hidden=True)
def kl_of_a_gaussian_to_itself_and_in_float32(ns):
    """KL(q || q) = 0 for (2, 6); float32 inputs of shape (2, 3, 5) give (2, 3)"""
    mu, logvar = _randn(2, 6, seed=28), _randn(2, 6, seed=29)
    _check_kl(ns, (mu, logvar, mu.clone(), logvar.clone()), "gaussian_kl(q, q)")
    args = tuple(_randn(2, 3, 5, seed=s, dtype=torch.float32) for s in (30, 31, 32, 33))
    _check_kl(ns, args, "gaussian_kl(float32 (2, 3, 5) inputs)", rtol=1e-4, atol=1e-5)


@ex.test("q3", points=0.5, hidden=True)
def kl_with_very_different_variances(ns):
    """log-variances from -8 to 8 on either side: the direction of the KL matters"""
    logvar_q = torch.linspace(-8, 8, 7, dtype=torch.float64)[None].repeat(2, 1)
    logvar_p = logvar_q.flip(-1)
    mu_q, mu_p = _randn(2, 7, seed=34), _randn(2, 7, seed=35) * 3
    _check_kl(ns, (mu_q, logvar_q, mu_p, logvar_p), "gaussian_kl(logvar_q from -8 to 8, "
              "logvar_p from 8 to -8)")


# --- q4: ROC-AUC from ranks ------------------------------------------------------------------

ex.question("q4", "ROC-AUC from ranks", transfer=True, bans=[
    "sklearn.metrics.roc_auc_score", "sklearn.metrics._ranking.roc_auc_score",
    "sklearn.metrics.roc_curve", "sklearn.metrics._ranking.roc_curve",
    "scipy.stats.rankdata", "scipy.stats.mannwhitneyu",
], hints=[
    "Put all the scores in one array, normal first. The rank of a score is its position "
    "in sorted order, from 1; scores that tie share the mean of the ranks they occupy.",
    "np.unique(scores, return_inverse=True, return_counts=True) gives each score its "
    "group of ties and each group its size; a group of c ties ending at rank e has mean "
    "rank e - (c - 1) / 2, and np.cumsum(counts) gives every e.",
    "U = (sum of the anomalies' ranks) - n_a (n_a + 1) / 2 counts the (normal, anomalous) "
    "pairs the anomaly wins, ties as one half; AUC = U / (n_n n_a).",
])


def _auc_by_pairs(normal: np.ndarray, anomalous: np.ndarray) -> float:
    wins = (anomalous[:, None] > normal[None, :]).sum()
    ties = (anomalous[:, None] == normal[None, :]).sum()
    return float((wins + 0.5 * ties) / (len(normal) * len(anomalous)))


def _check_auc(ns, normal, anomalous, what, expected=None) -> None:
    normal, anomalous = np.asarray(normal, dtype=float), np.asarray(anomalous, dtype=float)
    got = as_number(ns.function("roc_auc_by_ranks")(normal, anomalous), what)
    expected = _auc_by_pairs(normal, anomalous) if expected is None else expected
    assert_close(got, expected, what, rtol=0, atol=1e-9)


@ex.test("q4", points=1)
def auc_of_a_small_example(ns):
    """4 normal and 3 anomalous scores, one tie between them: 9.5 pairs won of 12"""
    _check_auc(ns, [0.1, 0.4, 0.35, 0.8], [0.9, 0.4, 0.5],
               "roc_auc_by_ranks([0.1, 0.4, 0.35, 0.8], [0.9, 0.4, 0.5])", 9.5 / 12)


@ex.test("q4", points=0.5)
def auc_when_every_score_ties(ns):
    """every score 1.0: the detector tells nothing, AUC = 0.5"""
    _check_auc(ns, [1.0] * 5, [1.0] * 3, "roc_auc_by_ranks([1.0] * 5, [1.0] * 3)", 0.5)


@ex.test("q4", points=0.5, hidden=True)
def auc_of_perfect_inverted_and_single_scores(ns):
    """anomalies all above (1.0), all below (0.0); one score of each kind, tied (0.5)"""
    _check_auc(ns, [1.0, 2.0, 3.0], [4.0, 5.0], "roc_auc_by_ranks([1, 2, 3], [4, 5])", 1.0)
    _check_auc(ns, [4.0, 5.0], [1.0, 2.0, 3.0], "roc_auc_by_ranks([4, 5], [1, 2, 3])", 0.0)
    _check_auc(ns, [0.2], [0.2], "roc_auc_by_ranks([0.2], [0.2])", 0.5)


@ex.test("q4", points=1, hidden=True, seconds=15)
def auc_of_many_tied_scores_against_scikit_learn(ns):
    """2,000 normal and 3,000 anomalous scores among 10 values; then unrounded scores"""
    from sklearn.metrics import roc_auc_score
    rng = np.random.default_rng(36)
    for normal, anomalous, kind in [
            (rng.integers(0, 7, 2000), rng.integers(3, 10, 3000), "10 distinct values"),
            (rng.normal(0, 1, 1500), rng.normal(0.7, 1.2, 2500), "continuous scores")]:
        normal, anomalous = normal.astype(float), anomalous.astype(float)
        labels = np.r_[np.zeros(len(normal)), np.ones(len(anomalous))]
        expected = roc_auc_score(labels, np.r_[normal, anomalous])
        _check_auc(ns, normal, anomalous, f"roc_auc_by_ranks on {len(normal)} normal and "
                   f"{len(anomalous)} anomalous scores ({kind}), against scikit-learn,",
                   expected)


# --- q5: precision and recall at a percentile threshold ----------------------------------------

ex.question("q5", "Precision and recall at a percentile threshold", transfer=True, bans=[
    "sklearn.metrics.precision_score", "sklearn.metrics.recall_score",
    "sklearn.metrics.f1_score", "sklearn.metrics.precision_recall_fscore_support",
    "sklearn.metrics._classification.precision_recall_fscore_support",
], hints=[
    "np.percentile(val_errors, percentile) takes a percentile from 0 to 100 and "
    "interpolates linearly; the threshold comes from the validation errors, never the "
    "test errors.",
    "flagged = test_errors > threshold (strictly). True positives: flagged and anomalous. "
    "Precision divides them by the number flagged, recall by the number of anomalies.",
    "Guard each division: an empty denominator gives 0.0 as the question states; "
    "F1 = 2 P R / (P + R) is the harmonic mean, not the average.",
])

REPORT_KEYS = ("threshold", "precision", "recall", "f1")


def _report(val, test, truth, percentile) -> dict[str, float]:
    threshold = float(np.percentile(val, percentile))
    flagged = hits = anomalies = 0
    for error, anomalous in zip(test, truth, strict=True):
        flagged += error > threshold
        anomalies += bool(anomalous)
        hits += error > threshold and bool(anomalous)
    precision = hits / flagged if flagged else 0.0
    recall = hits / anomalies if anomalies else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "precision": precision, "recall": recall, "f1": f1}


def _check_report(ns, val, test, truth, percentile, what) -> None:
    val, test = np.asarray(val, dtype=float), np.asarray(test, dtype=float)
    truth = np.asarray(truth, dtype=bool)
    got = ns.function("threshold_report")(val, test, truth, percentile)
    if not isinstance(got, dict) or set(got) != set(REPORT_KEYS):
        keys = sorted(got) if isinstance(got, dict) else type(got).__name__
        raise AssertionError(f"{what} returned {keys}; expected a dict with the keys "
                             f"{', '.join(REPORT_KEYS)}")
    expected = _report(val, test, truth, percentile)
    for key in REPORT_KEYS:
        value = as_number(got[key], f"{what}['{key}']")
        if math.isnan(value):
            raise AssertionError(f"{what}['{key}'] is NaN: an empty count gives 0.0, as "
                                 "the question says")
        assert_close(value, expected[key], f"{what}['{key}']", rtol=0, atol=1e-9)


@ex.test("q5", points=1)
def report_of_a_small_example(ns):
    """validation errors 1 to 10, the median 5.5; one test error exactly at the threshold"""
    _check_report(ns, np.arange(1.0, 11.0), [2.0, 5.5, 6.0, 9.0, 12.0, 3.0],
                  [False, True, True, False, True, True], 50,
                  "threshold_report(1..10, [2, 5.5, 6, 9, 12, 3], ..., 50)")


@ex.test("q5", points=0.5)
def report_when_nothing_is_flagged(ns):
    """the 100th percentile, above every test error: precision, recall and F1 all 0.0"""
    _check_report(ns, [0.5, 2.0, 1.0, 4.0], [0.1, 3.0, 4.0, 2.5], [False, True, True, False],
                  100, "threshold_report([0.5, 2, 1, 4], [0.1, 3, 4, 2.5], ..., 100)")


@ex.test("q5", points=1, hidden=True)
def report_at_interpolated_percentiles(ns):
    """437 validation errors at the 95th and 99.5th percentiles; integer errors with ties"""
    rng = np.random.default_rng(40)
    val = rng.gamma(2.0, 0.5, 437)
    test = np.r_[rng.gamma(2.0, 0.5, 300), rng.gamma(5.0, 0.5, 40)]
    truth = np.arange(340) >= 300
    for percentile in (95, 99.5):
        _check_report(ns, val, test, truth, percentile, f"threshold_report(437 gamma "
                      f"errors, 340 test errors, ..., {percentile})")
    val_int, test_int = rng.integers(0, 8, 200), rng.integers(0, 12, 150)
    truth = rng.random(150) < 0.3
    _check_report(ns, val_int, test_int, truth, 90, "threshold_report(integer errors with "
                  "ties at the threshold, ..., 90)")


@ex.test("q5", points=0.5, hidden=True)
def report_without_anomalies_and_with_everything_flagged(ns):
    """no anomaly in the test set (recall 0.0); the 0th percentile flags every example"""
    _check_report(ns, [1.0, 2.0, 3.0], [0.5, 2.5, 3.5, 4.0], [False] * 4, 50,
                  "threshold_report(..., no anomaly, 50)")
    _check_report(ns, [1.0, 2.0, 3.0], [1.5, 2.5, 3.5, 4.0], [True, False, False, True], 0,
                  "threshold_report([1, 2, 3], [1.5, 2.5, 3.5, 4], ..., 0)")


# --- q6: the cosine noise schedule -------------------------------------------------------------

ex.question("q6", "The cosine noise schedule", transfer=True, hints=[
    "Evaluate f at u = 0, 1, ..., T (T + 1 values): torch.arange(T + 1, "
    "dtype=torch.float64). Remember to square the cosine.",
    "betas[t] = 1 - f(t + 1) / f(t) for t = 0, ..., T - 1: f[1:] / f[:-1]. Clip with "
    ".clamp(max=0.999).",
    "alpha_bar = torch.cumprod(1 - betas, 0) after the clip. For T = 1: f(1) is cos(pi/2)^2,"
    " about 0, so the only beta is clipped to 0.999 and alpha_bar is [0.001].",
])


def _cosine(T: int, s: float) -> tuple[np.ndarray, np.ndarray]:
    def f(u):
        return math.cos((u / T + s) / (1 + s) * math.pi / 2) ** 2

    betas, alpha_bar, product = [], [], 1.0
    for t in range(T):
        beta = min(1 - f(t + 1) / f(t), 0.999)
        product *= 1 - beta
        betas.append(beta)
        alpha_bar.append(product)
    return np.array(betas), np.array(alpha_bar)


def _check_schedule(ns, T: int, s: float | None) -> tuple[np.ndarray, np.ndarray]:
    what = f"cosine_schedule({T})" if s is None else f"cosine_schedule({T}, s={s})"
    result = ns.function("cosine_schedule")(T) if s is None else ns.function(
        "cosine_schedule")(T, s)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return two tensors, (betas, alpha_bar)")
    betas, alpha_bar = (as_array(r, f"{what}[{i}]") for i, r in enumerate(result))
    expected_betas, expected_alpha_bar = _cosine(T, 0.008 if s is None else s)
    for got, name in ((betas, "betas"), (alpha_bar, "alpha_bar")):
        if got.shape != (T,):
            raise AssertionError(f"{what}: {name} has shape {got.shape}, expected ({T},)")
        if got.dtype != np.float64:
            raise AssertionError(f"{what}: {name} is {got.dtype}; the question asks for "
                                 "float64 (the first betas are tiny differences of nearly "
                                 "equal numbers)")
    assert_close(betas, expected_betas, f"{what}: the betas", rtol=1e-9, atol=1e-12)
    assert_close(alpha_bar, expected_alpha_bar, f"{what}: alpha_bar, the product of 1 - "
                 "betas after the clip,", rtol=1e-9, atol=1e-12)
    return betas, alpha_bar


@ex.test("q6", points=1)
def schedule_of_ten_steps(ns):
    """T = 10 with the default s = 0.008"""
    _check_schedule(ns, 10, None)


@ex.test("q6", points=0.5)
def schedule_of_one_step(ns):
    """T = 1: the only beta is clipped to 0.999, alpha_bar is [0.001]"""
    _check_schedule(ns, 1, None)


@ex.test("q6", points=1, hidden=True)
def schedule_of_a_thousand_steps(ns):
    """T = 1,000: every beta, the last one clipped, and alpha_bar falling to the end"""
    _check_schedule(ns, 1000, None)


@ex.test("q6", points=0.5, hidden=True)
def schedules_with_other_offsets(ns):
    """s = 0 over 50 steps and s = 0.1 over 7"""
    _check_schedule(ns, 50, 0.0)
    _check_schedule(ns, 7, 0.1)


# --- q7: a deterministic DDIM step -------------------------------------------------------------

ex.question("q7", "A deterministic DDIM step", transfer=True, hints=[
    "Invert the forward process: x0_pred = (x_t - sqrt(1 - alpha_bar[t]) * eps_pred) / "
    "sqrt(alpha_bar[t]). Then x_prev is the forward process at t_prev, applied to x0_pred "
    "with eps_pred as the noise.",
    "alpha_bar[t] has shape (B,); give it one coefficient per example across every other "
    "axis with .view(-1, *[1] * (x_t.dim() - 1)). Without it, (B,) would be broadcast "
    "along the last axis.",
    "alpha_bar[-1] is the last value of the schedule, not 1: treat t_prev = -1 apart, for "
    "instance with torch.where(t_prev >= 0, alpha_bar[t_prev.clamp(min=0)], 1.0).",
])


def _linear_alpha_bar(T: int) -> torch.Tensor:
    return torch.cumprod(1 - torch.linspace(1e-4, 0.02, T, dtype=torch.float64), 0)


def _forward(x0: torch.Tensor, eps: torch.Tensor, steps, alpha_bar) -> torch.Tensor:
    """x at the given steps, one per example; step -1 is x0 itself."""
    out = torch.empty_like(x0)
    for i, t in enumerate(steps):
        a = 1.0 if t < 0 else float(alpha_bar[t])
        out[i] = math.sqrt(a) * x0[i] + math.sqrt(1 - a) * eps[i]
    return out


def _step(ns, x_t, eps, t, t_prev, alpha_bar, what):
    result = ns.function("ddim_step")(x_t, eps, torch.tensor(t), torch.tensor(t_prev),
                                      alpha_bar)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return two tensors, (x_prev, x0_pred)")
    x_prev, x0_pred = (as_array(r, f"{what}[{i}]") for i, r in enumerate(result))
    for got, name in ((x_prev, "x_prev"), (x0_pred, "x0_pred")):
        if got.shape != tuple(x_t.shape):
            raise AssertionError(f"{what}: {name} has shape {got.shape}, expected "
                                 f"{tuple(x_t.shape)}, the shape of x_t")
    return x_prev, x0_pred


def _check_recovery(ns, x0, eps, t, t_prev, alpha_bar, what, rtol=1e-6, atol=1e-9):
    x_t = _forward(x0, eps, t, alpha_bar)
    x_prev, x0_pred = _step(ns, x_t, eps, t, t_prev, alpha_bar, what)
    assert_close(x0_pred, x0.numpy(), f"{what}: x0_pred, with the true noise as eps_pred, "
                 "against the x0 that made x_t", rtol=rtol, atol=atol)
    data = " (where t_prev = -1, alpha_bar counts as 1: x_prev is x0)" if -1 in t_prev else ""
    assert_close(x_prev, _forward(x0, eps, t_prev, alpha_bar).numpy(), f"{what}: x_prev, "
                 f"against the forward process at t_prev with the same x0 and noise{data}",
                 rtol=rtol, atol=atol)


@ex.test("q7", points=1)
def step_back_with_the_true_noise(ns):
    """three 2-D points at steps 50, 20, 99, back to 10, 19, 0 (100 linear steps)"""
    _check_recovery(ns, _randn(3, 2, seed=51), _randn(3, 2, seed=52), [50, 20, 99],
                    [10, 19, 0], _linear_alpha_bar(100), "ddim_step(x_t (3, 2), eps, t = "
                    "[50, 20, 99], t_prev = [10, 19, 0], alpha_bar)")


@ex.test("q7", points=0.5)
def step_to_the_data(ns):
    """t_prev = -1 for every example: x_prev is x0_pred, and both are x0"""
    _check_recovery(ns, _randn(2, 5, seed=53), _randn(2, 5, seed=54), [30, 99], [-1, -1],
                    _linear_alpha_bar(100), "ddim_step(x_t (2, 5), eps, t = [30, 99], "
                    "t_prev = [-1, -1], alpha_bar)")


def _ddim_reference(x_t, eps, t, t_prev, alpha_bar) -> tuple[np.ndarray, np.ndarray]:
    x0 = torch.empty_like(x_t)
    for i, step in enumerate(t):
        a = float(alpha_bar[step])
        x0[i] = (x_t[i] - math.sqrt(1 - a) * eps[i]) / math.sqrt(a)
    return _forward(x0, eps, t_prev, alpha_bar).numpy(), x0.numpy()


@ex.test("q7", points=1, hidden=True)
def step_on_images_as_wide_as_the_batch(ns):
    """4 images (1, 4, 4), a cosine schedule, mixed t_prev with -1, a predicted noise"""
    T = 40
    u = torch.arange(T + 1, dtype=torch.float64)
    f = torch.cos((u / T + 0.008) / 1.008 * math.pi / 2) ** 2
    alpha_bar = torch.cumprod(1 - (1 - f[1:] / f[:-1]).clamp(max=0.999), 0)
    x0 = torch.rand(4, 1, 4, 4, generator=torch.Generator().manual_seed(55),
                    dtype=torch.float64)
    t, t_prev = [35, 10, 39, 3], [20, -1, 0, 2]
    what = f"ddim_step(x_t (4, 1, 4, 4), eps, t = {t}, t_prev = {t_prev}, alpha_bar)"
    _check_recovery(ns, x0, _randn(4, 1, 4, 4, seed=56), t, t_prev, alpha_bar, what)
    x_t, eps_pred = _randn(4, 1, 4, 4, seed=57), _randn(4, 1, 4, 4, seed=58) * 0.8
    x_prev, x0_pred = _step(ns, x_t, eps_pred, t, t_prev, alpha_bar, what)
    expected_prev, expected_x0 = _ddim_reference(x_t, eps_pred, t, t_prev, alpha_bar)
    assert_close(x0_pred, expected_x0, f"{what}: x0_pred, for an eps_pred that is not the "
                 "true noise,", rtol=1e-6, atol=1e-9)
    assert_close(x_prev, expected_prev, f"{what}: x_prev, for an eps_pred that is not the "
                 "true noise,", rtol=1e-6, atol=1e-9)


@ex.test("q7", points=0.5, hidden=True)
def steps_chained_from_noise_to_data(ns):
    """99 -> 74 -> 49 -> 24 -> -1 in float32, a batch of one: back to the x0 that started"""
    alpha_bar = _linear_alpha_bar(100).to(torch.float32)
    x0 = torch.rand(1, 3, 2, generator=torch.Generator().manual_seed(59))
    eps = _randn(1, 3, 2, seed=60, dtype=torch.float32)
    x = _forward(x0, eps, [99], alpha_bar)
    for t, t_prev in ((99, 74), (74, 49), (49, 24), (24, -1)):
        what = f"ddim_step(float32 x_t (1, 3, 2), eps, t = [{t}], t_prev = [{t_prev}])"
        x_prev, x0_pred = _step(ns, x, eps, [t], [t_prev], alpha_bar, what)
        assert_close(x0_pred, x0.numpy(), f"{what}: x0_pred", rtol=1e-3, atol=1e-3)
        x = torch.as_tensor(x_prev, dtype=torch.float32)
    assert_close(x.numpy(), x0.numpy(), "after four steps the chain", rtol=1e-3, atol=1e-3)


# --- q8: a discriminator loss with one-sided label smoothing -----------------------------------

ex.question("q8", "A discriminator loss with one-sided label smoothing", transfer=True, bans=[
    "torch.nn.functional.binary_cross_entropy_with_logits",
    "torch.binary_cross_entropy_with_logits", "torch.nn.functional.binary_cross_entropy",
    "torch.nn.BCEWithLogitsLoss.forward", "torch.nn.BCELoss.forward",
], hints=[
    "Two means added: one over the real logits, target smooth; one over the fake logits, "
    "target 0. The fakes are not smoothed.",
    "-log(sigmoid(l)) = softplus(-l) and -log(1 - sigmoid(l)) = softplus(l): "
    "F.softplus (or -F.logsigmoid) never forms exp of a large number.",
    "The cross-entropy against a target y is y * softplus(-l) + (1 - y) * softplus(l). "
    "Check the sign: it is smallest where sigmoid(l) = y.",
])


def _d_loss(real: torch.Tensor, fake: torch.Tensor, smooth: float) -> float:
    real, fake = real.to(torch.float64), fake.to(torch.float64)
    return float(F.binary_cross_entropy_with_logits(real, torch.full_like(real, smooth))
                 + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)))


def _check_d_loss(ns, real, fake, smooth, what, rtol=1e-6) -> None:
    real = torch.as_tensor(real, dtype=torch.float64) if isinstance(real, list) else real
    fake = torch.as_tensor(fake, dtype=torch.float64) if isinstance(fake, list) else fake
    f = ns.function("discriminator_loss")
    got = as_number(f(real, fake) if smooth is None else f(real, fake, smooth), what)
    if not math.isfinite(got):
        raise AssertionError(f"{what} returned {got}: compute the cross-entropy from the "
                             "logits without taking the log of a sigmoid")
    assert_close(got, _d_loss(real, fake, 0.9 if smooth is None else smooth), what,
                 rtol=rtol, atol=1e-9)


@ex.test("q8", points=1)
def loss_of_moderate_logits(ns):
    """three real and two fake logits between -1 and 2, the default smooth = 0.9"""
    _check_d_loss(ns, [0.5, -1.0, 2.0], [0.3, -0.7], None,
                  "discriminator_loss([0.5, -1, 2], [0.3, -0.7])")


@ex.test("q8", points=0.5)
def loss_with_other_smoothing_and_batch_sizes(ns):
    """smooth = 1 (no smoothing) and 0.8; one real logit against five fakes"""
    real, fake = _randn(1, seed=61), _randn(5, seed=62)
    for smooth in (1.0, 0.8):
        _check_d_loss(ns, real, fake, smooth, f"discriminator_loss(real (1,), fake (5,), "
                      f"smooth={smooth})")


@ex.test("q8", points=1, hidden=True)
def loss_of_saturated_logits(ns):
    """logits of ±1,000 and ±50, in float64 and float32: finite, and the exact value"""
    real, fake = [1000.0, -1000.0, 50.0, 3.0], [-1000.0, 1000.0, -50.0, 40.0]
    _check_d_loss(ns, real, fake, None, "discriminator_loss([1000, -1000, 50, 3], "
                  "[-1000, 1000, -50, 40])")
    _check_d_loss(ns, torch.tensor(real), torch.tensor(fake), 0.9, "discriminator_loss("
                  "float32 logits up to ±1000)", rtol=1e-5)


def _probe_d_loss_gradients(variables, real, fake):
    """discriminator_loss on logits that require gradients, and autograd's answer"""
    import torch
    real = torch.tensor(real, dtype=torch.float64, requires_grad=True)
    fake = torch.tensor(fake, dtype=torch.float64, requires_grad=True)
    loss = variables.function("discriminator_loss")(real, fake)
    if not isinstance(loss, torch.Tensor) or not loss.requires_grad:
        return {"grads": None}
    grads = torch.autograd.grad(loss, [real, fake], allow_unused=True)
    return {"grads": [torch.zeros_like(real if i == 0 else fake) if g is None else g
                      for i, g in enumerate(grads)]}


@ex.test("q8", points=0.5, hidden=True)
def gradient_of_the_loss(ns):
    """autograd through your loss: (sigmoid(l) - y) / n, also at logits of ±1,000"""
    real, fake = [1000.0, 0.5, -2.0], [-1000.0, 1.5, 1000.0, 0.2, -0.3]
    view = ns.probe(_probe_d_loss_gradients, real, fake)
    if view["grads"] is None:
        raise AssertionError("discriminator_loss returned a value autograd cannot "
                             "differentiate: return the tensor, not .item() or a float")
    for got, logits, target, name in ((view["grads"][0], real, 0.9, "real"),
                                      (view["grads"][1], fake, 0.0, "fake")):
        logits = torch.tensor(logits, dtype=torch.float64)
        expected = (torch.sigmoid(logits) - target) / len(logits)
        assert_close(as_array(got, "a gradient"), expected.numpy(), f"the gradient of the "
                     f"loss with respect to the {name} logits {logits.tolist()}",
                     rtol=1e-6, atol=1e-12)
