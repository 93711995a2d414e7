"""The graphed step function of one run: the eager step, replayed from captured CUDA graphs.

One training step (gather the batch, forward, loss, backward, Adam step, accumulate the step metrics
on the device) launches a few dozen small kernels; for the seed's baseline at batch 64 on an H100 the
launches, not the arithmetic, set the pace. Captured once in a CUDA graph over a static batch-index
buffer, `STEPS_PER_GRAPH` steps are replayed with one launch. The step is `EagerSteps.step` itself
(same autocast, same augmentation, applied to the gathered batch before it enters the captured
forward pass), so the events are the plain loop's: a replay never spans a log point, and the last,
short batch of an epoch runs eagerly.

Taken on CUDA for Adam and AdamW, whose learning rate is a device tensor there (training/optim.py): an
epoch schedule changes it in place and the graphs read the new value without being captured again.
One-cycle, which changes the rate and Adam's beta1 every step, replays one step at a time with
beta1 as a device tensor too (`capturable` multi-tensor Adam: the fused kernel reads beta1 as a
number at capture). Warm-up steps and capture are timed on their own (`warmup_seconds`). Off CUDA,
`EagerReplay` runs the same replay schedule eagerly, so tests check the bookkeeping on a CPU.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable

import torch

from cnnlab.training.eager import EagerSteps
from cnnlab.training.skeleton import synchronize

ENABLED = os.environ.get("CNNLAB_CUDA_GRAPHS", "1") != "0"  # CNNLAB_CUDA_GRAPHS=0 selects the plain loop
STEPS_PER_GRAPH = 10  # steps per replay (the largest divisor of log_every up to this is used)
WARMUP_STEPS = 3  # eager steps on a side stream before the first capture, as torch.cuda.graphs asks
GRAPHED_OPTIMIZERS = ("adam", "adamw")  # torch's capturable optimizers


def eligible(optimizer: str) -> bool:
    return ENABLED and optimizer in GRAPHED_OPTIMIZERS


def replay_length(s: int, full: int, step: int, every: int, k: int) -> int:
    """Steps the next replay takes from batch `s` (of `full` full batches), `step` steps done: k, where no
    log point and no epoch end falls inside them, else 1."""
    n = min(k, full - s, every - step % every)
    return n if n == k else 1


def on_device(device: torch.device) -> contextlib.AbstractContextManager:
    """Make `device` the current CUDA device (graphs, their streams and RNG belong to it)."""
    return torch.cuda.device(device) if device.type == "cuda" else contextlib.nullcontext()


class EagerReplay:
    """Stands in for a captured CUDA graph off CUDA: `replay` runs the recorded steps eagerly."""

    def __init__(self, steps: list[Callable[[], None]]) -> None:
        self.steps = steps

    def replay(self) -> None:
        for step in self.steps:
            step()


class GraphedSteps:
    """Runs a Trainer's steps from CUDA graphs (or, with `emulate`, their eager stand-in)."""

    def __init__(self, eager: EagerSteps, emulate: bool = False) -> None:
        self.e = eager
        self.device = eager.device
        self.cuda = self.device.type == "cuda" and not emulate
        every = eager.p.log_every
        self.per_step = eager.per_step_schedule  # one-cycle: the schedule steps between replays
        self.k = 1 if self.per_step else max(d for d in range(1, STEPS_PER_GRAPH + 1) if every % d == 0)
        self.win, self.logged = eager.win, eager.logged
        self.warmup_seconds = 0.0
        # per replay length: the graph and its static inputs (batch indices, or augmented images and labels)
        self.graphs: dict[int, tuple[torch.cuda.CUDAGraph | EagerReplay, tuple[torch.Tensor, ...]]] | None = None
        self.captured_lr: float | None = None
        self.side = torch.cuda.Stream(self.device) if self.cuda else None
        self.warm = 0  # eager warm-up steps taken (CUDA graphs want a few before capture)
        self.order = torch.zeros(0, dtype=torch.int64)
        group = eager.p.optimizer.param_groups[0]
        self.lr_is_tensor = isinstance(group["lr"], torch.Tensor)
        self.betas = group["betas"] if isinstance(group["betas"][0], torch.Tensor) else None
        self._pin_betas()

    def _pin_betas(self) -> None:
        """One-cycle writes beta1 as a number: copy it into the device tensor the graph reads."""
        if self.betas is None:
            return
        for group in self.e.p.optimizer.param_groups:
            b1 = group["betas"][0]
            if b1 is not self.betas[0]:
                self.betas[0].fill_(float(b1))
            group["betas"] = self.betas

    def _capturable(self, on: bool) -> None:
        """Adam's step counters on the device during graphed epochs (no host read inside a step); off
        between epochs, so a saved state loads anywhere, as a plain Trainer's does."""
        if not self.cuda:
            return
        opt = self.e.p.optimizer
        for group in opt.param_groups:
            group["capturable"] = on or self.betas is not None  # tensor betas need capturable
        if on:
            for st in opt.state.values():
                if "step" in st and st["step"].device != self.device:
                    st["step"] = st["step"].to(self.device, torch.float32)

    def _lr(self) -> float:
        return float(self.e.p.optimizer.param_groups[0]["lr"]) if not self.lr_is_tensor else 0.0

    def _static(self, n: int, batch: int) -> tuple[torch.Tensor, ...]:
        """Static inputs of an n-step graph: batch indices (the gather is captured), or, with augmentation
        (which runs outside the graph), the augmented images and their labels."""
        x = self.e.p.x
        idx = torch.zeros((n, batch), dtype=torch.int64, device=self.device)
        if self.e.p.augment is None:
            return (idx,)
        return x[idx].clone(), torch.zeros((n, batch), dtype=torch.int64, device=self.device)

    def _capture(self, batch: int) -> dict[int, tuple[torch.cuda.CUDAGraph | EagerReplay, tuple[torch.Tensor, ...]]]:
        """Graphs of 1 and k steps; captured again only when a learning rate baked into them changed."""
        if self.graphs is None or (not self.lr_is_tensor and self.captured_lr != self._lr()):
            t = time.perf_counter()
            self.graphs, self.captured_lr = {}, self._lr()
            for n in sorted({1, self.k}):
                static = self._static(n, batch)
                if len(static) == 1:
                    steps = [lambda j=j, n=n, s=static: self.e.step(s[0][j], j == n - 1) for j in range(n)]
                else:
                    steps = [lambda j=j, n=n, s=static: self.e.step_on(s[0][j], s[1][j], j == n - 1)
                             for j in range(n)]
                graph: torch.cuda.CUDAGraph | EagerReplay
                if self.cuda:
                    graph = torch.cuda.CUDAGraph()
                    with on_device(self.device), torch.cuda.graph(graph):
                        for step in steps:
                            step()
                else:
                    graph = EagerReplay(steps)
                self.graphs[n] = (graph, static)
            synchronize(self.device)
            self.warmup_seconds += time.perf_counter() - t
        return self.graphs

    def _eager(self, idx: torch.Tensor, log: bool) -> None:
        if self.side is None:
            self.e.step(idx, log)
            return
        self.side.wait_stream(torch.cuda.current_stream(self.device))
        with on_device(self.device), torch.cuda.stream(self.side):
            self.e.step(idx, log)
        torch.cuda.current_stream(self.device).wait_stream(self.side)

    def start_epoch(self) -> None:
        self._capturable(True)
        self.e.start_epoch()
        self.order = torch.cat(self.e.batches)  # the plain loop's permutation

    def end_epoch(self) -> None:
        self._capturable(False)

    def advance(self, s: int, step: int) -> tuple[int, int]:
        B, every = self.e.p.batch_size, self.e.p.log_every
        full = len(self.order) // B
        log = (step + 1) % every == 0
        if s >= full:  # the last, short batch: eager (a graph has fixed shapes)
            n, rows = 1, self.order[s * B:]
            self._eager(rows, log)
        elif self.warm < WARMUP_STEPS:
            t = time.perf_counter()
            n, rows = 1, self.order[s * B:(s + 1) * B]
            self._eager(rows, log)
            self.warm += 1
            synchronize(self.device)
            self.warmup_seconds += time.perf_counter() - t
        else:
            n = replay_length(s, full, step, every, self.k)
            graph, static = self._capture(B)[n]
            rows = self.order[s * B:(s + n) * B]
            if len(static) == 1:
                static[0].copy_(rows.view(n, B))
            else:  # augmented outside the graph, batch by batch (the eager loop's random draws)
                for j, idx in enumerate(rows.view(n, B)):
                    xb, yb = self.e.batch(idx)
                    static[0][j].copy_(xb)
                    static[1][j].copy_(yb)
            graph.replay()
        if self.per_step:
            self.e.p.schedule.step()  # type: ignore[union-attr]
            self._pin_betas()
        return n, len(rows)
