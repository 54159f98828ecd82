"""The part of batch grading that runs inside the submission's kernel, after its cells.

The grader sends one line of code that calls ``run_tests``; every test's start and result
are appended to a progress file as JSON lines, written and flushed one by one, so that the
grader knows which test was running if the kernel dies or hangs, gives that test 0 and goes
on with the rest in a fresh kernel.
"""

from __future__ import annotations

import json
from pathlib import Path

from utils.grading.namespace import Namespace
from utils.grading.registry import load_set
from utils.grading.runner import run_test


def run_tests(key: str, progress: str, skip: tuple[str, ...] = (),
              tests_file: str | None = None) -> None:
    """Run every test (public and hidden) of set ``key`` not in ``skip`` on the notebook."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("run_tests runs inside an IPython kernel, after the notebook's cells")
    exercise_set = load_set(key, tests_file)
    ns = Namespace(shell.user_ns)
    with Path(progress).open("a", encoding="utf-8") as out:
        for test in exercise_set.tests:
            if test.name in skip:
                continue
            out.write(json.dumps({"start": test.name}) + "\n")
            out.flush()
            result = run_test(test, ns)
            out.write(json.dumps({"result": result.to_dict()}) + "\n")
            out.flush()
        out.write(json.dumps({"done": True}) + "\n")
