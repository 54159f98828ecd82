"""Batch grading end to end: real kernels, tiny notebooks, everything a submission can break.

The notebooks are built with nbformat in a temporary folder and graded against a tiny
exercise set (``ch99``, written next to them and passed with ``--tests``).
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import nbformat
import pytest

from utils.grading.__main__ import main

TINY_SET = '''
import numpy as np
from utils.grading.expect import assert_close, assert_integer
from utils.grading.registry import ExerciseSet

ex = ExerciseSet("ch99", title="Tiny exercises")
ex.question("q1", "Double")
ex.question("q2", "Halve")
ex.question("q3", "The answer")

# 5 s, not 1: the first call into a kernel that was just restarted imports the grading
# code there, which took over a second on a busy machine and cost a right answer a point
@ex.test("q1", points=1, seconds=5)
def doubles_two(ns):
    assert_close(ns.function("double")(2), 4, "double(2)")

@ex.test("q1", points=2, hidden=True, seconds=5)
def doubles_an_array(ns):
    assert_close(ns.function("double")(np.arange(3.0)), [0, 2, 4], "double([0, 1, 2])")

@ex.test("q2", points=1, seconds=5)
def halves_four(ns):
    assert_close(ns.function("halve")(4), 2, "halve(4)")

@ex.test("q2", points=1, hidden=True, seconds=5)
def halves_three(ns):
    assert_close(ns.function("halve")(3), 1.5, "halve(3)")

@ex.test("q3", points=1, seconds=5)
def answer_is_42(ns):
    assert_integer(ns.value("answer"), 42, "answer")
'''

RIGHT = ["def double(x):\n    return 2 * x", "def halve(x):\n    return x / 2", "answer = 42"]


def write(folder: Path, name: str, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A submission")]
                                  + [nbformat.v4.new_code_cell(c) for c in cells])
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def grade(tmp_path: Path, *args: str) -> tuple[int, dict[str, dict], dict[str, dict]]:
    """Run the CLI; return its exit status, the CSV rows and the JSON reports by file stem."""
    (tmp_path / "ch99.py").write_text(TINY_SET)
    out = tmp_path / "out"
    status = main(["grade", *args, "--out", str(out), "--set", "ch99",
                   "--tests", str(tmp_path / "ch99.py"), "--timeout", "3"])
    rows, reports = {}, {}
    if (out / "grades.csv").exists():
        with (out / "grades.csv").open() as f:
            rows = {Path(r["file"]).stem: r for r in csv.DictReader(f)}
        reports = {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")}
    return status, rows, reports


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One batch with a right, a partly right, a broken, a dying and an unreadable notebook."""
    tmp_path = tmp_path_factory.mktemp("batch")
    subs = tmp_path / "submissions"
    subs.mkdir()
    write(subs, "right", *RIGHT)
    write(subs, "messy",
          "import sys",
          RIGHT[0],
          "def halve(x):\n    return x // 2",            # partly right: halve(3) == 1
          "def broken(:\n    pass",                       # syntax error
          "1 / 0",                                         # exception
          'print("x" * 10_000_000)',                       # 10 MB of output
          "sys.exit(1)",
          "exit()",
          "while True:\n    pass",                         # endless loop: cell timeout
          "answer = 42\ndel answer")                       # deleted variable
    write(subs, "dies",
          RIGHT[0],
          "import os\nos._exit(1)",                        # kills the kernel
          *RIGHT[1:])
    write(subs, "hangs_in_tests",
          "import os\n\ndef double(x):\n    while True:\n        pass",  # per-test time limit
          "def halve(x):\n    os._exit(0)",                # kills the kernel during a test
          "answer = 42")
    write(subs, "untouched", "def double(x):\n    # YOUR CODE HERE\n    ...",
          "def halve(x):\n    ...")
    (subs / "unreadable.ipynb").write_text("{ this is not json")
    (subs / "malformed.ipynb").write_text('{"cells": 3, "metadata": {}, "nbformat": 4, '
                                          '"nbformat_minor": 5}')
    before = digest(subs)
    status, rows, reports = grade(tmp_path, str(subs))
    return {"status": status, "rows": rows, "reports": reports, "before": before,
            "after": digest(subs)}


def scores(row: dict) -> list[str]:
    return [row["q1"], row["q2"], row["q3"], row["total"]]


def test_a_right_notebook_gets_full_marks(batch):
    assert scores(batch["rows"]["right"]) == ["3", "2", "1", "6"]
    assert batch["rows"]["right"]["percent"] == "100"


def test_broken_cells_cost_only_the_questions_they_break(batch):
    assert scores(batch["rows"]["messy"]) == ["3", "1", "0", "4"]
    kinds = [(e["cell"], e["kind"]) for e in batch["reports"]["messy"]["execution"]["events"]]
    assert kinds == [(5, "error"), (6, "error"), (8, "error"), (10, "timeout")]
    messages = " ".join(e["message"] for e in batch["reports"]["messy"]["execution"]["events"])
    assert "SyntaxError" in messages and "ZeroDivisionError" in messages
    assert "SystemExit" in messages


def test_partial_credit_and_not_attempted_are_per_test(batch):
    q2 = batch["reports"]["messy"]["questions"]["q2"]
    assert [t["status"] for t in q2["tests"]] == ["passed", "failed"]
    assert batch["reports"]["messy"]["questions"]["q3"]["status"] == "not attempted"


