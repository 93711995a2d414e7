"""Training-batch augmentation on the device."""

from __future__ import annotations

from collections.abc import Callable

import torch

from cnnlab.config import TrainConfig


def make_augmenter(
    config: TrainConfig, device: torch.device
) -> Callable[[torch.Tensor, torch.Generator], torch.Tensor] | None:
    """The augmentation `config` asks for, as a pure batched function of (x, generator), or None for none.

    `x` is a normalised training batch (N, C, H, W) on `device`; every random draw comes from the
    generator (on `device`), which the training loops own per run and save with the resumable state.
    This stub always returns None: the real augmenter comes with issue 14.
    """
    return None
