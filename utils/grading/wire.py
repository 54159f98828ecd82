"""Plain data between the student's kernel and the grader: the only thing that crosses.

What a student's code returns is turned into JSON here (``encode``, in the kernel) and
rebuilt on the other side (``decode``, in the grader) from nothing but numbers, strings,
lists and dicts. An array comes back as a new NumPy array (or torch tensor) made from its
bytes and a dtype taken from a fixed list; any other object comes back as an ``Opaque``
that only knows its type name. So the grader never holds an object of the student's: a
``float`` subclass whose ``__lt__`` always says ``True``, or an array whose ``__eq__`` lies,
arrives as a plain ``float`` or a plain array.
"""

from __future__ import annotations

import base64
import inspect
import math
import textwrap
from dataclasses import dataclass
from typing import Any

import numpy as np

DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128")
MAX_DEPTH = 32
MAX_ITEMS = 50_000_000  # numbers in one message, all arrays together
MAX_TEXT = 100_000  # characters of one string


class WireError(ValueError):
    """A message that is not well-formed plain data (too deep, too big, unknown tag)."""


@dataclass(frozen=True)
class Code:
    """A function of the tests sent to the kernel as source (a loss for the student's
    optimiser, say). It must not use the test module's globals other than ``np`` and
    ``math``; the kernel runs its source in a fresh scope. Only the grader sends code."""

    func: Any


@dataclass(frozen=True)
class Rng:
    """A random generator for the student's function, made in the kernel from its seed:
    ``np.random.default_rng(seed)``, or ``torch.Generator().manual_seed(seed)`` with
    ``library="torch"``. Only the grader sends generators."""

    seed: int
    library: str = "numpy"


@dataclass(frozen=True)
class Opaque:
    """Something that is not plain data (a model, a class, a generator): only its type."""

    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


# --- encode: in the kernel ----------------------------------------------------------------

def _array_payload(array: np.ndarray) -> dict:
    if array.dtype.name not in DTYPES:
        raise WireError(f"an array of dtype {array.dtype} is not plain numbers")
    return {"dtype": array.dtype.name, "shape": list(array.shape),  # 0-d stays 0-d
            "data": base64.b64encode(array.tobytes(order="C")).decode("ascii")}


def _torch_module():
    import sys
    return sys.modules.get("torch")


