"""Tests of the Chapter 9 exercises (``solutions/09_transfer_learning.md``).

Most answers act on models, so most tests go through probes (``_probe...`` functions, run
next to the student's code): a probe builds a small model with one of the builders below
(sent as source), calls the student's function on it and returns what it saw as plain
data: which parameters require gradients, which modules are in training mode, the
buffers before and after a few training steps, the parameter groups by name. Expected
values are computed here, on the same models built again: counts with ``numel`` over
unique tensors, the head found by its path, learning rates from the rule as stated,
BatchNorm layers found as subclasses of ``_BatchNorm``, and the ridge solution from an
augmented least-squares problem in float64 solved by ``np.linalg.lstsq``.

Question 1 redoes the chapter's freezing (a warm-up); 2 to 7 carry its ideas to cases it
did not code: heads with other names, per-stage decaying learning rates, BatchNorm of
every kind put in eval mode, a gradual-unfreezing schedule, a stratified k-shot subset
and a closed-form linear probe.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from utils.grading.expect import as_array, assert_close, assert_integer
from utils.grading.namespace import Code, raises
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch09", title="Chapter 9 exercises")


def _names(kinds) -> str:
    return kinds[0] if kinds else "nothing"


# --- the models the tests build (sent as source: each imports what it needs) ---------------

def _model_head():
    """The chapter's layout: a backbone (convolutions, BatchNorm, pooling) and a head."""
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.backbone = nn.Sequential(
                nn.Conv2d(3, 6, 3, padding=1, bias=False), nn.BatchNorm2d(6), nn.ReLU(),
                nn.Conv2d(6, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                nn.AdaptiveAvgPool2d(1), nn.Flatten())
            self.head = nn.Linear(8, 5)

        def forward(self, x):
            return self.head(self.backbone(x))

    torch.manual_seed(1)
    return Net()


def _model_fc():
    """Torchvision's ResNet layout: the head is ``fc``, the forward pass is written out."""
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 4, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(4)
            self.layer1 = nn.Sequential(nn.Conv2d(4, 7, 3, padding=1, bias=False),
                                        nn.BatchNorm2d(7), nn.ReLU())
            self.avgpool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(7, 10)

        def forward(self, x):
            x = self.layer1(torch.relu(self.bn1(self.conv1(x))))
            return self.fc(torch.flatten(self.avgpool(x), 1))

    torch.manual_seed(2)
    return Net()


def _model_classifier():
    """VGG's layout: ``features``, then ``classifier``, a Sequential ending in a Linear."""
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(nn.Conv2d(3, 5, 3, padding=1), nn.ReLU(),
                                          nn.AdaptiveAvgPool2d(2), nn.Flatten())
            self.classifier = nn.Sequential(nn.Linear(20, 12), nn.ReLU(), nn.Dropout(0.5),
                                            nn.Linear(12, 4))

        def forward(self, x):
            return self.classifier(self.features(x))

    torch.manual_seed(3)
    return Net()


def _model_linear_classifier():
    """DenseNet's layout: ``classifier`` is a single Linear, here without a bias."""
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(nn.Conv2d(3, 6, 3), nn.BatchNorm2d(6), nn.ReLU(),
                                          nn.AdaptiveAvgPool2d(1), nn.Flatten())
            self.classifier = nn.Linear(6, 3, bias=False)

        def forward(self, x):
            return self.classifier(self.features(x))

    torch.manual_seed(4)
    return Net()


def _model_tied():
    """A language model whose output layer shares its weight with the embedding."""
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(10, 6)
            self.encoder = nn.Sequential(nn.Linear(6, 6), nn.BatchNorm1d(6), nn.Tanh())
            self.head = nn.Linear(6, 10, bias=False)
            self.head.weight = self.embed.weight

        def forward(self, tokens):
            return self.head(self.encoder(self.embed(tokens)))

    torch.manual_seed(5)
    return Net()


def _model_no_head():
    """A plain Sequential: no attribute called head, fc or classifier."""
    import torch
    from torch import nn

    torch.manual_seed(6)
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Linear(4, 2))


MODELS = {"head": _model_head, "fc": _model_fc, "classifier": _model_classifier,
          "linear classifier": _model_linear_classifier, "tied": _model_tied,
          "no head": _model_no_head}
LABELS = {"head": "backbone + head", "fc": "a ResNet layout, head fc",
          "classifier": "a VGG layout, classifier a Sequential",
          "linear classifier": "a DenseNet layout, classifier a Linear without bias",
          "tied": "a head sharing its weight with the embedding",
          "no head": "a Sequential without head"}


def _unique(parameters) -> list[torch.Tensor]:
    seen, out = set(), []
    for p in parameters:
        if id(p) not in seen:
            seen.add(id(p))
            out.append(p)
    return out


def _all_parameters(model: nn.Module) -> list[tuple[str, torch.Tensor]]:
    """Every (name, parameter), a shared one under each of its names."""
    return list(model.named_parameters(remove_duplicate=False))


# --- q1: freezing all but the head ---------------------------------------------------------

ex.question("q1", "Freezing all but the head (warm-up)", hints=[
    "model.get_submodule(head_name) finds the head, dotted names included, and raises an "
    "AttributeError when there is none: turn it into a ValueError before changing "
    "anything.",
    "Freeze everything first (model.requires_grad_(False)), then unfreeze the head: a "
    "tensor the head shares with another layer then ends up trainable, whatever order the "
    "names come in.",
    "model.parameters() yields each tensor once, even when two layers share it; buffers "
    "(BatchNorm's running statistics) are not parameters. Count with p.numel().",
])


def _probe_freeze(variables, build, head_name, frozen_before, eval_before):
    """freeze_all_but_head(model, head_name)"""
    import torch

    from utils.grading.in_kernel import NotAttempted

    model = build()
    if frozen_before:
        model.requires_grad_(False)
    if eval_before:
        model.eval()
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    modes = {n: m.training for n, m in model.named_modules()}
    kinds = {n: type(m).__name__ for n, m in model.named_modules()}
    ids = [id(p) for p in model.parameters()]
    flags = [p.requires_grad for _, p in model.named_parameters(remove_duplicate=False)]
    try:
        result = variables.function("freeze_all_but_head")(model, head_name)
        raised, message = [], ""
    except NotAttempted:
        raise
    except Exception as error:  # a missing head must raise; the test says which error
        result, raised = None, [c.__name__ for c in type(error).__mro__]
        message = str(error)[:500]
    after = model.state_dict()
    return {
        "result": tuple(result) if isinstance(result, (tuple, list)) else result,
        "raised": raised,
        "message": message,
        "requires_grad": {n: p.requires_grad
                          for n, p in model.named_parameters(remove_duplicate=False)},
        "flags unchanged": flags == [p.requires_grad for _, p in
                                     model.named_parameters(remove_duplicate=False)],
        "state unchanged": list(after) == list(state) and all(
            torch.equal(after[k], v) for k, v in state.items()),
        "modes unchanged": modes == {n: m.training for n, m in model.named_modules()},
        "modules unchanged": kinds == {n: type(m).__name__ for n, m in model.named_modules()},
        "same tensors": ids == [id(p) for p in model.parameters()],
    }


