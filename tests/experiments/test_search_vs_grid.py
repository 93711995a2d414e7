"""A small version of benchmarks/search_vs_grid.py (issue 27's figure): both sides are produced, the search spends
at most half the grid's epochs, and every trial it trained to the end scores exactly what the grid's run of the
same settings scored (a trial paused at a rung and resumed trains as one run never paused). The 0.3-point goal
itself is measured by the benchmark at full size."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnnlab.store.db import Store

pytest.importorskip("optuna")
SIZE = {"subset": 500, "val_split": 0.3, "epochs": 2, "lr": [0.001, 0.01], "batch_size": [32, 64],
        "dropout": [0.0, 0.5], "trials": 4, "round": 2, "rungs": [1], "reduction": 2}



def test_search_vs_grid_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, load_benchmark) -> None:
    from cnnlab.training import session

    monkeypatch.setattr(session, "dataset_for", session.dataset_for)  # the benchmark narrows it: undone after
    bench = load_benchmark("search_vs_grid")
    result = bench.compare(SIZE, tmp_path)
    grid, search = result["grid"], result["search"]
    assert grid["configs"] == 8 and grid["epochs"] == 16
    assert search["trials"] == 4 and search["pruned"] == 2
    assert search["epochs"] == 4 + 2 <= grid["epochs"] / 2
    assert 0.0 < search["best_val_accuracy"] <= grid["best_val_accuracy"]
    with Store.open(tmp_path, create=True) as store:
        by_settings = {}
        for r in store.runs("grid"):
            c = r["config"]
            by_settings[(c["lr"], c["batch_size"], c["dropout"])] = store.epoch_curves(r["run_id"])[-1]
        finished = [r for r in store.runs("search") if r["status"] == "finished"]
        assert len(finished) == 2
        for r in finished:
            c = r["config"]
            same = by_settings[(c["lr"], c["batch_size"], c["dropout"])]
            assert store.epoch_curves(r["run_id"])[-1]["val_accuracy"] == same["val_accuracy"]
            assert store.epoch_curves(r["run_id"])[-1]["test_loss"] == pytest.approx(same["test_loss"], rel=1e-6)
    line = bench.machine()
    assert "cores" in line and "torch" in line
