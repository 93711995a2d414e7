"""`cnnlab export --format tensorboard | mlflow`: an experiment's runs in the trackers people already use.

TensorBoard: one run folder per cnnlab run, `<out>/<experiment>/<label>-seed<seed>-<run_id>/`, written
with PyTorch's `SummaryWriter`. Step curves are scalars against the optimizer step (`step/loss`,
`step/accuracy`, `step/lr`, `step/grad_norm/<layer>`), epoch curves against the epoch (`epoch/train_loss`,
..., `epoch/test_accuracy`, `epoch/lr`); the run's settings are hparams (with its final metrics); the
first layer's weights are an image `weights/first_layer` (step 0: before training, step = epochs: after).

Runs still queued with nothing recorded (configurations a `--only` run left for later) are left out:
a tracker holds what was trained.

MLflow: one parent run per export of the experiment (MLflow experiment named like it) and one nested
run per cnnlab run: settings as params, the same curves as metrics with steps, final metrics, the
run's checkpoint folder as the artifact `checkpoint/`, tags `status`, `seed`, `label`, `cnnlab.run_id`.
The default tracking location is a local file store, `./mlruns` (any folder is a file store; any
tracking URI, e.g. `sqlite:///mlflow.db` or `http://host:5000`, is used as given); telemetry is off.

Both packages are optional: `pip install 'cnnlab[trackers]'`.
"""

from __future__ import annotations

import math
import os
import re
import time
from pathlib import Path
from typing import Any

import numpy as np

from cnnlab.errors import CnnlabError
from cnnlab.experiments.export import swept_settings
from cnnlab.store.db import Store

EXTRA = "pip install 'cnnlab[trackers]'"
EPOCH_KEYS = ("train_loss", "train_accuracy", "val_loss", "val_accuracy", "test_loss", "test_accuracy", "lr")
STEP_KEYS = ("loss", "accuracy", "lr")
FINAL_KEYS = ("test_accuracy", "test_loss", "best_test_accuracy", "final_train_loss", "epochs", "wall_seconds",
              "train_seconds")


def trained_runs(store: Store, experiment: str) -> list[dict[str, Any]]:
    """The plan's runs that have started: a queued run with no epoch recorded has nothing to show."""
    return [r for r in store.runs(experiment) if not (r["status"] == "queued" and not r.get("epochs"))]


def _missing(package: str, fmt: str) -> CnnlabError:
    return CnnlabError(f"--format {fmt} needs the {package} package: {EXTRA}")


def _finite(x: Any) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(float(x))


def curves(store: Store, run: dict[str, Any]) -> dict[str, list[tuple[int, float]]]:
    """Every curve of a run as tag -> [(step or epoch, value)], non-finite and missing values left out."""
    out: dict[str, list[tuple[int, float]]] = {}
    for e in store.epoch_curves(run["run_id"]):
        for k in EPOCH_KEYS:
            if _finite(e.get(k)):
                out.setdefault(f"epoch/{k}", []).append((int(e["epoch"]), float(e[k])))
    for s in store.step_curves(run["run_id"]):
        for k in STEP_KEYS:
            if _finite(s.get(k)):
                out.setdefault(f"step/{k}", []).append((int(s["step"]), float(s[k])))
        for layer, norm in (s.get("grad_norms") or {}).items():
            if _finite(norm):
                out.setdefault(f"step/grad_norm/{layer}", []).append((int(s["step"]), float(norm)))
    return out


def final_metrics(run: dict[str, Any]) -> dict[str, float]:
    return {k: float(run[k]) for k in FINAL_KEYS if _finite(run.get(k))}


def param_value(value: Any) -> str | int | float | bool:
    """A setting as an hparam/param value: numbers and booleans as they are, None as "none", lists as text."""
    if value is None:
        return "none"
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def run_name(run: dict[str, Any]) -> str:
    label = re.sub(r"[^A-Za-z0-9_.=-]+", "_", str(run.get("label") or "base"))[:80]
    return f"{label}-seed{run['seed']}-{run['run_id']}"


