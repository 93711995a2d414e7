"""Augmentation of training batches on the device: the whole batch at once, no per-sample Python, no PIL.

`make_augmenter(config, device)` turns the `aug_*` settings of a TrainConfig into a pure function
`augment(x, generator) -> x'` over a normalised batch (N, C, H, W), or None when every setting is off.
Every random number comes from the generator the caller passes (the training loop's dedicated
augmentation generator), so a run is reproducible and resumable bit for bit.

- random crop with padding (CIFAR): pad by `aug_crop_padding` pixels, take an H x W window at a random
  integer offset per image (an index gather);
- horizontal flip (CIFAR): a random mask selects the images to flip;
- random affine (digits): one 2x3 matrix per image (rotation, shear, zoom, shift), one `affine_grid`;
- elastic distortion (digits): a random displacement field smoothed by a Gaussian, added to that grid,
  so affine and elastic cost a single `grid_sample`;
- pen width (digits): each image blended towards its 3x3 dilation (thicker strokes) or erosion
  (thinner ones) by a random amount, since people's pens are rarely MNIST's.

Pixels that come in from outside the image take each image's own darkest value per channel: the
background of a digit (MNIST's black, which is not 0 after normalisation), and a neutral edge elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F

from cnnlab.config import TrainConfig

Augmenter = Callable[[torch.Tensor, torch.Generator], torch.Tensor]


def _uniform(n: int, low: float, high: float, generator: torch.Generator, device: torch.device) -> torch.Tensor:
    return low + (high - low) * torch.rand(n, generator=generator, device=device)


def affine_theta(
    angle: torch.Tensor, shear: torch.Tensor, scale: torch.Tensor, tx: torch.Tensor, ty: torch.Tensor
) -> torch.Tensor:
    """(N, 2, 3) matrices for `affine_grid` (they map output to input coordinates) of the forward transform
    "zoom by `scale`, shear x by `shear`, rotate by `angle`, shift by (tx, ty)".

    Angles are in degrees, positive = counter-clockwise as the image is displayed (y points down);
    shifts are fractions of the image size (0.1 = a tenth of the width/height, positive = right/down).
    """
    a, s = torch.deg2rad(angle), torch.tan(torch.deg2rad(shear))
    cos, sin = torch.cos(a), torch.sin(a)
    # forward M = R @ Sh @ diag(scale) in (x right, y down) coordinates: R = [[c, s], [-s, c]], Sh = [[1, s], [0, 1]]
    m00, m01 = cos * scale, (cos * s + sin) * scale
    m10, m11 = -sin * scale, (-sin * s + cos) * scale
    det = m00 * m11 - m01 * m10
    i00, i01, i10, i11 = m11 / det, -m01 / det, -m10 / det, m00 / det
    bx, by = 2 * tx, 2 * ty  # normalised coordinates span 2 per image size
    row0 = torch.stack([i00, i01, -(i00 * bx + i01 * by)], dim=1)
    row1 = torch.stack([i10, i11, -(i10 * bx + i11 * by)], dim=1)
    return torch.stack([row0, row1], dim=1)


def gaussian_matrix(size: int, sigma: float, device: torch.device) -> torch.Tensor:
    """(size, size) matrix whose product with a signal smooths it by a Gaussian of width `sigma` (zero edges)."""
    t = torch.arange(size, device=device, dtype=torch.float32)
    k = torch.exp(-0.5 * ((t[:, None] - t[None, :]) / sigma) ** 2)
    return k / k.sum(dim=1, keepdim=True)


def elastic_field(
    n: int, alpha: float, smooth_h: torch.Tensor, smooth_w: torch.Tensor, generator: torch.Generator
) -> torch.Tensor:
    """(N, H, W, 2) displacements in normalised coordinates: uniform noise smoothed by a Gaussian along both
    axes (two matrix products), scaled so each image's largest displacement is `alpha` pixels."""
    h, w = smooth_h.shape[0], smooth_w.shape[0]
    noise = torch.rand(n, h, w, 2, generator=generator, device=smooth_h.device) * 2 - 1
    # two plain matrix products (one GEMM each, not a batch of small ones): along W, then along H
    along_w = (noise.transpose(2, 3).reshape(-1, w) @ smooth_w.T).view(n, h, 2, w)
    field = (smooth_h @ along_w.reshape(n, h, -1)).view(n, h, 2, w).transpose(2, 3)  # (N, H, W, 2)
    peak = field.abs().amax(dim=(1, 2, 3), keepdim=True).clamp_min(1e-12)
    scale = alpha / peak
    return torch.stack([field[..., 0] * (2.0 / w), field[..., 1] * (2.0 / h)], dim=-1) * scale


