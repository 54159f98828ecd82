"""Tests of the Chapter 6 exercises (``solutions/06_cnn.md``).

Expected values come from PyTorch, here in the grader: ``F.conv2d`` and ``F.max_pool2d``,
autograd for the kernel gradient, gradients through convolutions of ones for receptive
fields, a small digit reader trained here for the augmentation. Answers that are objects
(the bottleneck block, the augmentation, the digits CNN) are turned into plain data by
probes (``_probe...`` functions, run next to the student's code): outputs, the operations a
model computes (``utils.grading.structure.op_trace``), accuracies. They are judged here.
"""

from __future__ import annotations

import functools
import math

import torch
import torch.nn.functional as F
from torch import nn

from utils.grading.expect import as_array, assert_close, assert_integer
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch06", title="Chapter 6 exercises")

WARM_UP = 0.5  # points of one test of a question that redoes the chapter's own work


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _tensor_result(result, what: str) -> torch.Tensor:
    """The student's result as a float64 tensor (NumPy arrays are accepted too)."""
    return torch.as_tensor(as_array(result, what), dtype=torch.float64)


def _pair(value) -> tuple:
    """A layer setting (``2``, ``[2, 2]``, ``(2, 2)`` or ``"same"``) in one form."""
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value if isinstance(value, str) else (value, value)


# --- q1: conv2d for one channel --------------------------------------------------------------

ex.question("q1", "A convolution, by hand", hints=[
    "Pad first: F.pad(image, (padding, padding, padding, padding)) adds zeros on all four "
    "sides of a 2-D tensor.",
    "After padding, the output has (H - kH) // stride + 1 rows and (W - kW) // stride + 1 "
    "columns; the window of output (i, j) starts at row i * stride and column j * stride.",
    "Each output value is (window * kernel).sum(): the kernel is used as it is, not flipped.",
], bans=["torch.nn.functional.conv2d", "torch.conv2d", "torch.convolution",
         "torch.nn.functional.conv1d", "torch.conv1d", "torch.nn.functional.conv3d",
         "torch.conv3d", "torch.nn.functional.conv_transpose1d", "torch.conv_transpose1d",
         "torch.nn.functional.conv_transpose2d", "torch.conv_transpose2d",
         "torch.nn.functional.conv_transpose3d", "torch.conv_transpose3d",
         "torch.nn.Conv2d.forward", "scipy.signal.correlate2d",
         "scipy.signal.convolve2d", "scipy.signal.correlate", "scipy.signal.convolve",
         "scipy.signal.fftconvolve", "scipy.ndimage.correlate", "scipy.ndimage.convolve"])


def _conv_reference(image, kernel, stride=1, padding=0) -> torch.Tensor:
    return F.conv2d(image[None, None], kernel[None, None], stride=stride, padding=padding)[0, 0]


def _check_conv(ns, image, kernel, stride, padding, what) -> None:
    got = ns.function("conv2d_single")(image, kernel, stride=stride, padding=padding)
    expected = _conv_reference(image.double(), kernel.double(), stride, padding)
    assert_close(_tensor_result(got, what), expected, what, rtol=1e-5, atol=1e-5)


@ex.test("q1", points=WARM_UP)
def conv_of_a_vertical_edge(ns):
    """a 5x5 vertical edge under a 3x3 edge filter gives [[18, 18, 0]] * 3"""
    image = torch.tensor([[2.0, 2, 8, 8, 8]]).repeat(5, 1)
    kernel = torch.tensor([[-1.0, 0, 1]]).repeat(3, 1)
    _check_conv(ns, image, kernel, 1, 0, "conv2d_single(edge image, edge filter)")


@ex.test("q1", points=WARM_UP)
def conv_of_a_random_image(ns):
    """a random 7x9 image and 3x3 kernel, against F.conv2d (an asymmetric kernel: no flip)"""
    g = _generator(1)
    image = torch.randn(7, 9, generator=g, dtype=torch.float64)
    kernel = torch.randn(3, 3, generator=g, dtype=torch.float64)
    _check_conv(ns, image, kernel, 1, 0, "conv2d_single(random 7x9 image, random 3x3 kernel)")


@ex.test("q1", points=WARM_UP, hidden=True)
def conv_with_stride_and_padding(ns):
    """stride 2 with padding 1, and stride 3 with padding 2 and a 2x4 kernel"""
    g = _generator(2)
    image = torch.randn(8, 8, generator=g, dtype=torch.float64)
    kernel = torch.randn(3, 3, generator=g, dtype=torch.float64)
    _check_conv(ns, image, kernel, 2, 1, "conv2d_single(8x8 image, 3x3 kernel, stride=2, "
                "padding=1)")
    image = torch.randn(9, 10, generator=g, dtype=torch.float64)
    kernel = torch.randn(2, 4, generator=g, dtype=torch.float64)
    _check_conv(ns, image, kernel, 3, 2, "conv2d_single(9x10 image, 2x4 kernel, stride=3, "
                "padding=2)")


@ex.test("q1", points=WARM_UP, hidden=True)
def conv_edge_cases(ns):
    """a 1x1 kernel, and a kernel as large as the padded image (one output value)"""
    g = _generator(3)
    image = torch.randn(6, 5, generator=g, dtype=torch.float64)
    _check_conv(ns, image, torch.tensor([[2.5]], dtype=torch.float64), 1, 0,
                "conv2d_single(6x5 image, 1x1 kernel)")
    kernel = torch.randn(8, 7, generator=g, dtype=torch.float64)
    _check_conv(ns, image, kernel, 1, 1, "conv2d_single(6x5 image, 8x7 kernel, padding=1)")


# --- q2: the gradient of a kernel ------------------------------------------------------------

