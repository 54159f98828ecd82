"""Tests of the Chapter 5 exercises (``solutions/05_pytorch.md``).

Most answers are objects or act on objects (a Dataset, a model, a training step, a
checkpoint), so most tests go through probes: small functions sent to the notebook that
build the test's models from fixed seeds, call the student's code on them and send back
plain data (losses, parameters, flags, a trace of the forward pass). What is expected is
computed here, in the grader, with the same builders (``_classifier``, ``_train``...),
which travel to the notebook as source (``Code``) so that both sides build the same models.

Questions 1, 3, 6, 8, 9, 10 and 11 redo the chapter's own examples (warm-ups, ``WARM_UP``
points a test); questions 2, 4, 5 and 7 take its ideas to cases it did not code.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import torch
from torch import nn

from utils.grading.expect import assert_close, assert_integer
from utils.grading.namespace import Code, Opaque
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch05", title="Chapter 5 exercises")

WARM_UP = 0.5  # points of one test of a question that redoes the chapter's own example


def _kind(value: Any) -> str:
    """What ``value`` is, in words a student recognises."""
    if isinstance(value, Opaque):
        return value.type_name.rsplit(".", 1)[-1]
    if isinstance(value, torch.Tensor):  # the wire sends a 0-d tensor with shape (1,)
        return ("one-number tensor" if value.numel() == 1
                else f"tensor of shape {tuple(value.shape)}")
    return type(value).__name__


def _float(value: Any, what: str) -> float:
    """``value`` is a plain Python number, not a tensor or an array."""
    if isinstance(value, bool) or not isinstance(value, (float, int)):
        raise AssertionError(f"{what} returned a {_kind(value)}; expected a Python float "
                             "(.item() turns a one-number tensor into one)")
    return float(value)


def _tensor(value: Any, dtype: torch.dtype, shape: tuple, what: str,
            meaning: str = "") -> torch.Tensor:
    """``value`` is a tensor of ``dtype`` and ``shape`` (whose axes are ``meaning``)."""
    if not isinstance(value, torch.Tensor):
        raise AssertionError(f"{what}: a {_kind(value)}, expected a tensor")
    if value.dtype != dtype:
        raise AssertionError(f"{what}: dtype {value.dtype}, expected {dtype}")
    if tuple(value.shape) != tuple(shape):
        raise AssertionError(f"{what}: shape {tuple(value.shape)}, expected {tuple(shape)}"
                             + (f" {meaning}" if meaning else ""))
    return value


def _pair(value: Any, size: int, what: str) -> list:
    """``value`` is a tuple or a list of ``size`` items."""
    if not isinstance(value, (tuple, list)) or len(value) != size:
        raise AssertionError(f"{what} returned a {_kind(value)}; expected a tuple of {size}")
    return list(value)


def _close_parameters(got: dict, expected: dict, what: str, rtol: float = 1e-5,
                      atol: float = 1e-6) -> None:
    """Two {name: tensor} dictionaries hold the same values."""
    if not isinstance(got, dict) or set(got) != set(expected):
        names = sorted(got) if isinstance(got, dict) else _kind(got)
        raise AssertionError(f"{what}: parameters {names}, expected {sorted(expected)}")
    for name, value in expected.items():
        if not isinstance(got[name], torch.Tensor) or got[name].shape != value.shape:
            raise AssertionError(f"{what}: {name} is a {_kind(got[name])}, expected a tensor "
                                 f"of shape {tuple(value.shape)}")
        if not torch.allclose(got[name].float(), value.float(), rtol=rtol, atol=atol):
            gap = (got[name].float() - value.float()).abs().max().item()
            raise AssertionError(f"{what}: {name} differs from the expected values by up "
                                 f"to {gap:.3g}")


# --- builders, sent to the notebook as source and also run here ---------------------------

def _classifier(seed, dropout=0.0, log_probs=False):
    """5 inputs -> 16 ReLU units -> dropout -> 3 logits (or log-probabilities)."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    layers = [nn.Linear(5, 16), nn.ReLU(), nn.Dropout(dropout), nn.Linear(16, 3)]
    if log_probs:
        layers.append(nn.LogSoftmax(dim=1))
    return nn.Sequential(*layers)


def _make_optimizer(kind, model):
    import torch

    if kind == "adam":
        return torch.optim.Adam(model.parameters(), lr=0.01)
    if kind == "momentum":
        return torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    return torch.optim.SGD(model.parameters(), lr=0.1)


def _make_loss(kind):
    from torch import nn

    if kind == "smooth":
        return nn.CrossEntropyLoss(label_smoothing=0.1)
    if kind == "nll":
        return nn.NLLLoss()
    return nn.CrossEntropyLoss()


def _train(model, optimizer, inputs, targets, epochs):
    """Fixed batches of 10 (no shuffling), cross-entropy; the loss of each batch."""
    from torch import nn

    loss_fn, losses = nn.CrossEntropyLoss(), []
    model.train()
    for _ in range(epochs):
        for start in range(0, len(inputs), 10):
            loss = loss_fn(model(inputs[start:start + 10]), targets[start:start + 10])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses


KIT = {"build": Code(_classifier), "optimizer": Code(_make_optimizer),
       "loss": Code(_make_loss), "train": Code(_train)}


def _toy_data(seed: int, n: int = 40) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    return (torch.randn(n, 5, generator=generator),
            torch.randint(0, 3, (n,), generator=generator))


