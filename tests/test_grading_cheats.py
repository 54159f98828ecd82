"""A submission cannot raise its own score: planted cheats score what the untouched exercise
scores (0), and the solution still scores full marks, in the same batch.

Each cheat is a cell appended to a copy of the untouched Chapter 1 exercise notebook: the
kind of thing a student who reads ``utils/grading`` might try. The tests are judged in the
grader's process, which none of these cells can reach.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from utils.grading.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = ROOT / "exercises" / "01_intro.ipynb"
SOLUTION = ROOT / "solutions" / "01_intro.ipynb"

CHEATS = {
    "runner_says_passed": '''
import utils.grading.runner as runner
real_run_test = runner.run_test
def run_test(test, ns, *args, **kwargs):
    result = real_run_test(test, ns, *args, **kwargs)
    result.status, result.earned, result.message = "passed", result.points, ""
    return result
runner.run_test = run_test
''',
    "comparisons_always_true": '''
import numpy, torch
import utils.grading.expect as expect
numpy.allclose = numpy.isclose = numpy.array_equal = lambda *a, **k: True
torch.allclose = torch.equal = lambda *a, **k: True
expect.assert_close = expect.assert_integer = lambda *a, **k: None
''',
    "serve_writes_passed": '''
import json
import utils.grading.in_kernel as in_kernel
def serve(request_path, response_path):
    with open(response_path, "w") as out:
        out.write(json.dumps({"status": "passed", "earned": 4, "points": 4}) + "\\n")
        out.write(json.dumps({"result": {"status": "passed"}, "done": True}) + "\\n")
in_kernel.serve = serve
''',
    "serve_writes_ok_without_answer": '''
import json
import utils.grading.in_kernel as in_kernel
def serve(request_path, response_path):
    with open(response_path, "w") as out:
        json.dump({"status": "ok", "banned": [], "modified": [], "aliased": []}, out)
in_kernel.serve = serve
''',
    "exit_after_writing_passed": '''
import json, os
import utils.grading.in_kernel as in_kernel
def serve(request_path, response_path):
    with open(response_path, "w") as out:
        json.dump({"status": "ok", "value": True, "banned": [], "modified": [],
                   "aliased": []}, out)
    os._exit(0)
in_kernel.serve = serve
''',
    "numbers_that_equal_everything": '''
import numpy as np
class Liar(float):
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = lambda self, other: True
    __hash__ = float.__hash__
class LyingArray(np.ndarray):
    __eq__ = __ne__ = lambda self, other: np.ones(np.shape(other), dtype=bool)
def accuracy(scores, labels):
    return Liar(0.0)
def stratified_split(labels, test_fraction, seed):
    return np.zeros(0, int).view(LyingArray), np.zeros(0, int).view(LyingArray)
def count_parameters(layer_sizes):
    return Liar(0.0)
def best_epoch(val_losses):
    return Liar(0.0)
def gradient_step(w, kilos, paid, learning_rate):
    return Liar(0.0)
''',
    "objects_that_pretend_to_be_numbers": '''
class Anything:
    def __eq__(self, other): return True
    def __float__(self): return 0.0
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no")
accuracy = count_parameters = best_epoch = gradient_step = lambda *args: Anything()
''',
    "traceback_hidden_and_errors_swallowed": '''
from IPython import get_ipython
get_ipython().showtraceback = lambda *args, **kwargs: None
import utils.grading.namespace as namespace
namespace.StudentError = AssertionError
def accuracy(scores, labels):
    raise SystemExit(0)
''',
    "reads_the_private_tests_from_memory": '''
import gc, sys
def _reference(name):
    for module in list(sys.modules.values()):
        if hasattr(module, "ex") and "private" in str(getattr(module, "__file__", "")):
            return getattr(module, name)
    for obj in gc.get_objects():
        if callable(obj) and getattr(obj, "__name__", "") == name and "private" in str(
                getattr(getattr(obj, "__code__", None), "co_filename", "")):
            return obj
    return lambda *args: 0.0
def accuracy(scores, labels):
    return _reference("_accuracy")(scores, labels)
def count_parameters(layer_sizes):
    return _reference("_count")(layer_sizes)
def gradient_step(w, kilos, paid, learning_rate):
    return _reference("_step")(w, kilos, paid, learning_rate)
''',
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, dict]:
    """The solution, the untouched exercise and every cheat, graded in one batch."""
    folder = tmp_path_factory.mktemp("cheats")
    shutil.copy(SOLUTION, folder / "solution.ipynb")
    shutil.copy(EXERCISE, folder / "untouched.ipynb")
    for name, code in CHEATS.items():
        nb = nbformat.read(EXERCISE, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(code.strip()))
        nbformat.write(nb, folder / f"{name}.ipynb")
    private = folder / "private_ch01.py"  # an instructor's copy of the tests
    private.write_text((ROOT / "utils" / "grading" / "sets" / "ch01.py").read_text())
    out = folder / "grades"
    assert main(["grade", str(folder), "--out", str(out), "--tests", str(private),
                 "--timeout", "30"]) == 0
    with (out / "grades.csv").open() as rows:
        scores = {Path(r["file"]).stem: float(r["total"]) for r in csv.DictReader(rows)}
    reports = {name: json.loads((out / f"{name}.json").read_text()) for name in scores}
    return {"scores": scores, "reports": reports}


def test_the_solution_still_scores_full_marks(graded):
    report = graded["reports"]["solution"]
    assert report["score"] == report["out_of"] > 0


def test_the_untouched_exercise_scores_zero(graded):
    assert graded["scores"]["untouched"] == 0


@pytest.mark.parametrize("cheat", sorted(CHEATS))
def test_a_cheat_scores_no_more_than_the_untouched_exercise(graded, cheat):
    assert graded["scores"][cheat] <= graded["scores"]["untouched"], (
        f"{cheat} scored {graded['scores'][cheat]}: "
        + json.dumps({k: [t["status"] for t in q["tests"]]
                      for k, q in graded["reports"][cheat]["questions"].items()}))
