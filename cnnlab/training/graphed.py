"""The one CUDA-graph replayer, and the graphed step function of one run.

One training step (gather the batch, forward, loss, backward, optimizer step, accumulate the step metrics
on the device) launches a few dozen small kernels; for the seed's baseline at batch 64 on an H100 the
launches, not the arithmetic, set the pace. `Replayer` captures a step function once in CUDA graphs of
1 and k steps over static input buffers and replays them, for a single run (`GraphedSteps`, over
`EagerSteps.step`) and for a stack of runs (`stacked.StackedSteps`) alike. It owns the rules:

- warm-up: `WARMUP_STEPS` eager steps on a side stream before the first capture (as torch.cuda.graphs
  asks); they, the capture and every first step at a new shape are timed as warm-up (`warmup_seconds`),
  so cuDNN's autotuning (`cudnn.benchmark`) and capture never land in a timed region;
- replays never span a log point or an epoch's end (`replay_length`), so the events are the plain loop's;
- the last, short batch of an epoch runs eagerly (a graph has fixed shapes); its first occurrence is
  warm-up (its shape is new), later ones are timed as training.

Graphs are taken on CUDA for Adam and AdamW, whose learning rate is a device tensor there (training/optim.py):
an epoch schedule changes it in place and the graphs read the new value without being captured again.
One-cycle, which changes the rate and Adam's beta1 every step, replays one step at a time with beta1 as a
device tensor too (`capturable` multi-tensor Adam: the fused kernel reads beta1 as a number at capture).
Off CUDA, `emulate` runs the same replay schedule eagerly, so tests check the bookkeeping on a CPU.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence

import torch

from cnnlab.training.eager import EagerSteps
from cnnlab.training.skeleton import synchronize

ENABLED = os.environ.get("CNNLAB_CUDA_GRAPHS", "1") != "0"  # CNNLAB_CUDA_GRAPHS=0 selects the plain loop
STEPS_PER_GRAPH = 10  # steps per replay (the largest divisor of log_every up to this is used): launch and copy
WARMUP_STEPS = 3  # overhead per replay is already small next to the kernels at 10
GRAPHED_OPTIMIZERS = ("adam", "adamw")  # torch's capturable optimizers with a device-tensor learning rate


def eligible(optimizer: str) -> bool:
    return ENABLED and optimizer in GRAPHED_OPTIMIZERS


def steps_per_graph(log_every: int) -> int:
    return max(d for d in range(1, STEPS_PER_GRAPH + 1) if log_every % d == 0)


def replay_length(s: int, full: int, step: int, every: int, k: int) -> int:
    """Steps the next replay takes from batch `s` (of `full` full batches), `step` steps done: k, where no
    log point and no epoch end falls inside them, else 1."""
    n = min(k, full - s, every - step % every)
    return n if n == k else 1


def on_device(device: torch.device) -> contextlib.AbstractContextManager:
    """Make `device` the current CUDA device (graphs, their streams and RNG belong to it)."""
    return torch.cuda.device(device) if device.type == "cuda" else contextlib.nullcontext()


def capturable(optimizers: Sequence[torch.optim.Optimizer], device: torch.device, on: bool,
               tensor_betas: bool = False) -> None:
    """Adam's step counters on the device during graphed epochs (no host read inside a step); off between
    epochs, so a saved state loads anywhere, as a plain run's does."""
    for opt in optimizers:
        for group in opt.param_groups:
            group["capturable"] = on or tensor_betas  # tensor betas need capturable
        if on:
            for st in opt.state.values():
                if "step" in st and st["step"].device != device:
                    st["step"] = st["step"].to(device, torch.float32)


class EagerReplay:
    """Stands in for a captured CUDA graph off CUDA: `replay` runs the recorded steps eagerly."""

    def __init__(self, steps: list[Callable[[], None]]) -> None:
        self.steps = steps

    def replay(self) -> None:
        for step in self.steps:
            step()


Static = tuple[torch.Tensor, ...]


