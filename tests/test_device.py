import pytest
import torch

from utils.device import get_device


def test_env_var_forces_cpu(monkeypatch):
    monkeypatch.setenv("DL101_DEVICE", "cpu")
    assert get_device() == torch.device("cpu")


def test_env_var_is_case_and_space_insensitive(monkeypatch):
    monkeypatch.setenv("DL101_DEVICE", "  CPU ")
    assert get_device().type == "cpu"


def test_unknown_value_names_the_allowed_ones(monkeypatch):
    monkeypatch.setenv("DL101_DEVICE", "tpu")
    with pytest.raises(ValueError, match="cuda, mps, cpu"):
        get_device()


def test_asking_for_a_missing_gpu_is_an_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv("DL101_DEVICE", "cuda")
    with pytest.raises(ValueError, match="no CUDA device"):
        get_device()


def test_prefers_cuda_then_mps_then_cpu(monkeypatch):
    monkeypatch.delenv("DL101_DEVICE", raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert get_device().type == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert get_device().type == "mps"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert get_device().type == "cpu"
