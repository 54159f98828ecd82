"""Right answers to the Chapter 9 exercises in other valid styles; each must keep full marks.

question -> [(what makes it different, code that replaces the solution block of that
question)], written at indentation 0 as in ``tests/wrong_answers/``.
"""

RIGHT_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "q1": [
        ("named_modules to find the head, ids of its tensors, one loop",
         "modules = dict(model.named_modules())\n"
         "if head_name not in modules:\n"
         "    raise ValueError(f'no submodule {head_name}')\n"
         "head_ids = {id(p) for p in modules[head_name].parameters()}\n"
         "trainable = frozen = 0\n"
         "for p in model.parameters():\n"
         "    p.requires_grad = id(p) in head_ids\n"
         "    if p.requires_grad:\n"
         "        trainable += p.numel()\n"
         "    else:\n"
         "        frozen += p.numel()\n"
         "return trainable, frozen"),
        ("getattr along the dotted path, counts as a list",
         "head = model\n"
         "for part in head_name.split('.'):\n"
         "    if not hasattr(head, part):\n"
         "        raise ValueError(head_name)\n"
         "    head = getattr(head, part)\n"
         "for p in model.parameters():\n"
         "    p.requires_grad_(False)\n"
         "for p in head.parameters():\n"
         "    p.requires_grad_(True)\n"
         "sizes = [(p.numel(), p.requires_grad) for p in model.parameters()]\n"
         "return [sum(n for n, t in sizes if t), sum(n for n, t in sizes if not t)]"),
        ("total minus trainable, with unique tensors by id",
         "try:\n"
         "    head = model.get_submodule(head_name)\n"
         "except AttributeError as error:\n"
         "    raise ValueError(str(error)) from error\n"
         "unique = {id(p): p for p in model.parameters()}\n"
         "for p in unique.values():\n"
         "    p.requires_grad_(False)\n"
         "head.requires_grad_()\n"
         "total = sum(p.numel() for p in unique.values())\n"
         "trainable = sum(p.numel() for p in unique.values() if p.requires_grad)\n"
         "return int(trainable), int(total - trainable)"),
    ],
    "q2": [
        ("hasattr checks, and the Sequential's last index written out",
         "if hasattr(model, 'head'):\n"
         "    name = 'head'\n"
         "elif hasattr(model, 'fc'):\n"
         "    name = 'fc'\n"
         "elif hasattr(model, 'classifier'):\n"
         "    name = 'classifier'\n"
         "else:\n"
         "    raise ValueError('no head, fc or classifier')\n"
         "owner = getattr(model, name)\n"
         "sequential = isinstance(owner, nn.Sequential)\n"
         "old = owner[len(owner) - 1] if sequential else owner\n"
         "new = nn.Linear(old.in_features, n_classes, old.bias is not None).to(old.weight)\n"
         "if sequential:\n"
         "    owner[len(owner) - 1] = new\n"
         "else:\n"
         "    setattr(model, name, new)\n"
         "return new"),
        ("the weight's shape for the sizes, a factory keyword dict",
         "names = [n for n in ('head', 'fc', 'classifier') if getattr(model, n, None) "
         "is not None]\n"
         "if not names:\n"
         "    raise ValueError('cannot find the head')\n"
         "owner = getattr(model, names[0])\n"
         "old = list(owner)[-1] if isinstance(owner, nn.Sequential) else owner\n"
         "factory = {'dtype': old.weight.dtype, 'device': old.weight.device}\n"
         "new = nn.Linear(old.weight.shape[1], n_classes, bias=old.bias is not None, "
         "**factory)\n"
         "if isinstance(owner, nn.Sequential):\n"
         "    setattr(owner, str(len(owner) - 1), new)\n"
         "else:\n"
         "    model.__setattr__(names[0], new)\n"
         "return new"),
        ("a new Sequential with the same layers and a new last one",
         "for name in ('head', 'fc', 'classifier'):\n"
         "    if hasattr(model, name):\n"
         "        break\n"
         "else:\n"
         "    raise ValueError('no head')\n"
         "owner = getattr(model, name)\n"
         "if isinstance(owner, nn.Sequential):\n"
         "    old = owner[-1]\n"
         "    new = nn.Linear(old.in_features, n_classes, bias=old.bias is not None,\n"
         "                    dtype=old.weight.dtype)\n"
         "    owner[-1] = new\n"
         "else:\n"
         "    new = nn.Linear(owner.in_features, n_classes, bias=owner.bias is not None,\n"
         "                    dtype=owner.weight.dtype)\n"
         "    setattr(model, name, new)\n"
         "return new"),
        ("the new layer moved with .to(old.weight): its dtype and device at once",
         "owner = next((getattr(model, n) for n in ('head', 'fc', 'classifier')\n"
         "              if hasattr(model, n)), None)\n"
         "if owner is None:\n"
         "    raise ValueError('no head, fc or classifier')\n"
         "old = owner[-1] if isinstance(owner, nn.Sequential) else owner\n"
         "new = nn.Linear(old.in_features, n_classes, bias=old.bias is not None)\n"
         "new = new.to(old.weight)\n"
         "if isinstance(owner, nn.Sequential):\n"
         "    owner[len(owner) - 1] = new\n"
         "else:\n"
         "    for n in ('head', 'fc', 'classifier'):\n"
         "        if getattr(model, n, None) is owner:\n"
         "            setattr(model, n, new)\n"
         "            break\n"
         "return new"),
    ],
    "q3": [
        ("stages forwards, a dict from id to the deepest stage, groups built after",
         "owner = {}\n"
         "for i, stage in enumerate(stages):\n"
         "    for p in stage.parameters():\n"
         "        owner[id(p)] = (i, p)\n"
         "groups = []\n"
         "for i in range(len(stages)):\n"
         "    params = [p for j, p in owner.values() if j == i and p.requires_grad]\n"
         "    if params:\n"
         "        depth = len(stages) - 1 - i\n"
         "        groups.append(dict(params=params, lr=base_lr * decay ** depth))\n"
         "return groups"),
        ("the rate multiplied down stage by stage, groups as a tuple",
         "groups, seen, lr = [], set(), base_lr\n"
         "for stage in stages[::-1]:\n"
         "    params = [p for p in stage.parameters() if p.requires_grad]\n"
         "    params = [p for p in params if not (id(p) in seen or seen.add(id(p)))]\n"
         "    if params:\n"
         "        groups.append({'params': params, 'lr': lr, 'weight_decay': 0.01})\n"
         "    lr = lr * decay\n"
         "return tuple(groups)"),
        ("a generator of params in each group, math.pow",
         "import math\n"
         "n, taken, groups = len(stages), set(), []\n"
         "for i in reversed(range(n)):\n"
         "    params = []\n"
         "    for name, p in stages[i].named_parameters():\n"
         "        if p.requires_grad and id(p) not in taken:\n"
         "            taken.add(id(p))\n"
         "            params.append(p)\n"
         "    if params:\n"
         "        groups.append({'lr': base_lr * math.pow(decay, n - 1 - i),\n"
         "                       'params': (p for p in params)})\n"
         "return groups"),
    ],
    "q4": [
        ("module.apply with a function",
         "def to_eval(m):\n"
         "    if isinstance(m, nn.modules.batchnorm._BatchNorm):\n"
         "        m.train(False)\n"
         "module.apply(to_eval)\n"
         "return module"),
        ("the four classes named, and the lazy ones",
         "kinds = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.SyncBatchNorm,\n"
         "         nn.LazyBatchNorm1d, nn.LazyBatchNorm2d, nn.LazyBatchNorm3d)\n"
         "for name, m in module.named_modules():\n"
         "    if isinstance(m, kinds):\n"
         "        m.training = False\n"
         "return module"),
        ("recursion over the children",
         "if isinstance(module, nn.modules.batchnorm._BatchNorm):\n"
         "    module.eval()\n"
         "for child in module.children():\n"
         "    set_bn_eval(child)\n"
         "return module"),
    ],
    "q5": [
        ("the count of stages that train, parameters set one by one",
         "if not (every >= 1 and epoch >= 0):\n"
         "    raise ValueError('every must be >= 1 and epoch >= 0')\n"
         "n = len(stages)\n"
         "count = min(n, 1 + epoch // every)\n"
         "training = list(range(n - count, n))\n"
         "for i, stage in enumerate(stages):\n"
         "    for p in stage.parameters():\n"
         "        p.requires_grad = i in training\n"
         "    for m in stage.modules():\n"
         "        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d,\n"
         "                          nn.SyncBatchNorm)):\n"
         "            m.training = i in training\n"
         "return training"),
        ("everything frozen first, then the top stages unfrozen, a tuple",
         "if every < 1:\n"
         "    raise ValueError('every < 1')\n"
         "if epoch < 0:\n"
         "    raise ValueError('epoch < 0')\n"
         "bn = nn.modules.batchnorm._BatchNorm\n"
         "for stage in stages:\n"
         "    stage.requires_grad_(False)\n"
         "    for m in stage.modules():\n"
         "        if isinstance(m, bn):\n"
         "            m.eval()\n"
         "joined = []\n"
         "for i in range(len(stages) - 1, -1, -1):\n"
         "    if len(joined) > epoch // every:\n"
         "        break\n"
         "    stages[i].requires_grad_(True)\n"
         "    for m in stages[i].modules():\n"
         "        if isinstance(m, bn):\n"
         "            m.train()\n"
         "    joined.append(i)\n"
         "return sorted(joined)"),
    ],
    "q6": [
        ("NumPy: default_rng and choice without replacement, sorted",
         "import numpy as np\n"
         "rng = np.random.default_rng(seed)\n"
         "y = np.asarray(labels)\n"
         "chosen = []\n"
         "for c in np.unique(y):\n"
         "    members = np.flatnonzero(y == c)\n"
         "    if members.size < k:\n"
         "        raise ValueError(f'class {c} has only {members.size} examples')\n"
         "    chosen.extend(rng.choice(members, size=k, replace=False).tolist())\n"
         "return sorted(chosen)"),
        ("Python's random.Random, sizes checked first",
         "import random\n"
         "import numpy as np\n"
         "r = random.Random(seed)\n"
         "by_class = {}\n"
         "for i, c in enumerate(labels.tolist()):\n"
         "    by_class.setdefault(c, []).append(i)\n"
         "for c, members in by_class.items():\n"
         "    if len(members) < k:\n"
         "        raise ValueError(f'class {c}: {len(members)} < {k}')\n"
         "out = []\n"
         "for c in sorted(by_class):\n"
         "    out += r.sample(by_class[c], k)\n"
         "return np.array(out)"),
        ("the global generator seeded inside fork_rng, which restores its state",
         "out = []\n"
         "with torch.random.fork_rng(devices=[]):\n"
         "    torch.manual_seed(seed)\n"
         "    for c in torch.unique(labels):\n"
         "        members = torch.where(labels == c)[0]\n"
         "        if members.numel() < k:\n"
         "            raise ValueError(f'class {int(c)} has too few examples')\n"
         "        out += members[torch.randperm(members.numel())[:k]].tolist()\n"
         "return out"),
        ("one permutation of the whole set, then the first k of each class in it",
         "g = torch.Generator().manual_seed(seed)\n"
         "counts = torch.bincount(labels - labels.min())\n"
         "present = counts[counts > 0]\n"
         "if present.min() < k:\n"
         "    raise ValueError('a class has fewer than k examples')\n"
         "order = torch.randperm(len(labels), generator=g)\n"
         "taken, out = {}, []\n"
         "for i in order.tolist():\n"
         "    c = int(labels[i])\n"
         "    if taken.get(c, 0) < k:\n"
         "        taken[c] = taken.get(c, 0) + 1\n"
         "        out.append(i)\n"
         "return torch.tensor(out)"),
    ],
    "q7": [
        ("lstsq on augmented rows: [X 1; sqrt(lam) I 0]",
         "X = features.double()\n"
         "n, d = X.shape\n"
         "Y = torch.zeros(n, n_classes, dtype=torch.float64)\n"
         "Y[torch.arange(n), labels] = 1.0\n"
         "top = torch.cat([X, torch.ones(n, 1, dtype=X.dtype)], dim=1)\n"
         "bottom = torch.cat([lam ** 0.5 * torch.eye(d, dtype=X.dtype),\n"
         "                    torch.zeros(d, 1, dtype=X.dtype)], dim=1)\n"
         "A = torch.cat([top, bottom])\n"
         "B = torch.cat([Y, torch.zeros(d, n_classes, dtype=X.dtype)])\n"
         "Wb = torch.linalg.lstsq(A, B, driver='gelsd').solution\n"
         "return Wb[:d], Wb[d]"),
        ("NumPy: normal equations with a penalty that spares the bias",
         "import numpy as np\n"
         "X = np.asarray(features, dtype=np.float64)\n"
         "n, d = X.shape\n"
         "Y = np.eye(n_classes)[np.asarray(labels)]\n"
         "X1 = np.hstack([X, np.ones((n, 1))])\n"
         "P = lam * np.eye(d + 1)\n"
         "P[d, d] = 0.0\n"
         "Wb = np.linalg.solve(X1.T @ X1 + P, X1.T @ Y)\n"
         "return Wb[:d], Wb[d]"),
        ("in the features' own dtype, a Cholesky solve",
         "X = features\n"
         "Y = F.one_hot(labels, n_classes).to(X.dtype)\n"
         "xm, ym = X.mean(dim=0), Y.mean(dim=0)\n"
         "Xc = X - xm\n"
         "A = Xc.T @ Xc + lam * torch.eye(X.shape[1], dtype=X.dtype)\n"
         "L = torch.linalg.cholesky(A)\n"
         "W = torch.cholesky_solve(Xc.T @ (Y - ym), L)\n"
         "return W, ym - xm @ W"),
        ("the dual form on centred data: Xcᵀ (Xc Xcᵀ + lam I)⁻¹ Yc",
         "X = features.double()\n"
         "Y = F.one_hot(labels, n_classes).double()\n"
         "xm, ym = X.mean(0, keepdim=True), Y.mean(0, keepdim=True)\n"
         "Xc, Yc = X - xm, Y - ym\n"
         "if lam > 0:\n"
         "    K = Xc @ Xc.T + lam * torch.eye(len(X), dtype=torch.float64)\n"
         "    W = Xc.T @ torch.linalg.solve(K, Yc)\n"
         "else:\n"
         "    W = torch.linalg.pinv(Xc) @ Yc\n"
         "return W, (ym - xm @ W).reshape(-1)"),
            ("Y left uncentred: the columns of Xc sum to zero, so Xcᵀ Y = Xcᵀ Yc",
         "X = features.double()\n"
         "Y = F.one_hot(labels, n_classes).double()\n"
         "xm = X.mean(dim=0)\n"
         "Xc = X - xm\n"
         "A = Xc.T @ Xc + lam * torch.eye(X.shape[1], dtype=X.dtype)\n"
         "W = torch.linalg.solve(A, Xc.T @ Y)\n"
         "return W, Y.mean(dim=0) - xm @ W"),
        ("float32 kept: normal equations on [X 1] with the bias row unpenalised",
         "X1 = torch.cat([features, torch.ones(len(features), 1, dtype=features.dtype)], 1)\n"
         "Y = F.one_hot(labels, n_classes).to(features.dtype)\n"
         "P = lam * torch.eye(X1.shape[1], dtype=features.dtype)\n"
         "P[-1, -1] = 0\n"
         "Wb = torch.linalg.solve(X1.T @ X1 + P, X1.T @ Y)\n"
         "return Wb[:-1], Wb[-1]"),
    ],
}
