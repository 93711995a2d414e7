"""CIFAR-10 and CIFAR-100 readers (https://www.cs.toronto.edu/~kriz/cifar.html), torchvision layout.

Under `root`, either distribution is accepted (the binary one is preferred when both are complete):

- binary: `cifar-10-batches-bin/` (records of 1 label byte + 3072 pixel bytes) and `cifar-100-binary/`
  (records of coarse byte + fine byte + 3072 pixel bytes); pixels are the R, G, B planes of a 32x32
  image, row-major. Class names come from the `.txt` files next to them.
- python: `cifar-10-batches-py/` and `cifar-100-python/`, Python 2 pickles of dicts with bytes keys.
  They are read through a restricted unpickler that can build nothing but builtin containers and
  numpy arrays, so a tampered file cannot run code.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch

from cnnlab.data.download import download_and_verify
from cnnlab.data.named import class_count
from cnnlab.data.types import Dataset, ImageSet
from cnnlab.errors import CnnlabError, unknown_choice
from cnnlab.store.safe_read import read_regular

try:
    from numpy._core import multiarray as _multiarray
    from numpy._core import numeric as _numeric
except ImportError:  # numpy 1
    from numpy.core import multiarray as _multiarray  # type: ignore[no-redef]
    from numpy.core import numeric as _numeric  # type: ignore[no-redef]

_BASE_URL = "https://www.cs.toronto.edu/~kriz/"
# (archive name, md5) per distribution; the same public checksums torchvision uses.
_ARCHIVES = {
    "cifar-10-batches-bin": ("cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530"),
    "cifar-10-batches-py": ("cifar-10-python.tar.gz", "c58f30108f718f92721af3b95e74349a"),
    "cifar-100-binary": ("cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8"),
    "cifar-100-python": ("cifar-100-python.tar.gz", "eb9058c3a382ffc7106e4002c42a8d85"),
}

_PIXELS = 3 * 32 * 32
_TRAIN_BATCHES = [f"data_batch_{i}" for i in range(1, 6)]

# What a numpy array pickle needs, under numpy 1 and numpy 2 module names; `_frombuffer` is what
# numpy writes for pickle protocol 5.
_SAFE_GLOBALS: dict[tuple[str, str], Any] = {("numpy", "ndarray"): np.ndarray, ("numpy", "dtype"): np.dtype}
for _core in ("numpy.core", "numpy._core"):
    _SAFE_GLOBALS[(f"{_core}.multiarray", "_reconstruct")] = _multiarray._reconstruct
    _SAFE_GLOBALS[(f"{_core}.numeric", "_frombuffer")] = _numeric._frombuffer


def _latin1_bytes(text: str, encoding: str) -> bytes:
    """How Python 3 writes `bytes` in pickle protocol 2 (`_codecs.encode(text, "latin1")`), and no more."""
    if encoding != "latin1" or not isinstance(text, str):
        raise pickle.UnpicklingError(f"_codecs.encode with {encoding!r} is not how bytes are pickled")
    return text.encode("latin1")


_SAFE_GLOBALS[("_codecs", "encode")] = _latin1_bytes


class _RestrictedUnpickler(pickle.Unpickler):
    """Builds dicts, lists, strings, bytes, numbers and numpy arrays; refuses every other global."""

    def __init__(self, file: Any, path: Path) -> None:
        super().__init__(file, encoding="bytes")  # written by Python 2: keep its `str`s as bytes
        self.path = path

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _SAFE_GLOBALS[(module, name)]
        except KeyError:
            raise CnnlabError(
                f"refusing to load {self.path}: it references {module}.{name}, which a CIFAR file never needs"
            ) from None


def _unpickle(path: Path) -> dict[bytes, Any]:
    try:
        with path.open("rb") as f:
            obj = _RestrictedUnpickler(f, path).load()
    except CnnlabError:
        raise
    except Exception as e:  # noqa: BLE001 (a corrupt pickle can raise nearly anything; all mean the same)
        raise CnnlabError(
            f"cannot read {path}: corrupt or truncated pickle ({type(e).__name__}: {e})"
        ) from None
    if not isinstance(obj, dict):
        raise CnnlabError(f"cannot read {path}: expected a pickled dict, found {type(obj).__name__}")
    return obj


def _field(obj: dict[bytes, Any], key: bytes, path: Path) -> Any:
    if key not in obj:
        raise CnnlabError(f"cannot read {path}: no {key.decode()!r} entry")
    return obj[key]


@dataclass(frozen=True)
class _Layout:
    """One distribution of one data set: its folder and the files it must contain."""

    folder: str
    train: list[str]
    test: str
    meta: list[str]

    @property
    def files(self) -> list[str]:
        return [*self.train, self.test, *self.meta]

    def missing(self, root: Path) -> list[str]:
        return [name for name in self.files if not (root / self.folder / name).is_file()]

    def describe(self) -> str:
        return f"{self.folder}/ with {', '.join(self.files)}"


_CIFAR10 = (
    _Layout(
        "cifar-10-batches-bin", [f"{b}.bin" for b in _TRAIN_BATCHES], "test_batch.bin", ["batches.meta.txt"]
    ),
    _Layout("cifar-10-batches-py", _TRAIN_BATCHES, "test_batch", ["batches.meta"]),
)
_CIFAR100 = (
    _Layout(
        "cifar-100-binary", ["train.bin"], "test.bin", ["coarse_label_names.txt", "fine_label_names.txt"]
    ),
    _Layout("cifar-100-python", ["train"], "test", ["meta"]),
)


def _locate(root: Path, title: str, layouts: tuple[_Layout, _Layout], download: bool) -> tuple[_Layout, Path]:
    """The first complete layout under `root`, downloading the binary one if asked to."""
    for layout in layouts:
        if not layout.missing(root):
            return layout, root / layout.folder
    if download:
        binary = layouts[0]
        archive, md5 = _ARCHIVES[binary.folder]
        download_and_verify(_BASE_URL + archive, root / archive, md5)
        missing = binary.missing(root)
        if missing:
            raise CnnlabError(f"{archive} did not contain {binary.folder}/{missing[0]}")
        return binary, root / binary.folder
    incomplete = [
        f"{lay.folder}/ lacks {', '.join(lay.missing(root))}"
        for lay in layouts
        if (root / lay.folder).is_dir()
    ]
    found = f" ({'; '.join(incomplete)})" if incomplete else ""
    raise CnnlabError(
        f"{title} not found in {root}{found}: expected {layouts[0].describe()} "
        f"(or {layouts[1].describe()}); --download fetches them"
    )


def _read_records(path: Path, label_bytes: int, column: int) -> tuple[np.ndarray, np.ndarray]:
    """Binary records: labels from label byte `column` (N,) int64, images (N, 3, 32, 32) uint8."""
    record = label_bytes + _PIXELS
    raw = read_regular(path, "CIFAR data file")  # never a FIFO or a device
    if not raw or len(raw) % record:
        raise CnnlabError(
            f"cannot read {path}: its size, {len(raw)} bytes, is not a positive multiple of the "
            f"{record}-byte record"
        )
    records = np.frombuffer(raw, dtype=np.uint8).reshape(-1, record)
    labels = records[:, column].astype(np.int64)
    images = np.ascontiguousarray(records[:, label_bytes:]).reshape(-1, 3, 32, 32)
    return labels, images


def _read_pickled_batch(path: Path, key: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Pickled batch: labels from entry `key` (N,) int64, images (N, 3, 32, 32) uint8."""
    obj = _unpickle(path)
    data = _field(obj, b"data", path)
    if (
        not isinstance(data, np.ndarray)
        or data.dtype != np.uint8
        or data.ndim != 2
        or data.shape[1] != _PIXELS
    ):
        got = f"{data.dtype} {data.shape}" if isinstance(data, np.ndarray) else type(data).__name__
        raise CnnlabError(
            f"cannot read {path}: 'data' should be a uint8 array of shape (N, {_PIXELS}), got {got}"
        )
    values = _field(obj, key, path)
    if not isinstance(values, (list, np.ndarray)) or len(values) != len(data):
        raise CnnlabError(f"cannot read {path}: {key.decode()!r} should hold {len(data)} labels")
    try:
        labels = np.asarray(values, dtype=np.int64)
    except (TypeError, ValueError, OverflowError):
        raise CnnlabError(f"cannot read {path}: {key.decode()!r} holds non-integer labels") from None
    return labels, data.reshape(-1, 3, 32, 32)


