"""Store schema 2 and on: a version-1 store (before searches) migrates keeping every run; trials pause, end pruned."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cnnlab.events import EpochRecord
from cnnlab.store.db import DB_NAME, MIGRATIONS, SCHEMA_VERSION, Store


def run_row(run_id: str) -> dict:
    return {"run_id": run_id, "config": '{"lr": 0.01, "seed": 0}', "config_hash": "h" + run_id,
            "config_key": "k" + run_id, "label": f"lr=0.01 {run_id}", "seed": 0, "run_dir": f"/tmp/{run_id}"}


def test_a_version_1_store_migrates_keeping_every_run(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO schema_version VALUES (1)")
    db.execute("INSERT INTO experiments VALUES ('old', NULL, 'name = \"old\"', 'x', NULL, 't', 't')")
    db.execute("""INSERT INTO runs (run_id, experiment, config, config_hash, config_key, label, seed, status,
                  test_accuracy, run_dir, created) VALUES ('r1', 'old', '{}', 'h', 'k', 'base', 0, 'finished',
                  0.97, '/tmp/r1', 't')""")
    db.execute("INSERT INTO plan VALUES ('old', 0, 'r1')")
    db.close()
    assert SCHEMA_VERSION == 3  # 2: the search's trials, 3: the process running a run
    with Store(path) as store:
        assert store.db.execute("SELECT version FROM schema_version").fetchone()[0] == 3
        (row,) = store.runs("old")
        assert (row["run_id"], row["status"], row["test_accuracy"], row["trial"], row["rung"]) == (
            "r1", "finished", 0.97, None, None)
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with pytest.raises(sqlite3.IntegrityError):  # the status check survived the rebuild
            store.db.execute("UPDATE runs SET status = 'bogus' WHERE run_id = 'r1'")


def test_trials_are_appended_to_the_plan_pause_and_end_pruned(tmp_path: Path) -> None:
    with Store.open(tmp_path, create=True) as store:
        store.save_experiment("s", None, 'name = "s"', "x")
        store.add_trial("s", run_row("a"), 0)
        store.add_trial("s", run_row("b"), 1)
        store.add_trial("s", run_row("a"), 0)  # registered again after a kill: nothing changes
        assert [(r["run_id"], r["trial"], r["status"]) for r in store.runs("s")] == [("a", 0, "queued"),
                                                                                   ("b", 1, "queued")]
        store.start_run("a", "sequential", 0)
        store.add_curves("a", [EpochRecord(1, 1.0, 0.5, 1.1, 0.4, 1.2, 0.45, 0.01, 1.0, 1.5)], [])
        store.pause_run("a", 1, 1.5, 1.0)
        row = store.run("a")
        assert row is not None and (row["status"], row["epochs"], row["rung"]) == ("paused", 1, None)
        store.prune_run("a", 1, "pruned at epoch 1")
        row = store.run("a")
        assert row is not None and (row["status"], row["epochs"], row["rung"], row["message"]) == (
            "pruned", 1, 1, "pruned at epoch 1")
        assert row["ended"] is not None
        # a plan rewritten (a resumed search) keeps the pruned trial pruned
        store.plan_runs("s", [run_row("a"), run_row("b")])
        assert store.run("a")["status"] == "pruned"  # type: ignore[index]
