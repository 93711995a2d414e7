"""A data set's files read on a second thread while the main thread imports torch.

`cnnlab train` on the bundled MNIST reads and decompresses four gzip files (about 0.15 s on the 2-core EPYC VM) and
imports torch (about 1.2 s), and neither needs the other. zlib lets go of the GIL while it inflates, so a thread does
the first during the second, on the other core. Only bytes cross between the threads: the ordinary reader
(`cnnlab.data.idx.read_idx_bytes`) takes them in place of reading the file, then parses and checks them (checksums
included) as it checks what it reads itself. Where the thread could not read a file (missing, not a regular file,
corrupt), it keeps nothing, and the reader meets the problem itself and says it in one line.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from cnnlab.errors import CnnlabError

_started: dict[str, threading.Thread] = {}  # absolute path -> the thread reading it
_read: dict[str, bytes] = {}  # absolute path -> its uncompressed bytes, until taken


def _key(path: Path | str) -> str:
    return os.path.abspath(path)


def start(paths: Iterable[Path]) -> None:
    """Begin reading `paths` (decompressed) on a daemon thread; `take` hands each one over once."""
    from cnnlab.data.idx import file_bytes

    keys = [k for k in dict.fromkeys(map(_key, paths)) if k not in _started]
    if not keys:
        return

    def read() -> None:
        for k in keys:
            try:
                _read[k] = file_bytes(Path(k))
            except Exception:  # noqa: BLE001, S112 - the main thread reads it again and reports what is wrong
                continue

    thread = threading.Thread(target=read, name="cnnlab-prefetch", daemon=True)
    _started.update(dict.fromkeys(keys, thread))
    thread.start()


def take(path: Path | str) -> bytes | None:
    """The bytes read ahead for `path` (waiting for the thread if it is still reading), or None if there are none."""
    key = _key(path)
    thread = _started.pop(key, None)
    if thread is None:
        return None
    thread.join()
    return _read.pop(key, None)


def start_for(dataset: str, data_dir: str | None) -> None:
    """Read ahead the files of data set `dataset` where cnnlab knows them before loading (MNIST); else nothing."""
    if dataset != "mnist":
        return
    from cnnlab.data.mnist import mnist_files

    try:
        files = mnist_files(Path(data_dir).expanduser() if data_dir else None)
    except CnnlabError:  # a missing file: the loader says which, in its own words
        return
    start(files)
