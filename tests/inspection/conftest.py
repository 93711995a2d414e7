"""Fixtures for the inspect tests: a tiny untrained checkpoint (instant), and a way to run the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from cnnlab.cli.main import main
from cnnlab.models import build_model
from cnnlab.store.checkpoint import save_checkpoint

TINY_SPEC = "conv 4 k3 > relu > maxpool 2 > conv 6 k3 > relu > flatten > dropout 0.2 > linear 10"


def write_checkpoint(folder: Path, spec: str = TINY_SPEC, seed: int = 0) -> Path:
    torch.manual_seed(seed)
    model = build_model(spec, (1, 28, 28), 10)
    info = {
        "model": {"spec": spec, "module": None, "input_shape": [1, 28, 28], "classes": [str(d) for d in range(10)]},
        "data": {"dataset": "mnist", "mean": [0.1307], "std": [0.3081]},
        "config": {"dataset": "mnist"},
        "metrics": {"test_accuracy": None},
    }
    return save_checkpoint(folder, model, info)


@pytest.fixture
def tiny_checkpoint(tmp_path: Path) -> Path:
    return write_checkpoint(tmp_path / "tiny")


@pytest.fixture
def make_checkpoint():
    """`make_checkpoint(folder, spec=..., seed=...)`: more untrained checkpoints."""
    return write_checkpoint


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run `cnnlab ARGS...`; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in args])
        captured = capsys.readouterr()
        return exit_info.value.code, captured.out, captured.err

    return run
