"""The tests of every exercise set judge answers, not styles.

Each solution notebook's code runs once, in this process; then, for every recorded answer,
the cell holding that question's solution block runs again in a copy of the namespace with
the block replaced, and the question's tests (public and hidden) run on it:

* every plausible wrong answer in ``tests/wrong_answers/chNN.py`` must lose points;
* every right answer in another style in ``tests/right_answers/chNN.py`` must keep them all.

The untouched exercise must score 0 the same way, and at least half of each set's points
must be on questions that transfer an idea to a case the chapter did not code.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import jupytext
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from utils.grading.batch import detect_set
from utils.grading.generate import make_exercise, replace_blocks, solution_blocks
from utils.grading.namespace import LocalNamespace
from utils.grading.registry import load_set
from utils.grading.runner import run_question

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted(p for p in (ROOT / "solutions").glob("*.md") if p.name.lower() != "readme.md")
MIN_WRONG_ANSWERS = 4
MIN_RIGHT_ANSWERS = 2
MIN_TRANSFER_SHARE = 0.5


def set_key(solution: Path) -> str:
    key = detect_set(jupytext.read(solution))
    assert key, f"{solution.name} never calls start(\"chNN\")"
    return key


def recorded(kind: str, key: str) -> dict[str, list[tuple[str, str]]]:
    """``tests/{kind}_answers/{key}.py``'s answers: question -> [(description, code)]."""
    path = ROOT / "tests" / f"{kind}_answers" / f"{key}.py"
    assert path.exists(), f"{path} is missing: record {kind} answers for every question"
    spec = importlib.util.spec_from_file_location(f"{kind}_answers_{key}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, f"{kind.upper()}_ANSWERS")


def run_cell(source: str, ns: dict, name: str) -> None:
    """Run one notebook cell here; IPython syntax such as ``%pip`` becomes plain Python.

    The cell is compiled without this module's ``from __future__ import annotations``, as
    a kernel compiles it: its annotations are evaluated when it runs (pydantic needs them).
    """
    code = TransformerManager().transform_cell(source)
    exec(compile(code, name, "exec", dont_inherit=True), ns)


def execute(nb, name: str) -> dict:
    ns: dict = {"__name__": "__main__"}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            run_cell(cell.source, ns, f"<{name} cell {index + 1}>")
    return ns


def cases(kind: str) -> list:
    params = []
    for solution in SOLUTIONS:
        key = set_key(solution)
        for question, answers in recorded(kind, key).items():
            for description, code in answers:
                params.append(pytest.param(solution, key, question, code,
                                           id=f"{key}-{question}-{description}"))
    return params


class Executed(dict):
    """Each solution notebook, run once when a test first needs it; its namespace."""

    def __missing__(self, solution: Path) -> dict:
        self[solution] = execute(jupytext.read(solution), solution.name)
        return self[solution]


@pytest.fixture(scope="module")
def executed() -> Executed:
    return Executed()


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
@pytest.mark.parametrize(("kind", "least"), [("wrong", MIN_WRONG_ANSWERS),
                                             ("right", MIN_RIGHT_ANSWERS)])
def test_every_question_has_recorded_answers(solution: Path, kind: str, least: int):
    key = set_key(solution)
    answers = recorded(kind, key)
    questions = load_set(key).questions
    assert set(answers) <= set(questions), f"{key}: answers to unknown questions"
    for question in questions:
        assert len(answers.get(question, [])) >= least, (
            f"{key} {question}: record at least {least} {kind} answers in "
            f"tests/{kind}_answers/{key}.py")


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_most_points_transfer_an_idea(solution: Path):
    exercise_set = load_set(set_key(solution))
    transfer = sum(q.points for q in exercise_set.questions.values() if q.transfer)
    assert transfer >= MIN_TRANSFER_SHARE * exercise_set.points, (
        f"{exercise_set.key}: {transfer:g} of {exercise_set.points:g} points transfer an idea "
        "to a case the chapter did not code; at least half should")


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_every_question_has_public_and_hidden_tests_and_a_check(solution: Path):
    key = set_key(solution)
    blocks = solution_blocks(jupytext.read(solution), solution.name)
    for question in load_set(key).questions.values():
        assert question.public and question.hidden, (
            f"{key} {question.key}: needs at least one public and one hidden test")
        assert blocks.get(question.key), (
            f"{solution.name}: no solution block followed by check(\"{question.key}\")")


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_solution_scores_full_marks(solution: Path, executed):
    exercise_set = load_set(set_key(solution))
    ns = LocalNamespace(executed[solution])
    for question in exercise_set.questions.values():
        failed = [r for r in run_question(question, ns, hidden=True) if r.status != "passed"]
        assert not failed, f"{solution.name} {question.key}: {failed}"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_untouched_exercise_scores_zero(solution: Path):
    exercise_set = load_set(set_key(solution))
    exercise = make_exercise(jupytext.read(solution))
    ns = LocalNamespace(execute(exercise, f"exercise {solution.name}"))
    for question in exercise_set.questions.values():
        results = run_question(question, ns, hidden=True)
        assert all(r.status == "not attempted" for r in results), (
            f"{question.key}: the stub should be 'not attempted', got {results}")


def score(solution: Path, key: str, question: str, code: str, executed) -> tuple[float, list]:
    """Points of ``question`` when its solution block is replaced by ``code``."""
    nb = jupytext.read(solution)
    blocks = solution_blocks(nb, solution.name)[question]
    assert len(blocks) == 1, f"{question} has {len(blocks)} solution blocks; expected one"
    cell = blocks[0].cell
    ns = dict(executed[solution])
    run_cell(replace_blocks(nb.cells[cell].source, blocks, code), ns, f"<answer {question}>")
    exercise_set = load_set(key)
    results = run_question(exercise_set.get(question), LocalNamespace(ns), hidden=True)
    return sum(r.earned for r in results), results


@pytest.mark.parametrize(("solution", "key", "question", "code"), cases("wrong"))
def test_wrong_answer_loses_points(solution: Path, key: str, question: str, code: str,
                                   executed):
    earned, _ = score(solution, key, question, code, executed)
    assert earned < load_set(key).get(question).points, (
        f"{key} {question}: this wrong answer still scores full marks; add a test that "
        "catches it")


@pytest.mark.parametrize(("solution", "key", "question", "code"), cases("right"))
def test_right_answer_keeps_full_marks(solution: Path, key: str, question: str, code: str,
                                       executed):
    earned, results = score(solution, key, question, code, executed)
    lost = [f"{r.test}: {r.status} {r.message}" for r in results if r.status != "passed"]
    assert earned == load_set(key).get(question).points, (
        f"{key} {question}: a right answer loses points: {lost}")
