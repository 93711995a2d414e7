"""Shared helpers of the web tests (a module with its own name: test files import it, never conftest)."""

from __future__ import annotations

import contextlib
import io
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import torch
from PIL import Image, ImageDraw

from cnnlab.models import build_model
from cnnlab.store.checkpoint import save_checkpoint

TINY_SPEC = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
UPLOAD_LIMIT = 100_000


def write_checkpoint(folder: Path, spec: str = TINY_SPEC) -> Path:
    torch.manual_seed(0)
    model = build_model(spec, (1, 28, 28), 10)
    info = {
        "model": {"spec": spec, "module": None, "input_shape": [1, 28, 28], "classes": [str(d) for d in range(10)]},
        "data": {"dataset": "mnist", "mean": [0.1307], "std": [0.3081]},
        "config": {},
        "metrics": {"test_accuracy": 0.1},
    }
    return save_checkpoint(folder, model, info)


def png(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def drawing(digit: str, size: int = 280) -> Image.Image:
    """Dark ink on white, like the page's canvas: "1" a vertical stroke, "0" an upright ellipse."""
    image = Image.new("L", (size, size), 255)
    pen = ImageDraw.Draw(image)
    s = size / 280
    if digit == "1":
        pen.line([(140 * s, 45 * s), (140 * s, 235 * s)], fill=0, width=round(20 * s))
    else:
        pen.ellipse([(75 * s, 45 * s), (205 * s, 235 * s)], outline=0, width=round(20 * s))
    return image


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(target: Path, log_dir: Path, ready: str = "/api/models") -> Iterator[str]:
    """`cnnlab serve TARGET` in a subprocess on a free 127.0.0.1 port; yields its URL once `ready` answers 200."""
    port = free_port()
    log_path = log_dir / "serve.log"
    log = log_path.open("w")
    process = subprocess.Popen([sys.executable, "-m", "cnnlab.cli.main", "serve", str(target), "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"cnnlab serve exited: {log_path.read_text()}")
            try:
                if httpx.get(f"{url}{ready}", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("cnnlab serve did not answer within 90 s")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def browser_page(viewport: dict[str, int] | None = None) -> Iterator[Any]:
    """A page in the system's headless Chromium; the test fails if the page raised a JavaScript error."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport=viewport) if viewport else browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            yield page
            assert not errors, errors
        finally:
            browser.close()
