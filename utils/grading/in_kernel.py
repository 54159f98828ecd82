"""The part of grading that runs next to the student's code: it computes, it never judges.

A test in the grader asks for one thing at a time (a *request*): call the student's function
``accuracy`` on these arrays, read the variable ``answer``, or run this *probe* (a small
function whose source the grader sends) on the student's objects. ``handle`` does it and
answers with plain data only (``wire.encode``), plus what it saw on the way: which arguments
came back changed, which results share memory with an argument, and which banned functions
were called. Whether the answer is right is decided by the grader, in its own process
(``namespace.Namespace``), which no student code runs in; so nothing a notebook does to
this module, to NumPy or to the tests can turn a wrong answer into points.

``check`` in a notebook calls ``handle`` directly; batch grading writes the request to a
file and runs ``serve`` in the student's kernel.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import inspect
import io
import json
import random
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import numpy as np

from utils.grading import wire

PRINT_LIMIT = 10_000  # characters of printed output kept while student code runs


class NotAttempted(Exception):
    """The answer a test needs is not there yet: the question scores 0, without a traceback."""


class TestTimeout(BaseException):
    """Raised in student code that ran past its time; a ``BaseException``, so that a
    student's ``except Exception`` cannot swallow it."""


class BannedCall(BaseException):
    """Raised when student code calls a function that the question does not allow."""


# --- limits on student code: time, printing, seeds, bans ----------------------------------

@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TestTimeout`` in the block after ``seconds`` (Unix main thread; else no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TestTimeout(f"stopped after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _BoundedText(io.StringIO):
    """A text sink that keeps only the first ``PRINT_LIMIT`` characters written to it."""

    def write(self, text: str) -> int:
        room = PRINT_LIMIT - self.tell()
        if room > 0:
            super().write(text[:room])
        return len(text)


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy and (if imported) torch, so that tests that draw random data repeat."""
    random.seed(seed)
    np.random.seed(seed)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)


def _resolve(dotted: str) -> tuple[Any, str]:
    """The object that holds the attribute ``dotted`` names, and the attribute's name."""
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:-1]:
            owner = getattr(owner, part)
        return owner, parts[-1]
    raise ValueError(f"cannot ban {dotted!r}: no such module")


@contextlib.contextmanager
def replaced(names: dict[str, Any], variables: MutableMapping[str, Any]) -> Iterator[None]:
    """Bind ``names`` (the tests' own, correct, functions) in the notebook while a call runs.

    So that a later answer that calls an earlier one (``cross_entropy`` calling the
    student's ``softmax``) is judged on its own: a mistake is not charged twice.
    """
    missing = object()
    saved = {name: variables.get(name, missing) for name in names}
    variables.update(names)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                variables.pop(name, None)
            else:
                variables[name] = value


def _restorer(owner: Any, attribute: str, original: Any) -> Callable[[], None]:
    """Undo ``setattr(owner, attribute, ...)``; an inherited method goes back to inherited.

    Otherwise banning ``AdamW.step`` would leave ``AdamW`` its own copy of ``Adam.step``,
    and a later ban of ``Adam.step`` would miss ``AdamW``.
    """
    own = attribute in getattr(owner, "__dict__", {attribute: None})
    if own:
        return lambda: setattr(owner, attribute, original)
    return lambda: delattr(owner, attribute)


@contextlib.contextmanager
def bans(names: list[str], variables: MutableMapping[str, Any]) -> Iterator[list[str]]:
    """Replace each banned function (``"numpy.broadcast_shapes"``) with one that raises.

    The notebook's own names bound to a banned function (``from torch.nn.functional import
    conv2d``) are replaced too. Yields the list of banned names that were called, which is
    filled even when the student's code catches the exception.
    """
    used: list[str] = []
    undo: list[Callable[[], None]] = []

    def forbid(name: str) -> Callable[..., Any]:
        def banned(*args: Any, **kwargs: Any) -> Any:
            used.append(name)
            raise BannedCall(f"{name} is not allowed in this question")
        return banned

    try:
        for name in names:
            owner, attribute = _resolve(name)
            original = getattr(owner, attribute)
            replacement = forbid(name)
            undo.append(_restorer(owner, attribute, original))
            setattr(owner, attribute, replacement)
            for key, value in list(variables.items()):
                if value is original:
                    variables[key] = replacement
                    undo.append(lambda k=key, v=original: variables.__setitem__(k, v))
        yield used
    finally:
        for restore in reversed(undo):
            restore()


# --- inputs that must come back unchanged --------------------------------------------------

def same(a: Any, b: Any) -> bool:
    """``a`` and ``b`` hold the same data (arrays and tensors compared exactly, NaN = NaN)."""
    torch = sys.modules.get("torch")
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                and a.shape == b.shape and a.dtype == b.dtype
                and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))
    if torch is not None and (isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor)):
        if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)
                and a.shape == b.shape and a.dtype == b.dtype):
            return False
        a, b = a.detach().cpu(), b.detach().cpu()
        if a.is_floating_point() or a.is_complex():
            return bool(torch.equal(a.isnan(), b.isnan())
                        and torch.equal(a.nan_to_num(0.5), b.nan_to_num(0.5)))
        return bool(torch.equal(a, b))
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(same(x, y) for x, y in zip(a, b)))
    if isinstance(a, dict):
        return (type(b) is dict and a.keys() == b.keys()
                and all(same(a[k], b[k]) for k in a))
    if isinstance(a, (int, float, complex, str, bytes, np.generic)) or a is None:
        try:
            return bool(a == b) or (a != a and b != b)
        except Exception:
            return False
    return True  # not data (a generator that advances, a function): not the caller's data


