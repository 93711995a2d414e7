"""Resume after SIGKILL or Ctrl-C: real `cnnlab run` and `cnnlab train` processes are interrupted, then run again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from cnnlab.experiments.runner import run_id_for
from cnnlab.experiments.spec import parse_spec
from cnnlab.store.checkpoint import load_train_state
from cnnlab.store.db import Store

SPEC = """name = "killed"
executor = "sequential"  # per-epoch state: what a killed sweep resumes from (a stack has none)
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
    # Ctrl-C's default handling, as in a terminal: a shell's background job (CI started with `&`) inherits
    # SIGINT ignored, and a Python started so keeps ignoring it
    code = ("import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
            "from cnnlab.cli.main import main; main()")
    return subprocess.Popen([sys.executable, "-c", code,
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
    # the killed process left it `running`; its process is gone, so it reads as interrupted
    assert before[second.name]["status"] == "interrupted" and before[second.name]["pid"] == proc.pid
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


# -- bit for bit: an interrupted run, resumed, is the uninterrupted run ----------------------------------
WITH_DROPOUT = "conv 6 k5 > relu > maxpool 2 > flatten > linear 32 > relu > dropout 0.3 > linear 10"
WITH_BATCHNORM = "conv 6 k3 > bn > relu > maxpool 2 > conv 8 k3 > bn > relu > maxpool 2 > flatten > linear 10"
TIMINGS = ("train_seconds", "wall_seconds")


# Epochs of the interrupted runs: the signal is sent once epoch 1's state exists, so the later epochs are the
# window in which it must land; on a loaded machine (CI's other worker) 2 epochs of ~0.2 s were too few.
EPOCHS = 6


def _interrupt(args: list, state: Path, sig: signal.Signals) -> None:
    """Start `cnnlab ARGS`, wait for its first epoch's state file, then send `sig`."""
    proc = cnnlab(*args)
    deadline = time.monotonic() + 240
    while not state.exists():
        assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
        assert time.monotonic() < deadline, "no state file in time"
        time.sleep(0.005)
    # as a user would, Ctrl-C again every 2 s until the process ends
    for _ in range(10):
        proc.send_signal(sig)
        try:
            proc.wait(timeout=2)
            break
        except subprocess.TimeoutExpired:
            continue
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0, err.decode()[-2000:]


def _finish(args: list) -> None:
    proc = cnnlab(*args)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()[-2000:]


def _weights(folder: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(folder / "model.safetensors")


def _assert_same_weights(a: Path, b: Path) -> None:
    wa, wb = _weights(a), _weights(b)
    assert list(wa) == list(wb)
    for k in wa:
        assert torch.equal(wa[k], wb[k]), k


def _untimed(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in TIMINGS} for r in records]


@pytest.mark.parametrize("model, sig", [(WITH_DROPOUT, signal.SIGINT), (WITH_BATCHNORM, signal.SIGKILL)],
                         ids=["dropout-sigint", "batchnorm-sigkill"])
def test_train_out_interrupted_and_resumed_is_the_uninterrupted_run_bit_for_bit(tmp_path, make_cifar, model, sig):
    data = make_cifar(tmp_path / "cifar", n_train=1000, n_test=50)

    def args(out: Path) -> list:
        return ["train", "--model", model, "--dataset", "cifar10", "--grayscale", "--data-dir", data,
                "--subset", 800, "--epochs", EPOCHS, "--batch-size", 16, "--log-every", 5, "--seed", 3,
                "--device", "cpu", "--out", out, "--json"]

    whole, cut = tmp_path / "whole", tmp_path / "cut"
    _finish(args(whole))
    _interrupt(args(cut), cut / "state.safetensors", sig)
    assert not (cut / "model.json").exists()  # really interrupted, after an epoch before the last
    assert 1 <= load_train_state(cut)["epoch"] < EPOCHS
    _finish(args(cut))  # the same command again resumes

    steps = [json.loads((d / "steps.json").read_text()) for d in (whole, cut)]
    assert len(steps[0]) == EPOCHS * 45 // 5 and steps[0] == steps[1]  # 720 images / 16 = 45 steps an epoch
    meta = [json.loads((d / "model.json").read_text()) for d in (whole, cut)]
    assert [r["epoch"] for r in meta[1]["history"]] == list(range(1, EPOCHS + 1))
    assert _untimed(meta[0]["history"]) == _untimed(meta[1]["history"])
    _assert_same_weights(whole, cut)


RUN_SPEC = """name = "exact"
[base]
model = "{model}"
dataset = "cifar10"
grayscale = true
data_dir = "{data}"
subset = 800
epochs = {epochs}
batch_size = 16
log_every = 5
seed = 5
device = "cpu"
"""


@pytest.mark.parametrize("model, sig", [(WITH_BATCHNORM, signal.SIGINT), (WITH_DROPOUT, signal.SIGKILL)],
                         ids=["batchnorm-sigint", "dropout-sigkill"])
def test_run_interrupted_and_resumed_is_the_uninterrupted_run_bit_for_bit(tmp_path, make_cifar, model, sig):
    data = make_cifar(tmp_path / "cifar", n_train=1000, n_test=50)
    text = RUN_SPEC.format(model=model, data=data, epochs=EPOCHS)
    spec_path = tmp_path / "exact.toml"
    spec_path.write_text(text)
    (plan,) = parse_spec(text).expand()
    run_id = run_id_for("exact", plan)
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    _finish(["run", spec_path, "--store", whole, "--no-report"])
    _interrupt(["run", spec_path, "--store", cut, "--no-report"], cut / "exact" / run_id / "state.safetensors", sig)
    _finish(["run", spec_path, "--store", cut, "--no-report"])

    curves = []
    for store_dir in (whole, cut):
        with Store.open(store_dir, create=True) as store:
            (row,) = store.runs("exact")
            assert row["status"] == "finished"
            curves.append((store.step_curves(run_id), _untimed(store.epoch_curves(run_id)), row["attempts"]))
    (steps_a, epochs_a, attempts_a), (steps_b, epochs_b, attempts_b) = curves
    assert (attempts_a, attempts_b) == (1, 2)
    assert len(steps_a) == EPOCHS * 45 // 5 and steps_a == steps_b
    assert [e["epoch"] for e in epochs_b] == list(range(1, EPOCHS + 1)) and epochs_a == epochs_b
    _assert_same_weights(whole / "exact" / run_id, cut / "exact" / run_id)
