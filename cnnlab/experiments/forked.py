"""A CPU's cores, a process each: a sweep's runs trained side by side in processes forked from the driver.

Intra-op threads scale poorly on small networks: a LeNet stack step keeps two threads only partly busy. On the
project's 2-core AVX-512 VM, benchmarks/cpu_goals.py [4] (8 LeNet runs, 1 epoch on 20,000 images, whole `cnnlab
run` processes) measured 1.44x the sequential executor's speed as one two-thread stack, and 1.80-1.86x as two
one-thread stacks of 4 (2026-12-07, separate runs).

So on a CPU (Linux), `VectorizedExecutor` splits a group into one stack per thread (`split_group`), built in the
driver, and the runs it trains one at a time (a group that stacking would slow, runs resuming from saved state)
into one share per thread; then `run_forked` forks one child per stack or share. The child inherits the loaded
data (and its built stack) copy-on-write, sets its share of the threads, and trains through a `PipeSink`: each
run's checkpoint and resumable state go into the run's own `run_dir` exactly as in one process, and every sink
call goes back to the driver as one JSON message (nothing is unpickled). The driver relays them to its sink, so
it stays the only writer of the store; a child that dies fails its own unfinished runs only, and a child dies
with the driver (parent-death signal). A run gives the same numbers as in one process on as many threads
(tests/experiments/test_forked.py).

Elsewhere (macOS, where fork after torch is unsafe; Windows, which has no fork; CUDA) everything stays in the
driver's process.
"""

from __future__ import annotations

import collections
import ctypes
import dataclasses
import json
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import torch

from cnnlab.errors import DiskFullError
from cnnlab.events import EpochRecord, Event, Phase, RunEnd, StepRecord, Watch
from cnnlab.experiments.executor import PlannedRun, RunSink
from cnnlab.experiments.sequential import one_line
from cnnlab.training.session import RunResult

