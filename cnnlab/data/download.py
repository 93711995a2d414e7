"""Fetches a data set archive over HTTP(S), checks its md5 and unpacks it safely (urllib only).

The archive is streamed to a temporary file beside its destination and only moved into place
(atomically, with `os.replace`) once its md5 matches, so an interrupted or tampered download never
leaves a file that looks complete. The tar.gz is then unpacked next to it, after every member has
been checked: no absolute paths, no `..`, no links, no devices.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

from cnnlab.errors import CnnlabError

_CHUNK = 1 << 20
_TIMEOUT_S = 60


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch(url: str, dest: Path, md5: str) -> None:
    name = PurePosixPath(urlsplit(url).path).name or url
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.md5(usedforsecurity=False)
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as response:
                    while chunk := response.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
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


def download_and_verify(url: str, dest: Path, md5: str) -> Path:
    """Downloads `url` to `dest` unless a file with the right `md5` is already there, then unpacks it.

    The tar.gz is unpacked into `dest`'s folder. Returns `dest`, the verified archive (kept, so a later
    call only unpacks it again). Raises `CnnlabError` when the download fails, the md5 differs (nothing
    is left behind then), or the archive holds an unsafe member (nothing is unpacked then).
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not (dest.is_file() and _md5(dest) == md5.lower()):
        _fetch(url, dest, md5)
    _extract(dest, dest.parent)
    return dest
