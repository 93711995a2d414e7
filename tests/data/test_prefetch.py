"""Reading MNIST's files ahead on a thread: the same tensors, the same checks, the same one-line errors."""

import gzip
import os
import shutil
import subprocess
import sys

import pytest
import torch

from cnnlab.data import prefetch
from cnnlab.data.mnist import FILES, bundled_dir, load_mnist, mnist_files
from cnnlab.errors import CnnlabError


@pytest.fixture
def copy(tmp_path):
    for f in bundled_dir().iterdir():
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def wait_for_reads() -> None:
    for thread in set(prefetch._started.values()):
        thread.join()


def test_the_loader_takes_the_bytes_read_ahead(copy):
    plain = load_mnist(copy)
    prefetch.start_for("mnist", str(copy))
    wait_for_reads()
    for f in copy.iterdir():  # the files now hold nothing: only the bytes read ahead can give the data set
        f.write_bytes(b"")
    early = load_mnist(copy)
    assert torch.equal(early.train.images, plain.train.images) and torch.equal(early.test.labels, plain.test.labels)
    assert not prefetch._started and not prefetch._read  # each taken once, nothing kept
    with pytest.raises(CnnlabError, match="train-images-idx3-ubyte.gz: checksum mismatch"):  # a second load reads
        load_mnist(copy)


def test_bytes_read_ahead_are_checked_like_any_others(copy):
    labels = copy / "t10k-labels-idx1-ubyte.gz"
    data = bytearray(gzip.decompress(labels.read_bytes()))
    data[100] = (data[100] + 1) % 10
    labels.write_bytes(gzip.compress(bytes(data)))
    prefetch.start_for("mnist", str(copy))
    with pytest.raises(CnnlabError, match="t10k-labels-idx1-ubyte.gz: checksum mismatch"):
        load_mnist(copy)
    prefetch._started.clear(), prefetch._read.clear()


def test_a_file_the_thread_cannot_read_is_reported_by_the_loader(copy):
    (copy / "train-labels-idx1-ubyte.gz").write_bytes(b"\x1f\x8b not gzip")  # corrupt: the thread keeps nothing
    prefetch.start_for("mnist", str(copy))
    with pytest.raises(CnnlabError, match=r"train-labels-idx1-ubyte.gz: cannot read"):
        load_mnist(copy)
    prefetch._started.clear(), prefetch._read.clear()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_never_blocks_the_thread(tmp_path):
    fifo = tmp_path / "t10k-images-idx3-ubyte"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    prefetch.start([fifo])
    wait_for_reads()  # returns: the thread looks before it opens, and refuses
    assert prefetch.take(fifo) is None
    (tmp_path / "data").mkdir()
    for name in FILES:
        os.mkfifo(tmp_path / "data" / name)
    prefetch.start_for("mnist", str(tmp_path / "data"))  # not regular files: the loader's own error, no thread
    assert not prefetch._started
    with pytest.raises(CnnlabError, match=r"MNIST file train-images-idx3-ubyte\[.gz\] not found"):
        load_mnist(tmp_path / "data")


def test_only_mnist_is_read_ahead(tmp_path):
    prefetch.start_for("cifar10", str(tmp_path))
    prefetch.start_for("mnist", str(tmp_path))  # missing files: the loader names them, the thread never starts
    assert not prefetch._started
    assert [p.name for p in mnist_files()] == [f"{name}.gz" for name in FILES]


def test_the_cli_names_the_files_before_torch_loads(tmp_path):
    """`cnnlab train` starts the reads before importing torch, and trains on what they read."""
    code = (
        "import sys, cnnlab.data.prefetch as p\n"
        "start = p.start\n"
        "def spy(paths):\n"
        "    paths = list(paths)\n"
        "    print('torch loaded:', 'torch' in sys.modules, len(paths), file=sys.stderr)\n"
        "    start(paths)\n"
        "p.start = spy\n"
        "from cnnlab.cli.main import entry\n"
        "entry()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "train", "--epochs", "1", "--subset", "200", "--val-split", "0", "--out",
         str(tmp_path / "run"), "--json"], capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "torch loaded: False 4" in proc.stderr
