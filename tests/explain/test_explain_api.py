"""POST /api/explain: the attribution of a drawing's prediction, and its errors."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from cnnlab.explain import METHODS
from cnnlab.models import build_model
from cnnlab.store.checkpoint import save_checkpoint

pytest.importorskip("captum")
SPEC = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"


@pytest.fixture
def client(tmp_path: Path):
    import torch
    from fastapi.testclient import TestClient

    from cnnlab.web.app import create_app

    torch.manual_seed(0)
    info = {
        "model": {"spec": SPEC, "module": None, "input_shape": [1, 28, 28], "classes": [str(d) for d in range(10)]},
        "data": {"dataset": "mnist", "mean": [0.1307], "std": [0.3081]},
        "config": {},
        "metrics": {},
    }
    save_checkpoint(tmp_path / "tiny", build_model(SPEC, (1, 28, 28), 10), info)
    with TestClient(create_app(tmp_path / "tiny")) as c:
        yield c


def stroke(x: int) -> bytes:
    """A slanted stroke from (x, 40); x = 0 draws a loop instead (the page re-centres either)."""
    image = Image.new("L", (280, 280), 255)
    if x:
        ImageDraw.Draw(image).line([(x, 40), (x + 40, 240)], fill=0, width=22)
    else:
        ImageDraw.Draw(image).ellipse([(75, 45), (205, 235)], outline=0, width=20)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("method", METHODS)
def test_each_method_answers_a_signed_map_over_the_input(client, method: str) -> None:
    r = client.post("/api/explain", files={"file": ("d.png", stroke(120))}, data={"method": method})
    assert r.status_code == 200, r.text
    body = r.json()
    a = np.array(body["attribution"])
    assert a.shape == (28, 28) and np.array(body["input"]).shape == (28, 28)
    assert np.abs(a).max() == 1.0 and body["bound"] > 0  # scaled to [-1, 1]; bound holds the scale
    assert body["target"] == body["label"] and body["method"] == method
    assert body["layer"] == ("relu1" if method == "gradcam" else None)
    if method != "gradcam":  # pixel methods: no evidence from blank background far from the ink
        ink = np.array(body["input"]) > 0.05
        assert np.abs(a[:2, :]).max() <= np.abs(a[ink]).max()


def test_target_and_a_different_drawing_change_the_map(client) -> None:
    first = client.post("/api/explain", files={"file": ("d.png", stroke(120))}).json()
    other = client.post("/api/explain", files={"file": ("d.png", stroke(0))}).json()
    assert not np.allclose(first["attribution"], other["attribution"])
    wanted = "3" if first["label"] != "3" else "4"
    forced = client.post("/api/explain", files={"file": ("d.png", stroke(120))}, data={"target": wanted}).json()
    assert forced["target"] == wanted and forced["label"] == first["label"]
    assert not np.allclose(forced["attribution"], first["attribution"])


def test_errors(client) -> None:
    cases = [
        ({"method": "lime"}, stroke(120), 400, "unknown method 'lime'"),
        ({"target": "ten"}, stroke(120), 400, "unknown target class 'ten'"),
        ({"method": "gradcam", "layer": "conv7"}, stroke(120), 400, "unknown layer 'conv7'"),
        ({}, b"not an image", 400, "not an image"),
        ({"model": "nope"}, stroke(120), None, ""),
    ]
    for data, payload, code, message in cases:
        r = client.post("/api/explain", files={"file": ("d.png", payload)}, data=data)
        if code is None:
            assert r.status_code in (400, 404)
        else:
            assert r.status_code == code and message in r.json()["detail"], r.text