ex.question("q2", "The gradient of a kernel", transfer=True, hints=[
    "Write Y[i, j] as a sum over the kernel's taps (u, v) of K[u, v] times one pixel of the "
    "padded image. Which outputs does K[u, v] take part in, and which pixel does it meet in "
    "each?",
    "By the chain rule, dL/dK[u, v] adds up grad_output[i, j] times that pixel, over every "
    "output (i, j). With stride 1, that is a cross-correlation of the padded image with "
    "grad_output used as the kernel.",
    "With a stride, the pixels that K[u, v] meets lie `stride` apart. Some rows or columns "
    "at the bottom or right of the padded image may never be met by any window: the "
    "result must still have exactly the kernel's shape.",
], bans=["torch.Tensor.backward", "torch.autograd.backward", "torch.autograd.grad",
         "torch.autograd.functional.vjp", "torch.autograd.functional.jvp",
         "torch.autograd.functional.jacobian", "torch.func.grad", "torch.func.grad_and_value",
         "torch.func.vjp", "torch.func.jvp", "torch.func.jacrev", "torch.func.jacfwd",
         "torch.nn.grad.conv2d_weight"])


def _kernel_gradient(image, grad_output, kernel_size, stride, padding) -> torch.Tensor:
    """dL/dK by autograd, for L = sum(grad_output * conv2d(image, K))."""
    kernel = torch.zeros(kernel_size, dtype=torch.float64, requires_grad=True)
    out = F.conv2d(image.double()[None, None], kernel[None, None], stride=stride,
                   padding=padding)[0, 0]
    assert out.shape == grad_output.shape  # a test's own sizes
    (out * grad_output.double()).sum().backward()
    return kernel.grad


