"""Opt-in loaders for two public image data sets: Fashion-MNIST and CIFAR-10.

The book itself never needs them (its data sets are bundled or generated), but a reader with
internet can rerun a chapter on them. Files are read here from their standard on-disk formats;
only ``download=True`` fetches them, with torchvision's downloader, URLs and checksums.
"""

import gzip
import pickle
from pathlib import Path

import numpy as np


def _missing(where: Path, name: str) -> FileNotFoundError:
    return FileNotFoundError(f"{name} files not found in {where}; pass download=True to fetch "
                             "them (this needs an internet connection)")


def _read_idx(path: Path) -> np.ndarray:
    """An IDX file (the MNIST format, optionally gzipped) as a uint8 array of its shape."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise ValueError(f"{path} is not an IDX file of unsigned bytes")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def _find(folder: Path, stem: str) -> Path | None:
    for candidate in (folder / stem, folder / f"{stem}.gz"):
        if candidate.exists():
            return candidate
    return None


def load_fashion_mnist(root: str | Path = "data", train: bool = True,
                       download: bool = False) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Fashion-MNIST: images (n, 28, 28) uint8, labels (n,) int64, and the 10 class names."""
    from torchvision.datasets import FashionMNIST

    raw = Path(root) / "FashionMNIST" / "raw"
    prefix = "train" if train else "t10k"
    paths = [_find(raw, f"{prefix}-{kind}-idx{d}-ubyte") for kind, d in (("images", 3),
                                                                         ("labels", 1))]
    if None in paths and download:
        from torchvision.datasets.utils import download_and_extract_archive

        for name, md5 in FashionMNIST.resources:
            download_and_extract_archive(FashionMNIST.mirrors[0] + name, str(raw),
                                         filename=name, md5=md5)
        paths = [_find(raw, f"{prefix}-{kind}-idx{d}-ubyte") for kind, d in (("images", 3),
                                                                             ("labels", 1))]
    if None in paths:
        raise _missing(raw, "Fashion-MNIST")
    images, labels = (_read_idx(p) for p in paths)
    return images, labels.astype(np.int64), list(FashionMNIST.classes)


def load_cifar10(root: str | Path = "data", train: bool = True,
                 download: bool = False) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """CIFAR-10: images (n, 3, 32, 32) uint8, labels (n,) int64, and the 10 class names."""
    from torchvision.datasets import CIFAR10

    folder = Path(root) / CIFAR10.base_folder
    names = [f"data_batch_{i}" for i in range(1, 6)] if train else ["test_batch"]
    if not all((folder / n).exists() for n in [*names, "batches.meta"]) and download:
        from torchvision.datasets.utils import download_and_extract_archive

        download_and_extract_archive(CIFAR10.url, str(root), filename=CIFAR10.filename,
                                     md5=CIFAR10.tgz_md5)
    if not all((folder / n).exists() for n in [*names, "batches.meta"]):
        raise _missing(folder, "CIFAR-10")
    batches = []
    for name in names:
        with open(folder / name, "rb") as f:
            batches.append(pickle.load(f, encoding="latin1"))
    with open(folder / "batches.meta", "rb") as f:
        class_names = pickle.load(f, encoding="latin1")["label_names"]
    images = np.concatenate([b["data"] for b in batches]).reshape(-1, 3, 32, 32)
    labels = np.concatenate([b["labels"] for b in batches]).astype(np.int64)
    return images.astype(np.uint8), labels, list(class_names)
