"""The training view (activation and max-pool swapped) computes the network's function, not another one."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from cnnlab.config import TrainConfig
from cnnlab.data.datasets import prepare
from cnnlab.models import build_model
from cnnlab.models.pool_first import pool_first
from cnnlab.training.loop import Trainer
from cnnlab.training.session import dataset_for


def _kinds(model: nn.Module) -> list[str]:
    return [type(m).__name__ for m in model.children()]


@pytest.mark.parametrize("activation", ["relu", "leakyrelu", "sigmoid", "tanh", "elu"])
def test_view_swaps_and_gives_the_same_outputs_and_gradients(activation: str) -> None:
    torch.manual_seed(0)
    net = build_model("baseline", (1, 28, 28), 10, activation=activation, dropout=0.0)
    view = pool_first(net)
    kinds = _kinds(view)
    assert kinds.index("MaxPool2d") < kinds.index(_kinds(net)[1])  # the pool now runs before the activation
    assert _kinds(net)[1:3] == [_kinds(net)[1], "MaxPool2d"]  # the network itself is untouched
    assert dict(view.named_parameters()).keys() == dict(net.named_parameters()).keys()
    assert all(a is b for a, b in zip(view.parameters(), net.parameters(), strict=True))

    x = torch.randn(16, 1, 28, 28)
    y = torch.randint(0, 10, (16,))
    grads = []
    for m in (net, view):
        out = m(x)
        net.zero_grad()
        F.cross_entropy(out, y).backward()
        grads.append((out.detach(), [p.grad.clone() for p in net.parameters()]))
    assert torch.equal(grads[0][0], grads[1][0])  # forward: bit for bit
    for a, b in zip(grads[0][1], grads[1][1], strict=True):
        if activation == "relu":
            assert torch.equal(a, b)  # a window with max <= 0 sends no gradient in either order
        else:
            torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-7)


def test_non_monotonic_activations_and_custom_forwards_are_left_alone() -> None:
    gelu = build_model("baseline", (1, 28, 28), 10, activation="gelu")
    assert pool_first(gelu) is gelu  # GELU dips below zero: max-pool does not commute with it

    class Custom(nn.Sequential):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return super().forward(x) * 2

    custom = Custom(nn.ReLU(), nn.MaxPool2d(2))
    assert pool_first(custom) is custom
    assert _kinds(pool_first(nn.Sequential(nn.LeakyReLU(-0.5), nn.MaxPool2d(2))))[0] == "LeakyReLU"


def test_the_trainer_steps_the_view_and_the_checkpointed_net_keeps_its_layers(tiny_config: TrainConfig) -> None:
    trainer = Trainer(tiny_config, prepare(dataset_for(tiny_config), tiny_config, torch.device("cpu")))
    assert _kinds(trainer.view)[1] == "MaxPool2d"
    assert trainer.steps.p.model is trainer.view
    assert _kinds(trainer.model)[1] == "ReLU"  # feature maps and summaries name the spec's layers