def _output_shape(shape, kernel_size, stride, padding) -> tuple[int, int]:
    return tuple((n + 2 * padding - k) // stride + 1 for n, k in zip(shape, kernel_size))


def _check_kernel_gradient(ns, image, kernel_size, stride, padding, seed, what,
                           grad_output=None) -> None:
    if grad_output is None:
        shape = _output_shape(image.shape, kernel_size, stride, padding)
        grad_output = torch.randn(shape, generator=_generator(seed), dtype=image.dtype)
    got = ns.function("kernel_gradient")(image, grad_output, kernel_size, stride=stride,
                                         padding=padding)
    expected = _kernel_gradient(image, grad_output, kernel_size, stride, padding)
    assert_close(_tensor_result(got, what), expected, what, rtol=1e-5, atol=1e-5)


@ex.test("q2", points=1)
def kernel_gradient_of_the_edge_image(ns):
    """the 5x5 edge image, a gradient of ones: each tap's gradient sums the pixels it meets"""
    image = torch.tensor([[2.0, 2, 8, 8, 8]]).repeat(5, 1)
    _check_kernel_gradient(ns, image, (3, 3), 1, 0, 0, "kernel_gradient(edge image, "
                           "ones(3, 3), (3, 3))", grad_output=torch.ones(3, 3))


@ex.test("q2", points=1)
def kernel_gradient_of_a_random_image(ns):
    """a random 6x7 image, a random output gradient and a 3x3 kernel, against autograd"""
    image = torch.randn(6, 7, generator=_generator(11), dtype=torch.float64)
    _check_kernel_gradient(ns, image, (3, 3), 1, 0, 12,
                           "kernel_gradient(random 6x7 image, random grad_output, (3, 3))")


@ex.test("q2", points=1, hidden=True)
def kernel_gradient_with_padding(ns):
    """padding 1 with a 2x4 kernel, padding 2 with a 3x3 kernel: the zeros count too"""
    g = _generator(13)
    image = torch.randn(5, 6, generator=g, dtype=torch.float64)
    _check_kernel_gradient(ns, image, (2, 4), 1, 1, 14,
                           "kernel_gradient(5x6 image, ..., (2, 4), padding=1)")
    _check_kernel_gradient(ns, image, (3, 3), 1, 2, 15,
                           "kernel_gradient(5x6 image, ..., (3, 3), padding=2)")


@ex.test("q2", points=1, hidden=True)
def kernel_gradient_with_a_stride(ns):
    """stride 2 on 8x8 (the last row and column are never met), stride 3 with padding 1"""
    g = _generator(16)
    image = torch.randn(8, 8, generator=g, dtype=torch.float64)
    _check_kernel_gradient(ns, image, (3, 3), 2, 0, 17,
                           "kernel_gradient(8x8 image, ..., (3, 3), stride=2)")
    image = torch.randn(10, 9, generator=g, dtype=torch.float64)
    _check_kernel_gradient(ns, image, (2, 3), 3, 1, 18,
                           "kernel_gradient(10x9 image, ..., (2, 3), stride=3, padding=1)")


@ex.test("q2", points=1, hidden=True)
def kernel_gradient_edge_cases(ns):
    """a kernel as large as the padded image (one output), a 1x1 kernel with stride 2"""
    g = _generator(19)
    image = torch.randn(4, 5, generator=g, dtype=torch.float64)
    _check_kernel_gradient(ns, image, (6, 7), 1, 1, 20,
                           "kernel_gradient(4x5 image, 1x1 grad_output, (6, 7), padding=1)")
    _check_kernel_gradient(ns, image, (1, 1), 2, 0, 21,
                           "kernel_gradient(4x5 image, ..., (1, 1), stride=2)")


# --- q3: max pooling -------------------------------------------------------------------------

ex.question("q3", "Max pooling", hints=[
    "With stride=None, use stride = kernel: the windows then tile the image without overlap.",
    "There are (H - kernel) // stride + 1 windows along the height: a window that would stick "
    "out of the image is dropped.",
    "Each output is the maximum of its window, x[top:top + kernel, left:left + kernel].max(); "
    "build the output with x's dtype, and do not start a running maximum at 0.",
], bans=["torch.nn.functional.max_pool2d", "torch.max_pool2d",
         "torch.nn.functional.max_pool2d_with_indices", "torch.nn.MaxPool2d.forward",
         "torch.nn.functional.adaptive_max_pool2d", "torch.nn.functional.max_pool1d",
         "torch.max_pool1d", "torch.nn.functional.max_pool3d", "torch.max_pool3d",
         "torch.nn.functional.adaptive_max_pool1d", "torch.nn.functional.adaptive_max_pool3d"])


def _check_pool(ns, x, kernel, stride, what) -> None:
    got = ns.function("max_pool2d")(x, kernel, stride=stride)
    expected = F.max_pool2d(x.double()[None, None], kernel, stride=stride)[0, 0]
    assert_close(_tensor_result(got, what), expected, what)


@ex.test("q3", points=WARM_UP)
def pool_of_a_small_grid(ns):
    """a 4x4 grid, 2x2 windows: the maximum of each quarter"""
    grid = torch.tensor([[1.0, 3, 2, 0], [4, 6, 1, 1], [0, 2, 9, 5], [1, 1, 3, 7]])
    _check_pool(ns, grid, 2, None, "max_pool2d(4x4 grid, 2)")


@ex.test("q3", points=WARM_UP)
def pool_drops_partial_windows(ns):
    """a 5x5 grid, 2x2 windows: 2x2 output, the last row and column are left out"""
    grid = torch.arange(25.0).reshape(5, 5) % 7
    _check_pool(ns, grid, 2, None, "max_pool2d(5x5 grid, 2)")


@ex.test("q3", points=WARM_UP, hidden=True)
def pool_with_overlapping_or_gapped_windows(ns):
    """3x3 windows with stride 2 (they overlap), 2x2 windows with stride 3 (gaps)"""
    x = torch.randn(9, 11, generator=_generator(4))
    _check_pool(ns, x, 3, 2, "max_pool2d(random 9x11, 3, stride=2)")
    _check_pool(ns, x, 2, 3, "max_pool2d(random 9x11, 2, stride=3)")


@ex.test("q3", points=WARM_UP, hidden=True)
def pool_of_negative_values_and_integers(ns):
    """all values negative (the maxima are too), and a 6x6 tensor of integers (int64)"""
    x = -torch.rand(8, 6, generator=_generator(5)) - 0.5
    _check_pool(ns, x, 2, None, "max_pool2d(negative 8x6, 2)")
    _check_pool(ns, x, 3, 1, "max_pool2d(negative 8x6, 3, stride=1)")
    x = torch.randint(-50, 50, (6, 6), generator=_generator(6))
    _check_pool(ns, x, 2, None, "max_pool2d(6x6 int64 tensor, 2)")
    _check_pool(ns, x, 3, 3, "max_pool2d(6x6 int64 tensor, 3, stride=3)")


# --- q4: parameters of a convolutional stack ------------------------------------------------

ex.question("q4", "Parameters of a convolutional stack", hints=[
    "A convolution from c_in to c_out channels with k x k filters has c_out * c_in * k * k "
    "weights, plus c_out biases.",
    "Each layer's input channels are the previous layer's output channels; the first layer's "
    "are in_channels.",
    "Batch norm learns a scale and a shift per channel (2 * c_out); its running mean and "
    "variance are buffers, not parameters, and the convolution before it has no bias.",
])


def _stack(in_channels: int, layers: list, batch_norm: bool) -> nn.Module:
    modules, channels = [], in_channels
    for out_channels, kernel in layers:
        modules.append(nn.Conv2d(channels, out_channels, kernel, bias=not batch_norm,
                                 device="meta"))
        if batch_norm:
            modules.append(nn.BatchNorm2d(out_channels, device="meta"))
        channels = out_channels
    return nn.Sequential(*modules)


def _check_count(ns, in_channels, layers, batch_norm, positional=False) -> None:
    expected = sum(p.numel() for p in _stack(in_channels, layers, batch_norm).parameters())
    count = ns.function("conv_stack_params")
    got = (count(in_channels, layers, batch_norm) if positional
           else count(in_channels, layers, batch_norm=batch_norm))
    assert_integer(got, expected, f"conv_stack_params({in_channels}, {layers}, "
                   f"batch_norm={batch_norm})")


@ex.test("q4", points=WARM_UP)
def params_of_one_layer(ns):
    """3 channels to 16 with 3x3 filters: 448"""
    _check_count(ns, 3, [(16, 3)], False)


@ex.test("q4", points=WARM_UP)
def params_of_two_layers(ns):
    """1 -> 8 (5x5) -> 16 (3x3): the second layer's input is the first one's output"""
    _check_count(ns, 1, [(8, 5), (16, 3)], False)


@ex.test("q4", points=WARM_UP, hidden=True)
def params_with_batch_norm(ns):
    """conv-BN stacks: no conv bias, 2 learned numbers per channel for batch norm"""
    _check_count(ns, 3, [(16, 3), (32, 3)], True)
    _check_count(ns, 1, [(6, 5)], True, positional=True)


@ex.test("q4", points=WARM_UP, hidden=True)
def params_of_deeper_or_empty_stacks(ns):
    """four layers with 1x1, 3x3 and 7x7 kernels (given as lists), and an empty stack"""
    layers = [[64, 7], [32, 1], [32, 3], [10, 1]]
    _check_count(ns, 3, layers, False)
    _check_count(ns, 3, layers, True)
    _check_count(ns, 5, [], True)


# --- q5: receptive field with dilation, and its holes ---------------------------------------

ex.question("q5", "The receptive field of a dilated stack, and its holes", transfer=True,
            hints=[
    "Work along one axis: an output pixel depends on a set of input rows and a set of input "
    "columns, and the pixels it depends on are the pairs of them. The field is the span of "
    "one set; the pixels seen, its size squared.",
    "Try two 3 x 3 convolutions with dilation 2 by hand, on squared paper: which input "
    "positions does one output pixel reach? Then dilations 1 and 2.",
    "The chapter's jump still applies: the stride of the layers below spreads a layer's "
    "taps further apart, and dilation spreads them within the layer. Keeping the whole set "
    "of positions, not only the first and the last, keeps track of the holes.",
])


def _measured(layers, size: int = 200) -> tuple[int, int]:
    """The side of the receptive field of the centre output pixel and the number of input
    pixels it depends on, measured with gradients through convolutions of ones (all
    positive: no dependency cancels out)."""
    modules = [nn.Conv2d(1, 1, k, stride=s, dilation=d, bias=False) for k, s, d in layers]
    for module in modules:
        nn.init.ones_(module.weight)
    x = torch.zeros(1, 1, size, size, requires_grad=True)
    out = nn.Sequential(*modules)(x)
    out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    rows = torch.nonzero(x.grad[0, 0].abs().sum(dim=1)).flatten()
    return int(rows.max() - rows.min() + 1), int(torch.count_nonzero(x.grad))


def _field_pair(got, what: str) -> tuple[int, int]:
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        shown = repr(got) if len(repr(got)) < 60 else type(got).__name__
        raise AssertionError(f"{what} returned {shown}; expected a pair (field, seen)")
    return got[0], got[1]


def _check_field(ns, layers, expected=None, seen_too: bool = True) -> None:
    expected = _measured([tuple(layer) for layer in layers]) if expected is None else expected
    what = f"receptive_field({layers})"
    field, seen = _field_pair(ns.function("receptive_field")(layers), what)
    assert_integer(field, expected[0], f"the field, {what}[0],")
    if seen_too:
        assert_integer(seen, expected[1], f"the pixels seen, {what}[1], of the "
                       f"{expected[0]} x {expected[0]} in its field,")


@ex.test("q5", points=1)
def field_of_doubling_dilations(ns):
    """3x3 convolutions with dilations 1, 2, 4, 8: a 31 x 31 field without holes"""
    _check_field(ns, [(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)], (31, 961))


@ex.test("q5", points=1)
def field_of_two_dilated_convolutions(ns):
    """two 3x3 convolutions with dilation 2: a 9 x 9 field, of which 25 pixels are seen"""
    _check_field(ns, [(3, 1, 2), (3, 1, 2)], (9, 25))


@ex.test("q5", points=1, hidden=True)
def fields_of_mixed_stacks(ns):
    """the field alone, for stacks that mix strides, pooling and dilations"""
    for layers in ([(3, 1, 1), (2, 2, 1), (3, 1, 2)],
                   [(7, 2, 1), (3, 2, 1), (3, 1, 2), (3, 1, 4)],
                   [(3, 2, 2), (3, 1, 3), (2, 2, 1), (5, 1, 2)],
                   [(5, 1, 1), (3, 3, 2), (3, 1, 1)]):
        _check_field(ns, list(layers), seen_too=False)


@ex.test("q5", points=1, hidden=True)
def holes_of_mixed_stacks(ns):
    """field and pixels seen, measured with gradients, for stacks with and without holes"""
    for layers in ([(3, 1, 2), (3, 1, 2), (3, 1, 2)],
                   [(3, 1, 2), (3, 1, 4)],
                   [(3, 2, 1), (3, 1, 3)],
                   [(3, 1, 2), (2, 2, 1), (3, 1, 3)],
                   [(3, 2, 2), (3, 1, 3), (2, 2, 1), (5, 1, 2)]):
        _check_field(ns, list(layers))


@ex.test("q5", points=1, hidden=True)
def fields_of_one_layer_or_none(ns):
    """one layer sees its dilated taps whatever its stride; an empty stack sees 1 pixel"""
    for layers in ([(5, 3, 1)], [(3, 2, 4)], [(1, 1, 5)]):
        _check_field(ns, layers)
    _check_field(ns, [], (1, 1))


@ex.test("q5", points=1, hidden=True)
def field_of_layers_given_as_lists(ns):
    """stacks written with lists instead of tuples, one with holes, one without"""
    _check_field(ns, [[3, 1, 1], [3, 2, 1], [3, 1, 2], [2, 2, 1], [3, 1, 4]])
    _check_field(ns, [[2, 2, 1], [3, 1, 2], [3, 1, 2]])


# --- q6: a bottleneck block ------------------------------------------------------------------

ex.question("q6", "A bottleneck block", transfer=True, hints=[
    "Three convolutions in the main path: Conv2d(in, mid, 1), Conv2d(mid, mid, 3, "
    "stride=stride, padding=1) and Conv2d(mid, out, 1), each followed by BatchNorm2d; a "
    "ReLU after the first two batch norms only.",
    "The shortcut is the identity only when the block changes neither the channels nor the "
    "size; otherwise Conv2d(in, out, 1, stride=stride) and BatchNorm2d.",
    "Layers kept in a plain Python list are invisible to .parameters(): assign them to "
    "attributes, or use nn.Sequential.",
])


def _probe_bottleneck(variables, in_channels, mid_channels, out_channels, stride, size):
    "Bottleneck(...) on a (2, in_channels, size, size) input"
    import torch

    from utils.grading.structure import op_trace

    block_class = variables.cls("Bottleneck")
    torch.manual_seed(0)
    block = block_class(in_channels, mid_channels, out_channels, stride=stride)
    if not isinstance(block, torch.nn.Module):
        raise AssertionError(f"Bottleneck(...) gave a {type(block).__name__}, not an "
                             "nn.Module: does the class inherit from nn.Module?")
    x = torch.randn(2, in_channels, size, size)
    before = x.clone()
    out = block(x)
    if not isinstance(out, torch.Tensor):
        raise AssertionError(f"Bottleneck(...)(x) returned a {type(out).__name__}, "
                             "not a tensor")
    summary = {"shape": list(out.shape), "min": float(out.detach().min()),
               "unchanged": bool(torch.equal(x, before)), "ops": op_trace(block, x),
               "parameters": [list(p.shape) for p in block.parameters() if p.requires_grad]}
    with torch.no_grad():  # every parameter 0: the main path gives 0
        for p in block.parameters():
            p.zero_()
        positive = torch.rand(2, in_channels, size, size) + 0.1
        summary["zero_in"], summary["zero_out"] = positive, block(positive)
    return summary


def _conv_name(entry: dict) -> str:
    c_out, c_in, kh, kw = entry["weight_shape"]
    return f"{kh}x{kw} {c_in}->{c_out} stride {_pair(entry['stride'])[0]}"


def _bottleneck(ns, in_channels, mid_channels, out_channels, stride, size) -> dict:
    """The probe's summary, with the shape and the simple facts checked."""
    what = (f"Bottleneck({in_channels}, {mid_channels}, {out_channels}, stride={stride})"
            f"(x) for x of shape (2, {in_channels}, {size}, {size})")
    summary = ns.probe(_probe_bottleneck, in_channels, mid_channels, out_channels, stride,
                       size)
    side = (size - 1) // stride + 1
    expected = [2, out_channels, side, side]
    if summary["shape"] != expected:
        raise AssertionError(f"{what} has shape {tuple(summary['shape'])}, expected "
                             f"{tuple(expected)}")
    if not summary["unchanged"]:
        raise AssertionError(f"{what} changed x in place: the shortcut still needs it")
    return summary


def _check_bottleneck_structure(summary: dict, in_channels, mid_channels, out_channels,
                                stride) -> None:
    """The operations of the block, in order, whatever style wrote them."""
    ops = [e for e in summary["ops"] if e["op"] in ("conv2d", "batch_norm", "relu", "add")]
    convs = {i: e for i, e in enumerate(ops) if e["op"] == "conv2d"}
    found = ", ".join(_conv_name(e) for e in convs.values()) or "none"
    project = stride != 1 or in_channels != out_channels
    wanted = {"first": ([mid_channels, in_channels, 1, 1], 1, "a 1x1 convolution from "
                        f"{in_channels} to {mid_channels} channels, stride 1"),
              "middle": ([mid_channels, mid_channels, 3, 3], stride, "a 3x3 convolution "
                         f"from {mid_channels} to {mid_channels} channels, stride {stride}"),
              "last": ([out_channels, mid_channels, 1, 1], 1, "a 1x1 convolution from "
                       f"{mid_channels} to {out_channels} channels, stride 1")}
    if project:
        wanted["shortcut"] = ([out_channels, in_channels, 1, 1], stride, "a 1x1 convolution "
                              f"from {in_channels} to {out_channels} channels, stride {stride}")
    where = {}
    for name, (shape, conv_stride, words) in wanted.items():
        matches = [i for i, e in convs.items() if e["weight_shape"] == shape]
        path = "shortcut" if name == "shortcut" else "main path"
        if not matches:
            raise AssertionError(f"the {path} should have {words}; the block computes these "
                                 f"convolutions: {found}")
        if _pair(convs[matches[0]]["stride"]) != (conv_stride, conv_stride):
            raise AssertionError(f"the {path} should have {words} (the stride sits on the "
                                 f"3x3 convolution and the shortcut); found: {found}")
        where[name] = matches[0]
    if len(convs) != len(wanted):
        extra = ("" if project else "; with the same channels and stride 1 the shortcut is "
                 "the identity")
        raise AssertionError(f"the block computes {len(convs)} convolutions ({found}); "
                             f"expected {len(wanted)}{extra}")
    padding = _pair(convs[where["middle"]]["padding"])
    if padding not in ((1, 1), "same"):
        raise AssertionError(f"the 3x3 convolution has padding {padding}; it needs 1 on each "
                             "side so that the main path and the shortcut keep the same size")
    for name, i in where.items():
        after = ops[i + 1] if i + 1 < len(ops) else {"op": "nothing"}
        if after["op"] != "batch_norm":
            raise AssertionError(f"{wanted[name][2]} should be followed by batch norm, "
                                 f"not by {after['op']}")
    if sum(e["op"] == "batch_norm" for e in ops) != len(convs):
        raise AssertionError("the block has more batch norms than convolutions: one after "
                             "each convolution")

    def relus(start: int, stop: int) -> int:
        return sum(e["op"] == "relu" for e in ops[start + 1:stop])

    for a, b in (("first", "middle"), ("middle", "last")):
        if not relus(where[a], where[b]):
            raise AssertionError(f"no ReLU between the {a} and the {b} convolution of the "
                                 "main path: without it they collapse into one linear map")
    adds = [i for i, e in enumerate(ops) if e["op"] == "add" and i > max(where.values())]
    if not adds:
        raise AssertionError("the main path's output is never added to the shortcut's")
    if relus(where["last"], adds[0]):
        raise AssertionError("a ReLU comes after the last batch norm of the main path, before "
                             "the sum: the main path must be able to give negative changes")
    if ops[-1]["op"] != "relu":
        raise AssertionError("the block should end with a ReLU applied to the sum of the main "
                             "path and the shortcut")
    if sum(e["op"] == "relu" for e in ops) != 3:
        raise AssertionError(f"the block applies {sum(e['op'] == 'relu' for e in ops)} ReLUs; "
                             "expected 3 (two in the main path, one after the sum)")
    weights = sum(math.prod(e["weight_shape"]) for e in convs.values())
    norms = 2 * sum(e["weight_shape"][0] for e in convs.values())
    biases = sum(e["weight_shape"][0] for e in convs.values())
    count = sum(math.prod(shape) for shape in summary["parameters"])
    if not weights + norms <= count <= weights + norms + biases:
        raise AssertionError(f"the block has {count:,} parameters, but its convolutions and "
                             f"batch norms need {weights + norms:,}: are some layers kept in a "
                             "plain list (invisible to .parameters()) or created in forward?")


@ex.test("q6", points=1)
def bottleneck_shapes(ns):
    """Bottleneck(16, 4, 16) keeps (2, 16, 8, 8); Bottleneck(8, 4, 32, stride=2) halves 10x10"""
    _bottleneck(ns, 16, 4, 16, 1, 8)
    _bottleneck(ns, 8, 4, 32, 2, 10)


@ex.test("q6", points=2)
def bottleneck_structure_with_a_projection(ns):
    """Bottleneck(8, 4, 16, stride=2): its convolutions, batch norms and ReLUs, in order"""
    summary = _bottleneck(ns, 8, 4, 16, 2, 10)
    _check_bottleneck_structure(summary, 8, 4, 16, 2)


@ex.test("q6", points=1, hidden=True)
def bottleneck_structure_with_the_identity(ns):
    """Bottleneck(16, 4, 16): three convolutions, and x itself comes through the shortcut"""
    summary = _bottleneck(ns, 16, 4, 16, 1, 6)
    _check_bottleneck_structure(summary, 16, 4, 16, 1)
    assert_close(summary["zero_out"], summary["zero_in"], "Bottleneck(16, 4, 16) with every "
                 "parameter set to 0, on a positive x (the input should come through the "
                 "shortcut unchanged)", atol=1e-6)


@ex.test("q6", points=1, hidden=True)
def bottleneck_of_odd_sizes_and_new_channels(ns):
    """(4, 2, 8, stride=2) on 7x7, (16, 4, 16, stride=2), (6, 3, 12): all project"""
    summary = _bottleneck(ns, 16, 4, 16, 2, 8)  # same channels, but a stride
    _check_bottleneck_structure(summary, 16, 4, 16, 2)
    summary = _bottleneck(ns, 4, 2, 8, 2, 7)
    _check_bottleneck_structure(summary, 4, 2, 8, 2)
    if summary["min"] < 0:
        raise AssertionError("the block's output has negative values: apply the ReLU after "
                             "adding the shortcut")
    _check_bottleneck_structure(_bottleneck(ns, 6, 3, 12, 1, 5), 6, 3, 12, 1)


# --- q7: augmentation that keeps labels ------------------------------------------------------

ex.question("q7", "Augmentation that keeps the label", transfer=True, hints=[
    "Think of what changes when the same person writes a digit twice, or when a page is "
    "scanned twice: its slant, position, size and darkness. Which of the transforms listed "
    "above do that, and with how large a change?",
    "Mirror images (flips) and large rotations turn some digits into other digits (a 6 upside "
    "down is a 9) or into shapes that are no digit at all; so does cutting away a large part "
    "of the digit.",
    "Look at your pipeline: plot a digit and a dozen draws of it. Would you still read each "
    "draw as the same digit at a glance?",
])

READER_THRESHOLD = 0.85  # share of augmented digits the reader must still read correctly
CLASS_THRESHOLD = 0.7  # the same, for every digit on its own
ASYMMETRIC = (2, 3, 4, 5, 6, 7, 9)  # digits that a mirror or a half-turn changes


def _probe_augment(variables, images, draws):
    "digit_augment(digit) for each digit"
    import torch

    augment = variables.value("digit_augment")
    if not callable(augment):
        raise AssertionError("`digit_augment` should be a transform (a v2.Compose, say), got "
                             f"a {type(augment).__name__}")
    outputs, modified, dtypes = [], False, set()
    for image in images:
        for _ in range(draws):
            before = image.clone()
            out = augment(image)
            modified = modified or not torch.equal(image, before)
            image = before
            if not isinstance(out, torch.Tensor):
                raise AssertionError(f"digit_augment(digit) returned a {type(out).__name__}, "
                                     "not a tensor")
            if tuple(out.shape) != tuple(image.shape):
                raise AssertionError(f"digit_augment(digit) changed the shape from "
                                     f"{tuple(image.shape)} to {tuple(out.shape)}")
            dtypes.add(str(out.dtype))
            outputs.append(out.detach().to(torch.float32))
    return {"out": torch.stack(outputs), "modified": modified, "dtypes": sorted(dtypes)}


@functools.lru_cache(maxsize=1)
def _digits():
    from utils.data import load_digits

    return load_digits(flatten=False, upscale=2, as_tensor=True)


def _held_out_digits() -> tuple[torch.Tensor, torch.Tensor]:
    """The validation and test digits: the reader never saw them."""
    digits = _digits()
    return (torch.cat([digits.val[0], digits.test[0]]),
            torch.cat([digits.val[1], digits.test[1]]))


def _jitter(images: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """Each image rotated (up to 15 degrees), shifted (up to 2.4 pixels), rescaled (up to
    15 %) and its contrast and brightness changed, at random."""
    n = len(images)
    angle = (torch.rand(n, generator=g) * 2 - 1) * math.radians(15)
    scale = 1 + (torch.rand(n, generator=g) * 2 - 1) * 0.15
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = theta[:, 1, 1] = torch.cos(angle) / scale
    theta[:, 0, 1] = -torch.sin(angle) / scale
    theta[:, 1, 0] = torch.sin(angle) / scale
    theta[:, :, 2] = (torch.rand(n, 2, generator=g) * 2 - 1) * 0.3
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    moved = F.grid_sample(images, grid, align_corners=False)
    contrast = 0.7 + 0.6 * torch.rand(n, 1, 1, 1, generator=g)
    brightness = 0.3 * (torch.rand(n, 1, 1, 1, generator=g) - 0.5)
    return ((moved - 0.5) * contrast + 0.5 + brightness).clamp(0, 1)


@functools.lru_cache(maxsize=1)
def _reader() -> nn.Module:
    """A small CNN trained here on the training digits and jittered copies of them: it reads
    digits that are a little rotated, shifted, rescaled or faded, and little else."""
    images, labels = _digits().train
    g = _generator(0)
    images = torch.cat([images, _jitter(images.repeat(4, 1, 1, 1), g)])
    labels = labels.repeat(5)
    with torch.random.fork_rng():
        torch.manual_seed(0)
        reader = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 4 * 4, 10))
    optimizer = torch.optim.Adam(reader.parameters(), lr=3e-3)
    with torch.enable_grad():
        _train_reader(reader, optimizer, images, labels, g)
    return reader.eval()


