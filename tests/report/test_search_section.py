"""A search experiment's part of the report: every trial in a table and a figure (pruned ones faded), the best
trial with its repeats' confidence interval, and the settings' importances. Built from store-shaped rows."""

from __future__ import annotations

import pytest

from cnnlab.report.document import Image, Note, Paragraph, Table
from cnnlab.report.search_figures import PRUNED
from cnnlab.report.search_section import search_blocks

SPEC = """name = "s"
[base]
model = "lenet"
epochs = 3
[search]
trials = 6
sampler = "random"
rungs = [1]
[search.space]
lr = { low = 0.0001, high = 0.1, log = true }
batch_size = [32, 64]
"""


def rows_and_curves() -> tuple[list[dict], dict[str, list[dict]]]:
    runs, curves = [], {}
    trials = [(0.001, 32, "finished", 3, [0.80, 0.90, 0.95]), (0.05, 64, "pruned", 1, [0.30]),
              (0.003, 32, "finished", 3, [0.85, 0.92, 0.97]), (0.0002, 64, "pruned", 1, [0.40]),
              (0.01, 64, "finished", 3, [0.82, 0.88, 0.90]), (0.02, 32, "pruned", 1, [0.20])]
    for i, (lr, batch, status, epochs, values) in enumerate(trials):
        run_id = f"t{i}"
        runs.append({"run_id": run_id, "trial": i, "label": f"trial {i}", "seed": 0, "status": status,
                     "epochs": epochs, "rung": 1, "best_epoch": None, "test_accuracy": values[-1] - 0.01,
                     "config": {"lr": lr, "batch_size": batch, "seed": 0}, "config_key": run_id})
        curves[run_id] = [{"epoch": e + 1, "val_accuracy": v} for e, v in enumerate(values)]
    for seed, acc in ((1, 0.962), (2, 0.958)):  # repeats of trial 2, the best
        runs.append({"run_id": f"r{seed}", "trial": 2, "label": "trial 2", "seed": seed, "status": "finished",
                     "epochs": 3, "rung": None, "best_epoch": None, "test_accuracy": acc,
                     "config": {"lr": 0.003, "batch_size": 32, "seed": seed}, "config_key": "t2"})
        curves[f"r{seed}"] = [{"epoch": 3, "val_accuracy": 0.96}]
    return runs, curves


def test_a_grid_experiment_gets_no_search_blocks() -> None:
    assert search_blocks({"name": "g", "spec_toml": 'name = "g"\n[sweep]\nlr = [0.1]\n'}, [], {}) == []


def test_the_search_blocks_show_every_trial_the_best_with_its_ci_and_importances() -> None:
    pytest.importorskip("optuna")
    runs, curves = rows_and_curves()
    blocks = search_blocks({"name": "s", "spec_toml": SPEC}, runs, curves)
    table = next(b for b in blocks if isinstance(b, Table))
    assert [r[1] for r in table.rows] == ["0", "1", "2", "3", "4", "5"]  # the repeats are not trials
    assert table.highlight == 2 and table.rows[2][0] == "★"
    assert [r[4] for r in table.rows] == ["finished", "pruned", "finished", "pruned", "finished", "pruned"]
    best = next(b.text for b in blocks if isinstance(b, Paragraph) and b.text.startswith("★ Best trial: 2"))
    assert "lr = 0.003, batch_size = 32" in best and "val_accuracy 97.00%" in best
    assert "Over 3 seeds" in best and "95% CI of the mean [" in best
    figures = {b.name: b.figure for b in blocks if isinstance(b, Image)}
    assert set(figures) == {"search-trials", "search-importance"}
    lines = figures["search-trials"].axes[0].get_lines()
    faded = [ln for ln in lines if ln.get_color() == PRUNED]
    assert faded and all((ln.get_alpha() or 1.0) < 0.6 for ln in faded)  # the pruned trials are faded
    assert max(ln.get_linewidth() for ln in lines) == pytest.approx(2.6)  # the best one drawn thick
    assert not [b for b in blocks if isinstance(b, Note)]


def test_without_enough_trials_the_importances_are_a_note() -> None:
    runs, curves = rows_and_curves()
    blocks = search_blocks({"name": "s", "spec_toml": SPEC}, runs[:2], curves)
    assert any(isinstance(b, Note) and "importances" in b.text for b in blocks)
    assert {b.name for b in blocks if isinstance(b, Image)} == {"search-trials"}
