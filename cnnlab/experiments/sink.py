"""The sink that writes the results store as runs report back (on the driver, the only writer).

Step records are buffered and written with their epoch's record in one transaction, so the store
holds whole epochs only: a run killed mid-epoch resumes from its last state file and re-records
that epoch, and `INSERT OR REPLACE` on (run, epoch) and (run, step) keeps the curves free of gaps
and duplicates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cnnlab.events import EpochRecord, Event, RunEnd, StepRecord
from cnnlab.experiments.executor import PlannedRun, RunSink
from cnnlab.experiments.initial import save_initial_weights
from cnnlab.store.db import Store
from cnnlab.training.session import RunResult


def resume_epoch(run_dir: Path) -> int:
    """The epoch a run's saved state continues after; 0 when there is none.

    Read from the header of state.safetensors, the commit point of a saved state (state.json, written
    after it, can lag one epoch behind when a process is killed between the two writes).
    """
    try:
        with open(Path(run_dir) / "state.safetensors", "rb") as f:
            header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
        meta = json.loads(header["__metadata__"]["cnnlab"])
        return int(dict(meta["state"]["__dict__"])["epoch"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def result_metrics(result: RunResult) -> dict[str, Any]:
    return {
        "epochs": result.epochs,
        "best_epoch": result.best_epoch,
        "test_accuracy": result.test_accuracy,
        "test_loss": result.test_loss,
        "best_test_accuracy": result.best_test_accuracy,
        "final_train_loss": result.history[-1].train_loss if result.history else None,
        "wall_seconds": result.wall_seconds,
        "train_seconds": result.train_seconds,
    }


class StoreSink:
    """Records every run's start, curves, result or error in the store."""

    def __init__(self, store: Store, executor: str) -> None:
        self.store = store
        self.executor = executor
        self.steps: dict[str, list[StepRecord]] = {}

    def on_start(self, run: PlannedRun) -> None:
        self.steps[run.run_id] = []
        self.store.start_run(run.run_id, self.executor, resume_epoch(run.run_dir))
        save_initial_weights(run.config, run.run_dir)

    def on_event(self, run: PlannedRun, event: Event) -> None:
        buffer = self.steps.setdefault(run.run_id, [])
        if isinstance(event, StepRecord):
            buffer.append(event)
        elif isinstance(event, EpochRecord):
            self.store.add_curves(run.run_id, [event], buffer)
            buffer.clear()
        elif isinstance(event, RunEnd) and buffer:  # a run that diverged mid-epoch: keep its last steps
            self.store.add_curves(run.run_id, [], buffer)
            buffer.clear()

    def on_result(self, run: PlannedRun, result: RunResult) -> None:
        steps = self.steps.pop(run.run_id, [])
        self.store.finish_run(run.run_id, result.status, result.message, result_metrics(result),
                              result.history, [*result.steps, *steps])

    def on_error(self, run: PlannedRun, message: str) -> None:
        self.steps.pop(run.run_id, None)
        self.store.fail_run(run.run_id, message)


class FanOut:
    """Several sinks as one, called in order (the store first, then the progress display)."""

    def __init__(self, *sinks: RunSink) -> None:
        self.sinks = sinks

    def on_start(self, run: PlannedRun) -> None:
        for s in self.sinks:
            s.on_start(run)

    def on_event(self, run: PlannedRun, event: Event) -> None:
        for s in self.sinks:
            s.on_event(run, event)

    def on_result(self, run: PlannedRun, result: RunResult) -> None:
        for s in self.sinks:
            s.on_result(run, result)

    def on_error(self, run: PlannedRun, message: str) -> None:
        for s in self.sinks:
            s.on_error(run, message)
