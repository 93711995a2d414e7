"""CIFAR readers on small files written in the real binary and pickle formats."""

from __future__ import annotations

import hashlib
import io
import pickle
import pickletools
import struct
import tarfile
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
import torch
from PIL import Image

from cnnlab.data import cifar
from cnnlab.data.cifar import load_cifar10, load_cifar100, to_luma
from cnnlab.errors import CnnlabError

N = 20  # images per split
CIFAR10_NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
FINE_NAMES = [f"fine{i:02d}" for i in range(100)]
COARSE_NAMES = [f"coarse{i:02d}" for i in range(20)]
TRAIN_FILES = [f"data_batch_{i}" for i in range(1, 6)]


def make_split(seed: int, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Random (N, 3072) uint8 rows and labels; row 0 has a 200 at green (channel 1), row 2, column 3."""
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, size=(N, 3072), dtype=np.uint8)
    data[0, 1024 + 2 * 32 + 3] = 200  # planes are R, G, B, each 32 rows of 32
    labels = rng.integers(0, classes, size=N).astype(np.int64)
    labels[:classes] = np.arange(min(classes, N))
    return data, labels


# --- writers for the binary distribution ---


def write_bin(path: Path, label_columns: list[np.ndarray], data: np.ndarray) -> None:
    columns = [c.astype(np.uint8)[:, None] for c in label_columns]
    path.write_bytes(np.concatenate([*columns, data], axis=1).tobytes())


def write_cifar10_bin(root: Path, train: tuple, test: tuple) -> Path:
    folder = root / "cifar-10-batches-bin"
    folder.mkdir(parents=True)
    (data, labels), per = train, N // 5
    for i, name in enumerate(TRAIN_FILES):
        write_bin(folder / f"{name}.bin", [labels[i * per : (i + 1) * per]], data[i * per : (i + 1) * per])
    write_bin(folder / "test_batch.bin", [test[1]], test[0])
    (folder / "batches.meta.txt").write_text("\n".join(CIFAR10_NAMES) + "\n\n")
    return folder


def write_cifar100_bin(root: Path, train: tuple, test: tuple) -> Path:
    """`train`/`test` are (data, fine, coarse); records start with the coarse byte."""
    folder = root / "cifar-100-binary"
    folder.mkdir(parents=True)
    for name, (data, fine, coarse) in (("train.bin", train), ("test.bin", test)):
        write_bin(folder / name, [coarse, fine], data)
    (folder / "fine_label_names.txt").write_text("\n".join(FINE_NAMES) + "\n")
    (folder / "coarse_label_names.txt").write_text("\n".join(COARSE_NAMES) + "\n")
    return folder


# --- writers for the python distribution ---


def dump(path: Path, obj: object) -> None:
    with path.open("wb") as f:
        pickle.dump(obj, f)


def write_cifar10_py(root: Path, train: tuple, test: tuple, dumper=dump) -> Path:
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    (data, labels), per = train, N // 5
    for i, name in enumerate(TRAIN_FILES):
        part = slice(i * per, (i + 1) * per)
        batch = {
            b"batch_label": f"training batch {i + 1} of 5".encode(),
            b"labels": labels[part].tolist(),
            b"data": data[part],
            b"filenames": [f"img_{j}.png".encode() for j in range(per)],
        }
        dumper(folder / name, batch)
    dumper(
        folder / "test_batch",
        {b"batch_label": b"testing batch 1 of 1", b"labels": test[1].tolist(), b"data": test[0]},
    )
    dumper(folder / "batches.meta", {b"label_names": [n.encode() for n in CIFAR10_NAMES], b"num_vis": 3072})
    return folder


def write_cifar100_py(root: Path, train: tuple, test: tuple) -> Path:
    folder = root / "cifar-100-python"
    folder.mkdir(parents=True)
    for name, (data, fine, coarse) in (("train", train), ("test", test)):
        dump(
            folder / name,
            {
                b"filenames": [b"x.png"] * N,
                b"batch_label": name.encode(),
                b"fine_labels": fine.tolist(),
                b"coarse_labels": coarse.tolist(),
                b"data": data,
            },
        )
    dump(
        folder / "meta",
        {
            b"fine_label_names": [n.encode() for n in FINE_NAMES],
            b"coarse_label_names": [n.encode() for n in COARSE_NAMES],
        },
    )
    return folder


class Py2Pickler(pickle._Pickler):
    """Writes bytes and text with Python 2's `str` opcodes, as the cPickle that made the original files
    did (numpy's own strings, such as the dtype 'u1', included)."""

    dispatch: ClassVar[dict] = dict(pickle._Pickler.dispatch)

    def save_py2_str(self, obj: bytes | str) -> None:
        if isinstance(obj, str):
            obj = obj.encode("latin1")
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = dispatch[str] = save_py2_str


def dump_py2(path: Path, obj: object) -> None:
    buffer = io.BytesIO()
    Py2Pickler(buffer, protocol=2).dump(obj)
    # numpy 1 module names, as in the original files (protocol 2 writes globals as text lines)
    path.write_bytes(buffer.getvalue().replace(b"numpy._core.", b"numpy.core."))


@pytest.fixture
def splits10() -> tuple[tuple, tuple]:
    return make_split(1, 10), make_split(2, 10)


@pytest.fixture
def splits100() -> tuple[tuple, tuple]:
    def split(seed: int) -> tuple:
        data, fine = make_split(seed, 100)
        return data, fine, fine // 5  # coarse differs from fine

    return split(3), split(4)


def expected_images(data: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(data.reshape(-1, 3, 32, 32).copy())


# --- CIFAR-10 ---


@pytest.mark.parametrize("write", [write_cifar10_bin, write_cifar10_py])
def test_cifar10_reads_both_distributions(tmp_path: Path, splits10, write) -> None:
    (train_data, train_labels), (test_data, test_labels) = splits10
    write(tmp_path, (train_data, train_labels), (test_data, test_labels))
    ds = load_cifar10(tmp_path)
    assert ds.name == "cifar10"
    assert ds.classes == tuple(CIFAR10_NAMES)
    assert ds.train.images.shape == (N, 3, 32, 32) and ds.train.images.dtype == torch.uint8
    assert ds.train.labels.dtype == torch.int64
    assert ds.train.labels.tolist() == train_labels.tolist()
    assert ds.test.labels.tolist() == test_labels.tolist()
    assert torch.equal(ds.train.images, expected_images(train_data))
    assert torch.equal(ds.test.images, expected_images(test_data))
    assert ds.train.images[0, 1, 2, 3] == 200 and ds.test.images[0, 1, 2, 3] == 200


def test_cifar10_python2_pickles_with_numpy1_names(tmp_path: Path, splits10) -> None:
    folder = write_cifar10_py(tmp_path, *splits10, dumper=dump_py2)
    raw = (folder / "data_batch_1").read_bytes()
    assert (
        b"cnumpy.core.multiarray\n_reconstruct" in raw and b"numpy._core" not in raw and b"_codecs" not in raw
    )
    assert {op.name for op, _, _ in pickletools.genops(raw)} & {"BINUNICODE", "SHORT_BINBYTES"} == set()
    ds = load_cifar10(tmp_path)
    assert ds.train.labels.tolist() == splits10[0][1].tolist()
    assert torch.equal(ds.train.images, expected_images(splits10[0][0]))
    assert ds.classes == tuple(CIFAR10_NAMES)


@pytest.mark.parametrize("protocol", [2, 3, 5])
def test_cifar10_pickles_rewritten_by_python3(tmp_path: Path, splits10, protocol: int) -> None:
    # protocol 2 spells bytes as _codecs.encode(text, "latin1"); protocol 5 spells arrays with _frombuffer
    write_cifar10_py(
        tmp_path, *splits10, dumper=lambda path, obj: path.write_bytes(pickle.dumps(obj, protocol))
    )
    ds = load_cifar10(tmp_path)
    assert ds.test.labels.tolist() == splits10[1][1].tolist()
    assert torch.equal(ds.test.images, expected_images(splits10[1][0]))


def test_codecs_encode_only_for_latin1(tmp_path: Path, splits10) -> None:
    folder = write_cifar10_py(tmp_path, *splits10)
    (folder / "batches.meta").write_bytes(b"c_codecs\nencode\n(Vabc\nVrot13\ntR.")
    with pytest.raises(CnnlabError, match=r"batches\.meta: corrupt .*'rot13'"):
        load_cifar10(tmp_path)


def test_binary_preferred_over_python(tmp_path: Path, splits10) -> None:
    write_cifar10_bin(tmp_path, *splits10)
    zeros = (np.zeros_like(splits10[0][0]), splits10[0][1])
    write_cifar10_py(tmp_path, zeros, zeros)
    assert torch.equal(load_cifar10(tmp_path).train.images, expected_images(splits10[0][0]))


def test_python_used_when_binary_incomplete(tmp_path: Path, splits10) -> None:
    folder = write_cifar10_bin(tmp_path, *splits10)
    (folder / "data_batch_5.bin").unlink()
    zeros = (np.zeros_like(splits10[0][0]), splits10[0][1])
    write_cifar10_py(tmp_path, zeros, zeros)
    assert int(load_cifar10(tmp_path).train.images.max()) == 0


def test_grayscale_matches_pillow(tmp_path: Path, splits10) -> None:
    write_cifar10_bin(tmp_path, *splits10)
    color, gray = load_cifar10(tmp_path), load_cifar10(tmp_path, grayscale=True)
    assert gray.train.images.shape == (N, 1, 32, 32) and gray.train.images.dtype == torch.uint8
    for i in (0, 7, N - 1):
        rgb = Image.fromarray(color.train.images[i].permute(1, 2, 0).numpy(), "RGB")
        assert np.array_equal(np.asarray(rgb.convert("L")), gray.train.images[i, 0].numpy())


def test_luma_weights() -> None:
    pixels = torch.tensor(
        [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255], [10, 20, 30]], dtype=torch.uint8
    )
    luma = to_luma(pixels.T.reshape(1, 3, 1, 5)).flatten().tolist()
    # 0.299*255 = 76.2, 0.587*255 = 149.7, 0.114*255 = 29.1, 2.99 + 11.74 + 3.42 = 18.15
    assert luma == [76, 150, 29, 255, 18]


# --- CIFAR-100 ---


@pytest.mark.parametrize("write", [write_cifar100_bin, write_cifar100_py])
def test_cifar100_fine_and_coarse(tmp_path: Path, splits100, write) -> None:
    (train_data, fine, coarse), test = splits100
    write(tmp_path, splits100[0], test)
    ds = load_cifar100(tmp_path)
    assert ds.name == "cifar100" and ds.classes == tuple(FINE_NAMES)
    assert ds.train.labels.tolist() == fine.tolist() and ds.test.labels.tolist() == test[1].tolist()
    assert torch.equal(ds.train.images, expected_images(train_data))
    assert ds.train.images[0, 1, 2, 3] == 200
    ds = load_cifar100(tmp_path, labels="coarse", grayscale=True)
    assert ds.classes == tuple(COARSE_NAMES)
    assert ds.train.labels.tolist() == coarse.tolist() and ds.test.labels.tolist() == test[2].tolist()
    assert ds.train.images.shape == (N, 1, 32, 32)


def test_cifar100_unknown_label_set(tmp_path: Path) -> None:
    with pytest.raises(CnnlabError, match="'medium'.*coarse, fine"):
        load_cifar100(tmp_path, labels="medium")  # type: ignore[arg-type]


# --- missing, corrupt and malicious files ---


def test_missing_files_name_directory_and_download(tmp_path: Path) -> None:
    with pytest.raises(CnnlabError) as info:
        load_cifar10(tmp_path)
    message = str(info.value)
    assert "\n" not in message and str(tmp_path) in message and "--download" in message
    assert (
        "cifar-10-batches-bin/" in message and "data_batch_1.bin" in message and "batches.meta.txt" in message
    )
    with pytest.raises(CnnlabError, match="cifar-100-binary/.*train.bin.*--download"):
        load_cifar100(tmp_path)


def test_partial_folder_names_missing_files(tmp_path: Path, splits10) -> None:
    folder = write_cifar10_bin(tmp_path, *splits10)
    (folder / "test_batch.bin").unlink()
    with pytest.raises(CnnlabError, match="cifar-10-batches-bin/ lacks test_batch.bin"):
        load_cifar10(tmp_path)


def test_truncated_binary_file(tmp_path: Path, splits10) -> None:
    folder = write_cifar10_bin(tmp_path, *splits10)
    path = folder / "data_batch_3.bin"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(
        CnnlabError, match=r"data_batch_3\.bin.*not a positive multiple of the 3073-byte record"
    ):
        load_cifar10(tmp_path)


def test_cifar100_binary_record_size(tmp_path: Path, splits100) -> None:
    folder = write_cifar100_bin(tmp_path, *splits100)
    (folder / "test.bin").write_bytes((folder / "test.bin").read_bytes() + b"\0")
    with pytest.raises(CnnlabError, match=r"test\.bin.*3074-byte record"):
        load_cifar100(tmp_path)


def test_label_out_of_range(tmp_path: Path, splits10) -> None:
    (data, labels), test = splits10
    labels = labels.copy()
    labels[-1] = 12
    write_cifar10_bin(tmp_path, (data, labels), test)
    with pytest.raises(CnnlabError, match=r"data_batch_5\.bin: label 12 outside 0\.\.9"):
        load_cifar10(tmp_path)


def test_wrong_class_name_count(tmp_path: Path, splits10) -> None:
    folder = write_cifar10_bin(tmp_path, *splits10)
    (folder / "batches.meta.txt").write_text("cat\ndog\n")
    with pytest.raises(CnnlabError, match=r"batches\.meta\.txt: expected 10 class names, found 2"):
        load_cifar10(tmp_path)


def test_truncated_pickle(tmp_path: Path, splits10) -> None:
    folder = write_cifar10_py(tmp_path, *splits10)
    path = folder / "data_batch_2"
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(CnnlabError, match=r"data_batch_2: corrupt or truncated pickle"):
        load_cifar10(tmp_path)


@pytest.mark.parametrize(
    ("obj", "problem"),
    [
        ([1, 2], "expected a pickled dict"),
        ({b"labels": [0] * N}, "no 'data' entry"),
        ({b"labels": [0] * N, b"data": np.zeros((N, 100), np.uint8)}, r"shape \(N, 3072\)"),
        ({b"labels": [0] * 3, b"data": np.zeros((N, 3072), np.uint8)}, "should hold 20 labels"),
    ],
)
def test_malformed_pickle(tmp_path: Path, splits10, obj, problem) -> None:
    folder = write_cifar10_py(tmp_path, *splits10)
    dump(folder / "test_batch", obj)
    with pytest.raises(CnnlabError, match=f"test_batch: .*{problem}"):
        load_cifar10(tmp_path)


@pytest.mark.parametrize(
    "module, name",
    [("os", "system"), ("posix", "system"), ("builtins", "eval"), ("subprocess", "call"), ("numpy", "load")],
)
def test_malicious_pickle_refused_without_running(tmp_path: Path, splits10, module: str, name: str) -> None:
    folder = write_cifar10_py(tmp_path, *splits10)
    marker = tmp_path / "pwned"
    argument = f"touch {marker}" if name != "eval" else f"open({str(marker)!r}, 'w')"
    # Protocol 0 by hand: GLOBAL module.name, MARK, STRING argument, TUPLE, REDUCE, STOP.
    payload = f"c{module}\n{name}\n(S{argument!r}\ntR.".encode()
    assert next(pickletools.genops(payload))[0].name == "GLOBAL"  # a well-formed pickle
    (folder / "batches.meta").write_bytes(payload)
    with pytest.raises(CnnlabError) as info:
        load_cifar10(tmp_path)
    assert "batches.meta" in str(info.value) and f"{module}.{name}" in str(info.value)
    assert not marker.exists()


# --- download ---


def test_download_fetches_binary_archive(tmp_path: Path, splits10, monkeypatch) -> None:
    source = tmp_path / "source"
    write_cifar10_bin(source, *splits10)
    archive = tmp_path / "served" / "cifar-10-binary.tar.gz"
    archive.parent.mkdir()
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source / "cifar-10-batches-bin", arcname="cifar-10-batches-bin")
    md5 = hashlib.md5(archive.read_bytes()).hexdigest()
    # A file:// URL goes through the same urllib code path as https:// (HTTP itself: test_download.py).
    monkeypatch.setattr(cifar, "_BASE_URL", archive.parent.as_uri() + "/")
    monkeypatch.setitem(cifar._ARCHIVES, "cifar-10-batches-bin", ("cifar-10-binary.tar.gz", md5))
    root = tmp_path / "data"
    ds = load_cifar10(root, download=True)
    assert (root / "cifar-10-binary.tar.gz").is_file()
    assert torch.equal(ds.train.images, expected_images(splits10[0][0]))
    assert ds.classes == tuple(CIFAR10_NAMES)


def test_download_failure_is_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cifar, "_BASE_URL", (tmp_path / "nowhere").as_uri() + "/")
    with pytest.raises(CnnlabError, match="download of cifar-100-binary.tar.gz .* failed") as info:
        load_cifar100(tmp_path / "data", download=True)
    assert "\n" not in str(info.value)
