"""First-layer weight grids: one tile per filter, and before/after pictures that really differ."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from cnnlab.errors import CnnlabError
from cnnlab.inspection.weights import first_layer, initial_model, weights_figure
from cnnlab.models import build_model


def tiles(fig) -> int:
    return sum(ax.get_label() == "tile" for ax in fig.axes)


def test_conv_filters_one_tile_each() -> None:
    layer = first_layer(build_model("baseline", (1, 28, 28), 10), (1, 28, 28))
    assert (layer.name, layer.kind, layer.filters.shape) == ("conv1", "conv", (32, 1, 3, 3))
    assert tiles(weights_figure([("final", layer)])) == 32
    assert tiles(weights_figure([("final", layer)], max_tiles=10)) == 10


def test_mlp_first_layer_drawn_in_the_input_shape() -> None:
    model = build_model("flatten > linear 16 > relu > linear 10", (1, 28, 28), 10)
    layer = first_layer(model, (1, 28, 28))
    assert (layer.kind, layer.filters.shape) == ("linear", (16, 1, 28, 28))
    np.testing.assert_array_equal(layer.filters[3, 0].reshape(-1), model.fc1.weight[3].detach().numpy())


def test_colour_filters() -> None:
    layer = first_layer(build_model("conv 8 k5 > relu > flatten > linear 10", (3, 32, 32), 10), (3, 32, 32))
    assert layer.filters.shape == (8, 3, 5, 5)
    assert tiles(weights_figure([("a", layer)])) == 8


def test_initial_and_final_side_by_side_differ(tmp_path: Path) -> None:
    torch.manual_seed(0)
    model = build_model("baseline", (1, 28, 28), 10)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, tmp_path / "init.safetensors")
    trained = copy.deepcopy(model)
    with torch.no_grad():
        trained.conv1.weight.add_(0.5 * torch.randn_like(trained.conv1.weight))
    before = first_layer(initial_model(trained, tmp_path), (1, 28, 28))
    after = first_layer(trained, (1, 28, 28))
    np.testing.assert_array_equal(before.filters, model.conv1.weight.detach().numpy())
    assert not np.allclose(before.filters, after.filters)
    fig = weights_figure([("initial", before), ("final", after)])
    assert tiles(fig) == 64
    images = [ax.get_images()[0].get_array() for ax in fig.axes if ax.get_label() == "tile"]
    assert any(not np.allclose(images[i], images[32 + i]) for i in range(32))


def test_missing_init_and_shape_mismatch(tmp_path: Path) -> None:
    model = build_model("baseline", (1, 28, 28), 10)
    with pytest.raises(CnnlabError, match="init.safetensors: not found"):
        initial_model(model, tmp_path)
    other = first_layer(build_model("lenet", (1, 28, 28), 10), (1, 28, 28))
    with pytest.raises(CnnlabError, match="different shapes"):
        weights_figure([("a", first_layer(model, (1, 28, 28))), ("b", other)])
