"""RayExecutor on a real local Ray runtime (2 CPUs, this machine): same results as sequential, survives a
killed worker, records divergence and bad settings once, and Ctrl-C leaves resumable run folders.

The Ray tests skip, visibly, when the `ray` extra is not installed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, Event, RunEnd, StepRecord, Watch
from cnnlab.experiments.executor import PlannedRun
from cnnlab.experiments.ray_executor import (
    RAY_MISSING,
    Attempt,
    EpochBatch,
    RayExecutor,
    Relay,
    Snapshot,
    _Sweep,
)
from cnnlab.store.checkpoint import load_checkpoint, load_train_state
from cnnlab.training.session import RunResult

# one local Ray runtime at a time: under pytest-xdist (--dist loadgroup) these tests share one worker
pytestmark = pytest.mark.xdist_group("ray")

RAY_REASON = "ray is not installed (pip install 'cnnlab[ray]'): Ray executor tests skipped"
TINY_MODEL = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"  # about 0.1 s per epoch on one core
BASE = TrainConfig(model=TINY_MODEL, subset=300, epochs=2, batch_size=32, log_every=5, device="cpu")


class Recorder:
    """A RunSink that remembers every call, and checks they all come from the driver's thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, object]] = []
        self.thread = os.getpid(), threading.get_ident()

    def _note(self, kind: str, run: PlannedRun, payload: object) -> None:
        assert (os.getpid(), threading.get_ident()) == self.thread
        self.calls.append((kind, run.run_id, payload))

    def on_start(self, run: PlannedRun) -> None:
        self._note("start", run, None)

    def on_event(self, run: PlannedRun, event: Event) -> None:
        self._note("event", run, event)

    def on_result(self, run: PlannedRun, result: RunResult) -> None:
        self._note("result", run, result)

    def on_error(self, run: PlannedRun, message: str) -> None:
        self._note("error", run, message)

    def of(self, kind: str) -> dict[str, list[object]]:
        out: dict[str, list[object]] = {}
        for k, run_id, payload in self.calls:
            if k == kind:
                out.setdefault(run_id, []).append(payload)
        return out

    def epochs(self, run_id: str) -> list[int]:
        return [e.epoch for e in self.of("event").get(run_id, []) if isinstance(e, EpochRecord)]

    def steps(self, run_id: str) -> list[int]:
        return [e.step for e in self.of("event").get(run_id, []) if isinstance(e, StepRecord)]


def planned(tmp_path: Path, configs: dict[str, TrainConfig]) -> list[PlannedRun]:
    return [PlannedRun(run_id, config, tmp_path / run_id) for run_id, config in configs.items()]


@pytest.fixture(scope="module")
def ray_runtime() -> Iterator[None]:
    """One local Ray runtime (2 CPUs, no dashboard) for the module; RayExecutor uses it and leaves it running."""
    ray = pytest.importorskip("ray", reason=RAY_REASON)
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level="WARNING")
    yield
    ray.shutdown()


