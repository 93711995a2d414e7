"""What the training loop reports: records the loop produces and the store keeps, below both (no torch).

The loop never prints: the CLI, the store and the report consume these."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["finished", "early-stopped", "diverged", "pruned"]  # pruned: a search stopped it at a rung


@dataclass(frozen=True)
class StepRecord:
    """Mean training loss and accuracy over the last `log_every` steps, and each layer's gradient norm."""

    epoch: int
    step: int  # global optimizer step, counted from 1
    steps_per_epoch: int
    loss: float
    accuracy: float
    lr: float
    grad_norms: dict[str, float]

    @property
    def first_layer_grad_norm(self) -> float:
        return next(iter(self.grad_norms.values()), float("nan"))


@dataclass(frozen=True)
class EpochRecord:
    epoch: int
    train_loss: float
    train_accuracy: float
    val_loss: float | None
    val_accuracy: float | None
    test_loss: float
    test_accuracy: float
    lr: float
    train_seconds: float  # time spent in optimizer steps this epoch
    wall_seconds: float  # since the run started, evaluation included

    def to_dict(self) -> dict:
        return asdict(self)


class EndMetrics:
    """The test metrics of the epoch whose weights a run ended with (`final`), for the result types."""

    final: EpochRecord | None

    @property
    def test_accuracy(self) -> float | None:
        """Test accuracy (a fraction in [0, 1]) of the weights the run ended with."""
        return self.final.test_accuracy if self.final else None

    @property
    def test_loss(self) -> float | None:
        return self.final.test_loss if self.final else None


@dataclass(frozen=True)
class RunEnd:
    status: Status
    message: str
    epochs: int  # epochs completed
    best_epoch: int | None
    wall_seconds: float
    train_seconds: float
    final: EpochRecord | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Phase:
    """A wait that is not a training step (loading data, evaluating): the CLI shows it as a status line."""

    name: str  # "loading data", "evaluating"
    epoch: int | None = None


@dataclass(frozen=True)
class Watch:
    """Training starts: the run's model, once, before its first step (after a resume: with the restored
    weights), for consumers that read weights and gradients in place between epochs, as a tracker's histograms
    do, and the epoch's step count for a progress bar. It never leaves the training process: an executor that
    ships events elsewhere drops it; a consumer that does not know it ignores it, as every consumer ignores
    kinds it does not know."""

    model: Any  # torch.nn.Module (not imported here: this module stays free of torch)
    input_shape: tuple[int, ...]
    epoch: int  # epochs already completed (0 for a fresh run)
    steps_per_epoch: int = 0  # what a progress bar counts to, shown from the first step on


Event = StepRecord | EpochRecord | RunEnd | Phase | Watch
