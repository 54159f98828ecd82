"""Train and evaluate a model: the loop Chapter 5 writes by hand, packaged for later chapters.

``fit`` prints one plain line per epoch (no widget, no carriage returns): the log then reads the
same in JupyterLab, Colab and the static site.
"""

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

import torch
from torch import nn
from torch.optim.lr_scheduler import LRScheduler, ReduceLROnPlateau

Batch = tuple[torch.Tensor, torch.Tensor]  # (inputs, targets)
LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
Scheduler = LRScheduler | ReduceLROnPlateau


@dataclass
class History:
    """Per-epoch metrics recorded by ``fit`` (index 0 is epoch 1).

    The ``val_`` lists stay empty without a validation loader; accuracies are ``nan`` when the
    outputs are not class logits.
    """

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    epoch_time: list[float] = field(default_factory=list)

    def best_epoch(self) -> int:
        """The epoch (counting from 1) with the lowest validation loss."""
        if not self.val_loss:
            raise ValueError("no validation loss recorded; pass val_loader to fit")
        return min(range(len(self.val_loss)), key=self.val_loss.__getitem__) + 1

    def as_dict(self) -> dict[str, list[float]]:
        """The metrics as a plain dict of lists (copies), e.g. for ``pandas.DataFrame``."""
        return asdict(self)


def _run_epoch(
    model: nn.Module,
    loader: Iterable[Batch],
    loss_fn: LossFn,
    device: torch.device,
    optimizer: torch.optim.Optimizer | None = None,
) -> tuple[float, float]:
    """One pass over ``loader``: mean loss and accuracy; with an optimizer, also a training step.

    Sums stay on the device so that a GPU does not wait for ``.item()`` after every batch.
    """
    total_loss, total_correct = torch.zeros((), device=device), torch.zeros((), device=device)
    seen, classification = 0, True
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        outputs = model(inputs)
        loss = loss_fn(outputs, targets)  # the mean over the batch
        if optimizer is not None:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        total_loss += loss.detach() * len(targets)  # weight by batch size: the last may be short
        # accuracy only for logits (batch, classes) with class indices (batch,) as targets
        if outputs.ndim == 2 and targets.ndim == 1 and not targets.is_floating_point():
            total_correct += (outputs.argmax(dim=1) == targets).sum()
        else:
            classification = False
        seen += len(targets)
    if seen == 0:
        raise ValueError("the loader yielded no batches; it must yield (inputs, targets) pairs")
    accuracy = total_correct.item() / seen if classification else math.nan
    return total_loss.item() / seen, accuracy


def evaluate(
    model: nn.Module, loader: Iterable[Batch], loss_fn: LossFn, device: torch.device | str
) -> dict[str, float]:
    """Mean loss and accuracy of ``model`` over ``loader``, in eval mode and without gradients.

    ``loader`` yields ``(inputs, targets)``; ``loss_fn`` returns the batch mean. The loss is a
    mean over examples, not batches, so a short last batch weighs what it holds. Accuracy
    compares ``argmax`` of logits (batch, classes) with class indices (batch,); it is ``nan``
    for other outputs. The model's train/eval mode is restored afterwards.
    """
    was_training = model.training
    model.eval()
    with torch.no_grad():
        loss, acc = _run_epoch(model, loader, loss_fn, torch.device(device))
    model.train(was_training)
    return {"loss": loss, "acc": acc}


def _describe(name: str, loss: float, acc: float) -> str:
    """``"train loss 0.4123 acc 0.882"``; the accuracy is left out when it is ``nan``."""
    return f"{name} loss {loss:.4f}" + ("" if math.isnan(acc) else f" acc {acc:.3f}")


def fit(
    model: nn.Module,
    train_loader: Iterable[Batch],
    loss_fn: LossFn,
    optimizer: torch.optim.Optimizer,
    epochs: int,
    device: torch.device | str,
    val_loader: Iterable[Batch] | None = None,
    scheduler: Scheduler | None = None,
    progress: bool = True,
) -> History:
    """Train ``model`` for ``epochs`` passes over ``train_loader``; return its ``History``.

    Moves the model and each batch to ``device``. Train metrics are running means over the
    epoch, taken while the weights change; validation metrics come from ``evaluate`` after it.
    ``scheduler`` steps once per epoch (``ReduceLROnPlateau`` with the validation loss, or the
    train loss without ``val_loader``). ``progress`` prints one line per epoch.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs}")
    device = torch.device(device)
    model.to(device)
    history = History()
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        model.train()
        loss, acc = _run_epoch(model, train_loader, loss_fn, device, optimizer)
        history.train_loss.append(loss)
        history.train_acc.append(acc)
        parts = [f"epoch {epoch:>{len(str(epochs))}}/{epochs}  " + _describe("train", loss, acc)]
        if val_loader is not None:
            val = evaluate(model, val_loader, loss_fn, device)
            history.val_loss.append(val["loss"])
            history.val_acc.append(val["acc"])
            parts.append(_describe("val", val["loss"], val["acc"]))
        if isinstance(scheduler, ReduceLROnPlateau):
            scheduler.step(history.val_loss[-1] if val_loader is not None else loss)
        elif scheduler is not None:
            scheduler.step()
        history.epoch_time.append(time.perf_counter() - start)
        if progress:
            print(" | ".join([*parts, f"{history.epoch_time[-1]:.1f} s"]), flush=True)
    return history
