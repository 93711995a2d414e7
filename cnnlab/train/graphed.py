"""The Trainer's CUDA fast path: training steps replayed from captured CUDA graphs.

One training step of the single-run `Trainer` (gather the batch, forward, loss, backward, Adam step,
accumulate the step metrics on the device) launches a few dozen small kernels; for the seed's
baseline at batch 64 on an H100 the launches, not the arithmetic, set the pace. Captured once in a
CUDA graph over a static batch-index buffer, `STEPS_PER_GRAPH` steps are replayed with one launch.
The events are the plain loop's: the same step records at the same steps (a replay never spans a log
point), the same epoch totals, the same divergence checks; the last, short batch of an epoch runs eagerly.

Taken only on CUDA, for Adam and AdamW (made `capturable`, so their step counters live on the device)
with a schedule that changes the learning rate at most once an epoch: the graphs are captured again
whenever the learning rate has changed. One-cycle (a new rate every step) and the other optimizers use
the plain loop. Off CUDA, `EagerReplay` runs the same replay schedule eagerly, so tests check the
bookkeeping on a CPU.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F

from cnnlab.data.datasets import epoch_batches
from cnnlab.train.events import RunEnd, StepRecord
from cnnlab.train.metrics import grad_norms

if TYPE_CHECKING:
    from cnnlab.train.loop import Trainer

ENABLED = os.environ.get("CNNLAB_CUDA_GRAPHS", "1") != "0"  # CNNLAB_CUDA_GRAPHS=0 selects the plain loop
STEPS_PER_GRAPH = 10  # steps per replay (the largest divisor of log_every up to this is used)
WARMUP_STEPS = 3  # eager steps on a side stream before the first capture, as torch.cuda.graphs asks
GRAPHED_OPTIMIZERS = ("adam", "adamw")  # torch's capturable optimizers


class EagerReplay:
    """Stands in for a captured CUDA graph off CUDA: `replay` runs the recorded steps eagerly."""

    def __init__(self, step: Callable[[torch.Tensor, bool], None], static: torch.Tensor) -> None:
        self.step, self.static = step, static

    def replay(self) -> None:
        for j in range(len(self.static)):
            self.step(self.static[j], j == len(self.static) - 1)


def eligible(trainer: Trainer) -> bool:
    c = trainer.config
    return ENABLED and c.optimizer in GRAPHED_OPTIMIZERS and c.schedule != "onecycle"


class GraphedSteps:
    """Runs a Trainer's epochs from CUDA graphs (or, with `emulate`, their eager stand-in)."""

    def __init__(self, trainer: Trainer, emulate: bool = False) -> None:
        self.t = trainer
        self.cuda = trainer.device.type == "cuda" and not emulate
        every = trainer.config.log_every
        self.k = max(d for d in range(1, STEPS_PER_GRAPH + 1) if every % d == 0)
        dev = trainer.device
        self.win = torch.zeros(2, device=dev)  # (loss sum, correct) over the current log window
        self.norms = torch.zeros(len(trainer.groups), device=dev)  # grad norms at the last logged step
        self.graphs: dict[int, tuple[torch.cuda.CUDAGraph | EagerReplay, torch.Tensor]] | None = None
        self.captured_lr: float | None = None
        self.side = torch.cuda.Stream(dev) if self.cuda else None
        self.warm = 0  # eager warm-up steps taken (CUDA graphs want a few before capture)

    def _capturable(self, on: bool) -> None:
        """Adam's step counters on the device during graphed epochs (no host read inside a step); off
        between epochs, so a saved state loads anywhere, as a plain Trainer's does."""
        if not self.cuda:
            return
        opt = self.t.optimizer
        for group in opt.param_groups:
            group["capturable"] = on
        if on:
            for st in opt.state.values():
                if "step" in st and st["step"].device != self.t.device:
                    st["step"] = st["step"].to(self.t.device, torch.float32)

    def _step(self, idx: torch.Tensor, log: bool) -> None:
        """The plain loop's step, with its metrics written into persistent tensors."""
        t = self.t
        xb, yb = t.data.train.x[idx], t.data.train.y[idx]
        out = t.model(xb)
        loss = F.cross_entropy(out, yb)
        t.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        with torch.no_grad():
            self.win[0] += loss.detach() * len(yb)
            self.win[1] += (out.detach().argmax(1) == yb).sum()
            if log:
                self.norms.copy_(grad_norms(t.groups))
        t.optimizer.step()

    def _capture(self, batch: int) -> dict[int, tuple[torch.cuda.CUDAGraph | EagerReplay, torch.Tensor]]:
        if self.graphs is None or self.captured_lr != self.t.lr:
            self.graphs, self.captured_lr = {}, self.t.lr
            for n in sorted({1, self.k}):
                static = torch.zeros((n, batch), dtype=torch.int64, device=self.t.device)
                graph: torch.cuda.CUDAGraph | EagerReplay
                if self.cuda:
                    graph = torch.cuda.CUDAGraph()
                    with torch.cuda.graph(graph):
                        for j in range(n):
                            self._step(static[j], j == n - 1)
                else:
                    graph = EagerReplay(self._step, static)
                self.graphs[n] = (graph, static)
        return self.graphs

    def _eager(self, idx: torch.Tensor, log: bool) -> None:
        self.warm += 1
        if self.side is None:
            self._step(idx, log)
            return
        self.side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(self.side):
            self._step(idx, log)
        torch.cuda.current_stream().wait_stream(self.side)

    def train_epoch(self) -> Iterator[StepRecord | RunEnd]:
        """`Trainer._train_epoch`, k steps a replay."""
        self._capturable(True)
        try:
            yield from self._epoch()
        finally:
            self._capturable(False)

    def _epoch(self) -> Iterator[StepRecord | RunEnd]:
        from cnnlab.train.loop import FLUSH_STEPS

        t, c = self.t, self.t.config
        every, B = c.log_every, c.batch_size
        x_len = len(t.data.train.y)
        t.model.train()
        order = torch.cat(list(epoch_batches(x_len, B, t.batch_order, t.device)))  # the plain loop's permutation
        loss_sum = torch.zeros(2, device=t.device)
        self.win.zero_()
        win_n = 0
        buf: list[torch.Tensor] = []
        buf_start = t.step
        full, steps, s = x_len // B, math.ceil(x_len / B), 0
        while s < steps:
            if s >= full or self.warm < WARMUP_STEPS:
                n, rows = 1, order[s * B:(s + 1) * B]
                self._eager(rows, (t.step + 1) % every == 0)
            else:
                n = min(self.k, full - s, every - t.step % every)
                n = n if n == self.k else 1
                graph, static = self._capture(B)[n]
                rows = order[s * B:(s + n) * B]
                static.copy_(rows.view(n, B))
                graph.replay()
            t.step += n
            s += n
            win_n += len(rows)
            if t.step % every == 0:
                lr = torch.full((1,), t.lr, device=t.device)
                buf.append(torch.cat([self.win / win_n, lr, self.norms]))
                loss_sum += self.win
                self.win.zero_()
                win_n = 0
            if len(buf) * every >= FLUSH_STEPS:
                records = t._step_records(buf, buf_start)
                buf, buf_start = [], t.step
                yield from records
                if (end := t._divergence(records)) is not None:
                    yield end
                    return
        if buf:
            records = t._step_records(buf, buf_start)
            yield from records
            if (end := t._divergence(records)) is not None:
                yield end
                return
        loss_sum += self.win
        total, hits = loss_sum.tolist()
        t._epoch_train = (total / x_len, hits / x_len)
        if not math.isfinite(total):
            yield t._diverged(f"loss became {total / x_len} in epoch {t.epoch + 1}")
