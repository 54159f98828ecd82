"""How many CPU threads PyTorch may use, settled once when ``utils`` is imported.

PyTorch splits a large operation between the CPU threads of an OpenMP pool, and a thread
that has finished its share keeps *spinning* for a while, checking for the next piece of
work, because going to sleep and being woken costs more than the wait usually lasts. On an
idle machine that makes two threads on two cores the fastest choice. When another program
already keeps a core busy, a spinning thread takes turns on the core the thread it waits
for needs, and a small model trains several times slower; one thread would not notice.
Making the threads sleep instead (``OMP_WAIT_POLICY=PASSIVE``) fixes the busy case but
slows the idle one by as much (`make bench` measures it), so the book does neither: it
looks at the CPU for a tenth of a second and gives PyTorch only the cores that are free.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

IDLE_FIELDS = (3, 4, 7)  # idle, iowait and steal in /proc/stat's cpu line: not work done here


def _cpu_ticks() -> tuple[int, int, int]:
    """(busy, total) clock ticks of all CPUs since boot, and this process's own ticks."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    busy = sum(v for i, v in enumerate(fields) if i not in IDLE_FIELDS)
    own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return busy, sum(fields), int(own[11]) + int(own[12])  # utime + stime


def busy_cores(interval: float = 0.1) -> float | None:
    """How many cores other programs keep busy, measured over ``interval`` seconds.

    None where the operating system does not say (``/proc/stat`` exists on Linux only,
    Colab included).
    """
    try:
        busy0, total0, own0 = _cpu_ticks()
        time.sleep(interval)
        busy1, total1, own1 = _cpu_ticks()
    except (OSError, ValueError, IndexError):
        return None
    if total1 <= total0:
        return None
    cores = os.cpu_count() or 1
    return max(0.0, cores * ((busy1 - busy0) - (own1 - own0)) / (total1 - total0))


def _cores() -> int:
    """Cores this process may run on (all of them where the OS cannot say)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def threads_for(free_cores: float, wanted: int) -> int:
    """Threads to use when ``free_cores`` are free: never more than wanted, at least one."""
    return max(1, min(wanted, math.floor(free_cores + 0.5)))


def settle_threads() -> int:
    """Give PyTorch only the cores no other program is using; return the thread count.

    ``DL101_THREADS=N`` in the environment fixes the count instead, for runs that must
    be compared digit for digit: how a sum is split between threads changes its last bits.
    """
    import torch

    fixed = os.environ.get("DL101_THREADS")
    if fixed:
        torch.set_num_threads(int(fixed))
        return int(fixed)
    others = busy_cores()
    if others is not None:
        wanted = min(torch.get_num_threads(), _cores())
        torch.set_num_threads(threads_for(_cores() - others, wanted))
    return torch.get_num_threads()
