import numpy as np
import pytest
import torch

from utils.data import load_text


def test_corpus_is_cpythons_documentation_split_by_position():
    data = load_text(val_fraction=0.1)
    total = len(data.train) + len(data.val)
    assert 300_000 < total < 1_000_000
    assert abs(len(data.val) / total - 0.1) < 0.001
    assert "lambda" in data.train


def test_encode_decode_round_trip():
    data = load_text()
    text = data.val[:500]
    ids = data.encode(text)
    assert ids.dtype == np.int64 and ids.max() < len(data.vocab)
    assert data.decode(ids) == text
    assert data.decode(torch.from_numpy(ids)) == text
    assert data.decode(ids.tolist()) == text


def test_unknown_character_is_a_clear_error():
    with pytest.raises(ValueError, match="not in the vocabulary"):
        load_text().encode("\u2603")


@pytest.mark.parametrize("fraction", [0, 1, -0.1])
def test_bad_val_fraction_is_rejected(fraction):
    with pytest.raises(ValueError, match="val_fraction"):
        load_text(val_fraction=fraction)
