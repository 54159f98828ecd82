"""Right answers to the Chapter 13 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("joules to watt-hours to kWh, in two divisions",
         "if pue < 1 or seconds < 0 or watts < 0 or grams_co2_per_kwh < 0:\n"
         "    raise ValueError('pue must be >= 1 and the other inputs >= 0')\n"
         "joules = seconds * watts * pue\n"
         "watt_hours = joules / 3600\n"
         "kwh = watt_hours / 1000\n"
         "grams = kwh * grams_co2_per_kwh\n"
         "return (kwh, grams / 1000)"),
        ("hours times kilowatts, as NumPy float64, returned as a list",
         "if not pue >= 1:\n"
         "    raise ValueError(f'PUE {pue} < 1')\n"
         "if np.any(np.array([seconds, watts, grams_co2_per_kwh]) < 0):\n"
         "    raise ValueError('negative input')\n"
         "hours, kilowatts = np.float64(seconds) / 3600, np.float64(watts) / 1000\n"
         "kwh = hours * kilowatts * pue\n"
         "return [kwh, kwh * grams_co2_per_kwh * 1e-3]"),
    ],
    "q2": [
        ("plain Python loops and lists",
         "rows_of = {}\n"
         "for i, g in enumerate(list(group)):\n"
         "    rows_of.setdefault(g, []).append(i)\n"
         "groups = sorted(rows_of)\n"
         "rates, tprs, fprs = [], [], []\n"
         "for g in groups:\n"
         "    idx = rows_of[g]\n"
         "    rates.append(sum(int(y_pred[i]) for i in idx) / len(idx))\n"
         "    pos = [int(y_pred[i]) for i in idx if y[i] == 1]\n"
         "    neg = [int(y_pred[i]) for i in idx if y[i] == 0]\n"
         "    tprs.append(sum(pos) / len(pos) if pos else float('nan'))\n"
         "    fprs.append(sum(neg) / len(neg) if neg else float('nan'))\n"
         "def spread(values):\n"
         "    kept = [v for v in values if v == v]\n"
         "    return max(kept) - min(kept) if kept else float('nan')\n"
         "parts = [s for s in (spread(tprs), spread(fprs)) if s == s]\n"
         "return {'groups': groups, 'selection_rate': rates, 'tpr': tprs, 'fpr': fprs,\n"
         "        'dp_gap': max(rates) - min(rates),\n"
         "        'di_ratio': min(rates) / max(rates) if max(rates) else 1.0,\n"
         "        'eo_gap': max(parts) if parts else float('nan')}"),
        ("np.bincount on the inverse indices, nanmax with warnings silenced",
         "import warnings\n"
         "y, y_pred = np.asarray(y, dtype=float), np.asarray(y_pred, dtype=float)\n"
         "groups, inverse = np.unique(np.asarray(group), return_inverse=True)\n"
         "k = len(groups)\n"
         "count = np.bincount(inverse, minlength=k)\n"
         "n_pos = np.bincount(inverse, weights=y, minlength=k)\n"
         "n_neg = count - n_pos\n"
         "with np.errstate(invalid='ignore', divide='ignore'):\n"
         "    rates = np.bincount(inverse, weights=y_pred, minlength=k) / count\n"
         "    tprs = np.bincount(inverse, weights=y_pred * y, minlength=k) / n_pos\n"
         "    fprs = np.bincount(inverse, weights=y_pred * (1 - y), minlength=k) / n_neg\n"
         "with warnings.catch_warnings():\n"
         "    warnings.simplefilter('ignore', RuntimeWarning)\n"
         "    eo = np.nanmax([np.nanmax(tprs) - np.nanmin(tprs),\n"
         "                    np.nanmax(fprs) - np.nanmin(fprs)])\n"
         "return {'groups': groups.tolist(), 'selection_rate': rates, 'tpr': tprs,\n"
         "        'fpr': fprs, 'dp_gap': float(np.ptp(rates)),\n"
         "        'di_ratio': float(rates.min() / rates.max()) if rates.max() else 1.0,\n"
         "        'eo_gap': float(eo)}"),
        ("torch, in float32: rates agree with float64 to about 1e-7",
         "yt = torch.as_tensor(np.asarray(y))\n"
         "pt = torch.as_tensor(np.asarray(y_pred)).float()\n"
         "gt = torch.as_tensor(np.asarray(group))\n"
         "groups = torch.unique(gt)\n"
         "nan = torch.tensor(float('nan'))\n"
         "rates = torch.stack([pt[gt == g].mean() for g in groups])\n"
         "tprs = torch.stack([pt[(gt == g) & (yt == 1)].mean()\n"
         "                    if ((gt == g) & (yt == 1)).any() else nan for g in groups])\n"
         "fprs = torch.stack([pt[(gt == g) & (yt == 0)].mean()\n"
         "                    if ((gt == g) & (yt == 0)).any() else nan for g in groups])\n"
         "spans = [v.max() - v.min() for v in (tprs[~tprs.isnan()], fprs[~fprs.isnan()])\n"
         "         if v.numel()]\n"
         "top = rates.max()\n"
         "return {'groups': groups, 'selection_rate': rates, 'tpr': tprs, 'fpr': fprs,\n"
         "        'dp_gap': top - rates.min(),\n"
         "        'di_ratio': rates.min() / top if top > 0 else 1.0,\n"
         "        'eo_gap': max(spans).item() if spans else float('nan')}"),
    ],
    "q3": [
        ("every distinct positive score tried; the highest that reaches the target kept",
         "scores, y, group = np.asarray(scores, dtype=float), np.asarray(y), "
         "np.asarray(group)\n"
         "out = []\n"
         "for g in np.unique(group):\n"
         "    pos = scores[(group == g) & (y == 1)]\n"
         "    if len(pos) == 0:\n"
         "        raise ValueError(f'group {g}: no positives')\n"
         "    best = None\n"
         "    for t in sorted(set(pos.tolist())):\n"
         "        if np.mean(pos >= t) >= target_tpr - 1e-9:\n"
         "            best = t\n"
         "    out.append(best)\n"
         "return np.array(out)"),
        ("a threshold halfway down to the next lower positive score, in torch",
         "s, lab, grp = (torch.as_tensor(np.asarray(a)) for a in (scores, y, group))\n"
         "result = []\n"
         "for g in torch.unique(grp):\n"
         "    pos = torch.sort(s[(grp == g) & (lab == 1)].double(), descending=True).values\n"
         "    if pos.numel() == 0:\n"
         "        raise ValueError('a group without positive labels')\n"
         "    c = max(1, int(np.ceil(round(target_tpr * pos.numel(), 9))))\n"
         "    top = pos[c - 1]\n"
         "    lower = pos[pos < top]\n"
         "    result.append(float((top + lower[0]) / 2) if lower.numel() else float(top))\n"
         "return torch.tensor(result, dtype=torch.float64)"),
        ("the rule score > t: a threshold just below the needed score (np.nextafter)",
         "scores, y, group = np.asarray(scores, dtype=float), np.asarray(y), "
         "np.asarray(group)\n"
         "out = []\n"
         "for g in np.unique(group):\n"
         "    pos = np.sort(scores[(group == g) & (y == 1)])\n"
         "    if pos.size == 0:\n"
         "        raise ValueError('no positives')\n"
         "    k = int(np.ceil(target_tpr * pos.size - 1e-9))\n"
         "    out.append(np.nextafter(pos[pos.size - k], -np.inf))\n"
         "return np.array(out)"),
        ("a quantile of the positives that lands on a score (method='nearest')",
         "scores, y, group = np.asarray(scores, dtype=float), np.asarray(y), "
         "np.asarray(group)\n"
         "out = []\n"
         "for g in np.unique(group):\n"
         "    pos = scores[(group == g) & (y == 1)]\n"
         "    n = pos.size\n"
         "    if n == 0:\n"
         "        raise ValueError('no positives')\n"
         "    c = int(np.ceil(target_tpr * n - 1e-9))\n"
         "    q = (n - c) / (n - 1) if n > 1 else 0.0\n"
         "    out.append(np.quantile(pos, q, method='nearest'))\n"
         "return out"),
    ],
    "q4": [
        ("row by row, with counts",
         "y, group = np.asarray(y), np.asarray(group)\n"
         "n = len(y)\n"
         "out = []\n"
         "for i in range(n):\n"
         "    n_g = np.sum(group == group[i])\n"
         "    n_y = np.sum(y == y[i])\n"
         "    n_gy = np.sum((group == group[i]) & (y == y[i]))\n"
         "    out.append(n_g * n_y / (n * n_gy))\n"
         "return out"),
        ("P(y) / P(y | g) from np.unique and bincount",
         "y, group = np.asarray(y), np.asarray(group)\n"
         "_, g_idx = np.unique(group, return_inverse=True)\n"
         "_, y_idx = np.unique(y, return_inverse=True)\n"
         "k, m = g_idx.max() + 1, y_idx.max() + 1\n"
         "joint = np.bincount(g_idx * m + y_idx, minlength=k * m).reshape(k, m)\n"
         "p_y = joint.sum(0) / len(y)\n"
         "p_y_given_g = joint / joint.sum(1, keepdims=True)\n"
         "return p_y[y_idx] / p_y_given_g[g_idx, y_idx]"),
        ("torch, in float32",
         "yt, gt = torch.as_tensor(np.asarray(y)), torch.as_tensor(np.asarray(group))\n"
         "w = torch.empty(len(yt))\n"
         "for g in torch.unique(gt):\n"
         "    for label in torch.unique(yt):\n"
         "        cell = (gt == g) & (yt == label)\n"
         "        if cell.any():\n"
         "            p_g = (gt == g).float().mean()\n"
         "            p_y = (yt == label).float().mean()\n"
         "            w[cell] = p_g * p_y / cell.float().mean()\n"
         "return w"),
        ("plain Python lists, counts row by row (quadratic time)",
         "ys, gs = list(y), list(group)\n"
         "n = len(ys)\n"
         "out = []\n"
         "for g, label in zip(gs, ys):\n"
         "    n_g = sum(1 for h in gs if h == g)\n"
         "    n_y = sum(1 for v in ys if v == label)\n"
         "    n_gy = sum(1 for h, v in zip(gs, ys) if h == g and v == label)\n"
         "    out.append((n_g / n) * (n_y / n) / (n_gy / n))\n"
         "return out"),
    ],
    "q5": [
        ("a perturbation delta, clamped, with the summed loss",
         "delta = torch.zeros_like(x)\n"
         "for _ in range(steps):\n"
         "    delta.requires_grad_(True)\n"
         "    loss = F.cross_entropy(model(x + delta), y, reduction='sum')\n"
         "    grad = torch.autograd.grad(loss, [delta])[0]\n"
         "    delta = (delta.detach() + alpha * torch.sign(grad)).clamp(-epsilon, epsilon)\n"
         "    delta = (x + delta).clamp(0.0, 1.0) - x\n"
         "return (x + delta).detach()"),
        ("[0, 1] first, then the ball, with torch.where and log_softmax",
         "x_adv = x.clone().detach()\n"
         "step = 0\n"
         "while step < steps:\n"
         "    x_adv = x_adv.detach().requires_grad_()\n"
         "    log_p = torch.log_softmax(model(x_adv), dim=1)\n"
         "    loss = -log_p[torch.arange(len(y)), y].mean()\n"
         "    g, = torch.autograd.grad(loss, x_adv)\n"
         "    x_adv = (x_adv + alpha * g.sign()).detach().clamp(0, 1)\n"
         "    x_adv = torch.where(x_adv > x + epsilon, x + epsilon, x_adv)\n"
         "    x_adv = torch.where(x_adv < x - epsilon, x - epsilon, x_adv)\n"
         "    step += 1\n"
         "return x_adv"),
        ("loss.backward() on a fresh leaf, the parameters' .grad saved and put back",
         "saved = [None if p.grad is None else p.grad.clone() for p in model.parameters()]\n"
         "x_adv = x.detach().clone()\n"
         "for _ in range(steps):\n"
         "    x_adv = x_adv.detach().requires_grad_(True)\n"
         "    F.cross_entropy(model(x_adv), y).backward()\n"
         "    with torch.no_grad():\n"
         "        x_adv = x_adv + alpha * x_adv.grad.sign()\n"
         "        x_adv = torch.max(torch.min(x_adv, x + epsilon), x - epsilon)\n"
         "        x_adv = x_adv.clamp(0, 1)\n"
         "for p, g in zip(model.parameters(), saved):\n"
         "    p.grad = g\n"
         "return x_adv.detach()"),
        ("the parameters frozen during the attack, then unfrozen as they were",
         "flags = [p.requires_grad for p in model.parameters()]\n"
         "model.requires_grad_(False)\n"
         "try:\n"
         "    x_adv = x.clone()\n"
         "    for _ in range(steps):\n"
         "        x_adv.requires_grad_(True)\n"
         "        loss = F.cross_entropy(model(x_adv), y)\n"
         "        loss.backward()\n"
         "        step = alpha * x_adv.grad.sign()\n"
         "        x_adv = (x_adv.detach() + step).clamp(0, 1)\n"
         "        x_adv = torch.clamp(x_adv, x - epsilon, x + epsilon)\n"
         "finally:\n"
         "    for p, flag in zip(model.parameters(), flags):\n"
         "        p.requires_grad_(flag)\n"
         "return x_adv.detach()"),
        ("loss.backward(inputs=[x_adv]): only the input's .grad is filled",
         "x_adv = x.detach().clone()\n"
         "for _ in range(steps):\n"
         "    x_adv.requires_grad_(True)\n"
         "    F.cross_entropy(model(x_adv), y).backward(inputs=[x_adv])\n"
         "    with torch.no_grad():\n"
         "        moved = x_adv + alpha * x_adv.grad.sign()\n"
         "        x_adv = torch.clamp(moved, x - epsilon, x + epsilon).clamp(0, 1)\n"
         "return x_adv"),
    ],
    "q6": [
        ("every distinct loss tried in a Python loop, starting from 0",
         "members = np.asarray(member_losses, dtype=float)\n"
         "others = np.asarray(nonmember_losses, dtype=float)\n"
         "best = 0.0\n"
         "for t in set(members.tolist()) | set(others.tolist()):\n"
         "    best = max(best, np.mean(members <= t) - np.mean(others <= t))\n"
         "return float(best)"),
        ("the pooled losses grouped by value, rates accumulated with cumsum, in torch",
         "m = torch.as_tensor(np.asarray(member_losses, dtype=np.float64))\n"
         "o = torch.as_tensor(np.asarray(nonmember_losses, dtype=np.float64))\n"
         "values, inverse = torch.unique(torch.cat([m, o]), return_inverse=True)\n"
         "hits = torch.bincount(inverse[: len(m)], minlength=len(values))\n"
         "false = torch.bincount(inverse[len(m):], minlength=len(values))\n"
         "gap = hits.cumsum(0) / len(m) - false.cumsum(0) / len(o)\n"
         "return max(0.0, gap.max().item())"),
        ("the strict rule loss < t at every observed loss: the same maximum",
         "members = np.sort(np.asarray(member_losses, dtype=float))\n"
         "others = np.sort(np.asarray(nonmember_losses, dtype=float))\n"
         "t = np.concatenate([members, others])\n"
         "gap = (np.searchsorted(members, t, side='left') / members.size\n"
         "       - np.searchsorted(others, t, side='left') / others.size)\n"
         "return float(gap.max())"),
        ("thresholds at the members' losses only, where the TPR goes up",
         "members = np.asarray(member_losses, dtype=float)\n"
         "others = np.asarray(nonmember_losses, dtype=float)\n"
         "gaps = [np.mean(members <= t) - np.mean(others <= t) for t in np.unique(members)]\n"
         "return max(0.0, float(max(gaps)))"),
        ("torch in float32, pairwise comparisons",
         "m = torch.tensor(list(member_losses), dtype=torch.float32)\n"
         "o = torch.tensor(list(nonmember_losses), dtype=torch.float32)\n"
         "t = torch.cat([m, o])\n"
         "tpr = (m[None, :] <= t[:, None]).float().mean(1)\n"
         "fpr = (o[None, :] <= t[:, None]).float().mean(1)\n"
         "return max(0.0, (tpr - fpr).max().item())"),
        ("plain Python, every threshold against every loss (quadratic time)",
         "members = [float(v) for v in member_losses]\n"
         "others = [float(v) for v in nonmember_losses]\n"
         "best = 0.0\n"
         "for t in members + others:\n"
         "    tpr = sum(1 for m in members if m <= t) / len(members)\n"
         "    fpr = sum(1 for o in others if o <= t) / len(others)\n"
         "    best = max(best, tpr - fpr)\n"
         "return best"),
    ],
}