def _reference_step(model, optimizer, loss_fn, inputs, targets) -> float:
    model.train()
    loss = loss_fn(model(inputs), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def _state(model: nn.Module) -> dict:
    return {name: p.detach().clone() for name, p in model.named_parameters()}


# --- q1: a Dataset for arrays --------------------------------------------------------------

ex.question("q1", "A Dataset for arrays", hints=[
    "A Dataset needs two methods besides __init__: __len__ (how many examples) and "
    "__getitem__ (one example, as a pair).",
    "Convert once, in __init__, to the dtypes the question asks for, whatever the dtypes "
    "of the arrays; torch.as_tensor takes a dtype= argument.",
    "The number of examples is the number of rows of X (or the length of y), not the number "
    "of columns.",
])


def _dataset_view(variables, X, y, indices, batch_size):
    """ArrayDataset(X, y)"""
    from torch.utils.data import DataLoader

    X_before, y_before = X.copy(), y.copy()
    dataset = variables.cls("ArrayDataset")(X, y)
    items = [dataset[i] for i in indices]
    view = {"length": len(dataset), "items": items, "batches": [],
            "shapes": [[list(v.shape) if hasattr(v, "shape") else None for v in item]
                       if isinstance(item, (list, tuple)) else None for item in items]}
    if batch_size:
        view["batches"] = [list(batch) if isinstance(batch, (list, tuple)) else batch
                           for batch in DataLoader(dataset, batch_size=batch_size)]
    view["unchanged"] = bool(np.array_equal(X, X_before) and np.array_equal(y, y_before))
    return view


def _check_item(item: Any, shapes: Any, x: np.ndarray, label: int, index: int) -> None:
    what = f"ArrayDataset(X, y)[{index}]"
    if not isinstance(item, (tuple, list)) or len(item) != 2:
        raise AssertionError(f"{what} is a {_kind(item)}; expected a pair (features, label)")
    features, target = item
    _tensor(features, torch.float32, x.shape, f"the features of {what}")
    # the shape as the notebook saw it: the wire sends a 0-d tensor as one of shape (1,)
    if isinstance(target, torch.Tensor) and shapes[1] != []:
        raise AssertionError(f"the label of {what}: shape {tuple(shapes[1])}, expected () "
                             "(a tensor holding one number)")
    _tensor(target.reshape(()) if isinstance(target, torch.Tensor) and target.numel() == 1
            else target, torch.int64, (), f"the label of {what}")
    if not torch.equal(features, torch.from_numpy(x.astype(np.float32))):
        raise AssertionError(f"the features of {what} are not the values of X[{index}]: "
                             "convert them, do not change them")
    assert_integer(int(target), label, f"the label of {what}")


def _check_dataset(ns, X: np.ndarray, y: np.ndarray, indices: list[int],
                   batch_size: int = 0) -> None:
    view = ns.probe(_dataset_view, X, y, indices, batch_size)
    assert_integer(view["length"], len(y), f"len(ArrayDataset(X, y)) with X of shape {X.shape}")
    for i, item, shapes in zip(indices, view["items"], view["shapes"]):
        _check_item(item, shapes, X[i], int(y[i]), i)
    if batch_size:
        starts = range(0, len(y), batch_size)
        if len(view["batches"]) != len(starts):
            raise AssertionError(f"a DataLoader with batch_size={batch_size} over {len(y)} "
                                 f"examples gave {len(view['batches'])} batches, expected "
                                 f"{len(starts)}")
        for number, (batch, start) in enumerate(zip(view["batches"], starts), 1):
            xb, yb = _pair(batch, 2, f"batch {number} of a DataLoader")
            rows = slice(start, start + batch_size)
            n = len(y[rows])
            _tensor(xb, torch.float32, (n, X.shape[1]), f"the features of batch {number}")
            _tensor(yb, torch.int64, (n,), f"the labels of batch {number}")
            if not (torch.equal(xb, torch.from_numpy(X[rows].astype(np.float32)))
                    and torch.equal(yb, torch.from_numpy(y[rows].astype(np.int64)))):
                raise AssertionError(f"batch {number} of a DataLoader does not hold examples "
                                     f"{start} to {start + n - 1}")
    if not view["unchanged"]:
        raise AssertionError("ArrayDataset changed the arrays X and y it was given: convert "
                             "copies")


@ex.test("q1", points=WARM_UP)
def dataset_of_float64_features(ns):
    """5 examples of 3 float64 features, int32 labels: length and items"""
    X = np.arange(15, dtype=np.float64).reshape(5, 3) / 10
    y = np.array([2, 0, 1, 1, 2], dtype=np.int32)
    _check_dataset(ns, X, y, [0, 3, 4])


@ex.test("q1", points=WARM_UP)
def dataset_in_a_dataloader(ns):
    """a DataLoader with batch_size=4 over 9 examples: batches of 4, 4 and 1"""
    X = np.linspace(0, 1, 63).reshape(9, 7)
    y = np.arange(9) % 3
    _check_dataset(ns, X, y, [8], batch_size=4)


@ex.test("q1", points=WARM_UP, hidden=True)
def dataset_of_integer_pixels(ns):
    """integer pixel values (uint8) and int16 labels: float32 features, int64 labels"""
    rng = np.random.default_rng(3)
    X = rng.integers(0, 17, size=(6, 64)).astype(np.uint8)
    y = rng.integers(0, 10, size=6).astype(np.int16)
    _check_dataset(ns, X, y, [0, 5], batch_size=4)


@ex.test("q1", points=WARM_UP, hidden=True)
def dataset_of_many_float32_examples(ns):
    """200 examples of 64 float32 features and int64 labels, batches of 64 (the last of 8)"""
    rng = np.random.default_rng(4)
    X, y = rng.random((200, 64), dtype=np.float32), rng.integers(0, 10, size=200)
    _check_dataset(ns, X, y, [0, 57, 199], batch_size=64)


# --- q2: a collate function that pads ------------------------------------------------------

ex.question("q2", "Batches of sequences of different lengths", transfer=True,
            bans=["torch.nn.utils.rnn.pad_sequence", "torch._C._nn.pad_sequence",
                  "torch.nn.utils.rnn.pad_packed_sequence", "torch.nested.nested_tensor",
                  "torch.nested.as_nested_tensor", "torch.nested.to_padded_tensor"], hints=[
    "Find the longest length first; then start from a tensor of zeros of the final shape "
    "(B, L_max, d).",
    "Copy each sequence into the beginning of its row: padded[i, :length] = sequence. The "
    "result is a new tensor, so the sequences you were given stay as they are.",
    "int(label) turns a Python int or a 0-d tensor into an int; torch.tensor(list_of_ints, "
    "dtype=torch.int64) makes the lengths and the labels into tensors.",
])


def _sequences(lengths: list[int], d: int, seed: int) -> list[tuple[torch.Tensor, int]]:
    """(sequence, label) pairs: random float32 sequences of the given lengths."""
    generator = torch.Generator().manual_seed(seed)
    pairs = []
    for length in lengths:
        label = int(torch.randint(0, 5, (), generator=generator))
        pairs.append((torch.randn(length, d, generator=generator), label))
    return pairs


def _check_collated(result: Any, pairs: list, what: str) -> None:
    padded, lengths, labels = _pair(result, 3, what)
    sizes = [len(sequence) for sequence, _ in pairs]
    batch, longest, d = len(pairs), max(sizes), pairs[0][0].shape[1]
    _tensor(padded, torch.float32, (batch, longest, d), f"padded, from {what}",
            "(batch, longest length, features)")
    _tensor(lengths, torch.int64, (batch,), f"lengths, from {what}")
    _tensor(labels, torch.int64, (batch,), f"labels, from {what}")
    for i, ((sequence, _), size) in enumerate(zip(pairs, sizes)):
        if not torch.equal(padded[i, :size], sequence):
            raise AssertionError(f"{what}: row {i} of padded does not start with sequence "
                                 f"{i} (its first {size} step(s))")
        if not torch.equal(padded[i, size:], torch.zeros(longest - size, d)):
            raise AssertionError(f"{what}: row {i} of padded should end with "
                                 f"{longest - size} steps of zeros after its sequence")
    if lengths.tolist() != sizes:
        raise AssertionError(f"{what} returned the lengths {lengths.tolist()}, expected {sizes}")
    expected = [int(label) for _, label in pairs]
    if labels.tolist() != expected:
        raise AssertionError(f"{what} returned the labels {labels.tolist()}, expected "
                             f"{expected}")


def _collate_loader(variables, sequences, labels, batch_size):
    """a DataLoader with collate_fn=pad_collate"""
    from torch.utils.data import DataLoader

    pairs = list(zip(sequences, labels))
    collate = variables.function("pad_collate")
    return list(DataLoader(pairs, batch_size=batch_size, collate_fn=collate))


@ex.test("q2", points=1)
def collate_three_sequences(ns):
    """three sequences of lengths 3, 1 and 2, with 2 features each"""
    pairs = _sequences([3, 1, 2], 2, seed=1)
    _check_collated(ns.function("pad_collate")(pairs), pairs, "pad_collate(batch)")


@ex.test("q2", points=1)
def collate_in_a_dataloader(ns):
    """a DataLoader with batch_size=4 and collate_fn=pad_collate over 10 sequences"""
    pairs = _sequences([5, 2, 7, 1, 3, 3, 6, 2, 4, 1], 3, seed=2)
    sequences, labels = [s for s, _ in pairs], [lab for _, lab in pairs]
    batches = ns.probe(_collate_loader, sequences, labels, 4)
    if not isinstance(batches, list) or len(batches) != 3:
        raise AssertionError(f"the DataLoader gave {len(batches)} batches, expected 3")
    for number, batch in enumerate(batches):
        _check_collated(batch, pairs[4 * number:4 * number + 4],
                        f"pad_collate on batch {number + 1} of the DataLoader")


@ex.test("q2", points=1, hidden=True)
def collate_a_batch_of_one_and_equal_lengths(ns):
    """a batch of one sequence, and a batch of sequences of one length: no padding"""
    collate = ns.function("pad_collate")
    one = _sequences([4], 3, seed=3)
    _check_collated(collate(one), one, "pad_collate on a batch of one")
    equal = _sequences([5, 5, 5], 2, seed=4)
    _check_collated(collate(equal), equal, "pad_collate on three sequences of length 5")


def _collate_tensor_labels(variables, sequences, labels):
    """pad_collate on pairs whose labels are 0-d int64 tensors"""
    import torch

    pairs = [(sequence, torch.tensor(label)) for sequence, label in zip(sequences, labels)]
    before = [sequence.clone() for sequence in sequences]
    result = variables.function("pad_collate")(pairs)
    return {"result": result,
            "unchanged": all(torch.equal(a, b) for a, b in zip(sequences, before))}


@ex.test("q2", points=1, hidden=True)
def collate_tensor_labels_and_long_sequences(ns):
    """labels as 0-d int64 tensors (as question 1 gives them), lengths from 1 to 12"""
    pairs = _sequences([12, 1, 9, 4, 12, 2], 5, seed=5)
    view = ns.probe(_collate_tensor_labels, [s for s, _ in pairs], [lab for _, lab in pairs])
    _check_collated(view["result"], pairs, "pad_collate with 0-d tensor labels")
    if not view["unchanged"]:
        raise AssertionError("pad_collate changed the sequences it was given in place: the "
                             "caller still needs them")


# --- q3: a model of a given size -----------------------------------------------------------

ex.question("q3", "A model of a given size", hints=[
    "Loop over zip(sizes[:-1], sizes[1:]): each pair (n_in, n_out) is one nn.Linear.",
    "Put a ReLU after every Linear except the last one: the model returns logits.",
    "Collect the layers in a list and return nn.Sequential(*layers); the list itself would "
    "hide the layers from PyTorch.",
])


def _mlp_view(variables, sizes):
    """build_mlp(sizes) on a batch of 5"""
    import torch
    from torch import nn

    from utils.grading.structure import layer_calls, op_trace

    model = variables.function("build_mlp")(list(sizes))
    if not isinstance(model, nn.Module):
        return {"kind": type(model).__name__}
    x = torch.randn(5, sizes[0], generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        out = model(x)
    return {"kind": "module",
            "parameters": sum(p.numel() for p in model.parameters()),
            "out_shape": list(getattr(out, "shape", [])),
            "ops": [entry["op"] for entry in op_trace(model, x)],
            "linears": [[c["in_features"], c["out_features"], c["bias"]]
                        for c in layer_calls(model, x) if c["kind"] == "Linear"]}


def _mlp(ns, sizes: list[int]) -> dict:
    view = ns.probe(_mlp_view, sizes)
    if view["kind"] != "module":
        raise AssertionError(f"build_mlp({sizes}) returned a {view['kind']}; expected an "
                             "nn.Module (an nn.Sequential, say)")
    return view


def _assert_count(view: dict, sizes: list[int]) -> None:
    expected = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    assert_integer(view["parameters"], expected, f"the number of parameters of "
                   f"build_mlp({sizes})")


def _assert_layers(view: dict, sizes: list[int]) -> None:
    expected = " -> ".join(["linear", "relu"] * (len(sizes) - 2) + ["linear"])
    got = " -> ".join(view["ops"]) or "nothing"
    if got != expected:
        raise AssertionError(f"build_mlp({sizes}) computes {got}; expected {expected}")
    shapes = [tuple(entry) for entry in view["linears"]]
    wanted = [(a, b, True) for a, b in zip(sizes[:-1], sizes[1:])]
    if shapes != wanted:
        raise AssertionError(f"build_mlp({sizes}) calls Linear layers (in, out, bias) "
                             f"{shapes}; expected {wanted}")


@ex.test("q3", points=WARM_UP)
def mlp_with_one_hidden_layer(ns):
    """build_mlp([64, 32, 10]): 2,410 parameters, (5, 64) in, (5, 10) out"""
    view = _mlp(ns, [64, 32, 10])
    _assert_count(view, [64, 32, 10])
    if view["out_shape"] != [5, 10]:
        raise AssertionError(f"build_mlp([64, 32, 10]) maps a (5, 64) batch to "
                             f"{tuple(view['out_shape'])}, expected (5, 10)")


@ex.test("q3", points=WARM_UP)
def mlp_layers_in_order(ns):
    """Linear, ReLU, Linear for [64, 32, 10]: no ReLU after the last layer"""
    _assert_layers(_mlp(ns, [64, 32, 10]), [64, 32, 10])


@ex.test("q3", points=WARM_UP, hidden=True)
def mlp_of_the_required_size(ns):
    """build_mlp([64, 100, 100, 10]) has 17,610 parameters; [3, 1] is one layer"""
    for sizes in ([64, 100, 100, 10], [3, 1]):
        view = _mlp(ns, sizes)
        _assert_count(view, sizes)
        _assert_layers(view, sizes)


@ex.test("q3", points=WARM_UP, hidden=True)
def mlp_deeper_layers_in_order(ns):
    """[8, 5, 4, 3, 2]: four Linear layers with a ReLU between each two, in order"""
    _assert_layers(_mlp(ns, [8, 5, 4, 3, 2]), [8, 5, 4, 3, 2])


# --- q4: He initialisation with apply ------------------------------------------------------

ex.question("q4", "He initialisation, applied to any model", transfer=True, hints=[
    "You do not know how the model was written, so do not walk it by hand: just as "
    "parameters() finds every parameter at any depth, nn.Module has methods that visit "
    "every module inside it. Which of them should you act on, and how do you tell?",
    "He's standard deviation uses each layer's own number of inputs, which the layer knows: "
    "look at its attributes, or at the shape of its weight (out, in).",
    "`module.weight = ...` would put a new tensor in place of the old one; you want new "
    "numbers in the old tensor. PyTorch's in-place methods end with an underscore, and "
    "autograd must not record the change.",
])


def _wide_layer():
    import torch
    from torch import nn

    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(600, 300))


def _nested_model():
    """Linear layers at three depths, and normalisation layers that must be left alone."""
    import torch
    from torch import nn

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(256, 128), nn.Linear(128, 256)])
            self.norm = nn.LayerNorm(256)

        def forward(self, x):
            return self.norm(self.layers[1](torch.relu(self.layers[0](x))))

    torch.manual_seed(3)
    model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), Block(),
                          nn.Sequential(nn.BatchNorm1d(256), nn.Linear(256, 10)))
    with torch.no_grad():  # other values than the defaults, to see that they are kept
        for module in model.modules():
            if isinstance(module, (nn.LayerNorm, nn.BatchNorm1d)):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.5, 0.5)
    return model


