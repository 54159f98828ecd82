"""Deep Learning 101: the small helpers the chapters share.

Each helper is built in front of the reader in a chapter before it moves here.

Importing the package also settles how PyTorch's CPU threads wait for work: they sleep
(``OMP_WAIT_POLICY=PASSIVE``) instead of spinning. Spinning saves a few microseconds on an
idle machine, but on a busy one a spinning thread holds a core that the thread it waits for
needs, and small models then train many times slower (Chapter 4 explains it; ``make bench``
measures it). OpenMP reads the setting once, when torch is first imported, so every
notebook imports ``utils`` in its first cell, before torch; a value already set wins.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from utils.device import get_device  # noqa: E402  (after the setting above)
from utils.results import record  # noqa: E402
from utils.seed import seed_worker, set_seed  # noqa: E402

__all__ = ["get_device", "record", "seed_worker", "set_seed"]
