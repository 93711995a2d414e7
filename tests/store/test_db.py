"""The SQLite results store: schema and migrations, the read API, and readers while a sweep writes."""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from cnnlab.data.types import Dataset, ImageSet
from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, StepRecord
from cnnlab.experiments.runner import run_experiment
from cnnlab.experiments.spec import parse_spec
from cnnlab.store.db import SCHEMA_VERSION, Store
from cnnlab.training import session


def epoch(n: int, acc: float = 0.5) -> EpochRecord:
    return EpochRecord(n, 1.0 / n, acc, 0.9, acc, 0.8, acc, 0.01, 0.1, 0.2 * n)


def step(n: int, ep: int) -> StepRecord:
    return StepRecord(ep, n, 10, 2.0 / n, 0.1 * ep, 0.01, {"conv1": 0.5, "fc1": 0.25})


def plan_one(store: Store, run_id: str = "r1", experiment: str = "exp") -> None:
    store.save_experiment(experiment, "about", 'name = "exp"\n', "hash")
    store.plan_runs(experiment, [{"run_id": run_id, "config": '{"lr": 0.1, "seed": 0}', "config_hash": "h",
                                  "config_key": "k", "label": "lr=0.1", "seed": 0, "run_dir": f"/runs/{run_id}"}])


def test_schema_is_versioned_and_in_wal_mode(tmp_path: Path) -> None:
    store = Store.open(tmp_path, create=True)
    assert store.path == tmp_path / "cnnlab.db"
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [tuple(r) for r in store.db.execute("SELECT version FROM schema_version")] == [(SCHEMA_VERSION,)]
    store.close()
    Store.open(tmp_path, create=True).close()  # re-opening migrates nothing and keeps one version row
    db = sqlite3.connect(tmp_path / "cnnlab.db")
    assert db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 1
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(CnnlabError, match="newer cnnlab"):
        Store.open(tmp_path, create=True)


