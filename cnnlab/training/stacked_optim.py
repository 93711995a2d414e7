"""Optimizers and learning-rate schedules for a stack of runs: a few tensor ops update every run.

All trainable parameters of a stack live in one flat (R, P) buffer (run axis first); the optimizer
updates it, and its state, with a handful of elementwise ops over the whole buffer, each
hyperparameter a per-run (R, 1) column broadcast along the row, so runs with different learning
rates, momenta and weight decays step together. Bias corrections are computed once per step, per
run, in float32. The maths is torch.optim's own (Adam, AdamW, SGD with momentum and Nesterov,
RMSprop, Adadelta with torch's defaults), so a run in a stack follows the same trajectory as the
same run alone, up to float rounding. Schedules are per-run learning-rate values: the epoch
schedules come from a real torch scheduler per run (stepped once an epoch, so exactly torch's
values); one-cycle, which steps every batch, is computed for all steps at once with torch's formula.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import nn
from torch.optim import lr_scheduler

from cnnlab.config import TrainConfig
from cnnlab.training.optim import make_optimizer, make_schedule

# torch.optim's defaults, which the single-run Trainer uses
ADAM_BETA2, ADAM_EPS = 0.999, 1e-8
RMSPROP_ALPHA, RMSPROP_EPS = 0.99, 1e-8
ADADELTA_RHO, ADADELTA_EPS = 0.9, 1e-6
ONECYCLE = dict(pct_start=0.3, div_factor=25.0, final_div_factor=1e4, base_momentum=0.85, max_momentum=0.95)
STATE = {"adam": ("exp_avg", "exp_avg_sq"), "adamw": ("exp_avg", "exp_avg_sq"), "sgd": ("momentum_buffer",),
         "rmsprop": ("square_avg", "momentum_buffer"), "adadelta": ("square_avg", "acc_delta")}


class StackedOptimizer:
    """One optimizer kind over a flat (R, P) parameter buffer, with per-run hyperparameters.

    `step` takes the per-run learning rate and momentum (SGD/RMSprop momentum, or Adam's beta1) as
    (R,) device tensors, because one-cycle changes both every step. Runs whose `active` entry is
    False are left exactly as they are (their gradient is zeroed and their learning rate is 0).
    """

    def __init__(self, kind: str, flat: torch.Tensor, configs: Sequence[TrainConfig]) -> None:
        if kind not in STATE:
            raise ValueError(f"no stacked optimizer for {kind!r}")
        self.kind = kind
        dev = flat.device
        self.weight_decay = torch.tensor([c.weight_decay for c in configs], device=dev).view(-1, 1)
        self.nesterov = torch.tensor([c.nesterov and c.momentum > 0 for c in configs], device=dev).view(-1, 1)
        self.t = torch.zeros((), device=dev)  # steps taken, on the device (graph-safe)
        self.state = {name: torch.zeros_like(flat, requires_grad=False) for name in STATE[kind]}
        # in-place ops into persistent scratch: a fresh (R, P) result per op costs more than the op on a CPU
        self.scratch = [torch.zeros_like(flat, requires_grad=False) for _ in range(2 if kind == "adadelta" else 1)]

    def reset_run(self, r: int) -> None:
        """Zero one run's optimizer state (a frozen run keeps no NaN that could leak into arithmetic)."""
        for t in self.state.values():
            t[r].zero_()

    @torch.no_grad()
    def step(self, p: torch.Tensor, g: torch.Tensor, lr: torch.Tensor, momentum: torch.Tensor,
             active: torch.Tensor) -> None:
        """Update the flat parameters `p` from their gradient `g` (both (R, P); `g` is used as scratch).
        No host synchronisation and no Python branch on values: safe to capture in a CUDA graph."""
        self.t += 1
        on = active.view(-1, 1).to(p.dtype)
        lr = lr.view(-1, 1).to(p.dtype) * on
        mom = momentum.view(-1, 1).to(p.dtype)
        wd, tmp = self.weight_decay, self.scratch[0]
        g.mul_(on)  # a frozen run's gradient is finite (it computes on zeros): a mask, not `where`
        if self.kind == "adamw":
            p.mul_(1 - lr * wd)
        else:
            g.addcmul_(p, wd)
        if self.kind in ("adam", "adamw"):
            m, v = self.state["exp_avg"], self.state["exp_avg_sq"]
            m.lerp_(g, 1 - mom)
            v.mul_(ADAM_BETA2).addcmul_(g, g, value=1 - ADAM_BETA2)
            # (R, 1): the bias corrections, once per step; 1 - b**t as -expm1(t log b), accurate in float32
            step_size = lr / -torch.expm1(self.t * torch.log(mom))
            bc2 = -torch.expm1(self.t * math.log(ADAM_BETA2))
            torch.sqrt(v, out=tmp).div_(torch.sqrt(bc2)).add_(ADAM_EPS)
            torch.div(m, tmp, out=tmp)
            p.addcmul_(tmp, step_size, value=-1)
        elif self.kind == "sgd":
            buf = self.state["momentum_buffer"]
            buf.mul_(mom).add_(g)  # the buffer starts at zero, so the first step sets it to g, as torch does
            nesterov = self.nesterov.to(p.dtype)
            tmp.copy_(buf).mul_(mom * nesterov + (1 - nesterov)).addcmul_(g, nesterov)  # g + mom * buf, or buf
            p.addcmul_(tmp, lr, value=-1)
        elif self.kind == "rmsprop":
            sq, buf = self.state["square_avg"], self.state["momentum_buffer"]
            sq.mul_(RMSPROP_ALPHA).addcmul_(g, g, value=1 - RMSPROP_ALPHA)
            torch.sqrt(sq, out=tmp).add_(RMSPROP_EPS)
            buf.mul_(mom).add_(torch.div(g, tmp, out=tmp))  # with momentum 0 this is exactly g / avg
            p.addcmul_(buf, lr, value=-1)
        else:
            sq, acc = self.state["square_avg"], self.state["acc_delta"]
            sq.mul_(ADADELTA_RHO).addcmul_(g, g, value=1 - ADADELTA_RHO)
            delta = torch.add(acc, ADADELTA_EPS, out=tmp).sqrt_()
            delta.div_(torch.add(sq, ADADELTA_EPS, out=self.scratch[1]).sqrt_()).mul_(g)
            acc.mul_(ADADELTA_RHO).addcmul_(delta, delta, value=1 - ADADELTA_RHO)
            p.addcmul_(delta, lr, value=-1)


def base_momentum(c: TrainConfig) -> float:
    """The momentum-like hyperparameter `step` takes: Adam's beta1, else SGD/RMSprop momentum."""
    return 0.9 if c.optimizer in ("adam", "adamw") else c.momentum


def onecycle_values(max_lr: float, total_steps: int) -> tuple[list[float], list[float]]:
    """(lr, momentum) after 0..total_steps steps of torch's OneCycleLR (cosine, two phases)."""
    o = ONECYCLE
    initial = max_lr / o["div_factor"]
    phases = [(float(o["pct_start"] * total_steps) - 1, initial, max_lr, o["max_momentum"], o["base_momentum"]),
              (total_steps - 1, max_lr, initial / o["final_div_factor"], o["base_momentum"], o["max_momentum"])]

    def cos(start: float, end: float, pct: float) -> float:
        return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)

    lrs, moms = [], []
    for s in range(total_steps + 1):
        start_step = 0.0
        for i, (end_step, lr0, lr1, m0, m1) in enumerate(phases):
            if s <= end_step or i == len(phases) - 1:
                pct = (s - start_step) / (end_step - start_step)
                lrs.append(cos(lr0, lr1, pct))
                moms.append(cos(m0, m1, pct))
                break
            start_step = end_step
    return lrs, moms