@pytest.fixture
def one_thread() -> Iterator[None]:
    """Ray workers train with one thread (Ray sets OMP_NUM_THREADS=1): the reference does too, so they agree."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


# -- no Ray needed -----------------------------------------------------------------------------------------
def test_without_ray_the_executor_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails, as without the extra
    with pytest.raises(CnnlabError) as err:
        RayExecutor()
    assert str(err.value) == RAY_MISSING == "the Ray executor needs the ray extra: pip install 'cnnlab[ray]'"


def test_relay_fences_lost_attempts_and_keeps_the_newest_state() -> None:
    relay = Relay()
    start = Snapshot(1, {"state.json": b"driver"})
    assert relay.begin("r", 10, "n", start) == (1, start)
    first = EpochBatch("r", 1, Snapshot(2, {"state.json": b"e2"}), [])
    assert relay.report(first)
    assert relay.begin("r", 11, "n", start) == (2, first.snapshot)  # the retry resumes after epoch 2
    assert not relay.report(EpochBatch("r", 1, Snapshot(3, {}), []))  # the lost attempt's late message
    assert not relay.report(EpochBatch("r", 2, Snapshot(2, {}), []))  # an epoch already held
    drained = relay.drain()
    assert [type(m).__name__ for m in drained] == ["Attempt", "EpochBatch", "Attempt"]
    assert drained[2].resumed_epoch == 2 and relay.drain() == []


def test_driver_commits_each_epoch_once(tmp_path: Path) -> None:
    run = planned(tmp_path, {"r": BASE})[0]
    sink, attempts = Recorder(), []
    sweep = _Sweep([run], sink, attempts)
    record = EpochRecord(1, 1.0, 0.5, None, None, 1.0, 0.5, 1e-3, 0.1, 0.1)
    step = StepRecord(1, 5, 10, 1.0, 0.5, 1e-3, {})
    files = {"state.safetensors": b"w", "state.json": b"{}"}
    batch = EpochBatch("r", 1, Snapshot(1, files), [step, record])
    sweep.take([Attempt("r", 1, 1, "n", 0), batch, Attempt("r", 2, 2, "n", 1), batch])
    assert sink.epochs("r") == [1] and sink.steps("r") == [5] and len(sink.of("start")["r"]) == 1
    assert (run.run_dir / "state.json").read_bytes() == b"{}"


# -- a real local Ray runtime --------------------------------------------------------------------------
def test_sweep_matches_sequential(ray_runtime: None, one_thread: None, tmp_path: Path) -> None:
    from cnnlab.experiments.sequential import SequentialExecutor

    configs = {
        "adam-1e-3-s0": BASE,
        "adam-1e-2-s1": BASE.updated(lr=1e-2, seed=1),
        "sgd-10-s0": BASE.updated(optimizer="sgd", lr=10.0),  # diverges in epoch 2: recorded, not retried
        "bad-setting": BASE.updated(early_stop=2, val_split=0.0),  # a CnnlabError in the worker: recorded once
    }
    executor = RayExecutor()
    on_ray, on_cpu = Recorder(), Recorder()
    executor.execute(planned(tmp_path / "ray", configs), on_ray)
    SequentialExecutor().execute(planned(tmp_path / "seq", configs), on_cpu)

    assert Counter(a.run_id for a in executor.attempts) == Counter(list(configs))  # every run ran exactly once
    assert on_ray.of("error") == on_cpu.of("error") == {
        "bad-setting": ["early_stop needs a validation set: set val_split > 0"]}
    ray_results, cpu_results = on_ray.of("result"), on_cpu.of("result")
    assert sorted(ray_results) == sorted(cpu_results) == ["adam-1e-2-s1", "adam-1e-3-s0", "sgd-10-s0"]
    for run_id, [got] in ray_results.items():
        [want] = cpu_results[run_id]
        assert (got.status, got.message, got.epochs) == (want.status, want.message, want.epochs)
        assert [r.epoch for r in got.history] == [r.epoch for r in want.history]
        for a, b in zip(got.history, want.history, strict=True):
            assert a.test_accuracy == pytest.approx(b.test_accuracy, abs=1e-3)
            assert a.train_loss == pytest.approx(b.train_loss, rel=1e-4)
        assert got.checkpoint == str(tmp_path / "ray" / run_id)
        # the same events in the same order, and the checkpoint the driver wrote loads
        kinds = [(type(e).__name__, getattr(e, "step", getattr(e, "epoch", None))) for e in on_ray.of("event")[run_id]]
        assert kinds == [(type(e).__name__, getattr(e, "step", getattr(e, "epoch", None)))
                         for e in on_cpu.of("event")[run_id] if not isinstance(e, Watch)]  # the model stays put
        _, meta = load_checkpoint(tmp_path / "ray" / run_id)
        assert meta["metrics"]["status"] == want.status
        assert sorted(p.name for p in (tmp_path / "ray" / run_id).iterdir()) == ["model.json", "model.safetensors"]
    assert ray_results["sgd-10-s0"][0].status == "diverged"


def test_killed_worker_resumes_from_the_driver_state(ray_runtime: None, one_thread: None, tmp_path: Path) -> None:
    victim = BASE.updated(subset=2000, epochs=6, seed=3)  # about 0.3 s an epoch: still running when killed
    configs = {"victim": victim, "other-a": BASE, "other-b": BASE.updated(seed=1)}
    executor = RayExecutor()
    killed: list[int] = []

    class Killer(Recorder):
        def on_event(self, run: PlannedRun, event: Event) -> None:
            super().on_event(run, event)
            if run.run_id == "victim" and isinstance(event, EpochRecord) and event.epoch == 1 and not killed:
                pid = next(a.pid for a in reversed(executor.attempts) if a.run_id == "victim")
                os.kill(pid, signal.SIGKILL)  # epoch 1's events are here; its state follows in this commit
                killed.append(pid)

    sink = Killer()
    executor.execute(planned(tmp_path, configs), sink)

    assert killed
    tries = [a for a in executor.attempts if a.run_id == "victim"]
    assert len(tries) == 2 and tries[0].pid == killed[0] and tries[1].pid != killed[0]
    assert tries[0].resumed_epoch == 0 and tries[1].resumed_epoch >= 1  # the retry resumed from a checkpoint
    assert not list(Path(tempfile.gettempdir()).glob(f"cnnlab-ray-{killed[0]}-*"))  # its temp folder is gone
    assert {run_id: len(v) for run_id, v in sink.of("result").items()} == {"victim": 1, "other-a": 1, "other-b": 1}
    assert {run_id: len(v) for run_id, v in sink.of("start").items()} == {"victim": 1, "other-a": 1, "other-b": 1}
    assert sink.of("error") == {}
    assert sink.epochs("victim") == [1, 2, 3, 4, 5, 6]  # no gap, no duplicate
    [result] = sink.of("result")["victim"]
    assert [r.epoch for r in result.history] == [1, 2, 3, 4, 5, 6]
    # resuming is exact: the killed run logs the same steps and ends where an uninterrupted run ends
    from cnnlab.training.session import train_run

    reference_steps: list[int] = []
    reference = train_run(victim, on_event=lambda e: isinstance(e, StepRecord) and reference_steps.append(e.step))
    assert sink.steps("victim") == reference_steps  # no step lost or repeated
    assert result.test_accuracy == pytest.approx(reference.test_accuracy, abs=1e-3)
    assert result.history[-1].train_loss == pytest.approx(reference.history[-1].train_loss, rel=1e-4)


@pytest.fixture
def ctrl_c_as_in_a_terminal():
    """Python's Ctrl-C handler: a shell's background job (CI started with `&`) inherits SIGINT ignored."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_cancels_and_a_rerun_resumes(ray_runtime: None, ctrl_c_as_in_a_terminal: None, tmp_path: Path) -> None:
    configs = {"long": BASE.updated(subset=1000, epochs=4), "short": BASE}
    runs = planned(tmp_path, configs)

    class CtrlC(Recorder):
        def on_event(self, run: PlannedRun, event: Event) -> None:
            super().on_event(run, event)
            if run.run_id == "long" and isinstance(event, EpochRecord) and event.epoch == 2:
                signal.raise_signal(signal.SIGINT)  # as if typed now: held until this epoch's commit is done

    first = CtrlC()
    with pytest.raises(KeyboardInterrupt):
        RayExecutor().execute(runs, first)
    assert "long" not in first.of("result")
    state = load_train_state(tmp_path / "long")  # a complete pair, for the epoch the sink had recorded
    assert state is not None and state["epoch"] == 2 == first.epochs("long")[-1]

    executor, second = RayExecutor(), Recorder()
    executor.execute(runs, second)
    [again] = [a for a in executor.attempts if a.run_id == "long"]
    assert again.resumed_epoch == 2 and second.epochs("long") == [3, 4]
    [result] = second.of("result")["long"]
    assert result.status == "finished" and [r.epoch for r in result.history] == [1, 2, 3, 4]
    assert isinstance(second.of("event")["long"][-1], RunEnd)
    assert not (tmp_path / "long" / "state.json").exists() and (tmp_path / "long" / "model.json").exists()


