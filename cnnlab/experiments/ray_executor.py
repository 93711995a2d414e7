"""The Ray executor: one Ray task per run, on a local Ray runtime or an existing Ray cluster.

Why it is shaped this way:

- The store and the run folders stay on the driver, so no shared filesystem is needed. A worker
  trains in a private temporary folder with `train_run`. Before it starts it asks for the run's
  latest resumable state (the files the driver held when the sweep started, or what an earlier
  attempt of the same task reported since), so a retried task resumes instead of starting over.
- Workers report back through a small relay actor that lives on the driver's node: after each
  completed epoch a worker sends that epoch's events together with the state files saved at its
  end, in one message. The driver drains the relay on its own thread, calls the sink, then writes
  the state files atomically into `run.run_dir`. Events are committed whole epochs at a time, so a
  worker killed mid-epoch never leaves half an epoch behind, and a retried task repeats at most
  that one epoch. The relay fences each attempt (reports from an older attempt are dropped) and the
  driver drops any epoch it has already committed, so a curve has no gap and no duplicate epoch.
- Ray retries a task only when its worker process or node dies (`max_retries`, bounded). A run that
  fails for its own reasons (a divergence is a normal RunResult; a bad setting is a CnnlabError) is
  caught in the worker, returned, and recorded once (`retry_exceptions=False`).
- Ctrl-C (or any error in the sink) cancels the outstanding tasks and re-raises; the run folders
  only ever receive complete files, and a commit is never cut in half by Ctrl-C, so re-running the
  spec resumes.

Ray is an optional extra: this module imports without it, and only `RayExecutor(...)` needs it.

Known limits: when a worker dies, Ray's driver-side listener prints a "(raylet) A worker died ..."
notice on sys.stdout (even with log_to_driver=False), so a caller that keeps stdout for JSON should
point stdout at stderr while the sweep runs. A worker killed by SIGKILL leaves its temp folder
(`cnnlab-ray-<pid>-*` in the worker's temp dir) behind until the next task on that node removes it
(Linux only: it checks /proc for the pid).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cnnlab.config import TrainConfig
from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, Event, StepRecord, Watch
from cnnlab.experiments.executor import PlannedRun, RunSink
from cnnlab.store.atomic import atomic_write_bytes
from cnnlab.training.session import RunResult

log = logging.getLogger(__name__)

RAY_MISSING = "the Ray executor needs the ray extra: pip install 'cnnlab[ray]'"
# the two-file pairs a run folder holds, each written weights first, then the JSON naming their checksum
STATE_FILES = ("state.safetensors", "state.json")
MODEL_FILES = ("model.safetensors", "model.json")
TMP_PREFIX = "cnnlab-ray-"  # a worker's private run folder: cnnlab-ray-<pid>-<random> in its temp dir
POLL_SECONDS = 0.2  # how often the driver drains the relay while it waits for tasks

Files = dict[str, bytes]


# -- messages between workers and the driver (plain picklable data) ------------------------------------
@dataclass(frozen=True)
class Snapshot:
    """A run's resumable state: the state files after `epoch` completed epochs."""

    epoch: int
    files: Files


@dataclass(frozen=True)
class Attempt:
    """One execution of a run's task: the first, or a retry after its worker or node was lost."""

    run_id: str
    attempt: int  # 1 for the first execution, 2 for the first retry, ...
    pid: int  # the worker process (on `node_id`)
    node_id: str
    resumed_epoch: int  # completed epochs it started from (0: from scratch)


@dataclass(frozen=True)
class EpochBatch:
    """One completed epoch of a run: its events (steps, then the epoch record) and the state saved after it."""

    run_id: str
    attempt: int
    snapshot: Snapshot
    events: list[Event]


@dataclass(frozen=True)
class Outcome:
    """What a task returns: the result, the events after the last batch, and the final checkpoint; or an error."""

    run_id: str
    attempt: int
    result: RunResult | None = None
    events: list[Event] = field(default_factory=list)
    files: Files = field(default_factory=dict)
    error: str | None = None


