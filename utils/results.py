"""Record a chapter's headline results so the build can check them against their targets.

A chapter calls ``record("ch01_digits_test_accuracy", acc)``. When the book is built, the
runner sets ``DL101_RESULTS_DIR`` and every recorded value is written there as JSON, next to
the device and library versions it was measured with; ``book/targets.yml`` says what each
value must reach, and ``make test`` fails when one misses. Outside the build (JupyterLab,
Colab) ``record`` only prints the value.
"""

import json
import math
import os
import platform
import resource
import time
from pathlib import Path

import torch

RESULTS_DIR_VAR = "DL101_RESULTS_DIR"
NOTEBOOK_VAR = "DL101_NOTEBOOK"


def environment() -> dict:
    """Where this process runs: device, library versions and peak memory so far."""
    from utils.device import describe_device, get_device

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "device": describe_device(get_device()),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "cpu_threads": torch.get_num_threads(),
        "peak_memory_mb": round(peak_kb / 1024, 1),
    }


def record(name: str, value: float) -> float:
    """Print a headline result and, during a build, save it for the target check; return it."""
    if not name.isidentifier():
        raise ValueError(f"result names are identifiers like 'ch01_test_accuracy', got {name!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"result {name} must be a finite number, got {value}")
    print(f"result {name} = {value:.6g}")
    folder = os.environ.get(RESULTS_DIR_VAR)
    if folder:
        entry = {"name": name, "value": value, "notebook": os.environ.get(NOTEBOOK_VAR, ""),
                 "recorded_at": time.strftime("%Y-%m-%d %H:%M:%S"), **environment()}
        path = Path(folder) / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(entry, indent=2))
    return value
