"""Matplotlib figures for `cnnlab inspect`: one per layer, plus the input and the class probabilities.

Every figure is a `matplotlib.figure.Figure` built directly (no pyplot state, no backend choice), so
this is safe in a server thread; save one with `fig.savefig(path)`.

A layer figure is self-contained, so it can go into a report on its own: on the left the input as the
network saw it and the class probabilities, on the right one labelled tile per channel (maps) or a bar
per unit (vectors such as a linear layer's output). All tiles of a layer share one colour scale, shown
by a colour bar, in the convention of `cnnlab.inspection.colors` (red > 0 > blue for signed outputs,
viridis for non-negative ones).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.gridspec import SubplotSpec

from cnnlab.inspection import colors
from cnnlab.inspection.features import LayerOutput

TILE_INCHES = 0.95
ACCENT, MUTED = "#d9480f", "#8c9aa8"


def grid_shape(count: int) -> tuple[int, int]:
    """(rows, cols) for `count` tiles: about twice as wide as tall, which suits a landscape page."""
    cols = max(1, min(count, math.ceil(math.sqrt(2 * count))))
    return math.ceil(count / cols), cols


def as_image(x: np.ndarray) -> tuple[np.ndarray, str | None]:
    """(C, H, W) in [0, 1] to something imshow draws: (H, W) grey or (H, W, 3) colour, and its colour map."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 2:
        return x, "gray"
    if x.shape[0] == 3:
        return np.clip(x.transpose(1, 2, 0), 0, 1), None
    return x.mean(axis=0), "gray"


def draw_input(ax: Axes, x: np.ndarray, title: str = "input, as the network saw it") -> None:
    image, cmap = as_image(x)
    ax.imshow(image, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    h, w = image.shape[:2]
    ax.set_title(f"{title}\n{w}x{h}", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])


def draw_probabilities(ax: Axes, classes: Sequence[str], probabilities: Sequence[float]) -> None:
    """Horizontal bars, the predicted class highlighted (more than 20 classes: the top 20)."""
    probs = np.asarray(probabilities, dtype=np.float64)
    order = np.argsort(-probs)[:20] if len(probs) > 20 else np.arange(len(probs))
    best = int(np.argmax(probs))
    colours = [ACCENT if i == best else MUTED for i in order]
    ax.barh(range(len(order)), probs[order], color=colours, height=0.75)
    ax.set_yticks(range(len(order)), [str(classes[i]) for i in order], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_title(f"prediction: {classes[best]} ({100 * probs[best]:.1f}%)", fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _draw_maps(fig: Figure, spec: SubplotSpec, values: np.ndarray, max_tiles: int) -> None:
    shown = values[:max_tiles]
    rows, cols = grid_shape(len(shown))
    grid = spec.subgridspec(rows, cols + 1, width_ratios=[1.0] * cols + [0.22], wspace=0.08, hspace=0.3)
    cmap, norm = colors.scale_for(shown)
    image = None
    for c, channel in enumerate(shown):
        ax = fig.add_subplot(grid[c // cols, c % cols])
        ax.set_label("tile")
        image = ax.imshow(channel, cmap=cmap, norm=norm, interpolation="nearest")
        ax.set_title(str(c), fontsize=7, pad=2)
        ax.set_xticks([])
        ax.set_yticks([])
    if image is not None:
        bar = fig.colorbar(image, cax=fig.add_subplot(grid[:, cols]))
        bar.ax.set_label("colorbar")
        bar.ax.tick_params(labelsize=7)
        bar.set_label("activation (all tiles)", fontsize=8)


def _draw_vector(fig: Figure, spec: SubplotSpec, values: np.ndarray, classes: Sequence[str]) -> None:
    ax = fig.add_subplot(spec)
    ax.set_label("vector")
    colours = np.where(values >= 0, colors.POSITIVE, colors.NEGATIVE)
    ax.bar(np.arange(len(values)), values, color=colours, width=0.85)
    if len(values) == len(classes):
        ax.set_xticks(range(len(values)), list(classes), fontsize=7)
    else:
        ax.set_xlabel("unit", fontsize=8)
    ax.axhline(0, color="#444", linewidth=0.6)
    ax.tick_params(labelsize=7)
    ax.set_ylabel("activation", fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def layer_figure(
    layer: LayerOutput,
    model_input: np.ndarray,
    classes: Sequence[str],
    probabilities: Sequence[float],
    max_tiles: int = 64,
) -> Figure:
    """One layer's feature maps (a labelled tile per channel) beside the input and the probabilities."""
    values = layer.values.numpy()
    is_map = values.ndim == 3
    if not is_map:
        values = values.reshape(-1)
    if is_map:
        rows, cols = grid_shape(min(len(values), max_tiles))
        width, height = 3.5 + cols * TILE_INCHES, max(4.4, 0.7 + rows * (TILE_INCHES + 0.15))
    else:
        width, height = 2.6 + min(11.0, max(5.0, len(values) * 0.06)), 4.4
    fig = Figure(figsize=(width, height), layout="constrained")
    outer = fig.add_gridspec(1, 2, width_ratios=[2.2, width - 2.6])
    left = outer[0, 0].subgridspec(2, 1, height_ratios=[1.0, 1.1])
    draw_input(fig.add_subplot(left[0]), model_input)
    draw_probabilities(fig.add_subplot(left[1]), classes, probabilities)

    shape = "x".join(str(s) for s in layer.values.shape)
    title = f"{layer.name} · {layer.description} · output {shape}"
    if is_map:
        if len(values) > max_tiles:
            title += f" (first {max_tiles} of {len(values)} channels)"
        _draw_maps(fig, outer[0, 1], values, max_tiles)
    else:
        _draw_vector(fig, outer[0, 1], values, classes)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    return fig


def input_figure(model_input: np.ndarray, title: str = "input, as the network saw it") -> Figure:
    fig = Figure(figsize=(2.6, 2.8), layout="constrained")
    draw_input(fig.add_subplot(), model_input, title)
    return fig


def probabilities_figure(classes: Sequence[str], probabilities: Sequence[float]) -> Figure:
    fig = Figure(figsize=(3.6, 0.6 + 0.25 * min(len(classes), 20)), layout="constrained")
    draw_probabilities(fig.add_subplot(), classes, probabilities)
    return fig
