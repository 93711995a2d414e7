"""Every command that makes the user wait says what it is waiting for: a phase line on stderr (shown once a phase
has lasted a second; here at once, so that every phase is seen), and the result alone on stdout."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnnlab.cli import progress
from cnnlab.config import TrainConfig
from cnnlab.training.session import train_run
from tests.experiments import conftest

cli = conftest.cli  # the fixture: `cnnlab ARGS...` in this process


@pytest.fixture
def every_phase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "ck"
    assert train_run(TrainConfig(subset=100, epochs=1, batch_size=32, device="cpu"), out).status == "finished"
    return out


def _phases(err: str, command: str) -> list[str]:
    return [line[len(command) + 2:] for line in err.splitlines() if line.startswith(f"{command}: ")]


def test_test_says_what_it_waits_for(tiny_checkpoint: Path, cli, every_phase) -> None:  # noqa: ANN001
    code, out, err = cli("test", tiny_checkpoint, "--device", "cpu")
    assert code == 0, err
    assert _phases(err, "cnnlab test") == [f"loading {tiny_checkpoint}", "loading the mnist data set",
                                           "evaluating 10,000 test images"]
    assert out.startswith("test loss ") and len(out.splitlines()) == 1


def test_explain_says_what_it_waits_for(tiny_checkpoint: Path, tmp_path: Path, cli, every_phase) -> None:  # noqa: ANN001
    code, out, err = cli("explain", tiny_checkpoint, "--index", "0", "--index", "1", "--out", tmp_path)
    assert code == 0, err
    assert _phases(err, "cnnlab explain") == [f"loading {tiny_checkpoint}", "preparing the images",
                                              "computing saliency for 2 images", "drawing figure 1/2",
                                              "drawing figure 2/2"]
    assert len(out.splitlines()) == 2


def test_export_says_what_it_waits_for(tmp_path: Path, cli, every_phase) -> None:  # noqa: ANN001
    (tmp_path / "e.toml").write_text('name = "e"\nrepeats = 2\n[base]\nsubset = 100\nepochs = 1\ndevice = "cpu"\n')
    code, _, err = cli("run", tmp_path / "e.toml", "--store", tmp_path / "runs", "--no-report")
    assert code == 0, err
    code, out, err = cli("export", "e", "--format", "csv", "--store", tmp_path / "runs")
    assert code == 0 and out.startswith("experiment,run_id,"), err
    assert _phases(err, "cnnlab export") == ["reading e's runs, curves and first-layer weights"]
    code, _, err = cli("export", "e", "--format", "tensorboard", "--out", tmp_path / "tb", "--store", tmp_path / "runs")
    assert code == 0, err
    assert _phases(err, "cnnlab export") == ["loading TensorBoard", "writing TensorBoard run 1/2",
                                             "writing TensorBoard run 2/2"]
    assert err.splitlines()[-1].startswith("wrote 2 TensorBoard runs")