# -- the relay actor (runs on the driver's node) -------------------------------------------------------
class Relay:
    """Holds what workers report until the driver drains it, and each run's latest state for retries."""

    def __init__(self) -> None:
        self._outbox: list[Attempt | EpochBatch] = []
        self._latest: dict[str, Snapshot] = {}
        self._attempts: dict[str, int] = {}

    def begin(self, run_id: str, pid: int, node_id: str, start: Snapshot | None) -> tuple[int, Snapshot | None]:
        """Register a new attempt; return its number and the newest state (the driver's, or reported since)."""
        attempt = self._attempts.get(run_id, 0) + 1
        self._attempts[run_id] = attempt
        latest = self._latest.get(run_id)
        if start is not None and (latest is None or start.epoch > latest.epoch):
            latest = start
        self._outbox.append(Attempt(run_id, attempt, pid, node_id, latest.epoch if latest else 0))
        return attempt, latest

    def report(self, batch: EpochBatch) -> bool:
        """Accept an epoch from the current attempt only (a lost attempt's late message is dropped)."""
        latest = self._latest.get(batch.run_id)
        if batch.attempt != self._attempts.get(batch.run_id) or (latest and batch.snapshot.epoch <= latest.epoch):
            return False
        self._latest[batch.run_id] = batch.snapshot
        self._outbox.append(batch)
        return True

    def drain(self) -> list[Attempt | EpochBatch]:
        out, self._outbox = self._outbox, []
        return out

    def forget(self, run_id: str) -> None:
        self._latest.pop(run_id, None)


# -- the task (runs on a worker) -----------------------------------------------------------------------
def _source_files(directory: Path) -> tuple[str, ...]:
    """The copy of a custom model's module that the checkpoint names (see `save_checkpoint`), if any."""
    try:
        source = json.loads((directory / "model.json").read_text())["model"].get("source") or {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ()
    name = source.get("file") if isinstance(source, dict) else None
    return (name,) if isinstance(name, str) and name and Path(name).name == name else ()


def _read_files(directory: Path, names: Sequence[str]) -> Files:
    return {name: (directory / name).read_bytes() for name in names if (directory / name).exists()}


def _remove_orphans() -> None:
    """Remove the temp folders of killed workers on this node (named after their pid, which is gone)."""
    if not Path("/proc/self").exists():
        return
    for path in Path(tempfile.gettempdir()).glob(f"{TMP_PREFIX}*-*"):
        pid = path.name.removeprefix(TMP_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(path, ignore_errors=True)


def _state_epoch(state_json: bytes) -> int | None:
    """The completed epochs a state.json records (see `Trainer.state`), or None if it is not readable."""
    try:
        return int(dict(json.loads(state_json)["state"]["__dict__"])["epoch"])
    except (ValueError, KeyError, TypeError):
        return None


def train_task(run_id: str, config_values: dict[str, Any], start: Snapshot | None, relay: Any,
               until: int | None = None) -> Outcome:
    """Train one run in a private temp folder, resuming from the newest state, reporting each epoch to `relay`;
    with `until` (a search's rung), pause after that epoch and return the state files instead of a checkpoint."""
    import ray

    from cnnlab.experiments.sequential import one_line
    from cnnlab.training.session import train_run

    node_id = ray.get_runtime_context().get_node_id()
    attempt, snapshot = ray.get(relay.begin.remote(run_id, os.getpid(), node_id, start))
    _remove_orphans()
    with tempfile.TemporaryDirectory(prefix=f"{TMP_PREFIX}{os.getpid()}-") as tmp:
        out = Path(tmp)
        if snapshot is not None:
            for name in STATE_FILES:  # weights first, like write_pair: the JSON names their checksum
                (out / name).write_bytes(snapshot.files[name])
        pending: list[Event] = []

        def on_event(event: Event) -> None:
            if isinstance(event, Watch):  # the model itself stays in this process
                return
            # train_run saves the state right after passing on an EpochRecord (all but the last epoch's):
            # by the next event it is on disk, and the epoch goes to the driver with it, in one message
            last = pending[-1] if pending else None
            if isinstance(last, EpochRecord):
                saved = _read_files(out, STATE_FILES)
                if len(saved) == len(STATE_FILES) and _state_epoch(saved[STATE_FILES[1]]) == last.epoch:
                    ray.get(relay.report.remote(EpochBatch(run_id, attempt, Snapshot(last.epoch, saved),
                                                           list(pending))))
                    pending.clear()
            pending.append(event)

        try:
            result = train_run(TrainConfig(**config_values), out, on_event, keep_steps=False, stop_after=until)
        except Exception as e:  # noqa: BLE001 (the run's own failure: recorded, never retried)
            return Outcome(run_id, attempt, error=one_line(e))
        if result.status == "paused":
            return Outcome(run_id, attempt, result, pending, _read_files(out, STATE_FILES))
        return Outcome(run_id, attempt, result, pending, _read_files(out, (*_source_files(out), *MODEL_FILES)))


# -- the driver ----------------------------------------------------------------------------------------
@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, so a commit (sink calls, then a file pair) is never cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[Any] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append((signum, frame)))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):
            previous(*caught[0])


