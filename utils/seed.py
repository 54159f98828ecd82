"""Make runs repeatable: one call seeds every random number generator a chapter uses."""

import os
import random

import numpy as np
import torch


def set_seed(seed: int = 0, deterministic: bool = False) -> torch.Generator:
    """Seed Python, NumPy and torch (CPU and every GPU); return a seeded ``torch.Generator``.

    Pass the returned generator to a ``DataLoader(generator=...)`` and ``seed_worker`` as its
    ``worker_init_fn`` so that shuffling and worker processes repeat too.
    ``deterministic=True`` also asks torch for deterministic kernels (slower on a GPU;
    an operation that has none raises an error instead of silently varying).
    """
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
    if deterministic:
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.use_deterministic_algorithms(True)
        torch.backends.cudnn.benchmark = False
    return torch.Generator().manual_seed(seed)


def seed_worker(worker_id: int) -> None:
    """DataLoader ``worker_init_fn``: seed NumPy and ``random`` in each worker from torch."""
    worker_seed = torch.initial_seed() % 2**32
    np.random.seed(worker_seed)
    random.seed(worker_seed)
