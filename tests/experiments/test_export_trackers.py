"""`cnnlab export` to TensorBoard and MLflow, read back with their own readers and compared with the store;
swept settings as CSV columns / JSON keys; the one-line message when the trackers extra is missing."""

from __future__ import annotations

import builtins
import csv
import io
import json
import math
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from cnnlab.store.db import Store

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "1")

SPEC = """name = "trk"
repeats = 2
[base]
model = "conv2_fc2"
subset = 200
epochs = 2
batch_size = 32
log_every = 2
val_split = 0.2
device = "cpu"
[sweep]
lr = [0.01, 0.001]
"""


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One small experiment (2 learning rates x 2 seeds, 2 epochs), trained once for this module."""
    import torch

    from cnnlab.cli.main import main
    from cnnlab.data.types import Dataset
    from cnnlab.training import session
    from tests.experiments.conftest import TEST_IMAGES, TRAIN_IMAGES

    root = tmp_path_factory.mktemp("trackers")
    (root / "trk.toml").write_text(SPEC)
    original = session.dataset_for

    def smaller(config):  # noqa: ANN001, ANN202
        ds = original(config)
        return Dataset(ds.name, ds.classes, ds.train.subset(torch.arange(TRAIN_IMAGES)),
                       ds.test.subset(torch.arange(TEST_IMAGES)))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(session, "dataset_for", smaller)
        with pytest.raises(SystemExit) as exit_:
            main(["run", str(root / "trk.toml"), "--store", str(root / "runs"), "--no-report"])
        assert exit_.value.code == 0
    yield root / "runs"


def _runs(store_dir: Path) -> list[dict]:
    with Store.open(store_dir, create=False) as store:
        return [{**r, "epoch_curves": store.epoch_curves(r["run_id"]), "step_curves": store.step_curves(r["run_id"])}
                for r in store.runs("trk")]


def test_csv_and_json_have_a_column_per_swept_setting(store_dir: Path, cli) -> None:
    code, out, err = cli("export", "trk", "--format", "csv", "--store", store_dir)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "config.lr" in rows[0] and "config.model" not in rows[0] and "config.seed" not in rows[0]
    for row in rows:
        assert float(row["config.lr"]) == (0.01 if row["label"] == "lr=0.01" else 0.001)
    code, out, err = cli("export", "trk", "--format", "json", "--store", store_dir)
    assert code == 0, err
    data = json.loads(out)
    assert data["swept_settings"] == ["lr"]
    assert [r["swept"] for r in data["runs"]] == [{"lr": r["config"]["lr"]} for r in data["runs"]]
    assert sorted({r["swept"]["lr"] for r in data["runs"]}) == [0.001, 0.01]


def test_tensorboard_event_files_hold_what_the_store_holds(store_dir: Path, tmp_path: Path, cli) -> None:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.plugins.hparams import plugin_data_pb2

    code, _, err = cli("export", "trk", "--format", "tensorboard", "--out", tmp_path / "tb", "--store", store_dir)
    assert code == 0, err
    assert "wrote 4 TensorBoard runs" in err
    runs = _runs(store_dir)
    folders = sorted((tmp_path / "tb" / "trk").iterdir())
    assert len(folders) == len(runs) == 4
    for run in runs:
        folder = next(f for f in folders if f.name.endswith(run["run_id"]))
        acc = EventAccumulator(str(folder), size_guidance={"scalars": 0, "images": 0, "tensors": 0})
        acc.Reload()
        for key in ("train_loss", "val_accuracy", "test_accuracy", "lr"):
            events = acc.Scalars(f"epoch/{key}")
            assert [e.step for e in events] == [e["epoch"] for e in run["epoch_curves"]]
            assert np.allclose([e.value for e in events], [e[key] for e in run["epoch_curves"]], rtol=1e-6)
        steps = acc.Scalars("step/loss")
        assert [e.step for e in steps] == [s["step"] for s in run["step_curves"]] and len(steps) > 2
        assert np.allclose([e.value for e in steps], [s["loss"] for s in run["step_curves"]], rtol=1e-6)
        layer = next(iter(run["step_curves"][0]["grad_norms"]))
        assert len(acc.Scalars(f"step/grad_norm/{layer}")) == len(steps)
        images = acc.Images("weights/first_layer")
        assert [i.step for i in images] == [0, run["epochs"]] and images[0].width > 0 and images[0].height > 0
        # hparams: the plugin's session-start record holds every setting with the run's value
        start = plugin_data_pb2.HParamsPluginData.FromString(
            acc.PluginTagToContent("hparams")["_hparams_/session_start_info"]).session_start_info.hparams
        assert set(start) == set(run["config"])
        assert start["lr"].number_value == run["config"]["lr"] and start["model"].string_value == "conv2_fc2"
        assert start["seed"].number_value == run["seed"] and start["dropout"].string_value == "none"
        assert math.isclose(acc.Scalars("hparam/test_accuracy")[-1].value, run["test_accuracy"], rel_tol=1e-6)


def test_mlflow_runs_hold_what_the_store_holds(store_dir: Path, tmp_path: Path, cli) -> None:
    from mlflow.tracking import MlflowClient

    code, _, err = cli("export", "trk", "--format", "mlflow", "--out", tmp_path / "mlruns", "--store", store_dir)
    assert code == 0, err
    uri = (tmp_path / "mlruns").absolute().as_uri()
    assert "logged 4 MLflow runs under parent run" in err and uri in err
    client = MlflowClient(tracking_uri=uri)
    experiment = client.get_experiment_by_name("trk")
    found = client.search_runs([experiment.experiment_id])
    parents = [r for r in found if "mlflow.parentRunId" not in r.data.tags]
    children = [r for r in found if "mlflow.parentRunId" in r.data.tags]
    assert len(parents) == 1 and len(children) == 4
    assert {c.data.tags["mlflow.parentRunId"] for c in children} == {parents[0].info.run_id}
    assert parents[0].data.params["swept_settings"] == "lr"
    for run in _runs(store_dir):
        child = next(c for c in children if c.data.tags["cnnlab.run_id"] == run["run_id"])
        assert child.data.tags["status"] == run["status"] and child.data.tags["seed"] == str(run["seed"])
        assert float(child.data.params["lr"]) == run["config"]["lr"]
        assert child.data.params["model"] == "conv2_fc2" and child.data.params["dropout"] == "none"
        assert math.isclose(child.data.metrics["test_accuracy"], run["test_accuracy"], rel_tol=1e-9)
        history = client.get_metric_history(child.info.run_id, "epoch/val_loss")
        assert sorted((m.step, m.value) for m in history) == [(e["epoch"], e["val_loss"]) for e in run["epoch_curves"]]
        steps = client.get_metric_history(child.info.run_id, "step/loss")
        assert sorted(m.step for m in steps) == [s["step"] for s in run["step_curves"]]
        artifacts = {a.path for a in client.list_artifacts(child.info.run_id, "checkpoint")}
        assert {"checkpoint/model.json", "checkpoint/model.safetensors"} <= artifacts


@pytest.mark.parametrize(("fmt", "package"), [("tensorboard", "tensorboard"), ("mlflow", "mlflow")])
def test_missing_tracker_is_one_line_naming_the_extra(store_dir: Path, tmp_path: Path, cli,
                                                      monkeypatch: pytest.MonkeyPatch, fmt: str, package: str) -> None:
    real_import = builtins.__import__

    def no_tracker(name: str, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if name == package or name.startswith(package + "."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tracker)
    code, out, err = cli("export", "trk", "--format", fmt, "--out", tmp_path / "x", "--store", store_dir)
    assert code == 2 and out == ""
    assert err == f"error: --format {fmt} needs the {package} package: pip install 'cnnlab[trackers]'\n"
    assert not (tmp_path / "x").exists()


def test_unknown_experiment_is_one_line(store_dir: Path, tmp_path: Path, cli) -> None:
    code, _, err = cli("export", "nope", "--format", "tensorboard", "--out", tmp_path / "tb", "--store", store_dir)
    assert code == 2 and err.strip() == "error: unknown experiment 'nope' (choices: trk)"


def test_configurations_not_trained_yet_are_left_out_of_the_trackers(store_dir: Path, tmp_path: Path, cli) -> None:
    """A third learning rate added to the grid but not trained (as after `--only`): queued in the plan, and in
    neither tracker, which hold what was trained."""
    from mlflow.tracking import MlflowClient

    from cnnlab.experiments.runner import plan_experiment
    from cnnlab.experiments.spec import parse_spec

    copy = tmp_path / "runs"
    shutil.copytree(store_dir, copy)
    with Store.open(copy, create=True) as store:
        plan_experiment(parse_spec(SPEC.replace("lr = [0.01, 0.001]", "lr = [0.01, 0.001, 0.1]")), store)
        assert [r["status"] for r in store.runs("trk")].count("queued") == 2
        trained = {r["run_id"] for r in store.runs("trk") if r["status"] == "finished"}
    code, _, err = cli("export", "trk", "--format", "tensorboard", "--out", tmp_path / "tb", "--store", copy)
    assert code == 0 and "wrote 4 TensorBoard runs" in err, err
    assert {f.name[-12:] for f in (tmp_path / "tb" / "trk").iterdir()} == trained
    code, _, err = cli("export", "trk", "--format", "mlflow", "--out", tmp_path / "mlruns", "--store", copy)
    assert code == 0 and "logged 4 MLflow runs" in err, err
    client = MlflowClient(tracking_uri=(tmp_path / "mlruns").absolute().as_uri())
    found = client.search_runs([client.get_experiment_by_name("trk").experiment_id])
    assert {r.data.tags["cnnlab.run_id"] for r in found if "mlflow.parentRunId" in r.data.tags} == trained
