"""Plausible wrong answers to the Chapter 11 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""


def _scale(mean: str = "X_train.mean(axis=0)", std: str = "X_train.std(axis=0)",
           guard: str = "np.where(std == 0, 1.0, std)",
           out: str = "return (X_train - mean) / std, (X_test - mean) / std") -> str:
    """The solution of question 1 with one of its parts changed."""
    return f"mean = {mean}\nstd = {std}\nstd = {guard}\n{out}"


def _metrics(f1: str = "float(f1[seen].mean())",
             balanced: str = "float(recall[true_counts > 0].mean())",
             count: str = "np.add.at(confusion, (y_true, y_pred), 1)") -> str:
    """The solution of question 2 with one of its results changed."""
    return ("confusion = np.zeros((n_classes, n_classes), dtype=np.int64)\n"
            f"{count}\n"
            "tp = np.diag(confusion).astype(float)\n"
            "true_counts, pred_counts = confusion.sum(axis=1), confusion.sum(axis=0)\n"
            "precision = np.divide(tp, pred_counts, out=np.zeros(n_classes), "
            "where=pred_counts > 0)\n"
            "recall = np.divide(tp, true_counts, out=np.zeros(n_classes), "
            "where=true_counts > 0)\n"
            "total = precision + recall\n"
            "f1 = np.divide(2 * precision * recall, total, out=np.zeros(n_classes), "
            "where=total > 0)\n"
            "seen = (true_counts > 0) | (pred_counts > 0)\n"
            f"return {f1}, {balanced}")


def _bootstrap(draw: str = "differences[generator.integers(0, n, size=n)].mean()",
               ends: str = "[100 * alpha / 2, 100 * (1 - alpha / 2)]") -> str:
    """The solution of question 3 with the draw or the percentiles changed."""
    return ("n = len(correct_a)\n"
            "a = np.asarray(correct_a, dtype=float)\n"
            "b = np.asarray(correct_b, dtype=float)\n"
            "differences = a - b\n"
            "draws = np.empty(n_boot)\n"
            "for k in range(n_boot):\n"
            f"    draws[k] = {draw}\n"
            f"low, high = np.percentile(draws, {ends})\n"
            "return float(low), float(high)")


def _ece(confidence: str = "probs.max(axis=1)",
         correct: str = "(probs.argmax(axis=1) == labels).astype(float)",
         order: str = "np.argsort(confidence, kind='stable')",
         weight: str = "len(part) / len(labels) * gap",
         gap: str = "abs(correct[part].mean() - confidence[part].mean())") -> str:
    """The solution of question 4 with one of its parts changed."""
    return (f"confidence = {confidence}\n"
            f"correct = {correct}\n"
            f"order = {order}\n"
            "ece = 0.0\n"
            "for part in np.array_split(order, n_bins):\n"
            "    if len(part) > 0:\n"
            f"        gap = {gap}\n"
            f"        ece += {weight}\n"
            "return float(ece)")


def _suggest(stop: str = "not math.isfinite(loss) or loss > 4 * lowest",
             beta: str = "0.8", upto: str = "best + 1", skip: str = "5",
             pick: str = "first + int(np.argmin(slopes[first:]))") -> str:
    """The solution of question 5 with one of its parts changed."""
    return ("smoothed, average, lowest = [], 0.0, math.inf\n"
            "for step, loss in enumerate(losses):\n"
            f"    if {stop}:\n"
            "        break\n"
            f"    average = {beta} * average + (1 - {beta}) * loss\n"
            f"    smoothed.append(average / (1 - {beta} ** (step + 1)))\n"
            "    lowest = min(lowest, smoothed[-1])\n"
            "smoothed, lrs = np.array(smoothed), np.asarray(lrs, dtype=float)\n"
            "best = int(np.argmin(smoothed))\n"
            f"slopes = np.diff(smoothed[: {upto}]) / np.diff(np.log(lrs[: {upto}]))\n"
            f"first = min({skip}, max(len(slopes) - 1, 0))\n"
            "if len(slopes) == 0:\n"
            "    return float(lrs[0])\n"
            f"return float(lrs[{pick}])")


def _accumulate(zero: str = "model.zero_grad(set_to_none=True)",
                scale: str = "len(xb) / n",
                batch: str = "x[i:i + micro_batch_size], y[i:i + micro_batch_size]",
                out: str = "[p.grad.detach().clone() for p in model.parameters()]") -> str:
    """The solution of question 6 with one of its parts changed."""
    return (f"{zero}\n"
            "n = len(x)\n"
            "for i in range(0, n, micro_batch_size):\n"
            f"    xb, yb = {batch}\n"
            f"    loss = loss_fn(model(xb), yb) * ({scale})\n"
            "    loss.backward()\n"
            f"return {out}")


def _occlusion(rows: str = "range(0, height - patch + 1, stride)",
               cols: str = "range(0, width - patch + 1, stride)",
               mode: str = "model.eval()",
               score: str = "torch.softmax(model({x}), dim=1)[0, target]",
               cover: str = "covered[:, i:i + patch, j:j + patch] = fill",
               drop: str = "base - {covered}",
               context: str = "torch.no_grad()") -> str:
    """The solution of question 7 with one of its parts changed."""
    return (f"{mode}\n"
            "_, height, width = image.shape\n"
            f"rows = {rows}\n"
            f"cols = {cols}\n"
            f"with {context}:\n"
            f"    base = {score.format(x='image[None]')}\n"
            "    drops = torch.empty(len(rows), len(cols), dtype=base.dtype)\n"
            "    for a, i in enumerate(rows):\n"
            "        for b, j in enumerate(cols):\n"
            "            covered = image.clone()\n"
            f"            {cover}\n"
            "            drops[a, b] = "
            + drop.format(covered=score.format(x="covered[None]")) + "\n"
            "return drops")


def _groups(order: str = "generator.permutation(len(ids))",
            keep_going: str = "rows >= target",
            out: str = "return np.flatnonzero(~in_test), np.flatnonzero(in_test)") -> str:
    """The solution of question 8 with one of its parts changed."""
    return ("ids, counts = np.unique(groups, return_counts=True)\n"
            "target = test_fraction * len(groups)\n"
            "chosen, rows = [], 0\n"
            f"for k in {order}:\n"
            f"    if {keep_going}:\n"
            "        break\n"
            "    chosen.append(ids[k])\n"
            "    rows += counts[k]\n"
            "in_test = np.isin(groups, chosen)\n"
            f"{out}")


WRONG_ANSWERS = {
    "q1": [
        ("statistics of all the rows, training and test together",
         _scale(mean="np.concatenate([X_train, X_test]).mean(axis=0)",
                std="np.concatenate([X_train, X_test]).std(axis=0)")),
        ("each set scaled with its own statistics",
         "def scale(X):\n"
         "    std = X.std(axis=0)\n"
         "    return (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std)\n\n"
         "return scale(X_train), scale(X_test)"),
        ("statistics per row instead of per column",
         _scale(mean="X_train.mean(axis=1, keepdims=True)",
                std="X_train.std(axis=1, keepdims=True)",
                out="return ((X_train - mean) / std, (X_test - X_test.mean(axis=1, "
                    "keepdims=True)) / X_test.std(axis=1, keepdims=True))")),
        ("the inputs scaled in place",
         "mean = X_train.mean(axis=0)\n"
         "std = X_train.std(axis=0)\n"
         "std = np.where(std == 0, 1.0, std)\n"
         "X_test -= mean\n"
         "X_test /= std\n"
         "X_train -= mean\n"
         "X_train /= std\n"
         "return X_train, X_test"),
        ("the sample standard deviation (ddof=1)", _scale(std="X_train.std(axis=0, ddof=1)")),
        ("no guard for a constant column: division by 0",
         _scale(guard="std")),
        ("the constant column's standard deviation replaced by 0 instead of 1",
         _scale(guard="np.where(std == 0, 0.0, std)")),
    ],
    "q2": [
        ("micro-F1 (pooled counts), which equals the accuracy",
         _metrics(f1="float(tp.sum() / len(y_true))")),
        ("F1 weighted by class size",
         _metrics(f1="float((f1 * true_counts).sum() / true_counts.sum())")),
        ("the F1 of the mean precision and the mean recall",
         _metrics(f1="float(2 * precision[seen].mean() * recall[seen].mean() / "
                     "(precision[seen].mean() + recall[seen].mean()))")),
        ("balanced accuracy averaged over the predicted classes",
         _metrics(balanced="float(recall[pred_counts > 0].mean())")),
        ("balanced accuracy averaged over every class seen, a class only predicted "
         "counted with a recall of 0",
         _metrics(balanced="float(recall[seen].mean())")),
        ("every one of the n_classes averaged, absent classes counted as 0",
         _metrics(f1="float(f1.mean())", balanced="float(recall.mean())")),
        ("repeated (true, predicted) pairs counted once by fancy indexing",
         _metrics(count="confusion[y_true, y_pred] += 1")),
        ("scikit-learn, which the question does not allow",
         "from sklearn.metrics import balanced_accuracy_score, f1_score\n\n"
         "return (float(f1_score(y_true, y_pred, average='macro', zero_division=0)),\n"
         "        float(balanced_accuracy_score(y_true, y_pred)))"),
    ],
    "q3": [
        ("each model resampled with its own indices",
         _bootstrap(draw="a[generator.integers(0, n, size=n)].mean() - "
                         "b[generator.integers(0, n, size=n)].mean()")),
        ("a normal approximation with the unpaired variance",
         "a = np.asarray(correct_a, dtype=float)\n"
         "b = np.asarray(correct_b, dtype=float)\n"
         "n, z = len(a), {0.05: 1.959964, 0.1: 1.644854, 0.2: 1.281552}[alpha]\n"
         "se = math.sqrt(a.mean() * (1 - a.mean()) / n + b.mean() * (1 - b.mean()) / n)\n"
         "return a.mean() - b.mean() - z * se, a.mean() - b.mean() + z * se"),
        ("a normal approximation with the paired standard error",
         "d = np.asarray(correct_a, dtype=float) - np.asarray(correct_b, dtype=float)\n"
         "z = {0.05: 1.959964, 0.1: 1.644854, 0.2: 1.281552}[alpha]\n"
         "se = d.std() / math.sqrt(len(d))\n"
         "return d.mean() - z * se, d.mean() + z * se"),
        ("alpha used as the lower percentile without halving",
         _bootstrap(ends="[100 * alpha, 100 * (1 - alpha)]")),
        ("the difference of the two models' separate intervals",
         "a = np.asarray(correct_a, dtype=float)\n"
         "b = np.asarray(correct_b, dtype=float)\n"
         "n = len(a)\n"
         "acc_a = [a[generator.integers(0, n, size=n)].mean() for _ in range(n_boot)]\n"
         "acc_b = [b[generator.integers(0, n, size=n)].mean() for _ in range(n_boot)]\n"
         "ends = [100 * alpha / 2, 100 * (1 - alpha / 2)]\n"
         "low_a, high_a = np.percentile(acc_a, ends)\n"
         "low_b, high_b = np.percentile(acc_b, ends)\n"
         "return low_a - high_b, high_a - low_b"),
        ("indices drawn without replacement: every sample is the whole test set",
         _bootstrap(draw="differences[generator.permutation(n)].mean()")),
        ("NumPy's global generator, not the one given: the interval cannot be reproduced",
         _bootstrap(draw="differences[np.random.randint(0, n, size=n)].mean()")),
    ],
    "q4": [
        ("equal-width bins, as in the chapter",
         "confidence = probs.max(axis=1)\n"
         "correct = (probs.argmax(axis=1) == labels).astype(float)\n"
         "edges = np.linspace(0, 1, n_bins + 1)\n"
         "ece = 0.0\n"
         "for lo, hi in zip(edges[:-1], edges[1:]):\n"
         "    inside = (confidence > lo) & (confidence <= hi)\n"
         "    if inside.any():\n"
         "        gap = abs(correct[inside].mean() - confidence[inside].mean())\n"
         "        ece += inside.mean() * gap\n"
         "return float(ece)"),
        ("the unweighted mean of the bins' gaps",
         _ece(weight="gap / n_bins")),
        ("the probability of the true class as the confidence",
         _ece(confidence="probs[np.arange(len(labels)), labels]")),
        ("the signed gap: over- and under-confidence cancel",
         _ece(gap="correct[part].mean() - confidence[part].mean()",
              weight="len(part) / len(labels) * gap",
              )
         .replace("return float(ece)", "return float(abs(ece))")),
        ("sorted by descending confidence: the remainder rows go to the other end",
         _ece(order="np.argsort(-confidence, kind='stable')")),
        ("split the rows in their original order, not sorted by confidence",
         _ece(order="np.arange(len(labels))")),
        ("torch.sort without stable=True: tied rows change bins",
         _ece(order="torch.sort(torch.as_tensor(confidence)).indices.numpy()")),
    ],
    "q5": [
        ("the rate of the lowest loss",
         "losses = np.where(np.isfinite(losses), losses, np.inf)\n"
         "return float(lrs[int(np.argmin(losses))])"),
        ("the largest rate tried",
         "return float(lrs[-1])"),
        ("the steepest slope of the raw, noisy losses",
         "losses = np.asarray(losses, dtype=float)\n"
         "last = int(np.argmin(np.where(np.isfinite(losses), losses, np.inf)))\n"
         "slopes = np.diff(losses[: last + 1]) / np.diff(np.log(lrs[: last + 1]))\n"
         "return float(lrs[int(np.argmin(slopes))])"),
        ("the lowest loss divided by 100, without looking at the slope",
         "losses = np.where(np.isfinite(losses), losses, np.inf)\n"
         "target = lrs[int(np.argmin(losses))] / 100\n"
         "return float(lrs[int(np.argmin(np.abs(np.log(lrs) - np.log(target))))])"),
        ("no cut at the divergence (only inf and nan stop it), slopes over the whole curve",
         _suggest(stop="not math.isfinite(loss)", upto="len(smoothed)")),
        ("heavy smoothing, beta = 0.99: the average lags far behind the curve",
         _suggest(beta="0.99")),
        ("a rule of thumb: a tenth of the rate of the smoothed minimum (beta = 0.98)",
         "avg, smooth = 0.0, []\n"
         "for t, v in enumerate(losses):\n"
         "    if not math.isfinite(v) or (smooth and v > 4 * min(smooth)):\n"
         "        break\n"
         "    avg = 0.98 * avg + 0.02 * v\n"
         "    smooth.append(avg / (1 - 0.98 ** (t + 1)))\n"
         "target = lrs[int(np.argmin(smooth))] / 10\n"
         "return float(lrs[int(np.argmin(np.abs(np.log(lrs) - np.log(target))))])"),
        ("slopes against the rate itself, not its logarithm: the flat start wins",
         _suggest().replace("np.diff(np.log(lrs[: best + 1]))", "np.diff(lrs[: best + 1])")),
        ("the exponential average without bias correction: it starts near 0 and rises",
         _suggest().replace(" / (1 - 0.8 ** (step + 1))", "")),
    ],
    "q6": [
        ("each micro-batch's loss divided by the number of micro-batches",
         _accumulate(scale="1 / math.ceil(n / micro_batch_size)")),
        ("each micro-batch's loss scaled by micro_batch_size / N, even the short last one",
         _accumulate(scale="micro_batch_size / n")),
        ("the micro-batch means summed, not weighted",
         _accumulate(scale="1")),
        ("old gradients not cleared first", _accumulate(zero="pass")),
        ("the parameters' .grad tensors returned themselves, not copies",
         _accumulate(out="[p.grad for p in model.parameters()]")),
        ("the gradients returned without a copy, then cleared",
         _accumulate(out="[p.grad for p in model.parameters()]")
         .replace("return [p.grad for p in model.parameters()]",
                  "grads = [p.grad for p in model.parameters()]\n"
                  "model.zero_grad(set_to_none=False)\n"
                  "return grads")),
        ("the whole batch in one forward pass",
         "model.zero_grad()\n"
         "loss_fn(model(x), y).backward()\n"
         "return [p.grad.detach().clone() for p in model.parameters()]"),
        ("an optimiser step taken after accumulating",
         _accumulate(out="[p.grad.detach().clone() for p in model.parameters()]")
         .replace("return [", "torch.optim.SGD(model.parameters(), lr=0.1).step()\n"
                              "return [")),
    ],
    "q7": [
        ("an off-by-one range: the last position where the patch fits is skipped",
         _occlusion(rows="range(0, height - patch, stride)",
                    cols="range(0, width - patch, stride)")),
        ("the sign flipped: covered minus original",
         _occlusion(drop="{covered} - base")),
        ("the model left in training mode: dropout makes the map random",
         _occlusion(mode="pass")),
        ("the drop of the target's logit, not of its probability",
         _occlusion(score="model({x})[0, target]")),
        ("the image itself covered, not a copy",
         _occlusion().replace("covered = image.clone()", "covered = image")),
        ("only the first channel covered",
         _occlusion(cover="covered[0, i:i + patch, j:j + patch] = fill")),
        ("fill ignored: the patch is always set to 0",
         _occlusion(cover="covered[:, i:i + patch, j:j + patch] = 0")),
        ("the patch's rows and columns swapped",
         _occlusion(cover="covered[:, j:j + patch, i:i + patch] = fill")),
        ("computed with gradients on, and the map returned attached to the graph",
         _occlusion(context="torch.enable_grad()")),
    ],
    "q8": [
        ("rows split at random, ignoring the groups",
         "rows = generator.permutation(len(groups))\n"
         "cut = int(np.ceil(test_fraction * len(groups)))\n"
         "return np.sort(rows[cut:]), np.sort(rows[:cut])"),
        ("the first groups by id: the generator is never used",
         _groups(order="range(len(ids))")),
        ("rows sorted by shuffled group, cut at exactly the target: the group at the cut "
         "is split",
         "ids = generator.permutation(np.unique(groups))\n"
         "rank = {g: r for r, g in enumerate(ids.tolist())}\n"
         "rows = np.array(sorted(range(len(groups)), key=lambda i: rank[groups[i]]))\n"
         "cut = int(np.ceil(test_fraction * len(groups)))\n"
         "return np.sort(rows[cut:]), np.sort(rows[:cut])"),
        ("test_fraction of the groups, not of the rows",
         "ids = generator.permutation(np.unique(groups))\n"
         "k = max(1, round(test_fraction * len(ids)))\n"
         "in_test = np.isin(groups, ids[:k])\n"
         "return np.flatnonzero(~in_test), np.flatnonzero(in_test)"),
        ("stops before the target: only groups that fit under it",
         _groups(keep_going="rows + counts[k] > target")),
        ("NumPy's global generator, not the one given",
         _groups(order="np.random.permutation(len(ids))")),
        ("boolean masks returned instead of row indices",
         _groups(out="return ~in_test, in_test")),
        ("scikit-learn's GroupShuffleSplit, which the question does not allow",
         "from sklearn.model_selection import GroupShuffleSplit\n\n"
         "seed = int(generator.integers(0, 2 ** 31))\n"
         "splitter = GroupShuffleSplit(n_splits=1, test_size=test_fraction, "
         "random_state=seed)\n"
         "train, test = next(splitter.split(np.zeros(len(groups)), groups=groups))\n"
         "return np.sort(train), np.sort(test)"),
    ],
}
