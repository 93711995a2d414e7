"""`cnnlab train --out DIR` never trains on with one setting and records another, never lets two processes
write one folder, and never replaces a finished run of another model: real `cnnlab` subprocesses."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cnnlab.config import TrainConfig
from cnnlab.events import EpochRecord
from cnnlab.training.session import train_run

TINY = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"
BASE = ["--model", TINY, "--subset", "300", "--epochs", "3", "--batch-size", "32", "--device", "cpu"]


def cnnlab(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cnnlab.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout)


def error_line(r: subprocess.CompletedProcess) -> str:
    """The one error line (phase lines such as "cnnlab train: loading data" may come before it)."""
    lines = [line for line in r.stderr.strip().splitlines() if not re.match(r"cnnlab [a-z-]+: ", line)]
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    return lines[0]


def _config(**changes) -> TrainConfig:  # noqa: ANN003
    return TrainConfig(**{"model": TINY, "subset": 300, "epochs": 3, "batch_size": 32, "device": "cpu", **changes})


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run of BASE stopped after its first epoch: state.safetensors/state.json on disk, no model.json."""
    out = tmp_path_factory.mktemp("resume") / "run"

    def stop(event) -> None:  # noqa: ANN001
        if isinstance(event, EpochRecord) and event.epoch == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train_run(_config(), out, stop)
    assert (out / "state.safetensors").exists() and not (out / "model.json").exists()
    return out


def _with(base: list[str], flags: list[str]) -> list[str]:
    """`base` with each `--flag value` of `flags` replacing base's value of it, or added."""
    args = list(base)
    for flag, value in zip(flags[::2], flags[1::2], strict=True):
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    return args


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    "flags, key, recorded, given",
    [
        (["--lr", "0.05"], "lr", "0.001", "0.05"),
        (["--model", "flatten > linear 10"], "model", TINY, "flatten > linear 10"),
        (["--optimizer", "sgd"], "optimizer", "adam", "sgd"),
        (["--epochs", "5"], "epochs", "3", "5"),
        (["--seed", "7"], "seed", "0", "7"),
        (["--aug-rotation", "10"], "aug_rotation", "0.0", "10.0"),
        (["--recipe", "fast"], "lr", "0.001", "0.01"),  # a recipe changes several settings: the first is named
    ],
    ids=["lr", "model", "optimizer", "epochs", "seed", "augmentation", "recipe"],
)
def test_resume_with_a_changed_setting_refuses_and_names_it(interrupted, tmp_path, flags, key, recorded, given):
    before = _snapshot(interrupted)
    args = [*_with(BASE, flags), "--out", str(interrupted)]
    r = cnnlab("train", *args)
    assert r.returncode == 2, r.stderr
    line = error_line(r)
    assert "epoch 1/3" not in r.stdout + r.stderr  # nothing trained
    assert f"{key} = " in line and recorded in line and given in line, line
    assert "--out" in line and "delete" in line, line  # how to start over
    assert _snapshot(interrupted) == before  # the state is left as it was


def test_resume_with_the_same_settings_finishes_the_run(interrupted, tmp_path):
    import shutil

    out = tmp_path / "run"
    shutil.copytree(interrupted, out)
    r = cnnlab("train", *BASE, "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["epochs"] == 3
    meta = json.loads((out / "model.json").read_text())
    assert meta["config"] == _config().model_dump()
    assert "epoch 1/3" not in r.stderr and "epoch 2/3" in r.stderr  # epoch 1 came from the state
    assert not (out / "state.safetensors").exists() and not (out / ".lock").exists()


def test_train_out_on_a_finished_run_of_another_model_refuses(tmp_path):
    out = tmp_path / "ck"
    assert train_run(_config(epochs=1), out).status == "finished"
    before = _snapshot(out)
    r = cnnlab("train", *_with(BASE, ["--epochs", "1", "--model", "flatten > linear 10"]), "--out", str(out))
    assert r.returncode == 2, r.stderr
    line = error_line(r)
    assert "model" in line and "flatten > linear 10" in line and "finished" in line and "--out" in line, line
    assert _snapshot(out) == before  # the finished checkpoint is untouched


def test_train_out_on_a_folder_with_an_unreadable_model_json_refuses(tmp_path):
    out = tmp_path / "ck"
    out.mkdir()
    (out / "model.json").write_text("{ not json")
    r = cnnlab("train", *BASE, "--out", str(out))
    assert r.returncode == 2, r.stderr
    assert "model.json" in error_line(r)
    assert (out / "model.json").read_text() == "{ not json"


def _wait_for(predicate, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_two_trains_into_one_folder_the_second_refuses_and_a_killed_one_does_not_block(tmp_path):
    out = tmp_path / "run"
    long = ["--model", TINY, "--subset", "2000", "--epochs", "200", "--batch-size", "16", "--device", "cpu"]
    first = subprocess.Popen([sys.executable, "-m", "cnnlab.cli.main", "train", *long, "--out", str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(lambda: (out / "state.json").exists() or first.poll() is not None, 120), "no state saved"
        assert first.poll() is None, first.stderr.read()
        second = cnnlab("train", *long, "--out", str(out))
        assert second.returncode == 2, second.stderr
        line = error_line(second)
        assert str(out) in line and "another cnnlab train" in line and "is writing" in line, line
        assert f"pid {first.pid}" in line, line
        state_before = (out / "state.json").read_bytes()
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        first.stderr.close()
    # the first one is gone (killed: its lock file is still there); the second wrote nothing
    assert (out / ".lock").exists() and json.loads((out / "state.json").read_bytes())["format"] == \
        json.loads(state_before)["format"]
    third = cnnlab("train", *_with(long, ["--epochs", "201"]), "--out", str(out))
    assert third.returncode == 2, third.stderr
    assert "epochs = 200, not 201" in error_line(third) and "is writing" not in error_line(third)  # not locked out


def test_a_lock_file_left_by_a_dead_process_does_not_block(interrupted, tmp_path):
    import shutil

    out = tmp_path / "run"
    shutil.copytree(interrupted, out)
    (out / ".lock").write_text("999999999\n")  # what a killed train leaves
    r = cnnlab("train", *BASE, "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
