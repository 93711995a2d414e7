"""download_and_verify against a real HTTP server on 127.0.0.1, with good, tampered and unsafe archives."""

from __future__ import annotations

import hashlib
import io
import socket
import tarfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cnnlab.data.download import download_and_verify
from cnnlab.errors import CnnlabError


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # no request log in the test output
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """(folder, base URL): files put in the folder are served over HTTP."""
    folder = tmp_path / "served"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def make_archive(path: Path, members: dict[str, bytes]) -> str:
    """Writes a tar.gz of regular files and returns its md5."""
    with tarfile.open(path, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return hashlib.md5(path.read_bytes()).hexdigest()


def test_downloads_verifies_and_unpacks(tmp_path: Path, served) -> None:
    folder, base = served
    md5 = make_archive(folder / "set.tar.gz", {"set/a.bin": b"alpha", "set/sub/b.txt": b"beta"})
    dest = tmp_path / "data" / "set.tar.gz"
    assert download_and_verify(base + "set.tar.gz", dest, md5) == dest
    assert dest.read_bytes() == (folder / "set.tar.gz").read_bytes()
    assert (dest.parent / "set" / "a.bin").read_bytes() == b"alpha"
    assert (dest.parent / "set" / "sub" / "b.txt").read_bytes() == b"beta"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["set", "set.tar.gz"]  # no temporary left


def test_verified_archive_is_not_fetched_again(tmp_path: Path, served) -> None:
    folder, base = served
    md5 = make_archive(folder / "set.tar.gz", {"set/a.bin": b"alpha"})
    dest = tmp_path / "set.tar.gz"
    download_and_verify(base + "set.tar.gz", dest, md5)
    (folder / "set.tar.gz").unlink()  # the server no longer has it
    (tmp_path / "set" / "a.bin").unlink()
    download_and_verify(base + "set.tar.gz", dest, md5)
    assert (tmp_path / "set" / "a.bin").read_bytes() == b"alpha"


def test_wrong_md5_is_rejected_and_leaves_nothing(tmp_path: Path, served) -> None:
    folder, base = served
    make_archive(folder / "set.tar.gz", {"set/a.bin": b"alpha"})
    dest = tmp_path / "data" / "set.tar.gz"
    with pytest.raises(CnnlabError, match=r"set\.tar\.gz .*md5 [0-9a-f]{32}, expected 0{32}"):
        download_and_verify(base + "set.tar.gz", dest, "0" * 32)
    assert list(dest.parent.iterdir()) == []


def test_stale_file_with_wrong_md5_is_replaced(tmp_path: Path, served) -> None:
    folder, base = served
    md5 = make_archive(folder / "set.tar.gz", {"set/a.bin": b"alpha"})
    dest = tmp_path / "set.tar.gz"
    dest.write_bytes(b"half a downlo")
    download_and_verify(base + "set.tar.gz", dest, md5)
    assert hashlib.md5(dest.read_bytes()).hexdigest() == md5


def test_http_error_names_the_file(tmp_path: Path, served) -> None:
    _, base = served
    dest = tmp_path / "missing.tar.gz"
    with pytest.raises(CnnlabError, match=r"download of missing\.tar\.gz .* failed \(HTTP 404 ") as info:
        download_and_verify(base + "missing.tar.gz", dest, "0" * 32)
    assert str(dest) in str(info.value) and "by hand" in str(info.value)
    assert list(tmp_path.iterdir()) == [tmp_path / "served"]


def test_unreachable_server(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/cifar-10-binary.tar.gz"
    with pytest.raises(CnnlabError) as info:
        download_and_verify(url, tmp_path / "cifar-10-binary.tar.gz", "0" * 32)
    message = str(info.value)
    assert "download of cifar-10-binary.tar.gz" in message and "failed" in message and "by hand" in message
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []


def unsafe_archive(path: Path, kind: str) -> str:
    with tarfile.open(path, "w:gz") as tar:
        ok = tarfile.TarInfo("set/ok.bin")
        ok.size = 2
        tar.addfile(ok, io.BytesIO(b"ok"))
        info = tarfile.TarInfo({"absolute": "/tmp/evil", "dotdot": "set/../../evil"}.get(kind, "set/evil"))
        if kind == "symlink":
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        elif kind == "hardlink":
            info.type, info.linkname = tarfile.LNKTYPE, "set/ok.bin"
        elif kind == "device":
            info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
        elif kind == "fifo":
            info.type = tarfile.FIFOTYPE
        else:
            info.size = 4
        tar.addfile(info, io.BytesIO(b"evil") if info.isfile() else None)
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("absolute", "an absolute path"),
        ("dotdot", "a '..' component"),
        ("symlink", "a link"),
        ("hardlink", "a link"),
        ("device", "a device"),
        ("fifo", "a device"),
    ],
)
def test_unsafe_member_is_rejected_before_anything_is_unpacked(tmp_path: Path, served, kind, problem) -> None:
    folder, base = served
    md5 = unsafe_archive(folder / "set.tar.gz", kind)
    dest = tmp_path / "data" / "deep" / "set.tar.gz"
    with pytest.raises(CnnlabError, match=f"set\\.tar\\.gz: member .* is {problem}"):
        download_and_verify(base + "set.tar.gz", dest, md5)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["set.tar.gz"]  # not even the safe member
    assert not (tmp_path / "data" / "evil").exists() and not (tmp_path / "evil").exists()


def test_corrupt_archive_with_matching_md5(tmp_path: Path, served) -> None:
    folder, base = served
    (folder / "set.tar.gz").write_bytes(b"not gzip at all")
    md5 = hashlib.md5(b"not gzip at all").hexdigest()
    with pytest.raises(CnnlabError, match=r"cannot unpack .*set\.tar\.gz"):
        download_and_verify(base + "set.tar.gz", tmp_path / "set.tar.gz", md5)
