"""One look inside a model: its prediction for an input and every layer's output, from a single pass.

The CLI (`cnnlab inspect`) and the web page both call this, so a figure and the page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from PIL import Image
from torch import nn

from cnnlab.inspection.features import LayerOutput, feature_maps, layer_names, select_layers
from cnnlab.inspection.predict import model_input, normalised
from cnnlab.models.build import Net


@dataclass(frozen=True)
class Inspection:
    model_input: np.ndarray  # (C, H, W) in [0, 1], before normalisation: what the network saw
    label: str
    index: int
    probabilities: list[float]
    layers: list[LayerOutput]


@torch.no_grad()
def inspect_input(model: nn.Module, meta: dict[str, Any], x: np.ndarray, layers: list[str] | None = None) -> Inspection:
    """Run the prepared input `x` ((C, H, W) in [0, 1]); keep the chosen layers' outputs (None: the default set)."""
    wanted = select_layers(model, layers)
    device = next(model.parameters()).device
    batch = normalised(x, meta, device)
    if isinstance(model, Net):  # the last layer's output is the logits: one pass does everything
        outputs = feature_maps(model, batch, layer_names(model))
        logits = outputs[-1].values
        outputs = [o for o in outputs if o.name in wanted]
    else:
        outputs = feature_maps(model, batch, wanted)
        logits = model.eval()(batch)[0].cpu()
    probs = torch.softmax(logits.reshape(-1).float(), dim=0)
    index = int(probs.argmax())
    return Inspection(np.asarray(x, dtype=np.float32), meta["model"]["classes"][index], index, probs.tolist(), outputs)


def inspect_image(
    model: nn.Module, meta: dict[str, Any], image: Image.Image, layers: list[str] | None = None
) -> Inspection:
    """Prepare a user's image the way `predict` does (MNIST-style for digits), then `inspect_input`."""
    return inspect_input(model, meta, model_input(image, meta), layers)
