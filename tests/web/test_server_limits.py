"""The server's limits, seen from outside: the pixel limit of uploads, the default bind address and
upload limit of `cnnlab serve`, and connections that go quiet being closed."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from web_helpers import free_port, png, write_checkpoint

from cnnlab.web.limits import MAX_UPLOAD_PIXELS


def test_an_image_declaring_30_million_pixels_is_refused(tiny_checkpoint: Path) -> None:
    from fastapi.testclient import TestClient
    from PIL import Image

    from cnnlab.web.app import create_app

    data = png(Image.new("1", (6000, 5000)))  # 30 M pixels, a few kB: under Pillow's own bomb limit (89 M)
    assert 6000 * 5000 > MAX_UPLOAD_PIXELS and len(data) < 100_000
    with TestClient(create_app(tiny_checkpoint)) as client:
        r = client.post("/api/predict", files={"file": ("big.png", data, "image/png")})
    assert r.status_code == 400 and "pixels" in r.json()["detail"]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on `port` (Linux /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


def _post(port: int, size: int) -> int:
    boundary = "cnnlabboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/predict", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from /proc")
def test_serve_binds_to_loopback_and_limits_uploads_to_5_mb_by_default(tmp_path: Path) -> None:
    ck = write_checkpoint(tmp_path / "ck")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cnnlab", "serve", str(ck), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not _listening_addresses(port):
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read() if server.stderr else ""
            time.sleep(0.2)
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, not 0.0.0.0 (00000000)
        limit = 5 * 1024 * 1024
        assert _post(port, limit - 100_000) == 400  # under the limit: read, and refused as not an image
        assert _post(port, limit + 1) == 413
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def quiet_server(tiny_checkpoint: Path):
    """The app on uvicorn with the serve command's protocol, its silence timeout shortened to 1 s."""
    import uvicorn

    from cnnlab.web.app import create_app
    from cnnlab.web.server import protocol

    port = free_port()
    config = uvicorn.Config(create_app(tiny_checkpoint), host="127.0.0.1", port=port, log_level="warning",
                            http=protocol(1.0), timeout_keep_alive=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _seconds_until_closed(port: int, send: bytes) -> float:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        started = time.monotonic()
        if send:
            s.sendall(send)
        while s.recv(65536):  # b"" once the server closes
            pass
        return time.monotonic() - started


def test_a_client_that_sends_nothing_is_disconnected(quiet_server: int) -> None:
    assert 0.5 < _seconds_until_closed(quiet_server, b"") < 5


def test_a_client_that_stops_halfway_through_its_headers_is_disconnected(quiet_server: int) -> None:
    assert 0.5 < _seconds_until_closed(quiet_server, b"GET /api/models HTTP/1.1\r\nHost: x\r\n") < 5


def test_a_whole_request_is_still_answered(quiet_server: int) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{quiet_server}/api/models", timeout=10) as r:
        assert r.status == 200 and b"tiny" in r.read()


def test_serve_uses_the_quiet_client_protocol() -> None:
    """`cnnlab serve` runs uvicorn with this protocol and a keep-alive timeout (not uvicorn's bare defaults)."""
    from unittest import mock

    from cnnlab.web import server

    with mock.patch("uvicorn.run") as run:
        server.serve_app(object(), "127.0.0.1", 1)  # type: ignore[arg-type]
    options = run.call_args.kwargs
    assert issubclass(options["http"], server.QuietClientTimeout)
    assert options["http"].client_timeout == server.CLIENT_TIMEOUT and options["timeout_keep_alive"] > 0
