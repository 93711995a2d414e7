"""A stacked group split over a CPU's cores: one forked process per stack, everything relayed to the driver's sink."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.data.datasets import prepare
from cnnlab.errors import CnnlabError, DiskFullError
from cnnlab.events import EpochRecord, Phase, RunEnd, StepRecord
from cnnlab.experiments import forked
from cnnlab.experiments.executor import PlannedRun
from cnnlab.experiments.vectorized import VectorizedExecutor
from cnnlab.store.checkpoint import load_checkpoint, save_train_state
from cnnlab.training.loop import Trainer
from cnnlab.training.session import RunResult, dataset_for, train_run
from cnnlab.training.stacked import StackedTrainer
from tests.experiments.test_vectorized_executor import RecordingSink

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="forked stacks are Linux-only")

LENET = "conv 6 k5 p2 > relu > avgpool 2 > conv 16 k5 > relu > avgpool 2 > flatten > linear 32 > relu > linear 10"


def _runs(tmp_path: Path, configs: list[TrainConfig]) -> list[PlannedRun]:
    return [PlannedRun(f"r{i}", c, tmp_path / f"r{i}") for i, c in enumerate(configs)]


def _metrics(record: EpochRecord) -> EpochRecord:
    return dataclasses.replace(record, train_seconds=0.0, wall_seconds=0.0)


def _sweep(seeds: int = 2) -> list[TrainConfig]:
    base = TrainConfig(model=LENET, subset=400, epochs=2, batch_size=50, log_every=3, device="cpu",
                       precision="fp32", optimizer="adam")
    return [base.updated(lr=lr, seed=s) for lr in (1e-3, 3e-3) for s in range(seeds)]  # learning rate first


@pytest.fixture
def two_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


def test_processes_one_a_thread_each_at_least_two_runs():
    assert forked.processes_for(8, 2) == 2
    assert forked.processes_for(8, 16) == 4  # 2 runs a stack at least
    assert forked.processes_for(3, 2) == 1 and forked.processes_for(1, 8) == 1
    assert forked.processes_for(8, 16, limit=1) == 1 and forked.processes_for(8, 16, limit=3) == 3


def test_splits_keep_the_runs_of_a_seed_together(tmp_path):
    def seeds(parts):
        return [[r.config.seed for r in part] for part in parts]

    runs = _runs(tmp_path, _sweep(2))  # seeds 0, 1, 0, 1
    assert seeds(forked.split_group(runs, 2)) == [[0, 0], [1, 1]]  # whole seeds
    assert seeds(forked.split_group(runs, 1)) == [[0, 1, 0, 1]]  # unchanged
    runs = _runs(tmp_path, [c.updated(lr=lr) for c in _sweep(3)[:3] for lr in (1e-3, 2e-3, 3e-3, 4e-3)])
    assert seeds(forked.split_group(runs, 2)) == [[0, 0, 1, 1, 2, 2]] * 2  # an equal share of every seed
    uneven = _runs(tmp_path, _sweep(2)[:3])  # seed 0 twice, seed 1 once
    parts = forked.split_group(uneven, 2)
    assert seeds(parts) == [[0, 0], [1]] and sorted(r.run_id for p in parts for r in p) == ["r0", "r1", "r2"]


def test_forked_stacks_give_the_numbers_of_the_same_stacks_in_one_process(tmp_path, two_threads):
    runs = _runs(tmp_path, _sweep(2))
    sink = RecordingSink()
    VectorizedExecutor(processes=2).execute(runs, sink)
    parent = os.getpid()
    # the same two stacks (one per seed), each trained here on one thread, as each child did
    torch.set_num_threads(1)
    alone: dict[str, tuple[EpochRecord, dict[str, torch.Tensor]]] = {}
    for part in forked.split_group(runs, 2):
        trainer = StackedTrainer([r.config for r in part], dataset_for(part[0].config), torch.device("cpu"))
        ends = {r: e for r, e in trainer.run() if isinstance(e, RunEnd)}
        for r, run in enumerate(part):
            alone[run.run_id] = (ends[r].final, trainer.models[r].state_dict())
    for run in runs:
        assert len(sink.of(run.run_id, "start")) == 1 and not sink.of(run.run_id, "error")
        events = sink.of(run.run_id, "event")
        assert any(isinstance(e, StepRecord) for e in events) and any(isinstance(e, Phase) for e in events)
        assert [e.epoch for e in events if isinstance(e, EpochRecord)] == [1, 2]
        (result,) = sink.of(run.run_id, "result")
        assert isinstance(result, RunResult) and result.status == "finished" and result.final == events[-1].final
        assert result.history == [e for e in events if isinstance(e, EpochRecord)]
        final, weights = alone[run.run_id]
        assert _metrics(result.final) == _metrics(final)  # every metric, exactly
        model, meta = load_checkpoint(run.run_dir)  # the child wrote it; it holds that run's own weights
        assert meta["config"]["lr"] == run.config.lr and meta["metrics"]["status"] == "finished"
        for name, tensor in model.state_dict().items():
            assert torch.equal(tensor, weights[name]), name
    assert os.getpid() == parent and torch.get_num_threads() == 1


def test_a_child_that_dies_fails_its_own_runs_only(tmp_path, two_threads, monkeypatch):
    original = StackedTrainer.run

    def run(self):  # noqa: ANN001, ANN202 (the seed-1 stack's process dies mid-way, as if killed)
        for i, (r, event) in enumerate(original(self)):
            if self.configs[0].seed == 1 and i == 5:
                os._exit(3)
            yield r, event

    monkeypatch.setattr(StackedTrainer, "run", run)
    runs = _runs(tmp_path, _sweep(2))
    sink = RecordingSink()
    VectorizedExecutor(processes=2).execute(runs, sink)
    for run_ in runs:
        if run_.config.seed == 1:
            (message,) = sink.of(run_.run_id, "error")
            assert "ended without a result (exit status 3)" in message and not sink.of(run_.run_id, "result")
            assert not (run_.run_dir / "model.safetensors").exists()
        else:
            assert sink.of(run_.run_id, "result")[0].status == "finished" and not sink.of(run_.run_id, "error")


def test_an_error_in_a_child_is_reported_for_each_unfinished_run(tmp_path, two_threads, monkeypatch):
    def run(self):  # noqa: ANN001, ANN202
        if self.configs[0].seed == 0:
            raise CnnlabError("no room left on the device")
        yield from ()

    monkeypatch.setattr(StackedTrainer, "run", run)
    runs = _runs(tmp_path, _sweep(2))
    sink = RecordingSink()
    VectorizedExecutor(processes=2).execute(runs, sink)
    errors = {r.run_id: sink.of(r.run_id, "error") for r in runs}
    assert all(errors[r.run_id] == ["no room left on the device"] for r in runs if r.config.seed == 0)
    # the other stack's generator ended at once without a RunEnd: its runs are reported, not left hanging
    assert all(len(errors[r.run_id]) == 1 for r in runs if r.config.seed == 1)


def test_a_failing_sink_ends_the_stacks_and_reports_every_run(tmp_path, two_threads):
    class Failing(RecordingSink):
        def on_event(self, run, event) -> None:  # noqa: ANN001
            if isinstance(event, EpochRecord):
                raise OSError("database or disk is full")
            super().on_event(run, event)

    runs = _runs(tmp_path, _sweep(2))
    sink = Failing()
    VectorizedExecutor(processes=2).execute(runs, sink)
    assert all(sink.of(r.run_id, "error") == ["OSError: database or disk is full"] for r in runs)
    assert not any(sink.of(r.run_id, "result") for r in runs) and not _children(os.getpid())


def test_one_process_when_asked(tmp_path, two_threads, monkeypatch):
    monkeypatch.setattr(forked.multiprocessing, "get_context", lambda *a: pytest.fail("forked"))
    runs = _runs(tmp_path, _sweep(2))
    sink = RecordingSink()
    VectorizedExecutor(processes=1).execute(runs, sink)
    ends = [sink.of(r.run_id, "event")[-1] for r in runs]
    assert all(isinstance(e, RunEnd) and e.extra["group_size"] == 4 for e in ends)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # the field after the state: the parent's pid
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


def test_a_killed_run_command_leaves_no_stack_training(tmp_path):
    """SIGKILL to `cnnlab run` (a real process) mid-sweep: its stack processes die with it, so none writes a
    checkpoint into a run directory afterwards."""
    spec = tmp_path / "sweep.toml"
    spec.write_text(f'name = "killed"\nexecutor = "vectorized"\n[base]\nmodel = "{LENET}"\nsubset = 2000\n'
                    'epochs = 50\nbatch_size = 50\ndevice = "cpu"\nprecision = "fp32"\n'
                    '[sweep]\nlr = [0.001, 0.003]\nseed = [0, 1]\n')
    env = {**os.environ, "OMP_NUM_THREADS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "cnnlab.cli.main", "run", str(spec), "--store",
                             str(tmp_path / "runs"), "--no-report"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(_children(proc.pid)) < 2:
        assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
        assert time.monotonic() < deadline, "no stack processes started"
        time.sleep(0.1)
    stacks = _children(proc.pid)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in stacks):
        assert time.monotonic() < deadline, f"stack processes {stacks} outlived the killed `cnnlab run`"
        time.sleep(0.1)
    assert not list((tmp_path / "runs").rglob("model.safetensors"))


def test_auto_says_how_many_stacks_it_trains(tmp_path, two_threads, monkeypatch):
    from cnnlab.experiments import vectorized

    monkeypatch.setattr(vectorized, "stack_speedup", lambda configs, ds, dev, **kw: 2.5)
    notes: list[str] = []
    runs = _runs(tmp_path, _sweep(2))
    sink = RecordingSink()
    VectorizedExecutor(measure=True, notify=notes.append).execute(runs, sink)
    assert notes == ["note: auto executor: 4 runs of " + LENET + ": stacked measured 2.50x as fast as one by one "
                     "here; training them stacked, as 2 stacks side by side (a process each)"]
    assert {sink.of(r.run_id, "event")[-1].extra["group_size"] for r in runs} == {2}


def test_auto_measures_the_stack_on_the_thread_share_it_would_train_on(tmp_path, two_threads, monkeypatch):
    """Side by side, `auto` compares what would really run: one stack process's runs on its thread share against
    the longest one-by-one share, each run alone on a one-by-one process's share."""
    from cnnlab.experiments import vectorized

    calls: list[tuple[int, tuple[int, int]]] = []

    def measured(configs, ds, dev, threads=(0, 0), per_run=1.5):  # noqa: ANN001, ANN202
        calls.append((len(configs), threads))
        return per_run

    monkeypatch.setattr(vectorized, "stack_speedup", measured)
    notes: list[str] = []
    # 4 runs: 2 stacks of 2 (a thread each) against 2 shares of 2 runs alone (a thread each)
    VectorizedExecutor(measure=True, notify=notes.append)._stacking_wins(_runs(tmp_path, _sweep(2)), split=True)
    assert calls == [(2, (1, 1))]
    assert notes == ["note: auto executor: 4 runs of " + LENET + ": stacked measured 1.50x as fast as one by one "
                     "here; training them stacked, as 2 stacks side by side (a process each)"]
    # 3 runs: one stack of 3 on both threads against 2 processes of one thread, then the third run on both:
    # 1.5x per run stacked is 1.5 * (3 / 2) / 3 = 0.75x in wall time (one by one counted at 1.5 runs a process)
    calls.clear()
    notes.clear()
    runs = _runs(tmp_path, _sweep(2)[:3])
    assert not VectorizedExecutor(measure=True, notify=notes.append)._stacking_wins(runs, split=True)
    assert calls == [(3, (2, 1))]
    assert notes[0].endswith("stacked measured 0.75x as fast as one by one here; training them one by one, 2 at a "
                             "time (a process each), the last on all 2 threads")


