"""On-device batch augmentation: shapes, seeding, identities and known geometric effects."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from cnnlab.config import TrainConfig
from cnnlab.data.augment import affine_theta, elastic_field, gaussian_matrix, make_augmenter, random_stroke, warp

CPU = torch.device("cpu")
EVERYTHING = dict(
    aug_rotation=15.0,
    aug_translate=0.1,
    aug_scale=0.1,
    aug_shear=10.0,
    aug_elastic_alpha=2.0,
    aug_crop_padding=2,
    aug_hflip=True,
    aug_stroke=0.5,
)


def _batch(n: int = 8, c: int = 1, size: int = 28) -> torch.Tensor:
    return torch.randn(n, c, size, size, generator=torch.Generator().manual_seed(1))


def _one(**angles: float) -> torch.Tensor:
    values = {"angle": 0.0, "shear": 0.0, "scale": 1.0, "tx": 0.0, "ty": 0.0, **angles}
    return affine_theta(*(torch.tensor([values[k]]) for k in ("angle", "shear", "scale", "tx", "ty")))


def _brightest(img: torch.Tensor) -> tuple[int, int]:
    flat = int(img.reshape(-1).argmax())
    return divmod(flat, img.shape[-1])


def test_default_config_asks_for_no_augmentation() -> None:
    assert make_augmenter(TrainConfig(), CPU) is None


@pytest.mark.parametrize("setting", sorted(EVERYTHING))
def test_each_setting_alone_makes_an_augmenter_keeping_shape_and_dtype(setting: str) -> None:
    augment = make_augmenter(TrainConfig(**{setting: EVERYTHING[setting]}), CPU)
    assert augment is not None
    for dtype in (torch.float32, torch.float64):
        x = _batch(c=3, size=32).to(dtype)
        y = augment(x, torch.Generator().manual_seed(0))
        assert y.shape == x.shape and y.dtype == dtype and y.device == x.device
        assert not torch.equal(y, x)


def test_same_generator_state_gives_the_same_batch_and_the_state_advances() -> None:
    augment = make_augmenter(TrainConfig(**EVERYTHING), CPU)
    x = _batch()
    g = torch.Generator().manual_seed(123)
    saved = g.get_state()
    first = augment(x, g)
    second = augment(x, g)  # the generator moved on: a different draw
    g.set_state(saved)
    again = augment(x, g)
    assert torch.equal(first, again)
    assert not torch.equal(first, second)
    assert torch.equal(x, _batch())  # the input batch is not modified in place


def test_randomness_comes_only_from_the_generator() -> None:
    augment = make_augmenter(TrainConfig(**EVERYTHING), CPU)
    x = _batch()
    torch.manual_seed(0)
    a = augment(x, torch.Generator().manual_seed(5))
    torch.manual_seed(999)  # the global generator must not matter
    b = augment(x, torch.Generator().manual_seed(5))
    assert torch.equal(a, b)


def test_identity_affine_and_zero_elastic_leave_the_batch_unchanged() -> None:
    x = _batch()
    grid = F.affine_grid(_one().expand(len(x), 2, 3), list(x.shape), align_corners=False)
    assert torch.allclose(warp(x, grid), x, atol=1e-5)
    smooth = gaussian_matrix(28, 4.0, CPU)
    field = elastic_field(len(x), 0.0, smooth, smooth, torch.Generator().manual_seed(0))
    assert torch.count_nonzero(field) == 0
    assert torch.allclose(warp(x, grid + field), x, atol=1e-5)


def test_elastic_alpha_is_the_largest_displacement_in_pixels() -> None:
    smooth = gaussian_matrix(28, 3.0, CPU)
    field = elastic_field(4, 2.5, smooth, smooth, torch.Generator().manual_seed(0))
    pixels = field * 28 / 2
    assert torch.allclose(pixels.abs().amax(dim=(1, 2, 3)), torch.full((4,), 2.5))
    # smooth: neighbouring displacements differ far less than the largest one
    assert (pixels[:, 1:] - pixels[:, :-1]).abs().max() < 1.0


@pytest.mark.parametrize(
    ("angle", "expected"),
    [(90.0, (3, 14)), (-90.0, (24, 13)), (180.0, (13, 3)), (0.0, (14, 24))],
)
def test_rotation_by_a_known_angle_moves_a_pixel_where_it_should(angle: float, expected: tuple[int, int]) -> None:
    # a bright pixel right of the centre (13.5, 13.5); positive angles turn counter-clockwise on screen
    x = torch.zeros(1, 1, 28, 28)
    x[0, 0, 14, 24] = 1.0
    grid = F.affine_grid(_one(angle=angle), [1, 1, 28, 28], align_corners=False)
    assert _brightest(warp(x, grid)[0, 0]) == expected


def test_shift_and_zoom_move_a_pixel_by_the_expected_amount() -> None:
    x = torch.zeros(1, 1, 28, 28)
    x[0, 0, 14, 20] = 1.0
    shifted = warp(x, F.affine_grid(_one(tx=0.25), [1, 1, 28, 28], align_corners=False))
    assert _brightest(shifted[0, 0]) == (14, 27)  # a quarter of 28 pixels to the right
    zoomed = warp(x, F.affine_grid(_one(scale=0.5), [1, 1, 28, 28], align_corners=False))
    # 6.5 pixels right of the centre become 3.25: the ink lands between columns 16 and 17
    assert _brightest(zoomed[0, 0])[1] in (16, 17)


def test_pixels_from_outside_take_the_background_value() -> None:
    x = torch.full((2, 1, 28, 28), -0.42)  # MNIST's black after normalisation
    x[:, :, 10:18, 10:18] = 2.8
    grid = F.affine_grid(_one(tx=0.5).expand(2, 2, 3), [2, 1, 28, 28], align_corners=False)
    y = warp(x, grid)
    assert torch.allclose(y[:, :, :, :10], torch.full_like(y[:, :, :, :10], -0.42))


def test_flip_flips_about_half_the_images_exactly() -> None:
    augment = make_augmenter(TrainConfig(aug_hflip=True), CPU)
    x = _batch(n=200, c=3, size=32)
    y = augment(x, torch.Generator().manual_seed(0))
    flipped = torch.tensor([torch.equal(y[i], x[i].flip(-1)) for i in range(len(x))])
    kept = torch.tensor([torch.equal(y[i], x[i]) for i in range(len(x))])
    assert bool((flipped | kept).all())
    assert 70 < int(flipped.sum()) < 130


def test_crop_with_padding_is_an_integer_shift_with_zero_edges() -> None:
    augment = make_augmenter(TrainConfig(aug_crop_padding=4), CPU)
    x = _batch(n=50, c=3, size=32)
    y = augment(x, torch.Generator().manual_seed(0))
    padded = F.pad(x, (4, 4, 4, 4))
    shifts = set()
    for i in range(len(x)):
        match = [
            (dy, dx)
            for dy in range(9)
            for dx in range(9)
            if torch.equal(y[i], padded[i, :, dy : dy + 32, dx : dx + 32])
        ]
        assert match, f"image {i} is not a crop of its padded self"
        shifts.add(match[0])
    assert len(shifts) > 10  # offsets differ from image to image


def test_pen_width_thickens_or_thins_strokes_within_the_dilation_and_erosion() -> None:
    x = torch.full((400, 1, 28, 28), -0.42)
    x[:, :, 6:22, 12:15] = 2.8  # a 3-pixel-wide bar
    y = random_stroke(x, 1.0, torch.Generator().manual_seed(0))
    dilated = F.max_pool2d(x, 3, stride=1, padding=1)
    eroded = -F.max_pool2d(-x, 3, stride=1, padding=1)
    assert bool((y <= dilated + 1e-6).all() and (y >= eroded - 1e-6).all())
    ink = (y > 0.5).flatten(1).sum(1).float()  # more ink for t > 0, less for t < 0
    assert ink.min() < 48 < ink.max()
    same = random_stroke(x, 1.0, torch.Generator().manual_seed(0))
    assert torch.equal(y, same)


def test_the_robust_recipe_augments_and_the_default_does_not() -> None:
    from cnnlab.training.recipes import apply_recipe

    robust = apply_recipe("robust")
    assert robust.aug_rotation > 0 and robust.aug_elastic_alpha > 0 and robust.aug_stroke > 0
    assert not robust.aug_hflip  # a flipped digit is another digit, or none
    augment = make_augmenter(robust, CPU)
    x = _batch(n=16)
    y = augment(x, torch.Generator().manual_seed(0))
    assert y.shape == x.shape and not torch.equal(x, y)


def test_the_grid_and_max_filter_match_torch() -> None:
    from cnnlab.data.augment import _max3x3, affine_grid

    theta = affine_theta(*(torch.rand(4, generator=torch.Generator().manual_seed(k)) * 20 for k in range(5)))
    assert torch.allclose(
        affine_grid(theta, 28, 32), F.affine_grid(theta, [4, 1, 28, 32], align_corners=False), atol=1e-5
    )
    x = _batch(c=3, size=16)
    assert torch.equal(_max3x3(x), F.max_pool2d(x, 3, stride=1, padding=1))


@pytest.mark.parametrize("degrees", [10.0, 30.0, 45.0])
def test_shear_is_taken_in_degrees(degrees: float) -> None:
    """A shear of `degrees` maps (x, y) to (x + tan(degrees) y, y): the inverse matrix has -tan(degrees)."""
    import math

    theta = _one(shear=degrees)[0]
    assert torch.allclose(theta[:, :2], torch.tensor([[1.0, -math.tan(math.radians(degrees))], [0.0, 1.0]]),
                          atol=1e-6), theta
    # and on pixels: a vertical line sheared by 45 degrees becomes a diagonal one pixel per row
    x = torch.zeros(1, 1, 21, 21)
    x[0, 0, :, 10] = 1.0
    grid = F.affine_grid(_one(shear=45.0), [1, 1, 21, 21], align_corners=False)
    y = warp(x, grid)[0, 0]
    cols = [int(y[r].argmax()) for r in range(5, 16)]
    assert [b - a for a, b in zip(cols, cols[1:], strict=False)] in ([1] * 10, [-1] * 10), cols
