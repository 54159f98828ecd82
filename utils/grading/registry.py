"""The tests of an exercise set: questions, and named tests with points and a hidden flag.

A set lives in ``utils/grading/sets/chNN.py`` and is written like this::

    ex = ExerciseSet("ch01", title="Chapter 1 exercises")
    ex.question("q1", "Accuracy", hints=["Compare the two arrays element by element."])

    @ex.test("q1", points=1)
    def accuracy_of_a_small_example(ns):
        "accuracy of 4 predictions, 3 of them right"
        got = ns.function("accuracy")(np.array([0, 1, 2, 2]), np.array([0, 1, 1, 2]))
        assert_close(got, 0.75, "accuracy([0, 1, 2, 2], [0, 1, 1, 2])")

A test receives the notebook (a ``Namespace``: it asks for answers as plain data and never
holds the student's objects), passes by returning, and fails by raising ``AssertionError``
whose message tells the student what was wrong. Hidden tests
(``hidden=True``) are not run by ``check``; they run when the notebook is graded.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SET_KEY = re.compile(r"ch\d\d")
QUESTION_KEY = re.compile(r"q\d+[a-z]?")
HUMAN_KEY = re.compile(r"h\d+")
HUMAN_STATUS = "to be graded by a person"
DEFAULT_TEST_SECONDS = 5.0


@dataclass
class Test:
    """One named test of one question."""

    name: str
    question: str
    points: float
    hidden: bool
    func: Callable[[Any], None]
    description: str
    seconds: float = DEFAULT_TEST_SECONDS


@dataclass
class Question:
    """A question: its key (``q1``), a short title, hints shown one by one, and its tests."""

    key: str
    title: str
    hints: list[str] = field(default_factory=list)
    tests: list[Test] = field(default_factory=list)
    bans: list[str] = field(default_factory=list)
    transfer: bool = False

    @property
    def public(self) -> list[Test]:
        return [t for t in self.tests if not t.hidden]

    @property
    def hidden(self) -> list[Test]:
        return [t for t in self.tests if t.hidden]

    @property
    def points(self) -> float:
        return sum(t.points for t in self.tests)


@dataclass
class HumanItem:
    """An item of a rubric that a person grades: never run, never in the automatic total."""

    key: str
    title: str
    points: float
    criteria: str


class ExerciseSet:
    """The questions and tests of one chapter's exercises, in the order they were declared."""

    def __init__(self, key: str, title: str) -> None:
        if not SET_KEY.fullmatch(key):
            raise ValueError(f"exercise set keys look like 'ch01', got {key!r}")
        self.key = key
        self.title = title
        self.questions: dict[str, Question] = {}
        self.human_items: dict[str, HumanItem] = {}

    def question(self, key: str, title: str, hints: list[str] | None = None,
                 bans: list[str] | None = None, transfer: bool = False) -> Question:
        """Declare a question; its tests follow with ``@ex.test(key, ...)``.

        ``bans`` names functions the answer may not call (``"numpy.broadcast_shapes"``):
        while a test of the question runs the student's code they raise, and the test fails.
        ``transfer`` marks a question that applies an idea to a case the chapter did not
        code (the rest are warm-ups); at least half of a set's points should transfer.
        """
        if not QUESTION_KEY.fullmatch(key):
            raise ValueError(f"question keys look like 'q1' or 'q2b', got {key!r}")
        if key in self.questions:
            raise ValueError(f"{self.key}: question {key} is declared twice")
        self.questions[key] = Question(key, title, list(hints or []), bans=list(bans or []),
                                       transfer=transfer)
        return self.questions[key]

    def human(self, key: str, title: str, points: float, criteria: str) -> HumanItem:
        """Declare an item a person grades (``h1``...): the error analysis, the writing.

        It has no tests. Reports and ``grades.csv`` list it as "to be graded by a person"
        with its points, apart from the automatic score, which never includes it.
        """
        if not HUMAN_KEY.fullmatch(key):
            raise ValueError(f"human-graded items have keys like 'h1', got {key!r}")
        if key in self.human_items:
            raise ValueError(f"{self.key}: human-graded item {key} is declared twice")
        if points <= 0 or not criteria.strip():
            raise ValueError(f"{self.key} {key}: give positive points and the criteria a "
                             f"person grades by, got points={points}")
        self.human_items[key] = HumanItem(key, title, float(points), criteria.strip())
        return self.human_items[key]

    @property
    def human_points(self) -> float:
        return sum(item.points for item in self.human_items.values())

    def test(self, question: str, points: float = 1, hidden: bool = False,
             seconds: float = DEFAULT_TEST_SECONDS) -> Callable:
        """Decorator that registers a test; its docstring's first line says what it checks."""
        if question not in self.questions:
            raise ValueError(f"{self.key}: declare question {question} with ex.question() "
                             f"before its tests; declared: {', '.join(self.questions) or 'none'}")
        if points <= 0 or seconds <= 0:
            raise ValueError(f"{self.key} {question}: points and seconds must be positive, "
                             f"got points={points}, seconds={seconds}")

        def register(func: Callable[[Any], None]) -> Callable[[Any], None]:
            names = {t.name for q in self.questions.values() for t in q.tests}
            if func.__name__ in names:
                raise ValueError(f"{self.key}: two tests are named {func.__name__}")
            doc = (func.__doc__ or func.__name__.replace("_", " ")).strip().splitlines()[0]
            self.questions[question].tests.append(
                Test(func.__name__, question, float(points), hidden, func, doc, seconds))
            return func

        return register

    def get(self, question: str) -> Question:
        """The question called ``question``; a ``KeyError`` that lists the valid keys if none."""
        if question not in self.questions:
            raise KeyError(f"{self.key} has no question {question!r}; "
                           f"its questions are {', '.join(self.questions)}")
        return self.questions[question]

    @property
    def tests(self) -> list[Test]:
        return [t for q in self.questions.values() for t in q.tests]

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions.values())


def load_set(key: str | None, path: str | Path | None = None) -> ExerciseSet:
    """Load exercise set ``key`` from ``utils.grading.sets``, or from the file ``path``.

    ``path`` lets an instructor keep a private copy of the tests (for example with more
    hidden tests) outside the package that students install; ``key`` may then be None.
    """
    if path is None:
        if key is None or not SET_KEY.fullmatch(key):
            raise ValueError(f"exercise set keys look like 'ch01', got {key!r}")
        try:
            module = importlib.import_module(f"utils.grading.sets.{key}")
        except ModuleNotFoundError as error:
            if error.name != f"utils.grading.sets.{key}":
                raise
            raise ValueError(f"there is no exercise set {key!r} in utils/grading/sets") from None
    else:
        spec = importlib.util.spec_from_file_location(f"_dl101_set_{Path(path).stem}", path)
        if spec is None or spec.loader is None or not Path(path).is_file():
            raise ValueError(f"cannot load exercise set from {path}: not a Python file")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    source = getattr(module, "__file__", None) or key
    exercise_set = getattr(module, "ex", None)
    if not isinstance(exercise_set, ExerciseSet):
        raise ValueError(f"{source} must define `ex = ExerciseSet(\"chNN\", title=...)`")
    if key is not None and exercise_set.key != key:
        raise ValueError(f"{source} defines exercise set {exercise_set.key!r}, not {key!r}")
    return exercise_set
