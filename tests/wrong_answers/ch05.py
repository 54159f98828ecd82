"""Plausible wrong answers to the Chapter 5 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

WRONG_ANSWERS = {
    "q1": [
        ("keeps NumPy's float64 (torch.from_numpy)",
         "def __init__(self, X, y):\n"
         "    self.X = torch.from_numpy(np.asarray(X))\n"
         "    self.y = torch.as_tensor(y, dtype=torch.int64)\n"
         "\n"
         "def __len__(self):\n"
         "    return len(self.y)\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    return self.X[index], self.y[index]"),
        ("length is the number of features (columns), not of examples",
         "def __init__(self, X, y):\n"
         "    self.X = torch.as_tensor(X, dtype=torch.float32)\n"
         "    self.y = torch.as_tensor(y, dtype=torch.int64)\n"
         "\n"
         "def __len__(self):\n"
         "    return self.X.shape[1]\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    return self.X[index], self.y[index]"),
        ("returns (label, features): the pair in the wrong order",
         "def __init__(self, X, y):\n"
         "    self.X = torch.as_tensor(X, dtype=torch.float32)\n"
         "    self.y = torch.as_tensor(y, dtype=torch.int64)\n"
         "\n"
         "def __len__(self):\n"
         "    return len(self.y)\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    return self.y[index], self.X[index]"),
        ("labels as float32, which CrossEntropyLoss would read as probabilities",
         "def __init__(self, X, y):\n"
         "    self.X = torch.as_tensor(X, dtype=torch.float32)\n"
         "    self.y = torch.as_tensor(y, dtype=torch.float32)\n"
         "\n"
         "def __len__(self):\n"
         "    return len(self.y)\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    return self.X[index], self.y[index]"),
    ],
    "q2": [
        ("a ReLU after the last layer too (no negative logits)",
         "layers = []\n"
         "for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
         "    layers += [nn.Linear(n_in, n_out), nn.ReLU()]\n"
         "return nn.Sequential(*layers)"),
        ("layers without biases",
         "layers = []\n"
         "for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
         "    layers += [nn.Linear(n_in, n_out, bias=False), nn.ReLU()]\n"
         "return nn.Sequential(*layers[:-1])"),
        ("layers kept in a plain list inside a custom module (not registered)",
         "class MLP(nn.Module):\n"
         "    def __init__(self):\n"
         "        super().__init__()\n"
         "        self.layers = [nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]\n"
         "\n"
         "    def forward(self, x):\n"
         "        for layer in self.layers[:-1]:\n"
         "            x = torch.relu(layer(x))\n"
         "        return self.layers[-1](x)\n"
         "\n"
         "return MLP()"),
        ("off by one: the output layer is missing",
         "layers = []\n"
         "for i in range(len(sizes) - 2):\n"
         "    layers += [nn.Linear(sizes[i], sizes[i + 1]), nn.ReLU()]\n"
         "return nn.Sequential(*layers[:-1])"),
    ],
    "q3": [
        ("forgets zero_grad: stale gradients are added to this batch's",
         "model.train()\n"
         "loss = loss_fn(model(inputs), targets)\n"
         "loss.backward()\n"
         "optimizer.step()\n"
         "return loss.item()"),
        ("zero_grad between backward and step: the step sees no gradient",
         "model.train()\n"
         "loss = loss_fn(model(inputs), targets)\n"
         "loss.backward()\n"
         "optimizer.zero_grad()\n"
         "optimizer.step()\n"
         "return loss.item()"),
        ("returns the loss tensor instead of a float",
         "model.train()\n"
         "loss = loss_fn(model(inputs), targets)\n"
         "optimizer.zero_grad()\n"
         "loss.backward()\n"
         "optimizer.step()\n"
         "return loss"),
        ("never switches to training mode (dropout stays off)",
         "loss = loss_fn(model(inputs), targets)\n"
         "optimizer.zero_grad()\n"
         "loss.backward()\n"
         "optimizer.step()\n"
         "return loss.item()"),
        ("returns the loss after the update",
         "model.train()\n"
         "loss = loss_fn(model(inputs), targets)\n"
         "optimizer.zero_grad()\n"
         "loss.backward()\n"
         "optimizer.step()\n"
         "with torch.no_grad():\n"
         "    return loss_fn(model(inputs), targets).item()"),
    ],
    "q4": [
        ("the mean of the batch means (a short last batch weighs as much as a full one)",
         "model.eval()\n"
         "losses, correct, seen = [], 0, 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        logits = model(inputs)\n"
         "        losses.append(loss_fn(logits, targets).item())\n"
         "        correct += (logits.argmax(dim=1) == targets).sum().item()\n"
         "        seen += len(targets)\n"
         "return sum(losses) / len(losses), correct / seen"),
        ("forgets model.eval(): dropout stays on",
         "total_loss, correct, seen = 0.0, 0, 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        logits = model(inputs)\n"
         "        total_loss += loss_fn(logits, targets).item() * len(targets)\n"
         "        correct += (logits.argmax(dim=1) == targets).sum().item()\n"
         "        seen += len(targets)\n"
         "return total_loss / seen, correct / seen"),
        ("forgets torch.no_grad(): a graph is built for every batch",
         "model.eval()\n"
         "total_loss, correct, seen = 0.0, 0, 0\n"
         "for inputs, targets in loader:\n"
         "    logits = model(inputs)\n"
         "    total_loss += loss_fn(logits, targets).item() * len(targets)\n"
         "    correct += (logits.argmax(dim=1) == targets).sum().item()\n"
         "    seen += len(targets)\n"
         "return total_loss / seen, correct / seen"),
        ("returns the number of right answers instead of the fraction",
         "model.eval()\n"
         "total_loss, correct, seen = 0.0, 0, 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        logits = model(inputs)\n"
         "        total_loss += loss_fn(logits, targets).item() * len(targets)\n"
         "        correct += (logits.argmax(dim=1) == targets).sum().item()\n"
         "        seen += len(targets)\n"
         "return total_loss / seen, correct"),
    ],
    "q5": [
        ("the live state_dicts, not a copy: the checkpoint changes as training goes on",
         "return {\"model\": model.state_dict(), \"optimizer\": optimizer.state_dict(),\n"
         "        \"epoch\": epoch, \"torch_rng\": torch.get_rng_state()}"),
        ("copies the model's weights but not the optimiser's state",
         "return {\"model\": copy.deepcopy(model.state_dict()),\n"
         "        \"optimizer\": optimizer.state_dict(),\n"
         "        \"epoch\": epoch, \"torch_rng\": torch.get_rng_state()}"),
        ("stores the model and optimiser objects (weights_only=True refuses them)",
         "return copy.deepcopy({\"model\": model, \"optimizer\": optimizer, \"epoch\": epoch,\n"
         "                      \"torch_rng\": torch.get_rng_state()})"),
        ("no random generator state",
         "return copy.deepcopy({\"model\": model.state_dict(),\n"
         "                      \"optimizer\": optimizer.state_dict(), \"epoch\": epoch})"),
        ("no optimiser state",
         "return copy.deepcopy({\"model\": model.state_dict(), \"epoch\": epoch,\n"
         "                      \"torch_rng\": torch.get_rng_state()})"),
    ],
    "q6": [
        ("restores only the weights: momentum and Adam's averages start again",
         "model.load_state_dict(checkpoint[\"model\"])\n"
         "torch.set_rng_state(checkpoint[\"torch_rng\"])\n"
         "return checkpoint[\"epoch\"]"),
        ("forgets the random generator: dropout draws other masks",
         "model.load_state_dict(checkpoint[\"model\"])\n"
         "optimizer.load_state_dict(checkpoint[\"optimizer\"])\n"
         "return checkpoint[\"epoch\"]"),
        ("returns the next epoch instead of the epochs completed",
         "model.load_state_dict(checkpoint[\"model\"])\n"
         "optimizer.load_state_dict(checkpoint[\"optimizer\"])\n"
         "torch.set_rng_state(checkpoint[\"torch_rng\"])\n"
         "return checkpoint[\"epoch\"] + 1"),
        ("loads the weights into a copy of the model, not the model given",
         "restored = copy.deepcopy(model)\n"
         "restored.load_state_dict(checkpoint[\"model\"])\n"
         "optimizer.load_state_dict(checkpoint[\"optimizer\"])\n"
         "torch.set_rng_state(checkpoint[\"torch_rng\"])\n"
         "return checkpoint[\"epoch\"]"),
    ],
    "q7": [
        ("rows and columns swapped: precision and recall exchanged",
         "confusion = np.asarray(confusion, dtype=float)\n"
         "hits = np.diag(confusion)\n"
         "predicted, actual = confusion.sum(axis=1), confusion.sum(axis=0)\n"
         "precision = np.divide(hits, predicted, out=np.zeros_like(hits), where=predicted > 0)\n"
         "recall = np.divide(hits, actual, out=np.zeros_like(hits), where=actual > 0)\n"
         "both = precision + recall\n"
         "f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(hits), where=both > 0)\n"
         "return precision, recall, f1"),
        ("F1 as the arithmetic mean of precision and recall",
         "confusion = np.asarray(confusion, dtype=float)\n"
         "hits = np.diag(confusion)\n"
         "predicted, actual = confusion.sum(axis=0), confusion.sum(axis=1)\n"
         "precision = np.divide(hits, predicted, out=np.zeros_like(hits), where=predicted > 0)\n"
         "recall = np.divide(hits, actual, out=np.zeros_like(hits), where=actual > 0)\n"
         "return precision, recall, (precision + recall) / 2"),
        ("NaN where a class is never predicted (no guard against 0 / 0)",
         "confusion = np.asarray(confusion, dtype=float)\n"
         "hits = np.diag(confusion)\n"
         "with np.errstate(invalid='ignore', divide='ignore'):\n"
         "    precision = hits / confusion.sum(axis=0)\n"
         "    recall = hits / confusion.sum(axis=1)\n"
         "    f1 = 2 * precision * recall / (precision + recall)\n"
         "return precision, recall, f1"),
        ("divides by the total number of examples instead of the column sums",
         "confusion = np.asarray(confusion, dtype=float)\n"
         "hits = np.diag(confusion)\n"
         "actual = confusion.sum(axis=1)\n"
         "precision = hits / confusion.sum()\n"
         "recall = np.divide(hits, actual, out=np.zeros_like(hits), where=actual > 0)\n"
         "both = precision + recall\n"
         "f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(hits), where=both > 0)\n"
         "return precision, recall, f1"),
    ],
}
