"""Comparisons for tests, with tolerances and failure messages written for the student.

Every helper raises ``AssertionError`` with a message that names the call that was checked
(``what``), what came back and what was expected, so that a failed ``check`` reads like
``accuracy(...) returned 3, expected 0.75``.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _short(value: Any, limit: int = 80) -> str:
    text = np.array2string(value, threshold=8) if isinstance(value, np.ndarray) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def as_array(value: Any, what: str) -> np.ndarray:
    """``value`` as a NumPy array of numbers (torch tensors are moved to the CPU first)."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise AssertionError(f"{what} returned {_short(value)}, which is not an array of "
                             f"numbers ({error})") from None
    if array.dtype.kind not in "biuf":
        raise AssertionError(f"{what} returned {_short(value)} ({type(value).__name__}); "
                             "expected numbers")
    return array


def as_number(value: Any, what: str) -> float:
    """``value`` as one float; fails for arrays with more than one element, strings, None."""
    if isinstance(value, (bool, np.bool_)):
        raise AssertionError(f"{what} returned {value!r}, a bool; expected a number")
    array = as_array(value, what)
    if array.size != 1:
        raise AssertionError(f"{what} returned an array of shape {array.shape}; "
                             "expected a single number")
    return float(array.reshape(()))


def _distinct(got: float, expected: float) -> str:
    """The words ``returned X, expected Y``, with enough digits to tell X from Y.

    Six significant digits, or more where those are equal (0.3998854 and 0.3998849 are both
    0.399885 to six); then the difference is shown too.
    """
    for digits in range(6, 18):
        left, right = f"{got:.{digits}g}", f"{expected:.{digits}g}"
        if left != right:
            break
    text = f"returned {left}, expected {right}"
    return text if digits == 6 else f"{text} (a difference of {got - expected:.2g})"


def assert_close(got: Any, expected: Any, what: str, rtol: float = 1e-6,
                 atol: float = 1e-9) -> None:
    """``got`` equals ``expected`` up to the tolerances (numbers or arrays, same shape)."""
    expected = np.asarray(expected, dtype=float)
    if expected.ndim == 0:
        value = as_number(got, what)
        if not np.isclose(value, float(expected), rtol=rtol, atol=atol):
            raise AssertionError(f"{what} {_distinct(value, float(expected))}")
        return
    array = as_array(got, what)
    if array.shape != expected.shape:
        raise AssertionError(f"{what} returned shape {array.shape}, expected {expected.shape}")
    if not np.allclose(array, expected, rtol=rtol, atol=atol):
        bad = int(np.sum(~np.isclose(array, expected, rtol=rtol, atol=atol)))
        raise AssertionError(f"{what}: {bad} of {expected.size} values differ from the "
                             f"expected ones; got {_short(array)}, expected {_short(expected)}")


def assert_integer(got: Any, expected: int, what: str) -> None:
    """``got`` is the whole number ``expected`` (a Python or NumPy integer, not a float)."""
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
        raise AssertionError(f"{what} returned {_short(got)} ({type(got).__name__}); "
                             "expected a whole number (an int)")
    if int(got) != expected:
        raise AssertionError(f"{what} returned {int(got)}, expected {expected}")