def _small_model():
    import torch
    from torch import nn

    torch.manual_seed(4)
    return nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 3))


def _init_view(variables, build, seeds):
    """he_init(model)"""
    import torch

    from utils.grading.in_kernel import NotAttempted

    he_init = variables.value("he_init")
    views = []
    for seed in seeds:
        model = build()
        ids = [id(p) for p in model.parameters()]
        before = [p.detach().clone() for p in model.parameters()]
        torch.manual_seed(seed)
        returned = he_init(model)
        # a stub returns `...`; an answer without `return` returns None but changes weights
        if returned is Ellipsis or returned is None and all(
                torch.equal(a, b) for a, b in zip(before, model.parameters())):
            raise NotAttempted("`he_init` returned None and changed nothing: write your "
                               "answer where it says `# YOUR CODE HERE`")
        views.append({"returned model": returned is model,
                      "ids before": ids, "ids after": [id(p) for p in model.parameters()],
                      "requires grad": all(p.requires_grad for p in model.parameters()),
                      "parameters": {name: p.detach().clone()
                                     for name, p in model.named_parameters()}})
    return views


def _check_he(view: dict, model: nn.Module, what: str) -> None:
    """``view``'s parameters are He's for every Linear of ``model``, the old ones elsewhere."""
    parameters = view["parameters"]
    for name, module in model.named_modules():
        for short, before in module.named_parameters(recurse=False):
            full = f"{name}.{short}" if name else short
            got = parameters.get(full)
            if not isinstance(got, torch.Tensor) or got.shape != before.shape:
                raise AssertionError(f"{what}: parameter {full} is a {_kind(got)}, expected "
                                     f"a tensor of shape {tuple(before.shape)}")
            layer = f"{full} ({type(module).__name__})"
            if not isinstance(module, nn.Linear):
                if not torch.equal(got, before):
                    raise AssertionError(f"{what} changed {layer}: only the nn.Linear "
                                         "layers should be re-initialised")
            elif short == "bias":
                if not torch.equal(got, torch.zeros_like(got)):
                    raise AssertionError(f"{what}: {layer} is not all zeros")
            else:
                _check_normal(got.double(), math.sqrt(2 / module.in_features), layer, what)


