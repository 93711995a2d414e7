"""The runs page's account of a search: GET /api/experiments/{name}/search against a real store holding one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnlab.events import EpochRecord
from cnnlab.store.db import Store

SPEC = """name = "srch"
[base]
model = "lenet"
epochs = 2
[search]
trials = 4
sampler = "random"
reduction = 2
rungs = [1]
[search.space]
lr = { low = 0.0001, high = 0.1, log = true }
"""
TRIALS = [(0.001, [0.80, 0.90], "finished"), (0.05, [0.30], "pruned"), (0.003, [0.85, 0.95], "finished"),
          (0.0002, [0.40], "pruned")]


def record(epoch: int, val: float) -> EpochRecord:
    return EpochRecord(epoch, 0.5, val, 0.4, val, 0.4, val - 0.01, 0.001, 1.0, float(epoch))


def make_search_store(root: Path) -> Path:
    with Store.open(root, create=True) as store:
        store.save_experiment("srch", None, SPEC, "h")
        store.save_experiment("grid", None, 'name = "grid"\n[sweep]\nlr = [0.1]\n', "g")
        for i, (lr, values, status) in enumerate(TRIALS):
            run_id = f"trial{i}"
            store.add_trial("srch", {"run_id": run_id, "config": json.dumps({"lr": lr, "seed": 0}),
                                     "config_hash": run_id, "config_key": run_id, "label": f"trial {i}: lr={lr}",
                                     "seed": 0, "run_dir": str(root / run_id)}, i)
            store.start_run(run_id, "sequential", 0)
            store.add_curves(run_id, [record(1, values[0])], [])
            store.pause_run(run_id, 1, 1.0, 1.0)
            if status == "pruned":
                store.prune_run(run_id, 1, "pruned at epoch 1")
            else:
                store.finish_run(run_id, "finished", "finished 2 epochs",
                                 {"epochs": 2, "test_accuracy": values[-1] - 0.01}, [record(2, values[1])])
    return root


@pytest.fixture
def search_client(tmp_path: Path):
    from fastapi.testclient import TestClient

    from cnnlab.web.app import create_app

    with TestClient(create_app(make_search_store(tmp_path / "cnnlab-runs"))) as client:
        yield client


def test_the_search_endpoint_lists_every_trial_with_its_curve_and_the_best(search_client) -> None:
    s = search_client.get("/api/experiments/srch/search").json()
    assert (s["metric"], s["pruner"], s["rungs"]) == ("val_accuracy", "asha", [1])
    assert [(t["trial"], t["status"], t["epochs"], t["rung"]) for t in s["trials"]] == [
        (0, "finished", 2, None), (1, "pruned", 1, 1), (2, "finished", 2, None), (3, "pruned", 1, 1)]
    assert s["trials"][2]["curve"] == [[1, pytest.approx(0.85)], [2, pytest.approx(0.95)]]
    assert s["best"]["trial"] == 2 and s["best"]["params"] == {"lr": 0.003}
    assert s["epochs_spent"] == 6
    runs = search_client.get("/api/experiments/srch/runs").json()
    assert [(r["trial"], r["rung"], r["status"]) for r in runs] == [(0, None, "finished"), (1, 1, "pruned"),
                                                                    (2, None, "finished"), (3, 1, "pruned")]


def test_a_grid_experiment_or_an_unknown_one_is_404(search_client) -> None:
    assert search_client.get("/api/experiments/grid/search").status_code == 404
    assert search_client.get("/api/experiments/nope/search").status_code == 404
