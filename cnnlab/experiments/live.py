"""Live tracking: a run's records streamed to TensorBoard and/or MLflow while it trains (`--track`).

A tracker is one more consumer of the training loop's events, as Lightning's loggers are: the loop does
not know it is there. Step records become step curves as they come, each epoch's record the epoch curves,
and at each epoch's end (and before the first step of a fresh run) the model's weights and last gradients
per parameter become histograms and the first layer's filters an image, each filter scaled to its own
range (`trackers.filter_mosaic`). The names are those of `cnnlab export`: an export after a tracked run
updates what the tracker wrote instead of adding a copy.

- `tensorboard[:DIR]` (DIR: tb-runs): one SummaryWriter per run, `DIR/<experiment>/<label>-seed<seed>-<id>/`,
  flushed at every epoch; `tensorboard --logdir DIR` shows the curves as they grow.
- `mlflow[:URI]` (any tracking URI or a folder; default `trackers.default_uri()`): one MLflow run per run,
  tagged `cnnlab.run_id` (a resumed run continues its MLflow run), nested under the experiment's parent run
  for `cnnlab run`; step metrics are sent in batches at most every `FLUSH_SECONDS`, epoch metrics at once,
  histograms (`histograms/epoch-NNN.json`) and filters (`filters/epoch-NNN.png`) as artifacts.

A tracker that fails (a full disk, a server gone) is reported once through `notify` and dropped; the run
goes on training.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, Event, RunEnd, StepRecord, Watch
from cnnlab.experiments.targets import EXTRA, Target, parse_targets
from cnnlab.experiments.trackers import (
    EPOCH_KEYS,
    STEP_KEYS,
    experiment_parent,
    filter_mosaic,
    mlflow_status,
    open_experiment,
    param_value,
    run_name,
)

Notify = Callable[[str], None]
FLUSH_SECONDS = 2.0
HISTOGRAM_BINS = 30


@dataclass(frozen=True)
class RunInfo:
    """What a tracker names a run by."""

    experiment: str  # "train" for `cnnlab train` and `cnnlab.train`
    run_id: str
    label: str
    seed: int
    config: dict[str, Any]

    @property
    def name(self) -> str:
        return run_name({"label": self.label, "seed": self.seed, "run_id": self.run_id})


def train_run_id(out: Path | None) -> str:
    """A `cnnlab train` run's id: from its checkpoint folder (a resumed run is the same run), else fresh."""
    if out is None:
        return uuid.uuid4().hex[:12]
    return hashlib.sha256(str(Path(out).absolute()).encode()).hexdigest()[:12]


def _now_ms() -> int:
    return int(time.time() * 1000)


def _named_arrays(model: Any) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Each parameter's values and its last gradient (parameters with none are left out), as float arrays."""
    weights, grads = {}, {}
    for name, p in model.named_parameters():
        weights[name] = p.detach().float().cpu().numpy().ravel()
        if p.grad is not None:
            grads[name] = p.grad.detach().float().cpu().numpy().ravel()
    return weights, grads


def _first_layer_image(model: Any, input_shape: tuple[int, ...]) -> np.ndarray | None:
    from cnnlab.inspection.run_weights import as_tiles, first_weight_layer

    found = first_weight_layer(model)
    if found is None:
        return None
    tiles = as_tiles(found[1].weight, input_shape)
    return None if tiles is None else filter_mosaic(tiles[:64])


def _histogram(values: np.ndarray) -> dict[str, list[float]]:
    finite = values[np.isfinite(values)]
    counts, edges = np.histogram(finite, bins=HISTOGRAM_BINS) if finite.size else (np.zeros(0), np.zeros(0))
    return {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]}