def _check_normal(w: torch.Tensor, std: float, layer: str, what: str) -> None:
    """``w`` looks like a sample of N(0, std²); the bounds are six standard errors wide."""
    n = w.numel()
    mean, sample_std = w.mean().item(), w.std().item()
    if abs(mean) > 6 * std / math.sqrt(n):
        raise AssertionError(f"{what}: {layer} has mean {mean:.4g}; expected about 0")
    if abs(sample_std / std - 1) > 6 / math.sqrt(2 * n) + 1e-3:
        raise AssertionError(f"{what}: {layer} has standard deviation {sample_std:.4g}; "
                             f"He's for {n // w.shape[0]} inputs is {std:.4g}")
    kurtosis = (((w - mean) / sample_std) ** 4).mean().item()
    if abs(kurtosis - 3) > 6 * math.sqrt(24 / n):
        raise AssertionError(f"{what}: {layer} does not look normally distributed: its "
                             f"kurtosis is {kurtosis:.2f}, a normal distribution's is 3 "
                             "(a uniform one's 1.8)")


@ex.test("q4", points=1)
def he_init_of_one_wide_layer(ns):
    """one Linear(600, 300): weights from N(0, 2/600), biases 0; the model comes back"""
    view = ns.probe(_init_view, Code(_wide_layer), [0])[0]
    _check_he(view, _wide_layer(), "he_init(Sequential(Linear(600, 300)))")
    if not view["returned model"]:
        raise AssertionError("he_init initialised the model but did not return it: return "
                             "the model it was given (the same object)")


@ex.test("q4", points=1)
def he_init_reaches_every_linear(ns):
    """a model with Linear layers at three depths (Sequential, own module, ModuleList)"""
    view = ns.probe(_init_view, Code(_nested_model), [1])[0]
    _check_he(view, _nested_model(), "he_init on a nested model")


@ex.test("q4", points=1, hidden=True)
def he_init_changes_the_parameters_in_place(ns):
    """the model's own parameter tensors change (an optimiser holds them)"""
    view = ns.probe(_init_view, Code(_small_model), [2])[0]
    if view["ids before"] != view["ids after"]:
        raise AssertionError("he_init replaced parameters with new ones: an optimiser made "
                             "before would go on training the old tensors. Change the values "
                             "of the existing ones in place")
    if not view["requires grad"]:
        raise AssertionError("after he_init some parameters no longer require gradients")
    _check_he(view, _small_model(), "he_init on a small model")


@ex.test("q4", points=1, hidden=True)
def he_init_draws_from_torch(ns):
    """the same torch.manual_seed gives the same weights, another seed other weights"""
    first, again, other = ns.probe(_init_view, Code(_small_model), [7, 7, 8])
    weights = [view["parameters"]["0.weight"] for view in (first, again, other)]
    if not torch.equal(weights[0], weights[1]):
        raise AssertionError("two calls after torch.manual_seed(7) gave different weights: "
                             "draw them from PyTorch's global generator")
    if torch.equal(weights[0], weights[2]):
        raise AssertionError("torch.manual_seed(7) and torch.manual_seed(8) gave the same "
                             "weights: they should be drawn at random")
    _check_he(first, _small_model(), "he_init on a small model")


# --- q5: activations seen through forward hooks --------------------------------------------

ex.question("q5", "Watching the activations with hooks", transfer=True, hints=[
    "Loop over model.modules(): it reaches every module, however deeply nested. Register a "
    "hook on each one that is an nn.ReLU, and keep the handles that register_forward_hook "
    "returns.",
    "The hook sees each call's output tensor: it can append a number to a list that lives "
    "in your function. It runs once per call, so a module called twice adds two entries, in "
    "the order of the calls. The list wants Python floats, not tensors.",
    "Run the model under torch.no_grad(), then call remove() on every handle, in a "
    "try/finally so that the hooks go even if the model raises an error.",
])


def _chain_net():
    import torch
    from torch import nn

    torch.manual_seed(5)
    return nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(),
                         nn.Linear(64, 5))


def _nested_relu_net():
    """An in-place ReLU, a ReLU module called twice with another one called in between
    (call order differs from the modules' order), one never called, and a recorder."""
    import torch
    from torch import nn

    class GradMode(nn.Module):
        """Passes its input on, noting whether autograd records."""

        def __init__(self):
            super().__init__()
            self.seen = []

        def forward(self, x):
            self.seen.append(torch.is_grad_enabled())
            return x

    class Block(nn.Module):
        """Its ReLU modules are called in the order act, gate, act."""

        def __init__(self, width):
            super().__init__()
            self.first, self.second = nn.Linear(width, width), nn.Linear(width, width)
            self.third = nn.Linear(width, width)
            self.act, self.unused, self.gate = nn.ReLU(), nn.ReLU(), nn.ReLU()

        def forward(self, x):
            x = self.gate(self.second(self.act(self.first(x))))
            return self.act(self.third(x))

    torch.manual_seed(6)
    return nn.Sequential(GradMode(), nn.Linear(8, 32), nn.ReLU(inplace=True), Block(32),
                         nn.Linear(32, 3))


def _rms_view(variables, build, inputs, training, calls):
    """activation_rms(model, inputs)"""
    import torch
    from torch.nn.modules import module as nn_module

    model = build().train(training)

    def hooks():
        own = sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())
        return own + len(nn_module._global_forward_hooks) + len(
            nn_module._global_forward_pre_hooks)

    before = hooks()
    rms = variables.function("activation_rms")
    results, grad_after = [], []
    for _ in range(calls):
        results.append(rms(model, inputs))
        grad_after.append(torch.is_grad_enabled())
    recorders = [m.seen for m in model.modules() if hasattr(m, "seen")]
    return {"results": results, "hooks added": hooks() - before, "grad after": grad_after,
            "modes": [m.training for m in model.modules()],
            "grad enabled": recorders[0] if recorders else []}


def _reference_rms(model: nn.Module, inputs: torch.Tensor) -> list[float]:
    values: list[float] = []
    handles = [m.register_forward_hook(
        lambda module, args, out: values.append(out.pow(2).mean().sqrt().item()))
        for m in model.modules() if isinstance(m, nn.ReLU)]
    try:
        with torch.no_grad():
            model(inputs)
    finally:
        for handle in handles:
            handle.remove()
    return values


def _check_rms(got: Any, expected: list[float], what: str) -> None:
    if not isinstance(got, (list, tuple)):
        raise AssertionError(f"{what} returned a {_kind(got)}; expected a list of floats")
    if len(got) != len(expected):
        raise AssertionError(f"{what} returned {len(got)} value(s); expected "
                             f"{len(expected)}, one per call of an nn.ReLU module during the "
                             "forward pass")
    values = [_float(v, f"{what}, entry {i},") for i, v in enumerate(got)]
    assert_close(values, expected, what, rtol=1e-5)


def _rms_case(ns, build, inputs, training=False, calls=1) -> dict:
    view = ns.probe(_rms_view, Code(build), inputs, training, calls)
    expected = _reference_rms(build().train(training), inputs)
    for number, got in enumerate(view["results"]):
        _check_rms(got, expected, "activation_rms(model, inputs)" if number == 0
                   else "activation_rms(model, inputs), called a second time,")
    return view


