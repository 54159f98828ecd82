"""The offline data sets of the book."""

from utils.data.digits import Splits, load_digits

__all__ = ["Splits", "load_digits"]
