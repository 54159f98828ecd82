"""Deep Learning 101: the small helpers the chapters share.

Each helper is built in front of the reader in a chapter before it moves here.
"""

from utils.device import get_device
from utils.results import record
from utils.seed import seed_worker, set_seed

__all__ = ["get_device", "record", "seed_worker", "set_seed"]
