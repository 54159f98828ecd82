"""Name a value computed in a notebook so that the text of the page can quote it.

The book's prose never types a number by hand: a cell computes it and calls
``glue("test_acc", acc)``, and the text says {glue:text}`test_acc:.3f`. This is
myst-nb's ``glue``; where myst-nb is not installed (Colab) the value is simply shown.
"""

from typing import Any

from IPython.display import display as _display

try:
    from myst_nb import glue
except ImportError:  # the site builder is not needed to run a notebook

    def glue(name: str, variable: Any, display: bool = True) -> None:
        """Show ``variable`` (when ``display``); the name matters only when building the site."""
        if display:
            _display(variable)


__all__ = ["glue"]