def _read_split(
    paths: list[Path], read: Callable[[Path], tuple[np.ndarray, np.ndarray]], classes: int, grayscale: bool
) -> ImageSet:
    """Reads and concatenates the batches of one split, checking every label is a class index."""
    labels, images = [], []
    for path in paths:
        batch_labels, batch_images = read(path)
        if batch_labels.size and (batch_labels.min() < 0 or batch_labels.max() >= classes):
            bad = batch_labels[(batch_labels < 0) | (batch_labels >= classes)][0]
            raise CnnlabError(f"cannot read {path}: label {int(bad)} outside 0..{classes - 1}")
        labels.append(batch_labels)
        images.append(batch_images)
    tensor = torch.from_numpy(np.concatenate(images) if len(images) > 1 else images[0])
    return ImageSet(to_luma(tensor) if grayscale else tensor, torch.from_numpy(np.concatenate(labels)))


def _read_names_txt(path: Path) -> list[str]:
    try:
        text = read_regular(path, "class names file", 1 << 20).decode("utf-8")
        return [line.strip() for line in text.splitlines() if line.strip()]
    except UnicodeDecodeError:
        raise CnnlabError(f"cannot read {path}: not a UTF-8 text file of class names") from None


def _read_names_pickle(path: Path, key: bytes) -> list[str]:
    names = _field(_unpickle(path), key, path)
    if not isinstance(names, list) or not all(isinstance(n, (bytes, str)) for n in names):
        raise CnnlabError(f"cannot read {path}: {key.decode()!r} should be a list of class names")
    return [n.decode("utf-8", "replace") if isinstance(n, bytes) else n for n in names]


