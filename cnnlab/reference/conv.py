"""NumPy reference implementations of 2-D convolution and pooling.

Two versions of the same operation live here:

* `conv2d_loops` is written to be *read*: plain loops over the output that spell out the
  cross-correlation formula, so it can be checked line by line against the maths.
* `conv2d` is written to be *used*: every kernel-sized window of the input is gathered at once
  (a zero-copy strided view) and contracted with the weights in one `einsum`.

Both follow PyTorch's `torch.nn.functional.conv2d` conventions (arguments, "same"/"valid"
padding, groups, dilation), and the tests check them against it.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from cnnlab.errors import CnnlabError

__all__ = ["ShapeError", "avg_pool2d", "conv2d", "conv2d_loops", "max_pool2d"]

Pair = int | tuple[int, int]
Padding = Pair | Literal["valid", "same"]


class ShapeError(CnnlabError, ValueError):
    """Arguments whose shapes (or sizes) do not fit together; a `ValueError`."""


# ----------------------------------------------------------------------------- argument handling


def _pair(value: Pair, name: str, minimum: int, what: str) -> tuple[int, int]:
    """Normalise an int or an (h, w) pair, checking each entry is an int >= `minimum`."""
    pair = (value, value) if isinstance(value, (int, np.integer)) else value
    if not (
        isinstance(pair, (tuple, list))
        and len(pair) == 2
        and all(isinstance(v, (int, np.integer)) and v >= minimum for v in pair)
    ):
        raise ShapeError(f"{what}: {name} must be an int >= {minimum} or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _as_nchw(x: np.ndarray, what: str) -> np.ndarray:
    """View (H, W) or (C, H, W) input as (N, C, H, W); the caller restores the rank afterwards."""
    x = np.asarray(x)
    if x.ndim not in (2, 3, 4):
        raise ShapeError(f"{what}: x must have shape (N, C, H, W), (C, H, W) or (H, W), got {x.shape}")
    return x.reshape((1,) * (4 - x.ndim) + x.shape)


def _float_dtype(*arrays: np.ndarray) -> np.dtype:
    """The common dtype of the arrays, promoted to float64 when it is not a float type."""
    dtype = np.result_type(*arrays)
    return dtype if np.issubdtype(dtype, np.floating) else np.dtype(np.float64)


def _same_padding(kernel: int, dilation: int) -> tuple[int, int]:
    # The dilated kernel spans d*(k-1)+1 pixels, so d*(k-1) padding keeps the size. When that is
    # odd, PyTorch puts the extra pixel after (bottom/right), and so do we.
    total = dilation * (kernel - 1)
    return total // 2, total - total // 2


def _prepare_conv(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None,
    stride: Pair,
    padding: Padding,
    dilation: Pair,
    groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int], tuple[int, int], int]:
    """Check the arguments and return (padded x, weight, bias, stride, dilation, input ndim)."""
    ndim = np.ndim(x)
    x = _as_nchw(x, "conv2d")
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ShapeError(f"conv2d: weight must have shape (O, C/groups, kH, kW), got {weight.shape}")
    n_in, n_out, per_group = x.shape[1], weight.shape[0], weight.shape[1]
    if not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ShapeError(f"conv2d: groups must be an int >= 1, got {groups!r}")
    if n_in % groups or n_out % groups:
        raise ShapeError(
            f"conv2d: groups={groups} must divide both the input channels ({n_in}) "
            f"and the output channels ({n_out})"
        )
    if per_group * groups != n_in:
        raise ShapeError(
            f"conv2d: x has {n_in} channels but weight {weight.shape} with groups={groups} "
            f"expects {per_group * groups}"
        )
    if ndim == 2 and n_out != 1:
        raise ShapeError(
            f"conv2d: an (H, W) input gives an (H', W') output, so weight needs 1 output channel, "
            f"got {n_out}; pass x[None] to get ({n_out}, H', W')"
        )
    if bias is None:
        bias = np.zeros(n_out, dtype=weight.dtype)
    bias = np.asarray(bias)
    if bias.shape != (n_out,):
        raise ShapeError(f"conv2d: bias must have shape ({n_out},), got {bias.shape}")

    stride = _pair(stride, "stride", 1, "conv2d")
    dilation = _pair(dilation, "dilation", 1, "conv2d")
    k_h, k_w = weight.shape[2:]
    if isinstance(padding, str):
        if padding == "valid":
            pads = ((0, 0), (0, 0))
        elif padding == "same":
            if stride != (1, 1):
                raise ShapeError(f"conv2d: padding='same' needs stride 1 (as in PyTorch), got {stride}")
            pads = (_same_padding(k_h, dilation[0]), _same_padding(k_w, dilation[1]))
        else:
            raise ShapeError(f"conv2d: padding must be an int, a pair, 'valid' or 'same', got {padding!r}")
    else:
        p_h, p_w = _pair(padding, "padding", 0, "conv2d")
        pads = ((p_h, p_h), (p_w, p_w))

    dtype = _float_dtype(x, weight, bias)
    x = np.pad(x.astype(dtype, copy=False), ((0, 0), (0, 0), *pads))
    span_h, span_w = dilation[0] * (k_h - 1) + 1, dilation[1] * (k_w - 1) + 1
    if span_h > x.shape[2] or span_w > x.shape[3]:
        raise ShapeError(
            f"conv2d: kernel {k_h}x{k_w} (dilated span {span_h}x{span_w}) is larger than "
            f"the padded input {x.shape[2]}x{x.shape[3]}"
        )
    return x, weight.astype(dtype, copy=False), bias.astype(dtype, copy=False), stride, dilation, ndim


def _restore_rank(out: np.ndarray, ndim: int) -> np.ndarray:
    """Undo `_as_nchw`: (C, H, W) in gives (O, H', W') out, (H, W) in gives (H', W') (O is 1)."""
    return out.reshape(out.shape[4 - ndim :])


# ----------------------------------------------------------------------------- convolution


def conv2d_loops(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Pair = 1,
    padding: Padding = 0,
    dilation: Pair = 1,
    groups: int = 1,
) -> np.ndarray:
    """2-D cross-correlation, written as explicit loops so it reads like the formula.

    With x zero-padded by p, stride s, dilation d, G groups and Cg = C / G input channels per
    group, output channel o belongs to group g = o // (O / G) and

        out[n, o, i, j] = bias[o] + sum_c sum_u sum_v x[n, g*Cg + c, i*s + u*d, j*s + v*d] * w[o, c, u, v]

    for c < Cg, u < kH, v < kW (s, p, d taken per axis). Along each axis the output size is

        floor((H + 2p - d(k-1) - 1) / s) + 1.

    Like every deep-learning "convolution" this is cross-correlation: the kernel is not flipped.

    Args:
        x: (N, C, H, W); also (C, H, W), giving (O, H', W'), and (H, W) with O = 1, giving (H', W').
        weight: (O, C/groups, kH, kW).
        bias: (O,) or None.
        stride, dilation: an int or an (h, w) pair.
        padding: an int, an (h, w) pair, "valid" (no padding) or "same" (output size = input size;
            stride 1 only).
        groups: split the channels into this many independent convolutions.

    Returns:
        (N, O, H', W'), in the inputs' float dtype (float64 for integer inputs).
    """
    x, weight, bias, (s_h, s_w), (d_h, d_w), ndim = _prepare_conv(
        x, weight, bias, stride, padding, dilation, groups
    )
    n_images, _, height, width = x.shape
    n_out, per_group, k_h, k_w = weight.shape
    out_h = (height - d_h * (k_h - 1) - 1) // s_h + 1  # the padding is already in `height`
    out_w = (width - d_w * (k_w - 1) - 1) // s_w + 1
    out_per_group = n_out // groups

    out = np.zeros((n_images, n_out, out_h, out_w), dtype=x.dtype)
    for n in range(n_images):
        for o in range(n_out):
            g = o // out_per_group
            channels = slice(g * per_group, (g + 1) * per_group)  # c = 0 .. Cg-1 of group g
            for i in range(out_h):
                for j in range(out_w):
                    # window[c, u, v] = x[n, g*Cg + c, i*s + u*d, j*s + v*d]
                    rows = slice(i * s_h, i * s_h + d_h * (k_h - 1) + 1, d_h)
                    cols = slice(j * s_w, j * s_w + d_w * (k_w - 1) + 1, d_w)
                    window = x[n, channels, rows, cols]
                    out[n, o, i, j] = bias[o] + np.sum(window * weight[o])
    return _restore_rank(out, ndim)


def conv2d(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: Pair = 1,
    padding: Padding = 0,
    dilation: Pair = 1,
    groups: int = 1,
) -> np.ndarray:
    """2-D cross-correlation, vectorised; same arguments and result as `conv2d_loops`.

    im2col without the copy: `sliding_window_view` exposes every dilated kernel-sized window as
    a strided view of shape (N, C, H', W', kH, kW); splitting C into (groups, C/groups) lets a
    single einsum contract every group with its own weights over (c, u, v).
    """
    x, weight, bias, (s_h, s_w), (d_h, d_w), ndim = _prepare_conv(
        x, weight, bias, stride, padding, dilation, groups
    )
    n_images = x.shape[0]
    n_out, per_group, k_h, k_w = weight.shape

    # Windows span the dilated kernel; keep every s-th window position and every d-th pixel
    # inside each window.
    span = (d_h * (k_h - 1) + 1, d_w * (k_w - 1) + 1)
    windows = sliding_window_view(x, span, axis=(2, 3))[:, :, ::s_h, ::s_w, ::d_h, ::d_w]
    out_h, out_w = windows.shape[2:4]

    # Split channels into (group, channel-in-group) so all groups go through one einsum.
    windows = windows.reshape(n_images, groups, per_group, out_h, out_w, k_h, k_w)
    weight = weight.reshape(groups, n_out // groups, per_group, k_h, k_w)
    out = np.einsum("ngchwuv,gocuv->ngohw", windows, weight, optimize=True)
    out = out.reshape(n_images, n_out, out_h, out_w) + bias[:, None, None]
    return _restore_rank(out, ndim)


# ----------------------------------------------------------------------------- pooling


def _pool_windows(
    x: np.ndarray, kernel_size: Pair, stride: Pair | None, padding: Pair, fill: float, what: str
) -> tuple[np.ndarray, int]:
    """Pad with `fill` and return the (N, C, H', W', kH, kW) window view and the input ndim."""
    ndim = np.ndim(x)
    x = _as_nchw(x, what)
    kernel = _pair(kernel_size, "kernel_size", 1, what)
    s_h, s_w = kernel if stride is None else _pair(stride, "stride", 1, what)
    p_h, p_w = _pair(padding, "padding", 0, what)
    if 2 * p_h > kernel[0] or 2 * p_w > kernel[1]:
        raise ShapeError(f"{what}: padding {padding!r} must be at most half the kernel size {kernel}")
    x = np.pad(
        x.astype(_float_dtype(x), copy=False), ((0, 0), (0, 0), (p_h, p_h), (p_w, p_w)), constant_values=fill
    )
    if kernel[0] > x.shape[2] or kernel[1] > x.shape[3]:
        raise ShapeError(
            f"{what}: kernel {kernel[0]}x{kernel[1]} is larger than "
            f"the padded input {x.shape[2]}x{x.shape[3]}"
        )
    return sliding_window_view(x, kernel, axis=(2, 3))[:, :, ::s_h, ::s_w], ndim


def max_pool2d(x: np.ndarray, kernel_size: Pair, stride: Pair | None = None, padding: Pair = 0) -> np.ndarray:
    """Maximum over each kernel-sized window; stride defaults to kernel_size (as in PyTorch).

    Padding is -inf, so it never wins. Accepts (N, C, H, W), (C, H, W) or (H, W) and keeps the rank.
    """
    windows, ndim = _pool_windows(x, kernel_size, stride, padding, -np.inf, "max_pool2d")
    return _restore_rank(windows.max(axis=(4, 5)), ndim)


def avg_pool2d(x: np.ndarray, kernel_size: Pair, stride: Pair | None = None, padding: Pair = 0) -> np.ndarray:
    """Mean over each kernel-sized window; stride defaults to kernel_size (as in PyTorch).

    Padding is zeros and they count in the mean (PyTorch's default count_include_pad=True).
    Accepts (N, C, H, W), (C, H, W) or (H, W) and keeps the rank.
    """
    windows, ndim = _pool_windows(x, kernel_size, stride, padding, 0.0, "avg_pool2d")
    return _restore_rank(windows.mean(axis=(4, 5)), ndim)
