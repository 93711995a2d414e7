"""The one training skeleton: epochs, metric windows, flushes, divergence and early-stopping decisions.

Every way of training — one run eagerly (`eager.EagerSteps`), one run from CUDA graphs
(`graphed.GraphedSteps`), many runs as one stacked model (`stacked.StackedSteps`) — is this loop
with another step function. The skeleton trains R runs at once (R = 1 for a `Trainer`): a step
function takes optimizer steps and accumulates, on the device, each run's (loss sum, correct) over
the current log window in `win` and the learning rate and gradient norms of the last logged step in
`logged`; the skeleton reads them back in one transfer every `FLUSH_STEPS` steps, turns them into
events, and makes every decision (diverged, stuck at chance, early-stopped, finished) per run.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from typing import Protocol

import torch

from cnnlab.config import TrainConfig
from cnnlab.events import EpochRecord, Event, Phase, RunEnd, StepRecord

CHANCE_MIN_STEPS = 200  # a run is only called "stuck at chance" after this many steps
CHANCE_FACTOR = 1.5  # ... with accuracy below 1.5x chance on training and held-out data
FLUSH_STEPS = 100  # steps between reads of the device-side metrics (and divergence checks)
EXPLODED = 1000.0  # a loss this many times chance level's (ln classes) is not training: it blew up


def divergence_reason(records: Sequence[StepRecord], num_classes: int) -> str | None:
    """Why a block of step records shows a diverged run (loss not finite, or exploded), else None."""
    limit = EXPLODED * math.log(num_classes)
    for r in records:
        if not math.isfinite(r.loss):
            return f"loss became {r.loss} at epoch {r.epoch}, step {r.step}"
        if r.loss > limit:
            return f"loss exploded to {r.loss:.3g} at epoch {r.epoch}, step {r.step}"
    return None


def resolve_precision(precision: str, device: torch.device) -> torch.dtype | None:
    """The autocast dtype of the training step, or None for plain fp32."""
    if precision == "bf16":
        return torch.bfloat16
    native_bf16 = getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)()
    if precision == "auto" and device.type == "cpu" and native_bf16:
        return torch.bfloat16
    return None


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


class Steps(Protocol):
    """A step function: what differs between the eager, graphed and stacked paths."""

    win: torch.Tensor  # (2, R): each run's loss sum and correct count over the current log window
    logged: torch.Tensor  # (R, 1 + layers): each run's lr and layer gradient norms at the last logged step
    warmup_seconds: float  # time spent warming up and capturing graphs (kept out of train_seconds)

    def start_epoch(self) -> None:
        """Training mode, this epoch's batch order."""

    def end_epoch(self) -> None:
        """The epoch's steps are done (or the runs ended mid-epoch)."""

    def advance(self, s: int, step: int) -> tuple[int, int]:
        """Take the optimizer step(s) from batch `s` of this epoch, `step` steps done so far in the run;
        return (steps taken, examples each run saw). A logged step (global multiple of log_every) is
        always the last one taken."""
        ...


