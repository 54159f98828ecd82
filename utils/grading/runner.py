"""Run tests against a namespace: each test seeded, time-limited, judged in this process.

Used in two places: ``check`` in a student's notebook (``LocalNamespace``) and the batch
grader (``batch.KernelNamespace``). In both, the test function runs here and only asks the
notebook for answers; the student's code runs under the test's time limit where it lives.
A test's outcome is one of ``passed``, ``failed`` (an ``AssertionError``), ``error`` (the
student's code raised), ``timeout`` or ``not attempted``.
"""

from __future__ import annotations

import random
import sys
import traceback
from dataclasses import asdict, dataclass

import numpy as np

from utils.grading.namespace import KernelTimeout, Namespace, NotAttempted, StudentError
from utils.grading.registry import Question, Test


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


def seed_here(seed: int = 0) -> None:
    """Seed this process's generators, for tests that draw their data from them."""
    random.seed(seed)
    np.random.seed(seed)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)


def _grader_bug(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{type(error).__name__}: {error} (in the test, line {frame.lineno})"


def run_test(test: Test, ns: Namespace, bans: list[str] | None = None) -> TestResult:
    """Run one test; never raises, except ``KeyboardInterrupt`` (the user pressed stop)."""
    status, message = "passed", ""
    seed_here(0)
    ns.begin(test.seconds, bans)
    try:
        test.func(ns)
    except NotAttempted as error:
        status, message = "not attempted", str(error)
    except AssertionError as error:
        status, message = "failed", str(error) or "wrong answer"
    except KernelTimeout:
        status, message = "timeout", (f"did not finish within {test.seconds:g} s: "
                                      "is there an endless loop?")
    except StudentError as error:
        status, message = "error", str(error)
    except KeyboardInterrupt:
        raise
    except Exception as error:  # an answer of an unexpected kind that the test choked on
        status, message = "error", _grader_bug(error)
    earned = test.points if status == "passed" else 0.0
    return TestResult(test.name, test.question, test.description, test.hidden, test.points,
                      earned, status, message)


def question_status(results: list[TestResult]) -> str:
    """``not attempted`` when every test found no answer, else ``answered``."""
    if results and all(r.status == "not attempted" for r in results):
        return "not attempted"
    return "answered"


def run_question(question: Question, ns: Namespace, hidden: bool = False) -> list[TestResult]:
    """Run the public tests of ``question`` (and the hidden ones too if ``hidden``)."""
    tests = question.tests if hidden else question.public
    return [run_test(test, ns, question.bans) for test in tests]