def _write_pair(directory: Path, names: Sequence[str], files: Files) -> None:
    for name in names:  # weights first, then the JSON that names their checksum
        atomic_write_bytes(directory / name, files[name])


def _read_snapshot(run_dir: Path) -> Snapshot | None:
    """The state files the driver holds for a run (what an interrupted earlier sweep left), if any."""
    files = _read_files(run_dir, STATE_FILES)
    if len(files) != len(STATE_FILES):
        return None
    epoch = _state_epoch(files[STATE_FILES[1]])  # unreadable: train_run names the problem when it resumes
    return Snapshot(epoch or 0, files)


def _ray_error(e: Exception) -> str:
    first = next((line.strip() for line in str(e).splitlines() if line.strip()), "")
    return f"Ray task failed ({type(e).__name__}): {first}" if first else f"Ray task failed ({type(e).__name__})"


class _Sweep:
    """The driver's book-keeping for one `execute` call: commits what workers report, in order."""

    def __init__(self, runs: Sequence[PlannedRun], sink: RunSink, attempts: list[Attempt]) -> None:
        self.runs = {run.run_id: run for run in runs}
        self.sink = sink
        self.attempts = attempts
        self.started: set[str] = set()
        self.committed: dict[str, int] = {}  # run_id -> epochs whose events and state are on the driver

    def start(self, run: PlannedRun) -> None:
        if run.run_id not in self.started:
            self.started.add(run.run_id)
            self.sink.on_start(run)

    def emit(self, run: PlannedRun, events: Sequence[Event]) -> None:
        done = self.committed.get(run.run_id, 0)
        for event in events:  # epochs already committed (re-sent by a retry) are dropped
            if isinstance(event, StepRecord | EpochRecord) and event.epoch <= done:
                continue
            self.sink.on_event(run, event)

    def take(self, messages: Sequence[Attempt | EpochBatch]) -> None:
        for message in messages:
            run = self.runs[message.run_id]
            if isinstance(message, Attempt):
                self.attempts.append(message)
                self.committed.setdefault(run.run_id, message.resumed_epoch)
                if message.attempt > 1:
                    log.warning("run %s: worker lost; attempt %d on node %s resumes after epoch %d",
                                run.run_id, message.attempt, message.node_id, message.resumed_epoch)
                self.start(run)
                continue
            epoch = message.snapshot.epoch
            if epoch <= self.committed.get(run.run_id, 0):
                continue
            with _sigint_deferred():
                self.emit(run, message.events)
                _write_pair(run.run_dir, STATE_FILES, message.snapshot.files)
                self.committed[run.run_id] = epoch

    def finish(self, run: PlannedRun, outcome: Outcome) -> None:
        self.start(run)
        with _sigint_deferred():
            if outcome.result is not None and outcome.result.status == "paused":  # a search's rung: state, no model
                self.emit(run, outcome.events)
                _write_pair(run.run_dir, STATE_FILES, outcome.files)
                self.sink.on_result(run, outcome.result)
                return
            missing = [name for name in MODEL_FILES if name not in outcome.files]
            if outcome.error is not None or outcome.result is None or missing:
                self.sink.on_error(run, outcome.error or f"the Ray task returned no {' or '.join(missing) or 'result'}")
                return
            self.emit(run, outcome.events)
            sources = [n for n in outcome.files if n not in MODEL_FILES and Path(n).name == n]
            _write_pair(run.run_dir, (*sources, *MODEL_FILES), outcome.files)  # the JSON, naming the rest, last
            for name in STATE_FILES:  # as train_run does: a finished run keeps its checkpoint, not its state
                (run.run_dir / name).unlink(missing_ok=True)
            self.sink.on_result(run, replace(outcome.result, checkpoint=str(run.run_dir)))

    def fail(self, run: PlannedRun, message: str) -> None:
        self.start(run)
        self.sink.on_error(run, message)