@ex.test("q5", points=1)
def rms_of_a_chain(ns):
    """Linear, ReLU, Linear, ReLU, Linear on 32 inputs: one value per ReLU"""
    inputs = torch.randn(32, 20, generator=torch.Generator().manual_seed(1))
    _rms_case(ns, _chain_net, inputs)


@ex.test("q5", points=1)
def rms_of_a_reused_relu(ns):
    """a nested model calling its ReLU modules in the order a, b, a: one value per call"""
    inputs = torch.randn(16, 8, generator=torch.Generator().manual_seed(2))
    _rms_case(ns, _nested_relu_net, inputs)


@ex.test("q5", points=1, hidden=True)
def rms_leaves_no_hook_and_keeps_the_mode(ns):
    """two calls give the same values; no hook is left; training or eval mode is kept"""
    inputs = torch.randn(16, 8, generator=torch.Generator().manual_seed(3))
    for training in (True, False):
        view = _rms_case(ns, _nested_relu_net, inputs, training=training, calls=2)
        if view["hooks added"]:
            raise AssertionError(f"activation_rms left {view['hooks added']} hooks on the "
                                 "model: remove them before returning")
        if set(view["modes"]) != {training}:
            mode = "training" if training else "evaluation"
            raise AssertionError(f"activation_rms changed the mode of a model handed over "
                                 f"in {mode} mode: leave it as it was")


@ex.test("q5", points=1, hidden=True)
def rms_without_a_graph_on_a_batch_of_one(ns):
    """a batch of one example, and the forward pass runs without autograd recording"""
    inputs = torch.randn(1, 8, generator=torch.Generator().manual_seed(4))
    view = _rms_case(ns, _nested_relu_net, inputs)
    if any(view["grad enabled"]):
        raise AssertionError("activation_rms ran the model with autograd recording: run it "
                             "under torch.no_grad(), no gradient is needed")
    if not all(view["grad after"]):
        raise AssertionError("after activation_rms autograd is switched off for good: the "
                             "training that follows would learn nothing. Leave it as you found "
                             "it: `with torch.no_grad():` switches it back on at the end")


# --- q6 and q7: a training step, and one with gradient accumulation ------------------------

def _steps_view(variables, name, kit, setup, inputs, targets):
    """the training step on the test's model"""
    import torch
    from torch import nn

    class Spy(nn.Module):
        """The test's model, noting the number of examples of every forward pass, and for
        each, how many forward passes had run when its backward pass came."""

        def __init__(self, inner):
            super().__init__()
            self.inner, self.rows, self.backward = inner, [], []

        def forward(self, x):
            self.rows.append(len(x))
            output, number = self.inner(x), len(self.rows)
            if output.requires_grad:
                output.register_hook(
                    lambda grad: self.backward.append([number, len(self.rows)]))
            return output

    inner = kit["build"](*setup["model"])
    model = Spy(inner)
    if setup["eval first"]:
        model.eval()
    optimizer = kit["optimizer"](setup["optimizer"], model)
    steps = []
    optimizer.register_step_post_hook(lambda *args: steps.append(len(model.rows)))
    loss_fn = kit["loss"](setup["loss"])
    if setup["stale"]:  # gradients left over from an earlier batch
        for p in model.parameters():
            p.grad = torch.full_like(p, 5.0)
    step = variables.function(name)
    torch.manual_seed(setup["seed"])
    losses, rows, backward, steps_per_call = [], [], [], []
    for a, b in setup["batches"]:
        model.rows, model.backward, steps[:] = [], [], []
        losses.append(step(model, optimizer, loss_fn, inputs[a:b], targets[a:b],
                           *setup["extra"]))
        rows.append(list(model.rows))
        backward.append(list(model.backward))
        steps_per_call.append(list(steps))
    return {"losses": losses, "training": model.training, "rows": rows,
            "steps": steps_per_call, "backward": backward,
            "parameters": {n: p.detach().clone() for n, p in inner.named_parameters()}}


def _check_steps(ns, name: str, data_seed: int, n: int = 40, model=(0,), optimizer="sgd",
                 loss="ce", batches=None, eval_first=False, stale=False, seed=0,
                 extra=()) -> None:
    """The student's step(s) equal the full-batch reference steps, computed here."""
    inputs, targets = _toy_data(data_seed, n)
    batches = batches or [(0, n)]
    setup = {"model": list(model), "optimizer": optimizer, "loss": loss, "seed": seed,
             "batches": batches, "eval first": eval_first, "stale": stale,
             "extra": list(extra)}
    view = ns.probe(_steps_view, name, KIT, setup, inputs, targets)

    reference = _classifier(*model)
    if eval_first:
        reference.eval()
    ref_optimizer, loss_fn = _make_optimizer(optimizer, reference), _make_loss(loss)
    if stale:
        for p in reference.parameters():
            p.grad = torch.full_like(p, 5.0)
    torch.manual_seed(seed)
    expected = [_reference_step(reference, ref_optimizer, loss_fn, inputs[a:b], targets[a:b])
                for a, b in batches]
    what = f"{name}(...)"
    if name == "accumulated_step":
        _check_micro_batches(view, n, extra[0])
    if not view["training"]:
        raise AssertionError(f"after {what} the model is in evaluation mode: it should "
                             "train, and stay, in training mode")
    for number, (got, loss_value) in enumerate(zip(view["losses"], expected), 1):
        where = f"{what} at step {number}" if len(batches) > 1 else what
        assert_close(_float(got, where), loss_value, f"{where} (the loss before the update)",
                     rtol=1e-5)
    if name == "train_step":
        against = "correct steps" if len(batches) > 1 else "one correct step"
    else:
        against = "one correct step on the whole batch"
    _close_parameters(view["parameters"], _state(reference),
                      f"the parameters after {what}, compared with {against}")


def _check_micro_batches(view: dict, n: int, size: int) -> None:
    """One forward pass per micro-batch, of the sizes the text asks for, each followed by
    its backward pass before the next forward; one step at the end, after every pass."""
    what = f"accumulated_step(...) on {n} examples with micro_batch_size={size}"
    expected = [min(size, n - first) for first in range(0, n, size)]
    rows, steps = view["rows"][0], view["steps"][0]
    late = sorted((number, at) for number, at in view["backward"][0] if at != number)
    if any(r > size for r in rows):
        raise AssertionError(f"{what} passed {max(rows)} examples through the model at once; "
                             f"never more than {size}: the whole point is that a larger "
                             "batch does not fit in memory")
    if rows != expected:
        raise AssertionError(f"{what} ran forward passes on {rows} examples; expected one per "
                             f"micro-batch, {expected}")
    if late:
        number, at = late[0]
        raise AssertionError(f"{what} ran micro-batch {number}'s backward pass only after "
                             f"{at} forward passes: run each backward before the next forward, "
                             "so that one micro-batch's graph is freed before the next is "
                             "built (a sum of the losses with one backward at the end keeps "
                             "them all in memory)")
    if len(steps) != 1:
        raise AssertionError(f"{what} called optimizer.step() {len(steps)} times; expected "
                             "once, after the last micro-batch")
    if steps[0] != len(rows):
        raise AssertionError(f"{what} took its optimiser step before the last micro-batch's "
                             "forward and backward passes")


ex.question("q6", "One training step", hints=[
    "Five steps: model.train(), forward, loss, optimizer.zero_grad(), loss.backward(), "
    "optimizer.step().",
    "zero_grad must come before backward: gradients add up, and backward after a zero_grad "
    "only sees this batch.",
    "Return loss.item(), a Python float, computed before the step.",
])


@ex.test("q6", points=WARM_UP)
def step_with_plain_sgd(ns):
    """one step of SGD (lr 0.1) on 40 examples: returned loss and new parameters"""
    _check_steps(ns, "train_step", data_seed=1)


