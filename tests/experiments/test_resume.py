"""Resume after SIGKILL: a real `cnnlab run` process is killed mid-sweep, then run again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from cnnlab.experiments.runner import run_id_for
from cnnlab.experiments.spec import parse_spec
from cnnlab.store.db import Store

SPEC = """name = "killed"
[base]
model = "cnn_3"
dataset = "cifar10"
grayscale = true
data_dir = "{data}"
val_split = 0.1
epochs = 4
batch_size = 10
log_every = 5
device = "cpu"
[sweep]
lr = [0.01, 0.005]
"""


def cnnlab(*args: object) -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-c", "from cnnlab.cli.main import main; main()",
                             *(str(a) for a in args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def test_sigkill_mid_sweep_then_rerun_resumes(tmp_path: Path, make_cifar) -> None:  # noqa: ANN001
    data = make_cifar(tmp_path / "cifar", n_train=1000, n_test=50)
    text = SPEC.format(data=data)
    spec_path = tmp_path / "killed.toml"
    spec_path.write_text(text)
    store_dir = tmp_path / "runs"
    first, second = (store_dir / "killed" / run_id_for("killed", p) for p in parse_spec(text).expand())

    proc = cnnlab("run", spec_path, "--store", store_dir, "--no-report")
    deadline = time.monotonic() + 240
    while not (second / "state.json").exists():  # the second run has finished its first epoch
        assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
        assert time.monotonic() < deadline, "the sweep did not reach the second run in time"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    with Store.open(store_dir) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        before = {r["run_id"]: r for r in store.runs("killed")}
    assert before[first.name]["status"] == "finished"
    assert before[second.name]["status"] == "running"  # as the killed process left it
    assert 1 <= before[second.name]["epochs"] < 4
    finished_weights = (first / "model.safetensors").stat().st_mtime_ns

    proc = cnnlab("run", spec_path, "--store", store_dir, "--no-report", "--json")
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert "1 of 2 runs already in the store: skipped" in err.decode()

    with Store.open(store_dir) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        after = {r["run_id"]: r for r in store.runs("killed")}
        done, resumed = after[first.name], after[second.name]
        # the finished run was not repeated
        assert (done["status"], done["attempts"]) == ("finished", 1)
        assert (first / "model.safetensors").stat().st_mtime_ns == finished_weights
        # the interrupted run continued from its last epoch checkpoint, with whole, gap-free curves
        assert (resumed["status"], resumed["attempts"], resumed["epochs"]) == ("finished", 2, 4)
        assert resumed["resumed_from"] >= 1
        assert [c["epoch"] for c in store.epoch_curves(second.name)] == [1, 2, 3, 4]
        steps = [s["step"] for s in store.step_curves(second.name)]
        steps_per_epoch = 90  # 900 training images (10% held out for validation) in batches of 10
        assert steps == list(range(5, 4 * steps_per_epoch + 1, 5))
    assert not (second / "state.json").exists() and (second / "model.json").exists()
    assert (second / "init.safetensors").exists()
    db = sqlite3.connect(store_dir / "cnnlab.db")
    assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2
