"""Tests of the Chapter 5 exercises (``solutions/05_pytorch.md``).

Every test builds its own data and models (seeded) and computes what it expects here,
independently of the notebook. Answers that must change their arguments in place (a
training step, restoring a checkpoint) are called on the test's own objects through
``_call``; the others through ``ns.function``, which passes copies.
"""

from __future__ import annotations

import copy
import io
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader

from utils.grading.expect import assert_close, assert_integer
from utils.grading.namespace import NotAttempted
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch05", title="Chapter 5 exercises")


def _call(ns, name: str, *args: Any) -> Any:
    """Call the student's function on the test's own objects (no copies); the result."""
    func = ns.value(name)
    if not callable(func):
        raise AssertionError(f"`{name}` should be a function, but it is a "
                             f"{type(func).__name__}: was it overwritten by a value?")
    result = func(*args)
    if result is None or result is Ellipsis:
        raise NotAttempted(f"`{name}` returned {result!r}: write your answer where it says "
                           "`# YOUR CODE HERE`, and `return` the result")
    return result


def _assert_float(value: Any, what: str) -> float:
    """``value`` is a plain Python number (float or int), not a tensor or an array."""
    if isinstance(value, bool) or not isinstance(value, (float, int)):
        raise AssertionError(f"{what} returned {type(value).__name__}; expected a Python "
                             "float (use .item() to turn a one-number tensor into one)")
    return float(value)


