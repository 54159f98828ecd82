"""Plausible wrong answers to the Chapter 9 exercises; each must lose points.

question -> [(what is wrong, code that replaces the solution block of that question)].
The code is written at indentation 0; it is indented to the block's level when substituted.
"""

_FIND_HEAD = ("try:\n"
              "    head = model.get_submodule(head_name)\n"
              "except AttributeError:\n"
              "    raise ValueError(head_name) from None\n")
_COUNT = ("trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)\n"
          "frozen = sum(p.numel() for p in model.parameters() if not p.requires_grad)\n"
          "return trainable, frozen")


def _replace(find: str = ("for name in ('head', 'fc', 'classifier'):\n"
                          "    owner = getattr(model, name, None)\n"
                          "    if owner is not None:\n"
                          "        break\n"
                          "else:\n"
                          "    raise ValueError('no head')\n"),
             old: str = "old = owner[-1] if isinstance(owner, nn.Sequential) else owner\n",
             new: str = ("new = nn.Linear(old.in_features, n_classes, "
                         "bias=old.bias is not None,\n"
                         "                device=old.weight.device, dtype=old.weight.dtype)\n"),
             put: str = ("if isinstance(owner, nn.Sequential):\n"
                         "    owner[-1] = new\n"
                         "else:\n"
                         "    setattr(model, name, new)\n")) -> str:
    """The solution of question 2 with one of its parts changed."""
    return find + old + new + put + "return new"


def _groups(lr: str = "base_lr * decay ** distance",
            keep: str = "p.requires_grad and id(p) not in seen",
            order: str = "enumerate(reversed(stages))") -> str:
    """The solution of question 3 with one of its parts changed."""
    return ("groups, seen = [], set()\n"
            f"for distance, stage in {order}:\n"
            "    params = []\n"
            "    for p in stage.parameters():\n"
            f"        if {keep}:\n"
            "            seen.add(id(p))\n"
            "            params.append(p)\n"
            "    if params:\n"
            f"        groups.append({{'params': params, 'lr': {lr}}})\n"
            "return groups")


def _unfreeze(check: str = ("if every < 1 or epoch < 0:\n"
                            "    raise ValueError('bad arguments')\n"),
              first: str = "max(0, len(stages) - 1 - epoch // every)",
              grads: str = "stage.requires_grad_(trains)\n",
              bn: str = ("for m in stage.modules():\n"
                         "    if isinstance(m, nn.modules.batchnorm._BatchNorm):\n"
                         "        m.train(trains)\n"),
              result: str = "list(range(first, len(stages)))") -> str:
    """The solution of question 5 with one of its parts changed."""
    body = "".join("    " + line + "\n" for line in (grads + bn).splitlines())
    return (check + f"first = {first}\n"
            "for i, stage in enumerate(stages):\n"
            "    trains = i >= first\n" + body +
            f"return {result}")


def _k_shot(generator: str = "g = torch.Generator().manual_seed(seed)\n",
            classes: str = "labels.unique()",
            draw: str = "members[torch.randperm(len(members), generator=g)[:k]]",
            check: str = ("if len(members) < k:\n"
                          "    raise ValueError('class too small')\n")) -> str:
    """The solution of question 6 with one of its parts changed."""
    body = "".join("    " + line + "\n" for line in check.splitlines())
    return (generator + "chosen = []\n"
            f"for c in {classes}:\n"
            "    members = (labels == c).nonzero().reshape(-1)\n" + body +
            f"    chosen.append({draw})\n"
            "return torch.cat(chosen)")


def _ridge(targets: str = "F.one_hot(labels, n_classes).to(torch.float64)",
           centre: str = "Xc, Yc = X - x_mean, Y - y_mean\n",
           penalty: str = "lam * torch.eye(X.shape[1], dtype=torch.float64)",
           bias: str = "y_mean - x_mean @ W") -> str:
    """The solution of question 7 with one of its parts changed."""
    return ("X = features.to(torch.float64)\n"
            f"Y = {targets}\n"
            "x_mean, y_mean = X.mean(dim=0), Y.mean(dim=0)\n" + centre +
            f"A = Xc.T @ Xc + {penalty}\n"
            "W = torch.linalg.solve(A, Xc.T @ Yc)\n"
            f"return W, {bias}")


