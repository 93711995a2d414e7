"""NumPy reference convolution and pooling, to read and to use, plus a kernel demo figure.

`conv2d_loops` spells out the cross-correlation formula in loops; `conv2d` is the vectorised
version to use on real batches. Both match `torch.nn.functional.conv2d`.
"""

from cnnlab.reference.conv import ShapeError, avg_pool2d, conv2d, conv2d_loops, max_pool2d
from cnnlab.reference.demo import DEFAULT_KERNELS, conv_demo_figure

__all__ = [
    "DEFAULT_KERNELS",
    "ShapeError",
    "avg_pool2d",
    "conv2d",
    "conv2d_loops",
    "conv_demo_figure",
    "max_pool2d",
]
