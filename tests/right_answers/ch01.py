"""Right answers to the Chapter 1 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("a Python loop over the examples, a Python float",
         "right = 0\n"
         "for row, label in zip(scores, labels):\n"
         "    best = 0\n"
         "    for j in range(len(row)):\n"
         "        if row[j] > row[best]:\n"
         "            best = j\n"
         "    right += best == label\n"
         "return right / len(labels)"),
        ("returns a NumPy float (no float())",
         "return np.mean(scores.argmax(axis=1) == labels)"),
        ("count of right answers over the number of rows",
         "return np.sum(np.argmax(scores, 1) == labels) / scores.shape[0]"),
        ("the chapter's PyTorch style: argmax(dim=1), then .float().mean().item()",
         "import torch\n"
         "predictions = torch.as_tensor(scores).argmax(dim=1)\n"
         "return (predictions == torch.as_tensor(labels)).float().mean().item()"),
    ],
    "q2": [
        ("extends Python lists, then arrays with dtype=int",
         "rng = np.random.default_rng(seed)\n"
         "train, test = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = rng.permutation(np.flatnonzero(labels == c))\n"
         "    n_test = round(test_fraction * len(members))\n"
         "    test.extend(members[:n_test])\n"
         "    train.extend(members[n_test:])\n"
         "return np.array(train, dtype=int), np.array(test, dtype=int)"),
        ("a boolean mask, filled with rng.choice without replacement; a list of two arrays",
         "rng = np.random.default_rng(seed)\n"
         "in_test = np.zeros(len(labels), dtype=bool)\n"
         "for c in set(labels.tolist()):\n"
         "    members = np.nonzero(labels == c)[0]\n"
         "    n_test = int(np.round(test_fraction * len(members)))\n"
         "    in_test[rng.choice(members, size=n_test, replace=False)] = True\n"
         "return [np.flatnonzero(~in_test), np.flatnonzero(in_test)]"),
        ("shuffles all indices once with rng.shuffle, then takes each class in that order",
         "rng = np.random.default_rng(seed)\n"
         "order = np.arange(len(labels))\n"
         "rng.shuffle(order)\n"
         "test = []\n"
         "for c in np.unique(labels):\n"
         "    members = order[labels[order] == c]\n"
         "    test.append(members[:round(test_fraction * len(members))])\n"
         "test = np.sort(np.concatenate(test))\n"
         "return np.setdiff1d(np.arange(len(labels)), test), test"),
    ],
    "q3": [
        ("NumPy dot product of the sizes, a NumPy integer",
         "sizes = np.array(layer_sizes)\n"
         "return np.dot(sizes[:-1], sizes[1:]) + np.sum(sizes[1:])"),
        ("builds the nn.Linear layers and counts their parameters with numel",
         "from torch import nn\n"
         "layers = [nn.Linear(n_in, n_out)\n"
         "          for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]\n"
         "return sum(p.numel() for layer in layers for p in layer.parameters())"),
        ("a loop over positions",
         "total = 0\n"
         "for i in range(1, len(layer_sizes)):\n"
         "    total += (layer_sizes[i - 1] + 1) * layer_sizes[i]\n"
         "return total"),
    ],
    "q4": [
        ("a loop that keeps the first strictly lower loss",
         "best, best_loss = 1, val_losses[0]\n"
         "for epoch, loss in enumerate(val_losses, start=1):\n"
         "    if loss < best_loss:\n"
         "        best, best_loss = epoch, loss\n"
         "return best"),
        ("the first position of the minimum, a NumPy integer",
         "losses = np.asarray(val_losses)\n"
         "return np.flatnonzero(losses == losses.min())[0] + 1"),
        ("min over the epochs with the loss as key",
         "return min(range(1, len(val_losses) + 1), key=lambda e: val_losses[e - 1])"),
    ],
    "q5": [
        ("a loop over the receipts",
         "total = 0.0\n"
         "for x, y in zip(kilos, paid):\n"
         "    total += 2 * (w * x - y) * x\n"
         "return w - learning_rate * total / len(kilos)"),
        ("the slope from dot products",
         "n = len(kilos)\n"
         "slope = 2 * (w * kilos @ kilos - kilos @ paid) / n\n"
         "return float(w - learning_rate * slope)"),
    ],
    "q6": [
        ("a loop over the receipts that sums both slopes",
         "slope_w = slope_b = 0.0\n"
         "for x, y in zip(kilos, paid):\n"
         "    error = w * x + b - y\n"
         "    slope_w += 2 * error * x\n"
         "    slope_b += 2 * error\n"
         "n = len(kilos)\n"
         "return (w - learning_rate * slope_w / n, b - learning_rate * slope_b / n)"),
        ("matrix form with a column of ones, returns a list",
         "X = np.column_stack([kilos, np.ones(len(kilos))])\n"
         "theta = np.array([w, b], dtype=float)\n"
         "gradient = 2 * X.T @ (X @ theta - paid) / len(paid)\n"
         "return list(theta - learning_rate * gradient)"),
        ("the slopes from a squared 2-norm and sums",
         "n = len(kilos)\n"
         "squares = np.linalg.norm(kilos) ** 2\n"
         "slope_w = 2 * (w * squares + b * np.sum(kilos) - kilos @ paid) / n\n"
         "slope_b = 2 * (w * np.sum(kilos) + n * b - np.sum(paid)) / n\n"
         "return w - learning_rate * slope_w, b - learning_rate * slope_b"),
        ("reuses gradient_step of question 5 for w, on the receipts less the fee",
         "new_w = gradient_step(w, kilos, paid - b, learning_rate)\n"
         "new_b = b - learning_rate * np.mean(2 * (w * kilos + b - paid))\n"
         "return new_w, new_b"),
        ("copies of the old values, then both updates; NumPy floats in a tuple",
         "old_w, old_b = w, b\n"
         "error = old_w * kilos + old_b - paid\n"
         "w = old_w - learning_rate * 2 * np.mean(error * kilos)\n"
         "b = old_b - learning_rate * 2 * np.mean(error)\n"
         "return w, b"),
    ],
    "q7": [
        ("np.unique with counts; the classes come sorted, so argmax takes the smallest",
         "classes, counts = np.unique(train_labels, return_counts=True)\n"
         "majority = classes[np.argmax(counts)]\n"
         "return np.mean(test_labels == majority)"),
        ("scipy.stats.mode, which returns the smallest of several modes",
         "from scipy import stats\n"
         "majority = stats.mode(train_labels).mode\n"
         "return float(np.mean(test_labels == majority))"),
        ("a dict of counts, the smallest class among the most common",
         "counts = {}\n"
         "for label in train_labels.tolist():\n"
         "    counts[label] = counts.get(label, 0) + 1\n"
         "most = max(counts.values())\n"
         "majority = min(c for c, n in counts.items() if n == most)\n"
         "return sum(1 for label in test_labels if label == majority) / len(test_labels)"),
    ],
    "q8": [
        ("a loop over the examples",
         "n = scores.shape[1]\n"
         "matrix = np.zeros((n, n), dtype=int)\n"
         "for label, prediction in zip(labels, np.argmax(scores, axis=1)):\n"
         "    matrix[label, prediction] += 1\n"
         "return matrix"),
        ("scikit-learn's confusion_matrix, told every class with labels=",
         "from sklearn import metrics\n"
         "n = scores.shape[1]\n"
         "return metrics.confusion_matrix(labels, scores.argmax(axis=1), labels=range(n))"),
        ("np.bincount of label * n + prediction, reshaped",
         "n = scores.shape[1]\n"
         "codes = labels * n + scores.argmax(axis=1)\n"
         "return np.bincount(codes, minlength=n * n).reshape(n, n)"),
        ("a count for each pair of classes, int32",
         "n = scores.shape[1]\n"
         "predictions = np.argmax(scores, axis=1)\n"
         "return np.array([[np.sum((labels == i) & (predictions == j)) for j in range(n)]\n"
         "                 for i in range(n)], dtype=np.int32)"),
    ],
}
