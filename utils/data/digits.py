"""scikit-learn's bundled 8x8 handwritten digits, with a fixed stratified train/val/test split."""

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from sklearn.datasets import load_digits as _sklearn_digits
from sklearn.model_selection import train_test_split


@dataclass
class Splits:
    """Train, validation and test sets, each an ``(X, y)`` pair, and the names of the classes."""

    train: tuple[Any, Any]
    val: tuple[Any, Any]
    test: tuple[Any, Any]
    class_names: list[str]


def _check_fractions(fractions: tuple[float, float, float]) -> None:
    if len(fractions) != 3:
        raise ValueError(f"need 3 split fractions (train, val, test), got {len(fractions)}")
    if any(f <= 0 for f in fractions):
        raise ValueError(f"split fractions must all be positive, got {tuple(fractions)}")
    if abs(sum(fractions) - 1) > 1e-9:
        raise ValueError(f"split fractions must sum to 1, got {sum(fractions):g}")


def load_digits(
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15),
    seed: int = 0,
    as_tensor: bool = False,
    flatten: bool = True,
    upscale: int = 1,
) -> Splits:
    """Load the 1,797 digit images with pixels in [0, 1], split into train/val/test.

    The split is stratified, so every split has the same share of each digit as the whole
    set, and fixed by ``seed``, so every chapter sees the same test images. X has shape
    (n, 1, 8*upscale, 8*upscale) for CNNs when ``flatten`` is false, else one row per image,
    (n, 64) at the default ``upscale=1``; ``upscale`` repeats each pixel (nearest-neighbour),
    for models whose downsampling needs more than 8x8 pixels. X is float32 and y int64,
    as NumPy arrays or, with ``as_tensor=True``, as torch tensors.
    """
    _check_fractions(fractions)
    if not isinstance(upscale, int) or upscale < 1:
        raise ValueError(f"upscale must be a positive integer, got {upscale!r}")

    bunch = _sklearn_digits()
    X = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    X = X.reshape(-1, 1, 8, 8).repeat(upscale, axis=2).repeat(upscale, axis=3)
    if flatten:
        X = X.reshape(len(X), -1)

    train_frac, val_frac, test_frac = fractions
    X_train, X_rest, y_train, y_rest = train_test_split(
        X, y, train_size=train_frac, stratify=y, random_state=seed
    )
    X_val, X_test, y_val, y_test = train_test_split(
        X_rest, y_rest, train_size=val_frac / (val_frac + test_frac),
        stratify=y_rest, random_state=seed,
    )

    def pair(X_part: np.ndarray, y_part: np.ndarray) -> tuple[Any, Any]:
        if as_tensor:
            return torch.from_numpy(X_part), torch.from_numpy(y_part)
        return X_part, y_part

    return Splits(
        train=pair(X_train, y_train),
        val=pair(X_val, y_val),
        test=pair(X_test, y_test),
        class_names=[str(d) for d in range(10)],
    )