def _check_freeze(ns, model: str, head_name: str, frozen_before=False,
                  eval_before=False) -> None:
    what = f"freeze_all_but_head(<{LABELS[model]}>, {head_name!r})"
    view = ns.probe(_probe_freeze, Code(MODELS[model]), head_name, frozen_before,
                    eval_before)
    if view["raised"]:
        raise AssertionError(f"{what} raised {_names(view['raised'])}, though the model "
                             f"has a submodule {head_name!r}")
    for key, message in (("modules unchanged", "changed the model's modules"),
                         ("same tensors", "replaced some of the model's parameters"),
                         ("state unchanged", "changed the values of the model's "
                          "parameters or buffers"),
                         ("modes unchanged", "changed the training mode of some modules: "
                          "this question only sets requires_grad")):
        if not view[key]:
            raise AssertionError(f"{what} {message}")
    reference = MODELS[model]()
    head = {id(p) for p in reference.get_submodule(head_name).parameters()}
    for name, p in _all_parameters(reference):
        expected = id(p) in head
        if view["requires_grad"].get(name) != expected:
            shared = (" (it is shared with the head, so it must train)"
                      if expected and not name.startswith(head_name) else "")
            raise AssertionError(f"{what}: parameter {name} has requires_grad="
                                 f"{view['requires_grad'].get(name)}, expected "
                                 f"{expected}{shared}")
    result = view["result"]
    if not isinstance(result, tuple) or len(result) != 2:
        raise AssertionError(f"{what} returned {result!r}; expected a pair "
                             "(trainable, frozen) of numbers of parameters")
    unique = _unique(reference.parameters())
    trainable = sum(p.numel() for p in unique if id(p) in head)
    frozen = sum(p.numel() for p in unique if id(p) not in head)
    assert_integer(result[0], trainable, f"{what}[0], the trainable count,")
    assert_integer(result[1], frozen, f"{what}[1], the frozen count,")


@ex.test("q1", points=0.5)
def freeze_a_backbone_with_batchnorm(ns):
    """the chapter's layout (backbone + head), BatchNorm buffers not counted"""
    _check_freeze(ns, "head", "head")


@ex.test("q1", points=0.5)
def freeze_a_resnet_layout(ns):
    """a model laid out as torchvision's ResNet, head 'fc'"""
    _check_freeze(ns, "fc", "fc")


@ex.test("q1", points=0.5, hidden=True)
def freeze_with_a_shared_weight(ns):
    """the head shares its weight with the embedding: trainable, counted once"""
    _check_freeze(ns, "tied", "head")


@ex.test("q1", points=0.5, hidden=True)
def freeze_a_dotted_head_and_a_missing_one(ns):
    """head 'classifier.3' of a frozen model in eval mode; no 'head': ValueError, no change"""
    _check_freeze(ns, "classifier", "classifier.3", frozen_before=True, eval_before=True)
    view = ns.probe(_probe_freeze, Code(_model_fc), "head", False, False)
    what = f"freeze_all_but_head(<{LABELS['fc']}>, 'head'), a model without 'head',"
    if "ValueError" not in view["raised"]:
        raise AssertionError(f"{what} raised {_names(view['raised'])}; expected ValueError")
    if not view["flags unchanged"]:
        raise AssertionError(f"{what} raised ValueError, but only after changing "
                             "requires_grad: look for the head before freezing anything")
    if "head" not in view["message"]:
        raise AssertionError(f"{what} raised ValueError({view['message']!r}): say which "
                             "submodule is missing, 'head'")


# --- q2: replacing a head whatever its name ------------------------------------------------

ex.question("q2", "Replacing a head whatever its name", transfer=True, hints=[
    "Look for the attributes in the order the question gives: getattr(model, name, None). "
    "When it is an nn.Sequential, the head is its last module, model.classifier[-1], and "
    "you replace that item only: model.classifier[-1] = new_layer.",
    "Read in_features from the old layer, and keep its dtype and device: "
    "nn.Linear(old.in_features, n_classes, bias=old.bias is not None, "
    "dtype=old.weight.dtype, device=old.weight.device).",
    "The new layer is new: its weights come from nn.Linear's own initialisation, not from "
    "the old layer, even when n_classes equals the old number of outputs.",
])


def _probe_replace(variables, build, n_classes, double, frozen, path):
    """replace_head(model, n_classes)"""
    import torch

    from utils.grading.in_kernel import NotAttempted

    model = build()
    if double:
        model.double()
    if frozen:
        model.requires_grad_(False)
    old_params = dict(model.named_parameters())
    old_values = {n: p.detach().clone() for n, p in old_params.items()}
    old_modules = dict(model.named_modules())
    buffers = {n: b.clone() for n, b in model.named_buffers()}
    try:
        new = variables.function("replace_head")(model, n_classes)
        raised = []
    except NotAttempted:
        raise
    except Exception as error:
        new, raised = None, [c.__name__ for c in type(error).__mro__]
    view = {"raised": raised, "unchanged": all(
        p is old_params.get(n) and torch.equal(p, old_values[n])
        for n, p in model.named_parameters())}
    if raised or path is None:
        return view
    model.eval()
    dtype = torch.float64 if double else torch.float32
    try:
        with torch.no_grad():
            shape = list(model(torch.randn(3, 3, 8, 8, dtype=dtype)).shape)
    except Exception as error:  # reported after the layout, which says more
        shape = f"{type(error).__name__}: {error}"
    try:
        now = model.get_submodule(path)
    except AttributeError:  # the layout changed: reported from the module names
        now = None
    view.update({
        "returned the layer": now is not None and new is now,
        "kinds": {n: type(m).__name__ for n, m in model.named_modules()},
        "same modules": {n: m is old_modules.get(n) for n, m in model.named_modules()},
        "out shape": shape,
        "buffers unchanged": all(torch.equal(b, buffers[n])
                                 for n, b in model.named_buffers()),
        "params": {n: {"same": p is old_params.get(n),
                       "equal": p.shape == old_values[n].shape if n in old_values else False,
                       "value": p.detach().clone(), "requires_grad": p.requires_grad}
                   for n, p in model.named_parameters()},
    })
    for n, entry in view["params"].items():
        if entry["equal"]:
            entry["equal"] = bool(torch.equal(entry["value"], old_values[n]))
    return view


