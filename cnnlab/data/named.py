"""The named data sets, their input shapes and class counts, in plain Python (no torch, nothing read).

The one place these facts live: the loaders check what they read against them, and `cnnlab models`,
`summary` and an experiment's parameter-count check size a network by them before any file is opened.
"""

from __future__ import annotations

NAMES = ("mnist", "cifar10", "cifar100")
_CHANNELS_AND_SIDE = {"mnist": (1, 28), "cifar10": (3, 32), "cifar100": (3, 32)}
_CLASSES = {"mnist": 10, "cifar10": 10, "cifar100": 100}
CIFAR100_COARSE = 20  # CIFAR-100's superclasses (labels = "coarse")


def input_shape(dataset: str, grayscale: bool = False) -> tuple[int, int, int] | None:
    """(C, H, W) of one image of a named data set (grayscale: one luma channel); None for a folder of images."""
    if dataset not in _CHANNELS_AND_SIDE:
        return None
    channels, side = _CHANNELS_AND_SIDE[dataset]
    return (1 if grayscale else channels, side, side)


def class_count(dataset: str, labels: str = "fine") -> int | None:
    """How many classes a named data set has (CIFAR-100: 100 fine or 20 coarse); None for a folder of images."""
    if dataset == "cifar100" and labels == "coarse":
        return CIFAR100_COARSE
    return _CLASSES.get(dataset)
