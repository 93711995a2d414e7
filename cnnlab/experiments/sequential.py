"""The sequential executor: each run in this process, one after the other, with `train_run`."""

from __future__ import annotations

from collections.abc import Sequence

from cnnlab.errors import CnnlabError, DiskFullError
from cnnlab.experiments.executor import PlannedRun, RunSink
from cnnlab.training.session import train_run


def one_line(e: BaseException) -> str:
    """An exception as the one-line message stored with a failed run."""
    if isinstance(e, CnnlabError):
        return str(e)
    first = next((line.strip() for line in str(e).splitlines() if line.strip()), "")
    return f"{type(e).__name__}: {first}" if first else type(e).__name__


class SequentialExecutor:
    """Trains runs one by one; resumes each from the state files in its run_dir, if any."""

    name = "sequential"

    def execute(self, runs: Sequence[PlannedRun], sink: RunSink) -> None:
        for run in runs:
            try:
                sink.on_start(run)
                paused = {"stop_after": run.until} if run.until is not None else {}  # a search's rung
                result = train_run(run.config, run.run_dir, lambda event, run=run: sink.on_event(run, event),
                                   keep_steps=False, **paused)  # the sink records steps as they come
            except DiskFullError as e:  # every following run would fail as well: stop the sweep
                try:
                    sink.on_error(run, one_line(e))  # recorded if the store still takes a line
                except CnnlabError:
                    pass  # else it reads as interrupted once this process has ended
                raise
            except Exception as e:  # noqa: BLE001 (one failing run must not stop the sweep)
                sink.on_error(run, one_line(e))
                continue
            sink.on_result(run, result)