def test_the_measurement_runs_each_side_on_its_thread_count(two_threads, monkeypatch):
    """stack_speedup times the stack and the one run on the thread counts it is given, and restores torch's."""
    from cnnlab.training import stacked

    seen: list[int] = []
    real = stacked.StackedTrainer

    class Watched(real):  # type: ignore[misc, valid-type]
        def __init__(self, *a, **k) -> None:  # noqa: ANN002, ANN003
            super().__init__(*a, **k)
            advance = self.steps.advance
            self.steps.advance = lambda *x: (seen.append(torch.get_num_threads()), advance(*x))[1]

    monkeypatch.setattr(stacked, "StackedTrainer", Watched)
    before = torch.get_num_threads()
    configs = [c.updated(subset=200) for c in _sweep(2)[:2]]
    stacked.stack_speedup(configs, dataset_for(configs[0]), torch.device("cpu"), steps=1, threads=(1, 0))
    assert seen == [1, 1] and torch.get_num_threads() == before


def _slower_stacked(monkeypatch) -> None:  # noqa: ANN001
    from cnnlab.experiments import vectorized

    monkeypatch.setattr(vectorized, "stack_speedup", lambda configs, ds, dev, **kw: 0.5)


def test_runs_that_train_alone_go_side_by_side_with_their_one_process_numbers(tmp_path, two_threads, monkeypatch):
    """A group that stacking would slow: `auto` trains its runs one by one, a process per thread, for as many runs
    as fill every process; the one left over then trains here on both threads rather than leave a core idle. Each
    run's metrics and weights are those of the same run trained here on its thread count."""
    from cnnlab.experiments import vectorized

    _slower_stacked(monkeypatch)
    forks: list[list[list[str]]] = []
    real = vectorized.run_forked
    monkeypatch.setattr(vectorized, "run_forked",
                        lambda jobs, *a, **k: (forks.append([[r.run_id for r in part] for _, part in jobs]),
                                               real(jobs, *a, **k))[1])
    runs = _runs(tmp_path, _sweep(2)[:3])
    notes: list[str] = []
    sink = RecordingSink()
    VectorizedExecutor(measure=True, notify=notes.append).execute(runs, sink)
    assert notes[0].endswith("training them one by one, 2 at a time (a process each), the last on all 2 threads")
    assert forks == [[["r0"], ["r1"]]]  # r2 trained in this process, after them
    for run, threads in zip(runs, (1, 1, 2), strict=True):
        torch.set_num_threads(threads)
        kinds = [k for k, rid, _ in sink.calls if rid == run.run_id]
        assert kinds[0] == "start" and kinds[-1] == "result" and "error" not in kinds
        (result,) = sink.of(run.run_id, "result")
        assert result.status == "finished" and result.final.epoch == 2
        alone = train_run(run.config, tmp_path / "alone" / run.run_id)
        assert _metrics(result.final) == _metrics(alone.final)
        mine, _ = load_checkpoint(run.run_dir)
        theirs, _ = load_checkpoint(tmp_path / "alone" / run.run_id)
        assert all(torch.equal(a, b) for a, b in zip(mine.state_dict().values(), theirs.state_dict().values(),
                                                      strict=True))