class TensorBoardRun:
    """One run's events as a TensorBoard run folder, written as they come."""

    def __init__(self, root: Path, info: RunInfo) -> None:
        try:
            import tensorboard  # noqa: F401  (SummaryWriter needs it)
            from torch.utils.tensorboard import SummaryWriter
        except ImportError:
            raise CnnlabError(f"--track tensorboard needs the tensorboard package: {EXTRA}") from None
        self.info = info
        self.directory = Path(root) / info.experiment / info.name
        try:
            self.writer = SummaryWriter(log_dir=str(self.directory), flush_secs=FLUSH_SECONDS)
        except OSError as e:
            raise CnnlabError(f"--track tensorboard: cannot write {self.directory}: {e.strerror or e}") from None
        self.watched: Watch | None = None
        self.final: dict[str, float] = {}
        self.writer.add_text("run", f"{info.label} · seed {info.seed} · run {info.run_id}")

    def _model_state(self, epoch: int) -> None:
        if self.watched is None:
            return
        weights, grads = _named_arrays(self.watched.model)
        for name, values in weights.items():
            self.writer.add_histogram(f"weights/{name}", values, epoch)
        for name, values in grads.items():
            self.writer.add_histogram(f"gradients/{name}", values, epoch)
        image = _first_layer_image(self.watched.model, self.watched.input_shape)
        if image is not None:
            self.writer.add_image("weights/first_layer", image, epoch, dataformats="HW" if image.ndim == 2 else "HWC")

    def __call__(self, event: Event) -> None:
        if isinstance(event, Watch):
            self.watched = event
            if event.epoch == 0:
                self._model_state(0)
        elif isinstance(event, StepRecord):
            for key in STEP_KEYS:
                self.writer.add_scalar(f"step/{key}", getattr(event, key), event.step)
            for layer, norm in event.grad_norms.items():
                self.writer.add_scalar(f"step/grad_norm/{layer}", norm, event.step)
        elif isinstance(event, EpochRecord):
            for key in EPOCH_KEYS:
                value = getattr(event, key)
                if value is not None:
                    self.writer.add_scalar(f"epoch/{key}", value, event.epoch)
            self._model_state(event.epoch)
            self.writer.flush()
        elif isinstance(event, RunEnd):
            final = event.final
            self.final = {"hparam/test_accuracy": final.test_accuracy, "hparam/test_loss": final.test_loss} \
                if final else {}
            self.writer.add_text("status", f"{event.status}: {event.message}")

    def close(self, status: str) -> None:
        hparams = {k: param_value(v) for k, v in self.info.config.items()}
        self.writer.add_hparams(hparams, self.final or {"hparam/test_accuracy": float("nan")}, run_name=".")
        self.writer.close()


class MlflowRun:
    """One run's events as an MLflow run, logged as they come (step metrics in batches)."""

    def __init__(self, uri: str, info: RunInfo, parent: Callable[[Any, str, str], str] | None = None) -> None:
        from cnnlab.experiments.trackers import _mlflow, find_or_create_run

        _, _, self.metric, param, _ = _mlflow()
        self.client, experiment_id = open_experiment(uri, info.experiment)
        tags = {"seed": str(info.seed), "label": info.label, "status": "running"}
        if parent is not None:
            tags["mlflow.parentRunId"] = parent(self.client, experiment_id, uri)
        run, found = find_or_create_run(self.client, experiment_id, ("cnnlab.run_id", info.run_id), info.name, tags,
                                        _now_ms())
        self.run_id = run.info.run_id
        if found:  # a resumed run: the same MLflow run, training again
            self.client.update_run(self.run_id, status="RUNNING")
            self.client.set_tag(self.run_id, "status", "running")
        params = [param(k, str(param_value(v))) for k, v in info.config.items() if k not in run.data.params]
        for i in range(0, len(params), 100):
            self.client.log_batch(self.run_id, params=params[i:i + 100])
        self.pending: list[Any] = []
        self.flushed = time.monotonic()
        self.watched: Watch | None = None
        self.status = "running"

    def flush(self) -> None:
        for i in range(0, len(self.pending), 1000):
            self.client.log_batch(self.run_id, metrics=self.pending[i:i + 1000])
        self.pending = []
        self.flushed = time.monotonic()

    def _add(self, key: str, value: float | None, step: int) -> None:
        if value is not None:
            self.pending.append(self.metric(key, float(value), _now_ms(), step))

    def _model_state(self, epoch: int) -> None:
        if self.watched is None:
            return
        weights, grads = _named_arrays(self.watched.model)
        self.client.log_dict(self.run_id, {"epoch": epoch,
                                           "weights": {k: _histogram(v) for k, v in weights.items()},
                                           "gradients": {k: _histogram(v) for k, v in grads.items()}},
                             f"histograms/epoch-{epoch:03d}.json")
        image = _first_layer_image(self.watched.model, self.watched.input_shape)
        if image is not None:
            self.client.log_image(self.run_id, (255 * image).round().astype(np.uint8), f"filters/epoch-{epoch:03d}.png")

    def __call__(self, event: Event) -> None:
        if isinstance(event, Watch):
            self.watched = event
            if event.epoch == 0:
                self._model_state(0)
        elif isinstance(event, StepRecord):
            for key in STEP_KEYS:
                self._add(f"step/{key}", getattr(event, key), event.step)
            for layer, norm in event.grad_norms.items():
                self._add(f"step/grad_norm/{layer}", norm, event.step)
            if time.monotonic() - self.flushed >= FLUSH_SECONDS:
                self.flush()
        elif isinstance(event, EpochRecord):
            for key in EPOCH_KEYS:
                self._add(f"epoch/{key}", getattr(event, key), event.epoch)
            self.flush()
            self._model_state(event.epoch)
        elif isinstance(event, RunEnd):
            self.status = event.status
            if event.final is not None:
                for key in ("test_accuracy", "test_loss"):
                    self._add(key, getattr(event.final, key), 0)
            self._add("epochs", event.epochs, 0)
            self._add("wall_seconds", event.wall_seconds, 0)
            self.flush()

    def close(self, status: str) -> None:
        self.flush()
        self.client.set_tag(self.run_id, "status", status)
        self.client.set_terminated(self.run_id, status=mlflow_status(status) or "KILLED", end_time=_now_ms())