def _weights_image(run_dir: str | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The first layer's tiles before/after training as one mosaic each, (H, W) or (H, W, 3) in [0, 1]."""
    from cnnlab.inspection.run_weights import first_layer_tiles, has_checkpoint, tile_mosaic

    if not has_checkpoint(run_dir):
        return None, None
    try:
        layer = first_layer_tiles(run_dir)  # type: ignore[arg-type]
    except (CnnlabError, OSError, RuntimeError, ValueError, KeyError):
        return None, None
    if layer is None:
        return None, None

    def mosaic(tiles: np.ndarray | None) -> np.ndarray | None:
        return None if tiles is None else np.nan_to_num(tile_mosaic(tiles), nan=1.0)

    return mosaic(layer.before), mosaic(layer.after)


# -- TensorBoard ------------------------------------------------------------------------------------


def export_tensorboard(store: Store, experiment: str, out_dir: Path) -> list[Path]:
    """Write one TensorBoard run folder per run of `experiment` under `out_dir/<experiment>/`; returns them."""
    store.experiment(experiment)
    try:
        import tensorboard  # noqa: F401  (SummaryWriter needs it)
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        raise _missing("tensorboard", "tensorboard") from None
    runs = trained_runs(store, experiment)
    swept = swept_settings(runs)
    written = []
    for run in runs:
        directory = Path(out_dir) / experiment / run_name(run)
        if directory.exists():  # an earlier export of this run: replace it, do not append a second copy
            for old in directory.glob("**/events.out.tfevents.*"):
                old.unlink()
        try:
            writer = SummaryWriter(log_dir=str(directory))
        except OSError as e:
            raise CnnlabError(f"cannot write {directory}: {e.strerror or e}") from None
        with writer:
            for tag, points in curves(store, run).items():
                for step, value in points:
                    writer.add_scalar(tag, value, step)
            before, after = _weights_image(run.get("run_dir"))
            for step, image in ((0, before), (int(run.get("epochs") or 0), after)):
                if image is not None:
                    writer.add_image("weights/first_layer", image, step, dataformats="HW" if image.ndim == 2 else "HWC")
            hparams = {k: param_value(v) for k, v in run["config"].items()}
            metrics = {f"hparam/{k}": v for k, v in final_metrics(run).items()}
            writer.add_text("run", f"{run['label']} · seed {run['seed']} · {run['status']}: {run.get('message') or ''}"
                            + (f" · swept: {', '.join(swept)}" if swept else ""))
            writer.add_hparams(hparams, metrics or {"hparam/test_accuracy": float("nan")}, run_name=".")
        written.append(directory)
    return written


# -- MLflow -----------------------------------------------------------------------------------------


def tracking_uri(where: str | Path | None) -> str:
    """A URI MLflow understands: a scheme URI (file:, sqlite:, http:, ...) as given; a folder as a file: URI."""
    text = str(where) if where is not None else "mlruns"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) and not re.match(r"^[A-Za-z]:[\\/]", text):
        return text
    return Path(text).expanduser().absolute().as_uri()


def _mlflow() -> Any:
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    # a folder is MLflow's file store, which MLflow 3 keeps only on request (a sqlite:/// URI is the other way)
    os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    try:
        import mlflow
        from mlflow.entities import Metric, Param, RunTag
        from mlflow.tracking import MlflowClient
    except ImportError:
        raise _missing("mlflow", "mlflow") from None
    return mlflow, MlflowClient, Metric, Param, RunTag


def _chunks(items: list, n: int) -> list[list]:
    return [items[i:i + n] for i in range(0, len(items), n)]


def export_mlflow(store: Store, experiment: str, where: str | Path | None = None) -> tuple[str, str, list[str]]:
    """Log `experiment` to MLflow: (tracking URI, parent run id, child run ids in the store's run order)."""
    store.experiment(experiment)
    _, client_class, metric, param, tag = _mlflow()
    uri = tracking_uri(where)
    try:
        client = client_class(tracking_uri=uri)
        found = client.get_experiment_by_name(experiment)
        exp_id = found.experiment_id if found is not None else client.create_experiment(experiment)
    except Exception as e:  # MLflow raises its own exception types for a bad URI or store
        raise CnnlabError(f"MLflow at {uri}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from None
    runs = trained_runs(store, experiment)
    swept = swept_settings(runs)
    parent = client.create_run(exp_id, run_name=experiment, tags={
        "cnnlab.experiment": experiment, "swept_settings": ",".join(swept) or "none"})
    client.log_batch(parent.info.run_id, params=[param("swept_settings", ",".join(swept) or "none"),
                                                  param("runs", str(len(runs)))])
    children = []
    now = int(time.time() * 1000)
    for run in runs:
        tags = {"mlflow.parentRunId": parent.info.run_id, "status": str(run["status"]), "seed": str(run["seed"]),
                "label": str(run["label"]), "cnnlab.run_id": str(run["run_id"])}
        child = client.create_run(exp_id, run_name=run_name(run), tags=tags)
        rid = child.info.run_id
        params = [param(k, str(param_value(v))) for k, v in run["config"].items()]
        metrics = [metric(k, v, now, 0) for k, v in final_metrics(run).items()]
        metrics += [metric(tag_, value, now, step) for tag_, points in curves(store, run).items()
                    for step, value in points]
        for chunk in _chunks(params, 100):
            client.log_batch(rid, params=chunk)
        for chunk in _chunks(metrics, 1000):
            client.log_batch(rid, metrics=chunk)
        run_dir = Path(run.get("run_dir") or "")
        if run.get("run_dir") and run_dir.is_dir():
            client.log_artifacts(rid, str(run_dir), artifact_path="checkpoint")
        client.set_terminated(rid, status="FINISHED" if run["status"] in ("finished", "early-stopped") else "FAILED")
        children.append(rid)
    client.set_terminated(parent.info.run_id, status="FINISHED")
    return uri, parent.info.run_id, children