def _check_replace(ns, model: str, path: str, n_classes: int, double=False,
                   frozen=False) -> None:
    what = (f"replace_head(<{LABELS[model]}{', in float64' if double else ''}"
            f"{', frozen' if frozen else ''}>, {n_classes})")
    view = ns.probe(_probe_replace, Code(MODELS[model]), n_classes, double, frozen, path)
    if view["raised"]:
        raise AssertionError(f"{what} raised {_names(view['raised'])}")
    reference = MODELS[model]()
    old = reference.get_submodule(path)
    kinds = {n: type(m).__name__ for n, m in reference.named_modules()}
    if view["kinds"] != kinds:
        extra = sorted(set(view["kinds"]) ^ set(kinds))
        raise AssertionError(f"{what} changed the model's layout (look at {extra[:3]} or at "
                             f"the types of the modules); only {path} should be replaced, "
                             "by another nn.Linear")
    for name, same in view["same modules"].items():
        if name and not same and name != path and not path.startswith(name + "."):
            raise AssertionError(f"{what} replaced {name}, which is not the head {path}")
    if view["same modules"].get(path):
        raise AssertionError(f"{what} kept the old layer {path}: put a new nn.Linear there")
    if not view["returned the layer"]:
        raise AssertionError(f"{what} should return the new layer, model.{path}")
    if isinstance(view["out shape"], str):
        raise AssertionError(f"{what}: the model's forward pass then fails with "
                             f"{view['out shape']}")
    expected_shape = [3, n_classes]
    if view["out shape"] != expected_shape:
        raise AssertionError(f"{what}: the model's output has shape {view['out shape']}, "
                             f"expected {expected_shape}")
    for name, entry in view["params"].items():
        if name.startswith(path + "."):
            continue
        if not entry["same"] or not entry["equal"]:
            raise AssertionError(f"{what} changed {name}, outside the head")
        if entry["requires_grad"] != (not frozen):
            raise AssertionError(f"{what} changed requires_grad of {name}, outside the head")
    if not view["buffers unchanged"]:
        raise AssertionError(f"{what} changed the model's buffers")
    dtype = torch.float64 if double else torch.float32
    for short, before in old.named_parameters():
        entry = view["params"].get(f"{path}.{short}")
        if entry is None:
            raise AssertionError(f"{what}: the new head has no {short}; the old one had one")
        value = entry["value"]
        shape = ((n_classes, old.in_features) if short == "weight" else (n_classes,))
        if tuple(value.shape) != shape:
            raise AssertionError(f"{what}: the new {short} has shape {tuple(value.shape)}, "
                                 f"expected {shape}")
        if value.dtype != dtype:
            raise AssertionError(f"{what}: the new {short} is {value.dtype}, the model "
                                 f"{dtype}: give the new layer the old one's dtype")
        if not entry["requires_grad"]:
            raise AssertionError(f"{what}: the new {short} does not require gradients")
        rows = min(n_classes, before.shape[0])
        if torch.equal(value[:rows].to(before.dtype), before[:rows].detach()):
            raise AssertionError(f"{what}: the new {short} repeats the old one's values: "
                                 "a new head starts from a fresh initialisation")
    names = {n for n in view["params"] if n.startswith(path + ".")}
    expected_names = {f"{path}.{short}" for short, _ in old.named_parameters()}
    if names != expected_names:
        raise AssertionError(f"{what}: the new head holds {sorted(names)}, expected "
                             f"{sorted(expected_names)} (a bias only if the old one had one)")


@ex.test("q2", points=1)
def replace_fc(ns):
    """a ResNet-like model: fc, 7 inputs, 10 classes -> 3"""
    _check_replace(ns, "fc", "fc", 3)


@ex.test("q2", points=0.5)
def replace_the_last_layer_of_a_classifier(ns):
    """a VGG-like model: classifier[3] replaced, its other layers kept"""
    _check_replace(ns, "classifier", "classifier.3", 6)


@ex.test("q2", points=0.5, hidden=True)
def replace_head_in_float64_with_a_frozen_backbone(ns):
    """the chapter's layout in float64, all frozen, same number of classes (5)"""
    _check_replace(ns, "head", "head", 5, double=True, frozen=True)


@ex.test("q2", points=0.5, hidden=True)
def replace_a_classifier_without_bias(ns):
    """a DenseNet-like model: classifier is one Linear without bias; 2 classes"""
    _check_replace(ns, "linear classifier", "classifier", 2)


@ex.test("q2", points=0.5, hidden=True)
def replace_head_of_a_model_without_one(ns):
    """a Sequential without head, fc or classifier: ValueError, the model unchanged"""
    view = ns.probe(_probe_replace, Code(_model_no_head), 3, False, False, None)
    what = "replace_head(nn.Sequential(...), 3)"
    if "ValueError" not in view["raised"]:
        raise AssertionError(f"{what} raised {_names(view['raised'])}; expected ValueError")
    if not view["unchanged"]:
        raise AssertionError(f"{what} raised ValueError but changed the model first")


# --- q3: layer-wise decaying learning rates ------------------------------------------------

ex.question("q3", "Learning rates that decay with depth", transfer=True, hints=[
    "The last stage is the head: distance 0, lr = base_lr. The stage before it has "
    "distance 1, lr = base_lr * decay, and so on down to stage 0, at distance "
    "len(stages) - 1.",
    "Walk the stages from the head down and keep a set of the ids of the parameters "
    "already placed: a tensor shared by two stages then goes to the one nearer the head, "
    "once.",
    "Leave out parameters with requires_grad False, and stages left with none. Each group "
    "is a dict {'params': [...], 'lr': ...}.",
])


def _stages_plain():
    """Three stages: two convolution blocks with BatchNorm, then a linear head."""
    import torch
    from torch import nn

    torch.manual_seed(7)
    return [nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU()),
            nn.Sequential(nn.Conv2d(4, 8, 3), nn.BatchNorm2d(8), nn.ReLU()),
            nn.Linear(8, 3)]


