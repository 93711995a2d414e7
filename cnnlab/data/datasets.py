"""Named data sets, and turning one into normalised tensors on the training device.

After `prepare` the whole set lives on the device as float tensors; a batch is an index slice of a
random permutation (`epoch_batches`), so the training loop has no per-sample Python and no PIL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import torch

from cnnlab.config import TrainConfig
from cnnlab.data.named import NAMES
from cnnlab.data.split import stratified_sample, stratified_split
from cnnlab.data.types import Dataset
from cnnlab.errors import CnnlabError


def load_dataset(config: TrainConfig) -> Dataset:
    """`config.dataset` is one of NAMES or a folder of class sub-folders of images."""
    root = Path(config.data_dir).expanduser() if config.data_dir else None
    name = config.dataset
    if name == "mnist":
        from cnnlab.data.mnist import load_mnist

        return load_mnist(root)
    if name in ("cifar10", "cifar100"):
        from cnnlab.data import cifar

        root = root or Path("data")
        if name == "cifar10":
            return cifar.load_cifar10(root, grayscale=config.grayscale, download=config.download)
        return cifar.load_cifar100(root, labels=config.labels, grayscale=config.grayscale, download=config.download)
    folder = Path(name).expanduser()
    if folder.is_dir():
        from cnnlab.data.folder import load_image_folder

        return load_image_folder(folder, grayscale=config.grayscale, seed=config.seed)
    raise CnnlabError(f"unknown dataset {name!r} (choices: {', '.join(NAMES)}, or a folder of images)")


@dataclass
class Split:
    x: torch.Tensor  # float32 (N, C, H, W), normalised, on the device
    y: torch.Tensor  # int64 (N,), on the device

    def __len__(self) -> int:
        return int(self.y.shape[0])


@dataclass
class DeviceData:
    """What training needs: normalised splits on one device, and the facts a checkpoint keeps."""

    name: str
    classes: tuple[str, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    train: Split
    val: Split | None
    test: Split

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return tuple(self.train.x.shape[1:])  # type: ignore[return-value]


def channel_stats(images: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and std of uint8 images on the [0, 1] scale, exact, from a 256-bin histogram."""
    levels = torch.arange(256, dtype=torch.float64) / 255
    means, stds = [], []
    for c in range(images.shape[1]):
        counts = torch.bincount(images[:, c].reshape(-1), minlength=256).to(torch.float64)  # uint8 as is: no int64 copy
        n = counts.sum()
        mean = (counts * levels).sum() / n
        var = (counts * (levels - mean) ** 2).sum() / (n - 1)
        means.append(float(mean))
        stds.append(float(var.sqrt()))
    return tuple(means), tuple(stds)


def normalise(images: torch.Tensor, mean: tuple[float, ...], std: tuple[float, ...]) -> torch.Tensor:
    m = torch.tensor(mean, dtype=torch.float32, device=images.device).view(1, -1, 1, 1)
    s = torch.tensor(std, dtype=torch.float32, device=images.device).view(1, -1, 1, 1)
    # in place on one fresh copy: the same values bit for bit as `(x / 255 - m) / s`, 3x faster (no new tensors)
    return images.to(torch.float32, copy=True).div_(255).sub_(m).div_(s)


def input_stats(images: torch.Tensor, config: TrainConfig) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The mean/std inputs are normalised with: the training images' (exact), or 0/1 with `normalize = false`."""
    if not config.normalize:
        return (0.0,) * images.shape[1], (1.0,) * images.shape[1]
    return channel_stats(images)


def run_indices(labels: torch.Tensor, config: TrainConfig) -> tuple[torch.Tensor | None, torch.Tensor | None]:
    """A run's training and validation images as indices into the training set: its stratified `subset`
    (seeded), then its stratified validation split (seeded); None for "all of them" and "no validation"."""
    idx = stratified_sample(labels, config.subset, config.seed) if config.subset is not None else None
    if config.val_split <= 0:
        return idx, None
    base = idx if idx is not None else torch.arange(len(labels))
    keep, held = stratified_split(labels[base], config.val_split, config.seed)
    if len(held) == 0:
        raise CnnlabError(f"val_split {config.val_split:g} of {len(base):,} training images holds out none "
                          "(each class's share rounds to 0): use a larger val_split or subset, or val_split 0")
    return base[keep], base[held]


def prepare(dataset: Dataset, config: TrainConfig, device: torch.device) -> DeviceData:
    """Subset, split off validation (stratified, seeded), normalise with training statistics (unless off), move."""
    idx, held = run_indices(dataset.train.labels, config)
    train = dataset.train if idx is None else dataset.train.subset(idx)
    val = None if held is None else dataset.train.subset(held)
    mean, std = input_stats(train.images, config)

    def put(images: torch.Tensor, labels: torch.Tensor) -> Split:
        return Split(normalise(images.to(device), mean, std), labels.to(device))

    return DeviceData(
        dataset.name,
        dataset.classes,
        mean,
        std,
        put(train.images, train.labels),
        put(val.images, val.labels) if val is not None else None,
        put(dataset.test.images, dataset.test.labels),
    )


def epoch_batches(n: int, batch_size: int, generator: torch.Generator, device: torch.device) -> Iterator[torch.Tensor]:
    """Index tensors of one epoch: slices of a seeded random permutation (the last may be short).

    The permutation is drawn where the generator lives (the training device: no host-to-device copy
    per epoch) and moved to `device` only if that differs."""
    perm = torch.randperm(n, generator=generator, device=generator.device).to(device)
    yield from perm.split(batch_size)
