"""Reader for the IDX format of the original MNIST files (optionally gzip-compressed)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import numpy as np

from cnnlab.data import prefetch
from cnnlab.errors import CnnlabError
from cnnlab.store.safe_read import read_regular

_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def file_bytes(path: Path) -> bytes:
    """The uncompressed bytes of the regular file `path` (gzip, by its magic number, is decompressed)."""
    raw = read_regular(path, "data file")  # never a FIFO or a device
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def read_idx_bytes(path: Path) -> bytes:
    """The uncompressed bytes of an IDX file (`.gz` is decompressed); read ahead by `prefetch` if it was."""
    early = prefetch.take(path)
    if early is not None:
        return early
    if not path.exists() and not path.is_symlink():
        raise CnnlabError(f"{path}: file not found")
    try:
        return file_bytes(path)
    except FileNotFoundError:
        raise CnnlabError(f"{path}: file not found") from None
    except (OSError, EOFError) as e:
        raise CnnlabError(f"{path}: cannot read ({e})") from None


def parse_idx(data: bytes, name: str = "IDX data") -> np.ndarray:
    """Header: two zero bytes, a type code, the number of dimensions, then one big-endian u32 per dim."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _DTYPES:
        raise CnnlabError(f"{name}: not an IDX file (bad magic number)")
    ndim = data[3]
    header = 4 + 4 * ndim
    shape = tuple(int(d) for d in np.frombuffer(data, ">u4", count=ndim, offset=4))
    dtype = np.dtype(_DTYPES[data[2]])
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(data) != expected:
        raise CnnlabError(f"{name}: truncated or corrupt ({len(data)} bytes, header says {expected})")
    return np.frombuffer(data, dtype, offset=header).reshape(shape)


def read_idx(path: Path, sha256: str | None = None) -> np.ndarray:
    """Read an IDX file; with `sha256`, verify the uncompressed bytes first."""
    data = read_idx_bytes(path)
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise CnnlabError(f"{path}: checksum mismatch (the file is not the original MNIST file)")
    return parse_idx(data, str(path))
