"""A model's structure as plain data, for probes that check what a question asks to build.

Two views, both taken by running the model once on a test input:

* ``layer_calls``: the leaf modules called, in call order (a module called twice, such as
  one ``nn.ReLU`` reused, appears twice), with their settings (kernel size, stride...).
* ``op_trace``: the operations computed, in order, whatever style wrote them: ``nn.ReLU``,
  ``F.relu``, ``torch.relu``, ``x.relu()`` and ``x.clamp(min=0)`` all appear as ``relu``;
  ``a + b`` and ``torch.add`` as ``add``. Structure checks built on it accept any correct
  style.

Probes import this module inside the student's kernel; it holds no answers.
"""

from __future__ import annotations

from typing import Any

SETTINGS = ("in_features", "out_features", "in_channels", "out_channels", "kernel_size",
            "stride", "padding", "dilation", "groups", "num_features", "p", "eps",
            "normalized_shape", "output_size", "num_embeddings", "embedding_dim", "hidden_size",
            "num_layers", "inplace")

# Names of the computations op_trace reports, after normalisation; the rest (shape
# queries, copies, dtype casts...) are left out.
OPS = {"conv1d", "conv2d", "conv3d", "conv_transpose2d", "linear", "matmul", "bmm", "mm",
       "relu", "gelu", "sigmoid", "tanh", "silu", "leaky_relu", "softmax", "log_softmax",
       "elu", "selu", "celu", "prelu", "rrelu", "relu6", "hardtanh", "hardswish", "mish",
       "softplus",
       "batch_norm", "layer_norm", "group_norm", "dropout", "max_pool1d", "max_pool2d",
       "avg_pool2d", "adaptive_avg_pool2d", "adaptive_max_pool2d", "add", "mul", "cat",
       "flatten", "embedding", "mean"}
ALIASES = {"iadd": "add", "radd": "add", "imul": "mul", "rmul": "mul", "matmul": "matmul",
           "max_pool2d_with_indices": "max_pool2d", "relu6": "relu6", "hardtanh": "hardtanh"}


def _plain(value: Any) -> Any:
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return repr(value)


def _shape(value: Any) -> list[int] | None:
    shape = getattr(value, "shape", None)
    return [int(n) for n in shape] if shape is not None else None


def layer_calls(model: Any, *inputs: Any) -> list[dict]:
    """The leaf modules that ``model(*inputs)`` calls, in order, with settings and shapes."""
    import torch

    calls: list[dict] = []

    def note(name: str):
        def hook(module, args, output):
            entry = {"name": name, "kind": type(module).__name__,
                     "in_shape": _shape(args[0]) if args else None,
                     "out_shape": _shape(output)}
            for setting in SETTINGS:
                if hasattr(module, setting):
                    entry[setting] = _plain(getattr(module, setting))
            if hasattr(module, "bias") and not callable(module.bias):
                entry["bias"] = module.bias is not None
            calls.append(entry)
        return hook

    leaves = [(n, m) for n, m in model.named_modules() if not list(m.children())]
    handles = [m.register_forward_hook(note(n)) for n, m in leaves]
    try:
        with torch.no_grad():
            model(*inputs)
    finally:
        for handle in handles:
            handle.remove()
    return calls


def _op_name(func: Any) -> str:
    name = getattr(func, "__name__", "") or ""
    name = name.strip("_")
    if name.endswith("_") and name[:-1] in OPS:  # relu_ and friends: in place
        name = name[:-1]
    return ALIASES.get(name, name)


def _is_relu_clamp(name: str, args: tuple, kwargs: dict) -> bool:
    """``x.clamp(min=0)`` (or ``clamp_min(0)``, ``clip(min=0)``) computes a ReLU."""
    if name not in ("clamp", "clamp_min", "clip"):
        return False
    low = args[1] if len(args) > 1 else kwargs.get("min")
    high = None if name == "clamp_min" else (args[2] if len(args) > 2 else kwargs.get("max"))
    return isinstance(low, (int, float)) and low == 0 and high is None


def op_trace(model: Any, *inputs: Any) -> list[dict]:
    """The operations ``model(*inputs)`` computes, in order, as ``{"op": name, ...}``.

    A convolution also reports its kernel shape, stride, padding, dilation and groups, and
    every operation the shape of its first tensor argument.
    """
    import torch
    from torch.overrides import TorchFunctionMode

    trace: list[dict] = []

    class Recorder(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            name = _op_name(func)
            if _is_relu_clamp(name, args, kwargs):
                name = "relu"
            first = next((a for a in args if isinstance(a, torch.Tensor)), None)
            # a 0-d tensor is bookkeeping, such as batch norm counting its batches
            if name in OPS and first is not None and first.dim() > 0:
                entry: dict[str, Any] = {"op": name, "in_shape": _shape(first)}
                if name.startswith("conv"):
                    weight = args[1] if len(args) > 1 else kwargs.get("weight")
                    entry["weight_shape"] = _shape(weight)
                    for i, key in enumerate(("stride", "padding", "dilation", "groups"), 3):
                        value = args[i] if len(args) > i else kwargs.get(key)
                        entry[key] = _plain(value)
                trace.append(entry)
            return func(*args, **kwargs)

    with torch.no_grad(), Recorder():
        model(*inputs)
    return trace


def parameter_count(model: Any) -> int:
    """The number of trainable numbers in ``model``."""
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad))
