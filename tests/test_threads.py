"""Importing utils tells OpenMP's waiting threads to sleep, before torch loads OpenMP."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def policy_seen_by_openmp(preset: str | None) -> str:
    """OMP_WAIT_POLICY as a fresh interpreter has it when torch is imported after utils."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if preset is not None:
        env["OMP_WAIT_POLICY"] = preset
    code = ("import utils, sys, os\n"
            "assert 'torch' in sys.modules  # utils imports torch: after the setting\n"
            "print(os.environ['OMP_WAIT_POLICY'])")
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True).stdout.strip()


def test_threads_sleep_while_they_wait():
    assert policy_seen_by_openmp(None) == "PASSIVE"


def test_a_policy_the_user_set_wins():
    assert policy_seen_by_openmp("ACTIVE") == "ACTIVE"
