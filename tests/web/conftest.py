"""Fixtures for the web tests: small checkpoints and stores, the app under FastAPI's TestClient, images."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import UPLOAD_LIMIT, write_checkpoint


def pytest_configure(config: pytest.Config) -> None:
    # Starlette nudges TestClient users towards a successor of httpx; httpx is what the dev extra installs.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture
def tiny_checkpoint(tmp_path: Path) -> Path:
    return write_checkpoint(tmp_path / "tiny")


@pytest.fixture
def client(tiny_checkpoint: Path):
    from fastapi.testclient import TestClient

    from cnnlab.web.app import create_app

    with TestClient(create_app(tiny_checkpoint, max_upload_bytes=UPLOAD_LIMIT)) as test_client:
        yield test_client
