"""Fetches a data set archive over HTTP(S), checks its md5 and unpacks it safely (urllib only).

The archive is streamed to a temporary file beside its destination and only moved into place
(atomically, with `os.replace`) once its md5 matches, so an interrupted or tampered download never
leaves a file that looks complete. The tar.gz is then unpacked next to it, after every member has
been checked: no absolute paths, no `..`, no links, no devices. While it downloads, the bytes so far
and the speed go to stderr (one line kept up to date on a terminal, a plain line every few seconds
elsewhere).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TextIO
from urllib.parse import urlsplit

from cnnlab.errors import CnnlabError

_CHUNK = 1 << 20
_TIMEOUT_S = 60
_LOG_EVERY_S = 5.0  # plain progress lines (not a terminal) at most this often


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


class _Meter:
    """`downloading NAME: 12.3 / 170.5 MB (7%), 4.1 MB/s` on `stream`."""

    def __init__(self, name: str, total: int | None, stream: TextIO | None = None) -> None:
        self.name, self.total = name, total
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = self.last = time.monotonic()
        self.done = 0

    def line(self) -> str:
        speed = self.done / max(time.monotonic() - self.start, 1e-6)
        size = f"{_mb(self.done)} / {_mb(self.total)} ({100 * self.done / self.total:.0f}%)" if self.total \
            else _mb(self.done)
        return f"downloading {self.name}: {size}, {speed / 1e6:.1f} MB/s"

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.tty:
            if now - self.last >= 0.2:
                self.stream.write(f"\r\x1b[K{self.line()}")
                self.stream.flush()
                self.last = now
        elif now - self.last >= _LOG_EVERY_S:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self.last = now

    def close(self) -> None:
        self.stream.write(("\r\x1b[K" if self.tty else "") + self.line() + " done\n")
        self.stream.flush()


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch(url: str, dest: Path, md5: str, stream: TextIO | None = None) -> None:
    name = PurePosixPath(urlsplit(url).path).name or url
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.md5(usedforsecurity=False)
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as response:
                    length = response.headers.get("Content-Length")
                    meter = _Meter(name, int(length) if length and length.isdigit() else None, stream)
                    while chunk := response.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        meter.update(len(chunk))
                    meter.close()
            except (urllib.error.URLError, OSError) as e:  # HTTPError, refused, DNS, timeout, reset
                if isinstance(e, urllib.error.HTTPError):
                    e.close()  # it holds the open response
                    reason: object = f"HTTP {e.code} {e.reason}"
                else:
                    reason = e
                reason = getattr(reason, "reason", None) or reason  # URLError wraps the socket error
                raise CnnlabError(
                    f"download of {name} from {url} failed ({reason}); fetch it by hand and place it at "
                    f"{dest}, or place its unpacked files in {dest.parent}"
                ) from None
        if (got := digest.hexdigest()) != md5.lower():
            raise CnnlabError(
                f"download of {name} from {url} is corrupt: md5 {got}, expected {md5}; nothing was kept"
            )
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _check_member(member: tarfile.TarInfo, archive: Path) -> None:
    # A Windows path reads both separators and sees drive letters, so one check covers both systems.
    path = PureWindowsPath(member.name)
    if path.anchor:
        problem = "an absolute path"
    elif ".." in path.parts:
        problem = "a '..' component"
    elif member.issym() or member.islnk():
        problem = "a link"
    elif not (member.isfile() or member.isdir()):
        problem = "a device or other special file"
    else:
        return
    raise CnnlabError(f"refusing to unpack {archive}: member {member.name!r} is {problem}")


def _extract(archive: Path, into: Path) -> None:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:  # check everything before writing anything
                _check_member(member, archive)
            # Where the standard library has the "data" filter (3.10.12+, 3.11.4+), it repeats these
            # checks and drops odd permission bits.
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(into, members=members, **safe)
    except (tarfile.TarError, EOFError, OSError) as e:
        raise CnnlabError(f"cannot unpack {archive}: {e}") from None


def download_and_verify(url: str, dest: Path, md5: str, stream: TextIO | None = None) -> Path:
    """Downloads `url` to `dest` unless a file with the right `md5` is already there, then unpacks it.

    The tar.gz is unpacked into `dest`'s folder. Returns `dest`, the verified archive (kept, so a later
    call only unpacks it again). Raises `CnnlabError` when the download fails, the md5 differs (nothing
    is left behind then), or the archive holds an unsafe member (nothing is unpacked then). Progress
    (bytes, speed) goes to `stream`, stderr by default.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not (dest.is_file() and _md5(dest) == md5.lower()):
        _fetch(url, dest, md5, stream)
    (stream if stream is not None else sys.stderr).write(f"unpacking {dest.name}\n")
    _extract(dest, dest.parent)
    return dest