def encode(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-ready plain data; objects that are not plain data become opaque."""
    if depth > MAX_DEPTH:
        raise WireError(f"data nested more than {MAX_DEPTH} levels deep")
    if value is None or isinstance(value, (bool, np.bool_)):
        return None if value is None else bool(value)
    if value is Ellipsis:
        return {"__ellipsis__": True}
    if isinstance(value, Rng):
        return {"__rng__": {"seed": int(value.seed), "library": value.library}}
    if isinstance(value, Code):
        source = textwrap.dedent(inspect.getsource(value.func))
        return {"__code__": {"source": source, "entry": value.func.__name__}}
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else {"__float__": repr(number)}
    if isinstance(value, str):
        return str(value)[:MAX_TEXT]
    if isinstance(value, np.ndarray):
        return {"__ndarray__": _array_payload(value)}
    torch = _torch_module()
    if torch is not None and isinstance(value, torch.Tensor):
        tensor = value.detach().cpu()
        payload = _array_payload(tensor.float().numpy() if tensor.dtype == torch.bfloat16
                                 else tensor.numpy())
        payload["torch_dtype"] = str(tensor.dtype).removeprefix("torch.")
        payload["requires_grad"] = bool(value.requires_grad)
        payload["device"] = str(value.device.type)
        return {"__tensor__": payload}
    if isinstance(value, (list, tuple)):
        items = [encode(v, depth + 1) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else {"__list__": items}
    if isinstance(value, dict):
        return {"__dict__": [[encode(k, depth + 1), encode(v, depth + 1)]
                             for k, v in value.items()]}
    return {"__opaque__": _type_name(value)}


def _type_name(value: Any) -> str:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"[:200]


# --- decode: in the grader ----------------------------------------------------------------

class _Budget:
    def __init__(self) -> None:
        self.items = 0

    def spend(self, n: int) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise WireError(f"more than {MAX_ITEMS:,} numbers in one answer")


def _array(payload: Any, budget: _Budget) -> np.ndarray:
    if not isinstance(payload, dict) or payload.get("dtype") not in DTYPES:
        raise WireError("an array without a known dtype")
    shape = payload.get("shape")
    if (not isinstance(shape, list) or len(shape) > MAX_DEPTH
            or not all(type(n) is int and n >= 0 for n in shape)):
        raise WireError("an array with a malformed shape")
    if not isinstance(payload.get("data"), str):
        raise WireError("an array without data")
    budget.spend(math.prod(shape))
    data = base64.b64decode(payload["data"], validate=True)
    dtype = np.dtype(payload["dtype"])
    if len(data) != dtype.itemsize * math.prod(shape):
        raise WireError("an array whose data does not match its shape")
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


def _tensor(payload: Any, budget: _Budget) -> Any:
    import torch

    array = _array(payload, budget)
    name = payload.get("torch_dtype")
    dtype = getattr(torch, name, None) if isinstance(name, str) and name.isidentifier() else None
    if not isinstance(dtype, torch.dtype):
        raise WireError("a tensor without a known dtype")
    tensor = torch.from_numpy(array).to(dtype)
    if payload.get("requires_grad") is True and (tensor.is_floating_point()
                                                 or tensor.is_complex()):
        tensor.requires_grad_(True)
    return tensor


def run_source(source: str, entry: str) -> Any:
    """The function ``entry`` defined by ``source``, run in a scope with ``np`` and ``math``."""
    scope: dict[str, Any] = {"__name__": "dl101_tests", "np": np, "math": math}
    exec(compile(source, f"<tests: {entry}>", "exec"), scope)
    return scope[entry]


def decode(data: Any, budget: _Budget | None = None, depth: int = 0,
           allow_code: bool = False) -> Any:
    """Plain objects rebuilt from ``encode``'s output; ``WireError`` if it is malformed.

    ``allow_code`` is for the kernel only, which runs the tests' ``Code`` and makes their
    ``Rng``; the grader never runs code that comes from the kernel.
    """
    budget = budget or _Budget()
    if depth > MAX_DEPTH + 1:
        raise WireError(f"data nested more than {MAX_DEPTH} levels deep")
    if data is None or type(data) in (bool, int, float):
        budget.spend(1)
        return data
    if type(data) is str:
        if len(data) > MAX_TEXT:
            raise WireError("a string longer than the grader accepts")
        return data
    if type(data) is not dict or len(data) != 1:
        raise WireError(f"unexpected {type(data).__name__} in an answer")
    (tag, payload), = data.items()
    if tag == "__ndarray__":
        return _array(payload, budget)
    if tag == "__tensor__":
        return _tensor(payload, budget)
    if tag in ("__list__", "__tuple__"):
        if type(payload) is not list:
            raise WireError(f"{tag} without a list")
        budget.spend(len(payload))
        items = [decode(v, budget, depth + 1, allow_code) for v in payload]
        return tuple(items) if tag == "__tuple__" else items
    if tag == "__dict__":
        if type(payload) is not list or not all(type(p) is list and len(p) == 2
                                                for p in payload):
            raise WireError("__dict__ without key-value pairs")
        budget.spend(len(payload))
        result = {}
        for key, value in payload:
            key = decode(key, budget, depth + 1, allow_code)
            try:
                result[key] = decode(value, budget, depth + 1, allow_code)
            except TypeError:
                raise WireError("a dict key that cannot be a key") from None
        return result
    if tag == "__float__" and payload in ("nan", "inf", "-inf"):
        return float(payload)
    if tag == "__ellipsis__" and payload is True:
        return Ellipsis
    if tag == "__rng__" and allow_code and type(payload) is dict:
        if payload.get("library") == "torch":
            import torch
            return torch.Generator().manual_seed(int(payload["seed"]))
        return np.random.default_rng(int(payload["seed"]))
    if tag == "__code__" and allow_code and type(payload) is dict:
        return run_source(str(payload["source"]), str(payload["entry"]))
    if tag == "__opaque__" and type(payload) is str:
        return Opaque(payload[:200])
    raise WireError(f"unknown tag {tag!r} in an answer")