def _arrays(value: Any) -> Iterator[Any]:
    """Every NumPy array and tensor inside ``value`` (lists, tuples, dict values)."""
    torch = sys.modules.get("torch")
    if isinstance(value, np.ndarray) or (torch is not None and isinstance(value, torch.Tensor)):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _arrays(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arrays(item)


def _shares_memory(a: Any, b: Any) -> bool:
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
        return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()
    return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
            and bool(np.shares_memory(a, b)))


def _argument_names(func: Callable, args: list, kwargs: dict) -> list[tuple[str, Any]]:
    """(name, value) of each argument as the function sees it; ``argument 1`` if unknown."""
    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
        named = list(bound.arguments.items())
        if len(named) == len(args) + len(kwargs):
            return named
    except (TypeError, ValueError):
        pass
    return ([(f"argument {i + 1}", a) for i, a in enumerate(args)] + list(kwargs.items()))


# --- what a probe sees of the notebook ----------------------------------------------------

class Variables:
    """The notebook's variables as a probe sees them: the student's real objects."""

    def __init__(self, variables: MutableMapping[str, Any]) -> None:
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
        """The function ``name``; a call that returns ``None`` or ``...`` is not attempted."""
        func = self.value(name)
        if not callable(func):
            raise AssertionError(f"`{name}` should be a function, but it holds a value of "
                                 f"type {type(func).__name__}: was it overwritten?")

        def call(*args: Any, **kwargs: Any) -> Any:
            result = func(*args, **kwargs)
            if result is None or result is Ellipsis:
                raise NotAttempted(f"`{name}` returned {result!r}: write your answer where "
                                   "it says `# YOUR CODE HERE`, and `return` the result")
            return result

        return call

    def cls(self, name: str) -> type:
        """The class ``name``; ``NotAttempted`` while it still has no methods of its own."""
        value = self.value(name)
        if not isinstance(value, type):
            raise AssertionError(f"`{name}` should be a class, got {type(value).__name__}")
        own = [k for k, v in vars(value).items() if callable(v) and not k.startswith("__")
               or k in ("__init__", "__call__", "__len__", "__getitem__", "forward")]
        if not own:
            raise NotAttempted(f"`{name}` has no methods yet: write them where it says "
                               "`# YOUR CODE HERE`")
        return value


# --- one request ------------------------------------------------------------------------

def _where(error: BaseException) -> str:
    """The last line of the traceback outside the grading package: the student's line."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if "utils/grading" not in f.filename.replace("\\", "/")]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (in {frame.name}, line {frame.lineno})" if frame.name != "<module>" else ""


def _arguments(request: dict) -> tuple[list, dict]:
    """The request's arguments, rebuilt here (with the tests' own functions, if any)."""
    args = wire.decode(request.get("args", {"__list__": []}), allow_code=True)
    kwargs = wire.decode(request.get("kwargs", {"__dict__": []}), allow_code=True)
    return list(args), dict(kwargs)


def _from_tests(error: BaseException) -> bool:
    """Whether ``error`` was raised by the grading code or a probe, not by the student."""
    frames = traceback.extract_tb(error.__traceback__)
    last = frames[-1].filename.replace("\\", "/") if frames else ""
    return "utils/grading" in last or last.startswith("<tests: ")


def _call(request: dict, variables: MutableMapping[str, Any], report: dict) -> Any:
    """Call the student's function ``request["name"]`` on the decoded arguments."""
    func = Variables(variables).function(request["name"])
    args, kwargs = _arguments(request)
    before = copy.deepcopy((args, kwargs))
    result = func(*args, **kwargs)
    named = _argument_names(variables[request["name"]], args, kwargs)
    old = _argument_names(variables[request["name"]], *before)
    report["modified"] = [n for (n, now), (_, then) in zip(named, old) if not same(now, then)]
    report["aliased"] = [n for n, arg in named
                         if any(_shares_memory(r, a) for r in _arrays(result)
                                for a in _arrays(arg))]
    return result