def test_data_that_cannot_load_fails_each_run_not_the_sweep(tmp_path, two_threads):
    """A truncated data file: `auto` finds the group cannot be measured and trains the runs side by side, where each
    run reports the file's error as the sequential executor does; the executor itself raises nothing."""
    import shutil

    from cnnlab.data.mnist import bundled_dir

    data = tmp_path / "mnist"
    data.mkdir()
    for f in bundled_dir().glob("*.gz"):
        shutil.copy(f, data / f.name)
    images = data / "train-images-idx3-ubyte.gz"
    images.write_bytes(images.read_bytes()[:1000])
    runs = _runs(tmp_path, [c.updated(data_dir=str(data)) for c in _sweep(2)[:2]])
    sink = RecordingSink()
    VectorizedExecutor(measure=True).execute(runs, sink)
    for run in runs:
        (message,) = sink.of(run.run_id, "error")
        assert "train-images-idx3-ubyte.gz: cannot read" in message
        assert not sink.of(run.run_id, "result")


def test_one_by_one_rounds_fill_every_thread():
    """Round robin for whole rounds, then the runs left over share out every thread."""
    ex = VectorizedExecutor()
    ex._side_by_side = lambda runs, per_process: min(4, len(runs))  # 4 threads  # type: ignore[method-assign]
    ids = lambda rounds: [[[r.run_id for r in part] for part in parts] for parts in rounds]  # noqa: E731
    runs = _runs(Path("/nonexistent"), _sweep(4)[:7])
    assert ids(ex._alone_rounds(runs)) == [[["r0"], ["r1"], ["r2"], ["r3"]], [["r4"], ["r5"], ["r6"]]]
    assert ids(ex._alone_rounds(runs[:4] + runs[:4])) == [[["r0", "r0"], ["r1", "r1"], ["r2", "r2"], ["r3", "r3"]]]
    assert ids(ex._alone_rounds(runs[:1])) == [[["r0"]]]


