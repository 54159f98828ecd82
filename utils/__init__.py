"""Deep Learning 101: the small helpers the chapters share.

Each helper is built in front of the reader in a chapter before it moves here.

Importing the package also settles how many CPU threads PyTorch uses: all the cores that no
other program is keeping busy (``utils.threads``; Chapter 4 explains why, ``make bench``
measures it). Every notebook imports ``utils`` in its first cell.
"""

from utils.device import get_device
from utils.results import record
from utils.seed import seed_worker, set_seed
from utils.threads import settle_threads

settle_threads()

__all__ = ["get_device", "record", "seed_worker", "set_seed"]
