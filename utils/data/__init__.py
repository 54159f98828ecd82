"""The book's data sets: bundled with a package or generated, so every chapter runs offline."""

from utils.data.digits import Splits, load_digits
from utils.data.public import load_cifar10, load_fashion_mnist
from utils.data.sequences import DATE_FORMATS, date_pairs, sine_waves
from utils.data.shapes import SHAPE_CLASSES, make_shapes
from utils.data.text import TextData, load_text

__all__ = ["DATE_FORMATS", "SHAPE_CLASSES", "Splits", "TextData", "date_pairs", "load_cifar10",
           "load_digits", "load_fashion_mnist", "load_text", "make_shapes", "sine_waves"]