def _stages_tied():
    """Four stages; the head's weight is the embedding's, the last block's norm twice."""
    import torch
    from torch import nn

    torch.manual_seed(8)
    embed = nn.Embedding(12, 6)
    norm = nn.LayerNorm(6)
    head = nn.Linear(6, 12, bias=False)
    head.weight = embed.weight
    return [embed, nn.Sequential(nn.Linear(6, 6), nn.ReLU()),
            nn.Sequential(nn.Linear(6, 6), norm, nn.Linear(6, 6), norm), head]


STAGES = {"plain": _stages_plain, "tied": _stages_tied}


def _stage_names(stages) -> dict[int, str]:
    """The id of each parameter -> 'stage.name', at its first appearance."""
    names: dict[int, str] = {}
    for i, stage in enumerate(stages):
        for name, p in stage.named_parameters():
            names.setdefault(id(p), f"{i}.{name}")
    return names


def _probe_groups(variables, build, frozen, base_lr, decay):
    """layerwise_lr_groups(stages, base_lr, decay)"""
    import torch

    stages = build()
    names = {}
    for i, stage in enumerate(stages):
        for name, p in stage.named_parameters():
            names.setdefault(id(p), f"{i}.{name}")
    for p in (p for stage in stages for p in stage.parameters()):
        if names[id(p)] in frozen:
            p.requires_grad_(False)
    flags = [p.requires_grad for s in stages for p in s.parameters()]
    groups = variables.function("layerwise_lr_groups")(stages, base_lr, decay)
    view = {"groups": [], "optimizer": "ok"}
    plain = []
    for group in list(groups):
        if not isinstance(group, dict):
            return {"groups": None, "kind": type(group).__name__}
        params = group.get("params", [])
        params = [params] if isinstance(params, torch.Tensor) else list(params)
        plain.append({**group, "params": params})
        lr = group.get("lr")
        view["groups"].append({"lr": float(lr) if isinstance(lr, (int, float)) else None,
                               "params": [names.get(id(p), "?") for p in params]})
    try:
        torch.optim.AdamW(plain, lr=12345.0)
    except Exception as error:
        view["optimizer"] = f"{type(error).__name__}: {error}"
    view["flags unchanged"] = flags == [p.requires_grad for s in stages
                                        for p in s.parameters()]
    return view


def _check_groups(ns, stages: str, base_lr: float, decay: float,
                  frozen: tuple[str, ...] = ()) -> None:
    label = ("3 stages with BatchNorm" if stages == "plain" else
             "4 stages sharing tensors")
    what = (f"layerwise_lr_groups(<{label}>, {base_lr}, {decay})"
            + (f" with {', '.join(frozen)} frozen" if frozen else ""))
    view = ns.probe(_probe_groups, Code(STAGES[stages]), list(frozen), base_lr, decay)
    if view["groups"] is None:
        raise AssertionError(f"{what} returned a list holding a {view['kind']}; expected "
                             "dicts {'params': [...], 'lr': ...}")
    if not view["flags unchanged"]:
        raise AssertionError(f"{what} changed requires_grad of some parameters: only read "
                             "it")
    reference = STAGES[stages]()
    names = _stage_names(reference)
    holding: dict[str, list[int]] = {}
    for i, stage in enumerate(reference):
        for p in _unique(stage.parameters()):
            holding.setdefault(names[id(p)], []).append(i)
    expected: dict[str, float] = {}
    for i in reversed(range(len(reference))):
        for p in reference[i].parameters():
            name = names[id(p)]
            if name not in frozen:
                expected.setdefault(name, base_lr * decay ** (len(reference) - 1 - i))
    got: dict[str, float] = {}
    for group in view["groups"]:
        for name in group["params"]:
            if name == "?":
                raise AssertionError(f"{what}: a group holds a tensor that is not one of "
                                     "the stages' parameters")
            if name in got:
                raise AssertionError(f"{what}: parameter {name} appears twice: a tensor "
                                     "shared by two stages goes in one group only")
            if group["lr"] is None and group["params"]:
                raise AssertionError(f"{what}: a group has no 'lr' (a number)")
            got[name] = group["lr"]
    for name in got:
        if name not in expected:
            raise AssertionError(f"{what}: {name} does not require gradients; leave it out")
    for name, lr in expected.items():
        if name not in got:
            raise AssertionError(f"{what}: parameter {name} is in no group")
        if not np.isclose(got[name], lr, rtol=1e-9, atol=0):
            holders = holding[name]
            where = (f"shared by stages {holders}: it belongs to the one nearest the head"
                     if len(holders) > 1 else f"stage {holders[0]} of {len(reference)}")
            raise AssertionError(f"{what}: parameter {name} has lr {got[name]:.6g}, "
                                 f"expected {lr:.6g} ({where})")
    if view["optimizer"] != "ok":
        raise AssertionError(f"{what}: torch.optim.AdamW(groups) failed: "
                             f"{view['optimizer']}")


@ex.test("q3", points=1)
def lr_groups_of_three_stages(ns):
    """three stages, base_lr 1e-3, decay 0.5: 2.5e-4, 5e-4, 1e-3"""
    _check_groups(ns, "plain", 1e-3, 0.5)


@ex.test("q3", points=0.5)
def lr_groups_without_a_frozen_stage(ns):
    """stage 0 frozen: it gets no group"""
    _check_groups(ns, "plain", 0.01, 0.3, frozen=("0.0.weight", "0.0.bias", "0.1.weight",
                                                  "0.1.bias"))


@ex.test("q3", points=1, hidden=True)
def lr_groups_with_shared_parameters(ns):
    """the head's weight is the embedding's and a norm is used twice: each tensor once"""
    _check_groups(ns, "tied", 2e-3, 0.8)


@ex.test("q3", points=1, hidden=True)
def lr_groups_with_frozen_parameters_and_no_decay(ns):
    """BatchNorm's affine parameters frozen in stage 1; the whole middle stage frozen
    (stage 0 stays two stages from the head); decay 1; decay 0.1 on 4 stages"""
    _check_groups(ns, "plain", 0.1, 0.7, frozen=("1.1.weight", "1.1.bias"))
    _check_groups(ns, "plain", 0.1, 0.7, frozen=("1.0.weight", "1.0.bias", "1.1.weight",
                                                 "1.1.bias"))
    _check_groups(ns, "plain", 3e-4, 1.0)
    _check_groups(ns, "tied", 1.0, 0.1, frozen=("1.0.bias",))


