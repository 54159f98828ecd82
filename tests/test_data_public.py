"""The opt-in loaders read the real on-disk formats; here, tiny files written by the test."""

import gzip
import pickle

import numpy as np
import pytest

from utils.data import load_cifar10, load_fashion_mnist


def write_idx(path, array, compress=False):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(n.to_bytes(4, "big") for n in array.shape)
    data = header + array.astype(np.uint8).tobytes()
    if compress:
        path = path.with_name(path.name + ".gz")
        data = gzip.compress(data)
    path.write_bytes(data)


@pytest.mark.parametrize("compress", [False, True])
def test_fashion_mnist_reads_idx_files(tmp_path, compress):
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    images = np.random.default_rng(0).integers(0, 256, size=(5, 28, 28))
    write_idx(raw / "t10k-images-idx3-ubyte", images, compress)
    write_idx(raw / "t10k-labels-idx1-ubyte", np.array([9, 0, 3, 3, 1]), compress)
    X, y, names = load_fashion_mnist(tmp_path, train=False)
    assert X.shape == (5, 28, 28) and np.array_equal(X, images)
    assert y.tolist() == [9, 0, 3, 3, 1] and y.dtype == np.int64
    assert names[9] == "Ankle boot"


def test_cifar10_reads_python_pickles(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    rng = np.random.default_rng(1)
    data = rng.integers(0, 256, size=(4, 3072), dtype=np.uint8)
    with open(folder / "test_batch", "wb") as f:
        pickle.dump({"data": data, "labels": [0, 1, 2, 9]}, f)
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({"label_names": ["airplane", "automobile", "bird", "cat", "deer", "dog",
                                     "frog", "horse", "ship", "truck"]}, f)
    X, y, names = load_cifar10(tmp_path, train=False)
    assert X.shape == (4, 3, 32, 32) and np.array_equal(X.reshape(4, -1), data)
    assert y.tolist() == [0, 1, 2, 9] and names[-1] == "truck"


@pytest.mark.parametrize("loader", [load_fashion_mnist, load_cifar10])
def test_missing_files_say_where_and_how_to_download(tmp_path, loader):
    with pytest.raises(FileNotFoundError, match="download=True"):
        loader(tmp_path)