def _same_tensors(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


# --- q1: a Dataset for arrays ------------------------------------------------------------

ex.question("q1", "A Dataset for arrays", hints=[
    "A Dataset needs two methods besides __init__: __len__ (how many examples) and "
    "__getitem__ (one example, as a pair).",
    "Convert once, in __init__: torch.as_tensor(X, dtype=torch.float32) and "
    "torch.as_tensor(y, dtype=torch.int64).",
    "The number of examples is the number of rows of X (or the length of y), not the number "
    "of columns.",
])


def _dataset(ns, X: np.ndarray, y: np.ndarray):
    cls = ns.value("ArrayDataset")
    if not isinstance(cls, type):
        raise AssertionError(f"`ArrayDataset` should be a class, got {type(cls).__name__}")
    if not any(m in vars(cls) for m in ("__init__", "__len__", "__getitem__")):
        raise NotAttempted("`ArrayDataset` has no methods yet: write __init__, __len__ and "
                           "__getitem__ where it says `# YOUR CODE HERE`")
    return cls(X, y)


def _check_item(item: Any, x: np.ndarray, label: int, what: str) -> None:
    if not isinstance(item, tuple) or len(item) != 2:
        raise AssertionError(f"{what} should be a pair (pixels, label), got "
                             f"{type(item).__name__}")
    features, target = item
    for name, value in (("features", features), ("label", target)):
        if not isinstance(value, torch.Tensor):
            raise AssertionError(f"{what}: the {name} should be a tensor, got "
                                 f"{type(value).__name__}")
    if features.dtype != torch.float32 or target.dtype != torch.int64:
        raise AssertionError(f"{what}: dtypes {features.dtype} and {target.dtype}; expected "
                             "torch.float32 for the features and torch.int64 for the label")
    if tuple(features.shape) != x.shape or target.ndim != 0:
        raise AssertionError(f"{what}: shapes {tuple(features.shape)} and "
                             f"{tuple(target.shape)}; expected {x.shape} and () (one number)")
    assert_close(features, x.astype(np.float32), f"{what}[0] (the features)", rtol=0, atol=0)
    assert_integer(int(target), label, f"{what}[1] (the label)")


@ex.test("q1", points=1)
def dataset_length_and_items(ns):
    """5 examples of 3 features given as float64 and int32: length and items"""
    X = np.arange(15, dtype=np.float64).reshape(5, 3) / 10
    y = np.array([2, 0, 1, 1, 2], dtype=np.int32)
    dataset = _dataset(ns, X, y)
    assert_integer(len(dataset), 5, "len(ArrayDataset(X, y)) with X of shape (5, 3)")
    for i in (0, 3):
        _check_item(dataset[i], X[i], int(y[i]), f"ArrayDataset(X, y)[{i}]")


@ex.test("q1", points=1)
def dataset_works_with_a_dataloader(ns):
    """a DataLoader with batch_size=4 over 10 examples gives batches of 4, 4 and 2"""
    X = np.linspace(0, 1, 70).reshape(10, 7)
    y = np.arange(10) % 3
    loader = DataLoader(_dataset(ns, X, y), batch_size=4)
    batches = list(loader)
    shapes = [(tuple(xb.shape), tuple(yb.shape)) for xb, yb in batches]
    expected = [((4, 7), (4,)), ((4, 7), (4,)), ((2, 7), (2,))]
    if shapes != expected:
        raise AssertionError(f"batch shapes {shapes}, expected {expected}")
    if batches[0][0].dtype != torch.float32 or batches[0][1].dtype != torch.int64:
        raise AssertionError(f"batch dtypes {batches[0][0].dtype}, {batches[0][1].dtype}; "
                             "expected float32 features and int64 labels")


@ex.test("q1", points=1, hidden=True)
def dataset_of_many_examples(ns):
    """200 random examples of 64 features: every item, and a shuffled pass sees each once"""
    rng = np.random.default_rng(4)
    X, y = rng.random((200, 64)), rng.integers(0, 10, size=200)
    dataset = _dataset(ns, X, y)
    assert_integer(len(dataset), 200, "len(ArrayDataset(X, y)) with 200 examples")
    for i in (0, 57, 199):
        _check_item(dataset[i], X[i], int(y[i]), f"ArrayDataset(X, y)[{i}]")
    loader = DataLoader(dataset, batch_size=32, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    seen = torch.cat([labels for _, labels in loader]).sort().values
    if not torch.equal(seen, torch.as_tensor(np.sort(y))):
        raise AssertionError("a shuffled pass of a DataLoader did not see every label once")


# --- q2: a model of a given size -----------------------------------------------------------

ex.question("q2", "A model of a given size", hints=[
    "Loop over zip(sizes[:-1], sizes[1:]): each pair (n_in, n_out) is one nn.Linear.",
    "Put an nn.ReLU() after every Linear except the last one: the model returns logits.",
    "Collect the layers in a list and return nn.Sequential(*layers); the list itself would "
    "hide the layers from PyTorch.",
])


def _mlp_count(sizes: list[int]) -> int:
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def _model(ns, sizes: list[int]) -> nn.Module:
    model = ns.function("build_mlp")(list(sizes))
    if not isinstance(model, nn.Module):
        raise AssertionError(f"build_mlp({sizes}) returned {type(model).__name__}; expected "
                             "an nn.Module (nn.Sequential)")
    return model


def _assert_layers(model: nn.Module, sizes: list[int]) -> None:
    kinds = [type(m).__name__ for m in model.modules() if not list(m.children())]
    expected = ["Linear", "ReLU"] * (len(sizes) - 2) + ["Linear"]
    if kinds != expected:
        raise AssertionError(f"build_mlp({sizes}) has the layers {kinds}; expected {expected}")
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    shapes = [(m.in_features, m.out_features) for m in linears]
    if shapes != list(zip(sizes[:-1], sizes[1:])):
        raise AssertionError(f"build_mlp({sizes}) has Linear layers {shapes}; expected "
                             f"{list(zip(sizes[:-1], sizes[1:]))}")


@ex.test("q2", points=1)
def mlp_with_one_hidden_layer(ns):
    """build_mlp([64, 32, 10]): 2,410 parameters, (5, 64) in, (5, 10) out"""
    model = _model(ns, [64, 32, 10])
    count = sum(p.numel() for p in model.parameters())
    assert_integer(count, 2410, "the number of parameters of build_mlp([64, 32, 10])")
    out = model(torch.randn(5, 64))
    if tuple(out.shape) != (5, 10):
        raise AssertionError(f"build_mlp([64, 32, 10]) maps (5, 64) to {tuple(out.shape)}, "
                             "expected (5, 10)")


@ex.test("q2", points=1)
def mlp_layers_in_order(ns):
    """Linear, ReLU, Linear for [64, 32, 10]: no ReLU after the last layer"""
    _assert_layers(_model(ns, [64, 32, 10]), [64, 32, 10])


@ex.test("q2", points=1, hidden=True)
def mlp_of_the_required_size(ns):
    """build_mlp([64, 100, 100, 10]) has 17,610 parameters; [3, 1] has 4"""
    for sizes in ([64, 100, 100, 10], [3, 1], [8, 5, 4, 3, 2]):
        count = sum(p.numel() for p in _model(ns, sizes).parameters())
        assert_integer(count, _mlp_count(sizes), f"the number of parameters of "
                       f"build_mlp({sizes})")


@ex.test("q2", points=1, hidden=True)
def mlp_deeper_layers_and_logits(ns):
    """four layers in the right order, and outputs that can be negative (logits)"""
    sizes = [8, 5, 4, 3, 2]
    model = _model(ns, sizes)
    _assert_layers(model, sizes)
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    if last.bias is None:
        raise AssertionError("the last layer has no bias: use nn.Linear(n_in, n_out)")
    with torch.no_grad():
        last.bias.fill_(-100.0)              # pushes every logit far below 0
        out = model(torch.randn(20, 8))
    if not (out < 0).all():
        raise AssertionError("no output of the model is ever negative: is there a ReLU after "
                             "the last layer? The model should return logits")


# --- q3: one training step ------------------------------------------------------------------

ex.question("q3", "One training step", hints=[
    "Five steps: model.train(), forward, loss, optimizer.zero_grad(), loss.backward(), "
    "optimizer.step().",
    "zero_grad must come before backward: gradients add up, and backward after a zero_grad "
    "only sees this batch.",
    "Return loss.item(), a Python float, computed before the step.",
])


def _classifier(seed: int, dropout: float = 0.0) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Dropout(dropout), nn.Linear(16, 3))


def _toy_data(seed: int, n: int = 40) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(n, 5, generator=generator), torch.randint(0, 3, (n,), generator=generator)


def _reference_step(model, optimizer, loss_fn, inputs, targets) -> float:
    model.train()
    loss = loss_fn(model(inputs), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def _compare_step(ns, model, make_optimizer, inputs, targets, seed: int = 0,
                  stale_gradients: bool = False) -> None:
    """The student's step on ``model`` equals the reference step on a copy of it."""
    loss_fn = nn.CrossEntropyLoss()
    reference = copy.deepcopy(model)
    ref_optimizer = make_optimizer(reference)
    torch.manual_seed(seed)
    expected = _reference_step(reference, ref_optimizer, loss_fn, inputs, targets)
    optimizer = make_optimizer(model)
    if stale_gradients:  # left over from an earlier batch
        for p in model.parameters():
            p.grad = torch.full_like(p, 5.0)
    torch.manual_seed(seed)
    got = _call(ns, "train_step", model, optimizer, loss_fn, inputs, targets)
    loss = _assert_float(got, "train_step(...)")
    assert_close(loss, expected, "train_step(...) (the loss before the update)", rtol=1e-5)
    if not model.training:
        raise AssertionError("after train_step the model is in evaluation mode: call "
                             "model.train() first")
    for (name, p), q in zip(model.named_parameters(), reference.parameters()):
        if not torch.allclose(p, q, rtol=1e-5, atol=1e-7):
            raise AssertionError(f"after train_step, parameter {name} differs from one "
                                 f"correct step (by up to {(p - q).abs().max().item():.3g})")


@ex.test("q3", points=1)
def step_with_plain_sgd(ns):
    """one step of SGD (lr 0.1) on 40 examples: returned loss and new parameters"""
    inputs, targets = _toy_data(1)
    _compare_step(ns, _classifier(0), lambda m: torch.optim.SGD(m.parameters(), lr=0.1),
                  inputs, targets)


@ex.test("q3", points=1)
def step_ignores_stale_gradients(ns):
    """gradients left in .grad by an earlier batch must not leak into this step"""
    inputs, targets = _toy_data(2)
    _compare_step(ns, _classifier(3), lambda m: torch.optim.SGD(m.parameters(), lr=0.1),
                  inputs, targets, stale_gradients=True)


@ex.test("q3", points=1, hidden=True)
def step_switches_dropout_on(ns):
    """a model handed over in eval mode, with dropout: the step trains in training mode"""
    inputs, targets = _toy_data(4)
    model = _classifier(5, dropout=0.5).eval()
    _compare_step(ns, model, lambda m: torch.optim.Adam(m.parameters(), lr=0.01),
                  inputs, targets, seed=9)


@ex.test("q3", points=1, hidden=True)
def three_steps_with_adam(ns):
    """three successive steps with Adam equal three correct ones"""
    inputs, targets = _toy_data(6)
    model, loss_fn = _classifier(7), nn.CrossEntropyLoss()
    reference = copy.deepcopy(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    ref_optimizer = torch.optim.Adam(reference.parameters(), lr=0.01)
    for step in range(3):
        batch = slice(10 * step, 10 * step + 10)
        expected = _reference_step(reference, ref_optimizer, loss_fn, inputs[batch],
                                   targets[batch])
        got = _call(ns, "train_step", model, optimizer, loss_fn, inputs[batch], targets[batch])
        assert_close(_assert_float(got, "train_step(...)"), expected,
                     f"train_step(...) at step {step + 1}", rtol=1e-5)
    for p, q in zip(model.parameters(), reference.parameters()):
        if not torch.allclose(p, q, rtol=1e-5, atol=1e-7):
            raise AssertionError("after three steps with Adam the parameters differ from "
                                 "three correct steps")


# --- q4: an evaluation loop -------------------------------------------------------------------

ex.question("q4", "An evaluation loop", hints=[
    "model.eval() first, and the loop inside `with torch.no_grad():`.",
    "Weight each batch's mean loss by its number of examples, and divide the total by the "
    "number of examples: the last batch may be smaller.",
    "Accuracy is the fraction of examples whose argmax over the logits (dim=1) is the target.",
])


class _Spy(nn.Module):
    """Wraps a model and notes, at every call, whether autograd is on and the training mode."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner
        self.calls: list[tuple[bool, bool]] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls.append((torch.is_grad_enabled(), self.training))
        return self.inner(x)


def _expected_evaluation(model, inputs, targets) -> tuple[float, float]:
    model.eval()
    with torch.no_grad():
        logits = model(inputs)
        loss = nn.functional.cross_entropy(logits, targets).item()
        accuracy = (logits.argmax(dim=1) == targets).float().mean().item()
    return loss, accuracy


def _evaluation(ns, model, loader) -> tuple[float, float]:
    result = _call(ns, "evaluate_model", model, loader, nn.CrossEntropyLoss())
    if not isinstance(result, tuple) or len(result) != 2:
        raise AssertionError(f"evaluate_model(...) should return a pair (loss, accuracy), got "
                             f"{type(result).__name__}")
    return result


def _loader(inputs, targets, batch_size):
    return DataLoader(list(zip(inputs, targets)), batch_size=batch_size)


@ex.test("q4", points=1)
def evaluation_with_a_short_last_batch(ns):
    """10 examples in batches of 4, 4 and 2: the loss is a mean over examples"""
    inputs, targets = _toy_data(11, n=10)
    model = _classifier(12)
    loss, accuracy = _expected_evaluation(copy.deepcopy(model), inputs, targets)
    got_loss, got_accuracy = _evaluation(ns, model, _loader(inputs, targets, 4))
    assert_close(got_loss, loss, "the loss of evaluate_model(...)", rtol=1e-5)
    assert_close(got_accuracy, accuracy, "the accuracy of evaluate_model(...)", rtol=1e-6)


@ex.test("q4", points=1)
def evaluation_of_a_perfect_model(ns):
    """a model that is always right has accuracy 1.0 (a fraction, not a count)"""
    inputs = torch.eye(3).repeat(4, 1) * 10.0             # 12 examples, one-hot scores
    targets = torch.arange(3).repeat(4)
    model = nn.Linear(3, 3)                               # the identity, with parameters
    with torch.no_grad():
        model.weight.copy_(torch.eye(3))
        model.bias.zero_()
    _, got_accuracy = _evaluation(ns, model, _loader(inputs, targets, 5))
    assert_close(got_accuracy, 1.0, "the accuracy of evaluate_model(...) for a perfect model")


@ex.test("q4", points=1, hidden=True)
def evaluation_without_gradients_in_eval_mode(ns):
    """every forward pass runs in eval mode and under torch.no_grad()"""
    inputs, targets = _toy_data(13, n=30)
    spy = _Spy(_classifier(14, dropout=0.5)).train()
    _evaluation(ns, spy, _loader(inputs, targets, 8))
    if not spy.calls:
        raise AssertionError("evaluate_model(...) never called the model")
    if any(grad for grad, _ in spy.calls):
        raise AssertionError("the model ran with autograd on: wrap the loop in "
                             "`with torch.no_grad():`")
    if any(training for _, training in spy.calls):
        raise AssertionError("the model ran in training mode: call model.eval() first")


@ex.test("q4", points=1, hidden=True)
def evaluation_of_a_dropout_model_handed_over_in_training_mode(ns):
    """a model with dropout, in training mode: the result is the deterministic one"""
    inputs, targets = _toy_data(15, n=50)
    model = _classifier(16, dropout=0.5).train()
    loss, accuracy = _expected_evaluation(copy.deepcopy(model), inputs, targets)
    got_loss, got_accuracy = _evaluation(ns, model, _loader(inputs, targets, 16))
    assert_close(got_loss, loss, "the loss of evaluate_model(...)", rtol=1e-5)
    assert_close(got_accuracy, accuracy, "the accuracy of evaluate_model(...)", rtol=1e-6)


# --- q5 and q6: checkpoints -----------------------------------------------------------------

KEYS = ("model", "optimizer", "epoch", "torch_rng")


def _reference_checkpoint(model, optimizer, epoch: int) -> dict:
    return copy.deepcopy({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                          "epoch": epoch, "torch_rng": torch.get_rng_state()})


def _reference_restore(checkpoint: dict, model, optimizer) -> int:
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    torch.set_rng_state(checkpoint["torch_rng"])
    return checkpoint["epoch"]


def _train(model, optimizer, inputs, targets, epochs: int) -> list[float]:
    """Fixed batches of 10 (no shuffling); one loss per batch."""
    losses = []
    for _ in range(epochs):
        for start in range(0, len(inputs), 10):
            losses.append(_reference_step(model, optimizer, nn.CrossEntropyLoss(),
                                          inputs[start:start + 10], targets[start:start + 10]))
    return losses


def _round_trip(checkpoint: Any) -> dict:
    """The checkpoint written with torch.save and read back with weights_only=True."""
    buffer = io.BytesIO()
    torch.save(checkpoint, buffer)
    buffer.seek(0)
    try:
        return torch.load(buffer, weights_only=True)
    except Exception as error:
        raise AssertionError("torch.load(..., weights_only=True) refuses the checkpoint: keep "
                             "only state_dicts, tensors and numbers in it, not the model or "
                             f"optimizer objects ({str(error).splitlines()[0][:120]})") from None


def _resume_matches(make_checkpoint, restore, dropout: float, optimizer_kind: str) -> None:
    """Train 2 epochs, checkpoint, 2 more; resume from the checkpoint in a new model: the
    losses after the checkpoint must be the same, exactly."""
    inputs, targets = _toy_data(21)

    def new(seed):
        model = _classifier(seed, dropout)
        if optimizer_kind == "adam":
            return model, torch.optim.Adam(model.parameters(), lr=0.01)
        return model, torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

    model, optimizer = new(0)
    torch.manual_seed(1)
    _train(model, optimizer, inputs, targets, 2)
    checkpoint = _round_trip(make_checkpoint(model, optimizer, 2))
    expected = _train(model, optimizer, inputs, targets, 2)
    torch.manual_seed(123)                               # whatever happened in between
    model, optimizer = new(7)                            # another initialisation
    epoch = restore(checkpoint, model, optimizer)
    got = _train(model, optimizer, inputs, targets, 2)
    if epoch != 2:
        raise AssertionError(f"restoring a checkpoint taken after epoch 2 returned {epoch!r}")
    worst = max(abs(a - b) for a, b in zip(got, expected))
    if worst != 0:
        raise AssertionError(f"the resumed run's losses differ from the uninterrupted run's "
                             f"by up to {worst:.3g}: something that training depends on was "
                             "not saved or not restored")


ex.question("q5", "A checkpoint", hints=[
    "model.state_dict() and optimizer.state_dict() hold what must be saved; "
    "torch.get_rng_state() the state of the random generator that dropout uses.",
    "A state_dict holds references to the live tensors, which keep changing as training "
    "goes on: copy.deepcopy the dictionary to take a snapshot.",
    "Keys: 'model', 'optimizer', 'epoch' and 'torch_rng'. Do not store the model object "
    "itself: torch.load(weights_only=True) would refuse it.",
])


def _checkpoint(ns, model, optimizer, epoch: int) -> dict:
    result = _call(ns, "make_checkpoint", model, optimizer, epoch)
    if not isinstance(result, dict):
        raise AssertionError(f"make_checkpoint(...) returned {type(result).__name__}; "
                             "expected a dict")
    missing = [k for k in KEYS if k not in result]
    if missing:
        raise AssertionError(f"the checkpoint has no key {', '.join(map(repr, missing))}; it "
                             f"needs {', '.join(map(repr, KEYS))}")
    for key in ("model", "optimizer"):
        if not isinstance(result[key], dict):
            raise AssertionError(f"checkpoint[{key!r}] is a {type(result[key]).__name__}; it "
                                 f"should be the {key}'s state_dict() (a dict), not the object")
    return result


def _trained_pair(seed: int) -> tuple[nn.Module, torch.optim.Optimizer]:
    """A small model with dropout and its Adam optimiser, after one epoch of training."""
    inputs, targets = _toy_data(seed)
    model = _classifier(seed, dropout=0.3)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    _train(model, optimizer, inputs, targets, 1)
    return model, optimizer


@ex.test("q5", points=1)
def checkpoint_has_the_keys_and_loads_safely(ns):
    """the four keys, and torch.load(weights_only=True) accepts the saved checkpoint"""
    model, optimizer = _trained_pair(31)
    checkpoint = _round_trip(_checkpoint(ns, model, optimizer, 3))
    assert_integer(checkpoint["epoch"], 3, "checkpoint['epoch'] of make_checkpoint(m, o, 3)")
    if not _same_tensors(dict(checkpoint["model"]), dict(model.state_dict())):
        raise AssertionError("checkpoint['model'] does not hold the model's state_dict")
    if not torch.equal(checkpoint["torch_rng"], torch.get_rng_state()):
        raise AssertionError("checkpoint['torch_rng'] is not torch.get_rng_state()")


@ex.test("q5", points=1)
def checkpoint_is_a_snapshot(ns):
    """training on after the checkpoint must not change what it holds"""
    model, optimizer = _trained_pair(32)
    before = copy.deepcopy((model.state_dict(), optimizer.state_dict()))
    checkpoint = _checkpoint(ns, model, optimizer, 1)
    inputs, targets = _toy_data(33)
    _train(model, optimizer, inputs, targets, 1)
    if not _same_tensors(dict(checkpoint["model"]), dict(before[0])):
        raise AssertionError("the model's weights in the checkpoint changed when training went "
                             "on: store a copy (copy.deepcopy), not the live state_dict")
    state = checkpoint["optimizer"]["state"]
    if any(not _same_tensors(state[k], before[1]["state"][k]) for k in before[1]["state"]):
        raise AssertionError("the optimiser's state in the checkpoint changed when training "
                             "went on: store a copy (copy.deepcopy), not the live state_dict")


@ex.test("q5", points=1, hidden=True)
def checkpoint_resumes_adam_with_dropout_exactly(ns):
    """resuming from it (with Adam and dropout) repeats the uninterrupted run exactly"""
    _resume_matches(lambda m, o, e: _checkpoint(ns, m, o, e), _reference_restore,
                    dropout=0.3, optimizer_kind="adam")


@ex.test("q5", points=1, hidden=True)
def checkpoint_resumes_momentum_exactly(ns):
    """resuming from it (SGD with momentum, no dropout) repeats the run exactly"""
    _resume_matches(lambda m, o, e: _checkpoint(ns, m, o, e), _reference_restore,
                    dropout=0.0, optimizer_kind="sgd")


ex.question("q6", "Resuming from a checkpoint", hints=[
    "Three things to put back: model.load_state_dict, optimizer.load_state_dict and "
    "torch.set_rng_state.",
    "Load into the model and optimizer you are given (they are already built), and return "
    "checkpoint['epoch'].",
    "Without the optimiser's state, momentum or Adam's averages start again from zero; "
    "without the random state, dropout draws other masks.",
])


def _restore(ns, checkpoint, model, optimizer) -> Any:
    return _call(ns, "restore_checkpoint", checkpoint, model, optimizer)


@ex.test("q6", points=1)
def restore_puts_the_weights_back(ns):
    """after restoring, the model holds the saved weights; the epoch comes back"""
    model, optimizer = _trained_pair(41)
    checkpoint = _round_trip(_reference_checkpoint(model, optimizer, 4))
    fresh = _classifier(42, dropout=0.3)
    fresh_optimizer = torch.optim.Adam(fresh.parameters(), lr=0.01)
    epoch = _restore(ns, checkpoint, fresh, fresh_optimizer)
    assert_integer(epoch, 4, "restore_checkpoint(...) for a checkpoint of epoch 4")
    if not _same_tensors(dict(fresh.state_dict()), dict(model.state_dict())):
        raise AssertionError("after restore_checkpoint the model does not hold the saved "
                             "weights: load them into the model you were given")


@ex.test("q6", points=1)
def restore_resumes_momentum_exactly(ns):
    """resuming SGD with momentum (no dropout) repeats the uninterrupted run exactly"""
    _resume_matches(_reference_checkpoint, lambda c, m, o: _restore(ns, c, m, o),
                    dropout=0.0, optimizer_kind="sgd")


@ex.test("q6", points=1, hidden=True)
def restore_resumes_adam_with_dropout_exactly(ns):
    """resuming Adam with dropout repeats the run exactly: the random state is back too"""
    _resume_matches(_reference_checkpoint, lambda c, m, o: _restore(ns, c, m, o),
                    dropout=0.3, optimizer_kind="adam")


@ex.test("q6", points=1, hidden=True)
def restore_puts_the_optimizer_state_back(ns):
    """after restoring, Adam's step counts and running averages are the saved ones"""
    model, optimizer = _trained_pair(43)
    checkpoint = _round_trip(_reference_checkpoint(model, optimizer, 1))
    fresh = _classifier(44, dropout=0.3)
    fresh_optimizer = torch.optim.Adam(fresh.parameters(), lr=0.01)
    _restore(ns, checkpoint, fresh, fresh_optimizer)
    saved, restored = checkpoint["optimizer"]["state"], fresh_optimizer.state_dict()["state"]
    if saved.keys() != restored.keys() or any(
            not _same_tensors(saved[k], restored[k]) for k in saved):
        raise AssertionError("after restore_checkpoint the optimiser's state is not the saved "
                             "one: call optimizer.load_state_dict")


# --- q7: precision, recall and F1 from a confusion matrix -----------------------------------

ex.question("q7", "Precision and recall", hints=[
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
    result = ns.function("precision_recall_f1")(confusion.copy())
    if not isinstance(result, tuple) or len(result) != 3:
        raise AssertionError(f"{what} should return three arrays (precision, recall, f1), "
                             f"got {type(result).__name__}")
    for name, got, expected in zip(("precision", "recall", "F1"), result, _prf(confusion)):
        got = np.asarray(got, dtype=float)
        if np.isnan(got).any():
            raise AssertionError(f"{what}: the {name} holds NaN; where it is undefined (a "
                                 "zero denominator) it should be 0")
        assert_close(got, expected, f"the {name} of {what}", rtol=1e-9, atol=1e-12)


SMALL_CONFUSION = np.array([[5, 1, 0],
                            [2, 6, 2],
                            [0, 1, 3]])


@ex.test("q7", points=1)
def metrics_of_three_classes(ns):
    """a 3-class confusion matrix: precision 5/7, 6/8, 3/5 and recall 5/6, 6/10, 3/4"""
    _check_prf(ns, SMALL_CONFUSION, "precision_recall_f1(confusion)")


@ex.test("q7", points=1)
def metrics_of_a_class_never_predicted(ns):
    """class 2 is never predicted: its precision and F1 are 0, not NaN"""
    confusion = np.array([[4, 1, 0], [1, 3, 0], [2, 2, 0]])
    _check_prf(ns, confusion, "precision_recall_f1 for a class that is never predicted")


@ex.test("q7", points=1, hidden=True)
def metrics_of_ten_classes(ns):
    """a random 10-class confusion matrix, as for the digits"""
    rng = np.random.default_rng(8)
    confusion = rng.integers(0, 4, size=(10, 10)) + np.diag(rng.integers(20, 30, size=10))
    _check_prf(ns, confusion, "precision_recall_f1 of a 10 x 10 confusion matrix")


@ex.test("q7", points=1, hidden=True)
def metrics_of_a_class_without_examples(ns):
    """class 1 has no examples (an empty row) and is predicted once: recall 0, no NaN"""
    confusion = np.array([[6, 1, 0, 0], [0, 0, 0, 0], [1, 0, 5, 2], [0, 0, 1, 7]])
    _check_prf(ns, confusion, "precision_recall_f1 for a class without examples")