# --- q4: BatchNorm layers in eval mode --------------------------------------------------------

ex.question("q4", "Every BatchNorm in eval mode", transfer=True, hints=[
    "Walk module.modules() (it includes module itself) and call .eval() on the BatchNorm "
    "layers only; the others keep the mode they had.",
    "BatchNorm1d, BatchNorm2d, BatchNorm3d and SyncBatchNorm share a base class, "
    "nn.modules.batchnorm._BatchNorm; InstanceNorm, LayerNorm and GroupNorm do not derive "
    "from it.",
    "requires_grad_(False) stops the affine parameters, not the running statistics: those "
    "move in the forward pass of a layer in training mode.",
])


def _bn_mixed():
    """BatchNorm 1d and 2d next to dropout, instance, group and layer norms."""
    import torch
    from torch import nn

    torch.manual_seed(9)
    return nn.Sequential(
        nn.Conv2d(3, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU(), nn.Dropout2d(0.2),
        nn.Conv2d(6, 6, 3, padding=1), nn.InstanceNorm2d(6, affine=True,
                                                         track_running_stats=True),
        nn.GroupNorm(2, 6), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.3),
        nn.Sequential(nn.Linear(8, 8), nn.LayerNorm(8)), nn.Linear(8, 2))


def _bn_kinds():
    """BatchNorm 3d, SyncBatchNorm and a BatchNorm inside a custom module."""
    import torch
    from torch import nn

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv3d(2, 2, 1)
            self.norm = nn.BatchNorm3d(2)
            self.sync = nn.SyncBatchNorm(2)
            self.inst = nn.InstanceNorm3d(2, track_running_stats=True)
            self.drop = nn.Dropout(0.1)

    torch.manual_seed(10)
    return nn.ModuleDict({"block": Block(), "bn1d": nn.BatchNorm1d(3),
                          "ln": nn.LayerNorm(3)})


def _bn_lone():
    """A single BatchNorm2d."""
    from torch import nn

    return nn.BatchNorm2d(4)


def _bn_none():
    """No BatchNorm at all."""
    import torch
    from torch import nn

    torch.manual_seed(11)
    return nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5), nn.LayerNorm(4))


BN_MODELS = {"mixed": _bn_mixed, "kinds": _bn_kinds, "lone": _bn_lone, "none": _bn_none}


def _probe_bn(variables, build, training, steps):
    """set_bn_eval(model), then a few training steps"""
    import torch

    from utils.grading.in_kernel import NotAttempted

    model = build()
    model.train(training)
    modes = {n: m.training for n, m in model.named_modules()}
    flags = {n: p.requires_grad for n, p in model.named_parameters()}
    returned = variables.value("set_bn_eval")(model)
    now = {n: m.training for n, m in model.named_modules()}
    if returned is Ellipsis or returned is None and now == modes:
        raise NotAttempted("`set_bn_eval` returned None and changed no layer's mode: write "
                           "your answer where it says `# YOUR CODE HERE`, and return `module`")
    view = {"returned model": returned is model, "modes": now,
            "flags unchanged": flags == {n: p.requires_grad
                                         for n, p in model.named_parameters()}}
    if steps:
        before = {n: b.detach().clone() for n, b in model.named_buffers()}
        trainable = [p for p in model.parameters() if p.requires_grad]
        optimizer = torch.optim.SGD(trainable, lr=0.1) if trainable else None
        for _ in range(steps):
            loss = model(torch.randn(4, 3, 6, 6)).square().mean()
            if optimizer is not None:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        view["buffers moved"] = {n: not torch.equal(b, before[n])
                                 for n, b in model.named_buffers()}
    return view


BN_LABELS = {"mixed": "a model with BatchNorm, dropout and other norms",
             "kinds": "a model with BatchNorm1d, BatchNorm3d and SyncBatchNorm",
             "lone": "a lone BatchNorm2d", "none": "a model without BatchNorm"}


def _check_bn(ns, model: str, training: bool, steps: int = 0) -> None:
    what = f"set_bn_eval(<{BN_LABELS[model]}, in {'train' if training else 'eval'} mode>)"
    view = ns.probe(_probe_bn, Code(BN_MODELS[model]), training, steps)
    if not view["returned model"]:
        raise AssertionError(f"{what} should return the module it was given")
    reference = BN_MODELS[model]()
    modules = list(reference.named_modules())
    bn = {name for name, m in modules if isinstance(m, nn.modules.batchnorm._BatchNorm)}
    if training and bn != {n for n, _ in modules} and not any(view["modes"].values()):
        raise AssertionError(f"{what} put every module in eval mode, as module.eval() "
                             "does: dropout and the other layers should keep training")
    # BatchNorm layers first, then the layers that compute, then their containers
    order = sorted(modules, key=lambda item: (item[0] not in bn,
                                              bool(list(item[1].children()))))
    for name, module in order:
        expected = False if name in bn else training
        if view["modes"].get(name) != expected:
            label = (f"module {name!r}" if name else "the module itself") + \
                f" ({type(module).__name__})"
            why = ("is a BatchNorm layer: it should be in eval mode" if name in bn else
                   f"is not a BatchNorm layer: it should stay in "
                   f"{'train' if training else 'eval'} mode")
            raise AssertionError(f"{what}: {label} {why}")
    if not view["flags unchanged"]:
        raise AssertionError(f"{what} changed requires_grad: this question is about the "
                             "running statistics, which gradients do not move")
    if steps:
        for name, moved in view["buffers moved"].items():
            if name.rpartition(".")[0] in bn and moved:
                raise AssertionError(f"{what}: after {steps} training steps, {name} has "
                                     "changed")


@ex.test("q4", points=1)
def bn_stats_stay_put_while_training(ns):
    """a model in train mode, 3 SGD steps: BatchNorm statistics unchanged, dropout on"""
    _check_bn(ns, "mixed", True, steps=3)


@ex.test("q4", points=1, hidden=True)
def bn_of_every_kind(ns):
    """BatchNorm1d, BatchNorm3d, SyncBatchNorm in eval mode; InstanceNorm and others not"""
    _check_bn(ns, "kinds", True)


@ex.test("q4", points=0.5, hidden=True)
def bn_in_an_eval_model_and_a_lone_layer(ns):
    """a model in eval mode stays in eval mode; a lone BatchNorm2d in train mode"""
    _check_bn(ns, "mixed", False)
    _check_bn(ns, "lone", True)


@ex.test("q4", points=0.5, hidden=True)
def bn_absent(ns):
    """a model without BatchNorm: nothing changes, dropout stays in train mode"""
    _check_bn(ns, "none", True)