def test_cnnlab_run_on_a_ray_cluster_matches_a_sequential_run(ray_runtime: None, one_thread: None, tmp_path: Path,
                                                               cli) -> None:
    """`cnnlab run` in its own process, sent to the running cluster by the spec's address, fills the same store."""
    import subprocess

    import ray

    from cnnlab.store.db import Store

    address = ray.get_runtime_context().gcs_address
    spec = tmp_path / "tiny.toml"
    spec.write_text(f'name = "tiny"\naddress = "{address}"\n[base]\nmodel = "{TINY_MODEL}"\nsubset = 300\n'
                    'epochs = 2\nbatch_size = 32\nlog_every = 5\ndevice = "cpu"\noptimizer = "sgd"\n'
                    '[sweep]\nlr = [0.05, 0.01, 10.0]\n')
    done = subprocess.run([sys.executable, "-m", "cnnlab.cli.main", "run", str(spec), "--executor", "ray",
                           "--store", str(tmp_path / "ray"), "--json", "--no-report"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["executor"] == "ray"  # stdout is the JSON document only: Ray printed nothing
    code, _, err = cli("run", spec, "--executor", "sequential", "--store", tmp_path / "seq", "--json", "--no-report")
    assert code == 0, err

    with Store.open(tmp_path / "ray", create=False) as on_ray, Store.open(tmp_path / "seq", create=False) as seq:
        got, want = on_ray.runs("tiny"), seq.runs("tiny")
        assert [(r["run_id"], r["status"], r["epochs"]) for r in got] == \
            [(r["run_id"], r["status"], r["epochs"]) for r in want]
        assert [r["status"] for r in got] == ["finished", "finished", "diverged"]
        for a, b in zip(got, want, strict=True):
            assert a["test_accuracy"] == pytest.approx(b["test_accuracy"], abs=1e-3)
            curves_a, curves_b = on_ray.epoch_curves(a["run_id"]), seq.epoch_curves(b["run_id"])
            assert [c["epoch"] for c in curves_a] == [c["epoch"] for c in curves_b]
            assert [c["test_accuracy"] for c in curves_a] == pytest.approx([c["test_accuracy"] for c in curves_b],
                                                                          abs=1e-3)
            assert [s["step"] for s in on_ray.step_curves(a["run_id"])] == \
                [s["step"] for s in seq.step_curves(b["run_id"])]
