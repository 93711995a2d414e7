"""Figures of explanations: the input beside its heat map, in cnnlab's signed colour convention.

Signed attribution uses a diverging map centred on 0: red = evidence for the class, blue = evidence
against it, white = none. Each map is scaled to its own largest magnitude (the colour bar says how much).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Colormap
from matplotlib.figure import Figure

from cnnlab.explain.methods import METHOD_TITLES

if TYPE_CHECKING:
    from cnnlab.explain.attribution import Explanation



def signed_cmap() -> Colormap:
    """cnnlab's diverging map (cnnlab.inspection.colors) where this version has it, else matplotlib's RdBu_r."""
    try:
        from cnnlab.inspection.colors import diverging
    except ImportError:
        return matplotlib.colormaps["RdBu_r"]
    return diverging()


def _gray(image: np.ndarray) -> tuple[np.ndarray, str | None]:
    """(C, H, W) in [0, 1] -> something imshow draws: a 2-D gray image or an (H, W, 3) colour one."""
    return (image[0], "gray") if image.shape[0] == 1 else (np.clip(image.transpose(1, 2, 0), 0, 1), None)


def bound(attribution: np.ndarray) -> float:
    """The symmetric colour limit of a map: its largest magnitude (1 for an all-zero map)."""
    m = float(np.abs(attribution).max())
    return m if m > 0 else 1.0


def draw_heatmap(ax: Axes, image: np.ndarray, attribution: np.ndarray, ink: float = 0.35):  # noqa: ANN201
    """The attribution on `ax` with the input's ink shaded over it (white stays 0); returns the heat map's image.

    Gray inputs shade each pixel darker by `ink` x its brightness, so the digit shows without tinting the
    map; colour inputs are blended in faintly instead.
    """
    b = bound(attribution)
    heat = ax.imshow(attribution, cmap=signed_cmap(), vmin=-b, vmax=b, interpolation="nearest")
    if image.shape[0] == 1:
        shade = np.zeros((*image.shape[1:], 4))
        shade[..., 3] = ink * np.clip(image[0], 0, 1)
        ax.imshow(shade, interpolation="nearest")
    else:
        ax.imshow(np.clip(image.transpose(1, 2, 0), 0, 1), alpha=ink, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    return heat


def explanation_figure(e: Explanation, indices: Iterable[int], titles: Sequence[str] | None = None) -> Figure:
    """One row per input: the prepared input (with predicted and target class) and the heat map over it."""
    rows = list(indices)
    fig = Figure(figsize=(5.2, 2.6 * len(rows)), layout="constrained")
    axes = fig.subplots(len(rows), 2, squeeze=False)
    method = (("signed " if e.method == "gradcam" and e.signed else "") + METHOD_TITLES.get(e.method, e.method)
              + (f" on {e.layer}" if e.layer else "") + (f" from {e.baseline}" if e.baseline else ""))
    for row, i in enumerate(rows):
        left, right = axes[row]
        picture, cmap = _gray(e.images[i])
        left.imshow(picture, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
        left.set_xticks([])
        left.set_yticks([])
        p, t = int(e.predicted[i]), int(e.target[i])
        head = f"{titles[row]}\n" if titles else ""
        left.set_title(f"{head}predicted {e.class_name(p)} ({100 * e.probabilities[i, p]:.1f}%)", fontsize=9)
        heat = draw_heatmap(right, e.images[i], e.attributions[i])
        right.set_title(f"{method}\nfor {e.class_name(t)} ({100 * e.probabilities[i, t]:.1f}%)", fontsize=9)
        bar = fig.colorbar(heat, ax=right, shrink=0.8)
        bar.ax.tick_params(labelsize=7)
        bar.set_label("evidence against ← 0 → for" if e.signed else "0 → evidence for", fontsize=7)
    return fig
