"""Procedurally generated RGB images of simple shapes: a seeded, offline image-classification set.

Each shape is drawn from a signed distance to its outline, measured in units of the shape's
radius in coordinates that are centred on the shape and rotated with it; the distance gives
both the inside test and one pixel of anti-aliasing. Everything is vectorised over a chunk of
images, so 20,000 images of 32x32 take a few seconds and memory stays small.
"""

from collections.abc import Sequence

import numpy as np

SHAPE_CLASSES = ("circle", "ring", "square", "triangle", "pentagon", "hexagon", "star", "cross")

_PIXELS_PER_CHUNK = 2**20  # about 4 MB per float32 work array, whatever the image size
_RADIUS_RANGE = (0.28, 0.45)  # shape radius as a fraction of the image side


def _star_distance(rho: np.ndarray, phi: np.ndarray, points: int, inner: float) -> np.ndarray:
    """Signed distance inside a star whose outer vertices lie on the unit circle.

    The star has ``points`` outer vertices at radius 1 and inner vertices at radius ``inner``
    between them; ``inner = cos(pi / points)`` makes the edges straight: a regular polygon.
    By symmetry every point folds into the wedge between an outer vertex (angle 0) and the
    next inner vertex (angle pi / points), where the outline is one straight edge.
    """
    half = np.pi / points
    a = np.mod(phi, 2 * half)
    a = np.minimum(a, 2 * half - a)
    outer = np.array([1.0, 0.0])
    edge = np.array([inner * np.cos(half), inner * np.sin(half)]) - outer
    normal = np.array([edge[1], -edge[0]]) / np.hypot(*edge)  # points away from the centre
    return (normal @ outer - rho * (normal[0] * np.cos(a) + normal[1] * np.sin(a))).astype(
        np.float32
    )


def _box_distance(u: np.ndarray, v: np.ndarray, half_u: float, half_v: float) -> np.ndarray:
    """Signed distance (inside, approximately) of an axis-aligned box in rotated coordinates."""
    return np.minimum(half_u - np.abs(u), half_v - np.abs(v))


