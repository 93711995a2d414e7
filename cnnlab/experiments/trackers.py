"""`cnnlab export --format tensorboard | mlflow`: an experiment's runs in the trackers people already use.

TensorBoard: one run folder per cnnlab run, `<out>/<experiment>/<label>-seed<seed>-<run_id>/`, written
with PyTorch's `SummaryWriter`. Step curves are scalars against the optimizer step (`step/loss`,
`step/accuracy`, `step/lr`, `step/grad_norm/<layer>`), epoch curves against the epoch (`epoch/train_loss`,
..., `epoch/test_accuracy`, `epoch/lr`); the run's settings are hparams (with its final metrics); the
first layer's filters are an image `weights/first_layer`, each filter scaled to its own range (step 0:
before training, step = epochs: after).

Runs still queued with nothing recorded (configurations a `--only` run left for later) are left out:
a tracker holds what was trained.

MLflow: one parent run per export of the experiment (MLflow experiment named like it) and one nested
run per cnnlab run: settings as params, the same curves as metrics with steps, final metrics, the
run's checkpoint folder as the artifact `checkpoint/`, tags `status`, `seed`, `label`, `cnnlab.run_id`, and
the run's own start and end times. Exporting again updates those runs (found by `cnnlab.run_id`). Where to:
`targets.tracking_uri` (any tracking URI; a folder is a file store; default: what the installed MLflow
supports, sqlite for MLflow 3); telemetry is off. `live.py` writes the same names while a run trains.

Both packages are optional: `pip install 'cnnlab[trackers]'`.
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from cnnlab.errors import CnnlabError
from cnnlab.experiments.export import swept_settings
from cnnlab.experiments.targets import EXTRA, tracking_uri
from cnnlab.store.db import Store

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


def filter_mosaic(tiles: np.ndarray) -> np.ndarray:
    """Filters (N, h, w) or (N, h, w, 3) as one image in [0, 1], each filter scaled to its own min/max (one
    scale for all would leave most filters a flat dark grey), with white 1-pixel gaps: (H, W) or (H, W, 3)."""
    from cnnlab.inspection.run_weights import tile_mosaic

    t = np.nan_to_num(np.asarray(tiles, dtype=float))
    shape = (len(t),) + (1,) * (t.ndim - 1)
    flat = t.reshape(len(t), -1)
    lo, hi = flat.min(axis=1).reshape(shape), flat.max(axis=1).reshape(shape)
    scaled = np.where(hi > lo, (t - lo) / np.where(hi > lo, hi - lo, 1.0), 0.5)
    if t.ndim == 4:  # tile_mosaic maps colour tiles from [-bound, bound] to [0, 1]
        return tile_mosaic(2 * scaled - 1, bound=1.0)
    return np.nan_to_num(tile_mosaic(scaled), nan=1.0)


def _weights_image(run_dir: str | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The first layer's filters before/after training as one mosaic each (`filter_mosaic`)."""
    from cnnlab.inspection.run_weights import first_layer_tiles, has_checkpoint

    if not has_checkpoint(run_dir):
        return None, None
    try:
        layer = first_layer_tiles(run_dir)  # type: ignore[arg-type]
    except (CnnlabError, OSError, RuntimeError, ValueError, KeyError):
        return None, None
    if layer is None:
        return None, None
    return (None if layer.before is None else filter_mosaic(layer.before)), filter_mosaic(layer.after)


# -- TensorBoard ------------------------------------------------------------------------------------


def export_tensorboard(store: Store, experiment: str, out_dir: Path,
                       progress: Callable[[str], None] = lambda phase: None) -> list[Path]:
    """Write one TensorBoard run folder per run of `experiment` under `out_dir/<experiment>/`; returns them.
    `progress` hears each phase (a line on stderr for the command line)."""
    store.experiment(experiment)
    try:
        import tensorboard  # noqa: F401  (SummaryWriter needs it)
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        raise _missing("tensorboard", "tensorboard") from None
    runs = trained_runs(store, experiment)
    swept = swept_settings(runs)
    written = []
    for i, run in enumerate(runs, 1):
        progress(f"writing TensorBoard run {i}/{len(runs)}")
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


def _mlflow() -> Any:
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    # a folder is MLflow's file store, which MLflow 3 keeps only on request (a sqlite:/// URI is the other way)
    os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2")  # a server that is not there: fail in seconds
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "20")
    import logging

    for name in ("mlflow", "alembic"):  # "Creating initial MLflow database tables..." is not the user's business
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        import mlflow
        from mlflow.entities import Metric, Param, RunTag
        from mlflow.tracking import MlflowClient
    except ImportError:
        raise _missing("mlflow", "mlflow") from None
    return mlflow, MlflowClient, Metric, Param, RunTag


def _chunks(items: list, n: int) -> list[list]:
    return [items[i:i + n] for i in range(0, len(items), n)]


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else ""


def open_experiment(uri: str, name: str) -> tuple[Any, str]:
    """(MlflowClient, experiment id) for the MLflow experiment `name` at `uri`, created if need be. A sqlite
    store keeps its artifacts beside the database file (`mlartifacts/`), not in the current folder."""
    _, client_class, *_ = _mlflow()
    try:
        client = client_class(tracking_uri=uri)
        found = client.get_experiment_by_name(name)
        if found is not None:
            return client, found.experiment_id
        location = None
        if uri.startswith("sqlite:///"):
            location = (Path(uri[len("sqlite:///"):]).parent / "mlartifacts" / re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
                        ).as_uri()
        return client, client.create_experiment(name, artifact_location=location)
    except Exception as e:  # MLflow raises its own exception types for a bad URI or store
        raise CnnlabError(f"MLflow at {uri}: {type(e).__name__}: {_first_line(e)}") from None