class Skeleton:
    """The epoch loop of R runs trained together. Subclasses set the attributes below and the hooks."""

    configs: list[TrainConfig]
    steps: Steps
    device: torch.device
    num_classes: int
    n_train: int  # training examples per run
    steps_per_epoch: int
    layer_names: list[str]

    def _init_skeleton(self) -> None:
        R = len(self.configs)
        self.epoch = 0  # epochs completed
        self.step = 0  # optimizer steps taken
        self.histories: list[list[EpochRecord]] = [[] for _ in range(R)]
        self.best_val_losses = [math.inf] * R
        self.best_epochs: list[int | None] = [None] * R
        self.bad_epoch_counts = [0] * R
        self.alive = [True] * R
        self.train_seconds = 0.0  # the group's time in optimizer steps (warm-up excluded)
        self.run_train_seconds = [0.0] * R  # each run's share of it (train_seconds / runs training)
        self.run_wall_seconds = [0.0] * R  # each run's share of the group's wall time
        self.wall_offset = 0.0  # wall time of epochs run before a resume (R = 1)
        self._epoch_start: float | None = None

    # -- hooks ---------------------------------------------------------------------------------------
    def _evaluate(self) -> list[tuple[tuple[float, float] | None, tuple[float, float]]]:
        """Each run's (validation (loss, accuracy) or None, test (loss, accuracy))."""
        raise NotImplementedError

    def _lrs(self) -> list[float]:
        """Each run's learning rate after the epoch's last step."""
        raise NotImplementedError

    def _schedule_epoch(self, metrics: list[float]) -> None:
        """Step the epoch schedules; `metrics` feed reduce-on-plateau (validation or training loss)."""
        raise NotImplementedError

    def _keep_best(self, runs: list[int]) -> None:
        """Remember the weights of `runs`, whose validation loss just improved."""
        raise NotImplementedError

    def _stop(self, r: int, restore_best: bool) -> None:
        """Run r ends now (with its best weights if `restore_best`); the others go on."""
        raise NotImplementedError

    def _extra(self) -> dict:
        return {}

    # -- the loop ------------------------------------------------------------------------------------
    def _alive(self) -> list[int]:
        return [r for r in range(len(self.configs)) if self.alive[r]]

    def _share_wall(self) -> None:
        """Split the wall time since the last call among the runs still training."""
        now = time.perf_counter()
        alive = self._alive()
        for r in alive:
            self.run_wall_seconds[r] += (now - self._wall_mark) / len(alive)
        self._wall_mark = now

    def _end(self, r: int, status: str, message: str, final: EpochRecord | None = None) -> RunEnd:
        """`final` is the record whose weights the run ends with (the best epoch after early stopping)."""
        history = self.histories[r]
        final = final or (history[-1] if history else None)
        self._share_wall()
        partial = 0.0
        if self._epoch_start is not None:  # ended mid-epoch: that epoch's training time so far counts
            partial = (time.perf_counter() - self._epoch_start) / max(1, len(self._alive()))
        extra = {"group_size": len(self.configs), "warmup_seconds": self.steps.warmup_seconds, **self._extra()}
        return RunEnd(status, message, self.epoch, self.best_epochs[r],  # type: ignore[arg-type]
                      self.wall_offset + self.run_wall_seconds[r], self.run_train_seconds[r] + partial, final, extra)

    def halt(self, r: int, message: str) -> RunEnd:
        """End run r from outside the loop, between two of its events (a search prunes it at a rung); the runs
        still training go on. Its RunEnd is returned, not yielded."""
        end = self._end(r, "pruned", message)
        self._stop(r, restore_best=False)
        self.alive[r] = False
        return end

    def _diverged(self, r: int, why: str) -> RunEnd:
        c = self.configs[r]
        end = self._end(r, "diverged", f"diverged: {why} (lr {c.lr:g} is probably too high for {c.optimizer})")
        self._stop(r, restore_best=False)
        self.alive[r] = False
        return end

    def _flush(self, buf: list[torch.Tensor], first_step: int) -> Iterator[tuple[int, StepRecord | RunEnd]]:
        """One host transfer for a block of logged steps of every run; then each run's divergence check."""
        rows = torch.stack(buf).tolist()  # (blocks, R, 3 + layers)
        every = self.configs[0].log_every
        for r in self._alive():
            records = []
            for i, block in enumerate(rows):
                v = block[r]
                step = (first_step // every + i + 1) * every  # log points are global multiples of log_every
                records.append(StepRecord(self.epoch + 1, step, self.steps_per_epoch, v[0], v[1], v[2],
                                          dict(zip(self.layer_names, v[3:], strict=True))))
                yield r, records[-1]
            if (why := divergence_reason(records, self.num_classes)) is not None:
                yield r, self._diverged(r, why)

    def _train_epoch(self) -> Iterator[tuple[int, StepRecord | RunEnd]]:
        st = self.steps
        st.start_epoch()
        try:
            yield from self._epoch_steps()
        finally:
            st.end_epoch()

    def _epoch_steps(self) -> Iterator[tuple[int, StepRecord | RunEnd]]:
        every, st = self.configs[0].log_every, self.steps
        st.win.zero_()
        total = torch.zeros_like(st.win)  # (loss, correct) of each run over the epoch
        win_n = 0
        buf: list[torch.Tensor] = []
        buf_start, s = self.step, 0
        while s < self.steps_per_epoch:
            n, examples = st.advance(s, self.step)
            self.step += n
            s += n
            win_n += examples
            if self.step % every == 0:
                buf.append(torch.cat([(st.win / win_n).T, st.logged], 1))
                total += st.win
                st.win.zero_()
                win_n = 0
            if buf and (len(buf) * every >= FLUSH_STEPS or s >= self.steps_per_epoch):
                yield from self._flush(buf, buf_start)
                buf, buf_start = [], self.step
                if not any(self.alive):
                    return
        total += st.win
        totals = total.T.tolist()
        self._epoch_train = [(t / self.n_train, h / self.n_train) for t, h in totals]
        for r in self._alive():
            if not math.isfinite(totals[r][0]):
                yield r, self._diverged(r, f"loss became {totals[r][0] / self.n_train} in epoch {self.epoch + 1}")

    def _events(self) -> Iterator[tuple[int, Event]]:
        """Train every run to its end, yielding (run index, event); each run's last event is its RunEnd."""
        self._wall_mark = time.perf_counter()
        epochs = self.configs[0].epochs
        chance = 1.0 / self.num_classes
        while self.epoch < epochs and any(self.alive):
            synchronize(self.device)
            started = self._alive()
            training = len(started)
            t = self._epoch_start = time.perf_counter()
            warm = self.steps.warmup_seconds
            yield from self._train_epoch()
            self._epoch_start = None
            # the epoch ends with a host read, so the clock is synchronised; warm-up is its own figure
            epoch_seconds = time.perf_counter() - t - (self.steps.warmup_seconds - warm)
            self.train_seconds += epoch_seconds
            for r in started:
                if self.alive[r]:  # a run that ended mid-epoch had its share in its RunEnd
                    self.run_train_seconds[r] += epoch_seconds / training
            alive = self._alive()
            if not alive:
                break
            for r in alive:
                yield r, Phase("evaluating", epoch=self.epoch + 1)
            results = self._evaluate()
            lrs = self._lrs()
            self.epoch += 1
            self._schedule_epoch([(v[0] if v else self._epoch_train[r][0]) for r, (v, _) in enumerate(results)])
            self._share_wall()
            improved = []
            for r in alive:
                c = self.configs[r]
                (tl, ta), (v, (test_loss, test_acc)) = self._epoch_train[r], results[r]
                record = EpochRecord(self.epoch, tl, ta, v[0] if v else None, v[1] if v else None, test_loss,
                                     test_acc, lrs[r], epoch_seconds / training,
                                     self.wall_offset + self.run_wall_seconds[r])
                self.histories[r].append(record)
                yield r, record
                if not self.alive[r]:  # halted by the consumer at this epoch (halt)
                    continue
                held_acc = v[1] if v else test_acc
                if self.step >= CHANCE_MIN_STEPS and max(ta, held_acc) < CHANCE_FACTOR * chance:
                    yield r, self._diverged(r, f"stuck at chance after epoch {self.epoch} (train accuracy "
                                               f"{ta:.1%}, held-out {held_acc:.1%}, chance {chance:.1%})")
                    continue
                if v is None or c.early_stop is None:
                    continue
                if v[0] < self.best_val_losses[r]:
                    self.best_val_losses[r], self.best_epochs[r], self.bad_epoch_counts[r] = v[0], self.epoch, 0
                    improved.append(r)
                    continue
                self.bad_epoch_counts[r] += 1
                if self.bad_epoch_counts[r] >= c.early_stop:
                    best = self.best_epochs[r]
                    end = self._end(r, "early-stopped",
                                    f"early-stopped after epoch {self.epoch}: validation loss has not improved "
                                    f"for {c.early_stop} epochs; weights restored from epoch {best}",
                                    self.histories[r][best - 1])  # type: ignore[operator]
                    self._stop(r, restore_best=True)
                    self.alive[r] = False
                    yield r, end
            if improved:
                self._keep_best(improved)
        for r in self._alive():
            end = self._end(r, "finished", f"finished {self.epoch} epochs")
            self._stop(r, restore_best=False)
            self.alive[r] = False
            yield r, end
