"""The in-memory form of a data set: uint8 image tensors and int64 labels, nothing else.

Every reader (IDX, CIFAR binary/python, image folders) returns a `Dataset`; everything after that
(normalisation, splits, batches) works on these tensors and never touches a file again.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class ImageSet:
    """One split: `images` uint8 (N, C, H, W), `labels` int64 (N,)."""

    images: torch.Tensor
    labels: torch.Tensor

    def __post_init__(self) -> None:
        if self.images.dtype != torch.uint8 or self.images.ndim != 4:
            raise ValueError(f"images must be uint8 (N, C, H, W), got {self.images.dtype} {tuple(self.images.shape)}")
        if self.labels.dtype != torch.int64 or self.labels.shape != (self.images.shape[0],):
            raise ValueError("labels must be int64 with one label per image")

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def subset(self, index: torch.Tensor) -> ImageSet:
        return ImageSet(self.images[index], self.labels[index])


@dataclass(frozen=True)
class Dataset:
    """A named data set with its training and test splits and class names."""

    name: str
    classes: tuple[str, ...]
    train: ImageSet
    test: ImageSet

    @property
    def input_shape(self) -> tuple[int, int, int]:
        c, h, w = self.train.images.shape[1:]
        return (int(c), int(h), int(w))

    @property
    def num_classes(self) -> int:
        return len(self.classes)
