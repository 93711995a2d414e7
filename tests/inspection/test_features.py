"""Feature maps: one output per layer, with exactly the shapes the model's own layers produce."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.inspection.features import default_layers, feature_maps, layer_names, select_layers
from cnnlab.models import build_model


def reference_shapes(model: nn.Module, x: torch.Tensor) -> dict[str, tuple[int, ...]]:
    """Each named child's output shape, from the model's own forward pass (with hooks)."""
    shapes: dict[str, tuple[int, ...]] = {}

    def record(name: str):
        def hook(_module: nn.Module, _inputs: object, output: torch.Tensor) -> None:
            shapes[name] = tuple(output.shape[1:])

        return hook

    handles = [m.register_forward_hook(record(n)) for n, m in model.named_children()]
    model.eval()(x)
    for h in handles:
        h.remove()
    return shapes


@pytest.mark.parametrize("preset", ["baseline", "lenet"])
def test_feature_map_shapes_match_the_layers(preset: str) -> None:
    model = build_model(preset, (1, 28, 28), 10)
    x = torch.randn(1, 1, 28, 28)
    outputs = feature_maps(model, x, layer_names(model))
    assert [o.name for o in outputs] == layer_names(model)
    assert {o.name: tuple(o.values.shape) for o in outputs} == reference_shapes(model, x)
    conv1 = outputs[0]
    assert conv1.is_map and conv1.kind == "Conv2d" and "1→" in conv1.description


def test_default_layers_skip_flatten_and_dropout() -> None:
    model = build_model("baseline", (1, 28, 28), 10)
    names = default_layers(model)
    assert "conv1" in names and "fc2" in names
    assert not any(n.startswith(("flatten", "dropout")) for n in names)
    assert [o.name for o in feature_maps(model, torch.zeros(1, 1, 28, 28))] == names


def test_unknown_layer_names_the_choices() -> None:
    model = build_model("baseline", (1, 28, 28), 10)
    with pytest.raises(CnnlabError, match=r"unknown layer 'conv9' \(layers: conv1, relu1"):
        select_layers(model, ["conv9"])


class Custom(nn.Module):
    """A `module:Class`-style model: nested modules and a forward() that is not a plain sequence."""

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 3, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Linear(3 * 12 * 12, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(torch.flatten(self.features(x), 1))


def test_custom_models_are_read_with_hooks() -> None:
    model = Custom()
    outputs = feature_maps(model, torch.randn(1, 1, 28, 28))
    assert [(o.name, tuple(o.values.shape)) for o in outputs] == [
        ("features.0", (3, 24, 24)),
        ("features.1", (3, 24, 24)),
        ("features.2", (3, 12, 12)),
        ("head", (10,)),
    ]
    assert all(not m._forward_hooks for m in model.modules())  # hooks removed afterwards
