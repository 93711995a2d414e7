"""The executor interface: where a spec's runs are trained, and how they report back.

The driver (the `cnnlab run` process, which owns the store) plans runs and hands them to an
executor with a `RunSink`. An executor may train runs in this process (sequential), many at once
as one stacked model (vectorized), or on other machines (Ray); in every case the results come back
through the sink, on the driver, which is the only writer of the store. A run's resumable state
lives in its `run_dir` on the driver: an executor that trains elsewhere ships the state files
(`state.safetensors`/`state.json`) and the final checkpoint (`model.safetensors`/`model.json`) back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cnnlab.config import TrainConfig
from cnnlab.events import Event
from cnnlab.training.session import RunResult


@dataclass(frozen=True)
class PlannedRun:
    run_id: str  # stable: derived from the full config (seed included), so a re-run finds it again
    config: TrainConfig
    run_dir: Path  # checkpoints and resumable state of this run, on the driver
    until: int | None = None  # a search's rung: pause after this epoch, state saved (result status "paused")


class RunSink(Protocol):
    """The driver's side. Called from the driver's thread only (executors marshal calls back)."""

    def on_start(self, run: PlannedRun) -> None: ...

    def on_event(self, run: PlannedRun, event: Event) -> None: ...

    def on_result(self, run: PlannedRun, result: RunResult) -> None: ...

    def on_error(self, run: PlannedRun, message: str) -> None: ...


class Executor(Protocol):
    name: str

    def execute(self, runs: Sequence[PlannedRun], sink: RunSink) -> None:
        """Train every run, reporting each through `sink`; a failing run must not stop the others."""
        ...
