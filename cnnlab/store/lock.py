"""A folder held by one process at a time: an exclusive `flock` on a lock file inside it.

The lock belongs to the open file, so the OS drops it when the holder exits, however it exits (a kill
included): a lock file left behind by a dead process never blocks anyone. The file holds the holder's
pid and host, for the message the next process prints. Where `fcntl` is missing (Windows) nothing is
locked.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cnnlab.errors import CnnlabError

try:
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".lock"


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode(errors="replace").strip()
    except OSError:
        return ""


@contextmanager
def folder_lock(directory: Path, busy: Callable[[str], str], name: str = LOCK_FILE) -> Iterator[None]:
    """Hold `directory/name` exclusively for the block; if another process holds it, raise
    `CnnlabError(busy(holder))`, where `holder` is what it wrote ("PID HOST", or "" if unknown).

    The lock file is removed on the way out; a process that opened it just before is not fooled by that:
    after locking, it checks that the path still names the file it locked, and tries again if not.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    directory = Path(directory)
    path = directory / name
    fd = -1
    try:
        for _ in range(50):
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0),
                         0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                os.close(fd)
                fd = -1
                raise CnnlabError(busy(holder)) from None
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # its last holder removed it between our open and our lock: take the new one
            fd = -1
        else:
            raise CnnlabError(busy(""))
    except OSError as e:
        if fd >= 0:
            os.close(fd)
        raise CnnlabError(f"{path}: cannot lock ({e.strerror or e})") from None
    try:
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)
        except OSError:  # a full disk: the lock holds all the same, only the message loses the pid
            pass
        yield
    finally:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
        os.close(fd)


def holder_text(holder: str) -> str:
    """"pid 123 on host" (or "" when nothing was written)."""
    pid, _, host = holder.partition(" ")
    if not pid.isdigit():
        return ""
    return f"pid {pid}" + (f" on {host}" if host and host != socket.gethostname() else "")