def _probe(request: dict, variables: MutableMapping[str, Any]) -> Any:
    """Run the probe whose source the grader sent on the student's variables."""
    probe = wire.run_source(request["source"], request["entry"])
    args, kwargs = _arguments(request)
    return probe(Variables(variables), *args, **kwargs)


def handle(request: dict, variables: MutableMapping[str, Any]) -> dict:
    """Carry out one request on the notebook's ``variables``; a JSON-ready response.

    ``status`` is ``ok`` (with ``value``), ``not attempted``, ``failed`` (an
    ``AssertionError``, with its message), ``error`` (any other exception),
    ``timeout`` or ``banned``; ``banned`` lists the banned functions that were called.
    """
    report: dict[str, Any] = {"modified": [], "aliased": [], "banned": []}
    sink = _BoundedText()
    if request.get("seed") is not None:
        seed_everything(int(request["seed"]))
    _fresh_autograd()
    try:
        with contextlib.ExitStack() as stack:
            if request.get("quiet", True):
                stack.enter_context(contextlib.redirect_stdout(sink))
                stack.enter_context(contextlib.redirect_stderr(sink))
            helpers = wire.decode(request.get("replace", {"__dict__": []}), allow_code=True)
            stack.enter_context(replaced(dict(helpers), variables))
            used = stack.enter_context(bans(list(request.get("bans", [])), variables))
            try:
                stack.enter_context(time_limit(float(request.get("seconds", 5.0))))
                if request["op"] == "call":
                    result = _call(request, variables, report)
                elif request["op"] == "probe":
                    result = _probe(request, variables)
                elif request["op"] == "value":
                    result = Variables(variables).value(request["name"])
                else:
                    raise ValueError(f"unknown request {request['op']!r}")
                response = {"status": "ok", "value": wire.encode(result)}  # in the time
            finally:
                report["banned"] = sorted(set(used))
                _fresh_autograd()
    except NotAttempted as error:
        response = {"status": "not attempted", "message": str(error)}
    except AssertionError as error:
        if _from_tests(error):
            response = {"status": "failed", "message": str(error) or "wrong answer"}
        else:  # the student's own assert: their code stopped, like any other exception
            response = {"status": "error", "kinds": ["AssertionError", "Exception"],
                        "message": f"AssertionError: {error}{_where(error)}"[:2000]}
    except TestTimeout:
        response = {"status": "timeout"}
    except BannedCall as error:
        response = {"status": "banned", "message": str(error)}
    except KeyboardInterrupt:
        raise
    except wire.WireError as error:
        response = {"status": "failed", "message": f"the answer is not plain data: {error}"}
    except BaseException as error:  # a student's SystemExit must not stop grading
        response = {"status": "error",
                    "message": f"{type(error).__name__}: {error}{_where(error)}"[:2000],
                    "kinds": [c.__name__ for c in type(error).__mro__][:20]}
    return {**report, **response}


def _fresh_autograd() -> None:
    """Gradients on, as in a fresh session: an answer that switched them off for good (a
    bare ``torch.set_grad_enabled(False)``) must not break the answers tested after it."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_grad_enabled(True)


def serve(request_path: str, response_path: str) -> None:
    """Batch grading: answer the request in ``request_path`` in this kernel."""
    from IPython import get_ipython

    shell = get_ipython()
    variables = shell.user_ns if shell is not None else {}
    request = json.loads(Path(request_path).read_text(encoding="utf-8"))
    response = handle(request, variables)
    try:
        text = json.dumps(response, allow_nan=False)
    except (TypeError, ValueError) as error:
        text = json.dumps({"status": "error", "message": f"unanswerable: {error}"})
    Path(response_path).write_text(text, encoding="utf-8")