def find_or_create_run(client: Any, experiment_id: str, key: tuple[str, str], name: str, tags: dict[str, str],
                       start_ms: int | None) -> tuple[Any, bool]:
    """The MLflow run tagged `key` (tag, value), else a new one: (run, found). A re-export or a resumed run
    updates the run it made before instead of adding a second copy."""
    tag, value = key
    found = client.search_runs([experiment_id], filter_string=f"tags.`{tag}` = '{value}'", max_results=1)
    if found:
        return found[0], True
    return client.create_run(experiment_id, start_time=start_ms, run_name=name, tags={**tags, tag: value}), False


def experiment_parent(client: Any, experiment_id: str, experiment: str, start_ms: int | None = None) -> str:
    """The parent run that holds an experiment's runs (one per experiment, found again on every export)."""
    run, _ = find_or_create_run(client, experiment_id, ("cnnlab.experiment", experiment), experiment, {}, start_ms)
    return run.info.run_id


def mlflow_status(status: str) -> str | None:
    """A cnnlab run status as MLflow's; None for one still training (left RUNNING)."""
    if status in ("finished", "early-stopped"):
        return "FINISHED"
    if status in ("diverged", "failed"):
        return "FAILED"
    return None if status == "running" else "KILLED"


def _ms(stamp: str | None) -> int | None:
    """A store timestamp (UTC, `2026-01-02T03:04:05Z`) in epoch milliseconds."""
    if not stamp:
        return None
    import calendar

    try:
        return calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")) * 1000
    except ValueError:
        return None


def _existing_points(client: Any, run: Any) -> set[tuple[str, int]]:
    """(metric, step) pairs a run already holds: what an earlier export or the live tracker logged."""
    return {(key, m.step) for key in run.data.metrics for m in client.get_metric_history(run.info.run_id, key)}


def export_mlflow(store: Store, experiment: str, where: str | Path | None = None,
                  progress: Callable[[str], None] = lambda phase: None) -> tuple[str, str, list[str]]:
    """Log `experiment` to MLflow: (tracking URI, parent run id, child run ids in the store's run order).

    Exporting again, or after `--track mlflow`, updates the same runs (found by their `cnnlab.run_id` tag): only
    points not logged yet are added. A run's start and end times are its training's, from the store.
    """
    store.experiment(experiment)
    progress("loading MLflow")
    _, _, metric, param, _ = _mlflow()
    uri = tracking_uri(where)
    progress(f"opening {uri}")
    client, exp_id = open_experiment(uri, experiment)
    runs = trained_runs(store, experiment)
    swept = swept_settings(runs)
    starts = [t for t in (_ms(r.get("started")) for r in runs) if t is not None]
    ends = [t for t in (_ms(r.get("ended")) for r in runs) if t is not None]
    parent_id = experiment_parent(client, exp_id, experiment, min(starts, default=None))
    parent = client.get_run(parent_id)
    client.set_tag(parent_id, "swept_settings", ",".join(swept) or "none")
    given = [param(k, v) for k, v in (("swept_settings", ",".join(swept) or "none"), ("runs", str(len(runs))))
             if k not in parent.data.params]
    if given:
        client.log_batch(parent_id, params=given)
    children = []
    for i, run in enumerate(runs, 1):
        progress(f"logging MLflow run {i}/{len(runs)}")
        start = _ms(run.get("started")) or int(time.time() * 1000)
        tags = {"mlflow.parentRunId": parent_id, "status": str(run["status"]), "seed": str(run["seed"]),
                "label": str(run["label"]), "cnnlab.experiment_of": experiment}
        child, found = find_or_create_run(client, exp_id, ("cnnlab.run_id", str(run["run_id"])), run_name(run), tags,
                                          start)
        rid = child.info.run_id
        if found:
            for k, v in tags.items():
                client.set_tag(rid, k, v)
        held = _existing_points(client, child) if found else set()
        params = [param(k, str(param_value(v))) for k, v in run["config"].items() if k not in child.data.params]
        end = _ms(run.get("ended")) or start
        metrics = [metric(k, v, end, 0) for k, v in final_metrics(run).items() if child.data.metrics.get(k) != v]
        walls = {int(e["epoch"]): e.get("wall_seconds") for e in store.epoch_curves(run["run_id"])}
        step_epoch = {int(s["step"]): int(s["epoch"]) for s in store.step_curves(run["run_id"])}

        # an epoch's record is stamped when it was made, a step's when its epoch began
        stamp = {epoch: start + int(1000 * wall) if _finite(wall) else start for epoch, wall in walls.items()}
        for tag_, points in curves(store, run).items():
            for step, value in points:
                if (tag_, step) in held:
                    continue
                epoch = step if tag_.startswith("epoch/") else step_epoch.get(step, 1) - 1
                when = stamp.get(epoch, start)
                metrics.append(metric(tag_, value, when, step))
        for chunk in _chunks(params, 100):
            client.log_batch(rid, params=chunk)
        for chunk in _chunks(metrics, 1000):
            client.log_batch(rid, metrics=chunk)
        run_dir = Path(run.get("run_dir") or "")
        if run.get("run_dir") and run_dir.is_dir():
            client.log_artifacts(rid, str(run_dir), artifact_path="checkpoint")
        status = mlflow_status(str(run["status"]))
        if status is not None:
            client.set_terminated(rid, status=status, end_time=end)
        children.append(rid)
    client.set_terminated(parent_id, status="FINISHED", end_time=max(ends, default=None))
    return uri, parent_id, children

