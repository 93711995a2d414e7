"""A picture of what classic kernels do to images: rows are images, columns are kernels.

`conv_demo_figure` builds a `matplotlib.figure.Figure` directly (no pyplot, no backend choice at
import time); save it with `fig.savefig("demo.png")`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from cnnlab.inspection import colors
from cnnlab.reference.conv import ShapeError, conv2d

__all__ = ["DEFAULT_KERNELS", "conv_demo_figure"]


def _kernel(rows: list[list[float]], scale: float = 1.0) -> np.ndarray:
    k = np.array(rows, dtype=np.float64) * scale
    k.setflags(write=False)  # shared module-level data: stop callers editing it in place
    return k


_SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]

# Applied by cross-correlation (no flip), so Sobel x is positive where the image gets brighter
# from left to right and Sobel y where it gets brighter from top to bottom.
DEFAULT_KERNELS: dict[str, np.ndarray] = {
    "identity": _kernel([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "box_blur": _kernel([[1, 1, 1], [1, 1, 1], [1, 1, 1]], 1 / 9),
    "gaussian_blur": _kernel([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 1 / 16),
    "sobel_x": _kernel(_SOBEL_X),
    "sobel_y": _kernel(np.transpose(_SOBEL_X).tolist()),
    "laplacian": _kernel([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "sharpen": _kernel([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "diagonal_edge": _kernel([[-2, -1, 0], [-1, 0, 1], [0, 1, 2]]),  # brighter towards bottom right
}


def conv_demo_figure(
    images: np.ndarray,
    kernels: np.ndarray | Mapping[str, np.ndarray],
    titles: list[str] | None = None,
    kernel_names: list[str] | None = None,
) -> Figure:
    """Draw each image convolved with each kernel, with "same" padding so sizes match.

    Args:
        images: (N, H, W) grey images.
        kernels: (K, kH, kW), or a name -> kernel mapping such as `DEFAULT_KERNELS` (its keys
            become the column names unless `kernel_names` is given).
        titles: N row labels (e.g. the digit labels), or None.
        kernel_names: K column labels, or None.

    Returns:
        A figure with a header row holding each kernel drawn small above its column, then one
        row per image: the input first, then one column per kernel output. Outputs of kernels
        with negative weights (edge detectors) are signed, so they use cnnlab's diverging colour map
        centred on zero (red > 0 > blue, `cnnlab.inspection.colors`); the others are images, in grey.
    """
    if isinstance(kernels, Mapping):
        kernel_names = list(kernels) if kernel_names is None else kernel_names
        kernels = np.stack([np.asarray(k) for k in kernels.values()])
    images, kernels = np.asarray(images), np.asarray(kernels)
    if images.ndim != 3:
        raise ShapeError(f"conv_demo_figure: images must have shape (N, H, W), got {images.shape}")
    if kernels.ndim != 3:
        raise ShapeError(f"conv_demo_figure: kernels must have shape (K, kH, kW), got {kernels.shape}")
    n_images, n_kernels = len(images), len(kernels)
    for labels, what, count, unit in (
        (titles, "titles", n_images, "images"),
        (kernel_names, "kernel_names", n_kernels, "kernels"),
    ):
        if labels is not None and len(labels) != count:
            raise ShapeError(f"conv_demo_figure: got {len(labels)} {what} for {count} {unit}")

    # (N, 1, H, W) images through K one-channel kernels -> (N, K, H, W)
    outputs = conv2d(images[:, None], kernels[:, None], padding="same")

    cell = 1.4
    fig = Figure(figsize=(cell * (n_kernels + 1), cell * (n_images + 0.6)), layout="constrained")
    grid = fig.add_gridspec(n_images + 1, n_kernels + 1, height_ratios=[0.6] + [1.0] * n_images)

    header = fig.add_subplot(grid[0, 0])
    header.set_label("header")
    header.axis("off")
    header.text(0.5, 0.2, "input", ha="center", va="center", fontsize=9)
    for k, kernel in enumerate(kernels):
        ax = fig.add_subplot(grid[0, k + 1])
        ax.set_label("kernel")
        bound = np.abs(kernel).max() or 1.0
        ax.imshow(kernel, cmap=colors.diverging(), vmin=-bound, vmax=bound)
        ax.set_title(kernel_names[k] if kernel_names else f"kernel {k}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])

    for n in range(n_images):
        ax = fig.add_subplot(grid[n + 1, 0])
        ax.set_label("input")
        ax.imshow(images[n], cmap="gray")
        if titles is not None:
            ax.set_ylabel(titles[n], fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        for k in range(n_kernels):
            ax = fig.add_subplot(grid[n + 1, k + 1])
            ax.set_label("output")
            if (kernels[k] < 0).any():
                bound = np.abs(outputs[n, k]).max() or 1.0
                ax.imshow(outputs[n, k], cmap=colors.diverging(), vmin=-bound, vmax=bound)
            else:
                ax.imshow(outputs[n, k], cmap="gray")
            ax.axis("off")
    return fig