@ex.test("q6", points=WARM_UP)
def step_ignores_stale_gradients(ns):
    """gradients left in .grad by an earlier batch must not leak into this step"""
    _check_steps(ns, "train_step", data_seed=2, model=(3,), stale=True)


@ex.test("q6", points=WARM_UP, hidden=True)
def step_switches_dropout_on(ns):
    """a model with dropout handed over in eval mode: the step trains in training mode"""
    _check_steps(ns, "train_step", data_seed=4, model=(5, 0.5), optimizer="adam",
                 eval_first=True, seed=9)


@ex.test("q6", points=WARM_UP, hidden=True)
def three_steps_with_adam_and_smoothing(ns):
    """three successive steps with Adam and a label-smoothed loss"""
    _check_steps(ns, "train_step", data_seed=6, model=(7,), optimizer="adam", loss="smooth",
                 batches=[(0, 10), (10, 20), (20, 30)])


ex.question("q7", "Gradient accumulation", transfer=True, hints=[
    "backward adds to .grad rather than replacing it: that is what lets the micro-batches "
    "add up. So when must .grad be cleared, and when may the optimiser use it?",
    "The whole batch's mean loss is a weighted sum of the micro-batches' mean losses, and "
    "the gradient of a weighted sum is the same weighted sum of gradients. What weight does "
    "a micro-batch of n examples out of N carry?",
    "Test it as the chapter did: on a copy of a model, compare the .grad you accumulate with "
    "the one of the whole batch, with a micro-batch size that does not divide the batch.",
])


@ex.test("q7", points=1)
def accumulation_in_equal_pieces(ns):
    """40 examples in micro-batches of 10: the step of the whole batch"""
    _check_steps(ns, "accumulated_step", data_seed=11, model=(11,), extra=(10,))


@ex.test("q7", points=1)
def accumulation_with_a_smaller_last_piece(ns):
    """40 examples in micro-batches of 16, 16 and 8: each weighted by its size"""
    _check_steps(ns, "accumulated_step", data_seed=12, model=(12,), extra=(16,))


@ex.test("q7", points=1, hidden=True)
def accumulation_with_stale_gradients_and_momentum(ns):
    """stale .grad, SGD with momentum, label smoothing, 30 examples in pieces of 7"""
    _check_steps(ns, "accumulated_step", data_seed=13, n=30, model=(13,),
                 optimizer="momentum", loss="smooth", stale=True, extra=(7,))


@ex.test("q7", points=1, hidden=True)
def accumulation_in_pieces_of_one_or_of_everything(ns):
    """micro-batches of 1, and of 64 (more than the batch), from a model in eval mode"""
    _check_steps(ns, "accumulated_step", data_seed=14, n=12, model=(14,), eval_first=True,
                 extra=(1,))
    _check_steps(ns, "accumulated_step", data_seed=15, n=24, model=(15,), eval_first=True,
                 extra=(64,))


# --- q8: an evaluation loop ----------------------------------------------------------------

ex.question("q8", "An evaluation loop", hints=[
    "model.eval() first, and the loop inside `with torch.no_grad():`.",
    "Weight each batch's mean loss by its number of examples, and divide the total by the "
    "number of examples: the last batch may be smaller. Use the loss_fn you are given.",
    "Accuracy is the fraction of examples whose argmax over the outputs (dim=1) is the "
    "target.",
])


def _evaluation_view(variables, kit, model_args, loss, inputs, targets, batch_size, training):
    """evaluate_model(model, loader, loss_fn)"""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader

    class Spy(nn.Module):
        """The test's model, noting at every call whether autograd records, and the mode."""

        def __init__(self, inner):
            super().__init__()
            self.inner, self.calls = inner, []

        def forward(self, x):
            self.calls.append([torch.is_grad_enabled(), self.inner.training])
            return self.inner(x)

    model = Spy(kit["build"](*model_args)).train(training)
    loader = DataLoader(list(zip(inputs, targets)), batch_size=batch_size)
    result = variables.function("evaluate_model")(model, loader, kit["loss"](loss))
    return {"result": result, "calls": model.calls, "grad after": torch.is_grad_enabled(),
            "modes": [m.training for m in model.modules()],
            "gradients": [p.grad is not None for p in model.parameters()]}


def _check_evaluation(ns, data_seed: int, n: int, batch_size: int, model_args=(12,),
                      loss="ce", training=False) -> dict:
    inputs, targets = _toy_data(data_seed, n)
    view = ns.probe(_evaluation_view, KIT, list(model_args), loss, inputs, targets,
                    batch_size, training)
    got_loss, got_accuracy = (_float(v, f"{name} of evaluate_model(...)") for v, name in zip(
        _pair(view["result"], 2, "evaluate_model(...)"), ("the loss", "the accuracy")))
    model = _classifier(*model_args).eval()
    with torch.no_grad():
        outputs = model(inputs)
        expected_loss = _make_loss(loss)(outputs, targets).item()
        expected_accuracy = (outputs.argmax(dim=1) == targets).float().mean().item()
    assert_close(got_loss, expected_loss, f"the loss of evaluate_model(...) over {n} "
                 f"examples in batches of {batch_size}", rtol=1e-5)
    assert_close(got_accuracy, expected_accuracy, f"the accuracy of evaluate_model(...) "
                 f"over {n} examples", rtol=1e-6)
    return view


@ex.test("q8", points=WARM_UP)
def evaluation_with_a_short_last_batch(ns):
    """10 examples in batches of 4, 4 and 2: the loss is a mean over examples"""
    _check_evaluation(ns, data_seed=11, n=10, batch_size=4)


@ex.test("q8", points=WARM_UP)
def evaluation_with_the_loss_it_is_given(ns):
    """the loss_fn it is given: cross-entropy with label smoothing 0.1"""
    _check_evaluation(ns, data_seed=12, n=20, batch_size=8, model_args=(13,), loss="smooth")


@ex.test("q8", points=WARM_UP, hidden=True)
def evaluation_with_nll_and_a_last_batch_of_one(ns):
    """log-probabilities with NLLLoss, 9 examples in batches of 4: the last one alone"""
    _check_evaluation(ns, data_seed=13, n=9, batch_size=4, model_args=(14, 0.0, True),
                      loss="nll")


@ex.test("q8", points=WARM_UP, hidden=True)
def evaluation_of_a_model_in_training_mode(ns):
    """a dropout model in training mode: eval mode throughout and after, no graph"""
    view = _check_evaluation(ns, data_seed=15, n=50, batch_size=16, model_args=(16, 0.5),
                             training=True)
    if not view["calls"]:
        raise AssertionError("evaluate_model(...) never called the model")
    if any(grad for grad, _ in view["calls"]):
        raise AssertionError("the model ran with autograd recording: wrap the loop in "
                             "`with torch.no_grad():`")
    if any(training for _, training in view["calls"]) or any(view["modes"]):
        raise AssertionError("the model ran or was left in training mode: call "
                             "model.eval() first")
    if any(view["gradients"]):
        raise AssertionError("evaluate_model(...) left gradients in the parameters' .grad")
    if not view["grad after"]:
        raise AssertionError("after evaluate_model(...) autograd is switched off for good: "
                             "the training that follows would learn nothing. Leave it as you "
                             "found it: `with torch.no_grad():` switches it back on at the end")


# --- q9 and q10: checkpoints ---------------------------------------------------------------

KEYS = ("model", "optimizer", "epoch", "torch_rng")


def _checkpoint_view(variables, kit, model_args, optimizer, inputs, targets, epochs, after):
    """make_checkpoint(model, optimizer, epoch), saved with torch.save and loaded back"""
    import os
    import tempfile

    import torch

    model = kit["build"](*model_args)
    optimizer = kit["optimizer"](optimizer, model)
    torch.manual_seed(1)
    kit["train"](model, optimizer, inputs, targets, epochs)
    checkpoint = variables.function("make_checkpoint")(model, optimizer, epochs)
    kit["train"](model, optimizer, inputs, targets, after)  # training goes on
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "checkpoint.pt")
        torch.save(checkpoint, path)
        try:
            return {"checkpoint": torch.load(path, weights_only=True), "refused": ""}
        except Exception as error:
            return {"checkpoint": None, "refused": str(error).strip().splitlines()[0][:160]}


