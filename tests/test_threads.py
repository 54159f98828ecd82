"""utils.threads: PyTorch gets the cores that other programs leave free."""

import subprocess
import sys
import time

import pytest

from utils.threads import busy_cores, settle_threads, threads_for


@pytest.mark.parametrize(("free", "wanted", "expected"), [
    (2.0, 2, 2),   # an idle 2-core machine: both
    (1.9, 2, 2),   # background noise does not cost a thread
    (1.0, 2, 1),   # one core taken by another program: one thread
    (0.2, 2, 1),   # everything taken: still one
    (8.0, 2, 2),   # never more than asked for
])
def test_threads_for(free, wanted, expected):
    assert threads_for(free, wanted) == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/stat is Linux's")
def test_busy_cores_sees_another_program():
    quiet = busy_cores(0.3)
    assert quiet is not None
    loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)
        busy = busy_cores(0.5)
    finally:
        loop.kill()
        loop.wait()
    assert busy is not None and busy > quiet + 0.6, (quiet, busy)


def test_a_fixed_count_wins(monkeypatch):
    import torch

    before = torch.get_num_threads()
    monkeypatch.setenv("DL101_THREADS", "1")
    try:
        assert settle_threads() == 1 == torch.get_num_threads()
    finally:
        torch.set_num_threads(before)
