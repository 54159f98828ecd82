"""Plausible wrong answers to the Chapter 10 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""


def _kl(ratio: str = "torch.exp(logvar_q - logvar_p)",
        distance: str = "(mu_q - mu_p) ** 2 / torch.exp(logvar_p)",
        log_term: str = "(logvar_q - logvar_p)",
        total: str = "0.5 * (ratio + distance - 1 - {log}).sum(dim=-1)") -> str:
    """The solution of question 3 with one of its terms changed."""
    return (f"ratio = {ratio}\n"
            f"distance = {distance}\n"
            "return " + total.format(log=log_term))


def _report(threshold: str = "float(np.percentile(val_errors, percentile))",
            flag: str = "test_errors > threshold",
            precision: str = "hits / flagged.sum() if flagged.sum() > 0 else 0.0",
            recall: str = "hits / truth.sum() if truth.sum() > 0 else 0.0",
            f1: str = "2 * precision * recall / total if total > 0 else 0.0") -> str:
    """The solution of question 5 with one of its parts changed."""
    return (f"threshold = {threshold}\n"
            f"flagged = {flag}\n"
            "truth = np.asarray(test_is_anomaly, dtype=bool)\n"
            "hits = int(np.sum(flagged & truth))\n"
            f"precision = {precision}\n"
            f"recall = {recall}\n"
            "total = precision + recall\n"
            f"f1 = {f1}\n"
            "return {'threshold': threshold, 'precision': float(precision),\n"
            "        'recall': float(recall), 'f1': float(f1)}")


def _cosine(u: str = "torch.arange(T + 1, dtype=torch.float64)",
            f: str = "torch.cos((u / T + s) / (1 + s) * math.pi / 2) ** 2",
            betas: str = "(1 - f[1:] / f[:-1]).clamp(max=0.999)",
            out: str = "return betas, torch.cumprod(1 - betas, 0)") -> str:
    """The solution of question 6 with one of its parts changed."""
    return f"u = {u}\nf = {f}\nbetas = {betas}\n{out}"


def _ddim(shape: str = "(-1,) + (1,) * (x_t.dim() - 1)",
          ab_prev: str = "torch.where(t_prev >= 0, alpha_bar[t_prev.clamp(min=0)], 1.0)",
          x0: str = "(x_t - (1 - ab_t).sqrt() * eps_pred) / ab_t.sqrt()",
          prev: str = "ab_prev.sqrt() * x0_pred + (1 - ab_prev).sqrt() * eps_pred") -> str:
    """The solution of question 7 with one of its parts changed."""
    return (f"shape = {shape}\n"
            "ab_t = alpha_bar[t].view(shape)\n"
            f"ab_prev = ({ab_prev}).view(shape)\n"
            f"x0_pred = {x0}\n"
            f"x_prev = {prev}\n"
            "return x_prev, x0_pred")


def _d_loss(real: str = "smooth * F.softplus(-real_logits) + (1 - smooth) * "
                        "F.softplus(real_logits)",
            fake: str = "F.softplus(fake_logits)",
            out: str = "return real.mean() + fake.mean()") -> str:
    """The solution of question 8 with one of its parts changed."""
    return f"real = {real}\nfake = {fake}\n{out}"


WRONG_ANSWERS = {
    "q1": [
        ("the standard deviation taken as exp(logvar), the variance's square",
         "eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype)\n"
         "return mu + torch.exp(logvar) * eps"),
        ("logvar used as the standard deviation itself",
         "eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype)\n"
         "return mu + logvar * eps"),
        ("torch.normal: the right distribution, but no gradient reaches mu or logvar",
         "return torch.normal(mu, torch.exp(0.5 * logvar), generator=generator)"),
        ("one eps shared by the whole batch",
         "eps = torch.randn(mu.shape[-1], generator=generator, dtype=mu.dtype)\n"
         "return mu + torch.exp(0.5 * logvar) * eps"),
        ("the generator ignored: the global seed decides the sample",
         "return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)"),
        ("uniform noise in place of Gaussian noise, scaled to unit variance",
         "u = torch.rand(mu.shape, generator=generator, dtype=mu.dtype)\n"
         "return mu + torch.exp(0.5 * logvar) * (u - 0.5) * 12 ** 0.5"),
        ("the sample detached from the graph",
         "eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype)\n"
         "return (mu + torch.exp(0.5 * logvar) * eps).detach()"),
    ],
    "q2": [
        ("Gaussian noise scaled to the Laplace's standard deviation",
         "eps = torch.randn(loc.shape, generator=generator, dtype=loc.dtype)\n"
         "return loc + torch.exp(log_scale) * 2 ** 0.5 * eps"),
        ("log_scale used as the scale",
         "u = torch.rand(loc.shape, generator=generator, dtype=loc.dtype) - 0.5\n"
         "return loc - log_scale * torch.sign(u) * torch.log1p(-2 * u.abs())"),
        ("the sign left out: every draw on one side of loc",
         "u = torch.rand(loc.shape, generator=generator, dtype=loc.dtype) - 0.5\n"
         "return loc - torch.exp(log_scale) * torch.log1p(-2 * u.abs())"),
        ("u uniform on (0, 1) in the formula meant for (-1/2, 1/2)",
         "u = torch.rand(loc.shape, generator=generator, dtype=loc.dtype)\n"
         "return loc - torch.exp(log_scale) * torch.sign(u) * torch.log(1 - 2 * u.abs())"),
        ("exponential noise: -log(u), one-sided",
         "u = torch.rand(loc.shape, generator=generator, dtype=loc.dtype)\n"
         "return loc - torch.exp(log_scale) * torch.log(u)"),
        ("torch.distributions.Laplace's rsample, which the question does not allow",
         "laplace = torch.distributions.Laplace(loc, torch.exp(log_scale))\n"
         "return laplace.rsample()"),
        ("the scale divided instead of multiplied",
         "u = torch.rand(loc.shape, generator=generator, dtype=loc.dtype) - 0.5\n"
         "return loc - torch.sign(u) * torch.log1p(-2 * u.abs()) / torch.exp(log_scale)"),
        ("the noise drawn without the generator",
         "u = torch.rand_like(loc) - 0.5\n"
         "return loc - torch.exp(log_scale) * torch.sign(u) * torch.log1p(-2 * u.abs())"),
    ],
    "q3": [
        ("the reverse direction, KL(p || q)",
         "ratio = torch.exp(logvar_p - logvar_q)\n"
         "distance = (mu_q - mu_p) ** 2 / torch.exp(logvar_q)\n"
         "return 0.5 * (ratio + distance - 1 - (logvar_p - logvar_q)).sum(dim=-1)"),
        ("log-variances used as variances",
         _kl(ratio="logvar_q / logvar_p", distance="(mu_q - mu_p) ** 2 / logvar_p",
             log_term="(torch.log(logvar_q) - torch.log(logvar_p))")),
        ("the squared distance divided by q's variance, not p's",
         _kl(distance="(mu_q - mu_p) ** 2 / torch.exp(logvar_q)")),
        ("the factor 1/2 left out", _kl(total="(ratio + distance - 1 - {log}).sum(dim=-1)")),
        ("the sign of the log term flipped", _kl(log_term="(logvar_p - logvar_q)")),
        ("summed over every axis: one number for the batch",
         _kl(total="0.5 * (ratio + distance - 1 - {log}).sum()")),
        ("averaged over the dimensions instead of summed",
         _kl(total="0.5 * (ratio + distance - 1 - {log}).mean(dim=-1)")),
        ("the standard normal's formula, whatever p is",
         "return 0.5 * (mu_q ** 2 + logvar_q.exp() - 1 - logvar_q).sum(dim=-1)"),
        ("torch.distributions, which the question does not allow",
         "q = torch.distributions.Normal(mu_q, torch.exp(0.5 * logvar_q))\n"
         "p = torch.distributions.Normal(mu_p, torch.exp(0.5 * logvar_p))\n"
         "return torch.distributions.kl_divergence(q, p).sum(dim=-1)"),
    ],
    "q4": [
        ("ties ignored: only strict wins count",
         "a = np.asarray(scores_anomalous)[:, None]\n"
         "return float((a > np.asarray(scores_normal)[None, :]).mean())"),
        ("ties counted as wins",
         "a = np.asarray(scores_anomalous)[:, None]\n"
         "return float((a >= np.asarray(scores_normal)[None, :]).mean())"),
        ("inverted: the probability that a normal example scores higher",
         "n = np.asarray(scores_normal)[:, None]\n"
         "a = np.asarray(scores_anomalous)[None, :]\n"
         "return float((n > a).mean() + 0.5 * (n == a).mean())"),
        ("the accuracy of the threshold 0.5",
         "right = np.r_[np.asarray(scores_normal) < 0.5, np.asarray(scores_anomalous) >= 0.5]\n"
         "return float(right.mean())"),
        ("ranks from argsort: ties broken by position, not averaged",
         "scores = np.concatenate([scores_normal, scores_anomalous])\n"
         "ranks = np.argsort(np.argsort(scores, kind='stable')) + 1\n"
         "n_n, n_a = len(scores_normal), len(scores_anomalous)\n"
         "return float((ranks[n_n:].sum() - n_a * (n_a + 1) / 2) / (n_n * n_a))"),
        ("ranks counted from 0",
         "scores = np.concatenate([scores_normal, scores_anomalous])\n"
         "_, group, counts = np.unique(scores, return_inverse=True, return_counts=True)\n"
         "ranks = (np.cumsum(counts) - 1 - (counts - 1) / 2)[group]\n"
         "n_n, n_a = len(scores_normal), len(scores_anomalous)\n"
         "return float((ranks[n_n:].sum() - n_a * (n_a + 1) / 2) / (n_n * n_a))"),
        ("scikit-learn, which the question does not allow",
         "from sklearn.metrics import roc_auc_score\n\n"
         "labels = np.r_[np.zeros(len(scores_normal)), np.ones(len(scores_anomalous))]\n"
         "return float(roc_auc_score(labels, np.r_[scores_normal, scores_anomalous]))"),
        ("SciPy's rankdata, which the question does not allow",
         "from scipy.stats import rankdata\n\n"
         "ranks = rankdata(np.concatenate([scores_normal, scores_anomalous]))\n"
         "n_n, n_a = len(scores_normal), len(scores_anomalous)\n"
         "return float((ranks[n_n:].sum() - n_a * (n_a + 1) / 2) / (n_n * n_a))"),
    ],
    "q5": [
        ("flagged at or above the threshold", _report(flag="test_errors >= threshold")),
        ("the threshold taken from the test errors",
         _report(threshold="float(np.percentile(test_errors, percentile))")),
        ("the nearest validation error, not NumPy's linear interpolation",
         _report(threshold="float(np.quantile(val_errors, percentile / 100, "
                           "method='nearest'))")),
        ("the percentile divided by 100 before np.percentile",
         _report(threshold="float(np.percentile(val_errors, percentile / 100))")),
        ("precision and recall swapped",
         _report(precision="hits / truth.sum() if truth.sum() > 0 else 0.0",
                 recall="hits / flagged.sum() if flagged.sum() > 0 else 0.0")),
        ("F1 as the average of precision and recall", _report(f1="total / 2")),
        ("no guard when nothing is flagged: 0 / 0 gives NaN",
         _report(precision="hits / flagged.sum() if flagged.sum() >= 0 else 0.0",
                 f1="2 * precision * recall / total if total >= 0 else 0.0")),
        ("precision 1.0 when nothing is flagged (no false alarm)",
         _report(precision="hits / flagged.sum() if flagged.sum() > 0 else 1.0")),
        ("scikit-learn's f1_score, which the question does not allow",
         _report(f1="__import__('sklearn.metrics').metrics.f1_score(truth, flagged, "
                    "zero_division=0.0)")),
    ],
    "q6": [
        ("alpha_bar evaluated at t, not t + 1: it starts at 1",
         "u = torch.arange(T, dtype=torch.float64)\n"
         "f = torch.cos((u / T + s) / (1 + s) * math.pi / 2) ** 2\n"
         "alpha_bar = f / f[0]\n"
         "prev = torch.cat([torch.ones(1, dtype=torch.float64), alpha_bar[:-1]])\n"
         "betas = (1 - alpha_bar / prev).clamp(max=0.999)\n"
         "return betas, torch.cumprod(1 - betas, 0)"),
        ("no clipping", _cosine(betas="1 - f[1:] / f[:-1]")),
        ("the cosine not squared",
         _cosine(f="torch.cos((u / T + s) / (1 + s) * math.pi / 2)")),
        ("alpha_bar straight from f, not from the clipped betas",
         _cosine(out="return betas, f[1:] / f[0]")),
        ("the offset s left out of the cosine",
         _cosine(f="torch.cos(u / T * math.pi / 2) ** 2")),
        ("the offset hard-coded to 0.008",
         _cosine(f="torch.cos((u / T + 0.008) / 1.008 * math.pi / 2) ** 2")),
        ("alphas returned instead of betas", _cosine(out="return 1 - betas, "
                                                      "torch.cumprod(1 - betas, 0)")),
        ("computed in float32",
         _cosine(u="torch.arange(T + 1, dtype=torch.float32)")),
    ],
    "q7": [
        ("alpha_bar[t_prev] even for t_prev = -1: the last value of the schedule",
         _ddim(ab_prev="alpha_bar[t_prev]")),
        ("the coefficients not reshaped: (B,) broadcast along the last axis",
         _ddim(shape="(-1,)")),
        ("alpha_bar used where its square root belongs",
         _ddim(x0="(x_t - (1 - ab_t) * eps_pred) / ab_t",
               prev="ab_prev * x0_pred + (1 - ab_prev) * eps_pred")),
        ("x0 estimated without dividing by sqrt(alpha_bar[t])",
         _ddim(x0="x_t - (1 - ab_t).sqrt() * eps_pred")),
        ("x_prev rescaled from x_t, the noise term forgotten",
         _ddim(prev="(ab_prev / ab_t).sqrt() * x_t")),
        ("x_t changed in place",
         "shape = (-1,) + (1,) * (x_t.dim() - 1)\n"
         "ab_t = alpha_bar[t].view(shape)\n"
         "ab_prev = torch.where(t_prev >= 0, alpha_bar[t_prev.clamp(min=0)], 1.0)"
         ".view(shape)\n"
         "x_t -= (1 - ab_t).sqrt() * eps_pred\n"
         "x0_pred = x_t / ab_t.sqrt()\n"
         "return ab_prev.sqrt() * x0_pred + (1 - ab_prev).sqrt() * eps_pred, x0_pred"),
        ("the pair returned in the other order",
         _ddim().replace("return x_prev, x0_pred", "return x0_pred, x_prev")),
    ],
    "q8": [
        ("both sides smoothed: fakes aimed at 0.1",
         _d_loss(fake="0.1 * F.softplus(-fake_logits) + 0.9 * F.softplus(fake_logits)")),
        ("the log of a sigmoid: infinite for large logits",
         _d_loss(real="-(smooth * torch.log(torch.sigmoid(real_logits)) + (1 - smooth) * "
                      "torch.log(1 - torch.sigmoid(real_logits)))",
                 fake="-torch.log(1 - torch.sigmoid(fake_logits))")),
        ("a small constant inside the log: finite but wrong for large logits",
         _d_loss(real="-(smooth * torch.log(torch.sigmoid(real_logits) + 1e-8) + "
                      "(1 - smooth) * torch.log(1 - torch.sigmoid(real_logits) + 1e-8))",
                 fake="-torch.log(1 - torch.sigmoid(fake_logits) + 1e-8)")),
        ("the generator's non-saturating loss instead",
         "return F.softplus(-fake_logits).mean()"),
        ("the targets swapped: real aimed at 0, fake at smooth",
         _d_loss(real="F.softplus(real_logits)",
                 fake="smooth * F.softplus(-fake_logits) + (1 - smooth) * "
                      "F.softplus(fake_logits)")),
        ("one mean over both batches together",
         _d_loss(out="return torch.cat([real, fake]).mean()")),
        ("a Python float: no gradient",
         _d_loss(out="return float(real.mean() + fake.mean())")),
        ("the smoothing ignored: real aimed at 1",
         _d_loss(real="F.softplus(-real_logits)")),
        ("PyTorch's loss, which the question does not allow",
         "return (F.binary_cross_entropy_with_logits(real_logits, "
         "torch.full_like(real_logits, smooth))\n"
         "        + F.binary_cross_entropy_with_logits(fake_logits, "
         "torch.zeros_like(fake_logits)))"),
    ],
}
