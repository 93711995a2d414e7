"""`cnnlab explain` on a trained checkpoint: every method, own images and test-set images, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from cnnlab.explain import METHODS

pytest.importorskip("captum")

HANDWRITING = Path(__file__).resolve().parents[1] / "data" / "handwriting"


def drawn_seven(path: Path) -> Path:
    image = Image.new("L", (160, 160), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(30, 30), (130, 30), (70, 140)], fill=0, width=12)
    image.save(path)
    return path


@pytest.mark.parametrize("method", METHODS)
def test_every_method_writes_a_figure_per_image(cli, mnist_checkpoint: Path, tmp_path: Path, method: str) -> None:
    own = drawn_seven(tmp_path / "seven.png")
    out = tmp_path / "out"
    code, stdout, err = cli(
        "explain",
        mnist_checkpoint,
        own,
        HANDWRITING / "3_00.png",
        "--index",
        0,
        "--method",
        method,
        "--out",
        out,
        "--json",
    )
    assert code == 0, err
    rows = json.loads(stdout)
    assert [r["image"] for r in rows] == ["seven.png", "3_00.png", "test-0"]
    assert rows[2]["label"] == "7" and rows[2]["predicted"] == "7"  # the first MNIST test digit, ~96% model
    assert all(r["target"] == r["predicted"] and r["method"] == method for r in rows)
    assert rows[0]["layer"] == ("relu2" if method == "gradcam" else None)
    for r in rows:
        with Image.open(r["file"]) as png:
            assert png.width > 300 and png.height > 150
            pixels = np.asarray(png.convert("RGB")).astype(int)
        red = (pixels[..., 0] - pixels[..., 2] > 80).sum()
        blue = (pixels[..., 2] - pixels[..., 0] > 80).sum()
        assert red > 50, "no positive evidence drawn in red"
        assert blue > 20  # the colour bar at least; the map is signed
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}-{method}.png" for s in ("seven", "3_00", "test-0"))


def test_target_layer_and_a_folder(cli, mnist_checkpoint: Path, tmp_path: Path) -> None:
    folder = tmp_path / "digits"
    folder.mkdir()
    drawn_seven(folder / "a.png")
    drawn_seven(folder / "b.png")
    code, stdout, err = cli(
        "explain",
        mnist_checkpoint,
        folder,
        "--method",
        "gradcam",
        "--layer",
        "pool1",
        "--target",
        "1",
        "--out",
        tmp_path / "o",
        "--json",
    )
    assert code == 0, err
    rows = json.loads(stdout)
    assert [(r["image"], r["target"], r["layer"]) for r in rows] == [("a.png", "1", "pool1"), ("b.png", "1", "pool1")]
    assert rows[0]["target_probability"] < rows[0]["confidence"] or rows[0]["predicted"] == "1"
    code, stdout, _ = cli("explain", mnist_checkpoint, folder / "a.png", "--out", tmp_path / "p")
    assert code == 0 and "a.png: predicted" in stdout and "a-saliency.png" in stdout


def test_errors_are_one_line(cli, mnist_checkpoint: Path, tmp_path: Path) -> None:
    image = drawn_seven(tmp_path / "seven.png")
    (tmp_path / "broken.png").write_bytes(b"not a png at all")
    mlp = tmp_path / "mlp"
    from cnnlab.models import build_model
    from cnnlab.store.checkpoint import save_checkpoint

    spec = "flatten > linear 16 > relu > linear 10"
    save_checkpoint(
        mlp,
        build_model(spec, (1, 28, 28), 10),
        {
            "model": {"spec": spec, "module": None, "input_shape": [1, 28, 28], "classes": [str(d) for d in range(10)]},
            "data": {"dataset": "mnist", "mean": [0.1307], "std": [0.3081]},
            "config": {"dataset": "mnist"},
        },
    )
    out = tmp_path / "o"
    cases = [
        (("--method", "lime"), image, "unknown method 'lime' (choices: gradcam, integrated-gradients, occlusion"),
        (("--method", "gradcam", "--layer", "conv9"), image, "unknown layer 'conv9' (choices: conv1, conv2, dropout1"),
        (("--target", "ten"), image, "unknown target class 'ten' (choices: 0, 1,"),
        ((), tmp_path / "broken.png", "broken.png' is not an image"),
        ((), tmp_path / "missing.png", "missing.png' does not exist"),
    ]
    for options, img, message in cases:
        code, _, err = cli("explain", mnist_checkpoint, img, "--out", out, *options)
        assert code == 2 and message in err and err.count("\n") == 1, err
    code, _, err = cli("explain", mlp, image, "--method", "gradcam", "--out", out)
    assert code == 2 and "gradcam needs a convolutional layer" in err and err.count("\n") == 1, err
    code, _, err = cli("explain", mnist_checkpoint, "--out", out)
    assert code == 2 and "give IMAGE files" in err
    assert not out.exists()  # nothing written on a failure
