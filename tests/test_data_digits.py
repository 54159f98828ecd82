import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits as sklearn_digits

from utils.data import load_digits


def test_splits_are_disjoint_and_cover_every_image():
    s = load_digits()
    rows = np.concatenate([s.train[0], s.val[0], s.test[0]])
    original = (sklearn_digits().data / 16).astype(np.float32)
    assert sorted(r.tobytes() for r in rows) == sorted(r.tobytes() for r in original)


def test_split_is_stratified():
    s = load_digits()
    overall = np.bincount(np.concatenate([s.train[1], s.val[1], s.test[1]]), minlength=10) / 1797
    for _, y in (s.train, s.val, s.test):
        share = np.bincount(y, minlength=10) / len(y)
        assert np.max(np.abs(share - overall)) < 0.02


def test_split_is_fixed_by_the_seed():
    a, b, c = load_digits(seed=0), load_digits(seed=0), load_digits(seed=1)
    assert np.array_equal(a.test[0], b.test[0])
    assert not np.array_equal(a.test[0], c.test[0])


def test_pixels_are_scaled_and_typed():
    X, y = load_digits().train
    assert X.dtype == np.float32 and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0 and X.shape[1] == 64


def test_images_and_tensors_and_upscaling():
    X, y = load_digits(as_tensor=True, flatten=False, upscale=2).train
    assert isinstance(X, torch.Tensor) and X.dtype == torch.float32 and y.dtype == torch.int64
    assert X.shape[1:] == (1, 16, 16)
    assert torch.equal(X[:, :, ::2, ::2], X[:, :, 1::2, 1::2])  # each pixel repeated


@pytest.mark.parametrize("fractions", [(0.7, 0.2, 0.2), (0.5, 0.5), (1.0, 0.0, 0.0)])
def test_bad_fractions_are_rejected(fractions):
    with pytest.raises(ValueError, match="fractions"):
        load_digits(fractions=fractions)
