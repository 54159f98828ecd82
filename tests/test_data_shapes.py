import time

import numpy as np
import pytest

from utils.data import SHAPE_CLASSES, make_shapes


def test_shapes_types_and_range():
    X, y = make_shapes(64, size=16)
    assert X.shape == (64, 3, 16, 16) and X.dtype == np.float32 and y.dtype == np.int64
    assert 0 <= X.min() and X.max() <= 1
    assert set(y) == set(range(len(SHAPE_CLASSES)))


def test_same_seed_same_images_other_seed_other_images():
    a, b, c = make_shapes(20, seed=3)[0], make_shapes(20, seed=3)[0], make_shapes(20, seed=4)[0]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_subset_of_classes_defines_label_ids():
    X, y = make_shapes(30, classes=["star", "circle"], seed=1)
    assert set(y) == {0, 1}


def test_classes_look_different_on_average():
    X, y = make_shapes(800, size=32, background=False, seed=2)
    means = np.stack([X[y == k].mean(axis=(0, 1)) for k in range(len(SHAPE_CLASSES))])
    distances = np.abs(means[:, None] - means[None]).mean(axis=(2, 3))
    off_diagonal = distances[~np.eye(len(SHAPE_CLASSES), dtype=bool)]
    assert off_diagonal.min() > 0.005


def test_shape_contrasts_with_its_background():
    X, _ = make_shapes(200, size=32, seed=5)
    corners = X[:, :, [0, 0, -1, -1], [0, -1, 0, -1]].mean(axis=2)  # background colour
    spread = np.abs(X - corners[:, :, None, None]).sum(axis=1).max(axis=(1, 2))
    assert np.all(spread > 0.3), "some image has a shape that barely differs from its background"


def test_twenty_thousand_images_in_a_few_seconds():
    start = time.perf_counter()
    make_shapes(20_000, size=32)
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 0}, "positive"), ({"n": 5, "size": 4}, "at least 8"),
    ({"n": 5, "classes": ["blob"]}, "allowed"), ({"n": 5, "classes": ["star", "star"]}, "repeat"),
])
def test_bad_arguments_are_rejected(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_shapes(**kwargs)
