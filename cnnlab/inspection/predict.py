"""Classify a user's own image with a checkpoint: the same preprocessing for the CLI and the web page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from PIL import Image
from torch import nn

from cnnlab.data.preprocess import mnist_style


@dataclass(frozen=True)
class Prediction:
    label: str
    index: int
    confidence: float
    probabilities: list[float]
    model_input: np.ndarray  # what the network saw, before normalisation, (C, H, W) in [0, 1]


def model_input(image: Image.Image, meta: dict[str, Any]) -> np.ndarray:
    """MNIST-style digit preparation for 1x28x28 models; a plain resize for everything else."""
    c, h, w = meta["model"]["input_shape"]
    if (c, h, w) == (1, 28, 28):
        return mnist_style(image)[None]
    resized = image.convert("L" if c == 1 else "RGB").resize((w, h), Image.Resampling.BILINEAR)
    arr = np.asarray(resized, dtype=np.float32) / 255
    return arr[None] if c == 1 else arr.transpose(2, 0, 1)


def normalised(x: np.ndarray, meta: dict[str, Any], device: torch.device | str = "cpu") -> torch.Tensor:
    mean = torch.tensor(meta["data"]["mean"], dtype=torch.float32).view(-1, 1, 1)
    std = torch.tensor(meta["data"]["std"], dtype=torch.float32).view(-1, 1, 1)
    return ((torch.from_numpy(np.ascontiguousarray(x)) - mean) / std).unsqueeze(0).to(device)


@torch.no_grad()
def predict_image(model: nn.Module, meta: dict[str, Any], image: Image.Image) -> Prediction:
    x = model_input(image, meta)
    device = next(model.parameters()).device
    probs = torch.softmax(model.eval()(normalised(x, meta, device)), dim=1)[0].cpu()
    index = int(probs.argmax())
    return Prediction(meta["model"]["classes"][index], index, float(probs[index]), probs.tolist(), x)
