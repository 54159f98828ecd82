"""Making exercises from solutions: stubs, tags, Markdown, title, and the freshness check."""

from __future__ import annotations

import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest

from utils.grading.__main__ import main
from utils.grading.generate import (
    GenerationError,
    check,
    find_blocks,
    generate,
    make_exercise,
    solution_blocks,
)

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted(p for p in (ROOT / "solutions").glob("*.md") if p.name.lower() != "readme.md")

SOLUTION_CELL = """def area(width, height):
    \"\"\"Area of a rectangle.\"\"\"
    ### BEGIN SOLUTION
    if width < 0:
        raise ValueError("negative")
    return width * height
    ### END SOLUTION"""


def notebook(*cells) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text)


def code(text: str, tags: list[str] | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(text)
    if tags:
        cell.metadata["tags"] = tags
    return cell


def small_solution() -> nbformat.NotebookNode:
    return notebook(md("# Chapter 9 solutions\n\nIntro."), code("x = 1"),
                    code(SOLUTION_CELL, tags=["hide-input", "keep"]), code('check("q1")'))


def test_a_solution_block_becomes_a_stub_at_the_same_indentation():
    exercise = make_exercise(small_solution())
    assert exercise.cells[2].source == (
        'def area(width, height):\n    """Area of a rectangle."""\n'
        "    # YOUR CODE HERE\n    ...")


def test_the_stub_is_valid_python_that_runs():
    exercise = make_exercise(small_solution())
    ns: dict = {}
    exec(exercise.cells[2].source, ns)
    assert ns["area"](2, 3) is None


def test_only_the_hide_input_tag_is_removed_from_stubbed_cells():
    exercise = make_exercise(small_solution())
    assert exercise.cells[2].metadata["tags"] == ["keep"]


def test_the_solution_is_left_unchanged():
    solution = small_solution()
    make_exercise(solution)
    assert "### BEGIN SOLUTION" in solution.cells[2].source
    assert solution.cells[0].source.startswith("# Chapter 9 solutions")


def test_the_title_says_exercises():
    assert make_exercise(small_solution()).cells[0].source.startswith("# Chapter 9 exercises")


def test_markdown_solution_blocks_are_removed():
    solution = small_solution()
    solution.cells[0].source += ("\n\n<!-- BEGIN SOLUTION -->\nWhy it works.\n"
                                 "<!-- END SOLUTION -->\n\nAfter.")
    solution.cells.insert(3, md("<!-- BEGIN SOLUTION -->\nOnly here.\n<!-- END SOLUTION -->"))
    exercise = make_exercise(solution)
    assert exercise.cells[0].source == "# Chapter 9 exercises\n\nIntro.\n\nAfter."
    assert len(exercise.cells) == len(solution.cells) - 1, "an emptied cell is dropped"


@pytest.mark.parametrize(("source", "problem"), [
    ("### BEGIN SOLUTION\nx = 1", "never closed"),
    ("x = 1\n### END SOLUTION", "without ### BEGIN SOLUTION"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n### END SOLUTION", "same indentation"),
    ("x = 1  ### BEGIN SOLUTION", "alone on its line"),
])
def test_broken_markers_are_reported_with_their_line(source, problem):
    with pytest.raises(GenerationError, match=problem):
        find_blocks(source, 0, "cell 1")


def test_a_solution_without_blocks_or_title_is_rejected():
    with pytest.raises(GenerationError, match="no ### BEGIN SOLUTION"):
        make_exercise(notebook(md("# Chapter 9 solutions"), code("x = 1")))
    with pytest.raises(GenerationError, match="title like"):
        make_exercise(notebook(md("# Answers"), code(SOLUTION_CELL)))


def test_blocks_belong_to_the_question_checked_after_them():
    blocks = solution_blocks(small_solution())
    assert list(blocks) == ["q1"] and blocks["q1"][0].cell == 2
    with pytest.raises(GenerationError, match="not followed by a check"):
        solution_blocks(notebook(code(SOLUTION_CELL)))


def test_generate_writes_a_pair_and_check_finds_an_edit(tmp_path):
    solution = tmp_path / "09_demo.md"
    jupytext.write(small_solution(), solution, fmt="md:myst")
    out = tmp_path / "exercises"
    md_path, ipynb_path = generate(solution, out)
    assert check(solution, out) == []
    ids = [c.id for c in nbformat.read(ipynb_path, 4).cells]
    generate(solution, out)
    assert [c.id for c in nbformat.read(ipynb_path, 4).cells] == ids, "ids stay put"
    md_path.write_text(md_path.read_text().replace("# YOUR CODE HERE", "return 0"))
    assert check(solution, out) == [f"{md_path} differs from what {solution} generates"]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_committed_exercises_match_a_fresh_generation(solution):
    assert check(solution, ROOT / "exercises") == [], "run `make exercises`"


def test_generate_check_exits_nonzero_naming_the_stale_exercise(tmp_path, capsys):
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    jupytext.write(small_solution(), solutions / "09_demo.md", fmt="md:myst")
    assert main(["generate", str(solutions / "09_demo.md"), "--exercises", str(exercises),
                 "--check"]) == 1
    assert "09_demo.md is missing" in capsys.readouterr().err
    assert main(["generate", str(solutions / "09_demo.md"), "--exercises", str(exercises)]) == 0
    assert main(["generate", str(solutions / "09_demo.md"), "--exercises", str(exercises),
                 "--check"]) == 0
    shutil.rmtree(exercises)
