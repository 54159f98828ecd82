"""Run tests against a namespace: each test seeded, time-limited and kept from printing.

Used in two places: ``check`` in a student's notebook, and the grading kernel of
``python -m utils.grading grade``. A test's outcome is one of ``passed``, ``failed``
(an ``AssertionError``), ``error`` (any other exception, usually raised by the student's
code), ``timeout`` or ``not attempted``.
"""

from __future__ import annotations

import contextlib
import io
import random
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from dataclasses import asdict, dataclass

import numpy as np

from utils.grading.namespace import Namespace, NotAttempted
from utils.grading.registry import Question, Test

PRINT_LIMIT = 10_000  # characters of a test's printed output that are kept


class TestTimeout(BaseException):
    """Raised inside a test that ran past its time limit.

    A ``BaseException``, so that a student's ``except Exception`` cannot swallow it.
    """


@dataclass
class TestResult:
    """The outcome of one test; ``earned`` is ``points`` when it passed and 0 otherwise."""

    test: str
    question: str
    description: str
    hidden: bool
    points: float
    earned: float
    status: str
    message: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TestTimeout`` in the block after ``seconds`` (Unix main thread; else no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
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
    """Seed Python, NumPy and (if imported) torch, so tests that draw random data repeat."""
    random.seed(seed)
    np.random.seed(seed)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)


def _where(error: BaseException) -> str:
    """The last line of the traceback that is not in the grading package: the student's line."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if "utils/grading" not in f.filename.replace("\\", "/")]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (in {frame.name}, line {frame.lineno})" if frame.name != "<module>" else ""


def run_test(test: Test, ns: Namespace, quiet: bool = True) -> TestResult:
    """Run one test; never raises, except ``KeyboardInterrupt`` (the user pressed stop)."""
    status, message = "passed", ""
    sink = _BoundedText()
    seed_everything(0)
    try:
        with contextlib.ExitStack() as stack:
            if quiet:
                stack.enter_context(contextlib.redirect_stdout(sink))
                stack.enter_context(contextlib.redirect_stderr(sink))
            stack.enter_context(time_limit(test.seconds))
            test.func(ns)
    except NotAttempted as error:
        status, message = "not attempted", str(error)
    except AssertionError as error:
        status, message = "failed", str(error) or "wrong answer"
    except TestTimeout:
        status, message = "timeout", (f"did not finish within {test.seconds:g} s: "
                                      "is there an endless loop?")
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a student's SystemExit or exit() must not stop grading
        status = "error"
        message = f"{type(error).__name__}: {error}{_where(error)}"
    earned = test.points if status == "passed" else 0.0
    return TestResult(test.name, test.question, test.description, test.hidden, test.points,
                      earned, status, message)


def question_status(results: list[TestResult]) -> str:
    """``not attempted`` when every test found no answer, else ``answered``."""
    if results and all(r.status == "not attempted" for r in results):
        return "not attempted"
    return "answered"


def run_question(question: Question, ns: Namespace, hidden: bool = False,
                 quiet: bool = True) -> list[TestResult]:
    """Run the public tests of ``question`` (and the hidden ones too if ``hidden``)."""
    tests = question.tests if hidden else question.public
    return [run_test(test, ns, quiet=quiet) for test in tests]
