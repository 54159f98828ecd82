"""Grade a batch of submitted notebooks: ``python -m utils.grading grade PATH... --out DIR``.

Each submission is read (never written), copied into a temporary folder and executed there
in a fresh kernel, cell by cell, with a per-cell timeout (``execute.Session``). Then every
test of its exercise set, public and hidden, runs *here*, in the grader's process: a test
asks the kernel for the student's answers (``KernelNamespace``, ``in_kernel.serve``), gets
plain data back and judges it here, where no cell of the submission can reach.
Whatever a submission does costs only the questions it affects: the batch always finishes,
with one row per file in ``DIR/grades.csv`` and the details in ``DIR/<name>.json``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

import utils
from utils.grading.execute import Event, Session
from utils.grading.namespace import Namespace
from utils.grading.notebook import GRADING_VAR
from utils.grading.registry import HUMAN_STATUS, ExerciseSet
from utils.grading.runner import TestResult, question_status, run_test

START_CALL = re.compile(r"""start\(\s*["'](ch\d\d)["']""")
CALL_MARGIN = 10.0  # seconds a request may take beyond the test's own limit before the kernel
#                     is stopped (the kernel stops the student's code itself at the limit)
MAX_ANSWER_BYTES = 256 * 2**20


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


class KernelNamespace(Namespace):
    """The submission's own kernel: each request goes there as a file, and
    ``in_kernel.serve`` writes the answer to another file, which is read here as JSON."""

    def __init__(self, session: Session, workdir: Path) -> None:
        super().__init__(quiet=True)
        self.session, self.workdir = session, workdir
        self.cell = nbformat.v4.new_code_cell("")
        session.nb.cells.append(self.cell)
        self.index = len(session.nb.cells) - 1
        self.requests = 0

    def close(self) -> None:
        """Take the grader's cell out of the notebook again."""
        self.session.nb.cells.remove(self.cell)

    def _exchange(self, request: dict) -> Any:
        self.requests += 1
        asked = self.workdir / f"request-{self.requests}.json"
        answer = self.workdir / f"answer-{self.requests}-{secrets.token_hex(8)}.json"
        asked.write_text(json.dumps(request, allow_nan=False), encoding="utf-8")
        self.cell.source = (f"__import__('utils.grading.in_kernel', fromlist=['serve'])"
                            f".serve({str(asked)!r}, {str(answer)!r})")
        outcome = self.session.run_cell(self.index, timeout=request["seconds"] + CALL_MARGIN,
                                        grading=True)
        nothing: dict[str, Any] = {"banned": [], "modified": [], "aliased": []}
        if outcome.kind == "timeout":
            return {**nothing, "status": "timeout"}
        if outcome.kind == "died":
            return {**nothing, "status": "error", "message": "the kernel died while the "
                    "student's code ran (exit, os._exit, a crash or no memory)"}
        try:
            if answer.stat().st_size > MAX_ANSWER_BYTES:
                return {**nothing, "status": "failed", "message": "the answer is too large"}
            return json.loads(answer.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {**nothing, "status": "error",
                    "message": f"no answer came back ({outcome.message or outcome.kind})"}
        except (OSError, ValueError):
            return None  # malformed: the test loses its points
        finally:
            asked.unlink(missing_ok=True)
            answer.unlink(missing_ok=True)


def run_tests(session: Session, exercise_set: ExerciseSet, workdir: Path) -> dict[str, dict]:
    """Run every test here, in the grader, asking the session's kernel for each answer."""
    ns = KernelNamespace(session, workdir)
    try:
        return {test.name: run_test(test, ns, question.bans).to_dict()
                for question in exercise_set.questions.values() for test in question.tests}
    finally:
        ns.close()


def grade_notebook(nb: nbformat.NotebookNode, exercise_set: ExerciseSet,
                   cell_timeout: float) -> dict:
    """Execute ``nb`` in a fresh kernel in a temporary folder, run all tests; the report."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dl101-grade-") as folder:
        workdir = Path(folder)
        nbformat.write(nb, str(workdir / "submission.ipynb"))
        session = Session(nb, workdir, kernel_env(), cell_timeout)
        session.start()
        try:
            session.execute_all()
            executed = time.perf_counter() - started
            results = run_tests(session, exercise_set, workdir)
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
    human = {key: {"title": item.title, "status": HUMAN_STATUS, "points": item.points,
                   "criteria": item.criteria}
             for key, item in exercise_set.human_items.items()}
    return {
        "set": exercise_set.key, "score": score, "out_of": exercise_set.points,
        "percent": round(100 * score / exercise_set.points, 1), "questions": questions,
        **({"human": human, "human_points": exercise_set.human_points} if human else {}),
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
    human: list[str] = []
    for s in submissions:
        human += [k for k in s.report.get("human", {}) if k not in human]
    human.sort(key=lambda k: (int(re.sub(r"\D", "", k)), k))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "set", *keys, "total", "out_of", "percent",
                         *[f"{k} (by a person, of {_human_points(submissions, k):g})"
                           for k in human], "issues"])
        for s in submissions:
            r = s.report
            questions = r.get("questions", {})
            writer.writerow([str(s.path), r.get("set") or "",
                             *[f"{questions[k]['earned']:g}" if k in questions else ""
                               for k in keys],
                             f"{r.get('score', 0):g}", f"{r.get('out_of', 0):g}",
                             f"{r.get('percent', 0.0):g}",
                             *[HUMAN_STATUS if k in r.get("human", {}) else ""
                               for k in human], issues(r)])


def _human_points(submissions: list[Submission], key: str) -> float:
    """The points of human-graded item ``key``, from the first report that lists it."""
    return next(s.report["human"][key]["points"] for s in submissions
                if key in s.report.get("human", {}))
