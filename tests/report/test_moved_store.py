"""A results store stays true when it is moved, copied or archived, when a checkpoint goes missing, and when
the process that ran it is killed: run folders are recorded relative to the store, old stores with absolute
run folders still read, and a `running` run whose process is gone shows as interrupted."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cnnlab.cli.main import main
from cnnlab.experiments.export import export_json
from cnnlab.experiments.runner import run_experiment
from cnnlab.experiments.spec import parse_spec
from cnnlab.report.build import build_document
from cnnlab.report.document import Note
from cnnlab.store.db import Store

SPEC = """name = "moved"
[base]
model = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"
dataset = "{digits}"
grayscale = true
epochs = 1
batch_size = 32
log_every = 2
device = "cpu"
[sweep]
lr = [0.01, 0.02]
"""


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory, digits: Path) -> Path:
    """A store of two finished runs, never touched by the tests (they move or copy it first)."""
    root = tmp_path_factory.mktemp("store") / "runs"
    with Store.open(root, create=True) as store:
        outcome = run_experiment(parse_spec(SPEC.format(digits=digits)), store, executor="sequential")
        assert [r["status"] for r in outcome.runs] == ["finished", "finished"]
    return root


def cnnlab(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def _images(store: Store) -> list[str]:
    return [i.name for i in build_document(store, "moved").images()]


def _notes(store: Store) -> list[str]:
    return [b.text for s in build_document(store, "moved").sections for b in s.blocks if isinstance(b, Note)]


def test_run_folders_are_recorded_relative_to_the_store(original: Path) -> None:
    db = sqlite3.connect(original / "cnnlab.db")
    recorded = [r[0] for r in db.execute("SELECT run_dir FROM runs")]
    db.close()
    assert recorded and all(not Path(p).is_absolute() and p.startswith("moved/") for p in recorded), recorded
    with Store.open(original, create=False) as store:  # the read API hands back folders that exist
        assert all(Path(r["run_dir"]).is_absolute() and (Path(r["run_dir"]) / "model.json").is_file()
                   for r in store.runs("moved"))


def _moved(original: Path, tmp_path: Path) -> Path:
    moved = tmp_path / "elsewhere" / "archive"
    shutil.copytree(original, tmp_path / "staging")
    moved.parent.mkdir()
    shutil.move(tmp_path / "staging", moved)
    return moved


def test_a_moved_store_keeps_its_checkpoints_in_report_export_and_weights(original: Path, tmp_path: Path) -> None:
    moved = _moved(original, tmp_path)
    with Store.open(moved, create=False) as store:
        runs = store.runs("moved")
        assert all(str(r["run_dir"]).startswith(str(moved)) for r in runs)
        assert {"confusion", "misclassified", "weights-0"} <= set(_images(store))
        records = export_json(store, "moved")["runs"]
        assert all(r["weights"] is not None and r["initial_weights"] is not None for r in records)
    code, out, err = cnnlab("weights", "--run", runs[0]["run_id"], "--store", str(moved),
                            "--out", str(tmp_path / "w.png"))
    assert code == 0, err
    assert (tmp_path / "w.png").stat().st_size > 0


def test_a_copied_store_reads_its_own_files_not_the_originals(original: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    with Store.open(copy, create=False) as store:
        assert all(Path(r["run_dir"]).is_relative_to(copy) for r in store.runs("moved"))


def _make_absolute(root: Path) -> None:
    """Rewrite the store as cnnlab before relative run folders wrote it: absolute paths."""
    db = sqlite3.connect(root / "cnnlab.db")
    db.execute("UPDATE runs SET run_dir = ? || '/' || run_dir", (str(root),))
    db.commit()
    db.close()


def test_an_old_store_with_absolute_run_folders_reads_where_it_is_and_after_a_move(original: Path,
                                                                                  tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(original, old)
    _make_absolute(old)
    with Store.open(old, create=False) as store:
        assert all(Path(r["run_dir"]).is_relative_to(old) for r in store.runs("moved"))
    copy = tmp_path / "old-copy"
    shutil.copytree(old, copy)  # still names `old`'s folders: the copy must read its own
    shutil.rmtree(old / "moved")
    with Store.open(copy, create=False) as store:
        assert all(Path(r["run_dir"]).is_relative_to(copy) for r in store.runs("moved"))
        assert {"confusion", "weights-0"} <= set(_images(store))


def test_a_report_says_when_a_finished_runs_checkpoint_is_missing(original: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    with Store.open(copy, create=False) as store:
        gone = store.runs("moved")[1]
        (Path(gone["run_dir"]) / "model.safetensors").unlink()
        notes = [n for n in _notes(store) if "missing" in n]
        assert len(notes) == 1 and gone["run_id"] in notes[0], _notes(store)
        code, out, err = cnnlab("report", "moved", "--store", str(copy), "--out", str(tmp_path / "report"))
        assert code == 0, err
        assert gone["run_id"] in (tmp_path / "report" / "report.md").read_text()


# -- a run left `running` by a killed process ----------------------------------------------------------------

def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_a_running_run_whose_process_is_gone_reads_as_interrupted(tmp_path: Path) -> None:
    with Store.open(tmp_path, create=True) as store:
        store.save_experiment("exp", None, 'name = "exp"\n', "hash")
        store.plan_runs("exp", [{"run_id": r, "config": "{}", "config_hash": "h", "config_key": r, "label": r,
                                 "seed": 0, "run_dir": str(tmp_path / "exp" / r)} for r in ("alive", "dead")])
        store.start_run("alive", "sequential", 0)  # this process: alive
        store.start_run("dead", "sequential", 0, pid=_dead_pid())
        statuses = {r["run_id"]: r["status"] for r in store.runs("exp")}
        assert statuses == {"alive": "running", "dead": "interrupted"}
        assert "interrupted" in store.run("dead")["message"]
        assert store.experiments()[0]["interrupted"] == 1


def test_cnnlab_runs_shows_a_killed_sweep_as_interrupted(tmp_path: Path, digits: Path) -> None:
    spec = tmp_path / "long.toml"
    spec.write_text(SPEC.replace('name = "moved"', 'name = "long"').replace("epochs = 1", "epochs = 500")
                    .format(digits=digits))
    store_dir = tmp_path / "runs"
    proc = subprocess.Popen([sys.executable, "-m", "cnnlab.cli.main", "run", str(spec), "--store", str(store_dir),
                             "--no-report"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        running = False
        while time.monotonic() < deadline and proc.poll() is None and not running:
            time.sleep(0.2)
            if (store_dir / "cnnlab.db").exists():
                with contextlib.suppress(Exception), Store.open(store_dir, create=False) as store:
                    running = any(r["status"] == "running" for r in store.runs("long"))
        assert running, "the sweep never started a run"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    r = subprocess.run([sys.executable, "-m", "cnnlab.cli.main", "runs", "long", "--store", str(store_dir), "--json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    statuses = [run["status"] for run in json.loads(r.stdout)]
    assert "running" not in statuses and "interrupted" in statuses, statuses
