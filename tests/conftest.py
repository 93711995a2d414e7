"""Shared fixtures: tiny configs, and one small real MNIST checkpoint trained once per test session."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.training.session import train_run

# CI machines have 2 cores. Under pytest-xdist (`-n 2`) each worker gets one, and so do the CLI subprocesses
# that tests start: two workers of two threads each would oversubscribe the cores and spin in OpenMP.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["OMP_NUM_THREADS"] = "1"
    torch.set_num_threads(1)
else:
    torch.set_num_threads(2)


@pytest.fixture(scope="session")
def load_benchmark() -> Callable[[str], ModuleType]:
    """Loads a script of benchmarks/ (not a package) as a fresh module, by its file name without `.py`."""
    folder = Path(__file__).resolve().parents[1] / "benchmarks"

    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses and typing resolve the module's names through sys.modules
        spec.loader.exec_module(module)
        return module

    return load


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
