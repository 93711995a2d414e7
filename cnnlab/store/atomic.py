"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import errno
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from cnnlab.errors import CnnlabError, DiskFullError

FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG)


def write_failed(path: Path, e: OSError) -> CnnlabError:
    """The one line for a write that failed: a full disk says so, and that nothing was half-written."""
    why = e.strerror or str(e)
    if e.errno in FULL:
        return DiskFullError(f"cannot write {path}: {why}: the disk is full; nothing was written (free some space "
                             "and run it again)")
    return CnnlabError(f"cannot write {path}: {why}")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, rename it over `path`: a reader (or a process
    killed meanwhile) sees the old file or the new one, never half of one. A failure (a full disk, no
    permission) removes the temporary file, keeps the old `path`, and is a one-line CnnlabError."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise write_failed(path, e) from None
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes files private; results are meant to be shared
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise write_failed(path, e) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def json_safe(obj: Any) -> Any:
    """Standard JSON has no NaN or Infinity (a diverged run's loss): they become null, recursively."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    return obj


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_bytes(path, (json.dumps(obj, indent=2, allow_nan=True) + "\n").encode())


def ensure_writable_dir(path: Path, what: str = "--out") -> Path:
    """Make sure `path` is (or can become) a folder this process can write into, before any work is done.

    Creates it if missing (with its parents); a file in its place, or no write permission, is a one-line
    `CnnlabError` naming the option and the path.
    """
    path = Path(path).expanduser()
    if path.exists() and not path.is_dir():
        raise CnnlabError(f"{what} {path}: exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".cnnlab-write-test.", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise CnnlabError(f"{what} {path}: cannot write there ({e.strerror or e}; write access is needed)") from None
    return path
