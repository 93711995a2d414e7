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
