"""Test-set images to look at: one by index for a checkpoint, or one MNIST digit per class.

Test-set images are already prepared the way the network was trained (MNIST digits are centred
28x28), so they go to the model as they are, scaled to [0, 1]: no MNIST-style re-cropping.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from cnnlab.config import make_config
from cnnlab.data.idx import read_idx
from cnnlab.data.mnist import bundled_dir
from cnnlab.errors import CnnlabError


@functools.lru_cache(maxsize=1)
def _bundled_mnist_test() -> tuple[np.ndarray, np.ndarray]:
    """The bundled MNIST test split only (the training files are not read): (N, 28, 28) uint8, (N,) labels."""
    folder = bundled_dir()
    images = read_idx(folder / "t10k-images-idx3-ubyte.gz")
    labels = read_idx(folder / "t10k-labels-idx1-ubyte.gz")
    return images, labels


def mnist_examples(count: int = 10) -> tuple[np.ndarray, list[int]]:
    """The first test digit of each class 0, 1, ..., count-1: (count, 28, 28) float in [0, 1] and labels."""
    if not 1 <= count <= 10:
        raise CnnlabError(f"--images must be between 1 and 10 (one digit per class), got {count}")
    images, labels = _bundled_mnist_test()
    picks = [int(np.flatnonzero(labels == digit)[0]) for digit in range(count)]
    return images[picks].astype(np.float32) / 255.0, list(range(count))


def test_image(meta: dict[str, Any], index: int) -> tuple[np.ndarray, str]:
    """Test image `index` of the checkpoint's data set: (C, H, W) float in [0, 1], and its class name."""
    dataset = meta.get("data", {}).get("dataset", "mnist")
    if dataset == "mnist":
        images, labels = _bundled_mnist_test()
        x, y = images[_checked(index, len(images))][None], int(labels[index])
    else:
        from cnnlab.data.datasets import load_dataset

        config = meta.get("config", {})
        settings = {k: config[k] for k in ("dataset", "data_dir", "grayscale", "labels") if k in config}
        loaded = load_dataset(make_config(settings))
        test = loaded.test
        i = _checked(index, len(test))
        x, y = test.images[i].numpy(), int(test.labels[i])
    classes = meta["model"]["classes"]
    return x.astype(np.float32) / 255.0, classes[y] if y < len(classes) else str(y)


def _checked(index: int, size: int) -> int:
    if not 0 <= index < size:
        raise CnnlabError(f"--index {index} is out of range: the test set has {size} images (0..{size - 1})")
    return index
