"""Training: the loop, its events, optimizers and schedules, metrics."""

from cnnlab.training.events import EpochRecord, Event, RunEnd, StepRecord
from cnnlab.training.loop import Trainer, resolve_device

__all__ = ["EpochRecord", "Event", "RunEnd", "StepRecord", "Trainer", "resolve_device"]
