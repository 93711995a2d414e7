"""Training: the loop, its events, optimizers and schedules, metrics."""

from cnnlab.train.events import EpochRecord, Event, RunEnd, StepRecord
from cnnlab.train.loop import Trainer, resolve_device

__all__ = ["EpochRecord", "Event", "RunEnd", "StepRecord", "Trainer", "resolve_device"]
