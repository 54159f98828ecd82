"""Right answers to the Chapter 11 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("scikit-learn's StandardScaler, fitted on the training rows",
         "from sklearn.preprocessing import StandardScaler\n\n"
         "scaler = StandardScaler().fit(X_train)\n"
         "return scaler.transform(X_train), scaler.transform(X_test)"),
        ("the variance by hand in float64, a loop over the columns",
         "train = np.array(X_train, dtype=np.float64)\n"
         "test = np.array(X_test, dtype=np.float64)\n"
         "for j in range(train.shape[1]):\n"
         "    mean = train[:, j].sum() / len(train)\n"
         "    std = np.sqrt(((train[:, j] - mean) ** 2).sum() / len(train))\n"
         "    if std == 0:\n"
         "        std = 1.0\n"
         "    train[:, j] = (train[:, j] - mean) / std\n"
         "    test[:, j] = (test[:, j] - mean) / std\n"
         "return train, test"),
        ("torch tensors, converted back to NumPy",
         "train = torch.as_tensor(X_train, dtype=torch.float64)\n"
         "test = torch.as_tensor(X_test, dtype=torch.float64)\n"
         "mean = train.mean(dim=0)\n"
         "std = train.std(dim=0, unbiased=False)\n"
         "std[std == 0] = 1.0\n"
         "return ((train - mean) / std).numpy(), ((test - mean) / std).numpy()"),
    ],
    "q2": [
        ("loops over the classes with Python counts",
         "pairs = list(zip(y_true.tolist(), y_pred.tolist()))\n"
         "f1s, recalls = [], []\n"
         "for k in range(n_classes):\n"
         "    tp = sum(1 for t, p in pairs if t == k and p == k)\n"
         "    n_true = sum(1 for t, _ in pairs if t == k)\n"
         "    n_pred = sum(1 for _, p in pairs if p == k)\n"
         "    if n_true == 0 and n_pred == 0:\n"
         "        continue\n"
         "    precision = tp / n_pred if n_pred else 0.0\n"
         "    recall = tp / n_true if n_true else 0.0\n"
         "    both = precision + recall\n"
         "    f1s.append(2 * precision * recall / both if both else 0.0)\n"
         "    if n_true:\n"
         "        recalls.append(recall)\n"
         "return sum(f1s) / len(f1s), sum(recalls) / len(recalls)"),
        ("the confusion matrix from np.bincount; F1 as 2 TP / (true + predicted)",
         "flat = np.bincount(y_true * n_classes + y_pred, minlength=n_classes ** 2)\n"
         "confusion = flat.reshape(n_classes, n_classes)\n"
         "tp = np.diag(confusion)\n"
         "n_true, n_pred = confusion.sum(1), confusion.sum(0)\n"
         "present = (n_true + n_pred) > 0\n"
         "f1 = 2 * tp[present] / (n_true[present] + n_pred[present])\n"
         "recall = tp[n_true > 0] / n_true[n_true > 0]\n"
         "return float(np.mean(f1)), float(np.mean(recall))"),
        ("torch, with the confusion matrix from index_put_ with accumulate=True",
         "t, p = torch.as_tensor(y_true), torch.as_tensor(y_pred)\n"
         "confusion = torch.zeros(n_classes, n_classes, dtype=torch.float64)\n"
         "confusion.index_put_((t, p), torch.ones(len(t), dtype=torch.float64), "
         "accumulate=True)\n"
         "tp, n_true, n_pred = confusion.diag(), confusion.sum(1), confusion.sum(0)\n"
         "keep = (n_true + n_pred) > 0\n"
         "f1 = 2 * tp[keep] / (n_true[keep] + n_pred[keep])\n"
         "return f1.mean().item(), (tp[n_true > 0] / n_true[n_true > 0]).mean().item()"),
    ],
    "q3": [
        ("all the indices drawn at once, vectorised",
         "d = np.asarray(correct_a, dtype=np.float64) - np.asarray(correct_b, "
         "dtype=np.float64)\n"
         "idx = generator.integers(0, len(d), size=(n_boot, len(d)))\n"
         "means = d[idx].mean(axis=1)\n"
         "return tuple(np.quantile(means, [alpha / 2, 1 - alpha / 2]))"),
        ("generator.choice, two accuracies per sample",
         "a, b = np.asarray(correct_a), np.asarray(correct_b)\n"
         "diffs = []\n"
         "for _ in range(n_boot):\n"
         "    idx = generator.choice(len(a), size=len(a), replace=True)\n"
         "    diffs.append(a[idx].mean() - b[idx].mean())\n"
         "low = np.percentile(diffs, 50 * alpha)\n"
         "high = np.percentile(diffs, 100 - 50 * alpha)\n"
         "return [low, high]"),
        ("counts of wins and losses per sample, in integers",
         "a = np.asarray(correct_a, dtype=np.int64)\n"
         "b = np.asarray(correct_b, dtype=np.int64)\n"
         "n = len(a)\n"
         "out = np.empty(n_boot)\n"
         "for k in range(n_boot):\n"
         "    idx = generator.integers(n, size=n)\n"
         "    out[k] = (a[idx].sum() - b[idx].sum()) / n\n"
         "return (float(np.percentile(out, 100 * alpha / 2)),\n"
         "        float(np.percentile(out, 100 - 100 * alpha / 2)))"),
    ],
    "q4": [
        ("torch, with the bins as chunks of the sorted rows",
         "p = torch.as_tensor(probs, dtype=torch.float64)\n"
         "conf, pred = p.max(dim=1)\n"
         "right = (pred == torch.as_tensor(labels)).double()\n"
         "order = torch.as_tensor(np.argsort(conf.numpy(), kind='stable'))\n"
         "total = 0.0\n"
         "for part in np.array_split(order.numpy(), n_bins):\n"
         "    if len(part):\n"
         "        part = torch.as_tensor(part)\n"
         "        total += len(part) * abs(right[part].mean() - conf[part].mean()).item()\n"
         "return total / len(labels)"),
        ("bin boundaries computed by hand, gaps summed as counts",
         "conf = np.max(probs, axis=1)\n"
         "hit = np.argmax(probs, axis=1) == labels\n"
         "order = np.argsort(conf, kind='mergesort')\n"
         "n = len(conf)\n"
         "size, extra = divmod(n, n_bins)\n"
         "start, total = 0, 0.0\n"
         "for b in range(n_bins):\n"
         "    stop = start + size + (b < extra)\n"
         "    rows = order[start:stop]\n"
         "    if len(rows):\n"
         "        total += abs(hit[rows].sum() - conf[rows].sum())\n"
         "    start = stop\n"
         "return total / n"),
    ],
    "q5": [
        ("a centred moving average of 7 steps, slopes by np.gradient",
         "losses = np.asarray(losses, dtype=float)\n"
         "lrs = np.asarray(lrs, dtype=float)\n"
         "end = len(losses)\n"
         "for i, v in enumerate(losses):\n"
         "    if not np.isfinite(v) or v > 4 * np.min(losses[: i + 1]):\n"
         "        end = i\n"
         "        break\n"
         "kept = losses[:end]\n"
         "padded = np.pad(kept, 3, mode='edge')\n"
         "smooth = np.convolve(padded, np.ones(7) / 7, mode='valid')\n"
         "best = int(np.argmin(smooth))\n"
         "if best < 2:\n"
         "    return float(lrs[0])\n"
         "slopes = np.gradient(smooth[: best + 1], np.log10(lrs[: best + 1]))\n"
         "return float(lrs[int(np.argmin(slopes))])"),
        ("an exponential average with beta = 0.8, divergence when the loss is 4x the "
         "first one, a loop from the 6th step",
         "lrs = list(lrs)\n"
         "avg, smooth = 0.0, []\n"
         "for t, v in enumerate(losses):\n"
         "    if not math.isfinite(v) or (smooth and v > 4 * smooth[0]):\n"
         "        break\n"
         "    avg = 0.8 * avg + 0.2 * v\n"
         "    smooth.append(avg / (1 - 0.8 ** (t + 1)))\n"
         "best = min(range(len(smooth)), key=smooth.__getitem__)\n"
         "steep, rate = 0.0, lrs[min(best, 5)]\n"
         "for t in range(6, best + 1):\n"
         "    slope = (smooth[t] - smooth[t - 1]) / (math.log(lrs[t]) - "
         "math.log(lrs[t - 1]))\n"
         "    if slope < steep:\n"
         "        steep, rate = slope, lrs[t]\n"
         "return float(rate)"),
        ("SciPy's lfilter as the exponential average (beta = 0.9), the first 10 steps "
         "skipped",
         "from scipy.signal import lfilter\n\n"
         "values = np.asarray(losses, dtype=float)\n"
         "bad = ~np.isfinite(values)\n"
         "end = int(np.argmax(bad)) if bad.any() else len(values)\n"
         "steps = np.arange(1, end + 1)\n"
         "smooth = lfilter([0.1], [1.0, -0.9], values[:end]) / (1 - 0.9 ** steps)\n"
         "over = np.flatnonzero(values[:end] > 4 * np.minimum.accumulate(smooth))\n"
         "if len(over):\n"
         "    smooth = smooth[: over[0]]\n"
         "best = int(np.argmin(smooth))\n"
         "x = np.log(np.asarray(lrs, dtype=float))\n"
         "slopes = np.diff(smooth[: best + 1]) / np.diff(x[: best + 1])\n"
         "skip = min(10, max(len(slopes) - 1, 0))\n"
         "if len(slopes) == 0:\n"
         "    return float(lrs[0])\n"
         "return float(np.asarray(lrs)[skip + int(np.argmin(slopes[skip:]))])"),
        ("a centred moving average of 11 steps without padding (mode 'valid')",
         "losses = np.asarray(losses, dtype=float)\n"
         "lrs = np.asarray(lrs, dtype=float)\n"
         "end, low = len(losses), np.inf\n"
         "for i, v in enumerate(losses):\n"
         "    if not np.isfinite(v) or v > 4 * low:\n"
         "        end = i\n"
         "        break\n"
         "    low = min(low, v)\n"
         "smooth = np.convolve(losses[:end], np.ones(11) / 11, mode='valid')\n"
         "best = int(np.argmin(smooth))\n"
         "if best == 0:\n"
         "    return float(lrs[5])\n"
         "slopes = np.diff(smooth[:best + 1]) / np.diff(np.log10(lrs[5:end - 5][:best + 1]))\n"
         "return float(lrs[6 + int(np.argmin(slopes))])"),
    ],
    "q6": [
        ("torch.split, each loss multiplied by its row count and divided by N",
         "for p in model.parameters():\n"
         "    p.grad = None\n"
         "for xb, yb in zip(torch.split(x, micro_batch_size), "
         "torch.split(y, micro_batch_size)):\n"
         "    (loss_fn(model(xb), yb) * xb.shape[0] / x.shape[0]).backward()\n"
         "return [p.grad.clone() for p in model.parameters()]"),
        ("the gradients summed by hand with torch.autograd.grad, one micro-batch at a time",
         "params = list(model.parameters())\n"
         "total = [torch.zeros_like(p) for p in params]\n"
         "n = x.shape[0]\n"
         "i = 0\n"
         "while i < n:\n"
         "    j = min(i + micro_batch_size, n)\n"
         "    grads = torch.autograd.grad(loss_fn(model(x[i:j]), y[i:j]), params)\n"
         "    total = [t + g * (j - i) / n for t, g in zip(total, grads)]\n"
         "    i = j\n"
         "return total"),
        ("the micro-batches' gradients weighted after backward, as a tuple",
         "model.zero_grad()\n"
         "params = list(model.parameters())\n"
         "acc = [torch.zeros_like(p) for p in params]\n"
         "for xb, yb in zip(x.split(micro_batch_size), y.split(micro_batch_size)):\n"
         "    model.zero_grad()\n"
         "    loss_fn(model(xb), yb).backward()\n"
         "    for a, p in zip(acc, params):\n"
         "        a += p.grad * len(xb) / len(x)\n"
         "return tuple(acc)"),
    ],
    "q7": [
        ("every covered image in one batch, the model called once",
         "model.eval()\n"
         "c, h, w = image.shape\n"
         "corners = [(i, j) for i in range(0, h - patch + 1, stride)\n"
         "           for j in range(0, w - patch + 1, stride)]\n"
         "batch = image.repeat(len(corners), 1, 1, 1)\n"
         "for k, (i, j) in enumerate(corners):\n"
         "    batch[k, :, i:i + patch, j:j + patch] = fill\n"
         "with torch.no_grad():\n"
         "    p = F.softmax(model(torch.cat([image[None], batch])), dim=1)[:, target]\n"
         "drops = p[0] - p[1:]\n"
         "return drops.reshape((h - patch) // stride + 1, (w - patch) // stride + 1)"),
        ("a mask multiplied in, torch.inference_mode, a float64 map",
         "model.train(False)\n"
         "_, h, w = image.shape\n"
         "n_i, n_j = (h - patch) // stride + 1, (w - patch) // stride + 1\n"
         "out = torch.zeros(n_i, n_j, dtype=torch.float64)\n"
         "with torch.inference_mode():\n"
         "    base = model(image.unsqueeze(0)).softmax(-1)[0, target]\n"
         "    for a in range(n_i):\n"
         "        for b in range(n_j):\n"
         "            mask = torch.ones_like(image)\n"
         "            i, j = a * stride, b * stride\n"
         "            mask[:, i:i + patch, j:j + patch] = 0\n"
         "            covered = image * mask + fill * (1 - mask)\n"
         "            prob = model(covered.unsqueeze(0)).softmax(-1)[0, target]\n"
         "            out[a, b] = (base - prob).item()\n"
         "return out"),
    ],
    "q8": [
        ("the shuffled ids, a cumulative count of rows, and the groups up to the crossing",
         "ids, counts = np.unique(groups, return_counts=True)\n"
         "order = generator.permutation(len(ids))\n"
         "filled = np.cumsum(counts[order])\n"
         "k = int(np.searchsorted(filled, test_fraction * len(groups))) + 1\n"
         "test = np.isin(groups, ids[order[:k]])\n"
         "return np.nonzero(~test)[0], np.nonzero(test)[0]"),
        ("Python lists, a dict of rows per group, generator.shuffle",
         "rows_of = {}\n"
         "for i, g in enumerate(groups.tolist()):\n"
         "    rows_of.setdefault(g, []).append(i)\n"
         "names = sorted(rows_of)\n"
         "generator.shuffle(names)\n"
         "test = []\n"
         "for g in names:\n"
         "    if len(test) >= test_fraction * len(groups):\n"
         "        break\n"
         "    test += rows_of[g]\n"
         "test = sorted(test)\n"
         "taken = set(test)\n"
         "train = [i for i in range(len(groups)) if i not in taken]\n"
         "return np.array(train, dtype=np.int64), np.array(test, dtype=np.int64)"),
        ("the share of rows compared with test_fraction, rows / N < test_fraction",
         "ids, counts = np.unique(groups, return_counts=True)\n"
         "n, taken, test_ids = len(groups), 0, []\n"
         "for k in generator.permutation(len(ids)):\n"
         "    if taken / n >= test_fraction:\n"
         "        break\n"
         "    test_ids.append(ids[k])\n"
         "    taken += counts[k]\n"
         "mask = np.isin(groups, test_ids)\n"
         "return np.where(~mask)[0], np.where(mask)[0]"),
    ],
}
