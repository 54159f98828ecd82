"""Pick the device a notebook runs on: a GPU when there is one, else the CPU."""

import os

import torch

ENV_VAR = "DL101_DEVICE"
ALLOWED = ("cuda", "mps", "cpu")


def get_device() -> torch.device:
    """Return CUDA if available, then Apple's MPS, then the CPU.

    Set the environment variable ``DL101_DEVICE`` to ``cuda``, ``mps`` or ``cpu``
    to force a choice (for example to time the CPU on a machine with a GPU).
    """
    choice = os.environ.get(ENV_VAR, "").strip().lower()
    if choice:
        if choice not in ALLOWED:
            raise ValueError(f"{ENV_VAR} must be one of {', '.join(ALLOWED)}; got {choice!r}")
        if choice == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"{ENV_VAR}=cuda, but torch sees no CUDA device")
        if choice == "mps" and not torch.backends.mps.is_available():
            raise ValueError(f"{ENV_VAR}=mps, but torch sees no MPS device")
        return torch.device(choice)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def describe_device(device: torch.device) -> str:
    """A one-line description of ``device`` for the page to record where it ran."""
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return device.type
