"""`--track`: TensorBoard event files and MLflow metrics read back while the run is still training; MLflow
exports to a sqlite: URI read back with a plain MlflowClient (no MLFLOW_* variables), updated in place on a
second export, and the printed `mlflow ui` line started as printed."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from cnnlab.store.db import Store

ROOT = Path(__file__).resolve().parents[2]

# The child trains on 3,000 MNIST images and tests on 300 (as tests/experiments/conftest.py's fast_data), and
# holds the run between epochs 1 and 2 until the test has read epoch 1 back: the run is then certainly still
# training, without a race against a fast machine. The loop and the trackers are the real ones.
CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import torch
    from cnnlab.data.types import Dataset
    from cnnlab.training import session
    from cnnlab.events import EpochRecord
    from cnnlab.training.loop import Trainer

    go = Path(sys.argv[1])
    original = session.dataset_for

    def smaller(config):
        ds = original(config)
        return Dataset(ds.name, ds.classes, ds.train.subset(torch.arange(3000)), ds.test.subset(torch.arange(300)))

    session.dataset_for = smaller
    plain_run = Trainer.run

    def held(self):
        for event in plain_run(self):
            yield event  # the trackers have this event when the loop asks for the next one
            if isinstance(event, EpochRecord) and event.epoch == 1:
                deadline = time.monotonic() + 120
                while not go.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)

    Trainer.run = held
    from cnnlab.cli.main import main
    main(sys.argv[2:])
""")


