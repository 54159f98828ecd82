"""Glued values must be numbers the page can format, whatever library computed them."""

import numpy as np
import torch

from utils.glue import _plain


def test_numpy_and_torch_scalars_become_python_numbers():
    for value, expected in [
        (np.float64(0.25), 0.25),
        (np.float32(2.0), 2.0),
        (np.int64(7), 7),
        (torch.tensor(0.5), 0.5),
        (torch.tensor(3), 3),
    ]:
        plain = _plain(value)
        assert type(plain) in (float, int), type(plain)
        assert plain == expected
        assert repr(plain) == repr(expected)  # "0.25", never "np.float64(0.25)"


def test_other_values_are_glued_as_they_are():
    array = np.arange(3)
    assert _plain(array) is array
    assert _plain("text") == "text"
    assert _plain(0.5) == 0.5
