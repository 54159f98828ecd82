"""Tests of the Chapter 6 exercises (``solutions/06_cnn.md``).

Expected values come from PyTorch's own layers (``F.conv2d``, ``F.max_pool2d``,
``nn.Conv2d``, ``nn.BatchNorm2d``, gradients for receptive fields) or from formulas written
here, independently of the notebook. Students' functions take and return torch tensors.
"""

from __future__ import annotations

import functools
import itertools

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from utils.grading.expect import as_array, assert_close, assert_integer
from utils.grading.namespace import NotAttempted
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch06", title="Chapter 6 exercises")


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _tensor_result(result, what: str) -> torch.Tensor:
    """The student's result as a float64 tensor (NumPy arrays are accepted too)."""
    return torch.as_tensor(as_array(result, what), dtype=torch.float64)


# --- q1: conv2d for one channel --------------------------------------------------------------

ex.question("q1", "A convolution, by hand", hints=[
    "Pad first: F.pad(image, (padding, padding, padding, padding)) adds zeros on all four "
    "sides of a 2-D tensor.",
    "After padding, the output has (H - kH) // stride + 1 rows and (W - kW) // stride + 1 "
    "columns; the window of output (i, j) starts at row i * stride and column j * stride.",
    "Each output value is (window * kernel).sum(): the kernel is used as it is, not flipped.",
])


def _conv_reference(image, kernel, stride=1, padding=0) -> torch.Tensor:
    return F.conv2d(image[None, None], kernel[None, None], stride=stride, padding=padding)[0, 0]


def _check_conv(ns, image, kernel, stride, padding, what) -> None:
    got = ns.function("conv2d_single")(image, kernel, stride=stride, padding=padding)
    expected = _conv_reference(image, kernel, stride, padding)
    assert_close(_tensor_result(got, what), expected, what, rtol=1e-5, atol=1e-5)


@ex.test("q1", points=1)
def conv_of_a_vertical_edge(ns):
    """a 5x5 vertical edge under a 3x3 edge filter gives [[18, 18, 0]] * 3"""
    image = torch.tensor([[2.0, 2, 8, 8, 8]], dtype=torch.float64).repeat(5, 1)
    kernel = torch.tensor([[-1.0, 0, 1]], dtype=torch.float64).repeat(3, 1)
    _check_conv(ns, image, kernel, 1, 0, "conv2d_single(edge image, edge filter)")


@ex.test("q1", points=1)
def conv_of_a_random_image(ns):
    """a random 7x9 image and 3x3 kernel, against F.conv2d (an asymmetric kernel: no flip)"""
    g = _generator(1)
    image, kernel = torch.randn(7, 9, generator=g, dtype=torch.float64), torch.randn(
        3, 3, generator=g, dtype=torch.float64)
    _check_conv(ns, image, kernel, 1, 0, "conv2d_single(random 7x9 image, random 3x3 kernel)")


@ex.test("q1", points=1, hidden=True)
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


@ex.test("q1", points=1, hidden=True)
def conv_edge_cases(ns):
    """a 1x1 kernel, and a kernel as large as the padded image (one output value)"""
    g = _generator(3)
    image = torch.randn(6, 5, generator=g, dtype=torch.float64)
    _check_conv(ns, image, torch.tensor([[2.5]], dtype=torch.float64), 1, 0,
                "conv2d_single(6x5 image, 1x1 kernel)")
    kernel = torch.randn(8, 7, generator=g, dtype=torch.float64)
    _check_conv(ns, image, kernel, 1, 1, "conv2d_single(6x5 image, 8x7 kernel, padding=1)")


# --- q2: output size -------------------------------------------------------------------------

ex.question("q2", "The output size", hints=[
    "Padding adds p pixels on *each* side: the padded input has size + 2 * padding pixels.",
    "A dilated kernel covers dilation * (kernel - 1) + 1 pixels; count the positions where it "
    "can start, every stride pixels, while it still fits.",
    "Use floor division //, so the result is an int, and add 1 for the first position.",
])


