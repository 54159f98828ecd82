"""Plausible wrong answers to the Chapter 1 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

# The body of a correct stratified split, with one line to fill in: the variations below.
_SPLIT = (
    "rng = np.random.default_rng(seed)\n"
    "train_parts, test_parts = [], []\n"
    "for c in np.unique(labels):\n"
    "    members = rng.permutation(np.flatnonzero(labels == c))\n"
    "    n_test = {n_test}\n"
    "    test_parts.append(members[:n_test])\n"
    "    train_parts.append(members[n_test:])\n"
    "return np.concatenate(train_parts), np.concatenate(test_parts)"
)

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
        ("counts a tie as right when the label is among the highest scores",
         "label_scores = scores[np.arange(len(labels)), labels]\n"
         "return float(np.mean(label_scores == scores.max(axis=1)))"),
        ("takes the last of several highest scores",
         "n_classes = scores.shape[1]\n"
         "predictions = n_classes - 1 - np.argmax(scores[:, ::-1], axis=1)\n"
         "return float(np.mean(predictions == labels))"),
        ("turns the scores into probabilities in place (changes the caller's array)",
         "scores -= scores.max(axis=1, keepdims=True)\n"
         "np.exp(scores, out=scores)\n"
         "scores /= scores.sum(axis=1, keepdims=True)\n"
         "return float(np.mean(np.argmax(scores, axis=1) == labels))"),
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
         _SPLIT.replace("default_rng(seed)", "default_rng()").format(
             n_test="round(test_fraction * len(members))")),
        ("rounds the class share down with int()",
         _SPLIT.format(n_test="int(test_fraction * len(members))")),
        ("seeds NumPy's global generator (banned) instead of making its own",
         "np.random.seed(seed)\n"
         "train_parts, test_parts = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = np.random.permutation(np.flatnonzero(labels == c))\n"
         "    n_test = round(test_fraction * len(members))\n"
         "    test_parts.append(members[:n_test])\n"
         "    train_parts.append(members[n_test:])\n"
         "return np.concatenate(train_parts), np.concatenate(test_parts)"),
        ("shuffles with Python's random module (banned)",
         "import random\n"
         "random.seed(seed)\n"
         "train, test = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = list(np.flatnonzero(labels == c))\n"
         "    random.shuffle(members)\n"
         "    n_test = round(test_fraction * len(members))\n"
         "    test += members[:n_test]\n"
         "    train += members[n_test:]\n"
         "return np.array(train, dtype=int), np.array(test, dtype=int)"),
        ("returns Python lists where NumPy arrays are asked for",
         "rng = np.random.default_rng(seed)\n"
         "train, test = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = rng.permutation(np.flatnonzero(labels == c))\n"
         "    n_test = round(test_fraction * len(members))\n"
         "    test += members[:n_test].tolist()\n"
         "    train += members[n_test:].tolist()\n"
         "return train, test"),
        ("builds the arrays from lists: an empty set comes back as floats",
         "rng = np.random.default_rng(seed)\n"
         "train, test = [], []\n"
         "for c in np.unique(labels):\n"
         "    members = rng.permutation(np.flatnonzero(labels == c))\n"
         "    n_test = round(test_fraction * len(members))\n"
         "    test.extend(members[:n_test])\n"
         "    train.extend(members[n_test:])\n"
         "return np.array(train), np.array(test)"),
        ("puts at least one example of every class in the test set",
         _SPLIT.format(n_test="max(1, round(test_fraction * len(members)))")),
        ("largest remainders, as scikit-learn does: the total is rounded, not each class",
         "rng = np.random.default_rng(seed)\n"
         "classes, counts = np.unique(labels, return_counts=True)\n"
         "exact = test_fraction * counts\n"
         "per_class = np.floor(exact).astype(int)\n"
         "left = round(test_fraction * len(labels)) - per_class.sum()\n"
         "per_class[np.argsort(per_class - exact, kind='stable')[:left]] += 1\n"
         "train_parts, test_parts = [], []\n"
         "for c, n_test in zip(classes, per_class):\n"
         "    members = rng.permutation(np.flatnonzero(labels == c))\n"
         "    test_parts.append(members[:n_test])\n"
         "    train_parts.append(members[n_test:])\n"
         "return np.concatenate(train_parts), np.concatenate(test_parts)"),
        ("classes taken as 0 to the largest label: negative labels are dropped",
         _SPLIT.replace("np.unique(labels)", "range(labels.max() + 1)").format(
             n_test="round(test_fraction * len(members))")),
        ("scikit-learn's train_test_split with stratify",
         "from sklearn.model_selection import train_test_split\n"
         "return train_test_split(np.arange(len(labels)), test_size=test_fraction,\n"
         "                        stratify=labels, random_state=seed)"),
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
        ("pops the sizes off the caller's list",
         "total = 0\n"
         "while len(layer_sizes) > 1:\n"
         "    n_in = layer_sizes.pop(0)\n"
         "    total += n_in * layer_sizes[0] + layer_sizes[0]\n"
         "return total"),
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
        ("turns the receipts into residuals in place (changes the caller's paid)",
         "paid -= w * kilos\n"
         "slope = -2 * np.mean(paid * kilos)\n"
         "return w - learning_rate * slope"),
    ],
    "q6": [
        ("updates w first, then takes b's slope at the new w",
         "w = w - learning_rate * np.mean(2 * (w * kilos + b - paid) * kilos)\n"
         "b = b - learning_rate * np.mean(2 * (w * kilos + b - paid))\n"
         "return w, b"),
        ("keeps the chapter's slope for w, without the fee",
         "slope_w = np.mean(2 * (w * kilos - paid) * kilos)\n"
         "slope_b = np.mean(2 * (w * kilos + b - paid))\n"
         "return w - learning_rate * slope_w, b - learning_rate * slope_b"),
        ("copies the factor kilos into b's slope",
         "error = w * kilos + b - paid\n"
         "slope = np.mean(2 * error * kilos)\n"
         "return w - learning_rate * slope, b - learning_rate * slope"),
        ("sums b's slope over the receipts instead of averaging",
         "error = w * kilos + b - paid\n"
         "return (w - learning_rate * np.mean(2 * error * kilos),\n"
         "        b - learning_rate * np.sum(2 * error))"),
        ("sign error on b: the fee moves uphill",
         "error = w * kilos + b - paid\n"
         "return (w - learning_rate * np.mean(2 * error * kilos),\n"
         "        b + learning_rate * np.mean(2 * error))"),
        ("returns (b, w) in the wrong order",
         "error = w * kilos + b - paid\n"
         "return (b - learning_rate * np.mean(2 * error),\n"
         "        w - learning_rate * np.mean(2 * error * kilos))"),
        ("subtracts the fee from the caller's receipts in place",
         "paid -= b\n"
         "error = w * kilos - paid\n"
         "return (w - learning_rate * np.mean(2 * error * kilos),\n"
         "        b - learning_rate * np.mean(2 * error))"),
    ],
    "q7": [
        ("chooses the majority class on the test labels (the test set leaks into the model)",
         "majority = np.argmax(np.bincount(test_labels))\n"
         "return float(np.mean(test_labels == majority))"),
        ("Counter.most_common: on a tie, the class seen first, not the smallest",
         "from collections import Counter\n"
         "majority = Counter(train_labels.tolist()).most_common(1)[0][0]\n"
         "return float(np.mean(test_labels == majority))"),
        ("sorts the classes by count: on a tie, the largest class",
         "classes = sorted(np.unique(train_labels), key=lambda c: np.sum(train_labels == c))\n"
         "return float(np.mean(test_labels == classes[-1]))"),
        ("returns chance level, 1 / number of classes",
         "return 1 / len(np.unique(train_labels))"),
        ("returns the majority class instead of its accuracy",
         "return int(np.argmax(np.bincount(train_labels)))"),
        ("takes the majority over training and test labels together",
         "both = np.concatenate([train_labels, test_labels])\n"
         "return float(np.mean(test_labels == np.argmax(np.bincount(both))))"),
        ("the chapter's max(set(...), key=list.count): on a tie, the set's order decides",
         "train = train_labels.tolist()\n"
         "majority = max(set(train), key=train.count)\n"
         "return float(np.mean(test_labels == majority))"),
        ("returns the share of the majority class in training",
         "counts = np.bincount(train_labels)\n"
         "return float(counts.max() / len(train_labels))"),
    ],
    "q8": [
        ("transposed: rows are the predictions",
         "n = scores.shape[1]\n"
         "matrix = np.zeros((n, n), dtype=int)\n"
         "np.add.at(matrix, (np.argmax(scores, axis=1), labels), 1)\n"
         "return matrix"),
        ("fancy-index += counts a repeated (label, prediction) pair once",
         "n = scores.shape[1]\n"
         "matrix = np.zeros((n, n), dtype=int)\n"
         "matrix[labels, np.argmax(scores, axis=1)] += 1\n"
         "return matrix"),
        ("sizes the matrix from the labels that occur",
         "predictions = np.argmax(scores, axis=1)\n"
         "n = max(labels.max(), predictions.max()) + 1\n"
         "matrix = np.zeros((n, n), dtype=int)\n"
         "np.add.at(matrix, (labels, predictions), 1)\n"
         "return matrix"),
        ("a matrix of floats (np.zeros without dtype)",
         "n = scores.shape[1]\n"
         "matrix = np.zeros((n, n))\n"
         "np.add.at(matrix, (labels, np.argmax(scores, axis=1)), 1)\n"
         "return matrix"),
        ("takes the last of several highest scores",
         "n = scores.shape[1]\n"
         "predictions = n - 1 - np.argmax(scores[:, ::-1], axis=1)\n"
         "matrix = np.zeros((n, n), dtype=int)\n"
         "np.add.at(matrix, (labels, predictions), 1)\n"
         "return matrix"),
        ("returns a list of lists",
         "n = scores.shape[1]\n"
         "matrix = [[0] * n for _ in range(n)]\n"
         "for label, prediction in zip(labels, np.argmax(scores, axis=1)):\n"
         "    matrix[label][prediction] += 1\n"
         "return matrix"),
    ],
}
