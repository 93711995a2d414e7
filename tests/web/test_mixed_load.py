"""The server under mixed load and slow clients, with real HTTP clients on 127.0.0.1 (bounded loops):
Grad-CAM and the other explanations mixed with predict and layers requests never answer 500, and a
client that sends one byte at a time is cut off after a total deadline for its request, not kept forever."""

from __future__ import annotations

import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from web_helpers import drawing, free_port, png, write_checkpoint

pytest.importorskip("captum", reason="the explain extra (captum) is not installed")


def _start(app, **protocol_options):  # noqa: ANN001, ANN003, ANN202
    import uvicorn

    from cnnlab.web.server import protocol

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=2,
                            http=protocol(**protocol_options))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    return server, thread, port


@pytest.fixture
def served(tmp_path: Path):  # noqa: ANN201
    from cnnlab.web.app import create_app

    ck = write_checkpoint(tmp_path / "ck", "conv 4 k3 > relu > conv 4 k3 > relu > maxpool 2 > flatten > linear 10")
    server, thread, port = _start(create_app(ck))
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def test_explanations_mixed_with_predict_and_layers_never_answer_500(served: int) -> None:
    url = f"http://127.0.0.1:{served}"
    image = png(drawing("1"))
    kinds = [("/api/explain", {"method": "gradcam"}), ("/api/predict", {}), ("/api/layers", {}),
             ("/api/explain", {"method": "gradcam", "layer": "relu1"}), ("/api/explain", {"method": "saliency"}),
             ("/api/predict", {}), ("/api/explain", {"method": "integrated-gradients"}), ("/api/layers", {})]

    def call(i: int) -> tuple[str, int, str]:
        path, data = kinds[i % len(kinds)]
        with httpx.Client(timeout=60) as client:
            r = client.post(url + path, files={"file": ("d.png", image, "image/png")}, data=data)
        return path, r.status_code, r.text[:200] if r.status_code != 200 else ""

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(call, range(480)))
    bad = [r for r in results if r[1] != 200]
    assert not bad, f"{len(bad)} of {len(results)} failed, e.g. {bad[:3]}"


@pytest.fixture
def strict_server(tmp_path: Path):  # noqa: ANN201
    """The serve protocol with a 1 s silence timeout and a 3 s deadline for a whole request."""
    from cnnlab.web.app import create_app

    server, thread, port = _start(create_app(write_checkpoint(tmp_path / "ck")), client_timeout=1.0,
                                  request_deadline=3.0)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _dribble(port: int, data: bytes, every: float, give_up: float) -> float | None:
    """Send `data` one byte every `every` seconds; the seconds until the server closed, None if it never did."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        started = time.monotonic()
        for byte in data:
            if time.monotonic() - started > give_up:
                return None
            try:
                s.sendall(bytes([byte]))
            except OSError:  # reset: closed
                return time.monotonic() - started
            s.settimeout(every)
            try:
                if s.recv(1) == b"":
                    return time.monotonic() - started
            except TimeoutError:
                continue
            except OSError:
                return time.monotonic() - started
        return None


def test_a_client_sending_a_header_byte_at_a_time_is_cut_off_at_the_deadline(strict_server: int) -> None:
    head = b"GET /api/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 400 + b"\r\n\r\n"
    closed = _dribble(strict_server, head, every=0.4, give_up=12)  # each byte well inside the 1 s silence
    assert closed is not None and 2.5 < closed < 6, closed


def test_a_client_sending_its_body_a_byte_at_a_time_is_cut_off_at_the_deadline(strict_server: int) -> None:
    body = b"x" * 400
    head = (f"POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", strict_server), timeout=5) as s:
        s.sendall(head)
        started = time.monotonic()
        closed = None
        for byte in body:
            if time.monotonic() - started > 12:
                break
            try:
                s.sendall(bytes([byte]))
                s.settimeout(0.4)
                if s.recv(65536) == b"":
                    closed = time.monotonic() - started
                    break
            except TimeoutError:
                continue
            except OSError:
                closed = time.monotonic() - started
                break
    assert closed is not None and closed < 6, closed


def test_many_slow_clients_are_all_released_and_a_normal_client_is_still_served(strict_server: int) -> None:
    """50 clients each trickle a header byte every 0.2 s (never silent for the 1 s timeout): all are cut off
    by the 3 s request deadline, and a normal client is answered meanwhile."""
    url = f"http://127.0.0.1:{strict_server}/api/models"
    sockets = []
    try:
        for _ in range(50):
            s = socket.create_connection(("127.0.0.1", strict_server), timeout=5)
            s.sendall(b"GET /api/models HTTP/1.1\r\n")
            s.setblocking(False)
            sockets.append(s)
        started = time.monotonic()
        open_ = list(sockets)
        while open_ and time.monotonic() - started < 10:
            for s in list(open_):
                try:
                    s.send(b"X")  # a byte now and then: the silence timer alone would never fire
                except BlockingIOError:
                    pass
                except OSError:
                    open_.remove(s)
            readable, _, _ = select.select(open_, [], [], 0.2)
            for s in readable:
                try:
                    if s.recv(65536) == b"":
                        open_.remove(s)
                except BlockingIOError:
                    pass
                except OSError:
                    open_.remove(s)
        elapsed = time.monotonic() - started
        assert not open_, f"{len(open_)} of {len(sockets)} slow clients still held after {elapsed:.1f} s"
        assert elapsed > 2.0  # cut off by the deadline, not by silence
        assert httpx.get(url, timeout=10).status_code == 200
    finally:
        for s in sockets:
            s.close()


def test_a_normal_request_and_a_keep_alive_second_one_are_answered(strict_server: int) -> None:
    with httpx.Client(timeout=10) as client:
        assert client.get(f"http://127.0.0.1:{strict_server}/api/models").status_code == 200
        time.sleep(0.5)
        assert client.get(f"http://127.0.0.1:{strict_server}/api/models").status_code == 200


def test_serve_uses_a_request_deadline() -> None:
    from unittest import mock

    from cnnlab.web import server

    with mock.patch("uvicorn.run") as run:
        server.serve_app(object(), "127.0.0.1", 1)  # type: ignore[arg-type]
    assert run.call_args.kwargs["http"].request_deadline == server.REQUEST_DEADLINE > 0