def _check_names(names: list[str], expected: int, path: Path) -> tuple[str, ...]:
    if len(names) != expected:
        raise CnnlabError(f"cannot read {path}: expected {expected} class names, found {len(names)}")
    return tuple(names)


def to_luma(images: torch.Tensor) -> torch.Tensor:
    """RGB uint8 (N, 3, H, W) to luma uint8 (N, 1, H, W) with the ITU-R 601 weights 0.299, 0.587, 0.114.

    Uses Pillow's fixed-point form of those weights, rounded, so the result equals `convert("L")`.
    """
    rgb = images.numpy()
    luma = np.empty((rgb.shape[0], 1, *rgb.shape[2:]), dtype=np.uint8)
    # In chunks, to bound the uint32 temporaries; numpy, as integer maths here is ~10x faster than torch's.
    for start in range(0, len(rgb), 4096):
        c = rgb[start : start + 4096].astype(np.uint32)
        luma[start : start + 4096, 0] = (c[:, 0] * 19595 + c[:, 1] * 38470 + c[:, 2] * 7471 + 0x8000) >> 16
    return torch.from_numpy(luma)


def load_cifar10(root: Path, grayscale: bool = False, download: bool = False) -> Dataset:
    """CIFAR-10 from `root`: 50000 train and 10000 test images, 3x32x32 (1x32x32 with `grayscale`)."""
    layout, folder = _locate(Path(root), "CIFAR-10", _CIFAR10, download)
    meta = folder / layout.meta[0]
    if layout is _CIFAR10[0]:
        read = partial(_read_records, label_bytes=1, column=0)
        names = _read_names_txt(meta)
    else:
        read = partial(_read_pickled_batch, key=b"labels")
        names = _read_names_pickle(meta, b"label_names")
    count = class_count("cifar10")
    return Dataset(
        name="cifar10",
        classes=_check_names(names, count, meta),
        train=_read_split([folder / name for name in layout.train], read, count, grayscale),
        test=_read_split([folder / layout.test], read, count, grayscale),
    )


def load_cifar100(
    root: Path, labels: Literal["fine", "coarse"] = "fine", grayscale: bool = False, download: bool = False
) -> Dataset:
    """CIFAR-100 from `root`, labelled with its 100 fine classes or its 20 coarse superclasses."""
    if labels not in ("fine", "coarse"):
        raise unknown_choice("CIFAR-100 label set", labels, ("fine", "coarse"))
    layout, folder = _locate(Path(root), "CIFAR-100", _CIFAR100, download)
    count = class_count("cifar100", labels)
    if layout is _CIFAR100[0]:
        meta = folder / f"{labels}_label_names.txt"
        # Each record starts with its coarse byte, then its fine byte.
        read = partial(_read_records, label_bytes=2, column=1 if labels == "fine" else 0)
        names = _read_names_txt(meta)
    else:
        meta = folder / "meta"
        read = partial(_read_pickled_batch, key=f"{labels}_labels".encode())
        names = _read_names_pickle(meta, f"{labels}_label_names".encode())
    return Dataset(
        name="cifar100",
        classes=_check_names(names, count, meta),
        train=_read_split([folder / layout.train[0]], read, count, grayscale),
        test=_read_split([folder / layout.test], read, count, grayscale),
    )
