"""A CPU's cores, one stack each: a stacked group split into a few stacks, each trained in a process of its own.

Intra-op threads scale poorly on small networks: a LeNet stack step keeps two threads only partly busy. On the
project's 2-core AVX-512 VM, benchmarks/cpu_goals.py [4] (8 LeNet runs, 1 epoch on 20,000 images, whole `cnnlab
run` processes) measured 1.44x the sequential executor's speed as one two-thread stack, and 1.80-1.86x as two
one-thread stacks of 4 (2026-12-07, separate runs).

So on a CPU (Linux), `VectorizedExecutor` builds a group's stacks in the driver, then forks one child per stack:
the child inherits the loaded data and its built stack (copy-on-write), sets its share of the threads, trains,
writes each run's checkpoint into the run's own `run_dir` exactly as the one-process stack does, and sends its
events and results back through a pipe as JSON (nothing is unpickled). The driver relays them to the sink, so it
stays the only writer of the store, and reports a child that dies as an error of that child's unfinished runs.
A stack's runs give the same numbers as the same stack trained in one process on as many threads
(tests/experiments/test_forked.py).

Elsewhere (macOS, where fork after torch is unsafe; Windows, which has no fork; CUDA) a group stays one stack.
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

from cnnlab.events import EpochRecord, Event, Phase, RunEnd, StepRecord, Watch
from cnnlab.experiments.executor import PlannedRun, RunSink
from cnnlab.experiments.sequential import one_line
from cnnlab.training.session import RunResult
from cnnlab.training.stacked import StackedTrainer

PR_SET_PDEATHSIG = 1  # prctl(2)
MIN_STACK = 2  # runs per process: a one-run "stack" is a sequential run, which a per-core split gains nothing for
Finish = Callable[[StackedTrainer, int, PlannedRun, RunEnd], RunResult]


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def processes_for(runs: int, threads: int, limit: int | None = None) -> int:
    """How many stacks a group of `runs` trains as on `threads` CPU threads: one per thread, each at least
    MIN_STACK runs (and at most `limit` processes)."""
    n = min(threads, runs // MIN_STACK)
    return max(1, min(n, limit) if limit is not None else n)


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


def _encode(kind: str, r: int, item: Event | RunResult | str) -> bytes:
    body = item if isinstance(item, str) else {"type": type(item).__name__, **dataclasses.asdict(item)}
    return json.dumps([kind, r, body]).encode()


def _record(d: dict | None) -> EpochRecord | None:
    return EpochRecord(**d) if d is not None else None


def _decode(message: bytes) -> tuple[str, int, Event | RunResult | str]:
    kind, r, body = json.loads(message)
    if isinstance(body, str):
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


def _child(trainer: StackedTrainer, runs: list[PlannedRun], threads: int, finish: Finish,
           conn: multiprocessing.connection.Connection, parent: int) -> None:
    """One stack's process: train, send ("event", r, event) and ("result", r, RunResult) or ("error", -1, message)."""
    _die_with(parent)
    torch.set_num_threads(threads)
    try:
        for r, event in trainer.run():
            if isinstance(event, Watch):  # it holds the model: it never leaves the training process
                continue
            conn.send_bytes(_encode("event", r, event))
            if isinstance(event, RunEnd):
                conn.send_bytes(_encode("result", r, finish(trainer, r, runs[r], event)))
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group; the driver reports it
        os._exit(130)
    except Exception as e:  # noqa: BLE001 (the driver reports it for every unfinished run)
        conn.send_bytes(_encode("error", -1, one_line(e)))
    conn.close()


def _unfinished(runs: list[PlannedRun], done: set[int], sink: RunSink, message: str) -> None:
    for r, run in enumerate(runs):
        if r not in done:
            sink.on_error(run, message)
    done.update(range(len(runs)))


def train_forked(stacks: Sequence[tuple[StackedTrainer, list[PlannedRun]]], threads: Sequence[int],
                 sink: RunSink, finish: Finish) -> None:
    """Train each (trainer, its runs) in a forked child on `threads[i]` threads; relay everything to `sink` here.
    A failure here (in the sink) ends every child and is reported for each run without a result, as a failing
    one-process stack's is."""
    context = multiprocessing.get_context("fork")
    children: dict[Any, tuple[Any, list[PlannedRun], set[int]]] = {}
    try:
        for (trainer, runs), n in zip(stacks, threads, strict=True):
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(trainer, runs, n, finish, writer, os.getpid()),
                                      daemon=True)
            with warnings.catch_warnings():  # Python 3.12+ warns on any fork of a multi-threaded process; the
                warnings.simplefilter("ignore", DeprecationWarning)  # child uses nothing another thread may lock
                process.start()
            writer.close()
            children[reader] = (process, runs, set())
        live = dict(children)
        while live:
            for reader in multiprocessing.connection.wait(list(live)):
                process, runs, done = live[reader]
                try:
                    kind, r, item = _decode(reader.recv_bytes())
                except EOFError:
                    process.join()
                    _unfinished(runs, done, sink, f"its training process ended without a result (exit status "
                                                  f"{process.exitcode})")
                    del live[reader]
                    continue
                if kind == "event":
                    sink.on_event(runs[r], item)  # type: ignore[arg-type]
                elif kind == "result":
                    done.add(r)
                    sink.on_result(runs[r], item)  # type: ignore[arg-type]
                else:
                    _unfinished(runs, done, sink, item)  # type: ignore[arg-type]
    except Exception as e:  # noqa: BLE001 (report every unfinished run, then go on)
        for _, runs, done in children.values():
            _unfinished(runs, done, sink, one_line(e))
    finally:
        for process, _, _ in children.values():
            if process.is_alive():
                process.kill()
            process.join()
