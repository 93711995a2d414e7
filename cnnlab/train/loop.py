"""The one training loop: a laptop CPU and an H100 run the same code.

`Trainer.run()` yields events (step records, epoch records, the run's end) and never prints. The
whole data set is already on the device; a batch is an index slice of a seeded permutation. Step
metrics accumulate on the device and are read back in one transfer every `flush` steps, so the hot
loop has no per-step host synchronisation.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator

import torch
import torch.nn.functional as F
from torch import nn
from torch.optim import lr_scheduler

from cnnlab.config import TrainConfig
from cnnlab.data.datasets import DeviceData, epoch_batches
from cnnlab.errors import CnnlabError
from cnnlab.models import build_model, init_weights
from cnnlab.train.events import EpochRecord, Event, RunEnd, StepRecord
from cnnlab.train.metrics import evaluate, grad_norms, layer_groups
from cnnlab.train.optim import make_optimizer, make_schedule

CHANCE_MIN_STEPS = 200  # a run is only called "stuck at chance" after this many steps
CHANCE_FACTOR = 1.5  # ... with accuracy below 1.5x chance on training and held-out data
FLUSH_STEPS = 100  # steps between reads of the device-side metrics (and divergence checks)
EXPLODED = 1000.0  # a loss this many times chance level's (ln classes) is not training: it blew up


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(name)
    except RuntimeError:
        raise CnnlabError(f"unknown device {name!r} (choices: auto, cpu, cuda, cuda:N, mps)") from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise CnnlabError(f"device {name!r} requested but CUDA is not available on this machine")
    return device


def divergence_reason(records: list[StepRecord], num_classes: int) -> str | None:
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


class Trainer:
    """Trains one model on one DeviceData with one TrainConfig; resumable through `state`."""

    def __init__(self, config: TrainConfig, data: DeviceData, model: nn.Module | None = None) -> None:
        if config.early_stop is not None and data.val is None:
            raise CnnlabError("early_stop needs a validation set: set val_split > 0")
        self.config = config
        self.data = data
        self.device = data.train.x.device
        torch.manual_seed(config.seed)  # weight init and dropout masks
        if model is None:
            model = build_model(config.model, data.input_shape, len(data.classes), config.activation, config.dropout)
            init_weights(model, config.init)
        self.model = model.to(self.device)
        self._check_output_shape()
        self.amp = resolve_precision(config.precision, self.device)
        if self.device.type == "cpu" and any(isinstance(m, nn.Conv2d) for m in self.model.modules()):
            self.model.to(memory_format=torch.channels_last)  # oneDNN's fast layout: 1.4x on the baseline
        self.steps_per_epoch = math.ceil(len(data.train) / config.batch_size)
        self.optimizer = make_optimizer([p for p in self.model.parameters() if p.requires_grad], config)
        self.schedule = make_schedule(self.optimizer, config, self.steps_per_epoch)
        self.batch_order = torch.Generator().manual_seed(config.seed)
        self.groups = layer_groups(self.model)
        self._graphed = None  # the CUDA fast path (train/graphed.py): steps replayed from CUDA graphs
        if self.device.type == "cuda":
            from cnnlab.train import graphed

            if graphed.eligible(self):
                self._graphed = graphed.GraphedSteps(self)
        self.epoch = 0  # epochs completed
        self.step = 0
        self.history: list[EpochRecord] = []
        self.best_val_loss = math.inf
        self.best_epoch: int | None = None
        self.best_weights: dict[str, torch.Tensor] | None = None
        self.bad_epochs = 0
        self.train_seconds = 0.0
        self.wall_offset = 0.0  # wall time of epochs run before a resume

    def _check_output_shape(self) -> None:
        """A custom module or spec that does not fit the data fails here, in one line, not mid-epoch."""
        x = self.data.train.x[:2]
        n = len(self.data.classes)
        self.model.eval()
        try:
            with torch.no_grad():
                out = self.model(x)
        except RuntimeError as e:
            first = str(e).strip().splitlines()[0]
            shape = tuple(x.shape[1:])
            raise CnnlabError(f"model {self.config.model!r} cannot run on {shape} input: {first}") from None
        finally:
            self.model.train()
        if tuple(out.shape) != (len(x), n):
            raise CnnlabError(f"model {self.config.model!r} outputs shape {tuple(out.shape[1:])} per example, "
                              f"but the data set has {n} classes")

    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    def _step_records(self, buf: list[torch.Tensor], first_step: int) -> list[StepRecord]:
        """One host transfer for a block of logged steps: rows of (loss, accuracy, lr, norms...)."""
        names = list(self.groups)
        rows = torch.stack(buf).tolist()
        every = self.config.log_every
        # steps are logged at global multiples of log_every; the block starts after step `first_step`
        return [
            StepRecord(self.epoch + 1, (first_step // every + i + 1) * every, self.steps_per_epoch,
                       r[0], r[1], r[2], dict(zip(names, r[3:], strict=True)))
            for i, r in enumerate(rows)
        ]

    def _train_epoch(self) -> Iterator[StepRecord | RunEnd]:
        if self._graphed is not None:
            yield from self._graphed.train_epoch()
            return
        c, model, opt = self.config, self.model, self.optimizer
        x, y = self.data.train.x, self.data.train.y
        model.train()
        loss_sum = torch.zeros((), device=self.device)
        correct = torch.zeros((), device=self.device)
        win_loss = torch.zeros((), device=self.device)  # the current log_every window
        win_correct = torch.zeros((), device=self.device)
        win_n = 0
        buf: list[torch.Tensor] = []
        buf_start = self.step
        per_step_schedule = isinstance(self.schedule, lr_scheduler.OneCycleLR)
        for idx in epoch_batches(len(y), c.batch_size, self.batch_order, self.device):
            xb, yb = x[idx], y[idx]
            with torch.autocast(self.device.type, dtype=self.amp or torch.bfloat16, enabled=self.amp is not None):
                out = model(xb)
            loss = F.cross_entropy(out.float(), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            n = len(yb)
            hits = (out.detach().argmax(1) == yb).sum()
            win_loss += loss.detach() * n
            win_correct += hits
            win_n += n
            self.step += 1
            if self.step % c.log_every == 0:
                lr = torch.full((), self.lr, device=self.device)
                buf.append(torch.cat([torch.stack([win_loss / win_n, win_correct / win_n, lr]),
                                      grad_norms(self.groups)]))
                loss_sum += win_loss
                correct += win_correct
                win_loss, win_correct, win_n = torch.zeros_like(win_loss), torch.zeros_like(win_correct), 0
            opt.step()
            if per_step_schedule:
                self.schedule.step()
            if len(buf) * c.log_every >= FLUSH_STEPS:
                records = self._step_records(buf, buf_start)
                buf, buf_start = [], self.step
                yield from records
                if (end := self._divergence(records)) is not None:
                    yield end
                    return
        if buf:
            records = self._step_records(buf, buf_start)
            yield from records
            if (end := self._divergence(records)) is not None:
                yield end
                return
        loss_sum += win_loss
        correct += win_correct
        total, hits = torch.stack([loss_sum, correct]).tolist()
        self._epoch_train = (total / len(y), hits / len(y))
        if not math.isfinite(total):
            yield self._diverged(f"loss became {total / len(y)} in epoch {self.epoch + 1}")

    def _divergence(self, records: list[StepRecord]) -> RunEnd | None:
        """The end of a run whose logged loss became non-finite or exploded, else None."""
        why = divergence_reason(records, len(self.data.classes))
        return self._diverged(why) if why is not None else None

    def _diverged(self, why: str) -> RunEnd:
        hint = f" (lr {self.config.lr:g} is probably too high for {self.config.optimizer})"
        return self._end("diverged", f"diverged: {why}{hint}")

    def _end(self, status: str, message: str, final: EpochRecord | None = None) -> RunEnd:
        """`final` is the record whose weights the model ends with (the best epoch after early stopping)."""
        final = final or (self.history[-1] if self.history else None)
        now = time.perf_counter()
        partial = now - self._epoch_start if self._epoch_start is not None else 0.0  # ended mid-epoch
        return RunEnd(status, message, self.epoch, self.best_epoch, self.wall_offset + now - self._t0,
                      self.train_seconds + partial, final)  # type: ignore[arg-type]

    def run(self) -> Iterator[Event]:
        """Train the remaining epochs, yielding events; the last event is always a RunEnd."""
        c = self.config
        self._t0 = time.perf_counter()
        self._epoch_start: float | None = None
        chance = 1.0 / len(self.data.classes)
        while self.epoch < c.epochs:
            t = time.perf_counter()
            if self.device.type == "cuda":
                torch.cuda.synchronize(self.device)
            self._epoch_start = t
            for event in self._train_epoch():
                yield event
                if isinstance(event, RunEnd):
                    return
            self._epoch_start = None
            epoch_train_seconds = time.perf_counter() - t  # _train_epoch ends with a host read: synchronised
            self.train_seconds += epoch_train_seconds
            train_loss, train_acc = self._epoch_train
            val = evaluate(self.model, self.data.val.x, self.data.val.y) if self.data.val is not None else None
            test_loss, test_acc = evaluate(self.model, self.data.test.x, self.data.test.y)
            lr_used = self.lr
            self.epoch += 1
            if isinstance(self.schedule, lr_scheduler.ReduceLROnPlateau):
                self.schedule.step(val[0] if val else train_loss)
            elif self.schedule is not None and not isinstance(self.schedule, lr_scheduler.OneCycleLR):
                self.schedule.step()
            record = EpochRecord(self.epoch, train_loss, train_acc, val[0] if val else None, val[1] if val else None,
                                 test_loss, test_acc, lr_used, epoch_train_seconds,
                                 self.wall_offset + time.perf_counter() - self._t0)
            self.history.append(record)
            yield record
            held_acc = val[1] if val else test_acc
            at_chance = max(train_acc, held_acc) < CHANCE_FACTOR * chance
            if self.step >= CHANCE_MIN_STEPS and at_chance:
                yield self._diverged(
                    f"stuck at chance after epoch {self.epoch} (train accuracy {train_acc:.1%}, "
                    f"held-out {held_acc:.1%}, chance {chance:.1%})"
                )
                return
            if val is not None and c.early_stop is not None:
                if val[0] < self.best_val_loss:
                    self.best_val_loss, self.best_epoch, self.bad_epochs = val[0], self.epoch, 0
                    self.best_weights = {k: v.detach().clone() for k, v in self.model.state_dict().items()}
                else:
                    self.bad_epochs += 1
                    if self.bad_epochs >= c.early_stop:
                        self.model.load_state_dict(self.best_weights)
                        yield self._end(
                            "early-stopped",
                            f"early-stopped after epoch {self.epoch}: validation loss has not improved for "
                            f"{c.early_stop} epochs; weights restored from epoch {self.best_epoch}",
                            self.history[self.best_epoch - 1],
                        )
                        return
        yield self._end("finished", f"finished {self.epoch} epochs")

    # -- resumable state -------------------------------------------------------------------------
    def state(self) -> dict:
        """Everything needed to continue bit-for-bit after the last completed epoch (tensors inside)."""
        rng = {"torch": torch.get_rng_state(), "batch_order": self.batch_order.get_state()}
        if self.device.type == "cuda":
            rng["cuda"] = torch.cuda.get_rng_state(self.device)
        return {
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "schedule": self.schedule.state_dict() if self.schedule is not None else None,
            "rng": rng,
            "epoch": self.epoch,
            "step": self.step,
            "history": [r.to_dict() for r in self.history],
            "best": {"val_loss": self.best_val_loss, "epoch": self.best_epoch, "bad_epochs": self.bad_epochs,
                     "weights": self.best_weights},
            "train_seconds": self.train_seconds,
            "wall_seconds": self.history[-1].wall_seconds if self.history else 0.0,
        }

    def restore(self, state: dict) -> None:
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        if self.schedule is not None and state["schedule"] is not None:
            self.schedule.load_state_dict(state["schedule"])
        torch.set_rng_state(state["rng"]["torch"])
        self.batch_order.set_state(state["rng"]["batch_order"])
        if "cuda" in state["rng"] and self.device.type == "cuda":
            torch.cuda.set_rng_state(state["rng"]["cuda"], self.device)
        self.epoch, self.step = int(state["epoch"]), int(state["step"])
        self.history = [EpochRecord(**r) for r in state["history"]]
        best = state["best"]
        self.best_val_loss, self.best_epoch, self.bad_epochs = best["val_loss"], best["epoch"], best["bad_epochs"]
        self.best_weights = best["weights"]
        self.train_seconds = float(state["train_seconds"])
        self.wall_offset = float(state["wall_seconds"])
