"""Optimizers and learning-rate schedules named by the config, and the memory-layout rules of fused steps."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn
from torch.optim import lr_scheduler

from cnnlab.config import TrainConfig
from cnnlab.errors import CnnlabError

FUSED_DEVICES = ("cpu", "cuda")  # where torch has a fused Adam/AdamW kernel


def _undecorated(fn: Any) -> Any:
    return getattr(fn, "__wrapped__", fn)


_LEAN: dict[type, type] = {}


def lean(kind: type[torch.optim.Optimizer]) -> type[torch.optim.Optimizer]:
    """`kind` (a torch optimizer class) without its lazy import of torch.compile's machinery.

    torch wraps `Optimizer.step`, `zero_grad`, `add_param_group`, `state_dict` and `load_state_dict` in
    decorators that import `torch._dynamo` on first call, only to tell a compiler that is not running here
    to skip them: about 1 s of import and 0.3 s of interpreter teardown per process on a 2-core VM, 10% of
    a one-epoch `cnnlab train`. The subclass calls the functions those decorators wrap, with gradients
    off as torch's own wrapper sets them; the maths, the state and the state_dict format are torch's.
    Where a torch release drops `__wrapped__`, the decorated methods are used (slower to start, same
    results); tests/training/test_optim.py checks both the equality of steps and the missing import.
    """
    if kind not in _LEAN:
        step = _undecorated(kind.step)

        def lean_step(self: torch.optim.Optimizer, closure: Any = None) -> Any:
            with torch.set_grad_enabled(self.defaults.get("differentiable", False)):
                return step(self, closure)

        base = torch.optim.Optimizer
        _LEAN[kind] = type(kind.__name__, (kind,), {
            "__module__": __name__,
            "__doc__": kind.__doc__,
            "step": lean_step if step is not kind.step else kind.step,
            "zero_grad": _undecorated(base.zero_grad),
            "add_param_group": _undecorated(base.add_param_group),
            "state_dict": _undecorated(base.state_dict),
            "load_state_dict": _undecorated(base.load_state_dict),
        })
    return _LEAN[kind]


def make_optimizer(
    params: list[nn.Parameter], c: TrainConfig, lr_on_device: bool | None = None, tensor_betas: bool = False
) -> torch.optim.Optimizer:
    """Adam/AdamW are fused (one kernel for every parameter: ~5% of a CPU epoch of the baseline).

    With `lr_on_device` (the default on CUDA) their learning rate is a one-element tensor on the
    parameters' device: schedules change it in place, so captured CUDA graphs read the new value.
    `tensor_betas` (CUDA graphs under one-cycle, which changes beta1 every step) makes the betas device
    tensors too, with torch's capturable multi-tensor Adam: the fused kernel reads beta1 as a number.
    """
    if c.optimizer == "sgd":
        return lean(torch.optim.SGD)(
            params, c.lr, momentum=c.momentum, nesterov=c.nesterov and c.momentum > 0, weight_decay=c.weight_decay
        )
    device = params[0].device
    if c.optimizer in ("adam", "adamw"):
        fused = device.type in FUSED_DEVICES
        on_device = device.type == "cuda" if lr_on_device is None else lr_on_device
        lr = torch.tensor(c.lr, dtype=torch.float32, device=device) if on_device and fused else c.lr
        kind = lean(torch.optim.Adam if c.optimizer == "adam" else torch.optim.AdamW)
        betas = adam_betas(c)
        if tensor_betas:
            lr = torch.tensor(c.lr, dtype=torch.float32, device=device)
            tensors = (torch.tensor(betas[0], device=device), torch.tensor(betas[1], device=device))
            return kind(params, lr, tensors, weight_decay=c.weight_decay, foreach=True, capturable=True)
        opt = kind(params, lr, betas, weight_decay=c.weight_decay, fused=fused)
        if fused:
            guard_layouts(opt)
        return opt
    if c.optimizer == "rmsprop":
        return lean(torch.optim.RMSprop)(params, c.lr, momentum=c.momentum, weight_decay=c.weight_decay)
    return lean(torch.optim.Adadelta)(params, c.lr, weight_decay=c.weight_decay)


def adam_betas(c: TrainConfig) -> tuple[float, float]:
    """Adam's (beta1, beta2): the run's settings, torch's defaults where unset."""
    return (0.9 if c.beta1 is None else c.beta1, 0.999 if c.beta2 is None else c.beta2)


