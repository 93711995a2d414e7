"""Fused optimizers pair elements by memory position: state restored contiguous beside a channels-last
weight scrambles the moments. The fix (state in its parameter's layout) and the guard (refuse a fused
step over mismatched strides), outside cnnlab first, then inside it."""

from __future__ import annotations

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.data.datasets import prepare
from cnnlab.errors import CnnlabError
from cnnlab.store.checkpoint import load_train_state, save_train_state
from cnnlab.training import Trainer
from cnnlab.training.optim import check_layouts, make_optimizer, match_state_layout
from cnnlab.training.session import dataset_for


def _adam_after_steps(weight: torch.Tensor, grads: list[torch.Tensor]) -> tuple[torch.nn.Parameter, torch.optim.Adam]:
    p = torch.nn.Parameter(weight.clone(memory_format=torch.preserve_format))
    opt = torch.optim.Adam([p], lr=1e-2, fused=True)
    for g in grads:
        p.grad = g.clone(memory_format=torch.preserve_format)
        opt.step()
    return p, opt


def test_fused_adam_with_contiguous_state_beside_a_channels_last_weight_is_wrong_and_the_fix_is_exact():
    gen = torch.Generator().manual_seed(0)
    cl = torch.channels_last

    def rand() -> torch.Tensor:
        return torch.randn(8, 3, 5, 5, generator=gen).to(memory_format=cl)

    weight, grads, last = rand(), [rand() for _ in range(3)], rand()
    reference, ref_opt = _adam_after_steps(weight, grads)
    # what a save and load gives: the state's values, as contiguous (NCHW) tensors
    saved = ref_opt.state_dict()
    saved = {i: {k: v.clone(memory_format=torch.contiguous_format) for k, v in st.items()}
             for i, st in saved["state"].items()}
    before = reference.detach().clone()

    def resumed() -> tuple[torch.nn.Parameter, torch.optim.Adam]:
        p, opt = _adam_after_steps(weight, [])
        with torch.no_grad():
            p.copy_(before)
        state = {i: {k: v.clone() for k, v in st.items()} for i, st in saved.items()}  # the step writes into it
        opt.load_state_dict({**ref_opt.state_dict(), "state": state})
        return p, opt

    reference.grad = last.clone(memory_format=torch.preserve_format)
    ref_opt.step()

    # the bug, in torch alone: the resumed step differs from the uninterrupted one
    broken, broken_opt = resumed()
    assert not broken_opt.state[broken]["exp_avg"].is_contiguous(memory_format=cl)
    with pytest.raises(CnnlabError, match="strides"):  # the guard sees it before the step
        check_layouts(broken_opt)
    broken.grad = last.clone(memory_format=torch.preserve_format)
    broken_opt.step()
    assert (broken - reference).abs().max() > 1e-3  # a sizeable fraction of a step at lr 1e-2

    # the fix: the state in its parameter's layout, values kept; the step is then the same, bit for bit
    fixed, fixed_opt = resumed()
    match_state_layout(fixed_opt)
    check_layouts(fixed_opt)
    fixed.grad = last.clone(memory_format=torch.preserve_format)
    fixed_opt.step()
    assert torch.equal(fixed, reference)


def test_cnnlabs_fused_optimizers_refuse_mismatched_strides_before_stepping():
    c = TrainConfig(subset=100, device="cpu")
    w = torch.nn.Parameter(torch.randn(4, 3, 3, 3).to(memory_format=torch.channels_last))
    opt = make_optimizer([w], c)
    w.grad = torch.randn(4, 3, 3, 3)  # contiguous: not the weight's layout
    before = w.detach().clone()
    with pytest.raises(CnnlabError, match=r"fused Adam step refused: parameter 0 \(4, 3, 3, 3\)"):
        opt.step()
    assert torch.equal(w, before)  # nothing was stepped
    w.grad = w.grad.to(memory_format=torch.channels_last)
    opt.step()
    assert not torch.equal(w, before)


def test_a_tensor_learning_rate_follows_the_schedule_and_gives_the_float_rates_steps():
    """On CUDA the lr is a device tensor (graphs read it); the same code runs on a CPU here."""
    c = TrainConfig(subset=100, device="cpu", schedule="onecycle", epochs=1, lr=1e-2)
    torch.manual_seed(0)
    w0 = torch.randn(6, 5)
    results = []
    for on_device in (False, True):
        w = torch.nn.Parameter(w0.clone())
        opt = make_optimizer([w], c, lr_on_device=on_device)
        from cnnlab.training.optim import make_schedule

        sched = make_schedule(opt, c, steps_per_epoch=5)
        lr = opt.param_groups[0]["lr"]
        lrs = []
        for i in range(5):
            w.grad = torch.full_like(w, 0.1 * (i + 1))
            opt.step()
            sched.step()
            lrs.append(float(opt.param_groups[0]["lr"]))
        if on_device:
            assert isinstance(lr, torch.Tensor) and opt.param_groups[0]["lr"] is lr  # changed in place
        results.append((w.detach().clone(), lrs))
    (a, lrs_a), (b, lrs_b) = results
    assert lrs_b == pytest.approx(lrs_a, rel=1e-6) and len(set(lrs_a)) == 5
    torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-7)