# --- q5: a gradual-unfreezing schedule ------------------------------------------------------

ex.question("q5", "A gradual-unfreezing schedule", transfer=True, hints=[
    "How many stages train at epoch e: 1 + e // every, but never more than there are. "
    "They are the last ones: range(n - that_many, n).",
    "Set requires_grad on every stage, True or False: a fresh model starts with all its "
    "parameters trainable, so unfreezing alone would not freeze anything.",
    "A frozen stage's BatchNorm layers go to eval mode, a trainable stage's to train mode; "
    "isinstance(m, nn.modules.batchnorm._BatchNorm) finds them. Check every and epoch "
    "before changing anything.",
])


def _unfreeze_stages():
    """Four stages with BatchNorm and dropout; the last is the head."""
    import torch
    from torch import nn

    torch.manual_seed(12)
    return [nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU()),
            nn.Sequential(nn.Conv2d(4, 4, 3), nn.BatchNorm2d(4), nn.Dropout(0.1)),
            nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.ReLU()),
            nn.Linear(4, 2)]


def _one_stage():
    """Only a head."""
    import torch
    from torch import nn

    torch.manual_seed(13)
    return [nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))]


UNFREEZE = {"four": _unfreeze_stages, "one": _one_stage}


def _probe_unfreeze(variables, build, calls):
    """unfreeze(stages, epoch, every) at successive epochs"""
    from torch import nn

    stages = build()
    for stage in stages:
        stage.train()
    unfreeze = variables.function("unfreeze")
    views = []
    for epoch, every in calls:
        try:
            result = unfreeze(stages, epoch, every)
            raised = []
        except Exception as error:
            if type(error).__name__ == "NotAttempted":
                raise
            result, raised = None, [c.__name__ for c in type(error).__mro__]
        if hasattr(result, "tolist"):
            result = result.tolist()
        bn = nn.modules.batchnorm._BatchNorm
        views.append({
            "result": [r for r in result] if isinstance(result, (list, tuple, range))
            else result,
            "raised": raised,
            "grad": [[p.requires_grad for p in s.parameters()] for s in stages],
            "bn": [[m.training for m in s.modules() if isinstance(m, bn)] for s in stages],
            "other": [[m.training for m in s.modules() if not isinstance(m, bn)]
                      for s in stages]})
    return views


