"""Right answers to the Chapter 10 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("the standard deviation as sqrt(exp(logvar)), the noise drawn with normal_",
         "std = torch.sqrt(torch.exp(logvar))\n"
         "eps = torch.empty_like(mu).normal_(generator=generator)\n"
         "return mu + std * eps"),
        ("the noise drawn in float64 and cast, the sample made with torch.addcmul",
         "eps = torch.randn(*mu.shape, generator=generator, dtype=torch.float64)\n"
         "return torch.addcmul(mu, logvar.mul(0.5).exp(), eps.to(mu.dtype))"),
        ("exp(logvar / 2) written as exp(logvar) ** 0.5",
         "noise = torch.randn(mu.size(), generator=generator).to(mu)\n"
         "return mu + logvar.exp() ** 0.5 * noise"),
    ],
    "q2": [
        ("the difference of two exponential draws, from two uniforms",
         "u = torch.rand((2,) + tuple(loc.shape), generator=generator, dtype=loc.dtype)\n"
         "e = -torch.log1p(-u)\n"
         "return loc + log_scale.exp() * (e[0] - e[1])"),
        ("the inverse CDF split by torch.where, in float64, cast back",
         "u = torch.rand(*loc.shape, generator=generator, dtype=torch.float64)\n"
         "below = torch.log(2 * u)\n"
         "above = -torch.log(2 - 2 * u)\n"
         "noise = torch.where(u < 0.5, below, above).to(loc.dtype)\n"
         "return loc + torch.exp(log_scale) * noise"),
        ("a random sign times an exponential",
         "u = torch.rand(loc.shape, generator=generator, dtype=loc.dtype)\n"
         "sign = torch.where(u < 0.5, -1.0, 1.0).to(loc.dtype)\n"
         "magnitude = -torch.log1p(-(2 * u - 1).abs())\n"
         "return loc + sign * magnitude * torch.exp(log_scale)"),
    ],
    "q3": [
        ("variances and log-ratios spelled out, one dimension at a time in a loop",
         "var_q, var_p = logvar_q.exp(), logvar_p.exp()\n"
         "total = torch.zeros(mu_q.shape[:-1], dtype=mu_q.dtype)\n"
         "for i in range(mu_q.shape[-1]):\n"
         "    log_ratio = torch.log(var_p[..., i] / var_q[..., i])\n"
         "    rest = (var_q[..., i] + (mu_q[..., i] - mu_p[..., i]) ** 2) / var_p[..., i]\n"
         "    total = total + 0.5 * (log_ratio + rest - 1)\n"
         "return total"),
        ("standard deviations and the log of their ratio, in float64",
         "mq, lq, mp, lp = (a.double() for a in (mu_q, logvar_q, mu_p, logvar_p))\n"
         "sq, sp = torch.exp(lq / 2), torch.exp(lp / 2)\n"
         "kl = torch.log(sp / sq) + (sq ** 2 + (mq - mp) ** 2) / (2 * sp ** 2) - 0.5\n"
         "return kl.sum(-1).to(mu_q.dtype)"),
        ("NumPy",
         "mq, lq, mp, lp = (np.asarray(a, dtype=np.float64) for a in "
         "(mu_q, logvar_q, mu_p, logvar_p))\n"
         "return 0.5 * np.sum(lp - lq + (np.exp(lq) + (mq - mp) ** 2) * np.exp(-lp) - 1, "
         "axis=-1)"),
    ],
    "q4": [
        ("every pair compared, ties counted half",
         "a = np.asarray(scores_anomalous, dtype=float)[:, None]\n"
         "n = np.asarray(scores_normal, dtype=float)[None, :]\n"
         "return float(np.mean(a > n) + 0.5 * np.mean(a == n))"),
        ("a loop over sorted scores that gives each tied run its mean rank",
         "scores = list(scores_normal) + list(scores_anomalous)\n"
         "order = sorted(range(len(scores)), key=lambda i: scores[i])\n"
         "ranks = [0.0] * len(scores)\n"
         "i = 0\n"
         "while i < len(order):\n"
         "    j = i\n"
         "    while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:\n"
         "        j += 1\n"
         "    for k in range(i, j + 1):\n"
         "        ranks[order[k]] = (i + j) / 2 + 1\n"
         "    i = j + 1\n"
         "n_n, n_a = len(scores_normal), len(scores_anomalous)\n"
         "u = sum(ranks[n_n:]) - n_a * (n_a + 1) / 2\n"
         "return u / (n_n * n_a)"),
        ("searchsorted on the sorted normal scores: those below, and those equal",
         "normal = np.sort(np.asarray(scores_normal, dtype=float))\n"
         "a = np.asarray(scores_anomalous, dtype=float)\n"
         "below = np.searchsorted(normal, a, side='left')\n"
         "equal = np.searchsorted(normal, a, side='right') - below\n"
         "return float((below + 0.5 * equal).sum() / (len(normal) * len(a)))"),
        ("torch, ranks averaged over ties with unique_consecutive",
         "scores = torch.as_tensor(np.concatenate([scores_normal, scores_anomalous]))\n"
         "sorted_scores, _ = scores.sort()\n"
         "_, counts = torch.unique_consecutive(sorted_scores, return_counts=True)\n"
         "ends = counts.cumsum(0).double()\n"
         "mean_rank = ends - (counts.double() - 1) / 2\n"
         "group = torch.searchsorted(sorted_scores.unique_consecutive(), scores)\n"
         "n_n, n_a = len(scores_normal), len(scores_anomalous)\n"
         "u = mean_rank[group][n_n:].sum() - n_a * (n_a + 1) / 2\n"
         "return (u / (n_n * n_a)).item()"),
    ],
    "q5": [
        ("boolean tensors, F1 from the counts as 2 TP / (flagged + anomalies)",
         "threshold = torch.quantile(torch.as_tensor(val_errors), percentile / 100).item()\n"
         "flagged = torch.as_tensor(test_errors) > threshold\n"
         "truth = torch.as_tensor(test_is_anomaly)\n"
         "tp = int((flagged & truth).sum())\n"
         "n_flagged, n_anomalies = int(flagged.sum()), int(truth.sum())\n"
         "return {'threshold': threshold,\n"
         "        'precision': tp / n_flagged if n_flagged else 0.0,\n"
         "        'recall': tp / n_anomalies if n_anomalies else 0.0,\n"
         "        'f1': 2 * tp / (n_flagged + n_anomalies) if tp else 0.0}"),
        ("counted with loops, the threshold as a NumPy float",
         "threshold = np.percentile(val_errors, percentile)\n"
         "tp = fp = fn = 0\n"
         "for error, anomalous in zip(test_errors, test_is_anomaly):\n"
         "    flag = error > threshold\n"
         "    tp += int(flag and anomalous)\n"
         "    fp += int(flag and not anomalous)\n"
         "    fn += int(anomalous and not flag)\n"
         "precision = tp / (tp + fp) if tp + fp else 0.0\n"
         "recall = tp / (tp + fn) if tp + fn else 0.0\n"
         "f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0\n"
         "return dict(threshold=threshold, precision=precision, recall=recall, f1=f1)"),
        ("np.quantile of a fraction, its linear method named, errstate for the divisions",
         "threshold = np.quantile(val_errors, percentile / 100, method='linear')\n"
         "flagged = test_errors > threshold\n"
         "truth = test_is_anomaly.astype(bool)\n"
         "tp = np.count_nonzero(flagged & truth)\n"
         "with np.errstate(invalid='ignore', divide='ignore'):\n"
         "    p = np.nan_to_num(tp / np.count_nonzero(flagged))\n"
         "    r = np.nan_to_num(tp / np.count_nonzero(truth))\n"
         "    f = np.nan_to_num(2 * p * r / (p + r))\n"
         "return {'threshold': float(threshold), 'precision': float(p), 'recall': float(r),\n"
         "        'f1': float(f)}"),
        ("torch, the percentile by torch.quantile in float64",
         "v = torch.as_tensor(val_errors, dtype=torch.float64)\n"
         "threshold = torch.quantile(v, percentile / 100).item()\n"
         "flagged = torch.as_tensor(test_errors) > threshold\n"
         "truth = torch.as_tensor(test_is_anomaly)\n"
         "tp = (flagged & truth).sum().item()\n"
         "precision = tp / max(flagged.sum().item(), 1)\n"
         "recall = tp / max(truth.sum().item(), 1)\n"
         "f1 = 0.0 if tp == 0 else 2 * precision * recall / (precision + recall)\n"
         "return {'threshold': threshold, 'precision': precision, 'recall': recall, "
         "'f1': f1}"),
    ],
    "q6": [
        ("Python floats in a loop, turned into tensors",
         "def f(u):\n"
         "    return math.cos((u / T + s) / (1 + s) * math.pi / 2) ** 2\n\n"
         "betas = [min(1 - f(t + 1) / f(t), 0.999) for t in range(T)]\n"
         "alpha_bar, product = [], 1.0\n"
         "for beta in betas:\n"
         "    product *= 1 - beta\n"
         "    alpha_bar.append(product)\n"
         "return torch.tensor(betas, dtype=torch.float64), torch.tensor(alpha_bar, "
         "dtype=torch.float64)"),
        ("NumPy, the clip by np.minimum, the betas from alpha_bar's ratios",
         "u = np.linspace(0, T, T + 1)\n"
         "f = np.cos((u / T + s) / (1 + s) * np.pi / 2) ** 2\n"
         "ratio = (f / f[0])[1:] / (f / f[0])[:-1]\n"
         "betas = np.minimum(1 - ratio, 0.999)\n"
         "return betas, np.cumprod(1 - betas)"),
        ("torch.clip, and the log-space cumulative sum",
         "u = torch.arange(T + 1, dtype=torch.float64)\n"
         "f = torch.cos(math.pi / 2 * (u / T + s) / (1 + s)).square()\n"
         "betas = torch.clip(1 - f[1:] / f[:-1], max=0.999)\n"
         "return betas, torch.exp(torch.cumsum(torch.log1p(-betas), 0))"),
    ],
    "q7": [
        ("a loop over the batch with Python floats",
         "x_prev, x0_pred = torch.empty_like(x_t), torch.empty_like(x_t)\n"
         "for i in range(len(x_t)):\n"
         "    a = alpha_bar[t[i]].item()\n"
         "    b = 1.0 if t_prev[i] < 0 else alpha_bar[t_prev[i]].item()\n"
         "    x0_pred[i] = (x_t[i] - math.sqrt(1 - a) * eps_pred[i]) / math.sqrt(a)\n"
         "    x_prev[i] = math.sqrt(b) * x0_pred[i] + math.sqrt(1 - b) * eps_pred[i]\n"
         "return x_prev, x0_pred"),
        ("alpha_bar padded with a 1 so that index -1 + 1 = 0 reads it, reshape by "
         "reshape",
         "padded = torch.cat([alpha_bar.new_ones(1), alpha_bar])\n"
         "dims = [1] * (x_t.ndim - 1)\n"
         "a = padded[t + 1].reshape(-1, *dims)\n"
         "b = padded[t_prev + 1].reshape(-1, *dims)\n"
         "x0_pred = (x_t - torch.sqrt(1 - a) * eps_pred) * torch.rsqrt(a)\n"
         "return torch.sqrt(b) * x0_pred + torch.sqrt(1 - b) * eps_pred, x0_pred"),
        ("x_prev from x_t directly, with the coefficients of the DDIM paper, in float64",
         "shape = (len(x_t),) + (1,) * (x_t.dim() - 1)\n"
         "ab = alpha_bar.double()\n"
         "a = ab[t].reshape(shape)\n"
         "b = torch.where(t_prev < 0, torch.ones_like(a.flatten()), ab[t_prev.clamp(0)])"
         ".reshape(shape)\n"
         "xt, eps = x_t.double(), eps_pred.double()\n"
         "x0 = (xt - (1 - a).sqrt() * eps) / a.sqrt()\n"
         "prev = (b / a).sqrt() * xt + ((1 - b).sqrt() - (b * (1 - a) / a).sqrt()) * eps\n"
         "return prev.to(x_t.dtype), x0.to(x_t.dtype)"),
    ],
    "q8": [
        ("-F.logsigmoid for both logs",
         "real = -(smooth * F.logsigmoid(real_logits) "
         "+ (1 - smooth) * F.logsigmoid(-real_logits))\n"
         "fake = -F.logsigmoid(-fake_logits)\n"
         "return real.mean() + fake.mean()"),
        ("the stable form max(l, 0) - l y + log(1 + exp(-|l|)), written once",
         "def bce(logits, target):\n"
         "    return (logits.clamp(min=0) - logits * target\n"
         "            + torch.log1p(torch.exp(-logits.abs()))).mean()\n\n"
         "return bce(real_logits, smooth) + bce(fake_logits, 0.0)"),
        ("softplus(l) - y l, with sums divided by the batch sizes",
         "real = (F.softplus(real_logits) - smooth * real_logits).sum() / len(real_logits)\n"
         "fake = F.softplus(fake_logits).sum() / fake_logits.numel()\n"
         "return real + fake"),
    ],
}
