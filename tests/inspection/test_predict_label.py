"""The label a prediction names is the class the model scores highest: by index, by name, in every entry point
(`predict_image`, the Python API's `Classifier.predict`, the web API), for every class, not only in a CLI run."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw
from torch import nn

from cnnlab.api import Classifier
from cnnlab.inspection.predict import predict_image

CLASSES = ["zero", "one", "two", "three", "four"]
META = {"model": {"spec": "x", "module": None, "input_shape": [1, 28, 28], "classes": CLASSES},
        "data": {"dataset": "mnist", "mean": [0.1307], "std": [0.3081]}, "config": {}}


class Rigged(nn.Module):
    """Scores class `winner` highest whatever the input (second: the class after it)."""

    def __init__(self, winner: int) -> None:
        super().__init__()
        self.scale = nn.Parameter(torch.ones(1))
        logits = torch.zeros(len(CLASSES))
        logits[winner] = 3.0
        logits[(winner + 1) % len(CLASSES)] = 2.0
        self.register_buffer("logits", logits)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.logits.expand(x.shape[0], -1) * self.scale


def _stroke() -> Image.Image:
    image = Image.new("L", (100, 100), 255)
    ImageDraw.Draw(image).line([(50, 10), (50, 90)], fill=0, width=8)
    return image


@pytest.mark.parametrize("winner", range(len(CLASSES)))
def test_the_label_is_the_highest_scoring_class(winner: int) -> None:
    p = predict_image(Rigged(winner).eval(), META, _stroke())
    assert p.index == winner and p.label == CLASSES[winner]
    assert int(np.argmax(p.probabilities)) == winner and p.confidence == pytest.approx(max(p.probabilities))
    [q] = Classifier(Rigged(winner), META).predict(_stroke())
    assert (q.index, q.label) == (winner, CLASSES[winner])


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
@pytest.mark.parametrize("winner", [0, 3])
def test_the_web_api_names_the_highest_scoring_class(winner: int, tmp_path) -> None:  # noqa: ANN001
    from fastapi.testclient import TestClient

    from cnnlab.models import build_model
    from cnnlab.store.checkpoint import save_checkpoint
    from cnnlab.web.app import create_app

    spec = "flatten > linear 5"
    model = build_model(spec, (1, 28, 28), len(CLASSES))
    with torch.no_grad():  # the bias alone decides: every weight is zero
        for p in model.parameters():
            p.zero_()
        [p for n, p in model.named_parameters() if n.endswith("bias")][-1][winner] = 3.0
    meta = {**META, "model": {**META["model"], "spec": spec}}
    save_checkpoint(tmp_path / "ck", model, meta)
    buffer = io.BytesIO()
    _stroke().save(buffer, "PNG")
    with TestClient(create_app(tmp_path / "ck")) as client:
        r = client.post("/api/predict", files={"file": ("x.png", buffer.getvalue(), "image/png")})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["index"] == winner and body["label"] == CLASSES[winner], body
    assert int(np.argmax(body["probabilities"])) == winner
