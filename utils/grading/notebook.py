"""What a student calls in an exercise notebook: ``start``, ``check`` and ``hint``.

``start("ch01")`` loads the chapter's tests once; ``check("q1")`` runs the public tests of
question 1 against the notebook's current variables and prints one line per test;
``hint("q1")`` prints the question's hints, one more each time it is called. They print
instead of raising, so a notebook that calls them still runs top to bottom.
"""

from __future__ import annotations

import inspect
import os
import textwrap
from dataclasses import dataclass, field
from typing import Any

from utils.grading.namespace import LocalNamespace
from utils.grading.registry import ExerciseSet, Question, load_set
from utils.grading.runner import TestResult, question_status, run_question

GRADING_VAR = "DL101_GRADING"  # set by the batch grader in the kernels it starts


@dataclass
class _Session:
    exercise_set: ExerciseSet
    hints_shown: dict[str, int] = field(default_factory=dict)


_session: _Session | None = None


WIDTH = 72  # characters per printed line: fits a notebook and the pages of the book


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def points(value: float) -> str:
    """``3`` for 3.0, ``1.5`` for 1.5: points as people write them."""
    return f"{value:g}"


def start(key: str) -> None:
    """Load exercise set ``key`` (``"ch01"``) and print what it holds and how to use it."""
    global _session
    exercise_set = load_set(key)
    _session = _Session(exercise_set)
    first = next(iter(exercise_set.questions))
    person = (f", and {points(exercise_set.human_points)} more graded by a person"
              if exercise_set.human_items else "")
    print(f"{exercise_set.title}: {len(exercise_set.questions)} questions, "
          f"{points(exercise_set.points)} points{person}.\n"
          f'Test an answer with check("{first}"); hidden tests run at grading. '
          f'Stuck? hint("{first}").')


def _question(key: str) -> Question | None:
    if _session is None:
        print(f'Run start("chNN") first (see the top of the notebook); then check("{key}") '
              "and hint() know which chapter's exercises you are doing.")
        return None
    try:
        return _session.exercise_set.get(key)
    except KeyError as error:
        print(error.args[0])
        return None


def _notebook_variables(depth: int = 2) -> dict[str, Any]:
    """The variables of the notebook: IPython's ``user_ns``, else the caller's globals."""
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is not None:
        return shell.user_ns
    frame = inspect.currentframe()
    for _ in range(depth):
        frame = frame.f_back
    return frame.f_globals


def format_results(question: Question, results: list[TestResult], hidden_note: bool) -> str:
    """The lines ``check`` prints: a summary, then ✓/✗ per test with messages and points."""
    earned = sum(r.earned for r in results)
    possible = sum(r.points for r in results)
    head = f"{question.key} {question.title}:"
    if question_status(results) == "not attempted":
        lines = [f"{head} not attempted (0 of {points(possible)} points)",
                 _wrap(results[0].message, "    ")]
    else:
        lines = [f"{head} {points(earned)} of {points(possible)} points"]
        for r in results:
            mark = "✓" if r.status == "passed" else "✗"
            lines.append(f"  {mark} {r.description} ({points(r.earned)}/{points(r.points)})")
            if r.message:
                lines.append(_wrap(r.message, "      "))
    hidden = question.hidden
    if hidden_note and hidden:
        lines.append(f"  + {len(hidden)} hidden test{'s' * (len(hidden) > 1)} "
                     f"({points(sum(t.points for t in hidden))} points) will run at grading")
    return "\n".join(lines)


def check(question: str) -> None:
    """Run the public tests of ``question`` on the notebook's variables and print the result."""
    found = _question(question)
    if found is None:
        return
    if os.environ.get(GRADING_VAR):
        print(f'check("{question}"): skipped while grading; every test runs after the notebook.')
        return
    results = run_question(found, LocalNamespace(_notebook_variables(), quiet=False))
    print(format_results(found, results, hidden_note=True))


def hint(question: str) -> None:
    """Print the hints of ``question`` shown so far, plus one more."""
    found = _question(question)
    if found is None or _session is None:
        return
    if not found.hints:
        print(f"{question} has no hints: reread the question, and run check(\"{question}\").")
        return
    shown = min(_session.hints_shown.get(question, 0) + 1, len(found.hints))
    _session.hints_shown[question] = shown
    for i, text in enumerate(found.hints[:shown], start=1):
        print(_wrap(f"Hint {i} of {len(found.hints)} for {question}: {text}", ""))
    if shown == len(found.hints):
        print("That was the last hint.")