WRONG_ANSWERS = {
    "q1": [
        ("frozen by name: a weight shared with the head keeps the backbone's name",
         _FIND_HEAD +
         "for name, p in model.named_parameters():\n"
         "    p.requires_grad_(name.startswith(head_name + '.'))\n" + _COUNT),
        ("counted in the state dict, buffers included",
         _FIND_HEAD + "model.requires_grad_(False)\nhead.requires_grad_(True)\n"
         "state = model.state_dict()\n"
         "trainable = sum(p.numel() for p in head.parameters())\n"
         "frozen = sum(v.numel() for k, v in state.items()) - trainable\n"
         "return trainable, frozen"),
        ("a shared tensor counted under each of its names",
         _FIND_HEAD + "model.requires_grad_(False)\nhead.requires_grad_(True)\n"
         "every = [p for _, p in model.named_parameters(remove_duplicate=False)]\n"
         "trainable = sum(p.numel() for p in every if p.requires_grad)\n"
         "frozen = sum(p.numel() for p in every if not p.requires_grad)\n"
         "return trainable, frozen"),
        ("the backbone frozen, the head never unfrozen",
         _FIND_HEAD + "for name, module in model.named_children():\n"
         "    if name != head_name:\n"
         "        module.requires_grad_(False)\n" + _COUNT),
        ("model.eval() as well as freezing",
         _FIND_HEAD + "model.requires_grad_(False)\nhead.requires_grad_(True)\n"
         "model.eval()\n" + _COUNT),
        ("everything frozen before looking for the head",
         "model.requires_grad_(False)\n" + _FIND_HEAD + "head.requires_grad_(True)\n"
         + _COUNT),
        ("getattr: a dotted name is not found",
         "head = getattr(model, head_name, None)\n"
         "if head is None:\n"
         "    raise ValueError(head_name)\n"
         "model.requires_grad_(False)\nhead.requires_grad_(True)\n" + _COUNT),
        ("a bare ValueError that does not say what is missing",
         "try:\n"
         "    head = model.get_submodule(head_name)\n"
         "except AttributeError:\n"
         "    raise ValueError from None\n"
         "model.requires_grad_(False)\nhead.requires_grad_(True)\n" + _COUNT),
        ("the counts as a float fraction of the total",
         _FIND_HEAD + "model.requires_grad_(False)\nhead.requires_grad_(True)\n"
         "total = sum(p.numel() for p in model.parameters())\n"
         "trainable = sum(p.numel() for p in head.parameters())\n"
         "return trainable / total, (total - trainable) / total"),
    ],
    "q2": [
        ("in_features hard-coded to 512, as in ResNet-18",
         _replace(new="new = nn.Linear(512, n_classes)\n")),
        ("the whole classifier Sequential replaced by one Linear",
         _replace(put="if isinstance(owner, nn.Sequential):\n"
                      "    setattr(model, name, new)\n"
                      "else:\n"
                      "    setattr(model, name, new)\n")),
        ("the old weights reused for the first classes",
         _replace(put="with torch.no_grad():\n"
                      "    rows = min(n_classes, old.out_features)\n"
                      "    new.weight[:rows] = old.weight[:rows]\n"
                      "    if new.bias is not None:\n"
                      "        new.bias[:rows] = old.bias[:rows]\n"
                      "if isinstance(owner, nn.Sequential):\n"
                      "    owner[-1] = new\n"
                      "else:\n"
                      "    setattr(model, name, new)\n")),
        ("the new layer in float32, whatever the model's dtype",
         _replace(new="new = nn.Linear(old.in_features, n_classes, "
                      "bias=old.bias is not None)\n")),
        ("always with a bias",
         _replace(new="new = nn.Linear(old.in_features, n_classes, "
                      "dtype=old.weight.dtype)\n")),
        ("only fc is looked for",
         "old = model.fc\n"
         "model.fc = nn.Linear(old.in_features, n_classes, bias=old.bias is not None,\n"
         "                     dtype=old.weight.dtype)\n"
         "return model.fc"),
        ("the first Linear of the classifier replaced, not the last",
         _replace(old="old = owner[0] if isinstance(owner, nn.Sequential) else owner\n",
                  put="if isinstance(owner, nn.Sequential):\n"
                      "    owner[0] = new\n"
                      "else:\n"
                      "    setattr(model, name, new)\n")),
        ("the model returned instead of the new layer",
         _replace().replace("return new", "return model")),
        ("the old layer resized in place",
         _replace(new="new = old\n"
                      "new.weight = nn.Parameter(old.weight[:n_classes].clone())\n"
                      "new.out_features = n_classes\n"
                      "if old.bias is not None:\n"
                      "    new.bias = nn.Parameter(old.bias[:n_classes].clone())\n")),
        ("a model without head: AttributeError, not ValueError",
         _replace(find="name = 'head' if hasattr(model, 'head') else "
                       "'fc' if hasattr(model, 'fc') else 'classifier'\n"
                       "owner = getattr(model, name)\n")),
    ],
    "q3": [
        ("the decay in the wrong direction: the input stage gets base_lr",
         _groups(lr="base_lr * decay ** (len(stages) - 1 - distance)")),
        ("frozen parameters included",
         _groups(keep="id(p) not in seen")),
        ("a shared tensor in every stage that holds it",
         _groups(keep="p.requires_grad")),
        ("off by one: the head already decayed",
         _groups(lr="base_lr * decay ** (distance + 1)")),
        ("the decay linear in the distance",
         _groups(lr="base_lr * (1 - (1 - decay) * distance)")),
        ("a shared tensor goes to the stage nearest the input",
         "groups, seen = [], set()\n"
         "n = len(stages)\n"
         "for i, stage in enumerate(stages):\n"
         "    params = [p for p in stage.parameters() "
         "if p.requires_grad and id(p) not in seen]\n"
         "    seen.update(id(p) for p in params)\n"
         "    if params:\n"
         "        groups.append({'params': params, 'lr': base_lr * decay ** (n - 1 - i)})\n"
         "return groups"),
        ("requires_grad set to True on every stage before grouping",
         "for stage in stages:\n"
         "    stage.requires_grad_(True)\n" + _groups()),
        ("the distance counted over stages that have a group, not over all stages",
         "groups, seen = [], set()\n"
         "for stage in reversed(stages):\n"
         "    params = [p for p in stage.parameters()\n"
         "              if p.requires_grad and id(p) not in seen]\n"
         "    seen.update(id(p) for p in params)\n"
         "    if params:\n"
         "        groups.append({'params': params, 'lr': base_lr * decay ** len(groups)})\n"
         "return groups[::-1]"),
    ],
    "q4": [
        ("model.eval(): dropout switched off too",
         "return module.eval()"),
        ("only BatchNorm2d",
         "for m in module.modules():\n"
         "    if isinstance(m, nn.BatchNorm2d):\n"
         "        m.eval()\n"
         "return module"),
        ("requires_grad_(False) on the BatchNorm layers: the statistics still move",
         "for m in module.modules():\n"
         "    if isinstance(m, nn.modules.batchnorm._BatchNorm):\n"
         "        m.requires_grad_(False)\n"
         "return module"),
        ("every layer whose name holds 'Norm', InstanceNorm and LayerNorm included",
         "for m in module.modules():\n"
         "    if 'Norm' in type(m).__name__:\n"
         "        m.eval()\n"
         "return module"),
        ("the three BatchNorm classes, not SyncBatchNorm",
         "for m in module.modules():\n"
         "    if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):\n"
         "        m.eval()\n"
         "return module"),
        ("momentum 0 instead of eval mode",
         "for m in module.modules():\n"
         "    if isinstance(m, nn.modules.batchnorm._BatchNorm):\n"
         "        m.momentum = 0.0\n"
         "return module"),
        ("the other modules switched to train mode",
         "for m in module.modules():\n"
         "    m.train(not isinstance(m, nn.modules.batchnorm._BatchNorm))\n"
         "return module"),
        ("children only: the module itself and nested layers missed",
         "for m in module.children():\n"
         "    if isinstance(m, nn.modules.batchnorm._BatchNorm):\n"
         "        m.eval()\n"
         "return module"),
        ("_NormBase: InstanceNorm with running statistics put in eval mode too",
         "for m in module.modules():\n"
         "    if isinstance(m, nn.modules.batchnorm._NormBase):\n"
         "        m.eval()\n"
         "return module"),
    ],
    "q5": [
        ("off by one: two stages train at epoch 0",
         _unfreeze(first="max(0, len(stages) - 2 - epoch // every)")),
        ("unfrozen from the input side",
         _unfreeze(first="max(0, len(stages) - 1 - epoch // every)",
                   grads="trains = i < len(stages) - first or i == len(stages) - 1\n"
                         "stage.requires_grad_(trains)\n",
                   result="[i for i in range(len(stages)) "
                          "if i < len(stages) - first or i == len(stages) - 1]")),
        ("only unfreezes: a fresh model's frozen stages keep training",
         _unfreeze(grads="if trains:\n    stage.requires_grad_(True)\n",
                   bn="")),
        ("BatchNorm of frozen stages left in train mode",
         _unfreeze(bn="")),
        ("BatchNorm of frozen stages put in eval mode, never back in train mode",
         _unfreeze(bn="for m in stage.modules():\n"
                      "    if isinstance(m, nn.modules.batchnorm._BatchNorm) and not trains:\n"
                      "        m.eval()\n")),
        ("the whole frozen stage in eval mode, dropout included",
         _unfreeze(bn="stage.train(trains)\n")),
        ("no floor at 0: a negative start after all stages have joined",
         _unfreeze(first="len(stages) - 1 - epoch // every",
                   result="list(range(first, len(stages)))")),
        ("epoch counted in stages, not in periods of every",
         _unfreeze(first="max(0, len(stages) - 1 - epoch)")),
        ("no check of the arguments",
         _unfreeze(check="", first="max(0, len(stages) - 1 - epoch // max(every, 1))")),
    ],
    "q6": [
        ("the first k examples of each class: the seed changes nothing",
         _k_shot(draw="members[:k]")),
        ("the global generator seeded",
         _k_shot(generator="torch.manual_seed(seed)\ng = None\n")),
        ("k * n_classes examples drawn from the whole set, not per class",
         "g = torch.Generator().manual_seed(seed)\n"
         "n = k * len(labels.unique())\n"
         "return torch.randperm(len(labels), generator=g)[:n]"),
        ("drawn with replacement",
         _k_shot(draw="members[torch.randint(len(members), (k,), generator=g)]")),
        ("no error for a class too small: fewer examples returned",
         _k_shot(check="")),
        ("classes taken as 0..max(labels): a missing class raises",
         _k_shot(classes="range(int(labels.max()) + 1)")),
        ("a new generator for each class, with the same seed",
         _k_shot(generator="",
                 draw="members[torch.randperm(len(members), "
                      "generator=torch.Generator().manual_seed(seed))[:k]]")),
        ("NumPy's global generator seeded",
         _k_shot(generator="import numpy as np\nnp.random.seed(seed)\ng = None\n",
                 draw="members[torch.as_tensor(np.random.permutation(len(members))[:k])]")),
        ("positions inside each class returned, not indices into labels",
         "g = torch.Generator().manual_seed(seed)\n"
         "out = []\n"
         "for c in labels.unique():\n"
         "    members = (labels == c).nonzero().reshape(-1)\n"
         "    if len(members) < k:\n"
         "        raise ValueError(f'class {c.item()} is too small')\n"
         "    out.append(torch.randperm(len(members), generator=g)[:k])\n"
         "return torch.cat(out)"),
    ],
    "q7": [
        ("the bias penalised: ones appended to X and lam on every row",
         "X = features.to(torch.float64)\n"
         "X1 = torch.cat([X, torch.ones(len(X), 1, dtype=X.dtype)], dim=1)\n"
         "Y = F.one_hot(labels, n_classes).to(torch.float64)\n"
         "A = X1.T @ X1 + lam * torch.eye(X1.shape[1], dtype=X.dtype)\n"
         "Wb = torch.linalg.solve(A, X1.T @ Y)\n"
         "return Wb[:-1], Wb[-1]"),
        ("no centring, yet the bias from the means",
         _ridge(centre="Xc, Yc = X, Y\n")),
        ("no bias at all",
         _ridge(bias="torch.zeros(n_classes, dtype=torch.float64)")),
        ("the mean loss: lam scaled by the number of examples",
         _ridge(penalty="lam * len(X) * torch.eye(X.shape[1], dtype=torch.float64)")),
        ("one_hot without n_classes: too few columns when a class is absent",
         _ridge(targets="F.one_hot(labels).to(torch.float64)")),
        ("the identity the size of the examples: the wrong shape",
         "X = features.to(torch.float64)\n"
         "Y = F.one_hot(labels, n_classes).to(torch.float64)\n"
         "x_mean, y_mean = X.mean(dim=0), Y.mean(dim=0)\n"
         "Xc, Yc = X - x_mean, Y - y_mean\n"
         "W = torch.linalg.inv(Xc @ Xc.T + lam * torch.eye(len(X), dtype=X.dtype)) @ Xc @ Yc\n"
         "return W, y_mean - x_mean @ W"),
        ("the features centred in place",
         "X = features\n"
         "x_mean = X.mean(dim=0)\n"
         "X -= x_mean\n"
         "Y = F.one_hot(labels, n_classes).to(X.dtype)\n"
         "y_mean = Y.mean(dim=0)\n"
         "A = X.T @ X + lam * torch.eye(X.shape[1], dtype=X.dtype)\n"
         "W = torch.linalg.solve(A, X.T @ (Y - y_mean))\n"
         "return W, y_mean - x_mean @ W"),
        ("scikit-learn's Ridge",
         "from sklearn.linear_model import Ridge\n"
         "Y = F.one_hot(labels, n_classes).double().numpy()\n"
         "fit = Ridge(alpha=lam).fit(features.double().numpy(), Y)\n"
         "return fit.coef_.T, fit.intercept_"),
    ],
}