def _clean_env() -> dict[str, str]:
    """This process's environment without any MLFLOW_* setting (cnnlab must not need one)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    return {**env, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "MLFLOW_DISABLE_TELEMETRY": "true"}


def _wait(what: str, check, timeout: float = 120.0, proc: subprocess.Popen | None = None):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the training process ended (rc {proc.returncode}) before {what}")
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _scalars(folder: Path, tag: str) -> list[tuple[int, float]]:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0, "images": 0})
    acc.Reload()
    tags = acc.Tags()
    return [(e.step, e.value) for e in acc.Scalars(tag)] if tag in tags.get("scalars", []) else []


def _tb_tags(folder: Path) -> dict:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0, "images": 0})
    acc.Reload()
    return acc


def test_tensorboard_and_mlflow_show_epoch_one_while_the_run_is_still_training(tmp_path: Path) -> None:
    from mlflow.tracking import MlflowClient

    go = tmp_path / "go"
    (tmp_path / "child.py").write_text(CHILD)
    db = tmp_path / "mlflow.db"
    args = [sys.executable, str(tmp_path / "child.py"), str(go), "train", "--subset", "600", "--epochs", "3",
            "--batch-size", "32", "--log-every", "2", "--device", "cpu", "--out", str(tmp_path / "ck"),
            "--track", f"tensorboard:{tmp_path / 'tb'}", "--track", "mlflow:sqlite:///mlflow.db"]
    with open(tmp_path / "stderr", "w") as stderr:
        proc = subprocess.Popen(args, cwd=tmp_path, env=_clean_env(), stdout=subprocess.PIPE, stderr=stderr)
    try:
        folder = _wait("the TensorBoard run folder", lambda: next((tmp_path / "tb" / "train").glob("*"), None),
                       proc=proc)
        epoch1 = _wait("epoch 1 in TensorBoard", lambda: _scalars(folder, "epoch/test_accuracy"), proc=proc)
        assert [step for step, _ in epoch1] == [1] and 0 < epoch1[0][1] <= 1
        assert _scalars(folder, "step/loss"), "step records are written as they come"

        def mlflow_epoch1():  # noqa: ANN202
            if not db.exists():
                return None
            client = MlflowClient(tracking_uri=f"sqlite:///{db}")
            experiment = client.get_experiment_by_name("train")
            runs = client.search_runs([experiment.experiment_id]) if experiment else []
            history = client.get_metric_history(runs[0].info.run_id, "epoch/test_accuracy") if runs else []
            return (client, runs[0], history) if history else None

        client, run, history = _wait("epoch 1 in MLflow", mlflow_epoch1, proc=proc)
        assert [m.step for m in history] == [1] and history[0].value == pytest.approx(epoch1[0][1], rel=1e-6)
        assert run.info.status == "RUNNING" and run.data.params["epochs"] == "3"
        assert proc.poll() is None, "the run is still training"
        acc = _tb_tags(folder)
        assert {"weights/conv1.weight", "gradients/conv1.weight"} <= set(acc.Tags()["histograms"])
        assert [h.step for h in acc.Histograms("gradients/conv1.weight")] == [1]  # none before the first step
        assert [h.step for h in acc.Histograms("weights/conv1.weight")] == [0, 1]
        assert [i.step for i in acc.Images("weights/first_layer")] == [0, 1]
        artifacts = {a.path for a in client.list_artifacts(run.info.run_id, "histograms")}
        assert artifacts == {"histograms/epoch-000.json", "histograms/epoch-001.json"}
    finally:
        go.touch()
        try:
            out, _ = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    err = (tmp_path / "stderr").read_text()
    assert proc.returncode == 0, err
    assert f"tracking: tensorboard --logdir {tmp_path / 'tb'}" in err
    assert f"tracking: mlflow ui --backend-store-uri sqlite:///{db}" in err
    assert [s for s, _ in _scalars(folder, "epoch/test_accuracy")] == [1, 2, 3]
    finished = client.get_run(run.info.run_id)
    assert finished.info.status == "FINISHED" and finished.info.end_time >= finished.info.start_time
    assert [m.step for m in client.get_metric_history(run.info.run_id, "epoch/train_loss")] == [1, 2, 3]
    saved = json.loads((tmp_path / "ck" / "model.json").read_text())["metrics"]
    assert finished.data.metrics["test_accuracy"] == pytest.approx(saved["test_accuracy"], rel=1e-9)


def test_run_tracks_each_run_nested_under_the_experiment(tmp_path: Path, cli, fast_data) -> None:  # noqa: ANN001
    from mlflow.tracking import MlflowClient

    spec = tmp_path / "two.toml"
    spec.write_text('name = "two"\nrepeats = 2\n[base]\nsubset = 200\nepochs = 1\nbatch_size = 32\nlog_every = 2\n'
                    'device = "cpu"\n')
    uri = f"sqlite:///{tmp_path / 'm.db'}"
    code, _, err = cli("run", spec, "--store", tmp_path / "runs", "--no-report", "--track", f"mlflow:{uri}",
                       "--track", f"tensorboard:{tmp_path / 'tb'}")
    assert code == 0, err
    with Store.open(tmp_path / "runs", create=False) as store:
        ids = {r["run_id"] for r in store.runs("two")}
    assert {f.name[-12:] for f in (tmp_path / "tb" / "two").iterdir()} == ids
    client = MlflowClient(tracking_uri=uri)
    found = client.search_runs([client.get_experiment_by_name("two").experiment_id])
    parents = [r for r in found if "mlflow.parentRunId" not in r.data.tags]
    children = {r.data.tags["cnnlab.run_id"]: r for r in found if "mlflow.parentRunId" in r.data.tags}
    assert len(parents) == 1 and set(children) == ids and parents[0].info.status == "FINISHED"
    assert all(c.data.tags["mlflow.parentRunId"] == parents[0].info.run_id for c in children.values())
    # an export afterwards updates the tracked runs: no second parent, no second copy of any run or point
    code, _, err = cli("export", "two", "--format", "mlflow", "--out", uri, "--store", tmp_path / "runs")
    assert code == 0, err
    again = client.search_runs([client.get_experiment_by_name("two").experiment_id])
    assert len(again) == len(found) == 3
    for child in children.values():
        history = client.get_metric_history(child.info.run_id, "epoch/test_accuracy")
        assert [m.step for m in history] == [1]


@pytest.mark.parametrize("bad", ["wandb:x", "tensorboard_dir"])
def test_an_unknown_tracker_is_one_line(bad: str, cli, tmp_path: Path) -> None:  # noqa: ANN001
    code, out, err = cli("train", "--track", bad, "--out", tmp_path / "ck")
    assert code == 2 and out == "" and not (tmp_path / "ck").exists()
    assert err.startswith("error: --track ") and "choices: tensorboard[:DIR], mlflow[:URI]" in err
    assert len(err.strip().splitlines()) == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


EXPORT_SPEC = """name = "exp"
repeats = 2
[base]
subset = 200
epochs = 2
batch_size = 32
log_every = 4
device = "cpu"
"""


def test_export_to_sqlite_reads_back_updates_in_place_and_the_printed_ui_line_works(tmp_path: Path, cli,
                                                                                   fast_data) -> None:  # noqa: ANN001
    (tmp_path / "exp.toml").write_text(EXPORT_SPEC)
    code, _, err = cli("run", tmp_path / "exp.toml", "--store", tmp_path / "runs", "--no-report")
    assert code == 0, err
    export = [sys.executable, "-m", "cnnlab", "export", "exp", "--format", "mlflow", "--out", "sqlite:///ml.db",
              "--store", str(tmp_path / "runs")]
    here = Path.cwd()
    os.chdir(tmp_path)  # the first export in this process, the second in a fresh one without MLFLOW_* settings
    try:
        code, _, err = cli(*export[3:])
    finally:
        os.chdir(here)
    assert code == 0, err
    db = tmp_path / "ml.db"
    assert db.is_file(), "sqlite:///ml.db is a file beside the command, not sqlite:/ml.db"
    line = err.strip().splitlines()[-1]
    assert f"to sqlite:///{db} (mlflow ui --backend-store-uri sqlite:///{db})" in line
    second = subprocess.run(export, cwd=tmp_path, env=_clean_env(), capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    read = textwrap.dedent(f"""
        import json
        from mlflow.tracking import MlflowClient
        client = MlflowClient(tracking_uri={f"sqlite:///{db}"!r})
        experiment = client.get_experiment_by_name("exp")
        out = []
        for r in client.search_runs([experiment.experiment_id]):
            out.append({{"tags": r.data.tags, "start": r.info.start_time, "end": r.info.end_time,
                         "status": r.info.status, "metrics": r.data.metrics,
                         "val_loss": [(m.step, m.value) for m in client.get_metric_history(r.info.run_id,
                                                                                          "epoch/val_loss")]}})
        print(json.dumps(out))
    """)
    back = subprocess.run([sys.executable, "-c", read], cwd=tmp_path, env=_clean_env(), capture_output=True,
                          text=True, timeout=300)
    assert back.returncode == 0, back.stderr
    found = json.loads(back.stdout)
    parents = [r for r in found if "mlflow.parentRunId" not in r["tags"]]
    children = {r["tags"]["cnnlab.run_id"]: r for r in found if "mlflow.parentRunId" in r["tags"]}
    assert len(parents) == 1 and len(children) == 2 and len(found) == 3  # exported twice, held once
    from cnnlab.experiments.trackers import _ms

    with Store.open(tmp_path / "runs", create=False) as store:
        for run in store.runs("exp"):
            child = children[run["run_id"]]
            assert child["status"] == "FINISHED"
            assert (child["start"], child["end"]) == (_ms(run["started"]), _ms(run["ended"]))
            assert child["val_loss"] == [[e["epoch"], pytest.approx(e["val_loss"], rel=1e-6)]
                                         for e in store.epoch_curves(run["run_id"])]
            assert child["metrics"]["test_accuracy"] == pytest.approx(run["test_accuracy"], rel=1e-9)

    # the printed command, as printed, with a free local port: it answers with the exported experiment
    command = re.search(r"\((mlflow ui [^)]*)\)", line).group(1)
    port = _free_port()
    with open(tmp_path / "ui.log", "w") as log:
        ui = subprocess.Popen([*shlex.split(command), "--host", "127.0.0.1", "--port", str(port)], cwd="/",
                              env=_clean_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def answer():  # noqa: ANN202
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ajax-api/2.0/mlflow/experiments/search"
                                            "?max_results=10", timeout=5) as response:
                    return json.load(response)
            except OSError:
                return None

        listed = _wait("mlflow ui to answer", answer, timeout=150, proc=ui)
        assert "exp" in [e["name"] for e in listed["experiments"]]
    finally:
        os.killpg(ui.pid, signal.SIGTERM)
        try:
            ui.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(ui.pid, signal.SIGKILL)
            ui.wait(timeout=30)


def test_first_layer_filters_are_each_scaled_to_their_own_range(tmp_path: Path, cli, fast_data) -> None:  # noqa: ANN001
    """The exported filter image: every filter spans black to white (one scale for all left them near-black)."""
    from PIL import Image

    from cnnlab.experiments.trackers import filter_mosaic

    tiles = np.stack([np.full((3, 3), 0.01), np.linspace(-0.02, 0.3, 9).reshape(3, 3)])
    tiles[0, 0, 0] = -0.01
    mosaic = filter_mosaic(tiles)
    assert mosaic.shape == (3, 7) and np.all(mosaic[:, 3] == 1.0)  # a white gap between the two filters
    for tile in (mosaic[:, :3], mosaic[:, 4:]):
        assert tile.min() == 0.0 and tile.max() == 1.0

    (tmp_path / "exp.toml").write_text(EXPORT_SPEC.replace("repeats = 2", "repeats = 1").replace("epochs = 2",
                                                                                                 "epochs = 1"))
    code, _, err = cli("run", tmp_path / "exp.toml", "--store", tmp_path / "runs", "--no-report")
    assert code == 0, err
    code, _, err = cli("export", "exp", "--format", "tensorboard", "--out", tmp_path / "tb", "--store",
                       tmp_path / "runs")
    assert code == 0, err
    [folder] = (tmp_path / "tb" / "exp").iterdir()
    acc = _tb_tags(folder)
    for event in acc.Images("weights/first_layer"):
        image = np.asarray(Image.open(io.BytesIO(event.encoded_image_string)).convert("L"), dtype=int)
        h = w = 5  # the baseline's first layer: 5x5 filters, 32 of them in a 6-column grid with 1-pixel gaps
        for r in range(image.shape[0] // (h + 1)):
            for c in range(image.shape[1] // (w + 1)):
                tile = image[r * (h + 1): r * (h + 1) + h, c * (w + 1): c * (w + 1) + w]
                if (tile == 255).all():
                    continue  # past the last filter
                assert tile.min() == 0 and tile.max() == 255


def test_the_python_api_tracks_too(tmp_path: Path, fast_data) -> None:  # noqa: ANN001
    import cnnlab

    result = cnnlab.train(subset=200, epochs=2, batch_size=32, log_every=2, device="cpu", progress=False,
                          track=f"tensorboard:{tmp_path / 'tb'}")
    [folder] = (tmp_path / "tb" / "train").iterdir()
    assert folder.name.startswith("baseline-seed0-")
    assert _scalars(folder, "epoch/test_accuracy") == [(r.epoch, pytest.approx(r.test_accuracy, rel=1e-6))
                                                      for r in result.history]
    assert [h.step for h in _tb_tags(folder).Histograms("gradients/conv1.weight")] == [1, 2]


def test_a_failing_tracker_warns_once_and_the_others_go_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from cnnlab.errors import CnnlabError
    from cnnlab.events import Phase
    from cnnlab.experiments import live
    from cnnlab.experiments.targets import Target

    seen: list = []

    class Broken:
        def __call__(self, event) -> None:  # noqa: ANN001
            raise OSError("No space left on device")

        def close(self, status: str) -> None:
            raise AssertionError("a dropped tracker is not closed")

    class Fine:
        def __call__(self, event) -> None:  # noqa: ANN001
            seen.append(event)

        def close(self, status: str) -> None:
            seen.append(status)

    warnings: list[str] = []
    run = live.LiveRun([Broken(), Fine()], warnings.append)
    run(Phase("loading data"))
    run(Phase("evaluating", 1))
    run.close("finished")
    assert warnings == ["warning: Broken stopped tracking: OSError: No space left on device"]
    assert seen == [Phase("loading data"), Phase("evaluating", 1), "finished"]

    def refuses(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("database is locked\nsecond line")

    monkeypatch.setattr(live, "MlflowRun", refuses)
    info = live.RunInfo("train", "abc", "baseline", 0, {})
    with pytest.raises(CnnlabError) as failed:
        live.open_run([Target("mlflow", "sqlite:////x.db")], info)
    assert str(failed.value) == "--track mlflow:sqlite:////x.db: RuntimeError: database is locked"
