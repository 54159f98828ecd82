"""Check the book's headline results against their targets and write the Results page table.

Inputs: ``book/targets.yml`` (what each result must reach, each notebook's time and memory
budget), the values that ``utils.results.record`` saved under ``_build/results/values/`` and
the run reports that ``tools/nbcapture.py`` saved under ``_build/executed/``.

    python -m tools.results            # write _build/results/table.md
    python -m tools.results --check    # the same, and exit 1 naming every miss
    python -m tools.results --build _build/gpu --table book/runs/gpu.md --device cuda
                                       # a run on a GPU (``make gpu-run``), kept in the book
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPARISONS = {"at_least": (lambda v, t: v >= t, "≥"), "at_most": (lambda v, t: v <= t, "≤")}


def load_json_files(folder: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(folder.rglob("*.json"))]


def check_results(targets: dict, values: dict[str, dict]) -> tuple[list[dict], list[str]]:
    """Compare each target with its recorded value; return table rows and problems."""
    rows, problems = [], []
    for name, spec in targets.items():
        kinds = [k for k in COMPARISONS if k in spec]
        if len(kinds) != 1:
            raise ValueError(f"target {name} needs exactly one of {sorted(COMPARISONS)}")
        test, symbol = COMPARISONS[kinds[0]]
        threshold = spec[kinds[0]]
        entry = values.get(name)
        if entry is None:
            ok, shown = False, "not recorded"
            problems.append(f"{name}: never recorded (expected from {spec['notebook']})")
        else:
            ok, shown = test(entry["value"], threshold), f"{entry['value']:.4g}"
            if not ok:
                problems.append(f"{name} = {entry['value']:.6g} misses its target "
                                f"{symbol} {threshold} ({spec['notebook']})")
        rows.append({"name": name, "what": spec.get("what", ""), "notebook": spec["notebook"],
                     "value": shown, "target": f"{symbol} {threshold}", "ok": ok,
                     "device": (entry or {}).get("device", ""),
                     "torch": (entry or {}).get("torch", "")})
    for name in sorted(set(values) - set(targets)):
        problems.append(f"{name}: recorded by {values[name].get('notebook') or 'a notebook'} "
                        "but has no target in book/targets.yml")
    return rows, problems


def check_runs(budgets: dict, runs: dict[str, dict]) -> tuple[list[dict], list[str]]:
    """Compare each notebook's run with its time and memory budget."""
    rows, problems = [], []
    for notebook, budget in budgets.items():
        run = runs.get(notebook)
        if run is None:
            problems.append(f"{notebook}: no run report (was it executed?)")
            continue
        seconds, memory = run["seconds"], run.get("peak_memory_mb")
        ok = run["passed"] and seconds <= budget["seconds"]
        if not run["passed"]:
            problems.append(f"{notebook}: a cell failed")
        elif seconds > budget["seconds"]:
            slowest = ", ".join(f"cell {c['cell']} {c['seconds']:.0f} s ({c['starts']})"
                                for c in run.get("slowest_cells", [])[:3])
            problems.append(f"{notebook}: took {seconds:.1f} s, budget {budget['seconds']} s"
                            + (f"; slowest: {slowest}" if slowest else ""))
        if memory is not None and memory > budget["memory_mb"]:
            ok = False
            problems.append(f"{notebook}: peak memory {memory:.0f} MB, "
                            f"budget {budget['memory_mb']} MB")
        rows.append({"notebook": notebook, "seconds": seconds, "memory": memory, "ok": ok,
                     "budget": f"{budget['seconds']} s / {budget['memory_mb']} MB"})
    for notebook in sorted(set(runs) - set(budgets)):
        problems.append(f"{notebook}: executed but has no budget in book/targets.yml")
    return rows, problems


def chapter_of(notebook: str) -> str:
    """'chapters/03_from_scratch.ipynb' -> '3', 'chapters/appendix_a_math.ipynb' -> 'A'
    (the number or letter readers know the chapter by)."""
    stem = notebook.rsplit("/", 1)[-1]
    if stem.startswith("appendix_") and stem[9:10].isalpha():
        return stem[9].upper()
    return str(int(stem[:2])) if stem[:2].isdigit() else stem


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|")


def markdown_table(result_rows: list[dict], run_rows: list[dict]) -> str:
    mark = {True: "✓ met", False: "✗ missed"}
    lines = ["| chapter | result | value | target | status |", "|---|---|---|---|---|"]
    lines += [f"| {chapter_of(r['notebook'])} | {cell(r['what'])} | {r['value']} | {r['target']} "
              f"| {mark[r['ok']]} |" for r in result_rows]
    lines += ["", "| notebook | run time | peak memory | budget | status |",
              "|---|---|---|---|---|"]
    for r in run_rows:
        memory = "n/a" if r["memory"] is None else f"{r['memory']:.0f} MB"
        lines.append(f"| `{r['notebook']}` | {r['seconds']:.1f} s | {memory} | {r['budget']} "
                     f"| {mark[r['ok']]} |")
    devices = sorted({f"{r['device']}, torch {r['torch']}" for r in result_rows if r["device"]})
    lines += ["", f"Measured on: {'; '.join(devices) or 'no recorded run'}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when anything misses")
    parser.add_argument("--build", type=Path, default=ROOT / "_build")
    parser.add_argument("--targets", type=Path, default=ROOT / "book" / "targets.yml")
    parser.add_argument("--table", type=Path, help="where to write the table (default: "
                        "BUILD/results/table.md)")
    parser.add_argument("--device", help="fail unless every result was recorded on this "
                        "kind of device (cuda, mps, cpu)")
    args = parser.parse_args(argv)

    spec = yaml.safe_load(args.targets.read_text())
    values = {v["name"]: v for v in load_json_files(args.build / "results" / "values")}
    runs = {r["notebook"]: r for r in load_json_files(args.build / "executed")}
    result_rows, result_problems = check_results(spec["results"], values)
    run_rows, run_problems = check_runs(spec["budgets"], runs)

    table = args.table or args.build / "results" / "table.md"
    table.parent.mkdir(parents=True, exist_ok=True)
    content = markdown_table(result_rows, run_rows)
    if not table.exists() or table.read_text() != content:  # keep the site build incremental
        table.write_text(content)
    problems = result_problems + run_problems
    if args.device:
        problems += [f"{r['name']}: recorded on {r['device'] or 'no device'}, not {args.device}"
                     for r in result_rows if not r["device"].startswith(args.device)]
    for problem in problems:
        print(f"RESULTS: {problem}", file=sys.stderr)
    print(f"{len(result_rows)} results, {len(run_rows)} notebooks checked; "
          f"{len(problems)} problems; table in {table}")
    return 1 if (args.check and problems) else 0


if __name__ == "__main__":
    sys.exit(main())