def test_runs_resuming_from_saved_state_resume_side_by_side(tmp_path, two_threads):
    runs = _runs(tmp_path, _sweep(2))
    for run in runs[:2]:  # two runs were interrupted after their first epoch: they resume, each in a process
        c = run.config
        trainer = Trainer(c, prepare(dataset_for(c), c, torch.device("cpu")))
        next(e for e in trainer.run() if isinstance(e, EpochRecord))
        run.run_dir.mkdir(parents=True)
        save_train_state(run.run_dir, trainer.state())
    sink = RecordingSink()
    VectorizedExecutor().execute(runs, sink)
    for run in runs:
        (result,) = sink.of(run.run_id, "result")
        assert result.status == "finished" and len(result.history) == 2
        epochs = [e.epoch for e in sink.of(run.run_id, "event") if isinstance(e, EpochRecord)]
        assert epochs == ([2] if run in runs[:2] else [1, 2])
        assert not (run.run_dir / "state.json").exists() and (run.run_dir / "model.safetensors").exists()


def test_a_full_disk_in_one_process_stops_the_sweep(tmp_path, two_threads, monkeypatch):
    from cnnlab.experiments import sequential

    _slower_stacked(monkeypatch)
    original = sequential.train_run

    def train(config, run_dir, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if config.seed == 1:
            raise DiskFullError(f"{run_dir}: no space left on device")
        return original(config, run_dir, *args, **kwargs)

    monkeypatch.setattr(sequential, "train_run", train)
    runs = _runs(tmp_path, _sweep(2))
    sink = RecordingSink()
    with pytest.raises(DiskFullError, match="no space left"):
        VectorizedExecutor(measure=True).execute(runs, sink)
    assert any("no space left" in m for r in runs for m in sink.of(r.run_id, "error"))
    assert not _children(os.getpid())


KERNEL_CODE = """
import json, torch
from cnnlab.experiments import vectorized
torch.set_num_threads(2)
forks = []
real = vectorized.run_forked
vectorized.run_forked = lambda jobs, *a, **k: (forks.append(len(jobs)), real(jobs, *a, **k))[1]
import cnnlab
cnnlab.run({spec!r}, store={store!r}, executor="vectorized", report=False, progress=False)
print("RESULT", json.dumps(forks))
"""


@pytest.mark.slow
def test_stacks_go_side_by_side_from_a_jupyter_kernel(tmp_path):
    """Students sweep from notebooks: a real Jupyter kernel (with its ZMQ and heartbeat threads running) forks the
    stacks, every run finishes, no stack process outlives the sweep, and the kernel goes on answering."""
    import queue

    manager = pytest.importorskip("jupyter_client.manager")
    pytest.importorskip("ipykernel")
    spec = tmp_path / "sweep.toml"
    spec.write_text('name = "nb"\nrepeats = 2\n[base]\nmodel = "lenet"\nepochs = 1\nsubset = 400\n'
                    'batch_size = 50\nprecision = "fp32"\ndevice = "cpu"\n[sweep]\nlr = [0.001, 0.003]\n')
    store = tmp_path / "store"
    km, kc = manager.start_new_kernel(kernel_name="python3", extra_arguments=[],
                                      env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})

    def execute(code: str) -> str:
        msg_id = kc.execute(code)
        out = []
        while True:
            try:
                m = kc.get_iopub_msg(timeout=180)
            except queue.Empty:
                pytest.fail(f"the kernel did not answer; so far: {''.join(out)}")
            content = m["content"]
            if m["msg_type"] == "stream":
                out.append(content["text"])
            elif m["msg_type"] == "error":
                out.append("\n".join(content["traceback"]))
            elif (m["msg_type"] == "status" and content["execution_state"] == "idle"
                  and m["parent_header"].get("msg_id") == msg_id):
                return "".join(out)

    try:
        printed = execute(KERNEL_CODE.format(spec=str(spec), store=str(store)))
        assert "RESULT [2]" in printed, printed  # 4 runs on 2 threads: 2 stacks, a process each
        kernel_pid = int(execute("import os; print(os.getpid())"))
        assert [p for p in _children(kernel_pid) if _alive(p)] == []
        assert execute("print(6 * 7)").strip() == "42"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    import sqlite3

    with sqlite3.connect(store / "cnnlab.db") as db:
        rows = db.execute("select status, test_accuracy from runs").fetchall()
    assert len(rows) == 4 and all(s == "finished" and a > 0.1 for s, a in rows), rows
