"""Shared fixtures: tiny configs, and one small real MNIST checkpoint trained once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.train.session import train_run

torch.set_num_threads(2)  # CI machines have 2 cores


@pytest.fixture
def tiny_config() -> TrainConfig:
    """A run that takes about a second on a CPU: 600 MNIST examples, one epoch."""
    return TrainConfig(subset=600, epochs=1, batch_size=32, log_every=2, device="cpu")


@pytest.fixture(scope="session")
def mnist_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The baseline trained for one epoch on 12,000 MNIST images (about 96% test accuracy)."""
    out = tmp_path_factory.mktemp("checkpoint") / "baseline"
    result = train_run(TrainConfig(subset=12000, epochs=1, device="cpu"), out)
    assert result.status == "finished"
    return out