CONNECT_TIMEOUT = 5.0  # seconds to wait for a TCP answer from a cluster's address (Ray itself waits minutes)


def check_reachable(address: str) -> None:
    """Fail in seconds, with one line, when nothing listens at HOST:PORT (`auto` is left to Ray)."""
    target = address.removeprefix("ray://")
    host, sep, port = target.rpartition(":")
    if address == "auto" or not sep:
        return
    if not port.isdigit() or not 0 < int(port) < 65536 or not host:
        raise CnnlabError(f"invalid Ray address {address!r} (expected HOST:PORT, e.g. 10.0.0.5:6379, or 'auto')")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as e:
        why = "no answer" if isinstance(e, TimeoutError) else (e.strerror or str(e))
        raise CnnlabError(f"cannot reach the Ray cluster at {address}: {why} (is `ray start --head` running "
                          "there, and the port open?)") from None


class RayExecutor:
    """Runs each PlannedRun as one Ray task; results, curves and checkpoints come back to the driver.

    `address`: None starts a new local Ray runtime for the sweep (`num_cpus` cores, default all) and
    stops it afterwards; "HOST:PORT" or "auto" (the cluster `ray start` made on this machine, or
    $RAY_ADDRESS) connects to a running cluster and only disconnects after; `num_cpus` is then unused.
    If Ray is already initialised in this process, that runtime is used and left running.
    `num_gpus_per_run` > 0 asks Ray for that share of a GPU per run (the run's device "auto" then
    resolves to the GPU Ray assigned). `max_retries` bounds retries after a lost worker or node.
    """

    name = "ray"

    def __init__(self, address: str | None = None, num_cpus: int | None = None, num_gpus_per_run: float = 0,
                 max_retries: int = 3) -> None:
        try:
            import ray
        except ImportError:
            raise CnnlabError(RAY_MISSING) from None
        if num_cpus is not None and num_cpus < 1:
            raise CnnlabError(f"invalid value for 'num_cpus': {num_cpus} (must be at least 1)")
        if num_gpus_per_run < 0:
            raise CnnlabError(f"invalid value for 'num_gpus_per_run': {num_gpus_per_run} (must be 0 or more)")
        if address is not None:
            check_reachable(address)
        self._ray = ray
        self.address = address
        self.num_cpus = num_cpus
        self.num_gpus_per_run = num_gpus_per_run
        self.max_retries = max_retries
        self.attempts: list[Attempt] = []  # every task execution of the last sweep, retries included

    # -- connection ------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def connected(self) -> Iterator[None]:
        """Keep Ray up across several `execute` calls (a search's rounds and rungs); shut it down at the end
        when this call started it."""
        started = self._connect()
        try:
            yield
        finally:
            if started:
                self._ray.shutdown()

    def _connect(self) -> bool:
        """Make sure Ray is initialised; True when this call did it (and so must shut it down)."""
        ray = self._ray
        if ray.is_initialized():
            return False
        try:
            # log_to_driver=False: workers' output would be printed on this process's stdout, which `--json`
            # keeps for its one document (a run's error reaches the sink; a lost worker is logged here).
            # Ray still prints its own "(raylet) A worker died" notices on stdout: see the module notes.
            quiet = {"logging_level": logging.WARNING, "log_to_driver": False}
            if self.address is None:  # "local": a new runtime even if RAY_ADDRESS or `ray start` names one
                ray.init(address="local", num_cpus=self.num_cpus, include_dashboard=False, **quiet)
            else:
                ray.init(address=self.address, **quiet)
        except (ConnectionError, RuntimeError, ValueError) as e:
            where = f"the Ray cluster at {self.address}" if self.address else "a local Ray runtime"
            hint = "" if self.address is None or os.environ.get("RAY_AUTH_MODE") else (
                " (if the cluster uses token authentication, set RAY_AUTH_MODE=token and its token: "
                "RAY_AUTH_TOKEN, or ~/.ray/auth_token as `ray get-auth-token` prints it on the head)")
            raise CnnlabError(f"cannot start or reach {where}: {str(e).strip().splitlines()[0]}{hint}") from None
        return True

    def _check_resources(self) -> None:
        """A run asking for more than any node has would wait forever: say so instead."""
        total = self._ray.cluster_resources()
        if self.num_gpus_per_run > 0 and total.get("GPU", 0) < self.num_gpus_per_run:
            raise CnnlabError(f"the Ray cluster has {total.get('GPU', 0):g} GPUs; each run asks for "
                              f"{self.num_gpus_per_run:g} (num_gpus_per_run): add GPU nodes or ask for 0")
        if total.get("CPU", 0) < 1:
            raise CnnlabError("the Ray cluster has no CPUs for runs yet: start a worker node with "
                              "`ray start --address HEAD:PORT`")

    def _relay(self) -> Any:
        """The relay actor, pinned to the driver's node so it shares the driver's fate, not a worker's."""
        ray = self._ray
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=True)
        return ray.remote(Relay).options(num_cpus=0, max_restarts=0, scheduling_strategy=here).remote()

    # -- the sweep -------------------------------------------------------------------------------------
    def execute(self, runs: Sequence[PlannedRun], sink: RunSink) -> None:
        """Train every run on Ray; calls `sink` on this thread; Ctrl-C cancels the tasks and re-raises."""
        self.attempts = []
        if not runs:
            return
        started_ray = self._connect()
        try:
            self._check_resources()
            self._execute(runs, sink)
        finally:
            if started_ray:
                self._ray.shutdown()

    def _execute(self, runs: Sequence[PlannedRun], sink: RunSink) -> None:
        ray = self._ray
        sweep = _Sweep(runs, sink, self.attempts)
        relay = self._relay()
        resources: dict[str, Any] = {"num_cpus": 1}
        if self.num_gpus_per_run > 0:
            resources["num_gpus"] = self.num_gpus_per_run
        task = ray.remote(train_task).options(max_retries=self.max_retries, retry_exceptions=False, **resources)
        pending: dict[Any, PlannedRun] = {}
        try:
            for run in runs:
                run.run_dir.mkdir(parents=True, exist_ok=True)
                ref = task.remote(run.run_id, run.config.model_dump(), _read_snapshot(run.run_dir), relay, run.until)
                pending[ref] = run
            while pending:
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=POLL_SECONDS)
                sweep.take(ray.get(relay.drain.remote()))  # every epoch a finished task reported comes first
                for ref in ready:
                    run = pending.pop(ref)
                    try:
                        outcome: Outcome = ray.get(ref)
                    except ray.exceptions.RayError as e:  # worker or node lost more than max_retries times
                        sweep.fail(run, _ray_error(e))
                    else:
                        sweep.finish(run, outcome)
                    relay.forget.remote(run.run_id)
        except BaseException:
            for ref in pending:  # Ctrl-C, or an error in the sink: stop the cluster's work on this sweep
                ray.cancel(ref, force=False)
            raise
        finally:
            with contextlib.suppress(Exception):
                ray.kill(relay)
