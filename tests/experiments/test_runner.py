"""Running specs in-process: divergence and failures inside a sweep, skipping finished runs, new runs on a
changed config, the initial weights, executor choice, and export."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from cnnlab.data.datasets import prepare
from cnnlab.errors import CnnlabError
from cnnlab.experiments import runner, sequential
from cnnlab.experiments.executor import PlannedRun
from cnnlab.experiments.initial import save_initial_weights
from cnnlab.experiments.runner import choose_executor, run_experiment
from cnnlab.experiments.sequential import SequentialExecutor
from cnnlab.experiments.spec import parse_spec
from cnnlab.store.checkpoint import save_train_state
from cnnlab.store.db import Store
from cnnlab.training import session
from cnnlab.training.loop import Trainer

TINY = """name = "{name}"
[base]
model = "mlp_fc2"
subset = 200
epochs = {epochs}
batch_size = 16
log_every = 2
device = "cpu"
{extra}
"""


def write(tmp_path: Path, name: str, sweep: str, epochs: int = 1, extra: str = "") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(TINY.format(name=name, epochs=epochs, extra=extra) + sweep)
    return path


def test_divergence_in_a_sweep_is_recorded_and_the_sweep_goes_on(tmp_path: Path, fast_data: None, cli) -> None:
    spec = write(tmp_path, "breaking", "[sweep]\nlr = [1000.0, 0.01]\n", extra='optimizer = "sgd"')
    code, out, err = cli("run", spec, "--set", "model=baseline", "--store", tmp_path / "runs", "--json", "--no-report")
    assert code == 0, err
    result = json.loads(out)
    assert [(r["config"]["lr"], r["status"]) for r in result["runs"]] == [(1000.0, "diverged"), (0.01, "finished")]
    assert result["experiment"] == "breaking" and result["report"] is None
    assert result["store"] == str(tmp_path / "runs" / "cnnlab.db")
    assert {"config", "seed", "status", "test_accuracy", "best_test_accuracy", "epochs", "wall_seconds"} <= \
        result["runs"][0].keys()
    with Store.open(tmp_path / "runs", create=True) as store:
        diverged = store.runs("breaking")[0]
        assert re.search(r"diverged: loss (became nan|exploded to [0-9.e+]+) at epoch 1, step \d+", diverged["message"])
        assert store.step_curves(diverged["run_id"])  # the steps up to the divergence are kept
    # the results table marks the diverged configuration, and the best one
    code, out, err = cli("runs", "breaking", "--store", tmp_path / "runs")
    assert code == 0 and "1 diverged" in out and "★" in out


def test_a_failing_run_is_recorded_and_the_others_finish(tmp_path: Path, fast_data: None, cli,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    real = sequential.train_run

    def flaky(config, out, on_event, keep_steps):  # noqa: ANN001, ANN202
        if config.lr == 0.02:
            raise RuntimeError("CUDA out of memory\nlots of detail")
        return real(config, out, on_event, keep_steps=keep_steps)

    monkeypatch.setattr(sequential, "train_run", flaky)
    spec = write(tmp_path, "flaky", "[sweep]\nlr = [0.01, 0.02, 0.03]\n")
    code, out, err = cli("run", spec, "--store", tmp_path / "runs", "--no-report", "--executor", "sequential")
    assert code == 1
    assert "error: 1 of 3 runs failed" in err
    assert "failed: RuntimeError: CUDA out of memory" in err
    with Store.open(tmp_path / "runs", create=True) as store:
        rows = store.runs("flaky")
    assert [r["status"] for r in rows] == ["finished", "failed", "finished"]
    assert rows[1]["error"] == "RuntimeError: CUDA out of memory"
    assert "lr=0.01" in out and "1 failed" in out  # the results table
    # a re-run retries the failed run only
    monkeypatch.setattr(sequential, "train_run", real)
    code, out, err = cli("run", spec, "--store", tmp_path / "runs", "--no-report")
    assert code == 0, err
    assert "2 of 3 runs already in the store: skipped" in err
    with Store.open(tmp_path / "runs", create=True) as store:
        rows = store.runs("flaky")
    assert [(r["status"], r["attempts"]) for r in rows] == [("finished", 1), ("finished", 2), ("finished", 1)]


def test_changing_the_base_config_makes_new_runs(tmp_path: Path, fast_data: None) -> None:
    store = Store.open(tmp_path / "runs", create=True)
    first = run_experiment(parse_spec(TINY.format(name="e", epochs=1, extra="")), store)
    again = run_experiment(parse_spec(TINY.format(name="e", epochs=1, extra="")), store)
    assert again.trained == 0 and again.runs[0]["run_id"] == first.runs[0]["run_id"]
    changed = run_experiment(parse_spec(TINY.format(name="e", epochs=1, extra="lr = 0.005")), store)
    assert changed.trained == 1 and changed.runs[0]["run_id"] != first.runs[0]["run_id"]
    overridden = run_experiment(parse_spec(TINY.format(name="e", epochs=1, extra=""), overrides=["subset=150"]), store)
    assert overridden.trained == 1 and overridden.runs[0]["config"]["subset"] == 150
    # the plan shows the latest invocation's runs; every run is kept
    assert [r["run_id"] for r in store.runs("e")] == [overridden.runs[0]["run_id"]]
    assert len(store.runs("e", all_runs=True)) == 3
    assert all(Path(r["run_dir"]).parent == tmp_path / "runs" / "e" for r in store.runs("e", all_runs=True))


def test_only_trains_its_configurations_and_the_plan_keeps_the_whole_grid(tmp_path: Path, fast_data: None,
                                                                         cli) -> None:
    """`--only` narrows what trains now, not what the experiment is: `cnnlab runs` still lists every configuration
    of the grid (the others queued, or finished by an earlier `--only`), and `cnnlab run` shows the chosen ones."""
    spec = write(tmp_path, "split", "[sweep]\nlr = [0.01, 0.02]\n")
    code, out, err = cli("run", spec, "--store", tmp_path / "runs", "--only", "lr=0.02", "--json", "--no-report")
    assert code == 0, err
    assert [(r["config"]["lr"], r["status"]) for r in json.loads(out)["runs"]] == [(0.02, "finished")]
    code, out, _ = cli("runs", "split", "--store", tmp_path / "runs", "--json")
    assert [(r["label"], r["status"]) for r in json.loads(out)] == [("lr=0.01", "queued"), ("lr=0.02", "finished")]
    code, out, err = cli("run", spec, "--store", tmp_path / "runs", "--only", "lr=0.01", "--json", "--no-report")
    assert code == 0, err
    result = json.loads(out)
    assert [r["config"]["lr"] for r in result["runs"]] == [0.01]
    code, out, _ = cli("runs", "split", "--store", tmp_path / "runs", "--json")
    assert [(r["label"], r["status"]) for r in json.loads(out)] == [("lr=0.01", "finished"), ("lr=0.02", "finished")]
    code, out, _ = cli("runs", "--store", tmp_path / "runs", "--json")
    assert [(e["runs"], e["finished"]) for e in json.loads(out)] == [(2, 2)]
    code, out, err = cli("run", spec, "--store", tmp_path / "runs", "--no-report")  # the whole grid: nothing to train
    assert code == 0 and "2 of 2 runs already in the store: skipped" in err, err


def test_init_weights_are_the_weights_training_starts_from(tmp_path: Path, fast_data: None, tiny_config) -> None:
    config = tiny_config.updated(seed=7, init="xavier")
    path = save_initial_weights(config, tmp_path)
    saved = load_file(path)
    trainer = Trainer(config, prepare(session.dataset_for(config), config, torch.device("cpu")))
    expected = trainer.model.state_dict()
    assert saved.keys() == expected.keys()
    assert all(torch.equal(saved[k], expected[k]) for k in saved)


def test_a_checkpoint_the_store_never_heard_of_is_recovered(tmp_path: Path, fast_data: None) -> None:
    store = Store.open(tmp_path / "runs", create=True)
    spec = parse_spec(TINY.format(name="rec", epochs=1, extra=""))
    outcome = run_experiment(spec, store)
    run_id = outcome.runs[0]["run_id"]
    # simulate a kill between writing model.json and recording the result
    store.db.execute("UPDATE runs SET status = 'running' WHERE run_id = ?", (run_id,))
    again = run_experiment(spec, store)
    assert again.trained == 0
    row = store.run(run_id)
    assert row["status"] == "finished" and row["attempts"] == 1
    assert row["test_accuracy"] == outcome.runs[0]["test_accuracy"]


def test_unreadable_state_files_make_the_run_start_over(tmp_path: Path, fast_data: None) -> None:
    store = Store.open(tmp_path / "runs", create=True)
    spec = parse_spec(TINY.format(name="torn", epochs=1, extra=""))
    [plan] = spec.expand()
    run_dir = tmp_path / "runs" / "torn" / runner.run_id_for("torn", plan)
    trainer = Trainer(plan.config, prepare(session.dataset_for(plan.config), plan.config, torch.device("cpu")))
    save_train_state(run_dir, trainer.state())
    (run_dir / "state.safetensors").write_bytes(b"damaged")
    notes: list[str] = []
    outcome = run_experiment(spec, store, notify=notes.append)
    assert outcome.runs[0]["status"] == "finished"
    assert any("saved state unreadable" in n and "unreadable training state" in n for n in notes), notes
    assert store.run(outcome.runs[0]["run_id"])["resumed_from"] is None


def test_missing_data_is_one_line_before_anything_is_stored(tmp_path: Path, cli) -> None:  # noqa: ANN001
    spec = write(tmp_path, "nodata", "", extra=f'dataset = "cifar10"\ndata_dir = "{tmp_path / "none"}"')
    spec.write_text(spec.read_text().replace('model = "mlp_fc2"', 'model = "mlp1"'))
    code, out, err = cli("run", spec, "--store", tmp_path / "runs")
    assert code == 2
    assert err.startswith("error: nodata.toml: base: CIFAR-10 not found in") and err.count("\n") == 1
    assert "download = true fetches them" in err
    assert not (tmp_path / "runs").exists()


def test_one_run_per_experiment_at_a_time(tmp_path: Path, fast_data: None) -> None:
    store = Store.open(tmp_path / "runs", create=True)
    spec = parse_spec(TINY.format(name="locked", epochs=1, extra=""))
    with runner.experiment_lock(store, "locked"), pytest.raises(CnnlabError, match="already running in another"):
        run_experiment(spec, store)
    assert store.experiments() == []  # refused before planning anything


def test_executor_choice(tmp_path: Path, tiny_config, monkeypatch: pytest.MonkeyPatch) -> None:
    from cnnlab.experiments.vectorized import VectorizedExecutor

    notes: list[str] = []
    runs = [PlannedRun(str(i), tiny_config.updated(seed=i), tmp_path / str(i)) for i in range(2)]
    assert isinstance(choose_executor("auto", runs[:1], None, notes.append), SequentialExecutor)  # nothing to stack
    auto = choose_executor("auto", runs, None, notes.append)
    assert isinstance(auto, VectorizedExecutor) and auto.measure  # on a CPU: stacked only where measured faster
    assert isinstance(choose_executor("sequential", runs, None, notes.append), SequentialExecutor)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    cuda_runs = [PlannedRun(r.run_id, r.config.updated(device="auto"), r.run_dir) for r in runs]
    auto = choose_executor("auto", cuda_runs, None, notes.append)
    assert isinstance(auto, VectorizedExecutor) and not auto.measure
    monkeypatch.setitem(runner.EXECUTOR_CLASSES, "vectorized", ("cnnlab.experiments.not_there", "X"))
    assert isinstance(choose_executor("vectorized", runs, None, notes.append), SequentialExecutor)
    assert notes and notes[-1].startswith("note: the vectorized executor is not available")


def test_export_json_and_csv(tmp_path: Path, fast_data: None, cli) -> None:
    spec = write(tmp_path, "exp", "[sweep]\nmodel = [\"mlp_fc2\", \"conv2_fc2\"]\n", epochs=2,
                 extra="val_split = 0.2")
    code, _, err = cli("run", spec, "--store", tmp_path / "runs", "--no-report")
    assert code == 0, err
    code, out, err = cli("export", "exp", "--format", "json", "--store", tmp_path / "runs")
    assert code == 0, err
    data = json.loads(out)
    assert data["experiment"] == "exp" and 'name = "exp"' in data["spec_toml"]
    mlp, cnn = data["runs"]
    for record in (mlp, cnn):
        assert {"name", "loss_curve", "train_acc_curve", "val_acc_curve", "test_acc", "weights"} <= record.keys()
        assert len(record["loss_curve"]) == len(record["train_acc_curve"]) == len(record["step_curves"]) > 0
        assert len(record["val_acc_curve"]) == 2 and record["test_acc"] == record["best_test_accuracy"]
    assert mlp["name"] == "exp/model=mlp_fc2/seed=0"
    assert (len(mlp["weights"]), len(mlp["weights"][0])) == (128, 784)  # fc1: 128 units x 28*28 inputs
    assert (len(cnn["weights"]), len(cnn["weights"][0])) == (32, 25)  # conv1: 32 kernels of 5x5
    out_file = tmp_path / "exp.csv"
    code, _, err = cli("export", "exp", "--format", "csv", "--out", out_file, "--store", tmp_path / "runs")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out_file.read_text())))
    kinds = [r["kind"] for r in rows if r["label"] == "model=mlp_fc2"]
    assert kinds.count("run") == 1 and kinds.count("epoch") == 2 and kinds.count("step") == len(mlp["loss_curve"])
    first_step = next(r for r in rows if r["kind"] == "step")
    assert float(first_step["first_layer_grad_norm"]) > 0
    code, _, err = cli("export", "nope", "--store", tmp_path / "runs")
    assert code == 2 and err.strip() == "error: unknown experiment 'nope' (choices: exp)"
    code, _, err = cli("runs", "--store", tmp_path / "elsewhere")
    assert code == 2 and "no results store at" in err


def test_runs_lists_experiments_as_json(tmp_path: Path, fast_data: None, cli) -> None:
    spec = write(tmp_path, "listed", "")
    assert cli("run", spec, "--store", tmp_path / "runs", "--no-report")[0] == 0
    code, out, _ = cli("runs", "--store", tmp_path / "runs", "--json")
    [exp] = json.loads(out)
    assert (exp["name"], exp["runs"], exp["finished"]) == ("listed", 1, 1)
    code, out, _ = cli("runs", "listed", "--store", tmp_path / "runs", "--json")
    [run] = json.loads(out)
    assert run["status"] == "finished" and (Path(run["run_dir"]) / "init.safetensors").exists()
    db = sqlite3.connect(tmp_path / "runs" / "cnnlab.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
