"""Plausible wrong answers to the Chapter 13 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

_ENERGY_CHECKS = (
    "if pue < 1:\n"
    "    raise ValueError('pue < 1')\n"
    "if min(seconds, watts, grams_co2_per_kwh) < 0:\n"
    "    raise ValueError('negative input')\n"
)


def _energy(kwh: str = "seconds * watts * pue / 3.6e6",
            kg: str = "kwh * grams_co2_per_kwh / 1000", checks: str = _ENERGY_CHECKS) -> str:
    """The solution of question 1 with one of its parts changed."""
    return f"{checks}kwh = {kwh}\nreturn kwh, {kg}"


def _report(rate: str = "y_pred[rows].mean()",
            tpr: str = "y_pred[positives].mean() if positives.any() else np.nan",
            dp: str = "rates.max() - rates.min()",
            di: str = "rates.min() / rates.max() if rates.max() > 0 else 1.0",
            eo: str = "max(ranges) if ranges else np.nan",
            groups: str = "np.unique(group)") -> str:
    """The solution of question 2 with one of its parts changed."""
    return (
        "y, y_pred, group = (np.asarray(a) for a in (y, y_pred, group))\n"
        f"groups = {groups}\n"
        "rates, tprs, fprs = (np.full(len(groups), np.nan) for _ in range(3))\n"
        "for i, g in enumerate(groups):\n"
        "    rows = group == g\n"
        "    positives, negatives = rows & (y == 1), rows & (y == 0)\n"
        f"    rates[i] = {rate}\n"
        f"    tprs[i] = {tpr}\n"
        "    fprs[i] = y_pred[negatives].mean() if negatives.any() else np.nan\n"
        "ranges = [v.max() - v.min() for v in (tprs[~np.isnan(tprs)], fprs[~np.isnan(fprs)])"
        "\n          if v.size]\n"
        "return {'groups': groups, 'selection_rate': rates, 'tpr': tprs, 'fpr': fprs,\n"
        f"        'dp_gap': {dp}, 'di_ratio': {di}, 'eo_gap': {eo}}}")


def _thresholds(pool: str = "scores[(group == g) & (y == 1)]",
                needed: str = "max(1, int(np.ceil(target_tpr * positives.size - 1e-9)))",
                pick: str = "positives[needed - 1]",
                check: str = "    if positives.size == 0:\n"
                             "        raise ValueError('no positive label')\n") -> str:
    """The solution of question 3 with one of its parts changed."""
    return ("scores, y, group = np.asarray(scores, dtype=float), np.asarray(y), "
            "np.asarray(group)\n"
            "thresholds = []\n"
            "for g in np.unique(group):\n"
            f"    positives = np.sort({pool})[::-1]\n"
            f"{check}"
            f"    needed = {needed}\n"
            f"    thresholds.append({pick})\n"
            "return np.array(thresholds)")


def _weights(weight: str = "np.mean(group == g) * np.mean(y == label) / np.mean(cell)",
             after: str = "") -> str:
    """The solution of question 4 with the weight of a cell changed."""
    return ("y, group = np.asarray(y), np.asarray(group)\n"
            "weights = np.empty(len(y))\n"
            "for g in np.unique(group):\n"
            "    for label in np.unique(y):\n"
            "        cell = (group == g) & (y == label)\n"
            "        if cell.any():\n"
            f"            weights[cell] = {weight}\n"
            f"{after}"
            "return weights")


def _pgd(start: str = "x.clone()",
         gradient: str = "(grad,) = torch.autograd.grad(loss, x_adv)",
         step: str = "x_adv + alpha * grad.sign()",
         project: str = "torch.clamp(x_adv, x - epsilon, x + epsilon).clamp(0, 1)",
         loop: str = "range(steps)") -> str:
    """The solution of question 5 with one of its parts changed."""
    return ("x = x.detach()\n"
            f"x_adv = {start}\n"
            f"for _ in {loop}:\n"
            "    x_adv.requires_grad_(True)\n"
            "    loss = F.cross_entropy(model(x_adv), y)\n"
            f"    {gradient}\n"
            "    with torch.no_grad():\n"
            f"        x_adv = {step}\n"
            f"        x_adv = {project}\n"
            "return x_adv.detach()")


def _advantage(side: str = "'right'", out: str = "float(max(0.0, np.max(tpr - fpr)))") -> str:
    """The solution of question 6 with one of its parts changed."""
    return ("members = np.sort(np.asarray(member_losses, dtype=float))\n"
            "others = np.sort(np.asarray(nonmember_losses, dtype=float))\n"
            "thresholds = np.unique(np.concatenate([members, others]))\n"
            f"tpr = np.searchsorted(members, thresholds, side={side}) / members.size\n"
            f"fpr = np.searchsorted(others, thresholds, side={side}) / others.size\n"
            f"return {out}")


WRONG_ANSWERS = {
    "q1": [
        ("watt-seconds returned as kWh, never divided by 3.6 million",
         _energy(kwh="seconds * watts * pue")),
        ("watt-seconds divided by 3,600 only: watt-hours, not kWh",
         _energy(kwh="seconds * watts * pue / 3600")),
        ("the PUE divided instead of multiplied", _energy(kwh="seconds * watts / pue / 3.6e6")),
        ("the emissions left in grams", _energy(kg="kwh * grams_co2_per_kwh")),
        ("the PUE left out", _energy(kwh="seconds * watts / 3.6e6")),
        ("no check of the inputs: a PUE of 0.8 accepted", _energy(checks="")),
        ("only the PUE and the time checked: negative watts or grams accepted",
         _energy(checks="if pue < 1 or seconds < 0:\n"
                        "    raise ValueError('bad input')\n")),
    ],
    "q2": [
        ("the gaps between the first two groups only",
         _report(dp="abs(rates[0] - rates[1])", di="min(rates[0], rates[1]) / "
                 "max(rates[0], rates[1]) if max(rates[0], rates[1]) > 0 else 1.0",
                 eo="max(abs(tprs[0] - tprs[1]), abs(fprs[0] - fprs[1]))")),
        ("the demographic-parity gap as the mean absolute difference from the overall rate",
         _report(dp="np.mean(np.abs(rates - y_pred.mean()))")),
        ("the TPR divided by the positive predictions (the precision)",
         _report(tpr="y[rows & (y_pred == 1)].mean() if (rows & (y_pred == 1)).any() "
                 "else np.nan")),
        ("the disparate-impact ratio inverted, max / min",
         _report(di="rates.max() / rates.min() if rates.min() > 0 else 1.0")),
        ("the equalised-odds gap from the TPRs alone",
         _report(eo="ranges[0] if ranges else np.nan")),
        ("a group without positives given a TPR of 0 instead of NaN",
         _report(tpr="y_pred[positives].mean() if positives.any() else 0.0")),
        ("groups assumed to be numbered 0, 1, ..., k - 1",
         _report(groups="np.arange(len(np.unique(group)))",
                 rate="y_pred[rows].mean() if rows.any() else np.nan")),
        ("the TPR from scikit-learn's recall_score, which the question does not allow",
         _report(tpr="__import__('sklearn.metrics').metrics.recall_score(y[rows], "
                 "y_pred[rows], zero_division=np.nan)")),
        ("the FPR divided by all of the group's rows",
         _report().replace("y_pred[negatives].mean() if negatives.any() else np.nan",
                           "y_pred[negatives].sum() / rows.sum() if negatives.any() "
                           "else np.nan")),
    ],
    "q3": [
        ("one global threshold for every group, from all the positives",
         _thresholds(pool="scores[y == 1]")),
        ("thresholds from all of a group's rows: its selection rate, not its TPR",
         _thresholds(pool="scores[group == g]")),
        ("the ceil taken without a tolerance: 0.55 * 100 needs 56 positives",
         _thresholds(needed="max(1, int(np.ceil(target_tpr * positives.size)))")),
        ("np.quantile of the positives, which interpolates between scores",
         _thresholds(pick="np.quantile(positives, 1 - target_tpr)")),
        ("the threshold one positive lower, as if the rule were score > threshold",
         _thresholds(pick="positives[min(needed, positives.size - 1)]")),
        ("the floor: a TPR just below the target",
         _thresholds(needed="max(1, int(np.floor(target_tpr * positives.size + 1e-9)))")),
        ("a group without positives not checked (an IndexError)",
         _thresholds(check="")),
        ("thresholds rounded to float32 (torch's default): some lie above their score",
         "s = torch.tensor(np.asarray(scores), dtype=torch.float32)\n"
         "lab, grp = torch.as_tensor(np.asarray(y)), torch.as_tensor(np.asarray(group))\n"
         "out = []\n"
         "for g in torch.unique(grp):\n"
         "    pos = torch.sort(s[(grp == g) & (lab == 1)], descending=True).values\n"
         "    if pos.numel() == 0:\n"
         "        raise ValueError('no positives')\n"
         "    out.append(pos[max(1, int(np.ceil(target_tpr * pos.numel() - 1e-9))) - 1])\n"
         "return torch.stack(out)"),
        ("with ties, the TPR nearest the target, even when it falls below",
         _thresholds(pick="min(np.unique(positives), key=lambda t: abs(np.mean(positives "
                          ">= t) - target_tpr))")),
    ],
    "q4": [
        ("the inverse of the group's frequency: balances groups, not labels",
         _weights(weight="1 / np.mean(group == g)")),
        ("the ratio inverted, P(g, y) / (P(g) P(y))",
         _weights(weight="np.mean(cell) / (np.mean(group == g) * np.mean(y == label))")),
        ("the weights normalised to add up to 1 within each group",
         _weights(after="for g in np.unique(group):\n"
                        "    weights[group == g] /= weights[group == g].sum()\n")),
        ("counts instead of probabilities, n_g n_y / n_gy",
         _weights(weight="(group == g).sum() * (y == label).sum() / cell.sum()")),
        ("P(y) taken within the group: every weight is 1",
         _weights(weight="np.mean(group == g) * np.mean(y[group == g] == label) "
                  "/ np.mean(cell)")),
        ("P(g) left out, P(y) / P(g, y)", _weights(weight="np.mean(y == label) / np.mean(cell)")),
        ("P(y = 1) used for both labels",
         _weights(weight="np.mean(group == g) * np.mean(y == 1) / np.mean(cell)")),
    ],
    "q5": [
        ("no projection onto the epsilon-ball, only the clip to [0, 1]",
         _pgd(project="x_adv.clamp(0, 1)")),
        ("the projection around the previous iterate instead of the original x",
         _pgd(step="x_adv + alpha * grad.sign()\n"
                   "        previous = x_adv - alpha * grad.sign()",
              project="torch.clamp(x_adv, previous - epsilon, previous + epsilon)"
                      ".clamp(0, 1)")),
        ("no clip to [0, 1]", _pgd(project="torch.clamp(x_adv, x - epsilon, x + epsilon)")),
        ("gradient descent: the loss made smaller", _pgd(step="x_adv - alpha * grad.sign()")),
        ("one step only, whatever steps says", _pgd(loop="range(min(steps, 1))")),
        ("steps of epsilon, alpha ignored", _pgd(step="x_adv + epsilon * grad.sign()")),
        ("the raw gradient instead of its sign", _pgd(step="x_adv + alpha * grad")),
        ("loss.backward(): gradients left in the model's parameters",
         _pgd(gradient="loss.backward()\n    grad = x_adv.grad")),
        ("a random start in the ball, which the question rules out",
         _pgd(start="(x + epsilon * (2 * torch.rand_like(x) - 1)).clamp(0, 1)")),
        ("the model put in training mode (batch norm updates its statistics)",
         "model.train()\n" + _pgd()),
        ("loss.backward(), then model.zero_grad(): the caller's gradients wiped",
         _pgd(gradient="loss.backward()\n    grad = x_adv.grad\n    model.zero_grad()")),
        ("the parameters frozen with requires_grad_(False) and left frozen",
         "model.requires_grad_(False)\n" + _pgd()),
        ("the gradient always taken at the clean x: FGSM's direction repeated",
         "x = x.detach()\n"
         "x_clean = x.clone().requires_grad_(True)\n"
         "(grad,) = torch.autograd.grad(F.cross_entropy(model(x_clean), y), x_clean)\n"
         "x_adv = x.clone()\n"
         "for _ in range(steps):\n"
         "    x_adv = torch.clamp(x_adv + alpha * grad.sign(), x - epsilon, x + epsilon)\n"
         "    x_adv = x_adv.clamp(0, 1)\n"
         "return x_adv"),
        ("the steps taken freely, projected once at the end",
         "x = x.detach()\n"
         "x_adv = x.clone()\n"
         "for _ in range(steps):\n"
         "    x_adv.requires_grad_(True)\n"
         "    (grad,) = torch.autograd.grad(F.cross_entropy(model(x_adv), y), x_adv)\n"
         "    x_adv = (x_adv + alpha * grad.sign()).detach()\n"
         "return torch.clamp(x_adv, x - epsilon, x + epsilon).clamp(0, 1)"),
    ],
    "q6": [
        ("the accuracy of the rule at the median loss",
         "losses = np.concatenate([member_losses, nonmember_losses])\n"
         "t = np.median(losses)\n"
         "right = np.sum(np.asarray(member_losses) <= t) + "
         "np.sum(np.asarray(nonmember_losses) > t)\n"
         "return float(right / losses.size)"),
        ("TPR - FPR at the mean member loss only",
         "t = np.mean(member_losses)\n"
         "return float(np.mean(np.asarray(member_losses) <= t) - "
         "np.mean(np.asarray(nonmember_losses) <= t))"),
        ("the direction inverted: loss >= t means member",
         _advantage(out="float(max(0.0, np.max(fpr - tpr)))")),
        ("the absolute value of TPR - FPR", _advantage(out="float(np.max(np.abs(tpr - fpr)))")),
        ("thresholds tried at the non-members' losses only",
         _advantage().replace("np.concatenate([members, others])", "others")),
        ("the lowest loss never tried as a threshold",
         _advantage().replace("others]))", "others]))[1:]")),
        ("ties split: the pooled losses counted one at a time in sorted order",
         "losses = np.concatenate([member_losses, nonmember_losses])\n"
         "is_member = np.r_[np.ones(len(member_losses)), np.zeros(len(nonmember_losses))]\n"
         "order = np.argsort(losses, kind='stable')\n"
         "tpr = np.cumsum(is_member[order]) / len(member_losses)\n"
         "fpr = np.cumsum(1 - is_member[order]) / len(nonmember_losses)\n"
         "return float(max(0.0, np.max(tpr - fpr)))"),
        ("scikit-learn's roc_curve, which the question does not allow",
         "from sklearn.metrics import roc_curve\n"
         "scores = -np.concatenate([member_losses, nonmember_losses])\n"
         "truth = np.r_[np.ones(len(member_losses)), np.zeros(len(nonmember_losses))]\n"
         "fpr, tpr, _ = roc_curve(truth, scores)\n"
         "return float(np.max(tpr - fpr))"),
        ("the strict rule loss < t, tried at the members' losses only",
         "members = np.asarray(member_losses, dtype=float)\n"
         "others = np.asarray(nonmember_losses, dtype=float)\n"
         "return max(0.0, max(float(np.mean(members < t) - np.mean(others < t))\n"
         "                    for t in members))"),
        ("2 AUC - 1, the Gini coefficient, instead of the best TPR - FPR",
         "members = np.asarray(member_losses, dtype=float)\n"
         "others = np.asarray(nonmember_losses, dtype=float)\n"
         "below = (members[:, None] < others[None, :]).mean()\n"
         "ties = (members[:, None] == others[None, :]).mean()\n"
         "return float(2 * (below + ties / 2) - 1)"),
        ("SciPy's one-sided Kolmogorov-Smirnov statistic, which the question does not allow",
         "from scipy.stats import ks_2samp\n"
         "return float(ks_2samp(member_losses, nonmember_losses, alternative='greater')"
         ".statistic)"),
    ],
}