def _train_reader(reader, optimizer, images, labels, g) -> None:
    for _ in range(6):
        order = torch.randperm(len(images), generator=g)
        for start in range(0, len(images), 64):
            batch = order[start:start + 64]
            loss = F.cross_entropy(reader(images[batch]), labels[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def _read(images: torch.Tensor) -> torch.Tensor:
    reader = _reader()
    with torch.no_grad():
        return reader(images.float()).argmax(dim=1)


def _augmented(ns, images: torch.Tensor, draws: int) -> torch.Tensor:
    """The student's augmentation of each image, ``draws`` times: (len * draws, 1, 16, 16)."""
    result = ns.probe(_probe_augment, images, draws)
    if result["modified"]:
        raise AssertionError("digit_augment(digit) changed the digit it was given in place: "
                             "the data set's images would drift a little on every epoch; "
                             "return a new tensor")
    if not all(d.startswith("torch.float") for d in result["dtypes"]):
        raise AssertionError(f"digit_augment(digit) returned tensors of type "
                             f"{', '.join(result['dtypes'])}; keep floating-point pixels")
    return result["out"].double()


def _examples() -> torch.Tensor:
    """One held-out digit each of 2, 4, 6 and 7, (4, 1, 16, 16)."""
    images, labels = _held_out_digits()
    return torch.stack([images[torch.nonzero(labels == c)[0, 0]] for c in (2, 4, 6, 7)])


@ex.test("q7", points=1)
def augment_keeps_shape_and_range(ns):
    """each output is a new float tensor of the input's shape (1, 16, 16), values in [0, 1]"""
    out = _augmented(ns, _examples(), 10)
    if out.min() < -1e-6 or out.max() > 1 + 1e-6:
        raise AssertionError(f"digit_augment(digit) gave values from {out.min():.3g} to "
                             f"{out.max():.3g}; keep them in [0, 1]")


@ex.test("q7", points=1)
def augment_changes_the_images_at_random(ns):
    """3 in 4 of 40 draws change the digit; half of the consecutive draws differ"""
    images = _examples()
    out = _augmented(ns, images, 10).reshape(4, 10, 1, 16, 16)
    changed = int(((out - images.double()[:, None]).abs().amax(dim=(2, 3, 4)) > 0.1).sum())
    assert changed >= 30, (f"only {changed} of 40 augmented digits differ noticeably from the "
                           "original (by more than 0.1 in some pixel): the pipeline should "
                           "change most images")
    repeats = int(((out[:, 1:] - out[:, :-1]).abs().amax(dim=(2, 3, 4)) > 1e-3).sum())
    assert repeats >= 18, (f"only {repeats} of 36 consecutive draws of the same digit differ: "
                           "at least half should; the changes should be random, drawn anew "
                           "on each call")


# The two tests below augment every held-out digit (540, twice each: over a thousand calls of
# the student's function). Recorded right answers went past the default 5 s on a busy 2-core
# machine; 30 s leaves room for a slow laptop and still stops an endless loop.
@ex.test("q7", points=2, seconds=30)
def augmented_digits_are_still_read_correctly(ns):
    """a reader trained by the grader still reads >= 85 % of the augmented held-out digits"""
    images, labels = _held_out_digits()
    keep = torch.isin(labels, torch.tensor(ASYMMETRIC))
    out = _augmented(ns, images[keep], 2)
    expected = labels[keep].repeat_interleave(2)
    before = float((_read(images[keep]) == labels[keep]).double().mean())
    after = float((_read(out) == expected).double().mean())
    assert after >= READER_THRESHOLD, (
        f"the grader's digit reader reads {before:.1%} of these digits (2, 3, 4, 5, 6, 7 and "
        f"9) correctly, but only {after:.1%} of your augmented versions of them; it needs "
        f"{READER_THRESHOLD:.0%}. Some changes are too strong, or change the digit")


@ex.test("q7", points=1, hidden=True, seconds=30)
def every_digit_survives_augmentation(ns):
    """for each digit 0-9 on its own, the reader still reads >= 70 % of its augmented copies"""
    images, labels = _held_out_digits()
    out = _augmented(ns, images, 2)
    read = _read(out).reshape(-1, 2)
    worst = min(range(10), key=lambda c: float((read[labels == c] == c).double().mean()))
    share = float((read[labels == worst] == worst).double().mean())
    assert share >= CLASS_THRESHOLD, (
        f"only {share:.1%} of the augmented {worst}s are still read as {worst}s; need "
        f"{CLASS_THRESHOLD:.0%} for every digit")


SHIFT = 3  # pixels of translation that the similarity below forgives
# a draw counts as mirrored when its correlation with a mirrored or turned digit beats the
# one with the digit by more than this: real flips and half-turns do so nearly always, a
# writer's slant (shear) or a 20-degree rotation almost never
MIRROR_MARGIN = 0.1


def _normalised(rows: torch.Tensor) -> torch.Tensor:
    rows = rows - rows.mean(dim=1, keepdim=True)
    return rows / rows.norm(dim=1, keepdim=True).clamp_min(1e-12)


def _shifted(image: torch.Tensor) -> torch.Tensor:
    """Every shift of `image` (1, H, W) by up to SHIFT pixels, flattened and normalised."""
    h, w = image.shape[-2:]
    padded = F.pad(image.double(), (SHIFT,) * 4)
    copies = torch.stack([padded[0, SHIFT + dy:SHIFT + dy + h, SHIFT + dx:SHIFT + dx + w]
                          for dy in range(-SHIFT, SHIFT + 1) for dx in range(-SHIFT, SHIFT + 1)])
    return _normalised(copies.reshape(len(copies), -1))


def _similarity(images: torch.Tensor, references: torch.Tensor) -> torch.Tensor:
    """Correlation of each image with the best-aligned shift of a reference image."""
    return (_normalised(images.reshape(len(images), -1).double()) @ references.T).amax(dim=1)


@ex.test("q7", points=1, hidden=True)
def augment_never_mirrors_or_turns_digits(ns):
    """at most 3 % of draws look clearly more like a mirrored or upside-down digit"""
    images = _examples()
    out = _augmented(ns, images, 50).reshape(len(images), 50, 1, 16, 16)
    broken = 0
    for image, draws in zip(images, out):
        own = _similarity(draws, _shifted(image))
        turned = [_similarity(draws, _shifted(t)) for t in
                  (image.flip(-1), image.flip(-2), torch.rot90(image, 2, (-2, -1)))]
        broken += int((torch.stack(turned).amax(dim=0) > own + MIRROR_MARGIN).sum())
    assert broken <= 0.03 * out[:, :, 0, 0, 0].numel(), (
        f"{broken} of {out[:, :, 0, 0, 0].numel()} augmented digits look clearly more like a "
        "mirrored or upside-down digit than like the original")


# --- q8: a CNN for the digits ------------------------------------------------------------------

ex.question("q8", "A CNN for the digits, in a hurry", hints=[
    "The chapter's convolutional networks for the digits are a good start: follow the size "
    "of the maps from layer to layer. What size reaches the classifier, and how many "
    "weights does that cost?",
    "Count: sum(p.numel() for p in model.parameters()) must stay under 60,000; the Linear "
    "layer after Flatten is usually the largest.",
    "Return a new model on every call (build it inside the function), untrained.",
])

MAX_PARAMS = 60_000
# any elementwise nonlinearity between two convolutions will do; softmax is no activation
ACTIVATIONS = ("relu", "leaky_relu", "gelu", "silu", "tanh", "sigmoid", "elu", "selu",
               "celu", "prelu", "rrelu", "relu6", "hardtanh", "hardswish", "mish",
               "softplus")
FULLY_CONNECTED = ("linear", "matmul", "mm", "bmm")


def _probe_cnn(variables):
    "make_digits_cnn() on batches of 5 and of 1 digit"
    import torch

    from utils.grading.structure import op_trace, parameter_count

    make = variables.function("make_digits_cnn")
    torch.manual_seed(0)
    model, other = make(), make()
    if not isinstance(model, torch.nn.Module):
        raise AssertionError(f"make_digits_cnn() returned a {type(model).__name__}, not an "
                             "nn.Module")
    shared = {id(p) for p in model.parameters()} & {id(p) for p in other.parameters()}
    model.eval()
    shapes = []
    with torch.no_grad():
        for n in (5, 1):
            out = model(torch.rand(n, 1, 16, 16))
            shapes.append(list(out.shape) if isinstance(out, torch.Tensor)
                          else type(out).__name__)
    return {"shapes": shapes, "parameters": parameter_count(model),
            "ops": op_trace(model, torch.rand(2, 1, 16, 16)),
            "new": model is not other and not shared}


def _probe_cnn_training(variables, epochs, batch_size, lr, seed):
    "make_digits_cnn() trained with the recipe"
    import time

    import torch
    from torch.utils.data import DataLoader, TensorDataset

    from utils.data import load_digits
    from utils.train import evaluate, fit

    digits = load_digits(flatten=False, upscale=2, as_tensor=True)
    torch.manual_seed(seed)
    model = variables.function("make_digits_cnn")()
    loader = DataLoader(TensorDataset(*digits.train), batch_size=batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    start = time.perf_counter()
    fit(model, loader, torch.nn.CrossEntropyLoss(), optimizer, epochs, "cpu", progress=False)
    seconds = time.perf_counter() - start
    accuracy = evaluate(model, [digits.test], torch.nn.CrossEntropyLoss(), "cpu")["acc"]
    return {"accuracy": float(accuracy), "seconds": seconds}


def _check_convolutional(ops: list[dict]) -> None:
    """At least two convolutions of 3x3 or more, before any fully connected layer, each
    followed by an activation before the next convolution. Other convolutions (1x1, or one
    that gives the class scores at the end) may come without one."""
    first_dense = next((i for i, e in enumerate(ops) if e["op"] in FULLY_CONNECTED), len(ops))
    convs = [i for i, e in enumerate(ops[:first_dense]) if e["op"] == "conv2d"]
    ends = convs[1:] + [first_dense]
    activated = [here for here, after in zip(convs, ends)
                 if min(ops[here]["weight_shape"][2:]) >= 3
                 and any(e["op"] in ACTIVATIONS for e in ops[here + 1:after])]
    if len(activated) < 2:
        found = ", ".join(_conv_name(ops[i]) for i in convs) or "none"
        raise AssertionError(f"the model has {len(activated)} convolution(s) of 3x3 or more "
                             "followed by an activation before the next convolution, before "
                             "any fully connected layer; the question asks for at least two "
                             f"(its convolutions: {found})")


@ex.test("q8", points=1)
def cnn_has_the_right_interface(ns):
    """(N, 1, 16, 16) -> (N, 10) for N = 5 and N = 1, under 60,000 parameters"""
    summary = ns.probe(_probe_cnn)
    for n, shape in zip((5, 1), summary["shapes"]):
        if shape != [n, 10]:
            shape = tuple(shape) if isinstance(shape, list) else shape
            raise AssertionError(f"the model maps a batch of shape ({n}, 1, 16, 16) to "
                                 f"{shape}, expected ({n}, 10)")
    n = summary["parameters"]
    assert n < MAX_PARAMS, f"the model has {n:,} parameters; the limit is {MAX_PARAMS:,}"


@ex.test("q8", points=1)
def cnn_is_convolutional(ns):
    """two convolutions (3x3 or more) with activations come before any fully connected layer"""
    _check_convolutional(ns.probe(_probe_cnn)["ops"])


@ex.test("q8", points=1, hidden=True)
def cnn_is_new_on_every_call(ns):
    """two calls give two separate models"""
    assert ns.probe(_probe_cnn)["new"], (
        "make_digits_cnn() returned the same model (or shared parameters) twice: build a new "
        "one inside the function")


@ex.test("q8", points=2, hidden=True, seconds=60)
def cnn_learns_the_digits(ns):
    """trained with the recipe (Adam 0.003, batch 32, 10 epochs), test accuracy >= 0.97"""
    summary = ns.probe(_probe_cnn)
    if summary["parameters"] >= MAX_PARAMS:
        raise AssertionError(f"the model has {summary['parameters']:,} parameters; the limit "
                             f"is {MAX_PARAMS:,}")
    _check_convolutional(summary["ops"])
    result = ns.probe(_probe_cnn_training, 10, 32, 3e-3, 0)
    acc = result["accuracy"]
    assert acc >= 0.97, f"after training with the recipe, test accuracy is {acc:.3f}; need 0.97"
