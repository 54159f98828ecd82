"""Figures the chapters share: training curves, image grids and confusion matrices.

Every helper returns its ``Figure`` and never calls ``plt.show()``; end the notebook cell with
``;`` so the figure appears once. Figures get an explicit white background, whatever style or
rc settings are active, so that their dark text and lines stay legible on the site's dark theme.
"""

import math
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from utils.train import History

TRAIN_COLOR = "tab:blue"
VAL_COLOR = "tab:orange"
WRONG_COLOR = "tab:red"
FIGURE_STYLE = {"facecolor": "white", "layout": "constrained"}  # white stays legible on dark pages
METRIC_LABELS = {"loss": "loss", "acc": "accuracy"}
CURVES = (("train", "train", TRAIN_COLOR), ("val", "validation", VAL_COLOR))  # key, label, colour


def _to_numpy(values: Any) -> np.ndarray:
    """A NumPy copy of a tensor (on any device), array or list."""
    if isinstance(values, torch.Tensor):
        return values.detach().cpu().numpy()
    return np.asarray(values)


def plot_history(
    history: History | Mapping[str, Sequence[float]], metrics: Sequence[str] = ("loss", "acc")
) -> Figure:
    """Training curves from ``fit``: one panel per metric, train and validation against epoch.

    ``history`` is a ``History`` or its ``as_dict()``; ``metrics`` is chosen from "loss", "acc".
    """
    data = history.as_dict() if isinstance(history, History) else dict(history)
    if not metrics or any(metric not in METRIC_LABELS for metric in metrics):
        raise ValueError(f"metrics must be chosen from {tuple(METRIC_LABELS)}, got {metrics!r}")
    n = len(metrics)
    fig, axes = plt.subplots(1, n, figsize=(4 * n, 3.2), squeeze=False, **FIGURE_STYLE)
    for ax, metric in zip(axes[0], metrics, strict=True):
        for key, label, color in CURVES:
            values = np.asarray(data.get(f"{key}_{metric}", []), dtype=float)
            if values.size and not np.isnan(values).all():
                epochs = np.arange(1, len(values) + 1)
                ax.plot(epochs, values, color=color, marker="o", markersize=3, label=label)
        if not ax.lines:
            plt.close(fig)
            raise ValueError(f"history has no {metric!r} values; choose from the metrics it has")
        ax.set_xlabel("epoch")
        ax.set_ylabel(METRIC_LABELS[metric])
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend()
    return fig


def _as_images(images: Any) -> np.ndarray:
    """Images as (n, h, w) grey or (n, h, w, 3) RGB in [0, 1], ready for ``imshow``."""
    array = _to_numpy(images)
    shape = array.shape
    side = math.isqrt(shape[1]) if array.ndim == 2 else 0  # (n, h*w) holds square images
    if array.ndim == 2 and side > 0 and side * side == shape[1]:
        array = array.reshape(len(array), side, side)
    elif array.ndim == 4 and shape[1] == 1:
        array = array[:, 0]
    elif array.ndim == 4 and shape[1] == 3:
        array = array.transpose(0, 2, 3, 1)  # channels last, as imshow wants
    elif array.ndim != 3:
        raise ValueError(
            "images must be shaped (n, h, w), (n, 1, h, w), (n, 3, h, w) or (n, h*w) with a "
            f"square h*w; got shape {shape}"
        )
    if len(array) == 0:
        raise ValueError("there are no images to show (n is 0)")
    if array.ndim == 4 and array.dtype.kind == "f" and (array.min() < 0 or array.max() > 1):
        low = array.min(axis=(1, 2, 3), keepdims=True)  # normalised inputs: rescale per image
        array = (array - low) / np.maximum(array.max(axis=(1, 2, 3), keepdims=True) - low, 1e-12)
    return array


def show_images(
    images: Any,
    labels: Any = None,
    predictions: Any = None,
    class_names: Sequence[str] | None = None,
    ncols: int = 8,
) -> Figure:
    """A grid of images, titled with their labels, or "pred (true)" with mistakes in red.

    ``images``: array or tensor (n, h, w), (n, 1, h, w), (n, 3, h, w) or (n, h*w) for square
    images; RGB floats outside [0, 1] (normalised inputs) are rescaled per image for display.
    ``labels`` and ``predictions``: n class indices; ``class_names`` turns them into names.
    """
    images = _as_images(images)
    n = len(images)
    true = None if labels is None else _to_numpy(labels).reshape(-1)
    pred = None if predictions is None else _to_numpy(predictions).reshape(-1)
    for key, values in (("labels", true), ("predictions", pred)):
        if values is not None and len(values) != n:
            raise ValueError(f"{key} must hold one class index per image ({n}), got {len(values)}")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")

    def name(index: Any) -> str:
        return str(index) if class_names is None else str(class_names[int(index)])

    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig = plt.figure(figsize=(ncols, 1.2 * nrows), **FIGURE_STYLE)
    for i, image in enumerate(images):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        ax.imshow(image, cmap="gray" if image.ndim == 2 else None)
        ax.set_axis_off()
        if pred is not None and true is not None:
            color = WRONG_COLOR if pred[i] != true[i] else "black"
            ax.set_title(f"{name(pred[i])} ({name(true[i])})", color=color, fontsize=8)
        elif pred is not None:
            ax.set_title(name(pred[i]), fontsize=8)
        elif true is not None:
            ax.set_title(name(true[i]), fontsize=8)
    return fig


def _class_indices(values: Any, name: str, num_classes: int) -> np.ndarray:
    """``values`` as a flat integer array, checked to lie in [0, num_classes)."""
    array = _to_numpy(values).reshape(-1)
    if array.dtype.kind not in "iu" or not np.all((array >= 0) & (array < num_classes)):
        raise ValueError(
            f"{name} must be integer class indices in [0, {num_classes}); "
            f"got dtype {array.dtype} with values {np.unique(array)[:10]}"
        )
    return array


def confusion_matrix(targets: Any, predictions: Any, num_classes: int) -> np.ndarray:
    """Counts (num_classes, num_classes): row = true class, column = predicted class.

    ``targets`` and ``predictions``: the same number of integer class indices (array, tensor
    or list).
    """
    true = _class_indices(targets, "targets", num_classes)
    pred = _class_indices(predictions, "predictions", num_classes)
    if len(true) != len(pred):
        raise ValueError(f"targets and predictions differ in length: {len(true)} vs {len(pred)}")
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(counts, (true, pred), 1)
    return counts


def plot_confusion_matrix(targets: Any, predictions: Any, class_names: Sequence[str]) -> Figure:
    """Confusion matrix with the count in each cell: rows are true classes, columns predicted.

    ``targets`` and ``predictions``: class indices (n,); ``class_names``: one name per class.
    """
    k = len(class_names)
    counts = confusion_matrix(targets, predictions, k)
    side = min(7.0, 2.0 + 0.5 * k)
    fig, ax = plt.subplots(figsize=(side, side), **FIGURE_STYLE)
    ax.imshow(counts, cmap="Blues")
    for (i, j), count in np.ndenumerate(counts):  # white on dark cells, black on light ones
        color = "white" if count > counts.max() / 2 else "black"
        ax.text(j, i, str(count), ha="center", va="center", color=color, fontsize=9)
    ax.set_xticks(range(k), labels=class_names)
    if max(len(str(name)) for name in class_names) > 3:  # long names would overlap: slant them
        plt.setp(ax.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(k), labels=class_names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    return fig
