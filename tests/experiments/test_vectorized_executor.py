"""The vectorized executor behind the executor interface: per-run events, results and checkpoints."""

from __future__ import annotations

from pathlib import Path

import torch

from cnnlab.config import TrainConfig
from cnnlab.data.datasets import prepare
from cnnlab.events import EpochRecord, RunEnd, StepRecord
from cnnlab.experiments.executor import PlannedRun
from cnnlab.experiments.vectorized import VectorizedExecutor, plan_groups
from cnnlab.store.checkpoint import load_checkpoint, save_train_state
from cnnlab.training.loop import Trainer
from cnnlab.training.metrics import evaluate
from cnnlab.training.session import RunResult, dataset_for

SMALL = "conv 8 k3 > relu > maxpool 2 > flatten > linear 10"


class RecordingSink:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, object]] = []

    def on_start(self, run: PlannedRun) -> None:
        self.calls.append(("start", run.run_id, None))

    def on_event(self, run: PlannedRun, event) -> None:
        self.calls.append(("event", run.run_id, event))

    def on_result(self, run: PlannedRun, result: RunResult) -> None:
        self.calls.append(("result", run.run_id, result))

    def on_error(self, run: PlannedRun, message: str) -> None:
        self.calls.append(("error", run.run_id, message))

    def of(self, run_id: str, kind: str) -> list:
        return [x for k, rid, x in self.calls if k == kind and rid == run_id]


def _runs(tmp_path: Path, configs: list[TrainConfig]) -> list[PlannedRun]:
    return [PlannedRun(f"r{i}", c, tmp_path / f"r{i}") for i, c in enumerate(configs)]


def test_groups_train_together_and_each_run_reports_and_checkpoints(tmp_path):
    base = TrainConfig(model=SMALL, subset=500, epochs=2, batch_size=50, log_every=3, device="cpu", precision="fp32")
    configs = [base.updated(seed=0), base.updated(seed=1, lr=3e-3), base.updated(seed=2, lr=10.0),
               base.updated(batch_size=25)]  # the last one cannot join the stack: it runs alone
    runs = _runs(tmp_path, configs)
    assert [len(g) for g in plan_groups(runs)] == [3, 1]
    sink = RecordingSink()
    VectorizedExecutor().execute(runs, sink)
    for run in runs:
        assert len(sink.of(run.run_id, "start")) == 1 and not sink.of(run.run_id, "error")
        events = sink.of(run.run_id, "event")
        assert isinstance(events[-1], RunEnd) and any(isinstance(e, StepRecord) for e in events)
        (result,) = sink.of(run.run_id, "result")
        assert result.status == events[-1].status and result.checkpoint == str(run.run_dir)
        assert [r.epoch for r in result.history] == [e.epoch for e in events if isinstance(e, EpochRecord)]
        model, meta = load_checkpoint(run.run_dir)
        assert meta["metrics"]["status"] == result.status and meta["config"]["seed"] == run.config.seed
        assert meta["data"]["dataset"] == "mnist" and len(meta["data"]["mean"]) == 1
        assert not (run.run_dir / "state.json").exists()
    good = sink.of("r1", "result")[0]
    assert good.status == "finished" and good.test_accuracy > 0.7
    # the checkpoint holds the run's own final weights: evaluating it gives its reported accuracy
    model, meta = load_checkpoint(runs[1].run_dir)
    test = prepare(dataset_for(configs[1]), configs[1], torch.device("cpu")).test
    assert abs(evaluate(model, test.x, test.y)[1] - good.test_accuracy) < 1e-3


def test_a_run_with_saved_state_resumes_sequentially(tmp_path):
    base = TrainConfig(model=SMALL, subset=300, epochs=2, batch_size=50, device="cpu", precision="fp32")
    runs = _runs(tmp_path, [base.updated(seed=0), base.updated(seed=1), base.updated(seed=2)])
    # run r0 was interrupted after its first epoch: its resumable state is in its run_dir
    c = runs[0].config
    trainer = Trainer(c, prepare(dataset_for(c), c, torch.device("cpu")))
    next(e for e in trainer.run() if isinstance(e, EpochRecord))
    runs[0].run_dir.mkdir(parents=True)
    save_train_state(runs[0].run_dir, trainer.state())
    sink = RecordingSink()
    VectorizedExecutor().execute(runs, sink)
    for run in runs:
        (result,) = sink.of(run.run_id, "result")
        assert result.status == "finished" and result.epochs == 2 and len(result.history) == 2
    resumed = [e.epoch for e in sink.of("r0", "event") if isinstance(e, EpochRecord)]
    assert resumed == [2]  # only the epoch it had left


def test_measured_auto_stacks_only_the_groups_that_win(tmp_path, monkeypatch):
    """`auto` on a CPU measures each group (stack_speedup) and trains it stacked only when that is faster."""
    from cnnlab.experiments import vectorized

    base = TrainConfig(model=SMALL, subset=200, epochs=1, batch_size=50, device="cpu", precision="fp32")
    measured = {}
    for speedup in (0.6, 2.5):
        monkeypatch.setattr(vectorized, "stack_speedup", lambda configs, ds, dev, s=speedup, **kw: s)
        notes: list[str] = []
        sink = RecordingSink()
        runs = _runs(tmp_path / str(speedup), [base.updated(seed=s) for s in range(2)])
        VectorizedExecutor(measure=True, notify=notes.append, processes=1).execute(runs, sink)  # all in one process
        measured[speedup] = {sink.of(r.run_id, "event")[-1].extra["group_size"] for r in runs}
        assert len(notes) == 1 and f"{speedup:.2f}x" in notes[0]
        assert ("training them stacked" in notes[0]) == (speedup > 1)
    assert measured == {0.6: {1}, 2.5: {2}}


def test_the_speedup_measurement_leaves_the_runs_that_follow_unchanged():
    from cnnlab.training.stacked import stack_speedup

    base = TrainConfig(model=SMALL, subset=300, epochs=1, batch_size=50, log_every=2, device="cpu", precision="fp32")
    cpu = torch.device("cpu")

    def losses() -> list[float]:
        t = Trainer(base, prepare(dataset_for(base), base, cpu))
        return [e.loss for e in t.run() if isinstance(e, StepRecord)]

    plain = losses()
    speedup = stack_speedup([base.updated(seed=s) for s in range(3)], dataset_for(base), cpu, steps=2)
    assert 0.05 < speedup < 100
    assert losses() == plain
