"""Right answers to the Chapter 5 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("returns the pair as a list [x, y], which a DataLoader accepts too",
         "def __init__(self, X, y):\n"
         "    self.X = torch.as_tensor(X, dtype=torch.float32)\n"
         "    self.y = torch.as_tensor(y, dtype=torch.int64)\n"
         "\n"
         "def __len__(self):\n"
         "    return len(self.y)\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    return [self.X[index], self.y[index]]"),
        ("keeps the arrays and converts one example at a time in __getitem__",
         "def __init__(self, X, y):\n"
         "    self.X, self.y = X, y\n"
         "\n"
         "def __len__(self):\n"
         "    return len(self.X)\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    features = torch.tensor(self.X[index], dtype=torch.float32)\n"
         "    return features, torch.tensor(self.y[index], dtype=torch.int64)"),
        ("converts with NumPy first, then torch.from_numpy and .long()",
         "def __init__(self, X, y):\n"
         "    self.X = torch.from_numpy(np.asarray(X, dtype=np.float32))\n"
         "    self.y = torch.from_numpy(np.asarray(y)).long()\n"
         "\n"
         "def __len__(self):\n"
         "    return self.X.shape[0]\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    return self.X[index], self.y[index]"),
    ],
    "q2": [
        ("F.pad on each sequence, then torch.stack",
         "import torch.nn.functional as F\n"
         "\n"
         "longest = max(len(sequence) for sequence, _ in batch)\n"
         "padded = torch.stack([F.pad(sequence, (0, 0, 0, longest - len(sequence)))\n"
         "                      for sequence, _ in batch])\n"
         "lengths = torch.tensor([len(sequence) for sequence, _ in batch])\n"
         "labels = torch.as_tensor([int(label) for _, label in batch])\n"
         "return padded, lengths, labels"),
        ("zeros appended with torch.cat, labels stacked as tensors, a list returned",
         "longest = max(len(sequence) for sequence, _ in batch)\n"
         "rows = []\n"
         "for sequence, _ in batch:\n"
         "    zeros = sequence.new_zeros(longest - len(sequence), sequence.shape[1])\n"
         "    rows.append(torch.cat([sequence, zeros]))\n"
         "labels = torch.stack([torch.as_tensor(label) for _, label in batch]).long()\n"
         "lengths = torch.tensor([len(sequence) for sequence, _ in batch], dtype=torch.long)\n"
         "return [torch.stack(rows), lengths, labels]"),
        ("new_zeros and a loop with zip",
         "sequences, labels = zip(*batch)\n"
         "lengths = torch.tensor([s.shape[0] for s in sequences], dtype=torch.int64)\n"
         "width = sequences[0].shape[1]\n"
         "padded = sequences[0].new_zeros((len(sequences), int(lengths.max()), width))\n"
         "for row, sequence in zip(padded, sequences):\n"
         "    row[:len(sequence)] = sequence\n"
         "return padded, lengths, torch.tensor([int(label) for label in labels])"),
    ],
    "q3": [
        ("one nn.ReLU() instance reused between every two layers",
         "relu = nn.ReLU()\n"
         "layers = [nn.Linear(sizes[0], sizes[1])]\n"
         "for n_in, n_out in zip(sizes[1:-1], sizes[2:]):\n"
         "    layers += [relu, nn.Linear(n_in, n_out)]\n"
         "return nn.Sequential(*layers)"),
        ("a module of its own: nn.ModuleList and F.relu in forward",
         "import torch.nn.functional as F\n"
         "\n"
         "class MLP(nn.Module):\n"
         "    def __init__(self):\n"
         "        super().__init__()\n"
         "        self.layers = nn.ModuleList(\n"
         "            nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))\n"
         "\n"
         "    def forward(self, x):\n"
         "        for layer in self.layers[:-1]:\n"
         "            x = F.relu(layer(x))\n"
         "        return self.layers[-1](x)\n"
         "\n"
         "return MLP()"),
        ("named layers in an OrderedDict, in-place ReLUs",
         "from collections import OrderedDict\n"
         "\n"
         "layers = OrderedDict()\n"
         "for i in range(len(sizes) - 1):\n"
         "    if i > 0:\n"
         "        layers[f\"relu{i}\"] = nn.ReLU(inplace=True)\n"
         "    layers[f\"fc{i + 1}\"] = nn.Linear(sizes[i], sizes[i + 1])\n"
         "return nn.Sequential(layers)"),
    ],
    "q4": [
        ("nn.init.kaiming_normal_ and nn.init.zeros_ through apply",
         "def initialise(module):\n"
         "    if isinstance(module, nn.Linear):\n"
         "        nn.init.kaiming_normal_(module.weight, nonlinearity=\"relu\")\n"
         "        nn.init.zeros_(module.bias)\n"
         "\n"
         "return model.apply(initialise)"),
        ("nn.init.kaiming_normal_ with its defaults (fan_in; leaky ReLU with slope 0 is ReLU)",
         "for module in model.modules():\n"
         "    if isinstance(module, nn.Linear):\n"
         "        nn.init.kaiming_normal_(module.weight)\n"
         "        if module.bias is not None:\n"
         "            nn.init.constant_(module.bias, 0.0)\n"
         "return model"),
        ("a loop over model.modules(), changing .data",
         "for module in model.modules():\n"
         "    if isinstance(module, nn.Linear):\n"
         "        fan_in = module.weight.shape[1]\n"
         "        module.weight.data.normal_(0, (2 / fan_in) ** 0.5)\n"
         "        module.bias.data.fill_(0.0)\n"
         "return model"),
        ("torch.randn scaled, copied into the weights",
         "with torch.no_grad():\n"
         "    for name, module in model.named_modules():\n"
         "        if isinstance(module, nn.Linear):\n"
         "            std = (2.0 / module.in_features) ** 0.5\n"
         "            shape = (module.out_features, module.in_features)\n"
         "            module.weight.copy_(torch.randn(shape) * std)\n"
         "            module.bias.copy_(torch.zeros(module.out_features))\n"
         "return model"),
    ],
    "q5": [
        ("torch.sqrt(torch.mean(output ** 2)) with inference_mode",
         "values = []\n"
         "handles = []\n"
         "for module in model.modules():\n"
         "    if isinstance(module, nn.ReLU):\n"
         "        handles.append(module.register_forward_hook(\n"
         "            lambda module, args, output: values.append(\n"
         "                float(torch.sqrt(torch.mean(output ** 2))))))\n"
         "with torch.inference_mode():\n"
         "    model(inputs)\n"
         "for handle in handles:\n"
         "    handle.remove()\n"
         "return values"),
        ("the norm divided by the square root of the count, in float64",
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append((output.double().norm() / output.numel() ** 0.5).item())\n"
         "\n"
         "handles = [m.register_forward_hook(record) for m in model.modules()\n"
         "           if type(m) is nn.ReLU]\n"
         "try:\n"
         "    with torch.no_grad():\n"
         "        model(inputs)\n"
         "finally:\n"
         "    while handles:\n"
         "        handles.pop().remove()\n"
         "return values"),
        ("one global forward hook that keeps only the calls of ReLU modules",
         "from torch.nn.modules.module import register_module_forward_hook\n"
         "\n"
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    if isinstance(module, nn.ReLU):\n"
         "        values.append(output.pow(2).mean().sqrt().item())\n"
         "\n"
         "handle = register_module_forward_hook(record)\n"
         "try:\n"
         "    with torch.no_grad():\n"
         "        model(inputs)\n"
         "finally:\n"
         "    handle.remove()\n"
         "return values"),
        ("the mode saved, model.eval() for the pass, the mode put back",
         "values = []\n"
         "was_training = model.training\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append(output.square().mean().sqrt().item())\n"
         "\n"
         "handles = [m.register_forward_hook(record) for m in model.modules()\n"
         "           if isinstance(m, nn.ReLU)]\n"
         "model.eval()\n"
         "with torch.no_grad():\n"
         "    model(inputs)\n"
         "model.train(was_training)\n"
         "for handle in handles:\n"
         "    handle.remove()\n"
         "return values"),
    ],
    "q6": [
        ("zero_grad first, float(loss)",
         "optimizer.zero_grad()\n"
         "model.train()\n"
         "loss = loss_fn(model(inputs), targets)\n"
         "loss.backward()\n"
         "optimizer.step()\n"
         "return float(loss.detach())"),
        ("the gradients set to None by hand instead of optimizer.zero_grad()",
         "model.train()\n"
         "for p in model.parameters():\n"
         "    p.grad = None\n"
         "outputs = model(inputs)\n"
         "loss = loss_fn(outputs, targets)\n"
         "loss.backward()\n"
         "optimizer.step()\n"
         "return loss.detach().item()"),
    ],
    "q7": [
        ("torch.split, and the loss weighted by len(xb) / len(inputs)",
         "model.train()\n"
         "optimizer.zero_grad()\n"
         "total = 0.0\n"
         "for xb, yb in zip(inputs.split(micro_batch_size), targets.split(micro_batch_size)):\n"
         "    loss = loss_fn(model(xb), yb) * len(xb) / len(inputs)\n"
         "    loss.backward()\n"
         "    total += loss.item()\n"
         "optimizer.step()\n"
         "return total"),
        ("sums of per-example losses, divided by the batch size at the end",
         "model.train()\n"
         "for p in model.parameters():\n"
         "    p.grad = None\n"
         "n, loss_sum = len(inputs), 0.0\n"
         "for start in range(0, n, micro_batch_size):\n"
         "    xb = inputs[start:start + micro_batch_size]\n"
         "    yb = targets[start:start + micro_batch_size]\n"
         "    piece = loss_fn(model(xb), yb) * len(yb)\n"
         "    (piece / n).backward()\n"
         "    loss_sum += piece.item()\n"
         "optimizer.step()\n"
         "return loss_sum / n"),
    ],
    "q8": [
        ("torch.inference_mode, and the outputs of every batch concatenated first",
         "model.eval()\n"
         "with torch.inference_mode():\n"
         "    batches = [(model(inputs), targets) for inputs, targets in loader]\n"
         "    outputs = torch.cat([o for o, _ in batches])\n"
         "    targets = torch.cat([t for _, t in batches])\n"
         "    loss = loss_fn(outputs, targets).item()\n"
         "    accuracy = (outputs.argmax(dim=1) == targets).float().mean().item()\n"
         "return loss, accuracy"),
        ("running sums kept as tensors, turned into floats at the end",
         "model.eval()\n"
         "total = torch.zeros(())\n"
         "correct = torch.zeros((), dtype=torch.int64)\n"
         "seen = 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        outputs = model(inputs)\n"
         "        total += loss_fn(outputs, targets) * targets.shape[0]\n"
         "        correct += (outputs.argmax(1) == targets).sum()\n"
         "        seen += targets.shape[0]\n"
         "return total.item() / seen, correct.item() / seen"),
    ],
    "q9": [
        ("the tensors cloned one by one",
         "weights = {name: t.detach().clone() for name, t in model.state_dict().items()}\n"
         "return {\"model\": weights,\n"
         "        \"optimizer\": copy.deepcopy(optimizer.state_dict()),\n"
         "        \"epoch\": epoch,\n"
         "        \"torch_rng\": torch.get_rng_state().clone()}"),
        ("NumPy's and Python's generators saved too, NumPy's array as a list",
         "import random\n"
         "\n"
         "kind, keys, position, has_gauss, gauss = np.random.get_state()\n"
         "return copy.deepcopy({\"model\": model.state_dict(),\n"
         "                      \"optimizer\": optimizer.state_dict(),\n"
         "                      \"epoch\": epoch,\n"
         "                      \"torch_rng\": torch.get_rng_state(),\n"
         "                      \"numpy_rng\": [kind, keys.tolist(), position, has_gauss,\n"
         "                                    gauss],\n"
         "                      \"python_rng\": random.getstate()})"),
        ("a round trip through torch.save and torch.load in memory",
         "import io\n"
         "\n"
         "buffer = io.BytesIO()\n"
         "torch.save({\"model\": model.state_dict(), \"optimizer\": optimizer.state_dict(),\n"
         "            \"epoch\": epoch, \"torch_rng\": torch.get_rng_state()}, buffer)\n"
         "buffer.seek(0)\n"
         "return torch.load(buffer, weights_only=True)"),
    ],
    "q10": [
        ("the random state first, then the optimiser, then the model",
         "torch.set_rng_state(checkpoint[\"torch_rng\"])\n"
         "optimizer.load_state_dict(checkpoint[\"optimizer\"])\n"
         "model.load_state_dict(checkpoint[\"model\"], strict=True)\n"
         "return int(checkpoint[\"epoch\"])"),
        ("the keys read in a loop over (object, key) pairs",
         "for target, key in [(model, \"model\"), (optimizer, \"optimizer\")]:\n"
         "    target.load_state_dict(checkpoint[key])\n"
         "torch.set_rng_state(checkpoint[\"torch_rng\"])\n"
         "epoch = checkpoint[\"epoch\"]\n"
         "return epoch"),
    ],
    "q11": [
        ("a loop over the classes",
         "confusion = np.asarray(confusion)\n"
         "k = len(confusion)\n"
         "precision, recall, f1 = np.zeros(k), np.zeros(k), np.zeros(k)\n"
         "for c in range(k):\n"
         "    tp = confusion[c, c]\n"
         "    predicted, actual = confusion[:, c].sum(), confusion[c, :].sum()\n"
         "    precision[c] = tp / predicted if predicted else 0.0\n"
         "    recall[c] = tp / actual if actual else 0.0\n"
         "    if precision[c] + recall[c] > 0:\n"
         "        f1[c] = 2 * precision[c] * recall[c] / (precision[c] + recall[c])\n"
         "return precision, recall, f1"),
        ("plain division under np.errstate, then NaN replaced by 0",
         "counts = np.array(confusion, dtype=np.float64)\n"
         "tp = counts.diagonal()\n"
         "with np.errstate(divide=\"ignore\", invalid=\"ignore\"):\n"
         "    precision = np.nan_to_num(tp / counts.sum(0))\n"
         "    recall = np.nan_to_num(tp / counts.sum(1))\n"
         "    f1 = np.nan_to_num(2 * tp / (counts.sum(0) + counts.sum(1)))\n"
         "return precision, recall, f1"),
        ("the same arithmetic in float32",
         "c = np.asarray(confusion, dtype=np.float32)\n"
         "hits = np.diag(c)\n"
         "predicted, actual = c.sum(axis=0), c.sum(axis=1)\n"
         "precision = np.divide(hits, predicted, out=np.zeros_like(hits), where=predicted > 0)\n"
         "recall = np.divide(hits, actual, out=np.zeros_like(hits), where=actual > 0)\n"
         "both = precision + recall\n"
         "f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(hits), where=both > 0)\n"
         "return precision, recall, f1"),
        ("in torch, float32 tensors turned into arrays at the end",
         "counts = torch.as_tensor(confusion).float()\n"
         "hits = counts.diag()\n"
         "predicted, actual = counts.sum(0), counts.sum(1)\n"
         "precision = torch.where(predicted > 0, hits / predicted.clamp(min=1), 0.0)\n"
         "recall = torch.where(actual > 0, hits / actual.clamp(min=1), 0.0)\n"
         "both = precision + recall\n"
         "f1 = torch.where(both > 0, 2 * precision * recall / both.clamp(min=1e-12), 0.0)\n"
         "return precision.numpy(), recall.numpy(), f1.numpy()"),
    ],
}
