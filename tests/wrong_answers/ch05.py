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
        ("the label as a slice of shape (1,), so batches of labels have shape (B, 1)",
         "def __init__(self, X, y):\n"
         "    self.X = torch.as_tensor(X, dtype=torch.float32)\n"
         "    self.y = torch.as_tensor(y, dtype=torch.int64)\n"
         "\n"
         "def __len__(self):\n"
         "    return len(self.y)\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    return self.X[index], self.y[index:index + 1]"),
        ("scales the features to [0, 1] (not asked: the values change)",
         "def __init__(self, X, y):\n"
         "    self.X = torch.as_tensor(X / X.max(), dtype=torch.float32)\n"
         "    self.y = torch.as_tensor(y, dtype=torch.int64)\n"
         "\n"
         "def __len__(self):\n"
         "    return len(self.y)\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    return self.X[index], self.y[index]"),
        ("keeps integer features as integers (no dtype given)",
         "def __init__(self, X, y):\n"
         "    self.X = torch.as_tensor(X)\n"
         "    if self.X.dtype == torch.float64:\n"
         "        self.X = self.X.float()\n"
         "    self.y = torch.as_tensor(y, dtype=torch.int64)\n"
         "\n"
         "def __len__(self):\n"
         "    return len(self.y)\n"
         "\n"
         "def __getitem__(self, index):\n"
         "    return self.X[index], self.y[index]"),
    ],
    "q2": [
        ("uses pad_sequence, which the question does not allow",
         "from torch.nn.utils.rnn import pad_sequence\n"
         "\n"
         "sequences = [sequence for sequence, _ in batch]\n"
         "padded = pad_sequence(sequences, batch_first=True)\n"
         "lengths = [len(sequence) for sequence in sequences]\n"
         "labels = [int(label) for _, label in batch]\n"
         "\n"
         "return (padded, torch.tensor(lengths, dtype=torch.int64),\n"
         "        torch.tensor(labels, dtype=torch.int64))"),
        ("pads at the front: the zeros come before the sequence",
         "lengths = [len(sequence) for sequence, _ in batch]\n"
         "longest = max(lengths)\n"
         "padded = torch.zeros(len(batch), longest, batch[0][0].shape[1])\n"
         "for i, (sequence, _) in enumerate(batch):\n"
         "    padded[i, longest - len(sequence):] = sequence\n"
         "labels = [int(label) for _, label in batch]\n"
         "\n"
         "return (padded, torch.tensor(lengths, dtype=torch.int64),\n"
         "        torch.tensor(labels, dtype=torch.int64))"),
        ("stacks the sequences as the default collate does: fails for different lengths",
         "padded = torch.stack([sequence for sequence, _ in batch])\n"
         "lengths = [len(sequence) for sequence, _ in batch]\n"
         "labels = [int(label) for _, label in batch]\n"
         "\n"
         "return (padded, torch.tensor(lengths, dtype=torch.int64),\n"
         "        torch.tensor(labels, dtype=torch.int64))"),
        ("lengths measured after padding: all equal to the longest",
         "longest = max(len(sequence) for sequence, _ in batch)\n"
         "padded = torch.zeros(len(batch), longest, batch[0][0].shape[1])\n"
         "for i, (sequence, _) in enumerate(batch):\n"
         "    padded[i, :len(sequence)] = sequence\n"
         "lengths = [padded.shape[1]] * len(batch)\n"
         "labels = [int(label) for _, label in batch]\n"
         "\n"
         "return (padded, torch.tensor(lengths, dtype=torch.int64),\n"
         "        torch.tensor(labels, dtype=torch.int64))"),
        ("labels as a float tensor",
         "lengths = [len(sequence) for sequence, _ in batch]\n"
         "padded = torch.zeros(len(batch), max(lengths), batch[0][0].shape[1])\n"
         "for i, (sequence, _) in enumerate(batch):\n"
         "    padded[i, :len(sequence)] = sequence\n"
         "labels = torch.tensor([float(label) for _, label in batch])\n"
         "return padded, torch.tensor(lengths), labels"),
        ("time first: padded has shape (L_max, B, d)",
         "lengths = [len(sequence) for sequence, _ in batch]\n"
         "padded = torch.zeros(max(lengths), len(batch), batch[0][0].shape[1])\n"
         "for i, (sequence, _) in enumerate(batch):\n"
         "    padded[:len(sequence), i] = sequence\n"
         "labels = [int(label) for _, label in batch]\n"
         "\n"
         "return (padded, torch.tensor(lengths, dtype=torch.int64),\n"
         "        torch.tensor(labels, dtype=torch.int64))"),
        ("pads with a tensor of the default dtype of NumPy (float64)",
         "lengths = [len(sequence) for sequence, _ in batch]\n"
         "padded = torch.from_numpy(np.zeros((len(batch), max(lengths), batch[0][0].shape[1])))\n"
         "for i, (sequence, _) in enumerate(batch):\n"
         "    padded[i, :len(sequence)] = sequence\n"
         "labels = [int(label) for _, label in batch]\n"
         "\n"
         "return (padded, torch.tensor(lengths, dtype=torch.int64),\n"
         "        torch.tensor(labels, dtype=torch.int64))"),
        ("labels stacked as tensors: fails when they are Python ints",
         "lengths = [len(sequence) for sequence, _ in batch]\n"
         "padded = torch.zeros(len(batch), max(lengths), batch[0][0].shape[1])\n"
         "for i, (sequence, _) in enumerate(batch):\n"
         "    padded[i, :len(sequence)] = sequence\n"
         "return padded, torch.tensor(lengths), torch.stack([label for _, label in batch])"),
        ("torch.nested pads for it, which the question does not allow",
         "seqs = [s for s, _ in batch]\n"
         "padded = torch.nested.nested_tensor(seqs).to_padded_tensor(0.0)\n"
         "return (padded, torch.tensor([len(s) for s in seqs]),\n"
         "        torch.tensor([int(label) for _, label in batch]))"),
        ("pack_sequence then pad_packed_sequence: a library pad again",
         "from torch.nn.utils.rnn import pack_sequence, pad_packed_sequence\n"
         "\n"
         "seqs = [s for s, _ in batch]\n"
         "packed = pack_sequence(seqs, enforce_sorted=False)\n"
         "padded, lengths = pad_packed_sequence(packed, batch_first=True)\n"
         "return padded, lengths.long(), torch.tensor([int(label) for _, label in batch])"),
    ],
    "q3": [
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
        ("sigmoid between the layers instead of ReLU",
         "layers = []\n"
         "for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
         "    layers += [nn.Linear(n_in, n_out), nn.Sigmoid()]\n"
         "return nn.Sequential(*layers[:-1])"),
        ("dropout added after every ReLU: not asked for",
         "layers = []\n"
         "for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
         "    layers += [nn.Linear(n_in, n_out), nn.ReLU(), nn.Dropout(0.2)]\n"
         "return nn.Sequential(*layers[:-2])"),
    ],
    "q4": [
        ("standard deviation from the number of outputs (fan_out)",
         "def initialise(module):\n"
         "    if isinstance(module, nn.Linear):\n"
         "        with torch.no_grad():\n"
         "            module.weight.normal_(0.0, (2 / module.out_features) ** 0.5)\n"
         "            module.bias.zero_()\n"
         "\n"
         "model.apply(initialise)\n"
         "return model"),
        ("uniform between -sqrt(2/n) and sqrt(2/n): neither normal nor the right variance",
         "def initialise(module):\n"
         "    if isinstance(module, nn.Linear):\n"
         "        bound = (2 / module.in_features) ** 0.5\n"
         "        with torch.no_grad():\n"
         "            module.weight.uniform_(-bound, bound)\n"
         "            module.bias.zero_()\n"
         "\n"
         "model.apply(initialise)\n"
         "return model"),
        ("He's variance, but uniform: kaiming_uniform_ instead of kaiming_normal_",
         "def initialise(module):\n"
         "    if isinstance(module, nn.Linear):\n"
         "        nn.init.kaiming_uniform_(module.weight, nonlinearity=\"relu\")\n"
         "        nn.init.zeros_(module.bias)\n"
         "\n"
         "model.apply(initialise)\n"
         "return model"),
        ("only the top-level children: nested Linear layers are missed",
         "with torch.no_grad():\n"
         "    for module in model.children():\n"
         "        if isinstance(module, nn.Linear):\n"
         "            module.weight.normal_(0.0, (2 / module.in_features) ** 0.5)\n"
         "            module.bias.zero_()\n"
         "return model"),
        ("replaces the parameters with new ones: an optimiser made before loses them",
         "def initialise(module):\n"
         "    if isinstance(module, nn.Linear):\n"
         "        std = (2 / module.in_features) ** 0.5\n"
         "        module.weight = nn.Parameter(torch.randn_like(module.weight) * std)\n"
         "        module.bias = nn.Parameter(torch.zeros_like(module.bias))\n"
         "\n"
         "model.apply(initialise)\n"
         "return model"),
        ("re-initialises every module that has a weight, normalisation layers too",
         "with torch.no_grad():\n"
         "    for module in model.modules():\n"
         "        if getattr(module, \"weight\", None) is not None:\n"
         "            module.weight.normal_(0.0, (2 / module.weight.shape[-1]) ** 0.5)\n"
         "            module.bias.zero_()\n"
         "return model"),
        ("forgets the biases",
         "def initialise(module):\n"
         "    if isinstance(module, nn.Linear):\n"
         "        with torch.no_grad():\n"
         "            module.weight.normal_(0.0, (2 / module.in_features) ** 0.5)\n"
         "\n"
         "model.apply(initialise)\n"
         "return model"),
        ("draws from NumPy's global generator: torch.manual_seed does not repeat it",
         "def initialise(module):\n"
         "    if isinstance(module, nn.Linear):\n"
         "        std = (2 / module.in_features) ** 0.5\n"
         "        draw = np.random.normal(0.0, std, size=tuple(module.weight.shape))\n"
         "        with torch.no_grad():\n"
         "            module.weight.copy_(torch.from_numpy(draw))\n"
         "            module.bias.zero_()\n"
         "\n"
         "model.apply(initialise)\n"
         "return model"),
        ("Glorot's initialisation instead of He's",
         "def initialise(module):\n"
         "    if isinstance(module, nn.Linear):\n"
         "        nn.init.xavier_normal_(module.weight)\n"
         "        nn.init.zeros_(module.bias)\n"
         "\n"
         "model.apply(initialise)\n"
         "return model"),
        ("initialises correctly but forgets to return the model",
         "def initialise(module):\n"
         "    if isinstance(module, nn.Linear):\n"
         "        nn.init.kaiming_normal_(module.weight, nonlinearity=\"relu\")\n"
         "        nn.init.zeros_(module.bias)\n"
         "\n"
         "model.apply(initialise)"),
    ],
    "q5": [
        ("hooks only on the top-level children: nested ReLUs are missed",
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append(output.pow(2).mean().sqrt().item())\n"
         "\n"
         "handles = [module.register_forward_hook(record)\n"
         "           for module in model.children() if isinstance(module, nn.ReLU)]\n"
         "with torch.no_grad():\n"
         "    model(inputs)\n"
         "for handle in handles:\n"
         "    handle.remove()\n"
         "return values"),
        ("never removes the hooks: the next call records everything twice",
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append(output.pow(2).mean().sqrt().item())\n"
         "\n"
         "for module in model.modules():\n"
         "    if isinstance(module, nn.ReLU):\n"
         "        module.register_forward_hook(record)\n"
         "with torch.no_grad():\n"
         "    model(inputs)\n"
         "return values"),
        ("one entry per module, not per call: a reused ReLU counts once",
         "values = {}\n"
         "\n"
         "def record(module, args, output):\n"
         "    values[module] = output.pow(2).mean().sqrt().item()\n"
         "\n"
         "handles = [module.register_forward_hook(record)\n"
         "           for module in model.modules() if isinstance(module, nn.ReLU)]\n"
         "try:\n"
         "    with torch.no_grad():\n"
         "        model(inputs)\n"
         "finally:\n"
         "    for handle in handles:\n"
         "        handle.remove()\n"
         "return list(values.values())"),
        ("the mean of the activations instead of their root mean square",
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append(output.mean().item())\n"
         "\n"
         "handles = [module.register_forward_hook(record)\n"
         "           for module in model.modules() if isinstance(module, nn.ReLU)]\n"
         "try:\n"
         "    with torch.no_grad():\n"
         "        model(inputs)\n"
         "finally:\n"
         "    for handle in handles:\n"
         "        handle.remove()\n"
         "return values"),
        ("the standard deviation instead of the root mean square",
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append(output.std().item())\n"
         "\n"
         "handles = [module.register_forward_hook(record)\n"
         "           for module in model.modules() if isinstance(module, nn.ReLU)]\n"
         "try:\n"
         "    with torch.no_grad():\n"
         "        model(inputs)\n"
         "finally:\n"
         "    for handle in handles:\n"
         "        handle.remove()\n"
         "return values"),
        ("returns one-number tensors, not floats",
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append(output.pow(2).mean().sqrt())\n"
         "\n"
         "handles = [module.register_forward_hook(record)\n"
         "           for module in model.modules() if isinstance(module, nn.ReLU)]\n"
         "try:\n"
         "    with torch.no_grad():\n"
         "        model(inputs)\n"
         "finally:\n"
         "    for handle in handles:\n"
         "        handle.remove()\n"
         "return values"),
        ("runs the model with autograd recording",
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append(output.pow(2).mean().sqrt().item())\n"
         "\n"
         "handles = [module.register_forward_hook(record)\n"
         "           for module in model.modules() if isinstance(module, nn.ReLU)]\n"
         "model(inputs)\n"
         "for handle in handles:\n"
         "    handle.remove()\n"
         "return values"),
        ("switches the model to evaluation mode and leaves it there",
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append(output.pow(2).mean().sqrt().item())\n"
         "\n"
         "model.eval()\n"
         "\n"
         "handles = [module.register_forward_hook(record)\n"
         "           for module in model.modules() if isinstance(module, nn.ReLU)]\n"
         "try:\n"
         "    with torch.no_grad():\n"
         "        model(inputs)\n"
         "finally:\n"
         "    for handle in handles:\n"
         "        handle.remove()\n"
         "return values"),
        ("measures the ReLU's input instead of its output",
         "values = []\n"
         "\n"
         "def record(module, args, output):\n"
         "    values.append(args[0].pow(2).mean().sqrt().item())\n"
         "\n"
         "handles = [module.register_forward_hook(record)\n"
         "           for module in model.modules() if isinstance(module, nn.ReLU)]\n"
         "try:\n"
         "    with torch.no_grad():\n"
         "        model(inputs)\n"
         "finally:\n"
         "    for handle in handles:\n"
         "        handle.remove()\n"
         "return values"),
        ("switches autograd off with a bare set_grad_enabled(False), never back on",
         "values = []\n"
         "handles = [m.register_forward_hook(\n"
         "    lambda m, a, o: values.append(o.pow(2).mean().sqrt().item()))\n"
         "    for m in model.modules() if isinstance(m, nn.ReLU)]\n"
         "torch.set_grad_enabled(False)\n"
         "model(inputs)\n"
         "for h in handles:\n"
         "    h.remove()\n"
         "return values"),
        ("values grouped by module (in the order of definition), not in call order",
         "records = {}\n"
         "\n"
         "def make_hook(name):\n"
         "    def hook(module, args, output):\n"
         "        records.setdefault(name, []).append(output.pow(2).mean().sqrt().item())\n"
         "    return hook\n"
         "\n"
         "handles = [m.register_forward_hook(make_hook(n)) for n, m in model.named_modules()\n"
         "           if isinstance(m, nn.ReLU)]\n"
         "try:\n"
         "    with torch.no_grad():\n"
         "        model(inputs)\n"
         "finally:\n"
         "    for h in handles:\n"
         "        h.remove()\n"
         "return [v for name, _ in model.named_modules() for v in records.get(name, [])]"),
    ],
    "q6": [
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
        ("ignores loss_fn: plain cross-entropy whatever loss is given",
         "model.train()\n"
         "loss = nn.functional.cross_entropy(model(inputs), targets)\n"
         "optimizer.zero_grad()\n"
         "loss.backward()\n"
         "optimizer.step()\n"
         "return loss.item()"),
    ],
    "q7": [
        ("the weighted losses summed, one backward at the end: every graph held at once",
         "model.train()\n"
         "optimizer.zero_grad()\n"
         "total = 0.0\n"
         "for start in range(0, len(inputs), micro_batch_size):\n"
         "    stop = start + micro_batch_size\n"
         "    share = len(inputs[start:stop]) / len(inputs)\n"
         "    total = total + share * loss_fn(model(inputs[start:stop]), targets[start:stop])\n"
         "total.backward()\n"
         "optimizer.step()\n"
         "return total.item()"),
        ("every piece weighted micro_batch_size / N, the short last one too",
         "model.train()\n"
         "optimizer.zero_grad()\n"
         "total = 0.0\n"
         "for start in range(0, len(inputs), micro_batch_size):\n"
         "    stop = start + micro_batch_size\n"
         "    loss = loss_fn(model(inputs[start:stop]), targets[start:stop])\n"
         "    (loss * micro_batch_size / len(inputs)).backward()\n"
         "    total += loss.item() * len(inputs[start:stop]) / len(inputs)\n"
         "optimizer.step()\n"
         "return total"),
        ("a step after every micro-batch",
         "model.train()\n"
         "total = 0.0\n"
         "for start in range(0, len(inputs), micro_batch_size):\n"
         "    stop = start + micro_batch_size\n"
         "    loss = loss_fn(model(inputs[start:stop]), targets[start:stop])\n"
         "    optimizer.zero_grad()\n"
         "    loss.backward()\n"
         "    optimizer.step()\n"
         "    total += loss.item() * len(inputs[start:stop]) / len(inputs)\n"
         "return total"),
        ("adds up the micro-batch means without weights: the gradient is too large",
         "model.train()\n"
         "optimizer.zero_grad()\n"
         "total = 0.0\n"
         "for start in range(0, len(inputs), micro_batch_size):\n"
         "    stop = start + micro_batch_size\n"
         "    loss = loss_fn(model(inputs[start:stop]), targets[start:stop])\n"
         "    loss.backward()\n"
         "    total += loss.item()\n"
         "optimizer.step()\n"
         "return total"),
        ("averages the micro-batch means: a short last one weighs as much as a full one",
         "model.train()\n"
         "optimizer.zero_grad()\n"
         "pieces = range(0, len(inputs), micro_batch_size)\n"
         "total = 0.0\n"
         "for start in pieces:\n"
         "    stop = start + micro_batch_size\n"
         "    loss = loss_fn(model(inputs[start:stop]), targets[start:stop]) / len(pieces)\n"
         "    loss.backward()\n"
         "    total += loss.item()\n"
         "optimizer.step()\n"
         "return total"),
        ("zero_grad inside the loop: only the last micro-batch's gradient is left",
         "model.train()\n"
         "total = 0.0\n"
         "for start in range(0, len(inputs), micro_batch_size):\n"
         "    stop = start + micro_batch_size\n"
         "    share = len(inputs[start:stop]) / len(inputs)\n"
         "    loss = share * loss_fn(model(inputs[start:stop]), targets[start:stop])\n"
         "    optimizer.zero_grad()\n"
         "    loss.backward()\n"
         "    total += loss.item()\n"
         "optimizer.step()\n"
         "return total"),
        ("forgets zero_grad: gradients of an earlier batch leak in",
         "model.train()\n"
         "total = 0.0\n"
         "for start in range(0, len(inputs), micro_batch_size):\n"
         "    stop = start + micro_batch_size\n"
         "    share = len(inputs[start:stop]) / len(inputs)\n"
         "    loss = share * loss_fn(model(inputs[start:stop]), targets[start:stop])\n"
         "    loss.backward()\n"
         "    total += loss.item()\n"
         "optimizer.step()\n"
         "return total"),
        ("returns the last micro-batch's loss",
         "model.train()\n"
         "optimizer.zero_grad()\n"
         "for start in range(0, len(inputs), micro_batch_size):\n"
         "    stop = start + micro_batch_size\n"
         "    loss = loss_fn(model(inputs[start:stop]), targets[start:stop])\n"
         "    (loss * len(inputs[start:stop]) / len(inputs)).backward()\n"
         "optimizer.step()\n"
         "return loss.item()"),
        ("drops the examples left after the last full micro-batch",
         "model.train()\n"
         "optimizer.zero_grad()\n"
         "pieces = len(inputs) // micro_batch_size\n"
         "total = 0.0\n"
         "for k in range(pieces):\n"
         "    rows = slice(k * micro_batch_size, (k + 1) * micro_batch_size)\n"
         "    loss = loss_fn(model(inputs[rows]), targets[rows]) / pieces\n"
         "    loss.backward()\n"
         "    total += loss.item()\n"
         "optimizer.step()\n"
         "return total"),
        ("no micro-batches at all: train_step on the whole batch",
         "return train_step(model, optimizer, loss_fn, inputs, targets)"),
        ("no micro-batches at all: one step on the whole batch, written out",
         "model.train()\n"
         "optimizer.zero_grad()\n"
         "loss = loss_fn(model(inputs), targets)\n"
         "loss.backward()\n"
         "optimizer.step()\n"
         "return loss.item()"),
        ("micro-batches for the gradient, plus a forward pass of the whole batch for the loss",
         "model.train()\n"
         "optimizer.zero_grad()\n"
         "for start in range(0, len(inputs), micro_batch_size):\n"
         "    stop = start + micro_batch_size\n"
         "    share = len(inputs[start:stop]) / len(inputs)\n"
         "    (share * loss_fn(model(inputs[start:stop]), targets[start:stop])).backward()\n"
         "with torch.no_grad():\n"
         "    total = loss_fn(model(inputs), targets).item()\n"
         "optimizer.step()\n"
         "return total"),
    ],
    "q8": [
        ("the mean of the batch means (a short last batch weighs as much as a full one)",
         "model.eval()\n"
         "losses, correct, seen = [], 0, 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        outputs = model(inputs)\n"
         "        losses.append(loss_fn(outputs, targets).item())\n"
         "        correct += (outputs.argmax(dim=1) == targets).sum().item()\n"
         "        seen += len(targets)\n"
         "return sum(losses) / len(losses), correct / seen"),
        ("forgets model.eval(): dropout stays on",
         "total_loss, correct, seen = 0.0, 0, 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        outputs = model(inputs)\n"
         "        total_loss += loss_fn(outputs, targets).item() * len(targets)\n"
         "        correct += (outputs.argmax(dim=1) == targets).sum().item()\n"
         "        seen += len(targets)\n"
         "return total_loss / seen, correct / seen"),
        ("forgets torch.no_grad(): a graph is built for every batch",
         "model.eval()\n"
         "total_loss, correct, seen = 0.0, 0, 0\n"
         "for inputs, targets in loader:\n"
         "    outputs = model(inputs)\n"
         "    total_loss += loss_fn(outputs, targets).item() * len(targets)\n"
         "    correct += (outputs.argmax(dim=1) == targets).sum().item()\n"
         "    seen += len(targets)\n"
         "return total_loss / seen, correct / seen"),
        ("returns the number of right answers instead of the fraction",
         "model.eval()\n"
         "total_loss, correct, seen = 0.0, 0, 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        outputs = model(inputs)\n"
         "        total_loss += loss_fn(outputs, targets).item() * len(targets)\n"
         "        correct += (outputs.argmax(dim=1) == targets).sum().item()\n"
         "        seen += len(targets)\n"
         "return total_loss / seen, correct"),
        ("ignores loss_fn: plain cross-entropy whatever loss is given",
         "model.eval()\n"
         "total_loss, correct, seen = 0.0, 0, 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        outputs = model(inputs)\n"
         "        loss = nn.functional.cross_entropy(outputs, targets)\n"
         "        total_loss += loss.item() * len(targets)\n"
         "        correct += (outputs.argmax(dim=1) == targets).sum().item()\n"
         "        seen += len(targets)\n"
         "return total_loss / seen, correct / seen"),
        ("counts every batch as full (batch_size x number of batches examples)",
         "model.eval()\n"
         "total_loss, correct, seen = 0.0, 0, 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        outputs = model(inputs)\n"
         "        total_loss += loss_fn(outputs, targets).item() * len(targets)\n"
         "        correct += (outputs.argmax(dim=1) == targets).sum().item()\n"
         "        seen += len(targets)\n"
         "n = loader.batch_size * len(loader)\n"
         "return total_loss / n, correct / n"),
        ("returns the accuracy as a one-number tensor",
         "model.eval()\n"
         "total_loss, correct, seen = 0.0, 0, 0\n"
         "with torch.no_grad():\n"
         "    for inputs, targets in loader:\n"
         "        outputs = model(inputs)\n"
         "        total_loss += loss_fn(outputs, targets).item() * len(targets)\n"
         "        correct += (outputs.argmax(dim=1) == targets).sum()\n"
         "        seen += len(targets)\n"
         "return total_loss / seen, correct / seen"),
        ("switches autograd off with a bare set_grad_enabled(False), never back on",
         "model.eval()\n"
         "torch.set_grad_enabled(False)\n"
         "total, correct, seen = 0.0, 0, 0\n"
         "for inputs, targets in loader:\n"
         "    outputs = model(inputs)\n"
         "    total += loss_fn(outputs, targets).item() * len(targets)\n"
         "    correct += (outputs.argmax(1) == targets).sum().item()\n"
         "    seen += len(targets)\n"
         "return total / seen, correct / seen"),
    ],
    "q9": [
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
        ("also saves NumPy's state as it comes, an array that weights_only=True refuses",
         "return copy.deepcopy({\"model\": model.state_dict(),\n"
         "                      \"optimizer\": optimizer.state_dict(), \"epoch\": epoch,\n"
         "                      \"torch_rng\": torch.get_rng_state(),\n"
         "                      \"numpy_rng\": np.random.get_state()})"),
        ("no random generator state",
         "return copy.deepcopy({\"model\": model.state_dict(),\n"
         "                      \"optimizer\": optimizer.state_dict(), \"epoch\": epoch})"),
        ("no optimiser state",
         "return copy.deepcopy({\"model\": model.state_dict(), \"epoch\": epoch,\n"
         "                      \"torch_rng\": torch.get_rng_state()})"),
    ],
    "q10": [
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
        ("loads the optimiser's state into a new optimiser, not the one given",
         "model.load_state_dict(checkpoint[\"model\"])\n"
         "optimizer = torch.optim.Adam(model.parameters())\n"
         "optimizer.load_state_dict(checkpoint[\"optimizer\"])\n"
         "torch.set_rng_state(checkpoint[\"torch_rng\"])\n"
         "return checkpoint[\"epoch\"]"),
        ("restores everything but forgets to return the epoch",
         "model.load_state_dict(checkpoint[\"model\"])\n"
         "optimizer.load_state_dict(checkpoint[\"optimizer\"])\n"
         "torch.set_rng_state(checkpoint[\"torch_rng\"])"),
    ],
    "q11": [
        ("rows and columns swapped: precision and recall exchanged",
         "confusion = np.asarray(confusion, dtype=float)\n"
         "hits = np.diag(confusion)\n"
         "\n"
         "predicted, actual = confusion.sum(axis=1), confusion.sum(axis=0)\n"
         "precision = np.divide(hits, predicted, out=np.zeros_like(hits), where=predicted > 0)\n"
         "recall = np.divide(hits, actual, out=np.zeros_like(hits), where=actual > 0)\n"
         "both = precision + recall\n"
         "f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(hits), where=both > 0)\n"
         "return precision, recall, f1"),
        ("F1 as the arithmetic mean of precision and recall",
         "confusion = np.asarray(confusion, dtype=float)\n"
         "hits = np.diag(confusion)\n"
         "\n"
         "predicted, actual = confusion.sum(axis=0), confusion.sum(axis=1)\n"
         "precision = np.divide(hits, predicted, out=np.zeros_like(hits), where=predicted > 0)\n"
         "recall = np.divide(hits, actual, out=np.zeros_like(hits), where=actual > 0)\n"
         "return precision, recall, (precision + recall) / 2"),
        ("NaN where a class is never predicted (no guard against 0 / 0)",
         "confusion = np.asarray(confusion, dtype=float)\n"
         "hits = np.diag(confusion)\n"
         "\n"
         "with np.errstate(invalid='ignore', divide='ignore'):\n"
         "    precision = hits / confusion.sum(axis=0)\n"
         "    recall = hits / confusion.sum(axis=1)\n"
         "    f1 = 2 * precision * recall / (precision + recall)\n"
         "return precision, recall, f1"),
        ("divides by the total number of examples instead of the column sums",
         "confusion = np.asarray(confusion, dtype=float)\n"
         "hits = np.diag(confusion)\n"
         "\n"
         "actual = confusion.sum(axis=1)\n"
         "precision = hits / confusion.sum()\n"
         "recall = np.divide(hits, actual, out=np.zeros_like(hits), where=actual > 0)\n"
         "both = precision + recall\n"
         "f1 = np.divide(2 * precision * recall, both, out=np.zeros_like(hits), where=both > 0)\n"
         "return precision, recall, f1"),
    ],
}
