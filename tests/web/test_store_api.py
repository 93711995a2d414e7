"""The store browser's API, against a real results store."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_fixture import EXPERIMENT, make_store
from web_helpers import drawing, png


@pytest.fixture
def store_client(tmp_path: Path, tiny_checkpoint: Path):
    from fastapi.testclient import TestClient

    from cnnlab.web.app import create_app

    project = make_store(tmp_path / "cnnlab-runs", tiny_checkpoint)
    with TestClient(create_app(project)) as client:
        yield client


def test_experiments_runs_and_curves(store_client) -> None:
    experiments = store_client.get("/api/experiments").json()
    assert [(e["name"], e["runs"], e["finished"], e["diverged"]) for e in experiments] == [(EXPERIMENT, 3, 2, 1)]

    runs = store_client.get(f"/api/experiments/{EXPERIMENT}/runs").json()
    assert [r["status"] for r in runs] == ["finished", "finished", "diverged"]
    assert "run_dir" not in runs[0] and runs[0]["config"] == {"lr": 0.001}
    # only the run whose weights are on disk can be drawn with
    assert runs[0]["model_id"] and runs[1]["model_id"] is None and runs[2]["model_id"] is None

    curves = store_client.get(f"/api/runs/{runs[0]['run_id']}/curves").json()
    assert [e["epoch"] for e in curves["epochs"]] == [1, 2]
    assert curves["steps"][0]["grad_norms"]["conv1"] == pytest.approx(0.1)


def test_unknown_names_are_404(store_client) -> None:
    assert store_client.get("/api/experiments/nope/runs").status_code == 404
    assert store_client.get("/api/runs/nope/curves").status_code == 404
    assert store_client.get("/api/runs/..%2F..%2Fetc/curves").status_code == 404


def test_a_finished_run_is_a_model(store_client) -> None:
    models = store_client.get("/api/models").json()
    assert [(m["kind"], m["experiment"], m["run_id"]) for m in models] == [("run", EXPERIMENT, "run0abc")]
    response = store_client.post(
        "/api/predict", files={"file": ("d.png", png(drawing("1")), "image/png")}, data={"model": models[0]["id"]}
    )
    assert response.status_code == 200 and response.json()["model"] == models[0]["id"]
