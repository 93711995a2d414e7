"""cnnlab's optimizers are torch's, minus the lazy import of torch.compile's machinery: same steps, same
state, and a training process that never imports `torch._dynamo` (1 s of start-up and 0.3 s of teardown)."""

from __future__ import annotations

import subprocess
import sys
from unittest import mock

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.training import optim
from cnnlab.training.optim import lean, make_optimizer, make_schedule

SETTINGS = [
    {"optimizer": "adam", "schedule": "onecycle"},
    {"optimizer": "adamw", "weight_decay": 0.01, "schedule": "step", "lr_step": 2},
    {"optimizer": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True},
    {"optimizer": "rmsprop", "lr": 0.01, "momentum": 0.5},
    {"optimizer": "adadelta", "lr": 1.0},
]


def _train(opt_factory, steps: int = 6) -> tuple[torch.nn.Module, torch.optim.Optimizer]:
    torch.manual_seed(0)
    nn = torch.nn
    net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 26 * 26, 10))
    opt, schedule = opt_factory(list(net.parameters()))
    g = torch.Generator().manual_seed(1)
    for _ in range(steps):
        x, y = torch.randn(8, 1, 28, 28, generator=g), torch.randint(0, 10, (8,), generator=g)
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
        opt.zero_grad()
        if schedule is not None:
            schedule.step()
    return net, opt


@pytest.mark.parametrize("settings", SETTINGS, ids=[s["optimizer"] for s in SETTINGS])
def test_lean_optimizers_step_exactly_like_torchs(settings):
    c = TrainConfig(epochs=3, **settings)

    def ours(params):
        opt = make_optimizer(params, c)
        return opt, make_schedule(opt, c, steps_per_epoch=2)

    def torchs(params):
        with mock.patch.object(optim, "lean", lambda kind: kind):  # the same settings, torch's own class
            plain = make_optimizer(params, c)
        assert type(plain).__module__.startswith("torch.optim")
        return plain, make_schedule(plain, c, steps_per_epoch=2)

    (net_a, opt_a), (net_b, opt_b) = _train(ours), _train(torchs)
    assert type(opt_a) is not type(opt_b) and isinstance(opt_a, type(opt_b))
    for a, b in zip(net_a.parameters(), net_b.parameters(), strict=True):
        assert torch.equal(a, b)
    sa, sb = opt_a.state_dict(), opt_b.state_dict()
    assert sa["param_groups"] == sb["param_groups"]
    for k in sb["state"]:
        for name, v in sb["state"][k].items():
            assert torch.equal(sa["state"][k][name], v), (k, name)
    opt_a.load_state_dict(sb)  # torch's state loads into the lean class (checkpoints are interchangeable)
    assert opt_a.state_dict()["param_groups"] == sb["param_groups"]


def test_the_lean_class_is_made_once_per_torch_class():
    assert lean(torch.optim.Adam) is lean(torch.optim.Adam)
    assert lean(torch.optim.Adam) is not lean(torch.optim.AdamW)


def test_a_training_process_never_imports_torch_dynamo(tmp_path):
    """Can fail: torch.optim's own classes import torch._dynamo on construction (the second check shows it)."""
    code = (
        "import sys, torch\n"
        "from cnnlab.config import TrainConfig\n"
        "from cnnlab.training.optim import make_optimizer, make_schedule\n"
        "p = torch.nn.Parameter(torch.ones(3))\n"
        "c = TrainConfig(optimizer='adam', schedule='onecycle', epochs=2)\n"
        "opt = make_optimizer([p], c); s = make_schedule(opt, c, 2)\n"
        "p.sum().backward(); opt.step(); opt.zero_grad(); s.step(); opt.load_state_dict(opt.state_dict())\n"
        "print('torch._dynamo' in sys.modules)\n"
        "torch.optim.Adam([p])\n"
        "print('torch._dynamo' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split() == ["False", "True"]
