"""The NumPy reference conv/pool against torch.nn.functional, plus the demo figure."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from matplotlib.figure import Figure

from cnnlab.reference import (
    DEFAULT_KERNELS,
    avg_pool2d,
    conv2d,
    conv2d_loops,
    conv_demo_figure,
    max_pool2d,
)

TOL = 1e-5


def random_case(seed: int, small: bool) -> dict:
    """Draw one valid conv2d call (arrays and keyword arguments) from a seeded RNG."""
    rng = np.random.default_rng(seed)
    groups = int(rng.choice([1, 2, 3]))  # 1, 2 or (with per_group = 1) C: depthwise
    per_group = 1 if groups == 3 else int(rng.integers(1, 3 if small else 4))
    n_in = groups * per_group
    n_out = groups * int(rng.integers(1, 3 if small else 4))
    k_h, k_w = (int(k) for k in rng.integers(1, 4, size=2))
    stride = int(rng.integers(1, 3)) if rng.random() < 0.5 else tuple(int(s) for s in rng.integers(1, 4, 2))
    dilation = int(rng.integers(1, 3)) if rng.random() < 0.6 else (1, 2)
    options = ["valid", int(rng.integers(0, 3)), (int(rng.integers(0, 3)), int(rng.integers(0, 2)))]
    if stride in (1, (1, 1)):
        options.append("same")
    padding = options[rng.integers(len(options))]
    # Big enough for the dilated kernel even with no padding.
    h_min, w_min = dilation_span(k_h, dilation, 0), dilation_span(k_w, dilation, 1)
    h = int(rng.integers(h_min, h_min + (5 if small else 14)))
    w = int(rng.integers(w_min, w_min + (5 if small else 14)))
    n_images = int(rng.integers(1, 3 if small else 5))
    return {
        "x": rng.normal(size=(n_images, n_in, h, w)),
        "weight": rng.normal(size=(n_out, per_group, k_h, k_w)),
        "bias": rng.normal(size=n_out) if rng.random() < 0.5 else None,
        "stride": stride,
        "padding": padding,
        "dilation": dilation,
        "groups": groups,
    }


def dilation_span(k: int, dilation: int | tuple[int, int], axis: int) -> int:
    d = dilation if isinstance(dilation, int) else dilation[axis]
    return d * (k - 1) + 1


def torch_conv(case: dict) -> np.ndarray:
    bias = None if case["bias"] is None else torch.from_numpy(case["bias"])
    kwargs = {k: case[k] for k in ("stride", "padding", "dilation", "groups")}
    return F.conv2d(torch.from_numpy(case["x"]), torch.from_numpy(case["weight"]), bias, **kwargs).numpy()


@pytest.mark.filterwarnings("ignore:Using padding='same'")  # torch's note on even kernels
@pytest.mark.parametrize("seed", range(40))
def test_conv2d_matches_torch(seed: int) -> None:
    case = random_case(seed, small=False)
    expected = torch_conv(case)
    got = conv2d(**case)
    assert got.shape == expected.shape
    assert np.abs(got - expected).max() <= TOL


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("seed", range(1000, 1035))
def test_conv2d_loops_matches_torch(seed: int) -> None:
    case = random_case(seed, small=True)
    expected = torch_conv(case)
    got = conv2d_loops(**case)
    assert got.shape == expected.shape
    assert np.abs(got - expected).max() <= TOL


def test_random_cases_cover_the_options() -> None:
    cases = [random_case(seed, small=False) for seed in range(40)]
    assert {c["groups"] for c in cases} == {1, 2, 3}
    assert {c["padding"] for c in cases if isinstance(c["padding"], str)} == {"same", "valid"}
    assert any(isinstance(c["padding"], tuple) for c in cases)
    assert any(c["dilation"] != 1 for c in cases) and any(c["stride"] != 1 for c in cases)
    assert any(c["weight"].shape[2] != c["weight"].shape[3] for c in cases)
    assert any(c["bias"] is None for c in cases) and any(c["bias"] is not None for c in cases)


@pytest.mark.parametrize("fn", [conv2d, conv2d_loops])
def test_unbatched_inputs_keep_their_rank(fn) -> None:
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(3, 7, 6)), rng.normal(size=(4, 3, 3, 3))
    assert np.allclose(fn(x, w), fn(x[None], w)[0])
    assert fn(x, w).shape == (4, 5, 4)
    assert fn(x[0], w[:1, :1]).shape == (5, 4)
    assert np.allclose(fn(x[0], w[:1, :1]), fn(x[None, :1], w[:1, :1])[0, 0])


def test_integer_inputs_give_float64_and_float32_stays_float32() -> None:
    x = np.arange(25).reshape(1, 1, 5, 5)
    w = np.ones((1, 1, 3, 3), dtype=np.int64)
    assert conv2d(x, w).dtype == np.float64
    assert conv2d(x, w)[0, 0, 0, 0] == 0 + 1 + 2 + 5 + 6 + 7 + 10 + 11 + 12
    assert conv2d(x.astype(np.float32), w.astype(np.float32)).dtype == np.float32


def test_conv2d_is_fast_on_a_digit_batch() -> None:
    rng = np.random.default_rng(0)
    images, kernels = rng.random((1000, 1, 28, 28)), rng.normal(size=(8, 1, 3, 3))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        conv2d(images, kernels, padding="same")
        best = min(best, time.perf_counter() - start)
    assert best < 1.0


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "kwargs", "message"),
    [
        ((1, 3, 8, 8), (4, 2, 3, 3), {}, "x has 3 channels"),
        ((1, 4, 8, 8), (4, 2, 3, 3), {"groups": 3}, "groups=3 must divide"),
        ((1, 4, 8, 8), (6, 2, 3, 3), {"groups": 4}, "groups=4 must divide"),
        ((1, 1, 4, 4), (1, 1, 5, 5), {}, "larger than the padded input 4x4"),
        ((1, 1, 4, 4), (1, 1, 3, 3), {"dilation": 2}, "dilated span 5x5"),
        ((1, 1, 8, 8), (1, 1, 3, 3), {"padding": "same", "stride": 2}, "needs stride 1"),
        ((1, 1, 8, 8), (1, 1, 3, 3), {"padding": "full"}, "padding must be"),
        ((1, 1, 8, 8), (1, 1, 3, 3), {"stride": 0}, "stride must be"),
        ((1, 1, 8, 8), (1, 1, 3, 3), {"padding": (1, 2, 3)}, "padding must be"),
        ((1, 1, 8, 8), (1, 1, 3, 3), {"bias": np.zeros(2)}, "bias must have shape (1,)"),
        ((8,), (1, 1, 3, 3), {}, "x must have shape"),
        ((1, 1, 8, 8), (3, 3), {}, "weight must have shape"),
        ((8, 8), (2, 1, 3, 3), {}, "weight needs 1 output channel"),
    ],
)
@pytest.mark.parametrize("fn", [conv2d, conv2d_loops])
def test_bad_arguments_raise_one_line_value_errors(fn, x_shape, w_shape, kwargs, message) -> None:
    with pytest.raises(ValueError, match="^conv2d: ") as info:
        fn(np.zeros(x_shape), np.zeros(w_shape), **kwargs)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_pool_errors() -> None:
    with pytest.raises(ValueError, match="at most half the kernel size"):
        max_pool2d(np.zeros((1, 1, 8, 8)), 2, padding=2)
    with pytest.raises(ValueError, match="larger than the padded input"):
        avg_pool2d(np.zeros((1, 1, 3, 3)), 4)
    with pytest.raises(ValueError, match="kernel_size must be"):
        avg_pool2d(np.zeros((1, 1, 3, 3)), 0)


# ----------------------------------------------------------------------------- pooling


@pytest.mark.parametrize(
    ("kernel_size", "stride", "padding"),
    [(2, None, 0), (3, None, 1), (3, 2, 1), ((3, 2), (1, 2), (1, 0)), (2, 1, 0), ((2, 4), None, (1, 2))],
)
def test_pools_match_torch(kernel_size, stride, padding) -> None:
    x = np.random.default_rng(7).normal(size=(2, 3, 11, 10))
    t = torch.from_numpy(x)
    expected_max = F.max_pool2d(t, kernel_size, stride, padding).numpy()
    expected_avg = F.avg_pool2d(t, kernel_size, stride, padding).numpy()
    got_max, got_avg = (
        max_pool2d(x, kernel_size, stride, padding),
        avg_pool2d(x, kernel_size, stride, padding),
    )
    assert got_max.shape == expected_max.shape and got_avg.shape == expected_avg.shape
    assert np.abs(got_max - expected_max).max() <= TOL
    assert np.abs(got_avg - expected_avg).max() <= TOL


def test_pools_keep_the_rank() -> None:
    x = np.arange(16.0).reshape(4, 4)
    assert max_pool2d(x, 2).tolist() == [[5.0, 7.0], [13.0, 15.0]]
    assert avg_pool2d(x, 2).tolist() == [[2.5, 4.5], [10.5, 12.5]]
    assert max_pool2d(x[None], 2).shape == (1, 2, 2)


# ----------------------------------------------------------------------------- meaning


def test_sobel_x_responds_only_at_a_vertical_edge() -> None:
    image = np.zeros((12, 12))
    image[:, 6:] = 1.0  # dark left half, bright right half: a vertical edge between columns 5 and 6
    out = conv2d(image, DEFAULT_KERNELS["sobel_x"][None, None])  # valid: out[:, j] sees columns j..j+2
    edge_columns = [4, 5]  # the windows that straddle the edge
    assert np.allclose(out[:, edge_columns], 4.0)  # (1 + 2 + 1) * (1 - 0)
    assert np.allclose(np.delete(out, edge_columns, axis=1), 0.0)
    # Sobel y is blind to it, and a flipped image gives the opposite sign.
    assert np.allclose(conv2d(image, DEFAULT_KERNELS["sobel_y"][None, None]), 0.0)
    assert np.allclose(conv2d(image[:, ::-1], DEFAULT_KERNELS["sobel_x"][None, None])[:, edge_columns], -4.0)


def test_default_kernels() -> None:
    assert len(DEFAULT_KERNELS) == 8
    assert all(k.shape == (3, 3) for k in DEFAULT_KERNELS.values())
    for name in ("identity", "box_blur", "gaussian_blur", "sharpen"):
        assert DEFAULT_KERNELS[name].sum() == pytest.approx(1.0)  # keep the mean brightness
    for name in ("sobel_x", "sobel_y", "laplacian", "diagonal_edge"):
        assert DEFAULT_KERNELS[name].sum() == pytest.approx(0.0)  # flat regions give zero
    with pytest.raises(ValueError):
        DEFAULT_KERNELS["identity"][1, 1] = 2.0  # read-only


# ----------------------------------------------------------------------------- demo figure


def test_demo_figure_grid_holds_the_conv_outputs() -> None:
    rng = np.random.default_rng(3)
    images = rng.random((3, 10, 12))
    names = ["sobel_x", "gaussian_blur", "laplacian", "identity"]
    kernels = np.stack([DEFAULT_KERNELS[n] for n in names])
    fig = conv_demo_figure(images, kernels, titles=["a", "b", "c"], kernel_names=names)
    assert isinstance(fig, Figure)

    expected = conv2d(images[:, None], kernels[:, None], padding="same")
    grid = [ax for ax in fig.axes if ax.get_label() in ("input", "output")]
    assert len(grid) == 3 * (4 + 1)
    seen = set()
    for ax in grid:
        spec = ax.get_subplotspec()
        row, col = spec.rowspan.start - 1, spec.colspan.start  # row 0 of the grid is the header
        seen.add((row, col))
        data = np.asarray(ax.images[0].get_array())
        if col == 0:
            assert ax.get_label() == "input"
            np.testing.assert_array_equal(data, images[row])
        else:
            assert ax.get_label() == "output"
            np.testing.assert_allclose(data, expected[row, col - 1], atol=1e-12)
    assert seen == {(r, c) for r in range(3) for c in range(5)}

    headers = [ax for ax in fig.axes if ax.get_label() == "kernel"]
    assert [ax.get_title() for ax in headers] == names
    for ax, kernel in zip(headers, kernels, strict=True):
        np.testing.assert_array_equal(np.asarray(ax.images[0].get_array()), kernel)
    fig.savefig(io.BytesIO(), format="png")  # renders without pyplot


def test_demo_figure_accepts_the_kernel_dict_and_checks_labels() -> None:
    images = np.zeros((2, 8, 8))
    fig = conv_demo_figure(images, DEFAULT_KERNELS)
    assert [ax.get_title() for ax in fig.axes if ax.get_label() == "kernel"] == list(DEFAULT_KERNELS)
    with pytest.raises(ValueError, match="got 1 titles for 2 images"):
        conv_demo_figure(images, DEFAULT_KERNELS, titles=["one"])
    with pytest.raises(ValueError, match=r"images must have shape \(N, H, W\)"):
        conv_demo_figure(images[0], DEFAULT_KERNELS)