def test_a_kernel_that_dies_is_restarted_and_the_earlier_cells_rerun(batch):
    report = batch["reports"]["dies"]
    assert report["score"] == 6
    assert report["execution"]["kernel_restarts"] == 1
    assert report["execution"]["events"][0]["kind"] == "kernel died"


def test_tests_that_hang_or_kill_the_kernel_lose_only_their_points(batch):
    report = batch["reports"]["hangs_in_tests"]
    assert [t["status"] for t in report["questions"]["q1"]["tests"]] == ["timeout", "timeout"]
    assert [t["status"] for t in report["questions"]["q2"]["tests"]] == ["error", "error"]
    assert "kernel died" in report["questions"]["q2"]["tests"][0]["message"]
    assert report["questions"]["q3"]["earned"] == 1


def test_an_untouched_exercise_scores_zero_and_is_not_attempted(batch):
    report = batch["reports"]["untouched"]
    assert report["score"] == 0
    assert {q["status"] for q in report["questions"].values()} == {"not attempted"}


def test_an_unreadable_notebook_is_reported_and_the_batch_goes_on(batch):
    assert batch["status"] == 1, "a notebook that cannot be read makes the exit status 1"
    assert batch["rows"]["unreadable"]["total"] == "0"
    for name in ("unreadable", "malformed"):
        assert "not a readable notebook" in batch["reports"][name]["unreadable"]
        assert batch["rows"][name]["total"] == "0"
    assert len(batch["rows"]) == 7


def test_submissions_are_never_modified(batch):
    assert batch["before"] == batch["after"]


def test_expect_full_and_expect_zero(tmp_path):
    right = write(tmp_path, "right", *RIGHT)
    assert grade(tmp_path, str(right), "--expect-full")[0] == 0
    assert grade(tmp_path, str(right), "--expect-zero")[0] == 1
    empty = write(tmp_path, "empty", "x = 1")
    assert grade(tmp_path, str(empty), "--expect-zero")[0] == 0
    assert grade(tmp_path, str(empty), "--expect-full")[0] == 1


def test_a_bad_path_stops_before_grading_with_a_clear_message(tmp_path, capsys):
    status, rows, _ = grade(tmp_path, str(tmp_path / "nowhere"))
    assert status == 2 and not rows
    assert "nowhere: no such file or folder" in capsys.readouterr().err


def test_without_set_or_start_call_grading_cannot_run(tmp_path, capsys):
    plain = write(tmp_path, "plain", "x = 1")
    assert main(["grade", str(plain), "--out", str(tmp_path / "out")]) == 2
    assert "pass --set chNN" in capsys.readouterr().err


def test_each_notebook_is_graded_with_the_set_it_starts(tmp_path):
    start = "from utils.grading import start\nstart({!r})"
    write(tmp_path, "chapter_one", start.format("ch01"))
    write(tmp_path, "no_such_set", start.format("ch98"))
    out = tmp_path / "out"
    assert main(["grade", str(tmp_path), "--out", str(out)]) == 1
    with (out / "grades.csv").open() as f:
        rows = {r["file"]: r for r in csv.DictReader(f)}
    one, bad = rows[str(tmp_path / "chapter_one.ipynb")], rows[str(tmp_path / "no_such_set.ipynb")]
    assert (one["set"], one["q5"], one["total"], one["out_of"]) == ("ch01", "0", "0", "20")
    assert "no exercise set 'ch98'" in bad["issues"]


def test_items_graded_by_a_person_are_listed_apart_and_never_scored(tmp_path):
    """A human-graded item is in the report and the CSV, but never in the score."""
    (tmp_path / "ch99.py").write_text(TINY_SET + '\nex.human("h1", "Writing", points=3, '
                                      'criteria="Each step says what and why.")\n')
    subs = tmp_path / "submissions"
    subs.mkdir()
    write(subs, "right", *RIGHT)
    write(subs, "untouched", "def double(x):\n    ...")
    out = tmp_path / "out"
    status = main(["grade", str(subs), "--out", str(out), "--set", "ch99", "--tests",
                   str(tmp_path / "ch99.py"), "--timeout", "3", "--expect-full"])
    with (out / "grades.csv").open() as f:
        rows = {Path(r["file"]).stem: r for r in csv.DictReader(f)}
    report = json.loads((out / "right.json").read_text())
    assert status == 1  # the untouched notebook is not full marks; the right one is
    assert (report["score"], report["out_of"], report["percent"]) == (6, 6, 100.0)
    assert report["human"] == {"h1": {"title": "Writing", "points": 3.0,
                                      "status": "to be graded by a person",
                                      "criteria": "Each step says what and why."}}
    assert report["human_points"] == 3
    column = "h1 (by a person, of 3)"
    assert rows["right"][column] == rows["untouched"][column] == "to be graded by a person"
    assert (rows["right"]["total"], rows["right"]["out_of"]) == ("6", "6")


def test_a_set_without_human_items_keeps_its_report_and_csv(batch):
    assert all("human" not in r for r in batch["reports"].values())
    assert not [k for k in batch["rows"]["right"] if "by a person" in k]
