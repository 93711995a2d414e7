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
    {"optimizer": "adam", "beta1": 0.7, "beta2": 0.9, "schedule": "onecycle"},
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


@pytest.mark.parametrize("settings", SETTINGS, ids=[f"{s['optimizer']}-{len(s)}" for s in SETTINGS])
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


def _betas_over_a_cycle(**settings) -> set[tuple[float, float]]:
    """Every (beta1, beta2) the optimizer steps with over a one-cycle run of 3 epochs x 2 steps."""
    c = TrainConfig(epochs=3, schedule="onecycle", **settings)
    p = torch.nn.Parameter(torch.ones(3))
    opt = make_optimizer([p], c)
    schedule = make_schedule(opt, c, steps_per_epoch=2)
    seen = set()
    for _ in range(6):
        seen.add(tuple(float(b) for b in opt.param_groups[0]["betas"]))
        p.sum().backward()
        opt.step()
        opt.zero_grad()
        schedule.step()
    return seen


def test_onecycle_cycles_beta1_unless_the_run_sets_it():
    """Can fail: torch's OneCycleLR overwrites beta1 every step unless told not to cycle the momentum."""
    cycled = _betas_over_a_cycle(optimizer="adam")
    assert len(cycled) > 2 and {b2 for _, b2 in cycled} == {0.999}
    assert min(b1 for b1, _ in cycled) == pytest.approx(0.85, abs=0.01) and max(b1 for b1, _ in cycled) == 0.95
    assert _betas_over_a_cycle(optimizer="adam", beta1=0.7, beta2=0.9) == {(0.7, 0.9)}
    assert {b2 for _, b2 in _betas_over_a_cycle(optimizer="adamw", beta2=0.95)} == {0.95}  # beta1 still cycles


def test_adadelta_takes_the_onecycle_schedule():
    """Can fail: torch refuses to cycle the momentum of an optimizer that has none (it raised before)."""
    c = TrainConfig(epochs=2, optimizer="adadelta", lr=1.0, schedule="onecycle")
    p = torch.nn.Parameter(torch.ones(3))
    opt = make_optimizer([p], c)
    schedule = make_schedule(opt, c, steps_per_epoch=2)
    rates = []
    for _ in range(4):
        rates.append(opt.param_groups[0]["lr"])
        p.sum().backward()
        opt.step()
        schedule.step()
    assert rates[0] == pytest.approx(1.0 / 25) and rates[0] < max(rates) > rates[-1]  # warm-up, then anneal


@pytest.mark.parametrize("optimizer", ["sgd", "rmsprop", "adadelta"])
def test_betas_are_refused_for_optimizers_without_them(optimizer):
    from cnnlab.config import make_config
    from cnnlab.errors import CnnlabError

    with pytest.raises(CnnlabError, match=f"'beta2'.*adam/adamw setting, not {optimizer}'s"):
        make_config({"optimizer": optimizer, "beta2": 0.9})


def test_unset_betas_leave_a_run_id_unchanged_and_set_ones_change_it():
    """Stores made before the betas existed keep their run ids (the betas join a run's identity only when set)."""
    from cnnlab.experiments.spec import RunPlan

    plain = RunPlan(TrainConfig(), "base", 0)
    assert "beta1" not in plain.config_json and "beta2" not in plain.config_json
    for setting in ({"beta1": 0.7}, {"beta2": 0.9}):
        other = RunPlan(TrainConfig(**setting), "base", 0)
        assert other.config_hash != plain.config_hash and other.config_key != plain.config_key


def test_graph_ready_adam_holds_the_runs_betas_as_tensors():
    """Can fail: the capturable (CUDA-graph) Adam once hard-coded torch's default betas."""
    c = TrainConfig(optimizer="adam", beta1=0.7, beta2=0.9, schedule="onecycle", epochs=1)
    opt = make_optimizer([torch.nn.Parameter(torch.ones(3))], c, tensor_betas=True)
    b1, b2 = opt.param_groups[0]["betas"]
    assert isinstance(b1, torch.Tensor) and (float(b1), float(b2)) == pytest.approx((0.7, 0.9))
