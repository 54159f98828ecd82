"""The tests of every exercise set can fail: recorded wrong answers must lose points.

Each solution notebook's code runs once, in this process; then, for every wrong answer in
``tests/wrong_answers/chNN.py``, the cell holding that question's solution block runs again
in a copy of the namespace with the block replaced, and the question's tests (public and
hidden) must take points away. The untouched exercise must score 0 the same way.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import jupytext
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from utils.grading.batch import detect_set
from utils.grading.generate import make_exercise, replace_blocks, solution_blocks
from utils.grading.namespace import Namespace
from utils.grading.registry import load_set
from utils.grading.runner import run_question

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted(p for p in (ROOT / "solutions").glob("*.md") if p.name.lower() != "readme.md")
MIN_WRONG_ANSWERS = 2


def set_key(solution: Path) -> str:
    key = detect_set(jupytext.read(solution))
    assert key, f"{solution.name} never calls start(\"chNN\")"
    return key


def wrong_answers(key: str) -> dict[str, list[tuple[str, str]]]:
    path = ROOT / "tests" / "wrong_answers" / f"{key}.py"
    assert path.exists(), f"{path} is missing: record wrong answers for every question"
    spec = importlib.util.spec_from_file_location(f"wrong_answers_{key}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG_ANSWERS


def run_cell(source: str, ns: dict, name: str) -> None:
    """Run one notebook cell here; IPython syntax such as ``%pip`` becomes plain Python."""
    code = TransformerManager().transform_cell(source)
    exec(compile(code, name, "exec"), ns)


def execute(nb, name: str) -> dict:
    ns: dict = {"__name__": "__main__"}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            run_cell(cell.source, ns, f"<{name} cell {index + 1}>")
    return ns


def cases() -> list:
    params = []
    for solution in SOLUTIONS:
        key = set_key(solution)
        for question, answers in wrong_answers(key).items():
            for description, code in answers:
                params.append(pytest.param(solution, key, question, code,
                                           id=f"{key}-{question}-{description}"))
    return params


@pytest.fixture(scope="module")
def executed() -> dict[Path, dict]:
    """Each solution notebook run once; its namespace."""
    return {s: execute(jupytext.read(s), s.name) for s in SOLUTIONS}


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_every_question_has_recorded_wrong_answers(solution: Path):
    key = set_key(solution)
    recorded = wrong_answers(key)
    for question in load_set(key).questions:
        assert len(recorded.get(question, [])) >= MIN_WRONG_ANSWERS, (
            f"{key} {question}: record at least {MIN_WRONG_ANSWERS} wrong answers in "
            f"tests/wrong_answers/{key}.py")


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
    ns = Namespace(executed[solution])
    for question in exercise_set.questions.values():
        failed = [r for r in run_question(question, ns, hidden=True) if r.status != "passed"]
        assert not failed, f"{solution.name} {question.key}: {failed}"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_untouched_exercise_scores_zero(solution: Path):
    exercise_set = load_set(set_key(solution))
    ns = Namespace(execute(make_exercise(jupytext.read(solution)), f"exercise {solution.name}"))
    for question in exercise_set.questions.values():
        results = run_question(question, ns, hidden=True)
        assert all(r.status == "not attempted" for r in results), (
            f"{question.key}: the stub should be 'not attempted', got {results}")


@pytest.mark.parametrize(("solution", "key", "question", "code"), cases())
def test_wrong_answer_loses_points(solution: Path, key: str, question: str, code: str,
                                   executed):
    nb = jupytext.read(solution)
    blocks = solution_blocks(nb, solution.name)[question]
    assert len(blocks) == 1, f"{question} has {len(blocks)} solution blocks; expected one"
    cell = blocks[0].cell
    ns = dict(executed[solution])
    run_cell(replace_blocks(nb.cells[cell].source, blocks, code), ns, f"<wrong {question}>")
    exercise_set = load_set(key)
    results = run_question(exercise_set.get(question), Namespace(ns), hidden=True)
    earned = sum(r.earned for r in results)
    assert earned < exercise_set.get(question).points, (
        f"{key} {question}: this wrong answer still scores full marks; add a test that "
        "catches it")