class StackedSchedule:
    """Per-run learning rate and momentum, as (R,) device tensors, for the step about to be taken.

    Epoch schedules use a real torch scheduler per run on a one-element dummy parameter (so the values
    are exactly torch's); one-cycle is a precomputed (R, total_steps) table indexed on the device.
    """

    def __init__(self, configs: Sequence[TrainConfig], steps_per_epoch: int, device: torch.device) -> None:
        self.configs = list(configs)
        self.device = device
        self.per_step = configs[0].schedule == "onecycle"
        self._dummies: list[tuple[torch.optim.Optimizer, object]] = []
        R = len(configs)
        self._lr = torch.zeros(R, dtype=torch.float32, device=device)  # persistent: CUDA graphs read these
        self._mom = torch.zeros(R, dtype=torch.float32, device=device)
        if self.per_step:
            assert all(c.schedule == "onecycle" for c in configs), "one-cycle runs are grouped together"
            total = configs[0].epochs * steps_per_epoch
            tables = {lr: onecycle_values(lr, total) for lr in {c.lr for c in configs}}
            self._lr_table = torch.tensor([tables[c.lr][0] for c in configs], dtype=torch.float32, device=device)
            moms = [tables[c.lr][1] if c.optimizer in ("adam", "adamw", "sgd", "rmsprop") else
                    [base_momentum(c)] * (total + 1) for c in configs]
            self._mom_table = torch.tensor(moms, dtype=torch.float32, device=device)
        else:
            for c in configs:
                opt = make_optimizer([nn.Parameter(torch.zeros(1))], c)
                sched = make_schedule(opt, c, steps_per_epoch)
                opt.step()  # no gradient, so no change: only tells the scheduler the optimizer has stepped
                self._dummies.append((opt, sched))
            self._refresh()

    def _refresh(self) -> None:
        self._lr.copy_(torch.tensor([o.param_groups[0]["lr"] for o, _ in self._dummies], dtype=torch.float32))
        self._mom.copy_(torch.tensor([base_momentum(c) for c in self.configs], dtype=torch.float32))

    def at(self, step: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(lr, momentum) per run for the global step `step` (a 1-element int64 device tensor, from 0)."""
        if self.per_step:
            return self._lr_table.index_select(1, step).squeeze(1), self._mom_table.index_select(1, step).squeeze(1)
        return self._lr, self._mom

    def end_epoch(self, metrics: Sequence[float]) -> None:
        """Step every epoch schedule once; `metrics` feed reduce-on-plateau (validation or training loss)."""
        if self.per_step:
            return
        for (_, sched), metric in zip(self._dummies, metrics, strict=True):
            if isinstance(sched, lr_scheduler.ReduceLROnPlateau):
                sched.step(metric)
            elif sched is not None:
                sched.step()
        self._refresh()
