"""`cnnlab export`: an experiment's curves and metrics as JSON or CSV, for tools outside cnnlab.

The JSON holds one record per run with seed 003's fields (`name`, `loss_curve`, `train_acc_curve`,
`val_acc_curve`, `test_acc` = best test accuracy, `weights` = the first layer's final weights as a
2-D list, one row per output unit) next to the full epoch and step curves. Accuracies are fractions
in [0, 1]. The step curves are recorded every `log_every` steps; validation is measured once per
epoch, so `val_acc_curve` has one value per epoch (`val_acc_every` says so).

The CSV is long-form, one row per record, with a `kind` column: `run` (final metrics), `epoch`
(per-epoch curves) or `step` (per-step curves, with the first layer's gradient norm).

Both carry the swept settings (those whose value differs between the experiment's runs, the seed
aside) on their own: a `config.<setting>` column per swept setting in the CSV, a `swept` object per
run record (and the list `swept_settings`) in the JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from cnnlab.config import FIELDS
from cnnlab.errors import CnnlabError
from cnnlab.store.atomic import json_safe
from cnnlab.store.db import Store

CSV_COLUMNS = ("experiment", "run_id", "label", "seed", "status", "kind", "epoch", "step", "loss", "accuracy",
               "val_loss", "val_accuracy", "test_loss", "test_accuracy", "best_test_accuracy", "lr",
               "first_layer_grad_norm", "wall_seconds")


def swept_settings(runs: list[dict[str, Any]]) -> list[str]:
    """The settings whose value differs between `runs` (store rows), in TrainConfig order; the seed is not one
    of them (repeats differ in it; it has its own column)."""
    configs = [r.get("config") or {} for r in runs]
    return [k for k in FIELDS if k != "seed" and len({repr(c.get(k)) for c in configs}) > 1]


def setting_column(key: str) -> str:
    return f"config.{key}"


def first_layer_weights(run_dir: Path, initial: bool = False) -> torch.Tensor | None:
    """The first conv/linear layer's weights of a run (its final checkpoint, or `init.safetensors`).

    The first layer is the first weight of at least two dimensions in the model's own (forward) order,
    which the checkpoint's model.json gives by rebuilding the model; None when the files are missing.
    """
    from cnnlab.store.checkpoint import load_checkpoint, read_tensors

    run_dir = Path(run_dir)
    if not (run_dir / "model.json").exists():
        return None
    model, _ = load_checkpoint(run_dir)
    key = next((k for k, v in model.state_dict().items() if v.ndim >= 2), None)
    if key is None:
        return None
    if not initial:
        return model.state_dict()[key].detach().cpu()
    path = run_dir / "init.safetensors"
    if not path.exists():
        return None
    return read_tensors(path, "initial weights").get(key)  # a FIFO or a damaged file: a CnnlabError


def _cell(value: Any) -> Any:
    """A setting as one CSV cell: lists as JSON text (`[10, 15]`), None as empty."""
    return json.dumps(value) if isinstance(value, (list, dict)) else value


def _rows(weights: torch.Tensor | None) -> list[list[float]] | None:
    """A layer's weights as a 2-D list: one row per output unit (a conv kernel flattened)."""
    return weights.reshape(weights.shape[0], -1).tolist() if weights is not None else None


def run_record(store: Store, run: dict[str, Any], swept: Sequence[str] = ()) -> dict[str, Any]:
    """One run: seed 003's per-run record, the run's metrics and config (`swept`: its swept settings), and its
    full curves."""
    steps = store.step_curves(run["run_id"])
    epochs = store.epoch_curves(run["run_id"])
    weights = initial = None
    try:
        weights = first_layer_weights(Path(run["run_dir"]))
        initial = first_layer_weights(Path(run["run_dir"]), initial=True)
    except CnnlabError:  # a missing or unreadable file: the weights it held are left out, the rest is exported
        pass
    return {
        "name": f"{run['experiment']}/{run['label']}/seed={run['seed']}",
        "run_id": run["run_id"],
        "label": run["label"],
        "seed": run["seed"],
        "config": run["config"],
        "swept": {k: run["config"].get(k) for k in swept},
        "status": run["status"],
        "message": run["message"],
        "error": run["error"],
        "epochs": run["epochs"],
        "test_accuracy": run["test_accuracy"],
        "best_test_accuracy": run["best_test_accuracy"],
        "final_train_loss": run["final_train_loss"],
        "wall_seconds": run["wall_seconds"],
        "train_seconds": run["train_seconds"],
        "step_interval": run["config"].get("log_every"),
        "loss_curve": [s["loss"] for s in steps],
        "train_acc_curve": [s["accuracy"] for s in steps],
        "val_acc_curve": [e["val_accuracy"] for e in epochs],
        "val_acc_every": "epoch",
        "test_acc": run["best_test_accuracy"],
        "weights": _rows(weights),
        "initial_weights": _rows(initial),
        "epoch_curves": epochs,
        "step_curves": steps,
    }


def export_json(store: Store, experiment: str) -> dict[str, Any]:
    e = store.experiment(experiment)
    runs = store.runs(experiment)
    swept = swept_settings(runs)
    return json_safe({
        "experiment": experiment,
        "description": e["description"],
        "spec_toml": e["spec_toml"],
        "swept_settings": swept,
        "runs": [run_record(store, r, swept) for r in runs],
    })


def export_csv(store: Store, experiment: str) -> str:
    store.experiment(experiment)  # an unknown name is a one-line error
    runs = store.runs(experiment)
    swept = swept_settings(runs)
    columns = list(CSV_COLUMNS)
    columns[columns.index("seed"):columns.index("seed")] = [setting_column(k) for k in swept]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, lineterminator="\n")
    writer.writeheader()
    for r in runs:
        common = {"experiment": experiment, "run_id": r["run_id"], "label": r["label"], "seed": r["seed"],
                  "status": r["status"]}
        common.update({setting_column(k): _cell(r["config"].get(k)) for k in swept})
        writer.writerow({**common, "kind": "run", "epoch": r["epochs"], "loss": r["final_train_loss"],
                         "test_accuracy": r["test_accuracy"], "best_test_accuracy": r["best_test_accuracy"],
                         "wall_seconds": r["wall_seconds"]})
        for e in store.epoch_curves(r["run_id"]):
            writer.writerow({**common, "kind": "epoch", "epoch": e["epoch"], "loss": e["train_loss"],
                             "accuracy": e["train_accuracy"], "val_loss": e["val_loss"],
                             "val_accuracy": e["val_accuracy"], "test_loss": e["test_loss"],
                             "test_accuracy": e["test_accuracy"], "lr": e["lr"], "wall_seconds": e["wall_seconds"]})
        for s in store.step_curves(r["run_id"]):
            norms = list(s["grad_norms"].values())
            writer.writerow({**common, "kind": "step", "epoch": s["epoch"], "step": s["step"], "loss": s["loss"],
                             "accuracy": s["accuracy"], "lr": s["lr"],
                             "first_layer_grad_norm": norms[0] if norms else None})
    return buf.getvalue()