def _run_to_checkpoint(model_args, optimizer_kind: str, inputs, targets, epochs: int):
    """Train ``epochs`` epochs here as the probe does; the model, optimiser and RNG state."""
    model = _classifier(*model_args)
    optimizer = _make_optimizer(optimizer_kind, model)
    torch.manual_seed(1)
    _train(model, optimizer, inputs, targets, epochs)
    return model, optimizer, torch.get_rng_state()


def _reference_checkpoint(model, optimizer, epoch: int) -> dict:
    return copy.deepcopy({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                          "epoch": epoch, "torch_rng": torch.get_rng_state()})


def _reference_restore(checkpoint: dict, model, optimizer) -> int:
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["torch_rng"])
    return checkpoint["epoch"]


def _same_optimizer_state(got: Any, expected: dict) -> bool:
    """Two optimiser ``state_dict()['state']`` dictionaries hold the same values."""
    if not isinstance(got, dict) or set(got) != set(expected):
        return False
    for key, values in expected.items():
        if not isinstance(got[key], dict) or set(got[key]) != set(values):
            return False
        for name, value in values.items():
            other = got[key][name]
            # numel, not shape: the wire sends Adam's 0-d step counts with shape (1,)
            if not isinstance(other, torch.Tensor) or other.numel() != value.numel() or not (
                    torch.allclose(other.double().reshape(value.shape), value.double(),
                                   rtol=1e-5, atol=1e-7)):
                return False
    return True


def _student_checkpoint(ns, model_args, optimizer_kind: str, inputs, targets, epochs: int,
                        after: int = 0) -> dict:
    view = ns.probe(_checkpoint_view, KIT, list(model_args), optimizer_kind, inputs, targets,
                    epochs, after)
    checkpoint = view["checkpoint"]
    if checkpoint is None:
        raise AssertionError("torch.load(path, weights_only=True) refuses the saved "
                             "checkpoint: keep only state_dicts, tensors and numbers in it, "
                             f"not the model or optimiser objects ({view['refused']})")
    if not isinstance(checkpoint, dict):
        raise AssertionError(f"make_checkpoint(...) returned a {_kind(checkpoint)}; expected "
                             "a dict")
    missing = [k for k in KEYS if k not in checkpoint]
    if missing:
        raise AssertionError(f"the checkpoint has no key {', '.join(map(repr, missing))}; it "
                             f"needs {', '.join(map(repr, KEYS))}")
    for key in ("model", "optimizer"):
        if not isinstance(checkpoint[key], dict):
            raise AssertionError(f"checkpoint[{key!r}] is a {_kind(checkpoint[key])}; it "
                                 f"should be the {key}'s state_dict() (a dict)")
    if "state" not in checkpoint["optimizer"] or "param_groups" not in checkpoint["optimizer"]:
        raise AssertionError("checkpoint['optimizer'] is not an optimiser's state_dict()")
    return checkpoint


def _resume(checkpoint: dict, restore, model_args, optimizer_kind: str, inputs,
            targets) -> tuple[Any, list[float]]:
    """Restore ``checkpoint`` into a new model (another initialisation); 2 epochs more."""
    torch.manual_seed(123)  # whatever happened in between
    model = _classifier(7, *model_args[1:])
    optimizer = _make_optimizer(optimizer_kind, model)
    epoch = restore(checkpoint, model, optimizer)
    return epoch, _train(model, optimizer, inputs, targets, 2)


def _assert_same_run(got: list[float], expected: list[float], who: str) -> None:
    if len(got) != len(expected):
        raise AssertionError(f"{who}: {len(got)} losses, expected {len(expected)}")
    worst = max(abs(a - b) for a, b in zip(got, expected))
    if worst > 1e-5:
        raise AssertionError(f"{who}, the resumed run's losses differ from the uninterrupted "
                             f"run's by up to {worst:.3g}: something that training depends "
                             "on was not saved or not restored")


ex.question("q9", "A checkpoint", hints=[
    "model.state_dict() and optimizer.state_dict() hold what must be saved; "
    "torch.get_rng_state() the state of the random generator that dropout uses.",
    "A state_dict holds references to the live tensors, which keep changing as training "
    "goes on: copy.deepcopy the dictionary to take a snapshot.",
    "Keys: 'model', 'optimizer', 'epoch' and 'torch_rng'. Do not store the model object "
    "itself: torch.load(weights_only=True) would refuse it.",
])


@ex.test("q9", points=WARM_UP)
def checkpoint_has_the_keys_and_loads_safely(ns):
    """the four keys, and torch.load(weights_only=True) accepts the saved checkpoint"""
    inputs, targets = _toy_data(31)
    checkpoint = _student_checkpoint(ns, (31, 0.3), "adam", inputs, targets, 1)
    model, _, rng = _run_to_checkpoint((31, 0.3), "adam", inputs, targets, 1)
    assert_integer(checkpoint["epoch"], 1, "checkpoint['epoch'] after one epoch")
    _close_parameters(checkpoint["model"], dict(model.state_dict()), "checkpoint['model']")
    if not (isinstance(checkpoint["torch_rng"], torch.Tensor)
            and torch.equal(checkpoint["torch_rng"], rng)):
        raise AssertionError("checkpoint['torch_rng'] is not torch.get_rng_state() at the "
                             "time of the checkpoint")


@ex.test("q9", points=WARM_UP)
def checkpoint_is_a_snapshot(ns):
    """training on after the checkpoint must not change what it holds"""
    inputs, targets = _toy_data(32)
    checkpoint = _student_checkpoint(ns, (32, 0.3), "adam", inputs, targets, 1, after=1)
    model, optimizer, _ = _run_to_checkpoint((32, 0.3), "adam", inputs, targets, 1)
    try:
        _close_parameters(checkpoint["model"], dict(model.state_dict()), "")
    except AssertionError:
        raise AssertionError("the model's weights in the checkpoint changed when training "
                             "went on: store a copy (copy.deepcopy), not the live state_dict"
                             ) from None
    if not _same_optimizer_state(checkpoint["optimizer"]["state"],
                                 optimizer.state_dict()["state"]):
        raise AssertionError("the optimiser's state in the checkpoint changed when training "
                             "went on: store a copy (copy.deepcopy), not the live state_dict")


def _check_resume_from_student(ns, model_args, optimizer_kind: str) -> None:
    inputs, targets = _toy_data(21)
    checkpoint = _student_checkpoint(ns, model_args, optimizer_kind, inputs, targets, 2)
    model, optimizer, _ = _run_to_checkpoint(model_args, optimizer_kind, inputs, targets, 2)
    expected = _train(model, optimizer, inputs, targets, 2)
    epoch, got = _resume(checkpoint, _reference_restore, model_args, optimizer_kind, inputs,
                         targets)
    _assert_same_run(got, expected, "restoring your checkpoint")


@ex.test("q9", points=WARM_UP, hidden=True)
def checkpoint_resumes_adam_with_dropout_exactly(ns):
    """resuming from it (with Adam and dropout) repeats the uninterrupted run"""
    _check_resume_from_student(ns, (0, 0.3), "adam")


@ex.test("q9", points=WARM_UP, hidden=True)
def checkpoint_resumes_momentum_exactly(ns):
    """resuming from it (SGD with momentum, no dropout) repeats the run"""
    _check_resume_from_student(ns, (0, 0.0), "momentum")