def test_the_trainer_restores_optimizer_state_in_each_parameters_layout(tmp_path):
    """The CPU path trains conv nets channels-last (oneDNN's layout, as on CPUs with native bf16)."""
    c = TrainConfig(model="lenet", subset=200, epochs=1, batch_size=32, device="cpu")
    data = prepare(dataset_for(c), c, torch.device("cpu"))
    first = Trainer(c, data)
    list(first.run())
    conv = [p for p in first.model.parameters() if p.dim() == 4 and p.shape[1] > 1][0]  # conv2: 6 channels in
    assert conv.is_contiguous(memory_format=torch.channels_last) and not conv.is_contiguous()
    save_train_state(tmp_path, first.state())
    again = Trainer(c, data)
    again.restore(load_train_state(tmp_path))
    for p in again.model.parameters():
        for k, v in again.optimizer.state[p].items():
            if v.shape == p.shape:
                assert v.stride() == p.stride(), k
    check_layouts(again.optimizer)


def test_a_fused_optimizer_checks_layouts_on_its_first_step_and_after_each_load(monkeypatch):
    """Layouts can only change when state is loaded: the guard runs then, not on every step."""
    import cnnlab.training.optim as optim

    calls = []
    monkeypatch.setattr(optim, "check_layouts", lambda o: calls.append(o))
    w = torch.nn.Parameter(torch.randn(8, 3, 5, 5).to(memory_format=torch.channels_last))
    opt = make_optimizer([w], TrainConfig(optimizer="adam", lr=1e-2), lr_on_device=False)
    for _ in range(3):
        w.grad = torch.ones_like(w)
        opt.step()
    assert len(calls) == 1
    monkeypatch.undo()
    saved = opt.state_dict()
    saved["state"] = {i: {k: v.clone(memory_format=torch.contiguous_format) for k, v in st.items()}
                      for i, st in saved["state"].items()}
    opt.load_state_dict(saved)  # a state whose moments lost the channels-last layout: the next step refuses
    w.grad = torch.ones_like(w)
    with pytest.raises(CnnlabError, match="strides"):
        opt.step()


# Seed 000's baseline as its report writes it: like most notebook nets, it flattens with `x.view(-1, n)`, which needs
# its activations contiguous in channels-first order.
SEED_000_NET = '''
import torch.nn as nn


class BaselineCNN(nn.Module):
    def __init__(self):
        super(BaselineCNN, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.fc1 = nn.Linear(64*5*5, 128)
        self.dropout = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, 10)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = x.view(-1, 64*5*5)
        x = self.relu(self.fc1(x))
        x = self.dropout(x)
        x = self.fc2(x)
        return x
'''


def _seed_net() -> torch.nn.Module:
    namespace: dict = {}
    exec(compile(SEED_000_NET, "seed_000.py", "exec"), namespace)
    return namespace["BaselineCNN"]()


def test_a_net_that_flattens_with_view_keeps_its_layout_and_spec_nets_go_channels_last():
    from cnnlab.models import build_model
    from cnnlab.training.eager import cpu_layout

    x = torch.zeros(2, 1, 28, 28)
    with pytest.raises(RuntimeError, match="view size"):  # what channels-last alone does to it
        _seed_net().to(memory_format=torch.channels_last)(x)
    net = cpu_layout(_seed_net(), (1, 28, 28))
    assert net.conv2.weight.is_contiguous() and net.training  # left as it was, mode restored
    assert net(x).shape == (2, 10)
    spec = cpu_layout(build_model("baseline", (1, 28, 28), 10), (1, 28, 28))
    conv = [m for m in spec.modules() if isinstance(m, torch.nn.Conv2d)][1]  # 32 input channels: layouts differ
    assert conv.weight.is_contiguous(memory_format=torch.channels_last) and not conv.weight.is_contiguous()


def test_the_seed_s_own_net_trains_tests_and_sweeps_from_its_file(tmp_path):
    import json
    import subprocess
    import sys

    (tmp_path / "seed_000.py").write_text(SEED_000_NET)

    def cnnlab(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cnnlab.cli.main", *args], capture_output=True, text=True,
                              cwd=tmp_path, timeout=300)

    r = cnnlab("train", "--model", "seed_000.py:BaselineCNN", "--subset", "600", "--epochs", "1", "--device", "cpu",
               "--out", "ck", "--json")
    assert r.returncode == 0, r.stderr
    trained = json.loads(r.stdout)
    assert trained["status"] == "finished" and trained["test_accuracy"] > 0.3
    assert "trains in its own layout" in r.stderr and "torch.flatten(x, 1)" in r.stderr  # the user is told why
    t = cnnlab("test", "ck", "--trust-code", "--json")
    assert t.returncode == 0, t.stderr
    assert json.loads(t.stdout)["accuracy"] == pytest.approx(trained["test_accuracy"])
    (tmp_path / "sweep.toml").write_text('name = "seed_net"\n[base]\nmodel = "seed_000.py:BaselineCNN"\n'
                                         'subset = 600\nepochs = 1\n[sweep]\nlr = [0.001, 0.002]\n')
    s = cnnlab("run", "sweep.toml", "--executor", "vectorized", "--store", "st", "--no-report", "--trust-code",
               "--json")
    assert s.returncode == 0, s.stderr
    runs = json.loads(s.stdout)["runs"]
    assert [run["status"] for run in runs] == ["finished", "finished"]
    assert s.stderr.count("note: model 'seed_000.py:BaselineCNN': its forward cannot take channels-last") == 1
    (tmp_path / "spec.toml").write_text('name = "spec_net"\n[base]\nmodel = "baseline"\nsubset = 300\nepochs = 1\n'
                                        '[sweep]\nlr = [0.001]\n')
    s = cnnlab("run", "spec.toml", "--store", "st", "--no-report", "--json")
    assert s.returncode == 0, s.stderr
    assert "note:" not in s.stderr  # a spec net trains channels-last: nothing to say