class LiveRun:
    """One run's trackers as one event consumer: `run(event)` for each event, then `close(status)`."""

    def __init__(self, trackers: list[Any], notify: Notify) -> None:
        self.trackers = trackers
        self.notify = notify

    def _guarded(self, tracker: Any, call: Callable[[], None]) -> None:
        try:
            call()
        except Exception as e:  # noqa: BLE001 (a tracker that fails must not stop the training)
            self.trackers.remove(tracker)
            first = str(e).strip().splitlines()[0] if str(e).strip() else ""
            self.notify(f"warning: {type(tracker).__name__} stopped tracking: {type(e).__name__}: {first}")

    def __call__(self, event: Event) -> None:
        for tracker in list(self.trackers):
            self._guarded(tracker, lambda tracker=tracker: tracker(event))

    def close(self, status: str) -> None:
        for tracker in list(self.trackers):
            self._guarded(tracker, lambda tracker=tracker: tracker.close(status))
        self.trackers = []

    def after(self, first: Callable[[Event], None]) -> Callable[[Event], None]:
        """One consumer that hands each event to `first` (a progress display), then to the trackers."""

        def both(event: Event) -> None:
            first(event)
            self(event)

        return both


def open_run(targets: Iterable[Target], info: RunInfo, notify: Notify = lambda message: None,
             parent: Callable[[Any, str, str], str] | None = None) -> LiveRun:
    """Start tracking one run on every target (a target that cannot start raises CnnlabError)."""
    trackers: list[Any] = []
    for target in targets:
        try:
            if target.kind == "tensorboard":
                trackers.append(TensorBoardRun(Path(target.where), info))
            else:
                trackers.append(MlflowRun(target.where, info, parent))
        except CnnlabError:
            raise
        except Exception as e:  # the tracker's own errors (a server that refuses, a locked database): one line
            first = str(e).strip().splitlines()[0] if str(e).strip() else ""
            raise CnnlabError(f"--track {target.kind}:{target.where}: {type(e).__name__}: {first}") from None
    return LiveRun(trackers, notify)


def start_train_tracking(track: Iterable[str | Target] | str | None, config: Any, out: Path | None,
                         notify: Notify = lambda message: None) -> LiveRun | None:
    """Track one `cnnlab train` / `cnnlab.train` run (MLflow experiment and TensorBoard folder "train"), or None
    without targets; says on `notify` how to look at each tracker."""
    targets = parse_targets(track)
    if not targets:
        return None
    info = RunInfo("train", train_run_id(out), config.model, config.seed, config.model_dump())
    live = open_run(targets, info, notify)
    for target in targets:
        notify(f"tracking: {target.how_to_look}")
    return live


class TrackingSink:
    """The RunSink that tracks each of an experiment's runs live (`cnnlab run --track`, `cnnlab.run(track=)`)."""

    def __init__(self, targets: list[Target], experiment: str, labels: dict[str, str],
                 notify: Notify = lambda message: None) -> None:
        self.targets = targets
        self.experiment = experiment
        self.labels = labels
        self.notify = notify
        self.live: dict[str, LiveRun] = {}
        self.parents: dict[str, tuple[Any, str]] = {}  # tracking URI -> (client, the experiment's parent run)

    def _parent(self, client: Any, experiment_id: str, uri: str) -> str:
        if uri not in self.parents:
            self.parents[uri] = client, experiment_parent(client, experiment_id, self.experiment, _now_ms())
            client.update_run(self.parents[uri][1], status="RUNNING")
        return self.parents[uri][1]

    def on_start(self, run: Any) -> None:
        info = RunInfo(self.experiment, run.run_id, self.labels.get(run.run_id, run.run_id), run.config.seed,
                       run.config.model_dump())
        try:
            self.live[run.run_id] = open_run(self.targets, info, self.notify, self._parent)
        except CnnlabError as e:
            self.notify(f"warning: run {run.run_id} is not tracked: {e}")

    def on_event(self, run: Any, event: Event) -> None:
        live = self.live.get(run.run_id)
        if live is not None:
            live(event)

    def on_result(self, run: Any, result: Any) -> None:
        live = self.live.pop(run.run_id, None)
        if live is not None:
            live.close(result.status)

    def on_error(self, run: Any, message: str) -> None:
        live = self.live.pop(run.run_id, None)
        if live is not None:
            live.close("failed")

    def close(self) -> None:
        """End the sweep: runs still open were interrupted; the experiment's parent run is finished."""
        for live in self.live.values():
            live.close("interrupted")
        self.live = {}
        for client, parent in self.parents.values():
            try:
                client.set_terminated(parent, status="FINISHED", end_time=_now_ms())
            except Exception as e:  # noqa: BLE001
                self.notify(f"warning: MLflow parent run {parent} not closed: {type(e).__name__}")