ex.question("q10", "Resuming from a checkpoint", hints=[
    "Three things to put back: model.load_state_dict, optimizer.load_state_dict and "
    "torch.set_rng_state.",
    "Load into the model and optimizer you are given (they are already built), and return "
    "checkpoint['epoch'].",
    "Without the optimiser's state, momentum or Adam's averages start again from zero; "
    "without the random state, dropout draws other masks.",
])


def _restore_view(variables, kit, model_args, optimizer, checkpoint, inputs, targets, after):
    """restore_checkpoint(checkpoint, model, optimizer)"""
    import copy

    import torch

    from utils.grading.in_kernel import NotAttempted

    torch.manual_seed(123)  # whatever happened in between
    model = kit["build"](*model_args)
    optimizer = kit["optimizer"](optimizer, model)
    before = copy.deepcopy(model.state_dict())
    epoch = variables.value("restore_checkpoint")(checkpoint, model, optimizer)
    # a stub returns `...`; an answer without `return` returns None but loads the weights
    if epoch is Ellipsis or epoch is None and all(
            torch.equal(before[k], v) for k, v in model.state_dict().items()):
        raise NotAttempted("`restore_checkpoint` returned None and changed nothing: write "
                           "your answer where it says `# YOUR CODE HERE`")
    state = copy.deepcopy({"model": dict(model.state_dict()),
                           "optimizer": optimizer.state_dict()["state"]})
    return {"epoch": epoch, "state": state,
            "losses": kit["train"](model, optimizer, inputs, targets, after)}


# q10's tests train the reference run here before the probe; in a fresh grader, the first
# optimiser built imports torch._dynamo (seconds), which must not eat the student's time
RESTORE_SECONDS = 10.0


def _student_restore(ns, model_args, optimizer_kind: str, epochs: int, after: int):
    """A checkpoint made here after ``epochs`` epochs, restored by the student's function
    into a new model; what the probe saw, the reference model, optimiser and checkpoint."""
    inputs, targets = _toy_data(41)
    model, optimizer, _ = _run_to_checkpoint(model_args, optimizer_kind, inputs, targets,
                                             epochs)
    checkpoint = _reference_checkpoint(model, optimizer, epochs)
    fresh_args = [42, *model_args[1:]]  # another initialisation
    view = ns.probe(_restore_view, KIT, fresh_args, optimizer_kind, checkpoint, inputs,
                    targets, after)
    torch.set_rng_state(checkpoint["torch_rng"])  # as it was at the checkpoint
    expected = _train(model, optimizer, inputs, targets, after)
    return view, checkpoint, expected


@ex.test("q10", points=WARM_UP, seconds=RESTORE_SECONDS)
def restore_puts_the_weights_back(ns):
    """after restoring, the model holds the saved weights; the epoch comes back"""
    view, checkpoint, _ = _student_restore(ns, (0, 0.3), "adam", 4, 0)
    if view["epoch"] is None:
        raise AssertionError("restore_checkpoint(...) returned None: return the number of "
                             "epochs completed, saved in the checkpoint")
    assert_integer(view["epoch"], 4,
                   "restore_checkpoint(...) for a checkpoint taken after epoch 4")
    try:
        _close_parameters(view["state"]["model"], checkpoint["model"], "", 0, 0)
    except AssertionError:
        raise AssertionError("after restore_checkpoint the model does not hold the saved "
                             "weights: load them into the model you were given") from None


@ex.test("q10", points=WARM_UP, seconds=RESTORE_SECONDS)
def restore_resumes_momentum_exactly(ns):
    """resuming SGD with momentum (no dropout) repeats the uninterrupted run"""
    view, _, expected = _student_restore(ns, (0, 0.0), "momentum", 2, 2)
    _assert_same_run(view["losses"], expected, "after restore_checkpoint")


@ex.test("q10", points=WARM_UP, hidden=True, seconds=RESTORE_SECONDS)
def restore_resumes_adam_with_dropout_exactly(ns):
    """resuming Adam with dropout repeats the run: the random state is back too"""
    view, _, expected = _student_restore(ns, (0, 0.3), "adam", 2, 2)
    _assert_same_run(view["losses"], expected, "after restore_checkpoint")


@ex.test("q10", points=WARM_UP, hidden=True, seconds=RESTORE_SECONDS)
def restore_puts_the_optimizer_state_back(ns):
    """after restoring, Adam's step counts and running averages are the saved ones"""
    view, checkpoint, _ = _student_restore(ns, (0, 0.3), "adam", 1, 0)
    if not _same_optimizer_state(view["state"]["optimizer"], checkpoint["optimizer"]["state"]):
        raise AssertionError("after restore_checkpoint the optimiser's state is not the saved "
                             "one: load it into the optimiser you were given")


# --- q11: precision, recall and F1 from a confusion matrix ---------------------------------

ex.question("q11", "Precision and recall", hints=[
    "Rows are true classes, columns predictions: the diagonal holds the hits, a column sum "
    "the number of times a class was predicted, a row sum how many examples it has.",
    "precision = hits / column sums, recall = hits / row sums, F1 = 2PR / (P + R).",
    "Convert the matrix to float first (np.asarray(confusion, dtype=float)); then, where a "
    "denominator is 0, np.divide(a, b, out=np.zeros_like(a), where=b > 0) gives 0, without "
    "warnings.",
])


def _prf(confusion: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and F1 from labels rebuilt from the matrix, by scikit-learn."""
    from sklearn.metrics import precision_recall_fscore_support

    k = len(confusion)
    true, pred = [], []
    for (t, p), n in np.ndenumerate(confusion):
        true += [t] * int(n)
        pred += [p] * int(n)
    result = precision_recall_fscore_support(true, pred, labels=range(k), zero_division=0)
    return result[0], result[1], result[2]


def _check_prf(ns, confusion: np.ndarray, what: str) -> None:
    result = _pair(ns.function("precision_recall_f1")(confusion.copy()), 3, what)
    for name, got, expected in zip(("precision", "recall", "F1"), result, _prf(confusion)):
        if isinstance(got, torch.Tensor):
            got = got.numpy()
        got = np.asarray(got, dtype=float)
        if np.isnan(got).any():
            raise AssertionError(f"{what}: the {name} holds NaN; where it is undefined (a "
                                 "zero denominator) it should be 0")
        assert_close(got, expected, f"the {name} of {what}", rtol=1e-6, atol=1e-7)


SMALL_CONFUSION = np.array([[5, 1, 0],
                            [2, 6, 2],
                            [0, 1, 3]])


@ex.test("q11", points=WARM_UP)
def metrics_of_three_classes(ns):
    """a 3-class confusion matrix: precision 5/7, 6/8, 3/5 and recall 5/6, 6/10, 3/4"""
    _check_prf(ns, SMALL_CONFUSION, "precision_recall_f1(confusion)")


@ex.test("q11", points=WARM_UP)
def metrics_of_a_class_never_predicted(ns):
    """class 2 is never predicted: its precision and F1 are 0, not NaN"""
    confusion = np.array([[4, 1, 0], [1, 3, 0], [2, 2, 0]])
    _check_prf(ns, confusion, "precision_recall_f1 for a class that is never predicted")


@ex.test("q11", points=WARM_UP, hidden=True)
def metrics_of_ten_classes(ns):
    """a random 10-class confusion matrix, as for the digits"""
    rng = np.random.default_rng(8)
    confusion = rng.integers(0, 4, size=(10, 10)) + np.diag(rng.integers(20, 30, size=10))
    _check_prf(ns, confusion, "precision_recall_f1 of a 10 x 10 confusion matrix")


@ex.test("q11", points=WARM_UP, hidden=True)
def metrics_of_a_class_without_examples(ns):
    """class 1 has no examples (an empty row) and is predicted once: recall 0, no NaN"""
    confusion = np.array([[6, 1, 0, 0], [0, 0, 0, 0], [1, 0, 5, 2], [0, 0, 1, 7]])
    _check_prf(ns, confusion, "precision_recall_f1 for a class without examples")
