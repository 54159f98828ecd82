"""What the tests see of a notebook: its variables, read through accessors that tell an
unanswered exercise (a missing name, a stub ``...``, a function that returns nothing) apart
from a wrong answer.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from typing import Any


class NotAttempted(Exception):
    """The answer a test needs is not there yet: the question scores 0, without a traceback."""


class Namespace:
    """Read-only view of a notebook's variables (IPython's ``user_ns``, or a module's globals).

    ``value(name)`` and ``function(name)`` raise ``NotAttempted`` when the name is missing or
    still holds the stub ``...``; a function obtained with ``function`` raises it when a call
    returns ``None`` or ``...``, which is what the generated stub returns.
    """

    def __init__(self, variables: Mapping[str, Any]) -> None:
        self._variables = variables

    def __contains__(self, name: str) -> bool:
        return name in self._variables

    def value(self, name: str) -> Any:
        """The value of ``name``; ``NotAttempted`` if it is undefined or still ``...``."""
        if name not in self._variables:
            raise NotAttempted(f"`{name}` is not defined: run the cell that defines it")
        value = self._variables[name]
        if value is Ellipsis:
            raise NotAttempted(f"`{name}` is still `...`: replace it with your answer")
        return value

    def function(self, name: str) -> Callable[..., Any]:
        """The function ``name``, wrapped so that it gets copies of its arguments.

        Copies keep a function that modifies its inputs from changing the test's data.
        """
        func = self.value(name)
        if not callable(func):
            raise AssertionError(f"`{name}` should be a function, but it holds a value of type "
                                 f"{type(func).__name__}: was it overwritten?")

        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> Any:
            result = func(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            if result is None or result is Ellipsis:
                raise NotAttempted(f"`{name}` returned {result!r}: write your answer where it "
                                   "says `# YOUR CODE HERE`, and `return` the result")
            return result

        return call
