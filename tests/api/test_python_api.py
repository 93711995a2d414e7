"""The Python API: cnnlab.train / load / run / summary, from `import cnnlab`, against real training runs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torch import nn

import cnnlab
from cnnlab.events import EpochRecord, RunEnd, StepRecord
from tests.api.conftest import SPEC, digit_png


def test_train_without_out_writes_nothing_and_returns_the_trained_model(tmp_path: Path, small_data: None,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = set(Path(tmp_path).rglob("*"))
    result = cnnlab.train(model=SPEC, epochs=2, subset=500, batch_size=50, log_every=2, device="cpu",
                          progress=False)
    assert set(Path(tmp_path).rglob("*")) == before  # no checkpoint, no state file, no default folder
    assert result.checkpoint is None and result.status == "finished"
    assert isinstance(result.model, nn.Module) and not result.model.training
    assert [r.epoch for r in result.history] == [1, 2] and all(isinstance(r, EpochRecord) for r in result.history)
    assert result.test_accuracy == result.history[-1].test_accuracy and result.test_loss == result.history[-1].test_loss
    frame = result.history.to_pandas()
    assert list(frame.index) == [1, 2] and frame.loc[2, "test_accuracy"] == result.test_accuracy
    assert len(result.steps) == 2 * 10 // 2 and result.steps[-1].step == 20
    assert result.config.lr == cnnlab.api.TrainConfig().lr  # defaults come from TrainConfig
    # the model is the trained one: its own test accuracy is far above chance (0.1) after 2 epochs
    assert result.test_accuracy > 0.5


@pytest.mark.parametrize(("settings", "message"), [
    ({"lr": -1.0}, "cnnlab.train: invalid value for 'lr': -1.0 (Input should be greater than 0)"),
    ({"optimiser": "sgd"}, "cnnlab.train: unknown setting 'optimiser' (settings: model, dataset,"),
    ({"optimizer": "lion"}, "cnnlab.train: invalid value for 'optimizer': 'lion'"),
])
def test_a_bad_setting_is_one_line_naming_the_key(settings: dict, message: str) -> None:
    with pytest.raises(cnnlab.CnnlabError) as e:
        cnnlab.train(model=SPEC, epochs=1, progress=False, **settings)
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_progress_bar_follows_steps_and_ignores_unknown_events(capsys: pytest.CaptureFixture[str]) -> None:
    from cnnlab.api import _TrainBar

    config = cnnlab.api.TrainConfig(epochs=2)
    bar = _TrainBar(config, True, "t")
    for step in (5, 10, 15, 20):
        bar(StepRecord(1 + (step > 10), step, 10, 1.0 / step, 0.5, 0.001, {}))
        bar(object())  # e.g. a Phase event of a newer loop
    assert bar.bar.n == 20 and bar.bar.total == 20
    bar(RunEnd("finished", "finished", 2, None, 1.0, 1.0))
    assert bar.bar is None
    assert "20/20" in capsys.readouterr().err


def test_load_and_predict_paths_pil_and_arrays(trained, tmp_path: Path) -> None:
    assert trained.checkpoint is not None and (Path(trained.checkpoint) / "model.safetensors").is_file()
    clf = cnnlab.load(trained.checkpoint)
    assert clf.classes == [str(d) for d in range(10)] and clf.input_shape == (1, 28, 28)
    assert clf.test_accuracy == pytest.approx(trained.test_accuracy)
    path, label = digit_png(tmp_path / "digit.png", 0)
    x = clf.preprocess(path)
    assert x.shape == (1, 28, 28) and x.dtype == np.float32 and 0 <= x.min() and x.max() == pytest.approx(1.0)
    from_path, from_str, from_pil, from_array = clf.predict([path, str(path), Image.open(path),
                                                             np.asarray(Image.open(path))])
    for p in (from_path, from_str, from_pil, from_array):
        assert p.label == from_path.label and np.allclose(p.probabilities, from_path.probabilities, atol=1e-6)
        assert sum(p.probabilities) == pytest.approx(1.0) and len(p.probabilities) == 10
    # the probabilities are the model's own softmax on the normalised MNIST-style input
    mean, std = clf.meta["data"]["mean"][0], clf.meta["data"]["std"][0]
    with torch.no_grad():
        probs = torch.softmax(clf.model(torch.from_numpy((x - mean) / std)[None]), dim=1)[0]
    assert np.allclose(probs.numpy(), from_path.probabilities, atol=1e-5)
    # one image in, a list of one out; an (N, H, W) array is N images (float arrays in [0, 1])
    assert len(clf.predict(path)) == 1
    batch = np.stack([np.asarray(Image.open(path), dtype=np.float32) / 255] * 3)
    assert [p.label for p in clf.predict(batch)] == [from_path.label] * 3
    assert cnnlab.load(trained).path == clf.path  # a TrainResult with a checkpoint loads too


def test_load_refuses_code_models_unless_trusted(trained, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "code"
    folder.mkdir()
    for name in ("model.safetensors", "model.json"):
        (folder / name).write_bytes((Path(trained.checkpoint) / name).read_bytes())
    meta = json.loads((folder / "model.json").read_text())
    meta["model"].update(spec=None, module="evil_model:Net")
    (folder / "model.json").write_text(json.dumps(meta))
    (tmp_path / "evil_model.py").write_text("open('imported', 'w').close()\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(cnnlab.CnnlabError, match=r"'evil_model:Net', which imports and runs Python code; load it "
                                                 r"with trust_code=True"):
        cnnlab.load(folder)
    assert not (tmp_path / "imported").exists()
    # trusted, but this checkpoint carries no copy of its source: it is looked up in installed packages only,
    # never the cwd (the error must be that one, not the untrusted refusal above: trust_code reaches the loader)
    with pytest.raises(cnnlab.CnnlabError, match=r"cannot load model 'evil_model:Net': No module named 'evil_model' "
                                                 r"\(the current folder is not searched"):
        cnnlab.load(folder, trust_code=True)
    assert not (tmp_path / "imported").exists()


def test_load_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(cnnlab.CnnlabError, match="not found"):
        cnnlab.load(tmp_path / "nothing")
    clf_error = None
    try:
        cnnlab.api._as_pil(np.zeros((2, 2, 2, 2)))
    except cnnlab.CnnlabError as e:
        clf_error = str(e)
    assert clf_error == "an image array must be (H, W), (H, W, C) or (C, H, W), got shape (2, 2, 2, 2)"


def test_run_a_spec_dict_table_runs_and_report(experiment) -> None:
    assert len(experiment.runs) == 4 and {r["status"] for r in experiment.runs} == {"finished"}
    assert experiment.report_path is not None and Path(experiment.report_path).is_file()
    rows = experiment.table(as_pandas=False)
    assert [r["label"] for r in rows] == ["lr=0.01", "lr=0.0001"] and [r["lr"] for r in rows] == [0.01, 0.0001]
    for row, lr in zip(rows, (0.01, 0.0001), strict=True):
        accs = [r["test_accuracy"] for r in experiment.runs if r["config"]["lr"] == lr]
        assert row["runs"] == 2 and row["test_accuracy_n"] == 2
        assert row["test_accuracy_mean"] == pytest.approx(np.mean(accs))
        assert row["test_accuracy_std"] == pytest.approx(np.std(accs, ddof=1))
    assert sum(r["best"] for r in rows) == 1
    frame = experiment.table()
    assert list(frame["label"]) == ["lr=0.01", "lr=0.0001"] and "test_accuracy_mean" in frame.columns
    assert Path(experiment.checkpoint()).is_dir()
    again = cnnlab.results("api_lr", store=experiment.store)  # read back from the store, nothing trained
    assert [r["run_id"] for r in again.runs] == [r["run_id"] for r in experiment.runs]


def test_run_spec_errors_name_the_key(tmp_path: Path) -> None:
    with pytest.raises(cnnlab.CnnlabError, match=r"^spec: \[sweep\] lr: -1.0 is invalid \(must be > 0\)$"):
        cnnlab.run({"name": "bad", "sweep": {"lr": [-1.0]}}, store=tmp_path / "runs", progress=False)
    with pytest.raises(cnnlab.CnnlabError, match="spec file not found"):
        cnnlab.run(tmp_path / "missing.toml", store=tmp_path / "runs")
    assert not (tmp_path / "runs").exists()


def test_summary_of_names_checkpoints_and_any_module(trained) -> None:
    s = cnnlab.summary("baseline")
    assert s.total_params == 225_034 and s.layers[0].name == "conv1" and "total params: 225,034" in str(s)
    assert cnnlab.summary(trained.checkpoint).total_params == cnnlab.summary(trained.model).total_params
    net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.Linear(4 * 30 * 30, 7))
    s = cnnlab.summary(net, input_shape=(3, 32, 32))
    assert s.total_params == 3 * 4 * 9 + 4 + 3600 * 7 + 7 and s.layers[-1].output_shape == (7,)
    assert list(s.to_pandas()["name"]) == ["0", "1", "2"]
    with pytest.raises(cnnlab.CnnlabError, match=r"summary of a Sequential: give input_shape"):
        cnnlab.summary(net)
    with pytest.raises(cnnlab.CnnlabError, match=r"does not take input_shape \(1, 28, 28\)"):
        cnnlab.summary(net, input_shape=(1, 28, 28))


def test_import_cnnlab_exposes_the_api_and_keeps_the_training_package() -> None:
    import cnnlab.training.loop  # the subpackage stays importable next to the function

    assert callable(cnnlab.train) and cnnlab.training.loop.Trainer is not None
    import cnnlab.inspection  # no subpackage shadows a standard-library module

    assert "out" in __import__("inspect").signature(cnnlab.train).parameters
    for name in ("load", "run", "summary", "figures", "results"):
        assert name in dir(cnnlab) and getattr(cnnlab, name) is not None


def test_classifier_explain_attributes_the_prediction_to_the_ink(trained, tmp_path: Path) -> None:
    clf = cnnlab.load(trained.checkpoint)
    path, _ = digit_png(tmp_path / "digit.png", 0)
    x = clf.preprocess(path)[0]
    e = clf.explain([path, path], method="occlusion")
    predicted = clf.predict(path)[0].index
    assert e.attributions.shape == (2, 28, 28) and list(e.predicted) == [predicted, predicted]
    assert np.allclose(e.attributions[0], e.attributions[1])  # the same image explains the same way
    ink = x > 0.5
    # occluding the ink changes the score: attribution mass sits on the ink, not on the empty border
    assert np.abs(e.attributions[0][ink]).mean() > 3 * np.abs(e.attributions[0][~ink]).mean()
    other = clf.classes[(predicted + 1) % 10]
    assert list(clf.explain(path, target=other).target) == [clf.classes.index(other)]
    with pytest.raises(cnnlab.CnnlabError, match="unknown target class"):
        clf.explain(path, target="cat")
    assert e.figure() is not None
