"""Make the exercise notebooks from the solution notebooks: ``python -m utils.grading generate``.

A solution (``solutions/NN_slug.md``, MyST) is the single source of an exercise set. The
exercise (``exercises/NN_slug.md`` and its ``.ipynb`` twin) is the same notebook with

* every code block between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` replaced by
  ``# YOUR CODE HERE`` and ``...`` at the same indentation (a stub that runs, so the
  notebook still executes top to bottom), and the ``hide-input`` tag of that cell removed;
* every Markdown block between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``
  removed (explanations of the answers, notes that only fit the solutions);
* its title ``# Chapter N solutions`` renamed ``# Chapter N exercises``.

``--check`` generates in memory and fails, naming the file, when a committed exercise
differs (cell ids and metadata other than tags are ignored).
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
MD_BEGIN, MD_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
STUB_COMMENT = "# YOUR CODE HERE"
HIDE_TAG = "hide-input"
PAIRING = "ipynb,md:myst"  # as jupytext.toml: the .md is the source, the .ipynb its twin
TITLE = re.compile(r"^# (.*)\bsolutions\s*$")
CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](q\d+[a-z]?)["']\s*\)""")


class GenerationError(ValueError):
    """A solution notebook breaks the marker conventions; the message says where and how."""


@dataclass
class Block:
    """A solution block in a code cell: marker lines ``begin`` and ``end`` (0-based)."""

    cell: int
    begin: int
    end: int
    indent: str


def find_blocks(source: str, cell: int, where: str) -> list[Block]:
    """The solution blocks of one code cell, checked: paired, not nested, same indentation."""
    blocks, open_at, indent = [], None, ""
    for number, line in enumerate(source.splitlines()):
        text = line.strip()
        if text == BEGIN:
            if open_at is not None:
                raise GenerationError(f"{where}, line {number + 1}: {BEGIN} inside another "
                                      f"solution block (opened on line {open_at + 1})")
            open_at, indent = number, line[: len(line) - len(line.lstrip())]
        elif text == END:
            if open_at is None:
                raise GenerationError(f"{where}, line {number + 1}: {END} without {BEGIN}")
            if not line.startswith(indent) or line[len(indent):] != END:
                raise GenerationError(f"{where}, line {number + 1}: {END} must have the same "
                                      f"indentation as its {BEGIN} (line {open_at + 1})")
            blocks.append(Block(cell, open_at, number, indent))
            open_at = None
        elif BEGIN in line or END in line:
            raise GenerationError(f"{where}, line {number + 1}: a marker must be alone on "
                                  f"its line, got {text!r}")
    if open_at is not None:
        raise GenerationError(f"{where}, line {open_at + 1}: {BEGIN} is never closed by {END}")
    return blocks


def replace_blocks(source: str, blocks: list[Block], replacement: str | None = None) -> str:
    """``source`` with each block (markers included) replaced by the stub, or by
    ``replacement`` indented to the block's level (used to try wrong answers)."""
    lines = source.splitlines()
    for block in reversed(blocks):
        if replacement is None:
            new = [block.indent + STUB_COMMENT, block.indent + "..."]
        else:
            new = [block.indent + line if line.strip() else ""
                   for line in replacement.strip("\n").splitlines()]
        lines[block.begin: block.end + 1] = new
    return "\n".join(lines)


def strip_markdown(source: str, where: str) -> str:
    """``source`` without its ``<!-- BEGIN SOLUTION -->`` ... ``<!-- END SOLUTION -->`` parts."""
    kept, inside = [], False
    for number, line in enumerate(source.splitlines()):
        if line.strip() == MD_BEGIN:
            if inside:
                raise GenerationError(f"{where}, line {number + 1}: nested {MD_BEGIN}")
            inside = True
        elif line.strip() == MD_END:
            if not inside:
                raise GenerationError(f"{where}, line {number + 1}: {MD_END} without {MD_BEGIN}")
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise GenerationError(f"{where}: {MD_BEGIN} is never closed by {MD_END}")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def solution_blocks(nb: nbformat.NotebookNode, name: str = "notebook") -> dict[str, list[Block]]:
    """The solution blocks of each question: those before its ``check("qN")`` cell."""
    by_question: dict[str, list[Block]] = {}
    pending: list[Block] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        pending += find_blocks(cell.source, index, f"{name}, cell {index + 1}")
        for question in CHECK_CALL.findall(cell.source):
            by_question.setdefault(question, []).extend(pending)
            pending = []
    if pending:
        raise GenerationError(f"{name}: the solution block in cell {pending[0].cell + 1} is "
                              "not followed by a check(\"qN\") cell")
    return by_question


def make_exercise(solution: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """The exercise notebook made from ``solution`` (which is left unchanged)."""
    nb = copy.deepcopy(solution)
    cells, n_blocks, titled = [], 0, False
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index + 1}"
        if cell.cell_type == "code":
            blocks = find_blocks(cell.source, index, where)
            if blocks:
                n_blocks += len(blocks)
                cell.source = replace_blocks(cell.source, blocks)
                tags = [t for t in cell.metadata.get("tags", []) if t != HIDE_TAG]
                cell.metadata.pop("tags", None)
                if tags:
                    cell.metadata["tags"] = tags
        elif cell.cell_type == "markdown":
            cell.source = strip_markdown(cell.source, where)
            if not titled:
                first, _, rest = cell.source.partition("\n")
                if not TITLE.match(first):
                    raise GenerationError(f"{name}: the first Markdown cell must start with a "
                                          f"title like '# Chapter 1 solutions', got {first!r}")
                cell.source = TITLE.sub(r"# \1exercises", first) + ("\n" + rest if rest else "")
                titled = True
            if not cell.source.strip():
                continue
        cells.append(cell)
    if n_blocks == 0:
        raise GenerationError(f"{name}: no {BEGIN} / {END} block: nothing to turn into an exercise")
    nb.cells = cells
    return nb


def comparable(nb: nbformat.NotebookNode) -> list[tuple[str, str, tuple[str, ...]]]:
    """What must match between a committed exercise and a fresh one: type, source, tags."""
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", []))) for c in nb.cells]


def exercise_paths(solution: Path, exercises: Path) -> tuple[Path, Path]:
    return exercises / solution.name, exercises / solution.with_suffix(".ipynb").name


def generate(solution: Path, exercises: Path) -> list[Path]:
    """Write the exercise ``.md`` made from ``solution`` and its paired ``.ipynb``."""
    from jupytext.cli import jupytext as jupytext_cli

    nb = make_exercise(jupytext.read(solution), solution.name)
    nb.metadata.setdefault("jupytext", {})["formats"] = PAIRING
    md, ipynb = exercise_paths(solution, exercises)
    exercises.mkdir(parents=True, exist_ok=True)
    jupytext.write(nb, md, fmt="md:myst")
    if ipynb.exists():  # make the .md the newer of the pair: --sync then updates the .ipynb
        written = md.stat().st_mtime
        os.utime(ipynb, (written - 1, written - 1))
    jupytext_cli(["--sync", "--quiet", str(md)])
    return [md, ipynb]


def check(solution: Path, exercises: Path) -> list[str]:
    """Why the committed exercise of ``solution`` differs from a fresh one (empty: it doesn't)."""
    fresh = comparable(make_exercise(jupytext.read(solution), solution.name))
    problems = []
    for path in exercise_paths(solution, exercises):
        if not path.exists():
            problems.append(f"{path} is missing")
            continue
        committed = jupytext.read(path) if path.suffix == ".md" else nbformat.read(path, 4)
        if comparable(committed) != fresh:
            problems.append(f"{path} differs from what {solution} generates")
    return problems
