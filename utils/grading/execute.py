"""Execute a notebook's cells in a kernel that survives what a submission can do to it.

``Session`` runs code cells one at a time in a fresh IPython kernel (nbclient). A cell
that raises is recorded and execution goes on, as in Jupyter. A cell that runs past its
timeout, or that kills the kernel (``os._exit``, a crash, memory exhaustion), is recorded
too; the kernel is then replaced by a fresh one in which the cells that had run before are
run again, so that one bad cell costs only what depends on it.
"""

from __future__ import annotations

import logging
import math
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

KEEP_KERNEL = "get_ipython().ask_exit = lambda: None"
_QUIET = logging.getLogger("utils.grading.kernel")
_QUIET.setLevel(logging.CRITICAL)


class KernelStartError(RuntimeError):
    """No kernel could be started: grading cannot run at all."""


@dataclass
class Event:
    """Something that went wrong while a cell ran; ``cell`` is its 1-based position."""

    cell: int | None
    kind: str  # "error", "timeout", "kernel died", "replay failed"
    message: str
    excerpt: str = ""

    def summary(self) -> str:
        where = f"cell {self.cell}" if self.cell is not None else "grading"
        return f"{where}: {self.kind}" + (f" ({self.message})" if self.message else "")


@dataclass
class Outcome:
    """How one cell ended: ``ok``, ``error`` (an exception), ``timeout`` or ``died``."""

    kind: str
    message: str = ""


class _ErrorsOnlyClient(NotebookClient):
    """An nbclient that keeps only error outputs, so a flood of printing costs no memory."""

    def output(self, outs, msg, display_id, cell_index):  # nbclient's signature
        if msg["msg_type"] != "error":
            return None
        return super().output(outs, msg, display_id, cell_index)


def _excerpt(source: str, limit: int = 60) -> str:
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return first if len(first) <= limit else first[: limit - 3] + "..."


@dataclass
class Session:
    """A kernel running the cells of ``nb`` in ``workdir``; restarted and replayed as needed."""

    nb: nbformat.NotebookNode
    workdir: Path
    env: dict[str, str]
    cell_timeout: float
    events: list[Event] = field(default_factory=list)
    restarts: int = 0
    _ran: list[int] = field(default_factory=list)  # cells to replay in a fresh kernel
    _client: NotebookClient | None = None

    def start(self) -> None:
        """Start a fresh kernel (and stop the previous one)."""
        self.stop()
        client = _ErrorsOnlyClient(
            self.nb, kernel_name="python3", allow_errors=True, coalesce_streams=False,
            shutdown_kernel="immediate", startup_timeout=60, log=_QUIET,
            resources={"metadata": {"path": str(self.workdir)}})
        try:
            client.km = client.create_kernel_manager()
            client.start_new_kernel(env=self.env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            client.start_new_kernel_client()
        except Exception as error:
            raise KernelStartError(f"could not start a python3 Jupyter kernel: {error}") from error
        self._client = client
        self._setup()

    def _setup(self) -> None:
        """Make ``exit()`` in a cell end only that cell, as ``sys.exit`` does.

        IPython's ``exit()`` stops the kernel a moment *after* its cell, so the kernel would
        die during whatever ran next, again after every replay; with this it stays up.
        """
        cell = nbformat.v4.new_code_cell(KEEP_KERNEL)
        self.nb.cells.append(cell)
        try:
            self._client.execute_cell(cell, len(self.nb.cells) - 1)
        finally:
            self.nb.cells.remove(cell)

    def stop(self) -> None:
        """Shut the kernel down (kill it: it may be stuck in an endless loop)."""
        if self._client is not None:
            try:
                self._client._cleanup_kernel()
            except Exception:  # a dead or stuck kernel: nothing left to clean
                pass
            self._client = None

    def run(self, index: int, timeout: float | None = None) -> Outcome:
        """Execute cell ``index`` of the notebook; never raises for what the cell does."""
        assert self._client is not None, "start() the session first"
        cell = self.nb.cells[index]
        self._client.timeout = math.ceil(timeout or self.cell_timeout)
        try:
            self._client.execute_cell(cell, index)
        except CellTimeoutError:
            return Outcome("timeout", f"still running after {self._client.timeout} s")
        except DeadKernelError:
            return Outcome("died", "the kernel stopped (exit, os._exit, a crash or no memory)")
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        cell.outputs = []
        if errors:
            return Outcome("error", f"{errors[0].get('ename')}: {errors[0].get('evalue')}"[:300])
        return Outcome("ok")

    def run_cell(self, index: int, timeout: float | None = None,
                 grading: bool = False) -> Outcome:
        """Run cell ``index``, record what went wrong and recover from timeouts and deaths.

        ``grading=True`` marks the grader's own cell: it is not replayed after a restart,
        and what goes wrong in it is reported as happening during grading.
        """
        outcome = self.run(index, timeout)
        if outcome.kind != "ok" and not (grading and outcome.kind == "error"):
            excerpt = "" if grading else _excerpt(self.nb.cells[index].source)
            kind = {"died": "kernel died"}.get(outcome.kind, outcome.kind)
            self.events.append(Event(None if grading else index + 1, kind, outcome.message,
                                     excerpt))
        if outcome.kind in ("ok", "error"):
            if not grading:
                self._ran.append(index)
        else:
            self.recover()
        return outcome

    def recover(self) -> None:
        """Replace the kernel with a fresh one and rerun the cells that had run before."""
        while True:
            self.restarts += 1
            self.start()
            for index in list(self._ran):
                outcome = self.run(index)
                if outcome.kind in ("timeout", "died"):
                    self.events.append(Event(index + 1, "replay failed", outcome.message,
                                             _excerpt(self.nb.cells[index].source)))
                    self._ran.remove(index)
                    break
            else:
                return

    def execute_all(self) -> None:
        """Run every code cell of the notebook in order."""
        for index, cell in enumerate(self.nb.cells):
            if cell.cell_type == "code" and cell.source.strip():
                self.run_cell(index)
