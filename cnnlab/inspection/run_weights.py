"""A run folder's first-layer weights before and after training, as image tiles.

The report's weights figure and the trackers' `weights/first_layer` image both draw these (a run's initial
weights are its `init.safetensors`, loaded without pickle).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from cnnlab.store.checkpoint import load_checkpoint, read_tensors

INIT_WEIGHTS = "init.safetensors"


def has_checkpoint(run_dir: str | Path | None) -> bool:
    """Whether `run_dir` holds a final checkpoint (a failed or interrupted run has none)."""
    if not run_dir:
        return False
    return (Path(run_dir) / "model.json").is_file() and (Path(run_dir) / "model.safetensors").is_file()


@dataclass(frozen=True)
class FirstLayerTiles:
    """The first weight layer as image tiles: (N, h, w) or (N, h, w, 3); `before` is None without init weights."""

    name: str
    kind: str  # "conv" or "linear"
    shape: tuple[int, ...]  # of the weight tensor
    before: np.ndarray | None
    after: np.ndarray


def first_weight_layer(model: nn.Module) -> tuple[str, nn.Module] | None:
    """The first Conv2d or Linear in forward (registration) order."""
    return next(((n, m) for n, m in model.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))), None)


def as_tiles(weight: torch.Tensor, input_shape: tuple[int, ...]) -> np.ndarray | None:
    """Conv filters (O, C, kh, kw), or a linear layer's rows reshaped to the input image; None if not image-like."""
    w = weight.detach().float().cpu()
    if w.ndim == 2:
        if math.prod(input_shape) != w.shape[1]:
            return None
        w = w.reshape(w.shape[0], *input_shape)
    if w.ndim != 4:
        return None
    channels = w.shape[1]
    if channels == 1:
        return w[:, 0].numpy()
    if channels == 3:
        return w.permute(0, 2, 3, 1).numpy()
    return w.mean(dim=1).numpy()  # other channel counts: the mean over input channels


def first_layer_tiles(run_dir: str | Path, limit: int = 64) -> FirstLayerTiles | None:
    """The first layer's weights after training (the checkpoint) and before (`init.safetensors`), `limit` tiles."""
    model, meta = load_checkpoint(Path(run_dir))
    found = first_weight_layer(model)
    if found is None:
        return None
    name, module = found
    input_shape = tuple(meta["model"]["input_shape"])
    after = as_tiles(module.weight, input_shape)
    if after is None:
        return None
    before = None
    init = Path(run_dir) / INIT_WEIGHTS
    if init.is_file():
        tensor = read_tensors(init, "initial weights").get(f"{name}.weight")  # a regular file only, never a FIFO
        if tensor is not None and tensor.shape == module.weight.shape:
            before = as_tiles(tensor, input_shape)
    kind = "conv" if isinstance(module, nn.Conv2d) else "linear"
    return FirstLayerTiles(name, kind, tuple(module.weight.shape), before[:limit] if before is not None else None,
                      after[:limit])


def tile_mosaic(tiles: np.ndarray, columns: int | None = None, bound: float | None = None) -> np.ndarray:
    """Tiles (N, h, w) or (N, h, w, 3) in a grid with 1-pixel gaps (NaN, drawn grey, for signed tiles; white
    for colour ones).

    Grey tiles keep their values (a diverging colour map with one symmetric scale draws them); colour tiles
    are mapped to [0, 1] with 0 at mid-grey and +-`bound` (default: their largest |value|) at the ends.
    """
    tiles = np.asarray(tiles, dtype=float)
    n, h, w = tiles.shape[:3]
    rgb = tiles.ndim == 4
    if rgb:
        b = bound or float(np.abs(tiles).max()) or 1.0
        tiles = np.clip(tiles / (2 * b) + 0.5, 0.0, 1.0)
    cols = columns or math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    shape = (rows * (h + 1) - 1, cols * (w + 1) - 1) + ((3,) if rgb else ())
    canvas = np.full(shape, 1.0 if rgb else np.nan)
    for i in range(n):
        r, c = divmod(i, cols)
        canvas[r * (h + 1): r * (h + 1) + h, c * (w + 1): c * (w + 1) + w] = tiles[i]
    return canvas