def _torch_size(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    x = torch.empty(1, 1, size, 1, device="meta")
    w = torch.empty(1, 1, kernel, 1, device="meta")
    out = F.conv2d(x, w, stride=(stride, 1), padding=(padding, 0), dilation=(dilation, 1))
    return int(out.shape[2])


@ex.test("q2", points=1)
def sizes_of_common_layers(ns):
    """'same' padding keeps 32 pixels; a 5x5 kernel with stride 2 takes 28 to 12"""
    size = ns.function("output_size")
    assert_integer(size(32, 3, stride=1, padding=1), 32, "output_size(32, 3, padding=1)")
    assert_integer(size(28, 5, stride=2), 12, "output_size(28, 5, stride=2)")


@ex.test("q2", points=1)
def size_is_rounded_down(ns):
    """a 7-pixel map pooled with kernel 2 and stride 2 has 3 pixels (the last one is dropped)"""
    assert_integer(ns.function("output_size")(7, 2, stride=2), 3, "output_size(7, 2, stride=2)")


@ex.test("q2", points=1, hidden=True)
def sizes_match_pytorch_everywhere(ns):
    """every size 1-20, kernel 1-5, stride 1-3, padding 0-2, dilation 1-3, against F.conv2d"""
    size = ns.function("output_size")
    for h, k, s, p, d in itertools.product(range(1, 21), range(1, 6), range(1, 4), range(3),
                                           range(1, 4)):
        if d * (k - 1) + 1 > h + 2 * p:
            continue
        what = f"output_size({h}, {k}, stride={s}, padding={p}, dilation={d})"
        assert_integer(size(h, k, stride=s, padding=p, dilation=d),
                       _torch_size(h, k, s, p, d), what)


@ex.test("q2", points=1, hidden=True)
def sizes_with_dilation(ns):
    """dilation 2 makes a 3x3 kernel cover 5 pixels: 10 -> 6"""
    assert_integer(ns.function("output_size")(10, 3, stride=1, padding=0, dilation=2), 6,
                   "output_size(10, 3, dilation=2)")


# --- q3: max pooling -------------------------------------------------------------------------

ex.question("q3", "Max pooling", hints=[
    "With stride=None, use stride = kernel: the windows then tile the image without overlap.",
    "There are (H - kernel) // stride + 1 windows along the height: a window that would stick "
    "out of the image is dropped.",
    "Each output is the maximum of its window, x[top:top + kernel, left:left + kernel].max().",
])


def _check_pool(ns, x, kernel, stride, what) -> None:
    got = ns.function("max_pool2d")(x, kernel, stride=stride)
    expected = F.max_pool2d(x[None, None], kernel, stride=stride)[0, 0]
    assert_close(_tensor_result(got, what), expected, what)


@ex.test("q3", points=1)
def pool_of_a_small_grid(ns):
    """a 4x4 grid, 2x2 windows: the maximum of each quarter"""
    grid = torch.tensor([[1.0, 3, 2, 0], [4, 6, 1, 1], [0, 2, 9, 5], [1, 1, 3, 7]])
    _check_pool(ns, grid, 2, None, "max_pool2d(4x4 grid, 2)")


@ex.test("q3", points=1)
def pool_drops_partial_windows(ns):
    """a 5x5 grid, 2x2 windows: 2x2 output, the last row and column are left out"""
    grid = torch.arange(25.0).reshape(5, 5) % 7
    _check_pool(ns, grid, 2, None, "max_pool2d(5x5 grid, 2)")


@ex.test("q3", points=1, hidden=True)
def pool_with_overlapping_windows(ns):
    """a random 9x11 input, 3x3 windows with stride 2 (they overlap)"""
    x = torch.randn(9, 11, generator=_generator(4))
    _check_pool(ns, x, 3, 2, "max_pool2d(random 9x11, 3, stride=2)")


@ex.test("q3", points=1, hidden=True)
def pool_of_negative_values(ns):
    """an input whose values are all negative: the maxima are negative too"""
    x = -torch.rand(8, 6, generator=_generator(5)) - 0.5
    _check_pool(ns, x, 2, None, "max_pool2d(negative 8x6, 2)")
    _check_pool(ns, x, 3, 1, "max_pool2d(negative 8x6, 3, stride=1)")


# --- q4: parameters of a convolutional stack ------------------------------------------------

ex.question("q4", "Parameters of a convolutional stack", hints=[
    "A convolution from c_in to c_out channels with k x k filters has c_out * c_in * k * k "
    "weights, plus c_out biases.",
    "Each layer's input channels are the previous layer's output channels; the first layer's "
    "are in_channels.",
    "Batch norm learns a scale and a shift per channel (2 * c_out); its running mean and "
    "variance are buffers, not parameters, and the convolution before it has no bias.",
])


def _stack(in_channels: int, layers: list[tuple[int, int]], batch_norm: bool) -> nn.Module:
    modules, channels = [], in_channels
    for out_channels, kernel in layers:
        modules.append(nn.Conv2d(channels, out_channels, kernel, bias=not batch_norm,
                                 device="meta"))
        if batch_norm:
            modules.append(nn.BatchNorm2d(out_channels, device="meta"))
        channels = out_channels
    return nn.Sequential(*modules)


def _check_count(ns, in_channels, layers, batch_norm) -> None:
    expected = sum(p.numel() for p in _stack(in_channels, layers, batch_norm).parameters())
    got = ns.function("conv_stack_params")(in_channels, layers, batch_norm=batch_norm)
    assert_integer(got, expected, f"conv_stack_params({in_channels}, {layers}, "
                   f"batch_norm={batch_norm})")


@ex.test("q4", points=1)
def params_of_one_layer(ns):
    """3 channels to 16 with 3x3 filters: 448"""
    _check_count(ns, 3, [(16, 3)], False)


@ex.test("q4", points=1)
def params_of_two_layers(ns):
    """1 -> 8 (5x5) -> 16 (3x3): the second layer's input is the first one's output"""
    _check_count(ns, 1, [(8, 5), (16, 3)], False)


@ex.test("q4", points=1, hidden=True)
def params_with_batch_norm(ns):
    """conv-BN stacks: no conv bias, 2 learned numbers per channel for batch norm"""
    _check_count(ns, 3, [(16, 3), (32, 3)], True)
    _check_count(ns, 1, [(6, 5)], True)


@ex.test("q4", points=1, hidden=True)
def params_of_deeper_stacks(ns):
    """four layers with 1x1, 3x3 and 7x7 kernels, with and without batch norm"""
    layers = [(64, 7), (32, 1), (32, 3), (10, 1)]
    _check_count(ns, 3, layers, False)
    _check_count(ns, 3, layers, True)


# --- q5: receptive field ---------------------------------------------------------------------

ex.question("q5", "The receptive field", hints=[
    "Start from one pixel: field = 1, and jump = 1 (the distance, in input pixels, between "
    "two neighbouring outputs).",
    "Each layer adds (kernel - 1) * jump to the field, with the jump of the layers *before* it.",
    "After adding, multiply the jump by the layer's stride.",
])


def _measured_field(layers: list[tuple[int, int]], size: int = 96) -> int:
    """The receptive field of one output pixel, measured with gradients (average pooling
    and convolutions of ones, so that every dependency shows up)."""
    modules = [nn.Conv2d(1, 1, k, stride=s, bias=False) for k, s in layers]
    for m in modules:
        nn.init.ones_(m.weight)
    x = torch.zeros(1, 1, size, size, requires_grad=True)
    out = nn.Sequential(*modules)(x)
    out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    rows = torch.nonzero(x.grad[0, 0].abs().sum(dim=1)).flatten()
    return int(rows.max() - rows.min() + 1)


def _check_field(ns, layers) -> None:
    got = ns.function("receptive_field")(list(layers))
    assert_integer(got, _measured_field(layers), f"receptive_field({layers})")


@ex.test("q5", points=1)
def field_of_three_convolutions(ns):
    """three 3x3 convolutions, stride 1: 7 pixels"""
    assert_integer(ns.function("receptive_field")([(3, 1)] * 3), 7, "receptive_field([(3, 1)] * 3)")


@ex.test("q5", points=1)
def field_with_pooling(ns):
    """conv 3x3, pool 2x2 (stride 2), conv 3x3: 8 pixels"""
    assert_integer(ns.function("receptive_field")([(3, 1), (2, 2), (3, 1)]), 8,
                   "receptive_field([(3, 1), (2, 2), (3, 1)])")


@ex.test("q5", points=1, hidden=True)
def fields_measured_with_gradients(ns):
    """stacks with strided convolutions and pooling, measured with gradients"""
    for layers in ([(7, 2), (3, 2), (3, 1), (3, 1)], [(5, 1), (2, 2), (5, 1), (2, 2), (3, 1)],
                   [(3, 2), (3, 2), (3, 2)]):
        _check_field(ns, layers)


@ex.test("q5", points=1, hidden=True)
def field_of_a_single_layer(ns):
    """one layer sees its kernel, whatever its stride"""
    for layers in ([(5, 3)], [(1, 1)], [(2, 2)]):
        _check_field(ns, layers)


# --- q6: residual block ----------------------------------------------------------------------

ex.question("q6", "A residual block", hints=[
    "self.main = nn.Sequential(conv, batch norm, ReLU, conv, batch norm); with kernel 3, "
    "padding=1 keeps the height and width.",
    "The stride goes on the first convolution of the main path only, and on the shortcut's "
    "1x1 convolution.",
    "The shortcut is nn.Identity() when stride == 1 and the channel counts match, else "
    "nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride=stride), nn.BatchNorm2d).",
])


def _block(ns, *args, **kwargs) -> nn.Module:
    cls = ns.value("ResidualBlock")
    if not callable(cls):
        raise AssertionError("`ResidualBlock` should be a class (an nn.Module)")
    block = cls(*args, **kwargs)
    if not isinstance(block, nn.Module):
        raise AssertionError(f"ResidualBlock(...) gave a {type(block).__name__}, not an "
                             "nn.Module: does the class inherit from nn.Module?")
    if not hasattr(block, "main") and not list(block.children()):
        raise NotAttempted("ResidualBlock has no layers yet: build self.main and "
                           "self.shortcut where it says `# YOUR CODE HERE`")
    return block


def _forward(block: nn.Module, x: torch.Tensor, what: str) -> torch.Tensor:
    out = block(x)
    if not isinstance(out, torch.Tensor):
        raise AssertionError(f"{what} returned a {type(out).__name__}, not a tensor")
    return out


def _check_shape(out: torch.Tensor, expected: tuple, what: str) -> None:
    if tuple(out.shape) != expected:
        raise AssertionError(f"{what} has shape {tuple(out.shape)}, expected {expected}")


@ex.test("q6", points=1)
def block_keeps_the_shape(ns):
    """ResidualBlock(8, 8) maps (2, 8, 12, 12) to the same shape"""
    out = _forward(_block(ns, 8, 8), torch.randn(2, 8, 12, 12), "ResidualBlock(8, 8)(x)")
    _check_shape(out, (2, 8, 12, 12), "ResidualBlock(8, 8)(x) for x of shape (2, 8, 12, 12)")


@ex.test("q6", points=1)
def block_downsamples_with_a_projection(ns):
    """ResidualBlock(8, 16, stride=2) maps (2, 8, 12, 12) to (2, 16, 6, 6)"""
    what = "ResidualBlock(8, 16, stride=2)(x)"
    out = _forward(_block(ns, 8, 16, stride=2), torch.randn(2, 8, 12, 12), what)
    _check_shape(out, (2, 16, 6, 6), f"{what} for x of shape (2, 8, 12, 12)")


@ex.test("q6", points=1, hidden=True)
def block_is_the_identity_when_its_weights_are_zero(ns):
    """with every parameter 0 the main path gives 0, so x >= 0 passes through unchanged"""
    block = _block(ns, 6, 6)
    x = torch.rand(3, 6, 9, 9) + 0.1
    with torch.no_grad():
        for p in block.parameters():
            p.zero_()
        for mode in ("train", "eval"):
            block.train(mode == "train")
            out = _forward(block, x, "ResidualBlock(6, 6)(x)")
            _check_shape(out, tuple(x.shape), "ResidualBlock(6, 6)(x)")
            assert_close(out, x, f"ResidualBlock(6, 6)(x) in {mode} mode with all parameters "
                         "set to 0 (the input should come through the shortcut)", atol=1e-6)


@ex.test("q6", points=1, hidden=True)
def block_handles_odd_sizes_and_has_two_convolutions(ns):
    """stride 2 takes 7x7 to 4x4, outputs are >= 0, the main path has two convolutions"""
    block = _block(ns, 4, 8, stride=2)
    x = torch.randn(2, 4, 7, 7, generator=_generator(6))
    out = _forward(block, x, "ResidualBlock(4, 8, stride=2)(x)")
    _check_shape(out, (2, 8, 4, 4), "ResidualBlock(4, 8, stride=2)(x) for x of shape "
                 "(2, 4, 7, 7)")
    if out.min() < 0:
        raise AssertionError("the block's output has negative values: apply the ReLU after "
                             "adding the shortcut")
    convs = [m for m in _block(ns, 8, 8).modules() if isinstance(m, nn.Conv2d)]
    if len(convs) < 2:
        raise AssertionError(f"ResidualBlock(8, 8) has {len(convs)} Conv2d layers; the main "
                             "path needs two")


# --- q7: augmentation that keeps labels ------------------------------------------------------

ex.question("q7", "Augmentation that keeps the label", hints=[
    "v2.RandomAffine(degrees=..., translate=(..., ...), scale=(..., ...)) rotates, shifts and "
    "rescales in one transform; keep each change small.",
    "Mirror images (flips) and rotations far beyond 20 degrees turn some digits into other "
    "digits (a 6 upside down is a 9) or into shapes that are no digit at all.",
    "Check your pipeline by looking at it: plot a digit and a dozen draws of the pipeline.",
])

SHIFT = 3  # pixels of translation that the similarity below forgives


@functools.lru_cache(maxsize=1)
def _digit_examples() -> torch.Tensor:
    """One training digit each of 2, 4, 6 and 7 (no mirror symmetry), (4, 1, 16, 16)."""
    from utils.data import load_digits

    X, y = load_digits(flatten=False, upscale=2, as_tensor=True).train
    return torch.stack([X[torch.nonzero(y == c)[0, 0]] for c in (2, 4, 6, 7)])


def _shifted(image: torch.Tensor) -> torch.Tensor:
    """Every shift of `image` (1, H, W) by up to SHIFT pixels, flattened and normalised."""
    h, w = image.shape[-2:]
    padded = F.pad(image, (SHIFT,) * 4)
    copies = torch.stack([padded[0, SHIFT + dy:SHIFT + dy + h, SHIFT + dx:SHIFT + dx + w]
                          for dy in range(-SHIFT, SHIFT + 1) for dx in range(-SHIFT, SHIFT + 1)])
    return _normalised(copies.reshape(len(copies), -1))


def _normalised(rows: torch.Tensor) -> torch.Tensor:
    rows = rows - rows.mean(dim=1, keepdim=True)
    return rows / rows.norm(dim=1, keepdim=True).clamp_min(1e-12)


def _similarity(a: torch.Tensor, references: torch.Tensor) -> float:
    """Correlation of `a` with the best-aligned shift of a reference image."""
    return float((references @ _normalised(a.reshape(1, -1).double())[0]).max())


def _augmented(ns, image: torch.Tensor, what: str) -> torch.Tensor:
    augment = ns.value("digit_augment")
    if not callable(augment):
        raise AssertionError("`digit_augment` should be a transform (a v2.Compose), got "
                             f"{type(augment).__name__}")
    out = augment(image.clone())
    if not isinstance(out, torch.Tensor):
        raise AssertionError(f"{what} returned a {type(out).__name__}, not a tensor")
    if tuple(out.shape) != tuple(image.shape):
        raise AssertionError(f"{what} changed the shape from {tuple(image.shape)} to "
                             f"{tuple(out.shape)}")
    return out.detach().double()


@ex.test("q7", points=1)
def augment_keeps_shape_and_range(ns):
    """each output has the input's shape (1, 16, 16) and values in [0, 1]"""
    for image in _digit_examples():
        for _ in range(10):
            out = _augmented(ns, image, "digit_augment(digit)")
            if out.min() < -1e-6 or out.max() > 1 + 1e-6:
                raise AssertionError(f"digit_augment(digit) gave values from {out.min():.3g} "
                                     f"to {out.max():.3g}; keep them in [0, 1]")


@ex.test("q7", points=1)
def augment_changes_the_images(ns):
    """at least half of 40 draws differ from the original digit"""
    images = _digit_examples()
    changed = sum(bool((_augmented(ns, image, "digit_augment(digit)") - image).abs().max() > 1e-3)
                  for image in images for _ in range(10))
    assert changed >= 20, (f"only {changed} of 40 augmented digits differ from the original: "
                           "the pipeline should change most images")


@ex.test("q7", points=1, hidden=True)
def augment_never_mirrors_or_turns_digits(ns):
    """no draw is closer to a mirrored or upside-down digit than to the digit itself"""
    broken, total = 0, 0
    for image in _digit_examples():
        original = _shifted(image.double())
        wrong = [_shifted(image.flip(-1).double()), _shifted(image.flip(-2).double()),
                 _shifted(torch.rot90(image, 2, (-2, -1)).double())]
        for _ in range(50):
            out = _augmented(ns, image, "digit_augment(digit)")
            broken += _similarity(out, original) <= max(_similarity(out, w) for w in wrong)
            total += 1
    assert broken <= 0.05 * total, (
        f"{broken} of {total} augmented digits look more like a mirrored or upside-down digit "
        "than like the original: drop flips and large rotations")


@ex.test("q7", points=1, hidden=True)
def augment_keeps_the_digit_recognisable(ns):
    """on average the augmented digit still matches the original (correlation >= 0.7)"""
    scores = []
    for image in _digit_examples():
        original = _shifted(image.double())
        scores += [_similarity(_augmented(ns, image, "digit_augment(digit)"), original)
                   for _ in range(25)]
    mean = sum(scores) / len(scores)
    assert mean >= 0.7, (f"the augmented digits correlate with the originals only {mean:.2f} on "
                         "average (best shift allowed): the changes are too strong")


# --- q8: a CNN for the digits ------------------------------------------------------------------

ex.question("q8", "A CNN for the digits, in a hurry", hints=[
    "Two blocks of Conv2d(3x3, padding=1), BatchNorm2d, ReLU and MaxPool2d(2) take 16x16 to "
    "4x4; then nn.Flatten() and a small nn.Linear head.",
    "Count: sum(p.numel() for p in model.parameters()) must stay under 60,000; the Linear "
    "layer after Flatten is usually the largest.",
    "Return a new model on every call (build it inside the function), untrained.",
])

MAX_PARAMS = 60_000


def _model(ns) -> nn.Module:
    model = ns.function("make_digits_cnn")()
    if not isinstance(model, nn.Module):
        raise AssertionError(f"make_digits_cnn() returned a {type(model).__name__}, not an "
                             "nn.Module")
    return model


@ex.test("q8", points=1)
def cnn_has_the_right_interface(ns):
    """(N, 1, 16, 16) -> (N, 10), with a Conv2d and under 60,000 parameters"""
    model = _model(ns)
    with torch.no_grad():
        out = model.eval()(torch.rand(5, 1, 16, 16))
    if not isinstance(out, torch.Tensor) or tuple(out.shape) != (5, 10):
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        raise AssertionError(f"the model maps a batch (5, 1, 16, 16) to {shape}, expected (5, 10)")
    if not any(isinstance(m, nn.Conv2d) for m in model.modules()):
        raise AssertionError("the model has no nn.Conv2d layer: this question asks for a CNN")
    n = sum(p.numel() for p in model.parameters())
    assert n < MAX_PARAMS, f"the model has {n:,} parameters; the limit is {MAX_PARAMS:,}"


@ex.test("q8", points=1)
def cnn_is_new_on_every_call(ns):
    """two calls give two separate models"""
    first, second = _model(ns), _model(ns)
    shared = {id(p) for p in first.parameters()} & {id(p) for p in second.parameters()}
    assert first is not second and not shared, (
        "make_digits_cnn() returned the same model (or shared parameters) twice: build a new "
        "one inside the function")


@ex.test("q8", points=3, hidden=True, seconds=120)
def cnn_learns_the_digits(ns):
    """trained with the recipe (Adam 0.003, batch 32, 10 epochs), test accuracy >= 0.97"""
    from utils.data import load_digits
    from utils.train import evaluate, fit

    digits = load_digits(flatten=False, upscale=2, as_tensor=True)
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(0)
    model = _model(ns)
    loader = DataLoader(TensorDataset(*digits.train), batch_size=32, shuffle=True,
                        generator=generator)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    fit(model, loader, nn.CrossEntropyLoss(), optimizer, 10, "cpu", progress=False)
    acc = evaluate(model, [digits.test], nn.CrossEntropyLoss(), "cpu")["acc"]
    assert acc >= 0.97, f"after training with the recipe, test accuracy is {acc:.3f}; need 0.97"
