"""A pytest plugin that keeps what nbval saw, so the book executes each notebook only once.

nbval runs every code cell of a notebook in a fresh kernel and fails on the first error.
This plugin, loaded with ``-p tools.nbcapture``, additionally

* writes the executed notebook (outputs included) to ``$DL101_EXECUTED_DIR/<path>.ipynb``
  when every cell passed: the site build reuses those outputs instead of executing again;
* writes ``$DL101_EXECUTED_DIR/<path>.json`` with the wall time (kernel start included),
  the kernel's peak memory, the slowest cells and whether it passed: the Results page and
  the budget check use it.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
import pytest

# utils.results.NOTEBOOK_VAR, spelt out: importing utils here would import torch into pytest.
NOTEBOOK_VAR = "DL101_NOTEBOOK"

_started: dict[str, float] = {}
_failed: set[str] = set()
_counts: dict[str, int] = {}
_cell_seconds: dict[str, list[dict]] = {}
SLOWEST_CELLS = 5  # kept in the report, so that a notebook over budget says where time went


def pytest_configure(config: pytest.Config) -> None:
    """Run cells the way Jupyter does, with history on.

    nbval executes with ``store_history=False``; IPython then cannot see that a cell ends
    in ``;`` and prints the repr of the last value (``<Figure size ...>``), which a reader
    running the notebook in JupyterLab never sees.
    """
    from nbval.kernel import RunningKernel

    def execute_cell_input(self, cell_input: str, allow_stdin: bool | None = None) -> str:
        return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin,
                               stop_on_error=False)

    RunningKernel.execute_cell_input = execute_cell_input


def _out_dir() -> Path | None:
    folder = os.environ.get("DL101_EXECUTED_DIR")
    return Path(folder) if folder else None


def _notebook_key(item: pytest.Item) -> str:
    return str(Path(item.parent.path).relative_to(item.config.rootpath))


def _peak_memory_mb(item: pytest.Item) -> float | None:
    """Peak resident memory of the notebook's kernel (Linux: VmHWM in /proc), or None."""
    try:
        pid = item.parent.kernel.km.provisioner.process.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (AttributeError, OSError, ValueError):
        pass
    return None


def _is_nbval_cell(item: pytest.Item) -> bool:
    return hasattr(item, "test_outputs") and hasattr(item, "cell")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if _is_nbval_cell(item):
        key = _notebook_key(item)
        _started.setdefault(key, time.perf_counter())
        # Before nbval starts the notebook's kernel (at its first cell's setup), so that the
        # kernel inherits it: utils.results.record writes it beside each value.
        os.environ[NOTEBOOK_VAR] = key


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    yield
    if not _is_nbval_cell(item) or call.when != "call":
        return
    key = _notebook_key(item)
    _counts[key] = _counts.get(key, 0) + 1
    item.cell.outputs = [nbformat.from_dict(o) for o in (item.test_outputs or [])]
    item.cell.execution_count = _counts[key]
    for output in item.cell.outputs:
        if output.get("output_type") == "execute_result":
            output["execution_count"] = _counts[key]
    if call.excinfo is not None:
        _failed.add(key)
    first_line = next((line for line in item.cell.source.splitlines() if line.strip()), "")
    _cell_seconds.setdefault(key, []).append(
        {"cell": _counts[key], "seconds": round(call.duration, 2), "starts": first_line[:60]})


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    if not _is_nbval_cell(item):
        return
    if nextitem is not None and nextitem.parent is item.parent:
        return  # not the notebook's last cell yet
    out = _out_dir()
    if out is None:
        return
    key = _notebook_key(item)
    passed = key not in _failed and _counts.get(key, 0) == len(
        [c for c in item.parent.nb.cells if c.cell_type == "code"]
    )
    report = {
        "notebook": key,
        "seconds": round(time.perf_counter() - _started[key], 2),
        "peak_memory_mb": _peak_memory_mb(item),
        "passed": passed,
        "slowest_cells": sorted(_cell_seconds.get(key, []), key=lambda c: -c["seconds"])[
            :SLOWEST_CELLS],
        "finished_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    target = out / key
    target.parent.mkdir(parents=True, exist_ok=True)
    target.with_suffix(".json").write_text(json.dumps(report, indent=2))
    if passed:
        nbformat.write(item.parent.nb, str(target.with_suffix(".ipynb")))
    else:
        target.with_suffix(".ipynb").unlink(missing_ok=True)
