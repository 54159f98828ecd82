"""Command line of the grading tools.

    python -m utils.grading grade PATH... --out DIR [--timeout 60] [--set ch01]
    python -m utils.grading generate [solutions/NN_slug.md ...] [--check]

``grade`` exits 0 when grading ran (whatever the scores), 1 when a notebook could not be read
or graded or when ``--expect-full`` / ``--expect-zero`` is not met, 2 when grading could not
start (a bad path, an unknown exercise set).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat

from utils.grading.batch import (
    GradingError,
    Submission,
    detect_set,
    find_notebooks,
    grade_notebook,
    issues,
    write_csv,
)
from utils.grading.generate import GenerationError, check, generate
from utils.grading.registry import ExerciseSet, load_set


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read a notebook; ``ValueError`` saying why when it is not a usable notebook."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # JSON errors, unknown versions, unreadable files...
        raise ValueError(f"not a readable notebook ({type(error).__name__}: {error})") from None
    if not isinstance(nb.get("cells"), list) or not all(
            isinstance(c, dict) and "cell_type" in c and "source" in c for c in nb.cells):
        raise ValueError("not a readable notebook (its cells are missing or malformed)")
    return nb


class SetChooser:
    """Which exercise set grades each notebook: ``--tests``, ``--set``, its own ``start``
    call, or the one set that the other notebooks of the batch call."""

    def __init__(self, args: argparse.Namespace, notebooks: list[nbformat.NotebookNode]):
        self.forced: ExerciseSet | None = None
        if args.tests or args.set:
            self.forced = load_set(args.set, args.tests)  # ValueError: grading cannot run
        self.loaded: dict[str, ExerciseSet] = {}
        found = {detect_set(nb) for nb in notebooks} - {None}
        self.default = next(iter(found)) if len(found) == 1 else None
        if self.forced is None and not found and notebooks:
            raise GradingError('no notebook calls start("chNN"): pass --set chNN to say which '
                               "exercise set to grade")

    def __call__(self, nb: nbformat.NotebookNode) -> ExerciseSet:
        """The set for ``nb``; ``ValueError`` saying why when there is none."""
        if self.forced is not None:
            return self.forced
        key = detect_set(nb) or self.default
        if key is None:
            raise ValueError('it never calls start("chNN") and the batch mixes exercise sets: '
                             "grade it with --set chNN")
        if key not in self.loaded:
            self.loaded[key] = load_set(key)
        return self.loaded[key]


def grade_one(s: Submission, nb: nbformat.NotebookNode | None, choose: SetChooser,
              args: argparse.Namespace) -> bool:
    """Fill ``s.report``; False when the file could not be graded."""
    if nb is None:
        s.report = {"set": None, "score": 0, "out_of": 0, "percent": 0.0, **s.report}
        return False
    try:
        exercise_set = choose(nb)
    except ValueError as error:
        s.report = {"set": None, "score": 0, "out_of": 0, "percent": 0.0,
                    "unreadable": f"cannot grade: {error}"}
        return False
    try:
        s.report = grade_notebook(nb, exercise_set, args.timeout)
    except Exception as error:  # no kernel, or a grader bug: the rest of the batch goes on
        s.report = {"set": exercise_set.key, "score": 0, "out_of": exercise_set.points,
                    "percent": 0.0,
                    "unreadable": f"grading failed: {type(error).__name__}: {error}"}
        return False
    return True


def grade_command(args: argparse.Namespace) -> int:
    submissions = find_notebooks(args.paths)
    notebooks: dict[Path, nbformat.NotebookNode] = {}
    for s in submissions:
        try:
            notebooks[s.path] = read_notebook(s.path)
        except ValueError as error:
            s.report = {"unreadable": str(error)}
    choose = SetChooser(args, list(notebooks.values()))
    args.out.mkdir(parents=True, exist_ok=True)
    failed = []
    for s in submissions:
        if not grade_one(s, notebooks.get(s.path), choose, args):
            failed.append(s)
        s.report = {"file": str(s.path), **s.report}
        (args.out / f"{s.name}.json").write_text(json.dumps(s.report, indent=2,
                                                            ensure_ascii=False))
        seconds = s.report.get("execution", {}).get("grading_seconds")
        print(f"{s.path}: {s.report['score']:g}/{s.report['out_of']:g}"
              + (f" in {seconds:.1f} s" if seconds is not None else "")
              + (f"; {issues(s.report)}" if issues(s.report) else "")
              + (f"; {s.report['human_points']:g} more points to be graded by a person"
                 if s.report.get("human") else ""), flush=True)
    write_csv(args.out / "grades.csv", submissions)
    print(f"graded {len(submissions) - len(failed)} of {len(submissions)} notebooks: "
          f"{args.out / 'grades.csv'}")
    status = 0
    if failed:
        print("could not grade: " + ", ".join(str(s.path) for s in failed), file=sys.stderr)
        status = 1
    if args.expect_full:
        short = [s for s in submissions if not s.report["out_of"]
                 or s.report["score"] < s.report["out_of"]]
        for s in short:
            print(f"expected full marks: {s.path} scored {s.report['score']:g}/"
                  f"{s.report['out_of']:g}", file=sys.stderr)
        status = status or int(bool(short))
    if args.expect_zero:
        scored = [s for s in submissions if s.report["score"] > 0]
        for s in scored:
            print(f"expected 0 points: {s.path} scored {s.report['score']:g}", file=sys.stderr)
        status = status or int(bool(scored))
    return status


def generate_command(args: argparse.Namespace) -> int:
    solutions = args.solutions or sorted(p for p in Path("solutions").glob("*.md")
                                         if p.name.lower() != "readme.md")
    if not solutions:
        raise GradingError("no solution notebooks: pass solutions/NN_slug.md files")
    problems = []
    for solution in solutions:
        if not solution.is_file():
            raise GradingError(f"{solution}: no such file")
        if args.check:
            problems += check(solution, args.exercises)
        else:
            for path in generate(solution, args.exercises):
                print(f"wrote {path}")
    for problem in problems:
        print(f"{problem}: run `python -m utils.grading generate` (make exercises)",
              file=sys.stderr)
    return 1 if problems else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m utils.grading", description=__doc__.split(
        "\n")[0])
    commands = main.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="grade submitted notebooks")
    grade.add_argument("paths", nargs="+", help=".ipynb files, or folders holding them")
    grade.add_argument("--out", type=Path, required=True, help="folder for grades.csv and JSON")
    grade.add_argument("--timeout", type=float, default=60.0, help="seconds per cell (60)")
    grade.add_argument("--set", help="exercise set of every notebook, e.g. ch01 (default: "
                       "each notebook's start(\"chNN\") call)")
    grade.add_argument("--tests", type=Path, help="a chNN.py file of tests to use instead of "
                       "the package's (e.g. an instructor's private hidden tests)")
    expect = grade.add_mutually_exclusive_group()
    expect.add_argument("--expect-full", action="store_true",
                        help="exit 1 unless every notebook scores 100%%")
    expect.add_argument("--expect-zero", action="store_true",
                        help="exit 1 unless every notebook scores 0")
    gen = commands.add_parser("generate", help="write exercises/ from solutions/")
    gen.add_argument("solutions", nargs="*", type=Path, help="solution .md files (default: all)")
    gen.add_argument("--exercises", type=Path, default=Path("exercises"), help="output folder")
    gen.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 naming each exercise that differs")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "grade":
            if args.timeout <= 0:
                raise GradingError(f"--timeout must be a positive number of seconds, "
                                   f"got {args.timeout:g}")
            return grade_command(args)
        return generate_command(args)
    except (GradingError, GenerationError, ValueError) as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
