"""The report's misclassified section: each mistake's attribution beside it, or a note without Captum."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from cnnlab.explain import signed_cmap
from cnnlab.explain.report import explain_mistakes
from cnnlab.models import build_model
from cnnlab.report.analysis import Mistake
from cnnlab.store.checkpoint import save_checkpoint

pytest.importorskip("captum")
SPEC = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"


def _checkpoint(folder: Path) -> Path:
    torch.manual_seed(0)
    info = {
        "model": {"spec": SPEC, "module": None, "input_shape": [1, 28, 28], "classes": [str(d) for d in range(10)]},
        "data": {"dataset": "mnist", "mean": [0.1307], "std": [0.3081]},
        "config": {},
    }
    return save_checkpoint(folder, build_model(SPEC, (1, 28, 28), 10), info)


def _mistakes(n: int) -> list[Mistake]:
    rng = np.random.default_rng(0)
    out = []
    for i in range(n):
        image = np.zeros((28, 28, 1), np.uint8)
        image[6 + i : 20, 10:14] = 255
        out.append(Mistake(i, image, int(rng.integers(0, 5)), int(rng.integers(5, 10)), 0.9))
    return out


def test_each_mistake_gets_its_heat_map_for_the_predicted_class(tmp_path: Path) -> None:
    why = explain_mistakes(_checkpoint(tmp_path / "c"), _mistakes(5), [str(d) for d in range(10)])
    assert why.figure is not None and "integrated gradients" in why.caption
    heat = [im for ax in why.figure.axes for im in ax.get_images() if im.get_cmap().name == signed_cmap().name]
    assert len(heat) == 5
    for im in heat:
        lo, hi = im.get_clim()
        assert lo == -hi > -np.inf and hi > 0
    titles = [ax.get_title() for ax in why.figure.axes if ax.get_title().startswith("why")]
    assert titles == [f"why {m.predicted}" for m in _mistakes(5)]


def test_without_captum_the_section_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "captum", None)
    why = explain_mistakes(_checkpoint(tmp_path / "c"), _mistakes(2), [str(d) for d in range(10)])
    assert why.figure is None and "pip install 'cnnlab[explain]'" in why.caption
