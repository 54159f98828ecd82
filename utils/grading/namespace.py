"""What a test sees of a notebook: plain data computed by the student's code, never the code.

A test runs in the grader and asks for answers through a ``Namespace``::

    got = ns.function("accuracy")(scores, labels)       # the student's function, called
    assert_close(got, 0.75, "accuracy(scores, labels)")  # judged here

``ns.function(name)`` returns a stand-in: calling it sends the arguments, as plain data, to
where the notebook's code lives (``in_kernel.handle``), which calls the real function and
sends back what it returned, again as plain data. ``ns.value(name)`` reads a variable the
same way, and ``ns.probe(func, ...)`` runs one of the tests' own small functions there, for
answers that are objects (a model, a dataset): the probe turns them into numbers.

Two namespaces share this behaviour: ``LocalNamespace`` (``check`` in the notebook, where
grader and student share a process and nothing needs protecting) and the batch grader's
``KernelNamespace`` (``batch.py``), which talks to the submission's own kernel. Both go
through the same JSON, so a test behaves the same in ``check`` and in grading.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, MutableMapping
from typing import Any

from utils.grading import wire
from utils.grading.in_kernel import NotAttempted, handle
from utils.grading.wire import Code, Opaque, Rng

__all__ = ["Code", "KernelTimeout", "Namespace", "LocalNamespace", "NotAttempted", "Opaque",
           "Rng", "StudentError", "raises"]


DEFAULT_SECONDS = 5.0


class StudentError(Exception):
    """The student's code raised an exception (or the kernel died) while computing an answer.

    ``kinds`` holds the names of the exception's class and its bases (``["ValueError",
    "Exception", ...]``), for tests of questions that ask for an error: see ``raises``.
    """

    def __init__(self, message: str, kinds: list[str] | None = None) -> None:
        super().__init__(message)
        self.kinds = list(kinds or [])

    def raised(self, kind: str) -> bool:
        """Whether the student's exception is a ``kind`` (``"ValueError"``) or a subclass."""
        return kind in self.kinds


class KernelTimeout(Exception):
    """The student's code was still running when the test's time was up."""