def guard_layouts(opt: torch.optim.Optimizer) -> None:
    """`check_layouts` before the optimizer's first step and its first step after each `load_state_dict`.

    Between those, layouts cannot drift: the state tensors are updated in place, and each backward gives a
    gradient its parameter's strides (autograd's layout contract for a fresh `.grad`). Checking every step cost
    75 us a step (2,256 steps of a sweep: 0.17 s)."""
    pending = [True]

    def check(o: torch.optim.Optimizer, args: object, kwargs: object) -> None:
        if pending[0]:
            check_layouts(o)
            pending[0] = False

    opt.register_step_pre_hook(check)
    opt.register_load_state_dict_post_hook(lambda o: pending.__setitem__(0, True))


def check_layouts(opt: torch.optim.Optimizer) -> None:
    """Refuse a fused step whose parameter, gradient and state tensors differ in strides.

    A fused kernel pairs the elements of those tensors by memory position: a channels-last weight with
    a contiguous moment estimate (as a state saved and loaded back gives) would silently mix the
    moments of unrelated weights.
    """
    for g in opt.param_groups:
        for i, p in enumerate(g["params"]):
            stride = p.stride()
            tensors = [("gradient", p.grad)] if p.grad is not None else []
            tensors += [(k, v) for k, v in opt.state.get(p, {}).items()
                        if isinstance(v, torch.Tensor) and v.shape == p.shape]
            for what, t in tensors:
                if t.stride() != stride:
                    raise CnnlabError(
                        f"fused {type(opt).__name__} step refused: parameter {i} {tuple(p.shape)} has strides "
                        f"{stride} but its {what} has {t.stride()} (a fused kernel would pair unrelated elements)"
                    )


def match_state_layout(opt: torch.optim.Optimizer) -> None:
    """Give every per-element state tensor its parameter's memory layout (e.g. channels-last), values kept.

    `load_state_dict` restores state with the saved tensors' strides, which are contiguous."""
    for p, state in opt.state.items():
        for k, v in state.items():
            if isinstance(v, torch.Tensor) and v.shape == p.shape and v.stride() != p.stride():
                state[k] = torch.empty_like(p, dtype=v.dtype, device=v.device).copy_(v)


def make_schedule(
    opt: torch.optim.Optimizer, c: TrainConfig, steps_per_epoch: int
) -> lr_scheduler.LRScheduler | lr_scheduler.ReduceLROnPlateau | None:
    """Every schedule steps once per epoch, except one-cycle, which steps once per batch."""
    if c.schedule == "step":
        return lr_scheduler.StepLR(opt, c.lr_step, c.lr_gamma)
    if c.schedule == "multistep":
        return lr_scheduler.MultiStepLR(opt, c.lr_milestones or [c.lr_step], c.lr_gamma)
    if c.schedule == "exponential":
        return lr_scheduler.ExponentialLR(opt, c.lr_gamma)
    if c.schedule == "cosine":
        return lr_scheduler.CosineAnnealingLR(opt, c.epochs)
    if c.schedule == "onecycle":
        # torch (as fastai) cycles the momentum against the rate, which overrides beta1: a beta1 the run sets is
        # held instead (Adadelta has no momentum to cycle)
        cycle = c.optimizer != "adadelta" and not (c.optimizer in ("adam", "adamw") and c.beta1 is not None)
        return lr_scheduler.OneCycleLR(opt, c.lr, epochs=c.epochs, steps_per_epoch=steps_per_epoch,
                                       cycle_momentum=cycle)
    if c.schedule == "plateau":
        return lr_scheduler.ReduceLROnPlateau(opt, factor=c.lr_gamma, patience=max(1, (c.early_stop or 4) // 2))
    return None