def test_unusable_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(CnnlabError, match="no results store at"):
        Store.open(tmp_path / "missing", create=False)
    (tmp_path / "cnnlab.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CnnlabError, match="not a usable cnnlab results database"):
        Store.open(tmp_path, create=True)


def test_read_api_shapes(tmp_path: Path) -> None:
    store = Store.open(tmp_path, create=True)
    plan_one(store)
    [exp] = store.experiments()
    assert {"name", "description", "created", "spec_toml", "runs", "finished"} <= exp.keys()
    assert (exp["name"], exp["runs"], exp["finished"]) == ("exp", 1, 0)
    store.start_run("r1", "sequential", 0)
    store.add_curves("r1", [epoch(1)], [step(1, 1), step(2, 1)])
    store.add_curves("r1", [epoch(2, 0.7)], [step(3, 2)])
    running = store.run("r1")
    assert running is not None and running["status"] == "running" and running["epochs"] == 2
    store.finish_run("r1", "finished", "finished 2 epochs",
                     {"epochs": 2, "test_accuracy": 0.7, "best_test_accuracy": 0.7, "final_train_loss": 0.5,
                      "wall_seconds": 1.5, "train_seconds": 1.0})
    [run] = store.runs("exp")
    expected = {"run_id", "experiment", "config", "config_key", "label", "seed", "status", "message", "epochs",
                "test_accuracy", "best_test_accuracy", "final_train_loss", "wall_seconds", "train_seconds", "run_dir",
                "error"}
    assert expected <= run.keys()
    assert run["config"] == {"lr": 0.1, "seed": 0} and run["label"] == "lr=0.1"
    assert (run["status"], run["epochs"], run["test_accuracy"], run["attempts"]) == ("finished", 2, 0.7, 1)
    curves = store.epoch_curves("r1")
    assert [c["epoch"] for c in curves] == [1, 2]
    assert set(curves[0]) == set(EpochRecord.__dataclass_fields__)
    steps = store.step_curves("r1")
    assert [s["step"] for s in steps] == [1, 2, 3]
    assert steps[0]["grad_norms"] == {"conv1": 0.5, "fc1": 0.25}
    assert store.run("nope") is None
    assert store.experiments()[0]["finished"] == 1
    with pytest.raises(CnnlabError, match="unknown experiment 'other' \\(choices: exp\\)"):
        store.experiment("other")


def test_restart_forgets_uncommitted_epochs_and_replan_requeues_running(tmp_path: Path) -> None:
    store = Store.open(tmp_path, create=True)
    plan_one(store)
    store.start_run("r1", "sequential", 0)
    store.add_curves("r1", [epoch(1), epoch(2)], [step(1, 1), step(5, 2)])
    plan_one(store)  # the process was killed: a new `cnnlab run` plans again
    assert store.run("r1")["status"] == "queued"
    store.start_run("r1", "sequential", 1)  # resumes after epoch 1
    assert [c["epoch"] for c in store.epoch_curves("r1")] == [1]
    assert [s["step"] for s in store.step_curves("r1")] == [1]
    run = store.run("r1")
    assert (run["attempts"], run["resumed_from"], run["epochs"]) == (2, 1, 1)
    store.fail_run("r1", "RuntimeError: boom")
    run = store.run("r1")
    assert (run["status"], run["error"]) == ("failed", "RuntimeError: boom")


def test_infinite_losses_survive_and_nan_becomes_null(tmp_path: Path) -> None:
    store = Store.open(tmp_path, create=True)
    plan_one(store)
    store.add_curves("r1", [], [StepRecord(1, 1, 10, math.inf, 0.1, 0.1, {"fc1": math.nan})])
    [s] = store.step_curves("r1")
    assert s["loss"] == math.inf and s["grad_norms"] == {"fc1": None}


@pytest.fixture
def tiny_test_split(monkeypatch: pytest.MonkeyPatch) -> None:
    original = session.dataset_for

    def smaller(config):  # noqa: ANN001, ANN202
        ds = original(config)
        return Dataset(ds.name, ds.classes, ImageSet(ds.train.images[:3000], ds.train.labels[:3000]),
                       ImageSet(ds.test.images[:300], ds.test.labels[:300]))

    monkeypatch.setattr(session, "dataset_for", smaller)


def test_readers_see_whole_epochs_while_a_sweep_writes(tmp_path: Path, tiny_test_split: None) -> None:
    spec = parse_spec("""name = "concurrent"
[base]
model = "mlp_fc2"
subset = 200
epochs = 3
batch_size = 16
log_every = 2
device = "cpu"
[sweep]
lr = [0.01, 0.001]
""")
    writer = Store.open(tmp_path, create=True)
    stop = threading.Event()
    seen: list[tuple[str, int, str]] = []
    problems: list[str] = []

    def read() -> None:
        reader = Store.open(tmp_path, create=True)
        while not stop.is_set():
            with reader.snapshot():
                names = [e["name"] for e in reader.experiments()]
                runs = reader.runs("concurrent") if "concurrent" in names else []
                for r in runs:
                    epochs = [c["epoch"] for c in reader.epoch_curves(r["run_id"])]
                    steps = reader.step_curves(r["run_id"])
                    seen.append((r["run_id"], len(epochs), r["status"]))
                    if epochs != list(range(1, len(epochs) + 1)) or r["epochs"] != len(epochs):
                        problems.append(f"{r['status']} run with epochs {epochs}, row says {r['epochs']}")
                    if any(s["epoch"] > len(epochs) for s in steps):
                        problems.append("a step record of an epoch that is not recorded yet")
                    if r["status"] == "finished" and len(epochs) != 3:
                        problems.append("a finished run without all its epochs")
            time.sleep(0.01)  # poll, leaving the CPU to the writer
        reader.close()

    thread = threading.Thread(target=read)
    thread.start()
    try:
        outcome = run_experiment(spec, writer)
    finally:
        stop.set()
        thread.join()
    assert problems == []
    assert [r["status"] for r in outcome.runs] == ["finished", "finished"]
    assert {n for _, n, status in seen if status == "running"} - {0, 1, 2, 3} == set()
    assert any(status == "running" for _, _, status in seen)  # the reader did overlap the writes
    assert writer.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_store_folder_is_named_in_one_place():
    """`cnnlab-runs` is `DEFAULT_DIR`: every other module that needs it imports it (help texts may say it)."""
    import ast

    import cnnlab

    def names_it(path: Path) -> bool:
        tree = ast.parse(path.read_text())
        return any(isinstance(n, ast.Constant) and n.value == "cnnlab-runs" for n in ast.walk(tree))

    package = Path(cnnlab.__file__).parent
    assert sorted(str(p.relative_to(package)) for p in package.rglob("*.py") if names_it(p)) == ["store/db.py"]
