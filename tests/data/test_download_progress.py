"""The download reports its bytes and speed on stderr while it runs (plain lines when not a terminal)."""

from __future__ import annotations

import hashlib
import io
import re
import tarfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cnnlab.data import download
from cnnlab.data.download import download_and_verify


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_progress_lines_name_bytes_total_and_speed(tmp_path: Path, monkeypatch) -> None:
    served = tmp_path / "served"
    served.mkdir()
    payload = bytes(range(256)) * 12_000  # ~3 MB, several 1 MiB chunks
    with tarfile.open(served / "set.tar.gz", "w:gz", compresslevel=0) as tar:
        info = tarfile.TarInfo("set/blob.bin")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    md5 = hashlib.md5((served / "set.tar.gz").read_bytes()).hexdigest()
    size = (served / "set.tar.gz").stat().st_size
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    monkeypatch.setattr(download, "_LOG_EVERY_S", 0.0)  # a line per chunk, so a fast local copy shows several
    stream = io.StringIO()  # not a terminal: plain lines, no carriage returns
    try:
        download_and_verify(f"http://127.0.0.1:{server.server_address[1]}/set.tar.gz", tmp_path / "d" / "set.tar.gz",
                            md5, stream=stream)
    finally:
        server.shutdown()
        server.server_close()
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    pattern = re.compile(r"downloading set\.tar\.gz: ([\d.]+) MB / ([\d.]+) MB \((\d+)%\), [\d.]+ MB/s")
    found = [pattern.match(line) for line in lines if line.startswith("downloading")]
    assert len(found) >= 3 and all(found)
    done = [float(m.group(1)) for m in found]
    assert done == sorted(done) and found[-1].group(3) == "100"
    assert float(found[-1].group(2)) == round(size / 1e6, 1) and lines[-2].endswith(" done")
    assert lines[-1] == "unpacking set.tar.gz"
