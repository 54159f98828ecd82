"""The plain data that crosses from the student's kernel to the grader, and what it refuses."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from utils.grading import wire
from utils.grading.structure import layer_calls, op_trace
from utils.grading.wire import Code, Opaque, Rng, WireError, decode, encode


def roundtrip(value, allow_code: bool = False):
    return decode(json.loads(json.dumps(encode(value), allow_nan=False)), allow_code=allow_code)


def test_plain_values_come_back_as_they_were():
    value = {"a": [1, 2.5, None, True, "text"], (1, 2): (np.float32(0.5), np.int64(3)),
             "nan": float("nan"), "inf": -float("inf")}
    back = roundtrip(value)
    assert back["a"] == [1, 2.5, None, True, "text"]
    assert back[(1, 2)] == (0.5, 3) and type(back[(1, 2)][0]) is float
    assert np.isnan(back["nan"]) and back["inf"] == -float("inf")


def test_arrays_and_tensors_keep_shape_dtype_and_values():
    array = np.arange(12, dtype=np.int32).reshape(3, 4)[:, ::2]  # not contiguous
    back = roundtrip(array)
    assert back.dtype == np.int32 and np.array_equal(back, array)
    tensor = torch.linspace(0, 1, 6).reshape(2, 3).requires_grad_(True)
    back = roundtrip(tensor)
    assert isinstance(back, torch.Tensor) and back.dtype == torch.float32
    assert back.requires_grad and torch.equal(back.detach(), tensor.detach())
    assert roundtrip(torch.ones(2, dtype=torch.bfloat16)).dtype == torch.bfloat16
    assert roundtrip(np.array(3.5)).shape == () and roundtrip(torch.tensor(7)).shape == ()
    assert roundtrip(torch.tensor(7)).item() == 7


def test_objects_that_are_not_data_arrive_as_their_type_name_only():
    class Model:
        pass

    assert isinstance(roundtrip(Model()), Opaque)
    with pytest.raises(WireError):
        encode(np.array(["a"], dtype=object))


@pytest.mark.parametrize("message", [
    {"__ndarray__": {"dtype": "object", "shape": [1], "data": ""}},
    {"__ndarray__": {"dtype": "float64", "shape": [2], "data": "AAAA"}},
    {"__ndarray__": {"dtype": "float64", "shape": [-1], "data": ""}},
    {"__tensor__": {"dtype": "float32", "shape": [0], "data": "", "torch_dtype": "os.system"}},
    {"__code__": {"source": "import os", "entry": "os"}},
    {"__rng__": {"seed": 0}},
    {"__pickle__": "gASV"},
    {"__list__": "not a list"},
    {"a": 1, "b": 2},
    [1, 2],
], ids=lambda m: json.dumps(m)[:40])
def test_malformed_or_unsafe_answers_are_refused(message):
    with pytest.raises(WireError):
        decode(message)


def test_only_the_kernel_runs_the_tests_functions_and_makes_generators():
    def cube(x):
        return x**3

    assert roundtrip(Code(cube), allow_code=True)(2) == 8
    assert isinstance(roundtrip(Rng(3), allow_code=True), np.random.Generator)
    assert isinstance(roundtrip(Rng(3, "torch"), allow_code=True), torch.Generator)


def test_a_huge_answer_is_refused(monkeypatch):
    monkeypatch.setattr(wire, "MAX_ITEMS", 100)
    with pytest.raises(WireError, match="more than"):
        roundtrip(np.zeros(101))


def test_structure_views_see_every_call_in_order_whatever_the_style():
    relu = torch.nn.ReLU()
    reused = torch.nn.Sequential(torch.nn.Linear(3, 4), relu, torch.nn.Linear(4, 4), relu)
    assert [c["kind"] for c in layer_calls(reused, torch.zeros(2, 3))] == [
        "Linear", "ReLU", "Linear", "ReLU"]

    class Functional(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv2d(2, 2, 3, padding=1)

        def forward(self, x):
            return torch.relu(self.conv(x) + x).flatten(1)

    ops = op_trace(Functional(), torch.zeros(1, 2, 5, 5))
    assert [o["op"] for o in ops] == ["conv2d", "add", "relu", "flatten"]
    assert ops[0]["weight_shape"] == [2, 2, 3, 3]


def test_op_trace_reads_a_clamp_at_zero_as_a_relu_and_other_clamps_as_nothing():
    class Clamps(torch.nn.Module):
        def forward(self, x):
            return x.clamp(min=0) + torch.clamp_min(x, 0) + x.clamp(0, 1) + x.clamp(min=-1)

    ops = [o["op"] for o in op_trace(Clamps(), torch.zeros(2, 3))]
    assert ops == ["relu", "relu", "add", "add", "add"]