def affine_grid(theta: torch.Tensor, h: int, w: int) -> torch.Tensor:
    """`F.affine_grid(theta, (N, 1, h, w), align_corners=False)`, computed by broadcasting (cheaper on CPUs)."""
    xs = (2 * torch.arange(w, device=theta.device, dtype=theta.dtype) + 1) / w - 1
    ys = (2 * torch.arange(h, device=theta.device, dtype=theta.dtype) + 1) / h - 1
    t = theta[:, :, :, None, None]  # (N, 2, 3, 1, 1)
    grid = t[:, :, 0] * xs.view(1, 1, 1, w) + t[:, :, 1] * ys.view(1, 1, h, 1) + t[:, :, 2]  # (N, 2, H, W)
    return grid.permute(0, 2, 3, 1)


def warp(x: torch.Tensor, grid: torch.Tensor) -> torch.Tensor:
    """Bilinear resampling at `grid`; what comes from outside takes each image's darkest value per channel."""
    fill = x.amin(dim=(2, 3), keepdim=True)
    return F.grid_sample(x - fill, grid.to(x.dtype), mode="bilinear", padding_mode="zeros", align_corners=False) + fill


def random_crop(x: torch.Tensor, padding: int, generator: torch.Generator) -> torch.Tensor:
    """Pad by `padding` (edge value 0, the data set mean after normalisation), crop back at random offsets."""
    n, _, h, w = x.shape
    padded = F.pad(x, (padding, padding, padding, padding))
    offsets = torch.randint(0, 2 * padding + 1, (n, 2), generator=generator, device=x.device)
    rows = offsets[:, 0:1] + torch.arange(h, device=x.device)  # (N, H)
    cols = offsets[:, 1:2] + torch.arange(w, device=x.device)  # (N, W)
    batch = torch.arange(n, device=x.device)[:, None, None]
    return padded.permute(0, 2, 3, 1)[batch, rows[:, :, None], cols[:, None, :]].permute(0, 3, 1, 2).contiguous()


def random_hflip(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    flip = torch.rand(x.shape[0], generator=generator, device=x.device) < 0.5
    return torch.where(flip[:, None, None, None], x.flip(3), x)


def _max3x3(x: torch.Tensor) -> torch.Tensor:
    """3x3 max filter (edges: the pixels inside), as two passes of shifted maxima: on CPUs ~20x faster than
    `max_pool2d` with stride 1."""
    p = F.pad(x, (1, 1, 0, 0), value=-math.inf)
    rows = torch.maximum(torch.maximum(p[..., :-2], p[..., 1:-1]), p[..., 2:])
    p = F.pad(rows, (0, 0, 1, 1), value=-math.inf)
    return torch.maximum(torch.maximum(p[..., :-2, :], p[..., 1:-1, :]), p[..., 2:, :])


def random_stroke(x: torch.Tensor, amount: float, generator: torch.Generator) -> torch.Tensor:
    """Per image, t uniform in [-amount, amount]: blend t of the way to the 3x3 dilation (t > 0) or erosion (t < 0).

    Bright is ink (as in normalised MNIST), so dilation is a max filter and erosion a min filter.
    """
    t = _uniform(x.shape[0], -amount, amount, generator, x.device).to(x.dtype).view(-1, 1, 1, 1)
    dilated = _max3x3(x)
    eroded = -_max3x3(-x)
    return x + t.clamp(min=0) * (dilated - x) + (-t).clamp(min=0) * (eroded - x)


def make_augmenter(config: TrainConfig, device: torch.device) -> Augmenter | None:
    """The batch augmentation `config` asks for, or None when it asks for none (the default)."""
    rotation, translate, scale, shear = config.aug_rotation, config.aug_translate, config.aug_scale, config.aug_shear
    alpha, sigma, padding, hflip = (
        config.aug_elastic_alpha,
        config.aug_elastic_sigma,
        config.aug_crop_padding,
        config.aug_hflip,
    )
    stroke = config.aug_stroke
    affine = rotation > 0 or translate > 0 or scale > 0 or shear > 0
    if not (affine or alpha > 0 or padding > 0 or hflip or stroke > 0):
        return None
    smoothing: dict[tuple[int, int], tuple[torch.Tensor, torch.Tensor]] = {}  # per image size, built once

    def augment(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        n, _, h, w = x.shape
        if padding > 0:
            x = random_crop(x, padding, generator)
        if hflip:
            x = random_hflip(x, generator)
        if stroke > 0:
            x = random_stroke(x, stroke, generator)
        if not (affine or alpha > 0):
            return x
        if affine:
            theta = affine_theta(
                _uniform(n, -rotation, rotation, generator, x.device),
                _uniform(n, -shear, shear, generator, x.device),
                _uniform(n, 1 - scale, 1 + scale, generator, x.device),
                _uniform(n, -translate, translate, generator, x.device),
                _uniform(n, -translate, translate, generator, x.device),
            )
        else:
            theta = torch.eye(2, 3, device=x.device).expand(n, 2, 3)
        grid = affine_grid(theta, h, w)
        if alpha > 0:
            if (h, w) not in smoothing:
                smoothing[h, w] = (gaussian_matrix(h, sigma, x.device), gaussian_matrix(w, sigma, x.device))
            grid = grid + elastic_field(n, alpha, *smoothing[h, w], generator)
        return warp(x, grid)

    return augment