def _distance(name: str, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Signed distance inside shape ``name`` (positive inside), in units of the shape radius.

    ``u`` and ``v`` are coordinates centred on the shape, rotated with it and divided by its
    radius; every shape fits inside the unit circle.
    """
    rho = np.hypot(u, v)
    if name == "circle":
        return 1 - rho
    if name == "ring":
        return np.minimum(1 - rho, rho - 0.55)
    if name == "square":
        return _box_distance(u, v, 0.7, 0.7)
    if name == "cross":
        return np.maximum(_box_distance(u, v, 0.92, 0.28), _box_distance(u, v, 0.28, 0.92))
    phi = np.arctan2(v, u)
    if name == "star":
        return _star_distance(rho, phi, 5, 0.42)
    sides = {"triangle": 3, "pentagon": 5, "hexagon": 6}[name]
    return _star_distance(rho, phi, sides, np.cos(np.pi / sides))


def _hsv_to_rgb(h: np.ndarray, s: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Convert hue, saturation, value arrays of shape (m,) in [0, 1] to RGB of shape (m, 3)."""
    k = (np.array([5, 3, 1]) + 6 * h[:, None]) % 6
    return v[:, None] - (v * s)[:, None] * np.clip(np.minimum(k, 4 - k), 0, 1)


def _colours(rng: np.random.Generator, n: int, background: bool) -> tuple[np.ndarray, ...]:
    """Draw background start/end colours and shape colours, each of shape (n, 3).

    The shape's hue is at least a quarter turn of the colour wheel away from the background's
    and its brightness (HSV value) differs by at least 0.4, so every shape stands out.
    """
    if not background:
        black = np.zeros((n, 3))
        shape = _hsv_to_rgb(rng.random(n), rng.uniform(0.3, 1, n), rng.uniform(0.5, 1, n))
        return black, black, shape
    hue, value = rng.random(n), rng.uniform(0.1, 0.9, n)
    start = _hsv_to_rgb(hue, rng.uniform(0.2, 0.8, n), value)
    end = np.clip(start + rng.uniform(-0.15, 0.15, (n, 3)), 0, 1)
    dark = value >= 0.5
    darker = rng.uniform(0, 1, n) * (value - 0.4)  # at least 0.4 below the background
    brighter = value + 0.4 + rng.uniform(0, 1, n) * (0.6 - value)  # or 0.4 above it
    shape_value = np.where(dark, darker, brighter)
    shape_hue = (hue + rng.uniform(0.25, 0.75, n)) % 1
    shape = _hsv_to_rgb(shape_hue, rng.uniform(0.4, 1, n), shape_value)
    return start, end, shape


def _check_args(n: int, size: int, classes: Sequence[str] | None) -> tuple[str, ...]:
    if n <= 0:
        raise ValueError(f"n must be a positive number of images, got {n}")
    if size < 8:
        raise ValueError(f"size must be at least 8 pixels, got {size}")
    if classes is None:
        return SHAPE_CLASSES
    if isinstance(classes, str):
        raise ValueError(f"classes must be a list of names, not the string {classes!r}")
    classes = tuple(classes)
    unknown = [c for c in classes if c not in SHAPE_CLASSES]
    if unknown:
        raise ValueError(f"unknown shape classes {unknown}; allowed: {list(SHAPE_CLASSES)}")
    if len(set(classes)) != len(classes):
        raise ValueError(f"classes must not repeat a name, got {list(classes)}")
    if not classes:
        raise ValueError(f"classes must name at least one shape from {list(SHAPE_CLASSES)}")
    return classes


def make_shapes(
    n: int,
    size: int = 32,
    classes: Sequence[str] | None = None,
    seed: int = 0,
    background: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Generate ``n`` RGB images of random shapes and their labels.

    Returns X of shape (n, 3, size, size), float32 in [0, 1], and y of shape (n,), int64,
    where ``y[i]`` indexes ``classes`` (all of ``SHAPE_CLASSES`` when None; pass a list of
    names to pick a subset, whose order defines the label ids). Classes are balanced.
    Each shape has a random position (always inside the image), radius, rotation and colour.
    ``background=True`` paints a textured background (a random colour, a linear gradient to
    a second colour and mild noise); ``False`` leaves it black. The same ``seed`` gives the
    same images, so a chapter can regenerate its data set instead of downloading it.
    """
    classes = _check_args(n, size, classes)
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n) % len(classes)).astype(np.int64)
    radius = rng.uniform(*_RADIUS_RANGE, n) * size
    centre = rng.uniform(radius[:, None], size - radius[:, None], (n, 2))  # (x, y), in pixels
    angle = rng.uniform(0, 2 * np.pi, n)
    gradient_angle = rng.uniform(0, 2 * np.pi, n)
    start, end, colour = (c.astype(np.float32) for c in _colours(rng, n, background))

    X = np.empty((n, 3, size, size), dtype=np.float32)
    pixel = np.arange(size, dtype=np.float32) + 0.5  # pixel centres
    chunk = max(1, _PIXELS_PER_CHUNK // (size * size))
    for lo in range(0, n, chunk):
        part = slice(lo, min(lo + chunk, n))
        dx = pixel[None, None, :] - centre[part, 0, None, None].astype(np.float32)
        dy = pixel[None, :, None] - centre[part, 1, None, None].astype(np.float32)
        cos = np.cos(angle[part]).astype(np.float32)[:, None, None]
        sin = np.sin(angle[part]).astype(np.float32)[:, None, None]
        r = radius[part].astype(np.float32)[:, None, None]
        u, v = (dx * cos + dy * sin) / r, (dy * cos - dx * sin) / r

        dist = np.empty_like(u)
        for label, name in enumerate(classes):
            mask = labels[part] == label
            dist[mask] = _distance(name, u[mask], v[mask])
        alpha = np.clip(0.5 + dist * r, 0, 1)[:, None]  # one pixel of anti-aliasing

        # t runs from about 0 to 1 across the image, along the gradient's direction
        gx = np.cos(gradient_angle[part]).astype(np.float32)[:, None, None]
        gy = np.sin(gradient_angle[part]).astype(np.float32)[:, None, None]
        offset = (pixel - size / 2) / (size * np.sqrt(2, dtype=np.float32))
        t = (0.5 + offset[None, None, :] * gx + offset[None, :, None] * gy)[:, None]
        bg = (1 - t) * start[part, :, None, None] + t * end[part, :, None, None]
        img = (1 - alpha) * bg + alpha * colour[part, :, None, None]
        if background:
            img += rng.normal(0, 0.03, img.shape).astype(np.float32)
        X[part] = np.clip(img, 0, 1)
    return X, labels
