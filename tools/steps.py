"""Run the steps of ``make test`` one after another and say how long each took.

    python -m tools.steps lint unit book ...

Each step is ``make STEP``; the first that fails stops the run (exit status 1). The table
of timings is printed at the end either way, so that a step that grows shows up early.
"""

from __future__ import annotations

import subprocess
import sys
import time


def main(steps: list[str]) -> int:
    timings: list[tuple[str, float, str]] = []
    status = 0
    for step in steps:
        started = time.perf_counter()
        code = subprocess.call(["make", "--no-print-directory", step])
        timings.append((step, time.perf_counter() - started, "ok" if code == 0 else "FAILED"))
        if code != 0:
            status = 1
            break
    width = max(len(step) for step in steps)
    print("\nmake test, step by step:")
    for step, seconds, outcome in timings:
        print(f"  {step:<{width}}  {seconds:7.1f} s  {outcome}")
    print(f"  {'total':<{width}}  {sum(t for _, t, _ in timings):7.1f} s")
    for step in steps[len(timings):]:
        print(f"  {step:<{width}}      not run")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
