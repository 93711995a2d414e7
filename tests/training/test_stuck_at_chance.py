"""A model whose output ignores its input can only learn the class priors: still at chance after 200
steps, the run must end as diverged ("stuck at chance"), not train on."""

from __future__ import annotations

from pathlib import Path

from cnnlab.config import TrainConfig
from cnnlab.training.session import train_run

CONSTANT = '''
import torch
from torch import nn


class Constant(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.logits = nn.Parameter(torch.zeros(num_classes))

    def forward(self, x):
        return self.logits.expand(x.shape[0], -1)
'''


def test_a_constant_output_model_is_stopped_after_200_steps(tmp_path: Path) -> None:
    source = tmp_path / "constant.py"
    source.write_text(CONSTANT)
    config = TrainConfig(model=f"{source}:Constant", subset=1000, val_split=0.1, batch_size=4, epochs=3,
                         device="cpu", log_every=50)
    result = train_run(config, tmp_path / "run")
    assert result.status == "diverged" and "stuck at chance" in result.message, result.message
    assert result.epochs == 1  # 225 steps in epoch 1: stopped there, not after the 3 epochs asked for
