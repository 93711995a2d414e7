"""The report's "why": attributions of the most confidently misclassified test images.

For each mistake, integrated gradients of the *predicted* (wrong) class: red shows the pixels that
spoke for the wrong answer, blue those that spoke against it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from matplotlib.figure import Figure

from cnnlab.errors import CnnlabError
from cnnlab.explain.figures import draw_heatmap

METHOD = "integrated-gradients"


@dataclass(frozen=True)
class MistakeExplanations:
    figure: Figure | None  # None when skipped
    caption: str  # the caption, or why it was skipped


def explain_mistakes(run_dir: str | Path, mistakes: Sequence, classes: Sequence[str]) -> MistakeExplanations:
    """`mistakes` as `cnnlab.report.analysis.Mistake` (uint8 (H, W, C) images, true and predicted classes)."""
    if not mistakes:
        return MistakeExplanations(None, "No mistakes to explain.")
    try:
        import captum  # noqa: F401
    except ImportError:
        return MistakeExplanations(
            None, "Attributions skipped: Captum is not installed (pip install 'cnnlab[explain]')."
        )
    from cnnlab.explain.attribution import explain
    from cnnlab.store.checkpoint import load_checkpoint

    model, meta = load_checkpoint(Path(run_dir))
    images = np.stack([np.asarray(m.image, dtype=np.float32).transpose(2, 0, 1) / 255 for m in mistakes])
    mean = torch.tensor(meta["data"]["mean"], dtype=torch.float32).view(1, -1, 1, 1)
    std = torch.tensor(meta["data"]["std"], dtype=torch.float32).view(1, -1, 1, 1)
    try:
        e = explain(
            model,
            (torch.from_numpy(images) - mean) / std,
            METHOD,
            [m.predicted for m in mistakes],
            classes=list(classes),
            images=images,
        )
    except CnnlabError as err:
        return MistakeExplanations(None, f"Attributions skipped: {err}")
    fig = mistakes_figure(
        e.images,
        e.attributions,
        [classes[m.true] for m in mistakes],
        [classes[m.predicted] for m in mistakes],
        [m.confidence for m in mistakes],
    )
    caption = (
        "Why each of those mistakes was made: integrated gradients of the predicted (wrong) class, beside "
        "each image. Red pixels spoke for the wrong answer, blue against it, white not at all; each map is "
        "scaled to its own largest value."
    )
    return MistakeExplanations(fig, caption)


def mistakes_figure(
    images: np.ndarray,
    attributions: np.ndarray,
    true: Sequence[str],
    predicted: Sequence[str],
    confidence: Sequence[float],
    columns: int = 4,
) -> Figure:
    """Pairs (image, heat map over it) in a grid, `columns` pairs a row."""
    n = len(images)
    cols = min(columns, n)
    rows = math.ceil(n / cols)
    fig = Figure(figsize=(2.6 * cols, 1.5 * rows + 0.3), layout="constrained")
    axes = np.atleast_2d(fig.subplots(rows, 2 * cols))
    for ax in axes.flat:
        ax.axis("off")
    for i in range(n):
        left, right = axes[i // cols, 2 * (i % cols)], axes[i // cols, 2 * (i % cols) + 1]
        picture = images[i][0] if images[i].shape[0] == 1 else images[i].transpose(1, 2, 0)
        left.imshow(picture, cmap="gray" if picture.ndim == 2 else None, vmin=0, vmax=1, interpolation="nearest")
        left.set_title(
            f"true {true[i]}\npred {predicted[i]} ({100 * confidence[i]:.0f}%)",
            fontsize=7,
            color="#b00020",
            linespacing=1.1,
        )
        draw_heatmap(right, images[i], attributions[i])
        right.set_title(f"why {predicted[i]}", fontsize=7)
        right.axis("off")
    return fig