class Replayer:
    """Replays a step function from CUDA graphs (or, with `emulate`, their eager stand-in).

    The caller gives: `step(rows, log)`, the eager step on batch rows (the last axis is the batch);
    `make_static(n)`, the static inputs of an n-step graph; `captured(static, j, log)`, step j of a graph
    reading them; `fill(static, rows, n)`, which copies a replay's batches into them.
    """

    def __init__(self, device: torch.device, k: int, step: Callable[[torch.Tensor, bool], None],
                 make_static: Callable[[int], Static], captured: Callable[[Static, int, bool], None],
                 fill: Callable[[Static, torch.Tensor, int], None], emulate: bool = False) -> None:
        self.device, self.k = device, k
        self.cuda = device.type == "cuda" and not emulate
        self.side = torch.cuda.Stream(device) if self.cuda else None
        self.step, self.make_static, self.captured, self.fill = step, make_static, captured, fill
        self.graphs: dict[int, tuple[torch.cuda.CUDAGraph | EagerReplay, Static]] | None = None
        self.warm = 0  # eager warm-up steps taken
        self.seen: set[tuple[int, ...]] = set()  # batch shapes stepped once already (autotuned)
        self.replays: Counter[int] = Counter()  # replays taken, by steps per replay
        self.warmup_seconds = 0.0

    def invalidate(self) -> None:
        """Capture again before the next replay (something a graph baked in has changed)."""
        self.graphs = None

    def _eager(self, rows: torch.Tensor, log: bool) -> None:
        if self.side is None:
            self.step(rows, log)
            return
        self.side.wait_stream(torch.cuda.current_stream(self.device))
        with on_device(self.device), torch.cuda.stream(self.side):
            self.step(rows, log)
        torch.cuda.current_stream(self.device).wait_stream(self.side)

    def _timed_as_warmup(self, fn: Callable[[], None]) -> None:
        synchronize(self.device)
        t = time.perf_counter()
        fn()
        synchronize(self.device)
        self.warmup_seconds += time.perf_counter() - t

    def _capture(self) -> dict[int, tuple[torch.cuda.CUDAGraph | EagerReplay, Static]]:
        if self.graphs is None:
            def capture() -> None:
                self.graphs = {}
                for n in sorted({1, self.k}):
                    static = self.make_static(n)
                    steps = [lambda j=j, n=n, s=static: self.captured(s, j, j == n - 1) for j in range(n)]
                    graph: torch.cuda.CUDAGraph | EagerReplay
                    if self.cuda:
                        graph = torch.cuda.CUDAGraph()
                        with on_device(self.device), torch.cuda.graph(graph):
                            for step in steps:
                                step()
                    else:
                        graph = EagerReplay(steps)
                    self.graphs[n] = (graph, static)
            self._timed_as_warmup(capture)
        assert self.graphs is not None
        return self.graphs

    def advance(self, s: int, step: int, full: int, every: int,
                rows_at: Callable[[int, int | None], torch.Tensor]) -> tuple[int, torch.Tensor]:
        """Take the step(s) from batch `s`: `rows_at(s, n)` gives the rows of n batches (None: to the end)."""
        log = (step + 1) % every == 0
        if s >= full or self.warm < WARMUP_STEPS:
            rows = rows_at(s, None if s >= full else 1)
            shape = tuple(rows.shape)
            if self.warm < WARMUP_STEPS or shape not in self.seen:
                self._timed_as_warmup(lambda: self._eager(rows, log))
                self.warm += s < full
            else:
                self._eager(rows, log)
            self.seen.add(shape)
            return 1, rows
        n = replay_length(s, full, step, every, self.k)
        graph, static = self._capture()[n]
        rows = rows_at(s, n)
        self.fill(static, rows, n)
        graph.replay()
        self.replays[n] += 1
        return n, rows


class GraphedSteps:
    """Runs a Trainer's steps from CUDA graphs (or, with `emulate`, their eager stand-in)."""

    def __init__(self, eager: EagerSteps, emulate: bool = False) -> None:
        self.e = eager
        self.device = eager.device
        self.cuda = self.device.type == "cuda" and not emulate
        self.per_step = eager.per_step_schedule  # one-cycle: the schedule steps between replays
        self.win, self.logged = eager.win, eager.logged
        self.order = torch.zeros(0, dtype=torch.int64)
        group = eager.p.optimizer.param_groups[0]
        self.lr_is_tensor = isinstance(group["lr"], torch.Tensor)
        self.captured_lr: float | None = None
        self.betas = group["betas"] if isinstance(group["betas"][0], torch.Tensor) else None
        self._pin_betas()
        self.augmented = eager.p.augment is not None
        self.replayer = Replayer(self.device, 1 if self.per_step else steps_per_graph(eager.p.log_every),
                                 eager.step, self._static, self._captured_step, self._fill, emulate)

    @property
    def warmup_seconds(self) -> float:
        return self.replayer.warmup_seconds

    def _pin_betas(self) -> None:
        """One-cycle writes beta1 as a number: copy it into the device tensor the graph reads."""
        if self.betas is None:
            return
        for group in self.e.p.optimizer.param_groups:
            b1 = group["betas"][0]
            if b1 is not self.betas[0]:
                self.betas[0].fill_(float(b1))
            group["betas"] = self.betas

    def _static(self, n: int) -> Static:
        """Batch indices (the gather is captured), or, with augmentation (which runs outside the graph),
        the augmented images and their labels."""
        B = self.e.p.batch_size
        idx = torch.zeros((n, B), dtype=torch.int64, device=self.device)
        if not self.augmented:
            return (idx,)
        return self.e.p.x[idx].clone(), idx.clone()

    def _captured_step(self, static: Static, j: int, log: bool) -> None:
        if len(static) == 1:
            self.e.step(static[0][j], log)
        else:
            self.e.step_on(static[0][j], static[1][j], log)

    def _fill(self, static: Static, rows: torch.Tensor, n: int) -> None:
        blocks = rows.view(n, -1)
        if len(static) == 1:
            static[0].copy_(blocks)
            return
        for j, idx in enumerate(blocks):  # augmented outside the graph, batch by batch (the eager draws)
            xb, yb = self.e.batch(idx)
            static[0][j].copy_(xb)
            static[1][j].copy_(yb)

    def start_epoch(self) -> None:
        if self.cuda:
            capturable([self.e.p.optimizer], self.device, True, self.betas is not None)
        self.e.start_epoch()
        self.order = torch.cat(self.e.batches)  # the plain loop's permutation
        lr = float(self.e.p.optimizer.param_groups[0]["lr"]) if not self.lr_is_tensor else 0.0
        if not self.lr_is_tensor and lr != self.captured_lr:  # a learning rate baked into the graphs changed
            self.replayer.invalidate()
            self.captured_lr = lr

    def end_epoch(self) -> None:
        if self.cuda:
            capturable([self.e.p.optimizer], self.device, False, self.betas is not None)

    def advance(self, s: int, step: int) -> tuple[int, int]:
        B = self.e.p.batch_size
        full = len(self.order) // B
        n, rows = self.replayer.advance(s, step, full, self.e.p.log_every,
                                        lambda s, n: self.order[s * B:] if n is None else self.order[s * B:(s + n) * B])
        if self.per_step:
            self.e.p.schedule.step()  # type: ignore[union-attr]
            self._pin_betas()
        return n, len(rows)
