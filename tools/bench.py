"""How much slower do the chapters run on a busy machine? ``make bench`` measures it.

Each notebook is executed twice in a fresh kernel, as the book's build does: once on a quiet
machine, then while one other CPU-bound process runs (a busy loop, as when a laptop compiles
something or another notebook trains). The table shows both times and their ratio.

    python -m tools.bench                       # chapters 1, 4, 5 and 6
    python -m tools.bench chapters/06_cnn.ipynb --check 2.0   # exit 1 if a ratio exceeds 2
    python -m tools.bench --table book/runs/bench.md          # the table the Results page shows
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ["chapters/01_intro.ipynb", "chapters/04_how_networks_learn.ipynb",
           "chapters/05_pytorch.ipynb", "chapters/06_cnn.ipynb"]


def busy_loop() -> None:
    """The competing program: one core's worth of pure Python arithmetic, forever."""
    x = 0
    while True:
        x = (x * 7 + 1) % 1_000_003


def execute(path: Path) -> float:
    """Seconds to execute the notebook at ``path`` in a fresh kernel, kernel start included."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def warm_up() -> None:
    """Import the heavy libraries once, so the first quiet run does not pay for a cold disk cache.

    Without it the first notebook measured "quiet" can be slower than its busy rerun.
    """
    import subprocess

    subprocess.run([sys.executable, "-c", "import matplotlib.pyplot, sklearn, torch, torchvision"],
                   check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", default=DEFAULT)
    parser.add_argument("--check", type=float, metavar="RATIO",
                        help="exit 1 when a notebook is more than RATIO times slower when busy")
    parser.add_argument("--table", type=Path, help="also write the table, in Markdown, here")
    args = parser.parse_args(argv)
    # Both runs of a notebook must do the same work: without this, the second run reuses the
    # kernels `torch.compile` wrote to disk during the first (Chapter 5) and looks faster.
    os.environ["TORCHINDUCTOR_FORCE_DISABLE_CACHES"] = "1"
    warm_up()
    rows = []
    for name in args.notebooks:
        path = ROOT / name
        quiet = execute(path)
        competitor = multiprocessing.Process(target=busy_loop, daemon=True)
        competitor.start()
        try:
            busy = execute(path)
        finally:
            competitor.terminate()
            competitor.join()
        rows.append((name, quiet, busy))
        print(f"{name}: {quiet:.1f} s quiet, {busy:.1f} s busy", flush=True)
    width = max(len(name) for name, _, _ in rows)
    print(f"\n{'notebook':<{width}}  quiet (s)  busy (s)  ratio")
    for name, quiet, busy in rows:
        print(f"{name:<{width}}  {quiet:9.1f}  {busy:8.1f}  {busy / quiet:5.2f}")
    if args.table:
        lines = ["| notebook | quiet | busy | ratio |", "|---|---|---|---|"]
        lines += [f"| `{name}` | {quiet:.1f} s | {busy:.1f} s | {busy / quiet:.2f} |"
                  for name, quiet, busy in rows]
        lines += ["", f"Measured with `make bench` on {os.cpu_count()} CPU cores, "
                  f"{time.strftime('%Y-%m-%d')}; "
                  "each run compiles its `torch.compile` kernels from scratch."]
        args.table.parent.mkdir(parents=True, exist_ok=True)
        args.table.write_text("\n".join(lines) + "\n")
    worst = max(busy / quiet for _, quiet, busy in rows)
    if args.check is not None and worst > args.check:
        print(f"a notebook ran {worst:.2f} times slower on a busy machine (limit "
              f"{args.check:g})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
