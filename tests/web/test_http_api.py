"""The HTTP API under FastAPI's TestClient: predictions, layers, upload limits and errors, model ids."""

from __future__ import annotations

import base64
import re
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from web_helpers import UPLOAD_LIMIT, drawing, png, write_checkpoint

from cnnlab.errors import CnnlabError
from cnnlab.inspection.features import feature_maps
from cnnlab.inspection.predict import model_input, normalised
from cnnlab.store.checkpoint import load_checkpoint


def upload(client, data: bytes, **form):
    return client.post("/api/predict", files={"file": ("image.png", data, "image/png")}, data=form)


def test_models_are_listed_by_opaque_id(client, tiny_checkpoint: Path) -> None:
    models = client.get("/api/models").json()
    assert len(models) == 1 and models[0]["kind"] == "checkpoint" and models[0]["name"] == "tiny"
    assert len(models[0]["id"]) == 12 and str(tiny_checkpoint) not in str(models)


def test_predict_a_drawn_one(mnist_checkpoint: Path) -> None:
    from fastapi.testclient import TestClient

    from cnnlab.web.app import create_app

    with TestClient(create_app(mnist_checkpoint)) as client:
        for digit in ("1", "0"):
            body = upload(client, png(drawing(digit))).json()
            assert body["label"] == digit, body["probabilities"]
            assert len(body["probabilities"]) == 10 and abs(sum(body["probabilities"]) - 1) < 1e-4
            assert np.asarray(body["input"]).shape == (28, 28)


def test_layers_match_the_models_own_outputs(client, tiny_checkpoint: Path) -> None:
    image = drawing("0")
    body = client.post("/api/layers", files={"file": ("d.png", png(image), "image/png")}).json()
    model, meta = load_checkpoint(tiny_checkpoint)
    expected = feature_maps(model, normalised(model_input(image, meta), meta))
    assert [(layer["name"], layer["shape"]) for layer in body["layers"]] == [
        (o.name, list(o.values.shape)) for o in expected
    ]
    conv1 = body["layers"][0]
    tiles = np.frombuffer(base64.b64decode(conv1["data"]), np.uint8).reshape(conv1["shape"])
    want = expected[0].values.numpy()
    np.testing.assert_allclose(conv1["min"], want.min(axis=(1, 2)), atol=1e-3)
    assert tiles.max() == 255 and np.argmax(tiles[0]) == np.argmax(want[0])
    assert len(body["layers"][-1]["values"]) == 10 and body["label"] in body["classes"]

    chosen = client.post("/api/layers", files={"file": ("d.png", png(image), "image/png")}, data={"layers": "pool1"})
    assert [layer["name"] for layer in chosen.json()["layers"]] == ["pool1"]
    wrong = client.post("/api/layers", files={"file": ("d.png", png(image), "image/png")}, data={"layers": "conv7"})
    assert wrong.status_code == 400 and "unknown layer 'conv7'" in wrong.json()["detail"]


def test_too_large_is_413_before_decoding(client) -> None:
    big = upload(client, b"\x89PNG" + bytes(UPLOAD_LIMIT + 70_000))
    assert big.status_code == 413 and "limit" in big.json()["detail"]
    just_over = upload(client, bytes(UPLOAD_LIMIT + 1))  # within the envelope, over the file limit
    assert just_over.status_code == 413

    def chunks():  # no Content-Length: counted while it streams in
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\n\r\n'
        for _ in range(40):
            yield bytes(10_000)

    headers = {"content-type": "multipart/form-data; boundary=b"}
    streamed = client.post("/api/predict", content=chunks(), headers=headers)
    assert streamed.status_code == 413


@pytest.mark.parametrize(
    "data, message",
    [
        (b"just some text", "not an image"),
        (b"", "empty"),
        (None, "corrupt or truncated"),
    ],
)
def test_not_an_image_is_400(client, data: bytes | None, message: str) -> None:
    if data is None:  # a real PNG cut in half
        data = png(drawing("1"))[:300]
    response = upload(client, data)
    assert response.status_code == 400 and message in response.json()["detail"]


def huge_png(width: int, height: int) -> bytes:
    """A tiny file whose header declares width x height pixels (its data is not even there)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def test_huge_declared_dimensions_are_refused(client) -> None:
    response = upload(client, huge_png(60_000, 60_000))
    assert response.status_code == 400
    assert "60000x60000 pixels" in response.json()["detail"] or "too many pixels" in response.json()["detail"]


def test_blank_drawing_is_400(client) -> None:
    response = upload(client, png(Image.new("L", (100, 100), 255)))
    assert response.status_code == 400 and "no ink" in response.json()["detail"]


def test_rgba_16_bit_and_palette_images(client) -> None:
    ink = np.asarray(drawing("1", 120)) < 128
    rgba = np.zeros((120, 120, 4), np.uint8)
    rgba[ink] = (20, 20, 20, 255)  # dark strokes on a fully transparent background
    deep = np.where(ink, 0, 65535).astype(np.uint16)
    for image in (Image.fromarray(rgba, "RGBA"), Image.fromarray(deep), drawing("1", 120).convert("P")):
        response = upload(client, png(image))
        assert response.status_code == 200, (image.mode, response.text)
        grid = np.asarray(response.json()["input"])
        assert grid.shape == (28, 28) and grid.max() == pytest.approx(1.0) and grid[:, :4].max() == 0


def test_model_ids_are_looked_up_never_used_as_paths(client, tiny_checkpoint: Path) -> None:
    image = png(drawing("1"))
    assert upload(client, image, model="0123456789ab").status_code == 404
    for bad in ("../tiny", str(tiny_checkpoint), "/etc/passwd", "tiny/model.json", "..", "a" * 65):
        response = upload(client, image, model=bad)
        assert response.status_code == 400 and "invalid model id" in response.json()["detail"]
    good = client.get("/api/models").json()[0]["id"]
    assert upload(client, image, model=good).json()["model"] == good


def test_openapi_lists_the_api_and_pages_need_no_network(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/predict",
        "/api/layers",
        "/api/models",
        "/api/experiments",
        "/api/experiments/{name}/runs",
        "/api/runs/{run_id}/curves",
    } <= set(paths)
    assert paths["/api/predict"]["post"]["requestBody"]["content"].keys() == {"multipart/form-data"}
    static = Path(__file__).parents[2] / "cnnlab" / "web" / "static"
    for page in ("/", "/runs", "/docs"):
        response = client.get(page)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    external = re.compile(
        r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//"""
        r"""|fetch\(\s*["'`]https?:|@import"""
    )
    for file in static.iterdir():
        assert not external.search(file.read_text()), f"{file.name} loads something from elsewhere"
        assert client.get(f"/static/{file.name}").status_code == 200


def test_checkpoint_server_has_no_store(client) -> None:
    assert client.get("/api/experiments").json() == []
    assert client.get("/api/experiments/x/runs").status_code == 404
    assert client.get("/api/runs/x/curves").status_code == 404


def test_a_folder_of_checkpoints_and_a_checkpoint_file(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from cnnlab.web.app import create_app

    for name in ("a", "b"):
        write_checkpoint(tmp_path / "models" / name)
    with TestClient(create_app(tmp_path / "models")) as client:
        assert sorted(m["name"] for m in client.get("/api/models").json()) == ["a", "b"]
    with TestClient(create_app(tmp_path / "models" / "a" / "model.json")) as client:
        assert [m["name"] for m in client.get("/api/models").json()] == ["a"]
    with pytest.raises(CnnlabError, match="no such checkpoint"):
        create_app(tmp_path / "missing")
