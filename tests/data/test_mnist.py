"""The bundled MNIST and the IDX reader, checked against the published figures."""

import gzip
import shutil

import pytest
import torch

from cnnlab.data.datasets import channel_stats
from cnnlab.data.idx import parse_idx
from cnnlab.data.mnist import bundled_dir, load_mnist
from cnnlab.errors import CnnlabError


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_sizes_and_types(mnist):
    assert mnist.train.images.shape == (60000, 1, 28, 28)
    assert mnist.test.images.shape == (10000, 1, 28, 28)
    assert mnist.train.images.dtype == torch.uint8 and mnist.train.labels.dtype == torch.int64
    assert mnist.classes == tuple("0123456789")


def test_label_counts(mnist):
    assert torch.bincount(mnist.train.labels).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert torch.bincount(mnist.test.labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_pixel_statistics(mnist):
    (mean,), (std,) = channel_stats(mnist.train.images)
    assert mean == pytest.approx(0.1307, abs=5e-5) and std == pytest.approx(0.3081, abs=5e-5)
    (mean,), (std,) = channel_stats(mnist.test.images)
    assert mean == pytest.approx(0.1325, abs=5e-5) and std == pytest.approx(0.3105, abs=5e-5)


def test_users_copy_is_verified(tmp_path):
    for f in bundled_dir().iterdir():
        shutil.copy(f, tmp_path / f.name)
    assert len(load_mnist(tmp_path).train) == 60000
    # a byte changed in the user's copy: the checksum names the file
    labels = tmp_path / "t10k-labels-idx1-ubyte.gz"
    data = bytearray(gzip.decompress(labels.read_bytes()))
    data[100] = (data[100] + 1) % 10
    labels.write_bytes(gzip.compress(bytes(data)))
    with pytest.raises(CnnlabError, match="t10k-labels-idx1-ubyte.gz: checksum mismatch"):
        load_mnist(tmp_path)


def test_missing_files_are_named(tmp_path):
    with pytest.raises(CnnlabError, match="train-images-idx3-ubyte"):
        load_mnist(tmp_path)


def test_idx_errors():
    with pytest.raises(CnnlabError, match="bad magic"):
        parse_idx(b"\x01\x02\x08\x01\x00\x00\x00\x01\x05", "x")
    with pytest.raises(CnnlabError, match="truncated"):
        parse_idx(b"\x00\x00\x08\x01\x00\x00\x00\x05\x01\x02", "x")
    assert parse_idx(b"\x00\x00\x08\x02\x00\x00\x00\x01\x00\x00\x00\x02\x07\x09", "x").tolist() == [[7, 9]]