class Namespace:
    """The notebook, seen from a test. Subclasses say how a request reaches the notebook."""

    def __init__(self, quiet: bool = True) -> None:
        self.quiet = quiet
        self.bans: list[str] = []
        self._seed: int | None = 0
        self._left = DEFAULT_SECONDS  # seconds the student's code may still run in this test

    def begin(self, seconds: float, bans: list[str] | None = None) -> None:
        """Start a test: its time budget, the functions its question bans, a fresh seed.

        The budget counts only the time the student's code runs: what the test computes
        here (a reference training run, say) is not charged to the student.
        """
        self._left = seconds
        self.bans = list(bans or [])
        self._seed = 0

    def _exchange(self, request: dict) -> Any:
        """Send ``request`` (JSON-ready) to the notebook; its response, as parsed JSON."""
        raise NotImplementedError

    def _ask(self, request: dict, what: str) -> dict:
        """Send a request with the test's seed, time and bans; the checked response."""
        if self._left <= 0:
            raise KernelTimeout("the test ran out of time")
        request = {**request, "seconds": self._left, "bans": self.bans, "seed": self._seed,
                   "quiet": self.quiet}
        self._seed = None  # only the first request of a test reseeds
        started = time.monotonic()
        response = self._exchange(request)
        self._left -= time.monotonic() - started
        if not isinstance(response, dict) or not isinstance(response.get("status"), str):
            raise AssertionError(f"{what}: no well-formed answer came back")
        banned = response.get("banned")
        if not isinstance(banned, list) or not all(isinstance(b, str) for b in banned):
            raise AssertionError(f"{what}: no well-formed answer came back")
        if banned:
            raise AssertionError(f"{what} calls {', '.join(sorted(set(banned)))}, which this "
                                 "question does not allow (see the question's text)")
        status, message = response["status"], str(response.get("message", ""))[:2000]
        if status == "ok":
            if "value" not in response:
                raise AssertionError(f"{what}: no well-formed answer came back")
            return response
        if status == "not attempted":
            raise NotAttempted(message)
        if status == "failed":
            raise AssertionError(message)
        if status == "timeout":
            raise KernelTimeout(f"{what} did not finish in time")
        if status == "banned":  # only if the student's code hid the call from the report
            raise AssertionError(f"{what}: {message}")
        if status == "error":
            kinds = response.get("kinds")
            kinds = [k for k in kinds if isinstance(k, str)] if isinstance(kinds, list) else []
            raise StudentError(message, kinds)
        raise AssertionError(f"{what}: no well-formed answer came back")

    @staticmethod
    def _value(response: dict, what: str) -> Any:
        try:
            return wire.decode(response["value"])
        except wire.WireError as error:
            raise AssertionError(f"{what} returned something the grader cannot read: "
                                 f"{error}") from None

    def value(self, name: str) -> Any:
        """The value of the notebook variable ``name``, as plain data."""
        return self._value(self._ask({"op": "value", "name": name}, f"`{name}`"), f"`{name}`")

    def function(self, name: str, may_modify: bool = False, may_alias: bool = True,
                 replace: dict[str, Callable[..., Any]] | None = None) -> Callable[..., Any]:
        """A stand-in for the notebook's function ``name``: call it with plain data.

        A call fails when the function changes one of its arguments in place (unless
        ``may_modify``) or, with ``may_alias=False``, returns an array that shares memory
        with an argument; it is not attempted when the function returns ``None`` or ``...``.
        ``replace`` maps names of earlier answers to the tests' own functions (module-level
        ``def``s, sent as ``Code``), bound in the notebook during the call, so that an
        answer that reuses an earlier one is not marked down for the earlier one's mistake.
        """
        helpers = wire.encode({k: Code(v) for k, v in (replace or {}).items()})

        def call(*args: Any, **kwargs: Any) -> Any:
            what = f"{name}(...)"
            request = {"op": "call", "name": name, "args": wire.encode(list(args)),
                       "kwargs": wire.encode(dict(kwargs)), "replace": helpers}
            response = self._ask(request, what)
            modified, aliased = response.get("modified"), response.get("aliased")
            if not isinstance(modified, list) or not isinstance(aliased, list):
                raise AssertionError(f"{what}: no well-formed answer came back")
            if modified and not may_modify:
                names = ", ".join(f"`{n}`" for n in modified)
                raise AssertionError(f"{name} changed its input {names} in place: the caller "
                                     "still needs it. Work on a copy, or build a new array")
            if aliased and not may_alias:
                names = ", ".join(f"`{n}`" for n in aliased)
                raise AssertionError(f"{name} returned an array that shares memory with its "
                                     f"input {names}: changing one would change the other; "
                                     "return a new array")
            return self._value(response, what)

        call.__name__ = name
        return call

    def probe(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run the tests' ``func(variables, *args, **kwargs)`` next to the notebook's code.

        ``func`` runs where the student's objects live and must return plain data; it gets
        an ``in_kernel.Variables`` (``value``, ``function``, ``cls``) and only the names
        ``np`` and ``math`` besides its own imports.
        """
        source = wire.encode(Code(func))["__code__"]
        request = {"op": "probe", **source, "args": wire.encode(list(args)),
                   "kwargs": wire.encode(dict(kwargs))}
        what = func.__doc__.strip().splitlines()[0] if func.__doc__ else func.__name__
        return self._value(self._ask(request, what), what)


def raises(kind: str, call: Callable[[], Any], what: str) -> None:
    """``call()`` must make the student's code raise ``kind`` (``"ValueError"``)."""
    try:
        got = call()
    except StudentError as error:
        if error.raised(kind):
            return
        raise AssertionError(f"{what} raised {error}; expected {kind}") from None
    raise AssertionError(f"{what} returned {got!r}; expected it to raise {kind}")


class LocalNamespace(Namespace):
    """The notebook's own variables, in this process: what ``check`` uses."""

    def __init__(self, variables: MutableMapping[str, Any], quiet: bool = True) -> None:
        super().__init__(quiet)
        self._variables = variables

    def __contains__(self, name: str) -> bool:
        return name in self._variables

    def _exchange(self, request: dict) -> Any:
        request = json.loads(json.dumps(request, allow_nan=False))
        return json.loads(json.dumps(handle(request, self._variables), allow_nan=False))
