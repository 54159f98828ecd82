"""Grade a batch of submitted notebooks: ``python -m utils.grading grade PATH... --out DIR``.

Each submission is read (never written), copied into a temporary folder and executed there
in a fresh kernel, cell by cell, with a per-cell timeout (``execute.Session``); then every
test of its exercise set, public and hidden, runs in that same kernel (``in_kernel``).
Whatever a submission does costs only the questions it affects: the batch always finishes,
with one row per file in ``DIR/grades.csv`` and the details in ``DIR/<name>.json``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import utils
from utils.grading.execute import Event, Session
from utils.grading.notebook import GRADING_VAR
from utils.grading.registry import ExerciseSet
from utils.grading.runner import TestResult, question_status

START_CALL = re.compile(r"""start\(\s*["'](ch\d\d)["']""")
GRADING_MARGIN = 30.0  # seconds the grading cell may take beyond the tests' own limits


class GradingError(Exception):
    """Grading cannot run (a bad path, no notebooks, no exercise set): a message for the user."""


@dataclass
class Submission:
    """One notebook to grade: where it is and the name its JSON report gets."""

    path: Path
    name: str
    report: dict = field(default_factory=dict)


def find_notebooks(paths: list[str]) -> list[Submission]:
    """The ``.ipynb`` files named by ``paths`` (files, or folders searched recursively)."""
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            found.append((path, path.stem))
        elif path.is_dir():
            inside = sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
            if not inside:
                raise GradingError(f"{given}: no .ipynb files in this folder")
            found += [(p, "__".join(p.relative_to(path).with_suffix("").parts)) for p in inside]
        else:
            raise GradingError(f"{given}: no such file or folder")
    submissions, names = [], set()
    for path, name in found:
        unique, n = name, 1
        while unique in names:
            n += 1
            unique = f"{name}-{n}"
        names.add(unique)
        submissions.append(Submission(path, unique))
    return submissions


def detect_set(nb: nbformat.NotebookNode) -> str | None:
    """The set key of the notebook's ``start("chNN")`` call, if it still has one."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            match = START_CALL.search(cell.source)
            if match:
                return match.group(1)
    return None


def kernel_env() -> dict[str, str]:
    """The grading kernel's environment: this ``utils`` first on the path, no build outputs."""
    env = dict(os.environ)
    root = str(Path(utils.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env[GRADING_VAR] = "1"
    env.setdefault("MPLBACKEND", "Agg")
    for var in ("DL101_RESULTS_DIR", "DL101_EXECUTED_DIR"):  # a submission must not write there
        env.pop(var, None)
    return env


def _read_progress(path: Path) -> tuple[dict[str, dict], str | None, bool]:
    """Results so far, the test that started without finishing, and whether all finished."""
    results, running, done = {}, None, False
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if "start" in entry:
                running = entry["start"]
            elif "result" in entry:
                results[entry["result"]["test"]] = entry["result"]
                running = None
            done = done or bool(entry.get("done"))
    return results, running, done


def run_tests(session: Session, exercise_set: ExerciseSet, workdir: Path,
              tests_file: Path | None) -> dict[str, dict]:
    """Run every test in the session's kernel; a test that hangs or kills the kernel gets 0."""
    by_name = {t.name: t for t in exercise_set.tests}
    results: dict[str, dict] = {}
    grading_cell = nbformat.v4.new_code_cell("")
    session.nb.cells.append(grading_cell)
    index = len(session.nb.cells) - 1
    for attempt in range(len(by_name) + 1):
        progress = workdir / f"progress-{attempt}.jsonl"
        grading_cell.source = (
            f"__import__('utils.grading.in_kernel', fromlist=['run_tests']).run_tests("
            f"{exercise_set.key!r}, {str(progress)!r}, skip={tuple(sorted(results))!r}, "
            f"tests_file={str(tests_file) if tests_file else None!r})")
        remaining = [t for name, t in by_name.items() if name not in results]
        limit = sum(t.seconds for t in remaining) + GRADING_MARGIN
        outcome = session.run_cell(index, timeout=limit, grading=True)
        found, running, done = _read_progress(progress)
        results.update(found)
        if done:
            break
        if running is None:  # the tests could not even start in the kernel
            reason = f"grading could not run in the kernel: {outcome.message}"
            running_tests = [t.name for t in remaining if t.name not in results]
        else:
            reason = {"timeout": "did not finish, and the kernel had to be stopped",
                      "died": "the kernel died during this test (exit, os._exit or a crash)",
                      }.get(outcome.kind, f"stopped the tests: {outcome.message}")
            running_tests = [running]
        for name in running_tests:
            test = by_name[name]
            results[name] = TestResult(name, test.question, test.description, test.hidden,
                                       test.points, 0.0, "error", reason).to_dict()
        if running is None:
            break
    session.nb.cells.pop()
    for name, test in by_name.items():  # only if a kernel kept dying: never leave a test out
        results.setdefault(name, TestResult(name, test.question, test.description, test.hidden,
                                            test.points, 0.0, "error", "not run").to_dict())
    return results


def grade_notebook(nb: nbformat.NotebookNode, exercise_set: ExerciseSet, cell_timeout: float,
                   tests_file: Path | None = None) -> dict:
    """Execute ``nb`` in a fresh kernel in a temporary folder, run all tests; the report."""
    started = time.perf_counter()
    tests_file = tests_file.resolve() if tests_file else None  # the kernel runs elsewhere
    with tempfile.TemporaryDirectory(prefix="dl101-grade-") as folder:
        workdir = Path(folder)
        nbformat.write(nb, str(workdir / "submission.ipynb"))
        session = Session(nb, workdir, kernel_env(), cell_timeout)
        session.start()
        try:
            session.execute_all()
            executed = time.perf_counter() - started
            results = run_tests(session, exercise_set, workdir, tests_file)
        finally:
            session.stop()
    return build_report(exercise_set, results, session.events, session.restarts,
                        executed, time.perf_counter() - started)


def build_report(exercise_set: ExerciseSet, results: dict[str, dict], events: list[Event],
                 restarts: int, executed: float, total: float) -> dict:
    """Per-question points and test details, and what happened during execution."""
    questions = {}
    for key, question in exercise_set.questions.items():
        tests = [results[t.name] for t in question.tests]
        status = question_status([TestResult(**r) for r in tests])
        questions[key] = {"title": question.title, "status": status,
                          "earned": sum(r["earned"] for r in tests), "points": question.points,
                          "tests": tests}
    score = sum(q["earned"] for q in questions.values())
    return {
        "set": exercise_set.key, "score": score, "out_of": exercise_set.points,
        "percent": round(100 * score / exercise_set.points, 1), "questions": questions,
        "graded_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "execution": {"events": [vars(e) for e in events], "kernel_restarts": restarts,
                      "execution_seconds": round(executed, 2),
                      "grading_seconds": round(total, 2)},
    }


def issues(report: dict) -> str:
    """One line for the CSV: what went wrong while the notebook ran or was graded."""
    found = [Event(**e).summary() for e in report.get("execution", {}).get("events", [])]
    for key, question in report.get("questions", {}).items():
        for status in ("timeout", "error"):
            n = sum(t["status"] == status for t in question["tests"])
            if n:
                found.append(f"{key}: {n} test{'s' * (n > 1)} {status}")
    if "unreadable" in report:
        found.insert(0, f"unreadable: {report['unreadable']}")
    return "; ".join(found)


def write_csv(path: Path, submissions: list[Submission]) -> None:
    """``grades.csv``: one row per file, one column per question, the total and the issues.

    A batch normally holds one exercise set; when it holds several, the ``set`` column says
    which one each row's question columns belong to.
    """
    keys: list[str] = []
    for s in submissions:
        keys += [k for k in s.report.get("questions", {}) if k not in keys]
    keys.sort(key=lambda k: (int(re.sub(r"\D", "", k)), k))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "set", *keys, "total", "out_of", "percent", "issues"])
        for s in submissions:
            r = s.report
            questions = r.get("questions", {})
            writer.writerow([str(s.path), r.get("set") or "",
                             *[f"{questions[k]['earned']:g}" if k in questions else ""
                               for k in keys],
                             f"{r.get('score', 0):g}", f"{r.get('out_of', 0):g}",
                             f"{r.get('percent', 0.0):g}", issues(r)])
