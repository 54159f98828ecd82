"""Tests of utils.plot: each helper returns a Figure with the content it promises."""

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from utils.plot import (
    TRAIN_COLOR,
    VAL_COLOR,
    confusion_matrix,
    plot_confusion_matrix,
    plot_history,
    show_images,
)
from utils.train import History

matplotlib.use("Agg")  # no display in tests; no figure exists yet, so switching is safe


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def history(epochs: int = 4) -> History:
    loss = [1.0 / (e + 1) for e in range(epochs)]
    acc = [0.5 + 0.1 * e for e in range(epochs)]
    return History(loss, acc, [x + 0.1 for x in loss], [x - 0.05 for x in acc], [0.1] * epochs)


def is_red(color) -> bool:
    r, g, b, _ = to_rgba(color)
    return r > 0.7 and g < 0.35 and b < 0.35


def background_pixel(fig: Figure) -> np.ndarray:
    """The RGBA of the top-left pixel of the figure saved as a PNG, as a notebook saves it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    buffer.seek(0)
    return plt.imread(buffer)[0, 0]


def test_plot_history_draws_train_and_validation_per_metric():
    fig = plot_history(history(4))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    for ax, ylabel in zip(fig.axes, ["loss", "accuracy"], strict=True):
        assert ax.get_xlabel() == "epoch"
        assert ax.get_ylabel() == ylabel
        train, val = ax.lines
        assert to_rgba(train.get_color()) == to_rgba(TRAIN_COLOR)
        assert to_rgba(val.get_color()) == to_rgba(VAL_COLOR)
        assert list(train.get_xdata()) == [1, 2, 3, 4]
    np.testing.assert_allclose(fig.axes[0].lines[1].get_ydata(), history(4).val_loss)


def test_train_and_validation_colours_differ():
    assert to_rgba(TRAIN_COLOR) != to_rgba(VAL_COLOR)


def test_plot_history_accepts_a_dict_and_a_single_metric():
    fig = plot_history(history(3).as_dict(), metrics=("loss",))
    assert len(fig.axes) == 1
    assert fig.axes[0].get_ylabel() == "loss"


def test_plot_history_without_validation_draws_only_the_train_curve():
    fig = plot_history(History(train_loss=[0.9, 0.5], train_acc=[0.6, 0.8]))
    assert [len(ax.lines) for ax in fig.axes] == [1, 1]


def test_plot_history_rejects_unknown_and_unrecorded_metrics():
    with pytest.raises(ValueError, match="metrics must be chosen from"):
        plot_history(history(), metrics=("loss", "f1"))
    regression = History(train_loss=[0.9, 0.5], train_acc=[float("nan")] * 2)
    with pytest.raises(ValueError, match="no 'acc' values"):
        plot_history(regression)


@pytest.mark.parametrize(
    ("shape", "shown"),
    [
        ((5, 8, 8), (8, 8)),
        ((5, 1, 8, 8), (8, 8)),
        ((5, 3, 8, 8), (8, 8, 3)),
        ((5, 64), (8, 8)),
    ],
)
@pytest.mark.parametrize("as_tensor", [False, True])
def test_show_images_accepts_each_shape(shape, shown, as_tensor):
    images = np.random.default_rng(0).random(shape, dtype=np.float32)
    fig = show_images(torch.from_numpy(images) if as_tensor else images, ncols=3)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 5
    assert all(ax.images[0].get_array().shape == shown for ax in fig.axes)


def test_show_images_shows_rgb_channels_in_order():
    images = np.zeros((1, 3, 4, 4), dtype=np.float32)
    images[0, 0] = 1.0  # a pure red image
    shown = show_images(images).axes[0].images[0].get_array()
    assert shown[..., 0].min() == 1.0 and shown[..., 1:].max() == 0.0


def test_show_images_rescales_normalised_rgb_instead_of_clipping_it():
    images = np.linspace(-2, 2, 48, dtype=np.float32).reshape(1, 3, 4, 4)  # mean 0, like z-scores
    shown = np.asarray(show_images(images).axes[0].images[0].get_array())
    np.testing.assert_allclose(shown, (images[0].transpose(1, 2, 0) + 2) / 4, atol=1e-6)


@pytest.mark.parametrize("shape", [(5, 63), (5, 2, 8, 8), (5, 8, 8, 3), (64,), (0, 8, 8)])
def test_show_images_rejects_other_shapes(shape):
    with pytest.raises(ValueError, match="images|no images"):
        show_images(np.zeros(shape))


def test_show_images_titles_labels_with_class_names():
    fig = show_images(np.zeros((3, 4, 4)), labels=[2, 0, 1], class_names=["cat", "dog", "eel"])
    assert [ax.get_title() for ax in fig.axes] == ["eel", "cat", "dog"]


def test_show_images_titles_predictions_and_marks_mistakes_in_red():
    labels, predictions = torch.tensor([0, 1, 2, 3]), torch.tensor([0, 2, 2, 1])
    fig = show_images(np.zeros((4, 4, 4)), labels, predictions, ncols=2)
    titles = [ax.title for ax in fig.axes]
    assert [t.get_text() for t in titles] == ["0 (0)", "2 (1)", "2 (2)", "1 (3)"]
    assert [is_red(t.get_color()) for t in titles] == [False, True, False, True]


def test_show_images_lays_out_rows_of_ncols():
    fig = show_images(np.zeros((10, 4, 4)), ncols=4)
    assert fig.axes[-1].get_subplotspec().get_geometry()[:2] == (3, 4)


def test_show_images_rejects_fewer_than_one_column():
    with pytest.raises(ValueError, match="ncols must be at least 1, got 0"):
        show_images(np.zeros((3, 4, 4)), ncols=0)


def test_show_images_rejects_labels_of_the_wrong_length():
    with pytest.raises(ValueError, match="labels must hold one class index per image"):
        show_images(np.zeros((3, 4, 4)), labels=[0, 1])


def test_confusion_matrix_counts_true_rows_against_predicted_columns():
    counts = confusion_matrix([0, 0, 1, 2, 2, 2], torch.tensor([0, 1, 1, 2, 0, 2]), 3)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])


@pytest.mark.parametrize(
    ("targets", "predictions"),
    [([0, 3], [0, 1]), ([0, -1], [0, 1]), ([0.0, 1.0], [0, 1]), ([0, 1, 2], [0, 1])],
)
def test_confusion_matrix_rejects_bad_indices(targets, predictions):
    with pytest.raises(ValueError, match="class indices|differ in length"):
        confusion_matrix(targets, predictions, 3)


def test_plot_confusion_matrix_writes_each_count_in_its_cell():
    names = ["circle", "square", "star"]
    fig = plot_confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2]), names)
    (ax,) = fig.axes
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t for t in ax.texts}
    assert len(cells) == 9
    assert cells[(2, 2)].get_text() == "2" and cells[(0, 1)].get_text() == "1"
    assert cells[(1, 2)].get_text() == "0"
    assert to_rgba(cells[(2, 2)].get_color()) == to_rgba("white")  # the darkest cell
    assert to_rgba(cells[(1, 2)].get_color()) == to_rgba("black")
    assert ax.get_xlabel() == "predicted" and ax.get_ylabel() == "true"
    assert [t.get_text() for t in ax.get_xticklabels()] == names
    assert [t.get_text() for t in ax.get_yticklabels()] == names


@pytest.mark.parametrize(
    "make",
    [
        lambda: plot_history(history()),
        lambda: show_images(np.zeros((2, 4, 4))),
        lambda: plot_confusion_matrix([0, 1], [1, 1], ["a", "b"]),
    ],
    ids=["history", "images", "confusion"],
)
def test_figures_keep_a_white_background_under_a_transparent_style(make):
    with plt.rc_context({"figure.facecolor": "none", "savefig.facecolor": "auto"}):
        fig = make()
        assert to_rgba(fig.get_facecolor()) == to_rgba("white")
        np.testing.assert_allclose(background_pixel(fig), [1, 1, 1, 1])
