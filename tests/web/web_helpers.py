"""Shared helpers of the web tests (a module with its own name: test files import it, never conftest)."""

from __future__ import annotations

import io
from pathlib import Path

import torch
from PIL import Image, ImageDraw

from cnnlab.models import build_model
from cnnlab.store.checkpoint import save_checkpoint

TINY_SPEC = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"
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
