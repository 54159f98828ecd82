"""Plausible wrong answers to the Chapter 1 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

WRONG_ANSWERS = {
    "q1": [
        ("argmax over the wrong axis (per class instead of per example)",
         "predictions = np.argmax(scores, axis=0)\n"
         "return float(np.mean(predictions == labels))"),
        ("counts the right predictions instead of the fraction (no normalisation)",
         "return float(np.sum(np.argmax(scores, axis=1) == labels))"),
        ("returns the error rate",
         "return float(np.mean(np.argmax(scores, axis=1) != labels))"),
        ("returns a percentage",
         "return 100 * float(np.mean(np.argmax(scores, axis=1) == labels))"),
    ],
    "q2": [
        ("plain random split that ignores the classes",
         "rng = np.random.default_rng(seed)\n"
         "order = rng.permutation(len(labels))\n"
         "n_test = round(test_fraction * len(labels))\n"
         "return order[n_test:], order[:n_test]"),
        ("no shuffling: the first examples of each class go to the test set",
         "train_parts, test_parts = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = np.flatnonzero(labels == c)\n"
         "    n_test = round(test_fraction * len(members))\n"
         "    test_parts.append(members[:n_test])\n"
         "    train_parts.append(members[n_test:])\n"
         "return np.concatenate(train_parts), np.concatenate(test_parts)"),
        ("train and test swapped (test_fraction used as the training fraction)",
         "rng = np.random.default_rng(seed)\n"
         "train_parts, test_parts = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = rng.permutation(np.flatnonzero(labels == c))\n"
         "    n_train = round(test_fraction * len(members))\n"
         "    train_parts.append(members[:n_train])\n"
         "    test_parts.append(members[n_train:])\n"
         "return np.concatenate(train_parts), np.concatenate(test_parts)"),
        ("test examples drawn with replacement (duplicates)",
         "rng = np.random.default_rng(seed)\n"
         "train_parts, test_parts = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = np.flatnonzero(labels == c)\n"
         "    chosen = rng.choice(members, round(test_fraction * len(members)))\n"
         "    test_parts.append(chosen)\n"
         "    train_parts.append(np.setdiff1d(members, chosen))\n"
         "return np.concatenate(train_parts), np.concatenate(test_parts)"),
        ("a new unseeded generator: not repeatable",
         "rng = np.random.default_rng()\n"
         "train_parts, test_parts = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = rng.permutation(np.flatnonzero(labels == c))\n"
         "    n_test = round(test_fraction * len(members))\n"
         "    test_parts.append(members[:n_test])\n"
         "    train_parts.append(members[n_test:])\n"
         "return np.concatenate(train_parts), np.concatenate(test_parts)"),
        ("rounds the class share down with int()",
         "rng = np.random.default_rng(seed)\n"
         "train_parts, test_parts = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = rng.permutation(np.flatnonzero(labels == c))\n"
         "    n_test = int(test_fraction * len(members))\n"
         "    test_parts.append(members[:n_test])\n"
         "    train_parts.append(members[n_test:])\n"
         "return np.concatenate(train_parts), np.concatenate(test_parts)"),
    ],
    "q3": [
        ("forgets the biases",
         "return sum(n_in * n_out for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]))"),
        ("one bias per input unit instead of per output unit",
         "return sum(a * b + a for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))"),
        ("counts a bias for the input layer too",
         "weights = sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))\n"
         "return weights + sum(layer_sizes)"),
        ("returns a float",
         "return float(sum(a * b + b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])))"),
    ],
    "q4": [
        ("counts epochs from 0 (off by one)",
         "return int(np.argmin(val_losses))"),
        ("picks the highest validation loss",
         "return int(np.argmax(val_losses)) + 1"),
        ("takes the last of several equal minima",
         "losses = np.asarray(val_losses)\n"
         "return len(losses) - int(np.argmin(losses[::-1]))"),
        ("works only for lists (list.index)",
         "return val_losses.index(min(val_losses)) + 1"),
        ("returns the lowest loss instead of its epoch",
         "return float(np.min(val_losses))"),
    ],
    "q5": [
        ("sign error: steps uphill",
         "slope = np.mean(2 * (w * kilos - paid) * kilos)\n"
         "return w + learning_rate * slope"),
        ("sums over the receipts instead of averaging (missing normalisation)",
         "slope = np.sum(2 * (w * kilos - paid) * kilos)\n"
         "return w - learning_rate * slope"),
        ("forgets the factor 2 of the derivative",
         "slope = np.mean((w * kilos - paid) * kilos)\n"
         "return w - learning_rate * slope"),
        ("forgets the inner derivative (the factor kilos)",
         "slope = np.mean(2 * (w * kilos - paid))\n"
         "return w - learning_rate * slope"),
    ],
}
