"""Name a value computed in a notebook so that the text of the page can quote it.

The book's prose never types a number by hand: a cell computes it and calls
``glue("test_acc", acc)``, and the text says {glue:text}`test_acc:.3f`. This is
myst-nb's ``glue``; where myst-nb is not installed (Colab) the value is simply shown.
"""

from typing import Any

from IPython.display import display as _display

try:
    from myst_nb import glue as _myst_glue
except ImportError:  # the site builder is not needed to run a notebook
    _myst_glue = None


def _plain(variable: Any) -> Any:
    """A NumPy or PyTorch scalar as the Python number it holds.

    The page formats a glued value from its text form: ``np.float64(0.93)`` (NumPy 2's
    repr) cannot be read back as a number, ``0.93`` can.
    """
    item = getattr(variable, "item", None)
    if callable(item) and getattr(variable, "ndim", None) == 0:
        return item()
    return variable


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Record ``variable`` under ``name`` for the page's text, and show it when ``display``."""
    variable = _plain(variable)
    if _myst_glue is not None:
        _myst_glue(name, variable, display=display)
    elif display:
        _display(variable)


__all__ = ["glue"]
