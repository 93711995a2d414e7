"""The eager step function of one run: gather a batch, forward, loss, backward, optimizer step.

Step metrics accumulate on the device (`win`, `logged`); nothing here reads a value back to the
host, so the same `step` is what a CUDA graph captures (training/graphed.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.optim import lr_scheduler

from cnnlab.data.datasets import epoch_batches
from cnnlab.training.metrics import grad_norms

Augmenter = Callable[[torch.Tensor, torch.Generator], torch.Tensor]


def cpu_layout(model: nn.Module, input_shape: tuple[int, ...] | None = None) -> nn.Module:
    """On a CPU, a convolutional net in channels-last memory: oneDNN's fast layout (1.4x on the baseline).

    Given the input shape, a net whose forward cannot take that layout stays as it was: most notebook nets
    flatten with `x.view(-1, n)`, which needs the activations contiguous in channels-first order (a `view`
    cannot reorder, so it raises rather than compute something else)."""
    device = next(model.parameters(), torch.empty(0)).device
    if device.type == "cpu" and any(isinstance(m, nn.Conv2d) for m in model.modules()):
        model.to(memory_format=torch.channels_last)
        if input_shape is not None and not _runs(model, input_shape):
            model.to(memory_format=torch.contiguous_format)
    return model


def kept_own_layout(model: nn.Module) -> bool:
    """Whether a CPU conv net that went through `cpu_layout` stayed channels-first (its forward refused the other)."""
    return any(isinstance(m, nn.Conv2d) and m.weight.device.type == "cpu"
               and not m.weight.is_contiguous(memory_format=torch.channels_last) for m in model.modules())


def _runs(model: nn.Module, input_shape: tuple[int, ...]) -> bool:
    """Whether the model's forward runs on two zero images (in eval mode: no statistics or masks change)."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(torch.zeros(2, *input_shape))
        return True
    except RuntimeError:
        return False
    finally:
        model.train(was_training)


@contextlib.contextmanager
def cpu_threads(n: int) -> Iterator[None]:
    """torch's CPU thread count set to `n` inside (0: unchanged), the previous one restored after."""
    before = torch.get_num_threads()
    if n and n != before:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        if torch.get_num_threads() != before:
            torch.set_num_threads(before)


SEED_STRIDE = 1_000_003  # a prime above any stream number: seed * stride + stream never collides between seeds


def derived_seed(seed: int, stream: int) -> int:
    """A seed of its own for one random stream of a run (or a stacked group) with seed `seed`."""
    return (seed * SEED_STRIDE + stream) % 2**63


def augment_seed(seed: int) -> int:
    """The seed of a run's augmentation generator: its own stream, apart from batch order and dropout."""
    return derived_seed(seed, 14)


@dataclass
class RunParts:
    """What a single run's step needs (the Trainer builds it)."""

    model: nn.Module
    optimizer: torch.optim.Optimizer
    schedule: object | None
    x: torch.Tensor  # the normalised training images, on the device
    y: torch.Tensor
    batch_size: int
    log_every: int
    batch_order: torch.Generator
    groups: dict[str, list[nn.Parameter]]
    amp: torch.dtype | None  # the autocast dtype, or None for fp32
    augment: Augmenter | None
    augment_rng: torch.Generator


class EagerSteps:
    """One optimizer step per `advance`."""

    def __init__(self, parts: RunParts) -> None:
        self.p = parts
        dev = parts.x.device
        self.device = dev
        self.win = torch.zeros((2, 1), device=dev)
        self.logged = torch.zeros((1, 1 + len(parts.groups)), device=dev)
        self.warmup_seconds = 0.0
        self.per_step_schedule = isinstance(parts.schedule, lr_scheduler.OneCycleLR)
        self.batches: list[torch.Tensor] = []

    def lr_tensor(self) -> torch.Tensor:
        """The learning rate as a device tensor (the optimizer's own when it keeps it on the device)."""
        lr = self.p.optimizer.param_groups[0]["lr"]
        if isinstance(lr, torch.Tensor):
            return lr.detach().reshape(1).to(self.device, torch.float32)
        return torch.full((1,), lr, device=self.device)

    def start_epoch(self) -> None:
        self.p.model.train()
        self.batches = list(epoch_batches(len(self.p.y), self.p.batch_size, self.p.batch_order, self.device))

    def batch(self, idx: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The training batch of row indices `idx`, augmented when the config asks for it."""
        p = self.p
        xb, yb = p.x[idx], p.y[idx]
        if p.augment is not None:
            xb = p.augment(xb, p.augment_rng)
        return xb, yb

    def step(self, idx: torch.Tensor, log: bool) -> None:
        """One optimizer step on the batch of row indices `idx`; with `log`, record lr and gradient norms."""
        self.step_on(*self.batch(idx), log)

    def step_on(self, xb: torch.Tensor, yb: torch.Tensor, log: bool) -> None:
        p = self.p
        with torch.autocast(self.device.type, dtype=p.amp or torch.bfloat16, enabled=p.amp is not None,
                            cache_enabled=False):  # no weight cache: safe inside a CUDA graph
            out = p.model(xb)
        loss = F.cross_entropy(out.float(), yb)
        p.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        with torch.no_grad():
            self.win[0] += loss.detach() * len(yb)
            self.win[1] += (out.detach().argmax(1) == yb).sum()
            if log:
                self.logged[0].copy_(torch.cat([self.lr_tensor(), grad_norms(p.groups)]))
        p.optimizer.step()

    def end_epoch(self) -> None:
        pass

    def advance(self, s: int, step: int) -> tuple[int, int]:
        idx = self.batches[s]
        self.step(idx, (step + 1) % self.p.log_every == 0)
        if self.per_step_schedule:
            self.p.schedule.step()  # type: ignore[union-attr]
        return 1, len(idx)