def _trainable(n: int, epoch: int, every: int) -> list[int]:
    return list(range(max(0, n - 1 - epoch // every), n))


def _check_unfreeze(ns, stages: str, calls: list[tuple[int, int]]) -> None:
    reference = UNFREEZE[stages]()
    n = len(reference)
    views = ns.probe(_probe_unfreeze, Code(UNFREEZE[stages]), [list(c) for c in calls])
    for (epoch, every), view in zip(calls, views):
        what = f"unfreeze(<{n} stages>, epoch={epoch}, every={every})"
        if view["raised"]:
            raise AssertionError(f"{what} raised {_names(view['raised'])}")
        expected = _trainable(n, epoch, every)
        result = view["result"]
        if not isinstance(result, list) or [int(r) if isinstance(r, (int, float)) else r
                                            for r in result] != expected:
            raise AssertionError(f"{what} returned {result!r}; expected {expected}, the "
                                 "indices of the stages that train, in increasing order")
        for i in range(n):
            trains = i in expected
            if not all(g == trains for g in view["grad"][i]):
                raise AssertionError(f"{what}: stage {i} should be "
                                     f"{'trainable' if trains else 'frozen'}: its "
                                     f"requires_grad flags are {view['grad'][i]}")
            if not all(b == trains for b in view["bn"][i]):
                raise AssertionError(f"{what}: the BatchNorm layers of stage {i} should be "
                                     f"in {'train' if trains else 'eval'} mode")
            if not all(view["other"][i]):
                raise AssertionError(f"{what} put some modules of stage {i} that are not "
                                     "BatchNorm in eval mode (dropout, for one): leave them "
                                     "as they were")


@ex.test("q5", points=1)
def unfreeze_four_stages_every_two_epochs(ns):
    """4 stages, every = 2, epochs 0 to 7 in order"""
    _check_unfreeze(ns, "four", [(e, 2) for e in range(8)])


@ex.test("q5", points=0.5, hidden=True)
def unfreeze_every_epoch_and_far_beyond(ns):
    """every = 1 at epochs 0 to 4; epoch 100; then back to epoch 1 of every = 3"""
    _check_unfreeze(ns, "four", [(e, 1) for e in range(5)] + [(100, 3), (1, 3)])


@ex.test("q5", points=0.5, hidden=True)
def unfreeze_a_single_stage(ns):
    """one stage (the head): always trainable, its BatchNorm in train mode"""
    _check_unfreeze(ns, "one", [(0, 1), (5, 2)])


@ex.test("q5", points=0.5, hidden=True)
def unfreeze_rejects_bad_arguments(ns):
    """every = 0 and epoch = -1: ValueError, before anything changes"""
    views = ns.probe(_probe_unfreeze, Code(_unfreeze_stages), [[3, 0], [-1, 2]])
    for (epoch, every), view in zip([(3, 0), (-1, 2)], views):
        what = f"unfreeze(<4 stages>, epoch={epoch}, every={every})"
        if "ValueError" not in view["raised"]:
            raise AssertionError(f"{what} raised {_names(view['raised'])}; expected "
                                 "ValueError")
        if not all(all(g) for g in view["grad"]) or not all(all(b) for b in view["bn"]):
            raise AssertionError(f"{what} raised ValueError, but changed the stages first")


# --- q6: a stratified k-shot subset ---------------------------------------------------------

ex.question("q6", "A k-shot subset", transfer=True, hints=[
    "Make your own generator: g = torch.Generator().manual_seed(seed) (or "
    "np.random.default_rng(seed)); the global one must stay as it was.",
    "For each class in labels.unique(), take the indices of its examples "
    "((labels == c).nonzero()), shuffle them with torch.randperm(n, generator=g) and keep "
    "the first k.",
    "Check every class's size before drawing; the classes are the values present in "
    "labels, which need not be 0, 1, 2...",
])


def _labels(sizes: dict[int, int], seed: int) -> torch.Tensor:
    """A shuffled label vector with sizes[c] examples of class c."""
    labels = torch.tensor([c for c, n in sizes.items() for _ in range(n)])
    return labels[torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))]


def _check_subset(got, labels: torch.Tensor, k: int, what: str) -> list[int]:
    array = as_array(got, what).reshape(-1)
    if array.dtype.kind == "f" and np.all(array == np.round(array)):
        array = array.astype(np.int64)
    if array.dtype.kind not in "iu":
        raise AssertionError(f"{what} returned values of type {array.dtype}; expected "
                             "integer indices")
    indices = array.tolist()
    if len(set(indices)) != len(indices):
        raise AssertionError(f"{what} returned an index twice: draw without replacement")
    if any(i < 0 or i >= len(labels) for i in indices):
        raise AssertionError(f"{what} returned an index outside 0..{len(labels) - 1}")
    classes = labels.unique().tolist()
    chosen = labels[torch.tensor(indices, dtype=torch.long)].tolist() if indices else []
    for c in classes:
        if chosen.count(c) != k:
            raise AssertionError(f"{what} chose {chosen.count(c)} examples of class {c}; "
                                 f"expected k = {k} of each class")
    return sorted(indices)


def _probe_kshot(variables, labels, k, seeds, scramble):
    """k_shot_indices(labels, k, seed) for many seeds"""
    import random

    import torch

    f = variables.function("k_shot_indices")
    out = []
    for seed in seeds:
        if scramble:
            torch.manual_seed(seed + 777)
            np.random.seed(seed + 778)
            random.seed(seed + 779)
        states = (torch.get_rng_state(), np.random.get_state()[1].copy(), random.getstate())
        got = f(labels, k, seed)
        untouched = (torch.equal(states[0], torch.get_rng_state())
                     and np.array_equal(states[1], np.random.get_state()[1])
                     and states[2] == random.getstate())
        if hasattr(got, "tolist"):
            got = got.tolist()
        out.append({"indices": sorted(int(i) for i in got), "untouched": untouched})
    return out


@ex.test("q6", points=1)
def k_shot_of_three_classes(ns):
    """3 classes of 10, 7 and 5 examples, k = 3; the same seed twice gives the same subset"""
    labels = _labels({0: 10, 1: 7, 2: 5}, 1)
    f = ns.function("k_shot_indices")
    what = "k_shot_indices(labels, 3, seed=0)"
    first = _check_subset(f(labels, 3, 0), labels, 3, what)
    again = _check_subset(f(labels, 3, 0), labels, 3, what)
    if first != again:
        raise AssertionError(f"{what} called twice chose {first}, then {again}: the same "
                             "seed should give the same subset")


@ex.test("q6", points=0.5)
def k_shot_of_a_class_too_small(ns):
    """class 2 has 2 examples, k = 3: ValueError"""
    labels = _labels({0: 5, 1: 4, 2: 2}, 2)
    raises("ValueError", lambda: ns.function("k_shot_indices")(labels, 3, 0),
           "k_shot_indices(labels with 2 examples of class 2, k=3, seed=0)")


@ex.test("q6", points=0.5, hidden=True)
def k_shot_of_classes_not_numbered_from_zero(ns):
    """classes 3, 7 and 12 (none of 0..2); k = 1; k = the smallest class (all of it)"""
    labels = _labels({3: 6, 7: 4, 12: 9}, 3)
    f = ns.function("k_shot_indices")
    _check_subset(f(labels, 1, 5), labels, 1, "k_shot_indices(labels of classes 3, 7, 12, "
                  "k=1, seed=5)")
    got = _check_subset(f(labels, 4, 6), labels, 4, "k_shot_indices(labels of classes 3, "
                        "7, 12, k=4, seed=6)")
    seven = sorted((labels == 7).nonzero().reshape(-1).tolist())
    if not set(seven) <= set(got):
        raise AssertionError("k_shot_indices(..., k=4) should take all 4 examples of class 7")
    raises("ValueError", lambda: f(labels, 5, 0), "k_shot_indices(labels whose class 7 "
           "has 4 examples, k=5, seed=0)")


@ex.test("q6", points=0.5, hidden=True)
def k_shot_leaves_the_global_generators_alone(ns):
    """the global generators unchanged and ignored; seeds 0 to 9 give several subsets"""
    labels = _labels({0: 12, 1: 12, 2: 12}, 4)
    views = ns.probe(_probe_kshot, labels, 2, list(range(10)) + [3, 3], True)
    for seed, view in zip(list(range(10)) + [3, 3], views):
        if not view["untouched"]:
            raise AssertionError(f"k_shot_indices(labels, 2, seed={seed}) changed the state "
                                 "of a global random generator (torch, NumPy or Python's): "
                                 "use a generator of your own")
    subsets = [tuple(view["indices"]) for view in views]
    if not subsets[3] == subsets[10] == subsets[11]:
        raise AssertionError("k_shot_indices(labels, 2, seed=3) gave different subsets "
                             "when the global generators were in different states: draw "
                             "from a generator made from seed only")
    if len(set(subsets[:10])) < 5:
        raise AssertionError(f"seeds 0 to 9 gave only {len(set(subsets[:10]))} different "
                             "subsets: the seed should change the draw")


@ex.test("q6", points=0.5, hidden=True, seconds=20)
def k_shot_draws_every_example_equally_often(ns):
    """300 seeds, classes of 6 and 4, k = 2: each example about k / n of the time; classes
    drawn independently"""
    labels = _labels({0: 6, 1: 4}, 5)
    views = ns.probe(_probe_kshot, labels, 2, list(range(300)), False)
    counts = np.zeros(len(labels))
    for view in views:
        _check_subset(view["indices"], labels, 2, "k_shot_indices(labels, 2, seed)")
        counts[view["indices"]] += 1
    for i, label in enumerate(labels.tolist()):
        p = 2 / (6 if label == 0 else 4)
        bound = 5 * np.sqrt(300 * p * (1 - p))
        if abs(counts[i] - 300 * p) > bound:
            raise AssertionError(f"over seeds 0 to 299, example {i} (class {label}) was "
                                 f"chosen {int(counts[i])} times; a uniform draw chooses "
                                 f"it about {300 * p:.0f} times")
    # two classes of 5, interleaved: independent draws pick the same ranks in both
    # about 1 time in 10
    twins = torch.arange(10) % 2
    views = ns.probe(_probe_kshot, twins, 2, list(range(100)), False)
    same = 0
    for view in views:
        chosen = _check_subset(view["indices"], twins, 2, "k_shot_indices(labels, 2, seed)")
        same += sorted(i // 2 for i in chosen if i % 2 == 0) == sorted(
            i // 2 for i in chosen if i % 2 == 1)
    if same > 40:
        raise AssertionError(f"two classes of 5 examples, k = 2, seeds 0 to 99: in {same} "
                             "draws of 100 the two classes got the same positions (about 10 "
                             "expected): draw each class independently, from one generator")


# --- q7: a closed-form linear probe ---------------------------------------------------------

RIDGE_BANS = ["sklearn.linear_model.Ridge.fit", "sklearn.linear_model.RidgeClassifier.fit",
              "sklearn.linear_model.LinearRegression.fit",
              "sklearn.linear_model.ridge_regression"]

ex.question("q7", "A linear probe in closed form", transfer=True, bans=RIDGE_BANS, hints=[
    "One-hot targets: Y = F.one_hot(labels, n_classes), as floats; pass n_classes, since "
    "the labels may not contain every class.",
    "An unpenalised bias is the same as centring: subtract the mean of the features and of "
    "Y, solve (Xcᵀ Xc + lam I) W = Xcᵀ Yc, then b = mean(Y) - mean(X) W.",
    "Solve in float64 with torch.linalg.solve (no explicit inverse needed); new tensors "
    "for the centred data, so the features come back unchanged.",
])


def _ridge(X: np.ndarray, labels: np.ndarray, n_classes: int, lam: float):
    """min ||X W + b - Y||² + lam ||W||², by least squares on augmented rows."""
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    Y = np.eye(n_classes)[np.asarray(labels)]
    A = np.vstack([np.hstack([X, np.ones((n, 1))]),
                   np.hstack([np.sqrt(lam) * np.eye(d), np.zeros((d, 1))])])
    B = np.vstack([Y, np.zeros((d, n_classes))])
    solution = np.linalg.lstsq(A, B, rcond=None)[0]
    return solution[:d], solution[d]


def _features(n: int, d: int, n_classes: int, seed: int, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, n_classes, (n,), generator=g)
    centres = torch.randn(n_classes, d, generator=g, dtype=torch.float64) * 2
    X = centres[labels] + torch.randn(n, d, generator=g, dtype=torch.float64) + 3
    return X.to(dtype), labels


def _call_ridge(ns, X, labels, n_classes, lam, what):
    result = ns.function("ridge_probe")(X, labels, n_classes, lam)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return two arrays, (W, b)")
    W, b = as_array(result[0], f"{what}[0]"), as_array(result[1], f"{what}[1]")
    d = X.shape[1]
    if W.shape != (d, n_classes):
        raise AssertionError(f"{what}: W has shape {W.shape}, expected {(d, n_classes)} "
                             "(features, classes)")
    if b.shape != (n_classes,):
        raise AssertionError(f"{what}: b has shape {b.shape}, expected {(n_classes,)}")
    return W, b


def _check_ridge(ns, X, labels, n_classes, lam, what, rtol=1e-6, atol=1e-8):
    W, b = _call_ridge(ns, X, labels, n_classes, lam, what)
    W_ref, b_ref = _ridge(X.numpy(), labels.numpy(), n_classes, lam)
    assert_close(W, W_ref, f"{what}: W", rtol=rtol, atol=atol)
    assert_close(b, b_ref, f"{what}: b", rtol=rtol, atol=atol)
    return W, b


@ex.test("q7", points=1)
def ridge_of_a_small_problem(ns):
    """20 examples, 4 features, 3 classes, lam = 0.5"""
    X, labels = _features(20, 4, 3, 71)
    _check_ridge(ns, X, labels, 3, 0.5, "ridge_probe(X (20, 4), labels, 3, lam=0.5)")


@ex.test("q7", points=0.5)
def ridge_leaves_the_bias_free(ns):
    """lam = 1e8: W is about 0 and b the share of each class"""
    X, labels = _features(30, 5, 4, 72)
    W, b = _call_ridge(ns, X, labels, 4, 1e8, "ridge_probe(X (30, 5), labels, 4, lam=1e8)")
    shares = np.bincount(labels.numpy(), minlength=4) / 30
    assert_close(b, shares, "ridge_probe(..., lam=1e8): b (not penalised, so the share "
                 "of each class)", rtol=1e-4, atol=1e-6)
    assert_close(W, np.zeros_like(W), "ridge_probe(..., lam=1e8): W", rtol=0, atol=1e-5)


@ex.test("q7", points=1, hidden=True)
def ridge_with_more_features_than_examples(ns):
    """12 examples, 30 features, lam = 0.1; 5 classes of which two never appear"""
    X, labels = _features(12, 30, 3, 73)
    _check_ridge(ns, X, labels, 5, 0.1, "ridge_probe(X (12, 30), labels in 0..2, 5, "
                 "lam=0.1)")


@ex.test("q7", points=0.5, hidden=True)
def ridge_without_penalty_and_in_float32(ns):
    """lam = 0 on 40 examples of 6 features; float32 features (tolerance 1e-3)"""
    X, labels = _features(40, 6, 3, 74)
    _check_ridge(ns, X, labels, 3, 0.0, "ridge_probe(X (40, 6), labels, 3, lam=0)",
                 rtol=1e-5, atol=1e-7)
    X32, labels = _features(50, 8, 4, 75, dtype=torch.float32)
    W, b = _call_ridge(ns, X32, labels, 4, 2.0, "ridge_probe(float32 X (50, 8), labels, 4, "
                       "lam=2)")
    W_ref, b_ref = _ridge(X32.double().numpy(), labels.numpy(), 4, 2.0)
    assert_close(W, W_ref, "ridge_probe(float32 X, ...): W", rtol=1e-3, atol=1e-4)
    assert_close(b, b_ref, "ridge_probe(float32 X, ...): b", rtol=1e-3, atol=1e-4)


@ex.test("q7", points=0.5, hidden=True)
def ridge_shifted_features_move_only_the_bias(ns):
    """features + 100: the same W, and the same predictions"""
    X, labels = _features(25, 3, 2, 76)
    what = "ridge_probe(X + 100, labels, 2, lam=1)"
    W, b = _check_ridge(ns, X, labels, 2, 1.0, "ridge_probe(X (25, 3), labels, 2, lam=1)")
    W2, b2 = _call_ridge(ns, X + 100, labels, 2, 1.0, what)
    assert_close(W2, W, f"{what}: W, against W for X (a shift changes only b)",
                 rtol=1e-5, atol=1e-7)
    assert_close((X + 100).numpy() @ W2 + b2, X.numpy() @ W + b, f"{what}: the scores",
                 rtol=1e-5, atol=1e-6)
