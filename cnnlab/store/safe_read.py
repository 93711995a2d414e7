"""Reading a file that a user (or an attacker) named: only regular files, only up to a size, never a hang.

A FIFO, a socket or a device in place of a checkpoint's file would block `open` or `read` forever (or
read without end); `os.stat` tells what a path is without opening it, and the file is then opened
non-blocking and checked again (`fstat`), so one swapped in between the two is refused too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cnnlab.errors import CnnlabError

KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
         (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def kind(mode: int) -> str:
    return next((name for test, name in KINDS if test(mode)), "not a regular file")


def check_regular(path: Path, what: str) -> os.stat_result:
    """`os.stat(path)` (following symlinks) if it is a regular file; else a one-line CnnlabError."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise CnnlabError(f"{path}: {what} not found") from None
    except OSError as e:
        raise CnnlabError(f"{path}: cannot read {what} ({e.strerror or e})") from None
    if not stat.S_ISREG(st.st_mode):
        raise CnnlabError(f"{path}: {what} is {kind(st.st_mode)}, not a regular file; refusing to read it")
    return st


def read_regular(path: Path, what: str, limit: int | None = None) -> bytes:
    """The bytes of the regular file `path` (at most `limit` bytes: a bigger file is refused)."""
    path = Path(path)
    st = check_regular(path, what)
    if limit is not None and st.st_size > limit:
        raise CnnlabError(f"{path}: {st.st_size:,} bytes is too large for {what} (at most {limit:,})")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise CnnlabError(f"{path}: cannot read {what} ({e.strerror or e})") from None
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode):
            raise CnnlabError(f"{path}: {what} is {kind(now.st_mode)}, not a regular file; refusing to read it")
        chunks, total = [], 0
        cap = (limit if limit is not None else now.st_size) + 1  # a file that grows while read stops here
        while total < cap:
            chunk = os.read(fd, min(1 << 24, cap - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if limit is not None and total > limit:
            raise CnnlabError(f"{path}: more than {limit:,} bytes is too large for {what}")
        return b"".join(chunks)
    except OSError as e:
        raise CnnlabError(f"{path}: cannot read {what} ({e.strerror or e})") from None
    finally:
        os.close(fd)
