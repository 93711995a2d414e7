"""First-layer weights as pictures: conv filters, or an MLP's first linear layer as input-shaped images.

The first layer is the only one whose weights live in the input's own space, so it is the one that can
be drawn as images (seed 003 draws them before and after training). `first_layer` finds it;
`weights_figure` draws one grid, or two side by side (two checkpoints, or a run's initial and final
weights). A run's initial weights are its `init.safetensors`, loaded without pickle.
"""

from __future__ import annotations

import copy
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.gridspec import SubplotSpec
from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.inspection import colors
from cnnlab.inspection.features import layer_modules
from cnnlab.inspection.figures import grid_shape
from cnnlab.store.checkpoint import read_pair, read_tensors

TILE_INCHES = 0.8


@dataclass(frozen=True)
class FirstLayer:
    name: str
    kind: str  # "conv" or "linear"
    filters: np.ndarray  # (N, C, h, w): one image per filter / hidden unit

    @property
    def count(self) -> int:
        return int(self.filters.shape[0])


def first_layer(model: nn.Module, input_shape: tuple[int, int, int]) -> FirstLayer:
    """The first Conv2d or Linear layer, its weights as (N, C, h, w) images."""
    for name, module in layer_modules(model).items():
        if isinstance(module, nn.Conv2d):
            return FirstLayer(name, "conv", module.weight.detach().cpu().float().numpy())
        if isinstance(module, nn.Linear):
            weight = module.weight.detach().cpu().float().numpy()
            if weight.shape[1] != math.prod(input_shape):
                break
            return FirstLayer(name, "linear", weight.reshape(weight.shape[0], *input_shape))
    raise CnnlabError("the model has no first conv layer, nor a first linear layer on the raw input, to draw")


def initial_model(model: nn.Module, run_dir: Path) -> nn.Module:
    """A copy of `model` holding the run's initial weights (`init.safetensors` in its run folder)."""
    path = Path(run_dir) / "init.safetensors"
    if (Path(run_dir) / "init.json").exists():
        state, _ = read_pair(Path(run_dir), "init")  # checksummed pair, like a checkpoint
    elif path.is_file():
        state = read_tensors(path, "initial weights")
    else:
        raise CnnlabError(f"{path}: not found (this run did not save its initial weights)")
    initial = copy.deepcopy(model)
    try:
        initial.load_state_dict(state)
    except RuntimeError:
        raise CnnlabError(f"{path}: the initial weights do not fit the run's model") from None
    return initial


def _bound(panels: list[tuple[str, FirstLayer]], max_tiles: int) -> float:
    """The largest |weight| drawn in any panel: one symmetric scale for every tile."""
    return max(float(np.abs(layer.filters[:max_tiles]).max()) for _, layer in panels) or 1.0


def _tile(filters: np.ndarray, bound: float) -> np.ndarray:
    """One filter (C, h, w) as an imshow image: grey filters as signed values (the diverging map does the
    rest), colour filters as RGB with 0 at mid-grey and +-`bound` at the ends of each channel."""
    if filters.shape[0] == 3:
        return np.clip(filters.transpose(1, 2, 0) / (2 * bound) + 0.5, 0.0, 1.0)
    return filters.mean(axis=0)


def _draw_grid(fig: Figure, spec: SubplotSpec, layer: FirstLayer, title: str, max_tiles: int, bound: float):
    """One panel of tiles under a two-line heading; returns the last image drawn (for the colour bar)."""
    shown = layer.filters[:max_tiles]
    rows, cols = grid_shape(len(shown))
    grid = spec.subgridspec(rows + 1, cols, height_ratios=[0.35] + [1.0] * rows, wspace=0.06, hspace=0.25)
    head = fig.add_subplot(grid[0, :])
    head.axis("off")
    more = f", first {max_tiles} of {layer.count}" if layer.count > max_tiles else ""
    h, w = layer.filters.shape[2:]
    unit = "filters" if layer.kind == "conv" else "units"
    head.text(
        0.5,
        0.3,
        f"{title}\n{layer.name}: {layer.count} {unit}, {h}x{w}{more}",
        ha="center",
        va="center",
        fontsize=9,
        transform=head.transAxes,
    )
    image = None
    for i, filters in enumerate(shown):
        ax = fig.add_subplot(grid[1 + i // cols, i % cols])
        ax.set_label("tile")
        tile = _tile(filters, bound)
        if tile.ndim == 3:
            image = ax.imshow(tile, interpolation="nearest")
        else:
            image = ax.imshow(tile, cmap=colors.diverging(), vmin=-bound, vmax=bound, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
    return image


def weights_figure(panels: list[tuple[str, FirstLayer]], max_tiles: int = 256) -> Figure:
    """One grid per (title, layer), side by side, every tile on one symmetric scale with a colour bar
    (red > 0 > blue, white = 0; colour filters: RGB with 0 at mid-grey)."""
    if not panels:
        raise ValueError("weights_figure needs at least one panel")
    shapes = {p.filters.shape for _, p in panels}
    if len(shapes) > 1:
        raise CnnlabError(f"cannot compare first layers of different shapes: {' vs '.join(map(str, shapes))}")
    rgb = panels[0][1].filters.shape[1] == 3
    bound = _bound(panels, max_tiles)
    rows, cols = grid_shape(min(panels[0][1].count, max_tiles))
    bar = 0.0 if rgb else 0.9
    width = len(panels) * max(3.0, cols * TILE_INCHES) + 0.4 * (len(panels) - 1) + bar
    if rgb:
        title = f"first-layer weights (RGB, one scale: mid-grey = 0, |w| up to {bound:.3g})"
    else:
        title = "first-layer weights (one scale for all tiles: red > 0 > blue, white = 0)"
    # the title wraps to the figure's width, so it is never cut at the edges (a narrow LeNet grid)
    lines = textwrap.wrap(title, max(20, int(width * 72 / (10 * 0.6))))
    fig = Figure(figsize=(width, 0.9 + 0.18 * (len(lines) - 1) + rows * TILE_INCHES), layout="constrained")
    # a narrow empty column between panels keeps the grids visibly apart; the colour bar is the last column
    ratios = [x for k in range(len(panels)) for x in ((1.0,) if k == 0 else (0.06, 1.0))]
    if not rgb:
        ratios.append(0.06 * max(1, 4 / max(cols, 1)))
    outer = fig.add_gridspec(1, len(ratios), width_ratios=ratios)
    image = None
    for k, (panel_title, layer) in enumerate(panels):
        image = _draw_grid(fig, outer[0, 2 * k], layer, panel_title, max_tiles, bound)
    if not rgb and image is not None:
        colorbar = fig.colorbar(image, cax=fig.add_subplot(outer[0, -1]))
        colorbar.ax.set_label("colorbar")
        colorbar.ax.tick_params(labelsize=7)
        colorbar.set_label("weight", fontsize=8)
    fig.suptitle("\n".join(lines), fontsize=10)
    return fig