PR_SET_PDEATHSIG = 1  # prctl(2)
MIN_STACK = 2  # runs per stack: a one-run stack is a sequential run with a stack's overhead
Job = Callable[[RunSink], None]  # trains its runs, reporting through the sink it is given


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def processes_for(runs: int, threads: int, limit: int | None = None, per_process: int = MIN_STACK) -> int:
    """How many processes `runs` train in on `threads` CPU threads: one per thread, each with at least
    `per_process` runs (stacks: MIN_STACK; runs one at a time: 1), and at most `limit`."""
    n = min(threads, runs // per_process)
    return max(1, min(n, limit) if limit is not None else n)


def _thread_shares(threads: int, parts: int) -> list[int]:
    return [threads // parts + (i < threads % parts) for i in range(parts)]


def split_group(group: Sequence[PlannedRun], parts: int) -> list[list[PlannedRun]]:
    """`group` in `parts` stacks of near-equal size that keep runs sharing a seed (their batches) together: whole
    seeds to each stack where the seeds divide evenly, else an equal share of every seed's runs, else runs in seed
    order cut into near-equal pieces."""
    if parts <= 1:
        return [list(group)]
    by_seed: dict[int, list[PlannedRun]] = collections.defaultdict(list)
    for run in group:
        by_seed[run.config.seed].append(run)
    seeds = list(by_seed.values())
    counts = {len(s) for s in seeds}
    if len(counts) == 1:
        k = counts.pop()
        if len(seeds) % parts == 0:
            per = len(seeds) // parts
            return [[r for s in seeds[i * per:(i + 1) * per] for r in s] for i in range(parts)]
        if k % parts == 0:
            per = k // parts
            return [[r for s in seeds for r in s[i * per:(i + 1) * per]] for i in range(parts)]
    ordered = [r for s in seeds for r in s]
    size, extra = divmod(len(ordered), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (i < extra)
        out.append(ordered[start:end])
        start = end
    return out


def _encode(kind: str, r: int, item: Event | RunResult | str | None) -> bytes:
    body = item if item is None or isinstance(item, str) else {"type": type(item).__name__,
                                                                **dataclasses.asdict(item)}
    return json.dumps([kind, r, body]).encode()


def _record(d: dict | None) -> EpochRecord | None:
    return EpochRecord(**d) if d is not None else None


def _decode(message: bytes) -> tuple[str, int, Event | RunResult | str | None]:
    kind, r, body = json.loads(message)
    if body is None or isinstance(body, str):
        return kind, r, body
    cls = body.pop("type")
    if cls == "StepRecord":
        return kind, r, StepRecord(**body)
    if cls == "EpochRecord":
        return kind, r, EpochRecord(**body)
    if cls == "Phase":
        return kind, r, Phase(**body)
    body["final"] = _record(body["final"])
    if cls == "RunEnd":
        return kind, r, RunEnd(**body)
    body["history"] = [_record(h) for h in body["history"]]
    body["steps"] = [StepRecord(**h) for h in body["steps"]]
    return kind, r, RunResult(**body)


def _die_with(parent: int) -> None:
    """This process gets SIGKILL when `parent` dies (Linux's parent-death signal): a killed `cnnlab run` leaves no
    stack training on, to write checkpoints into run directories that a re-run is training again."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before the signal was armed
        os._exit(1)


class PipeSink:
    """A child's sink: each call one JSON message to the driver, which makes the same call on its own sink."""

    def __init__(self, runs: Sequence[PlannedRun], conn: multiprocessing.connection.Connection) -> None:
        self.index = {run.run_id: i for i, run in enumerate(runs)}
        self.conn = conn

    def _send(self, kind: str, run: PlannedRun, item: Event | RunResult | str | None) -> None:
        self.conn.send_bytes(_encode(kind, self.index[run.run_id], item))

    def on_start(self, run: PlannedRun) -> None:
        self._send("start", run, None)

    def on_event(self, run: PlannedRun, event: Event) -> None:
        if not isinstance(event, Watch):  # it holds the model: it never leaves the training process
            self._send("event", run, event)

    def on_result(self, run: PlannedRun, result: RunResult) -> None:
        self._send("result", run, dataclasses.replace(result, model=None))

    def on_error(self, run: PlannedRun, message: str) -> None:
        self._send("error", run, message)


def _child(job: Job, runs: list[PlannedRun], threads: int, conn: multiprocessing.connection.Connection,
           parent: int) -> None:
    """One child: train through a PipeSink; a failure the job lets out ends as ("fail" or "disk-full", message)."""
    _die_with(parent)
    torch.set_num_threads(threads)
    try:
        job(PipeSink(runs, conn))
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group; the driver reports it
        os._exit(130)
    except DiskFullError as e:
        conn.send_bytes(_encode("disk-full", -1, one_line(e)))
    except Exception as e:  # noqa: BLE001 (the driver reports it for every unfinished run)
        conn.send_bytes(_encode("fail", -1, one_line(e)))
    conn.close()


class _Child:
    def __init__(self, process: Any, runs: list[PlannedRun], started: bool) -> None:
        self.process = process
        self.runs = runs
        self.started: set[int] = set(range(len(runs))) if started else set()
        self.done: set[int] = set()

    def unfinished(self, sink: RunSink, message: str) -> None:
        """Report `message` for each run without a result (started first, as a sink expects)."""
        for r, run in enumerate(self.runs):
            if r not in self.done:
                if r not in self.started:
                    sink.on_start(run)
                sink.on_error(run, message)
        self.done.update(range(len(self.runs)))


def run_forked(jobs: Sequence[tuple[Job, list[PlannedRun]]], sink: RunSink, started: bool = False) -> None:
    """Run each (job, its runs) in a forked child, torch's threads shared out among them; relay every sink call to
    `sink` here. `started`: the driver has already reported each run's start. A failure here (in the sink) ends
    every child and is reported for each run without a result; a full disk ends them all and is raised, as in one
    process."""
    context = multiprocessing.get_context("fork")
    children: dict[Any, _Child] = {}
    try:
        for (job, runs), n in zip(jobs, _thread_shares(torch.get_num_threads(), len(jobs)), strict=True):
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(job, runs, n, writer, os.getpid()), daemon=True)
            with warnings.catch_warnings():  # Python 3.12+ warns on any fork of a multi-threaded process; the
                warnings.simplefilter("ignore", DeprecationWarning)  # child uses nothing another thread may lock
                process.start()
            writer.close()
            children[reader] = _Child(process, runs, started)
        live = dict(children)
        while live:
            for reader in multiprocessing.connection.wait(list(live)):
                child = live[reader]
                try:
                    kind, r, item = _decode(reader.recv_bytes())
                except EOFError:
                    child.process.join()
                    child.unfinished(sink, f"its training process ended without a result (exit status "
                                           f"{child.process.exitcode})")
                    del live[reader]
                    continue
                run = child.runs[r] if r >= 0 else None
                if kind == "start":
                    child.started.add(r)
                    sink.on_start(run)  # type: ignore[arg-type]
                elif kind == "event":
                    sink.on_event(run, item)  # type: ignore[arg-type]
                elif kind in ("result", "error"):
                    child.done.add(r)
                    if kind == "result":
                        sink.on_result(run, item)  # type: ignore[arg-type]
                    else:
                        sink.on_error(run, item)  # type: ignore[arg-type]
                elif kind == "disk-full":
                    raise DiskFullError(item)  # type: ignore[arg-type]
                else:
                    child.unfinished(sink, item)  # type: ignore[arg-type]
    except DiskFullError:
        raise
    except Exception as e:  # noqa: BLE001 (report every unfinished run, then go on)
        for child in children.values():
            child.unfinished(sink, one_line(e))
    finally:
        for child in children.values():
            if child.process.is_alive():
                child.process.kill()
            child.process.join()
