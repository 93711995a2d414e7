"""Layer figures: a labelled tile per channel, bars for vectors, the input and probabilities beside them."""

from __future__ import annotations

import numpy as np
import torch

from cnnlab.inspection.figures import grid_shape, layer_figure
from cnnlab.inspection.one_pass import inspect_input
from cnnlab.models import build_model

CLASSES = [str(d) for d in range(10)]
META = {"model": {"classes": CLASSES, "input_shape": [1, 28, 28]}, "data": {"mean": [0.13], "std": [0.31]}}


def test_grid_shape_fits_every_tile() -> None:
    for n in (1, 6, 16, 32, 64, 100):
        rows, cols = grid_shape(n)
        assert rows * cols >= n > (rows - 1) * cols


def test_one_labelled_tile_per_channel_and_bars_for_vectors() -> None:
    model = build_model("lenet", (1, 28, 28), 10)
    result = inspect_input(model, META, np.random.default_rng(0).random((1, 28, 28), dtype=np.float32))
    assert abs(sum(result.probabilities) - 1) < 1e-5 and result.label == CLASSES[result.index]
    by_name = {layer.name: layer for layer in result.layers}

    fig = layer_figure(by_name["conv2"], result.model_input, CLASSES, result.probabilities)
    tiles = [ax for ax in fig.axes if ax.get_label() == "tile"]
    assert len(tiles) == 16 and [ax.get_title() for ax in tiles[:3]] == ["0", "1", "2"]
    assert "conv2" in fig._suptitle.get_text() and "16x10x10" in fig._suptitle.get_text()

    capped = layer_figure(by_name["conv2"], result.model_input, CLASSES, result.probabilities, max_tiles=5)
    assert sum(ax.get_label() == "tile" for ax in capped.axes) == 5

    vector = layer_figure(by_name["fc3"], result.model_input, CLASSES, result.probabilities)
    assert [ax.get_label() for ax in vector.axes].count("vector") == 1


def test_layers_come_from_a_single_pass_that_matches_the_model() -> None:
    model = build_model("baseline", (1, 28, 28), 10).eval()
    x = np.random.default_rng(1).random((1, 28, 28), dtype=np.float32)
    result = inspect_input(model, META, x, ["conv1", "fc2"])
    assert [layer.name for layer in result.layers] == ["conv1", "fc2"]
    with torch.no_grad():
        logits = model(torch.from_numpy((x - 0.13) / 0.31)[None])
    np.testing.assert_allclose(result.layers[1].values.numpy(), logits[0].numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(result.probabilities, torch.softmax(logits[0], 0).numpy(), rtol=1e-5, atol=1e-7)
