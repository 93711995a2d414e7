"""Two details a test with round numbers cannot see: per-class rounding of fractional shares, and
placing a digit by its centre of mass (not its bounding box) on an asymmetric shape."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image, ImageDraw

from cnnlab.data.preprocess import mnist_style
from cnnlab.data.split import stratified_sample, stratified_split


def test_fractional_class_shares_are_rounded_per_class_not_truncated() -> None:
    labels = torch.tensor([0] * 7 + [1] * 13 + [2] * 25)  # 30%: 2.1, 3.9, 7.5 examples
    keep, held = stratified_split(labels, 0.3, seed=0)
    assert torch.bincount(labels[held], minlength=3).tolist() == [2, 4, 8]
    assert len(keep) + len(held) == 45
    sample = stratified_sample(labels, 27, seed=0)  # 60%: 4.2, 7.8, 15
    assert torch.bincount(labels[sample], minlength=3).tolist() == [4, 8, 15]


def _centre_of_mass(a: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(a.shape)
    return float((ys * a).sum() / a.sum()), float((xs * a).sum() / a.sum())


def test_an_asymmetric_digit_is_placed_by_its_centre_of_mass() -> None:
    """A heavy top bar and a thin stem (a '7'): its centre of mass is far above its box's centre."""
    image = Image.new("L", (200, 200), 255)
    pen = ImageDraw.Draw(image)
    pen.rectangle([40, 20, 160, 40], fill=0)
    pen.rectangle([140, 40, 160, 180], fill=0)
    digit = mnist_style(image)
    cy, cx = _centre_of_mass(digit)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5, (cy, cx)
    rows = np.nonzero(digit.max(axis=1) > 0.2)[0]
    box_centre = (rows.min() + rows.max()) / 2
    assert box_centre - cy > 2  # the box is centred well below: centring it would have moved the mass up
