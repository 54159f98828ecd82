import random

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from utils.seed import seed_worker, set_seed


def draw() -> tuple:
    return random.random(), np.random.rand(), torch.rand(1).item()


def test_same_seed_repeats_every_generator():
    set_seed(3)
    first = draw()
    set_seed(3)
    assert draw() == first


def test_different_seeds_differ():
    set_seed(1)
    first = draw()
    set_seed(2)
    assert all(a != b for a, b in zip(first, draw()))


def test_generator_repeats_dataloader_shuffling():
    data = TensorDataset(torch.arange(100))

    def order(seed: int) -> list[int]:
        loader = DataLoader(data, batch_size=10, shuffle=True, generator=set_seed(seed),
                            worker_init_fn=seed_worker)
        return torch.cat([batch for (batch,) in loader]).tolist()

    assert order(0) == order(0)
    assert order(0) != order(1)


def test_negative_seed_is_rejected():
    with pytest.raises(ValueError, match="non-negative"):
        set_seed(-1)
