"""cnnlab from Python: train, load, run experiments and summarise models in a script or a notebook.

    import cnnlab
    result = cnnlab.train(model="baseline", epochs=2, subset=2000)
    result.test_accuracy, result.history.to_pandas()
    clf = cnnlab.load("cnnlab-runs/train/baseline-.../")
    clf.predict(["my_digit.png"])[0].label
    results = cnnlab.run("examples/learning_rate.toml", subset=2000)
    results.table()

Every function takes the same settings as the command line (the fields of `cnnlab.config.TrainConfig`,
with its defaults) and raises `CnnlabError` with one line naming the problem for bad input.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from torch import nn

from cnnlab.config import FIELDS, TrainConfig, make_config
from cnnlab.errors import CnnlabError
from cnnlab.events import EndMetrics, EpochRecord, Event, RunEnd, StepRecord
from cnnlab.store.db import DEFAULT_DIR

__all__ = ["Classifier", "ExperimentResults", "History", "ModelSummary", "TrainResult", "load", "run", "summary",
           "train"]

ImageLike = str | Path | Image.Image | np.ndarray


def _pandas(what: str) -> Any:
    try:
        import pandas
    except ImportError:
        raise CnnlabError(f"{what} needs pandas: pip install pandas") from None
    return pandas


# -- train ------------------------------------------------------------------------------------------


class History(list):
    """The per-epoch records (`EpochRecord`) of a run, in order; `.to_pandas()` gives one row per epoch."""

    def to_dicts(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self]

    def to_pandas(self) -> Any:
        """A DataFrame indexed by epoch (needs pandas)."""
        return _pandas("History.to_pandas()").DataFrame(self.to_dicts()).set_index("epoch")


@dataclass
class TrainResult(EndMetrics):
    """What `cnnlab.train` returns: the trained model, its curves and its final metrics."""

    model: nn.Module
    config: TrainConfig
    status: str  # finished | early-stopped | diverged
    message: str
    history: History
    steps: list[StepRecord] = field(default_factory=list, repr=False)
    checkpoint: str | None = None  # the checkpoint folder; None when trained with out=None (nothing written)
    wall_seconds: float = 0.0
    final: EpochRecord | None = field(default=None, repr=False)

    @property
    def epochs(self) -> int:
        return len(self.history)

    def __repr__(self) -> str:
        acc = "—" if self.test_accuracy is None else f"{100 * self.test_accuracy:.2f}%"
        return (f"TrainResult(model={self.config.model!r}, status={self.status!r}, epochs={self.epochs}, "
                f"test_accuracy={acc}, checkpoint={self.checkpoint!r})")


class _TrainBar:
    """A tqdm.auto bar over a run's optimizer steps (a widget in Jupyter, text in a terminal), fed by events."""

    def __init__(self, config: TrainConfig, enabled: bool, description: str = "") -> None:
        self.config = config
        self.enabled = enabled
        self.description = description
        self.bar: Any = None

    def __call__(self, event: Event) -> None:
        if not self.enabled:
            return
        if isinstance(event, StepRecord):
            if self.bar is None:
                from tqdm.auto import tqdm

                self.bar = tqdm(total=event.steps_per_epoch * self.config.epochs, desc=self.description or "train",
                                unit="step", leave=True)
            self.bar.update(event.step - self.bar.n)
            self.bar.set_postfix(epoch=f"{event.epoch}/{self.config.epochs}", loss=f"{event.loss:.4f}", refresh=False)
        elif isinstance(event, EpochRecord) and self.bar is not None:
            self.bar.set_postfix(epoch=f"{event.epoch}/{self.config.epochs}", loss=f"{event.train_loss:.4f}",
                                 test_acc=f"{100 * event.test_accuracy:.2f}%")
        elif isinstance(event, RunEnd):
            self.close(event)
        # any other event (a Phase line, future kinds) is not a step: nothing to draw

    def close(self, end: RunEnd | None = None) -> None:
        if self.bar is not None:
            if end is not None and end.status == "finished":
                self.bar.update(self.bar.total - self.bar.n)
            self.bar.close()
            self.bar = None


def _path(value: Any, what: str) -> Path:
    """A str or os.PathLike as a Path (user folder expanded); anything else is a one-line CnnlabError."""
    import os

    if isinstance(value, bytes) or not isinstance(value, (str, os.PathLike)) or not str(value).strip() \
            or "\x00" in str(value):
        raise CnnlabError(f"{what} must be a path (a str or pathlib.Path), got {type(value).__name__} "
                          f"{str(value)[:60]!r}")
    return Path(value).expanduser()


def _config(values: Mapping[str, Any], where: str) -> TrainConfig:
    unknown = [k for k in values if k not in FIELDS]
    if unknown:
        raise CnnlabError(f"{where}: unknown setting {unknown[0]!r} (settings: {', '.join(FIELDS)})")
    return make_config({k: v for k, v in values.items() if v is not None}, where)


def train(
    model: str | None = None,
    epochs: int | None = None,
    *,
    out: str | Path | None = None,
    recipe: str | None = None,
    progress: bool = True,
    track: str | Sequence[str] | None = None,
    **settings: Any,
) -> TrainResult:
    """Train one model, as `cnnlab train` does, and return a `TrainResult`: the trained model (`.model`), its
    per-epoch curves (`.history`, `.history.to_pandas()`), step records (`.steps`) and final metrics
    (`.test_accuracy`, `.test_loss`, `.status`, `.message`, `.checkpoint`).

    Parameters:
        model: a preset name (`cnnlab models`), a layer spec (`"conv 32 k3 > relu > ..."`) or `module:Class`.
        epochs: passes over the training data.
        out: a folder for the checkpoint; the run saves its state there after every epoch, and a re-run with
            the same folder resumes. With `out=None` (the default) nothing is written to disk.
        recipe: start from a named recipe (`"fast"`, `"robust"`), as `cnnlab train --recipe`; the settings you
            give override it (`recipe="robust", epochs=2`).
        progress: draw a progress bar over the optimizer steps (a widget in Jupyter, text in a terminal).
        track: stream the run to TensorBoard and/or MLflow as it trains, as `cnnlab train --track`:
            `"tensorboard:DIR"`, `"mlflow:sqlite:///mlflow.db"`, `"mlflow:http://127.0.0.1:5000"` or a list.
        **settings: any other setting of `cnnlab.config.TrainConfig` (the `cnnlab train` flags, with `_` for
            `-`), each defaulting as listed below; e.g. `subset=2000, lr=0.01, optimizer="sgd"`.

    Raises `CnnlabError` with one line naming the problem for a bad setting.

    Example:
        >>> result = cnnlab.train("baseline", epochs=2, subset=2000)
        >>> result.test_accuracy, result.history.to_pandas()
    """
    from cnnlab.training.session import train_run

    values = {"model": model, "epochs": epochs, **settings}
    if recipe is not None:
        from cnnlab.training.recipes import RECIPES, recipe_overrides

        if not isinstance(recipe, str):
            raise CnnlabError(f"cnnlab.train: recipe must be a name ({', '.join(RECIPES)}), got "
                              f"{type(recipe).__name__}")
        values = {**recipe_overrides(recipe), **{k: v for k, v in values.items() if v is not None}}
    config = _config(values, "cnnlab.train")
    out_path = _path(out, "cnnlab.train: out") if out is not None else None
    if out_path is not None:
        if out_path.exists() and not out_path.is_dir():
            raise CnnlabError(f"cnnlab.train: out={str(out_path)!r} exists and is not a folder")
        out_path.mkdir(parents=True, exist_ok=True)
    from cnnlab.experiments.live import start_train_tracking

    live = start_train_tracking(track, config, out_path, lambda message: None)
    bar = _TrainBar(config, progress, config.model if len(config.model) <= 30 else "train")
    status = "interrupted"
    try:
        result = train_run(config, out_path, bar if live is None else live.after(bar), keep_steps=True,
                           keep_model=True)
        status = result.status
    except Exception:
        status = "failed"
        raise
    finally:
        bar.close()
        if live is not None:
            live.close(status)
    assert result.model is not None
    return TrainResult(result.model.eval(), config, result.status, result.message, History(result.history),
                       result.steps, result.checkpoint, result.wall_seconds, result.final)


def _settings_doc() -> str:
    """The settings `train(**settings)` takes, one line each, from TrainConfig (their one source)."""
    lines = ["", "    Settings (TrainConfig fields) and their defaults:"]
    for name, info in TrainConfig.model_fields.items():
        default = info.get_default(call_default_factory=True)
        lines.append(f"        {name} = {default!r}: {info.description or ''}".rstrip(": "))
    return "\n".join(lines) + "\n"


train.__doc__ = (train.__doc__ or "") + _settings_doc()


# -- load -------------------------------------------------------------------------------------------


def _as_pil(image: ImageLike) -> Image.Image:
    """A path, a PIL image or a NumPy array (H, W), (H, W, C) or (C, H, W); floats are taken as [0, 1]."""
    from cnnlab.data.preprocess import load_image

    if isinstance(image, (str, Path)):
        if not str(image).strip() or "\x00" in str(image):
            raise CnnlabError(f"{str(image)[:60]!r} is not an image file name")
        return load_image(Path(image).expanduser())
    if isinstance(image, (bytes, bytearray, memoryview)):  # the bytes of an image file (PNG, JPEG, ...)
        return load_image(bytes(image))
    if isinstance(image, Image.Image):
        return image
    if isinstance(image, np.ndarray):
        a = image
        if a.size == 0:
            raise CnnlabError(f"an image array must not be empty, got shape {image.shape}")
        if not (np.issubdtype(a.dtype, np.number) or a.dtype == np.bool_):
            raise CnnlabError(f"an image array must hold numbers, got dtype {a.dtype}")
        if a.ndim == 3 and a.shape[0] in (1, 3) and a.shape[-1] not in (1, 3, 4):
            a = a.transpose(1, 2, 0)  # (C, H, W) -> (H, W, C)
        if a.ndim == 3 and a.shape[-1] == 1:
            a = a[..., 0]
        if a.ndim not in (2, 3):
            raise CnnlabError(f"an image array must be (H, W), (H, W, C) or (C, H, W), got shape {image.shape}")
        if a.dtype != np.uint8:
            a = np.asarray(a, dtype=np.float64)
            if a.size and np.nanmax(a) <= 1.0:
                a = a * 255.0
            a = np.clip(np.nan_to_num(a), 0, 255).round().astype(np.uint8)
        return Image.fromarray(a)
    raise CnnlabError(f"cannot read an image from a {type(image).__name__} (give a path, a PIL image or an array)")


def _batch(images: ImageLike | Iterable[ImageLike], channels: int = 1) -> list[ImageLike]:
    """One image becomes a batch of one; a list/tuple, a 4-D array, or a 3-D array that is not one image of
    the model's kind (for a grayscale model: (N, H, W) with N > 1) is a batch."""
    if isinstance(images, (str, Path, Image.Image, bytes, bytearray, memoryview)):
        return [images]
    if isinstance(images, np.ndarray):
        if images.size == 0:
            raise CnnlabError(f"an image array must not be empty, got shape {images.shape}")
        if images.ndim < 2:
            raise CnnlabError(f"an image array must be (H, W), (H, W, C), (C, H, W) or a batch of them, got shape "
                              f"{images.shape}")
        if images.ndim == 2:
            return [images]
        if images.ndim == 3:
            first, last = images.shape[0], images.shape[-1]
            one = first == channels or last in (1, 3, 4) if channels == 1 else first == 3 or last in (3, 4)
            return [images] if one else list(images)
        return list(images)
    if isinstance(images, (list, tuple)) or (isinstance(images, Iterable) and not isinstance(images, (Mapping, str))):
        batch = list(images)
        if not batch:
            raise CnnlabError("no images given (an empty list)")
        return batch
    raise CnnlabError(f"cannot read images from a {type(images).__name__} (give a path, a PIL image, an array, the "
                      "bytes of an image file, or a list of them)")


class Classifier:
    """A trained checkpoint, ready to classify images: `.predict(...)`, `.preprocess(...)`, `.model`, `.classes`."""

    def __init__(self, model: nn.Module, meta: dict[str, Any], path: Path | None = None) -> None:
        self.model = model.eval()
        self.meta = meta  # the checkpoint's model.json
        self.path = path

    @property
    def classes(self) -> list[str]:
        return list(self.meta["model"]["classes"])

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.meta["model"]["input_shape"])

    @property
    def test_accuracy(self) -> float | None:
        return self.meta.get("metrics", {}).get("test_accuracy")

    def preprocess(self, image: ImageLike) -> np.ndarray:
        """The input the network sees, (C, H, W) in [0, 1] before normalisation: for a 1x28x28 model the
        MNIST-style preparation (white ink on black, cropped, fitted to 20 pixels, centred); else a resize."""
        from cnnlab.inspection.predict import model_input

        return model_input(_as_pil(image), self.meta)

    def predict(self, images: ImageLike | Iterable[ImageLike]) -> list[Any]:
        """One `Prediction` (`.label`, `.index`, `.confidence`, `.probabilities`, `.model_input`) per image.

        Accepts a path, a PIL image or a NumPy array, or a list of them (for a grayscale model an (N, H, W)
        array is N images).
        """
        from cnnlab.inspection.predict import predict_image

        return [predict_image(self.model, self.meta, _as_pil(image)) for image in _batch(images, self.input_shape[0])]

    def explain(self, images: ImageLike | Iterable[ImageLike], method: str = "saliency", target: str | None = None,
                layer: str | None = None, signed: bool = False, baseline: str = "background") -> Any:
        """Which pixels drove the decision, per image: a `cnnlab.explain.Explanation` with `.attributions`
        ((N, H, W) arrays: > 0 evidence for the class, < 0 against), `.predicted`, `.target` and `.figure()`.

        `method` is saliency, smoothgrad, integrated-gradients, gradcam or occlusion (Captum: `pip install
        'cnnlab[explain]'`); `target` a class name (default: each image's prediction); `layer` Grad-CAM's layer
        (default: the last conv); `signed` keeps Grad-CAM's map signed instead of its ReLU; `baseline` is
        integrated gradients' start: background, mean or blur.
        """
        import torch

        from cnnlab.explain import explain
        from cnnlab.inspection.predict import normalised

        if target is not None and target not in self.classes:
            raise CnnlabError(f"unknown target class {target!r} (choices: {', '.join(self.classes)})")
        prepared = np.stack([self.preprocess(image) for image in _batch(images, self.input_shape[0])])
        device = next(self.model.parameters()).device
        inputs = torch.cat([normalised(x, self.meta, device) for x in prepared])
        return explain(self.model, inputs, method, None if target is None else self.classes.index(target), layer,
                       classes=self.classes, images=prepared, signed=signed, baseline=baseline)

    def __repr__(self) -> str:
        acc = self.test_accuracy
        shown = "" if acc is None else f", test_accuracy={100 * acc:.2f}%"
        return f"Classifier({str(self.path)!r}, classes={len(self.classes)}{shown})"


def load(checkpoint: str | Path | TrainResult, trust_code: bool = False) -> Classifier:
    """Load a checkpoint folder (or its model.json / model.safetensors) as a `Classifier`.

    Weights are safetensors and metadata JSON (nothing is unpickled). A checkpoint of a `module:Class`
    model imports and runs that module's code: it loads only with `trust_code=True`.
    """
    from cnnlab.store.checkpoint import checkpoint_dir, load_checkpoint, read_meta

    if isinstance(checkpoint, TrainResult):
        if checkpoint.checkpoint is None:
            raise CnnlabError("this TrainResult has no checkpoint: train with out=FOLDER to write one")
        checkpoint = checkpoint.checkpoint
    if not isinstance(checkpoint, (str, Path)) or not str(checkpoint).strip() or "\x00" in str(checkpoint):
        raise CnnlabError(f"cnnlab.load: give a checkpoint folder (a path), a TrainResult or a model.json path, got "
                          f"{type(checkpoint).__name__} {str(checkpoint)[:60]!r}")
    if not isinstance(trust_code, bool):
        raise CnnlabError(f"cnnlab.load: trust_code must be True or False, got {trust_code!r}")
    directory = checkpoint_dir(Path(checkpoint))
    try:
        module = (read_meta(directory).get("model") or {}).get("module")
    except (CnnlabError, AttributeError):
        module = None  # load_checkpoint names the problem
    if module and not trust_code:
        raise CnnlabError(f"{directory}: the model is {module!r}, which imports and runs Python code; "
                          "load it with trust_code=True if you trust that code")
    model, meta = load_checkpoint(directory, trust_code=trust_code)
    return Classifier(model, meta, directory)


# -- run --------------------------------------------------------------------------------------------


def _toml_value(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("nan" if math.isnan(value) else ("inf" if value > 0 else
                                                                                          "-inf"))
    if isinstance(value, (str, Path)):
        return json.dumps(str(value))  # a TOML basic string takes JSON's escapes
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v, where) for v in value) + "]"
    raise CnnlabError(f"spec: {where}: {value!r} is not a TOML value (numbers, strings, booleans, lists)")


def spec_toml(spec: Mapping[str, Any]) -> str:
    """A spec dict (the TOML file's structure: name, base, sweep, variants, repeats, ...) as TOML text."""
    top, tables = [], []
    for key, value in spec.items():
        if value is None:
            continue
        if key in ("base", "sweep") and isinstance(value, Mapping):
            lines = [f"{k} = {_toml_value(v, f'[{key}] {k}')}" for k, v in value.items() if v is not None]
            tables.append(f"[{key}]\n" + "\n".join(lines))
        elif key == "variants" and isinstance(value, Sequence) and not isinstance(value, str):
            for i, variant in enumerate(value, 1):
                if not isinstance(variant, Mapping):
                    raise CnnlabError(f"spec: variants #{i}: must be a dict of settings")
                lines = [f"{k} = {_toml_value(v, f'variants #{i} {k}')}" for k, v in variant.items() if v is not None]
                tables.append("[[variants]]\n" + "\n".join(lines))
        else:
            top.append(f"{key} = {_toml_value(value, key)}")
    return "\n".join(top) + "\n\n" + "\n\n".join(tables) + "\n"


def _swept_settings(runs: Sequence[dict[str, Any]]) -> list[str]:
    from cnnlab.experiments.export import swept_settings

    return swept_settings(runs)


def _flatten(name: str, value: Any, row: dict[str, Any]) -> None:
    """A ConfigResult attribute as table cells: a statistic (a dataclass) becomes `name_mean`, `name_std`, ..."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _flatten(f"{name}_{f.name}", getattr(value, f.name), row)
    elif value is None or isinstance(value, (str, int, float, bool)):
        row[name] = value
    elif isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float, bool)) for v in value):
        row[name] = list(value)
    # run rows, dicts, methods: not table cells


def config_rows(groups: Sequence[Any], runs: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """One dict per configuration: its swept settings, then every public field and property of `ConfigResult`."""
    swept = _swept_settings(runs) if runs else []
    rows = []
    for g in groups:
        row: dict[str, Any] = {"label": g.label}
        config = g.runs[0].get("config", {}) if g.runs else {}
        for key in swept:
            row[key] = config.get(key)
        row["runs"] = len(g.runs)
        names = [f.name for f in dataclasses.fields(g)] + [n for n in dir(type(g))
                                                           if isinstance(getattr(type(g), n, None), property)]
        for name in dict.fromkeys(names):
            if name.startswith("_") or name in row or name in ("runs", "good_runs", "best_run"):
                continue
            try:
                _flatten(name, getattr(g, name), row)
            except Exception:  # a property that cannot be computed for this configuration: leave it out
                continue
        rows.append(row)
    return rows


@dataclass
class ExperimentResults:
    """What `cnnlab.run` returns: the experiment's runs (store rows) and configurations, and its report."""

    name: str
    runs: list[dict[str, Any]]
    store: Path
    report_path: Path | None = None
    executor: str = ""

    @property
    def groups(self) -> list[Any]:
        """The configurations (`cnnlab.experiments.results.ConfigResult`), in grid order, the best marked."""
        from cnnlab.experiments.results import summarize

        return summarize(self.runs)

    @property
    def best(self) -> Any:
        return next((g for g in self.groups if g.best), None)

    def table(self, as_pandas: bool | None = None) -> Any:
        """The results table: one row per configuration (its swept settings, run count, mean/std of every
        statistic, status, ...). A pandas DataFrame when pandas is installed (`as_pandas=None`), else dicts."""
        rows = config_rows(self.groups, self.runs)
        if as_pandas is False:
            return rows
        try:
            import pandas
        except ImportError:
            if as_pandas:
                raise CnnlabError("table(as_pandas=True) needs pandas: pip install pandas") from None
            return rows
        return pandas.DataFrame(rows)

    def verdicts(self, as_pandas: bool | None = None) -> Any:
        """The spec's `[[expect]]` figures against the runs, as `cnnlab run` shows them: one row per figure and
        configuration it applies to (label, figure, claim, reported, source, mean, std, runs, the 95% prediction
        interval of one more run, verdict: consistent, above, below or too few runs). A DataFrame when pandas is
        installed (`as_pandas=None`), else dicts; no rows when the spec reports no figures."""
        from cnnlab.experiments.results import check_all, spec_extras
        from cnnlab.store.db import Store

        groups = self.groups
        with Store.open(self.store, create=False) as db:
            extras = spec_extras(db.experiment(self.name).get("spec_toml"))
            checks = check_all(groups, extras.expect, db.epoch_curves)
        rows = []
        for g in groups:
            for c in checks.get(g.key, []):
                m = c.measured
                interval = m.prediction95 if m is not None else None
                rows.append({"label": c.label, "figure": c.figure, "claim": c.claim, "reported": c.reported,
                             "source": c.source, "mean": m.mean if m else None, "std": m.std if m else None,
                             "runs": m.n if m else 0, "prediction95_low": interval[0] if interval else None,
                             "prediction95_high": interval[1] if interval else None, "verdict": c.verdict})
        if as_pandas is False:
            return rows
        try:
            import pandas
        except ImportError:
            if as_pandas:
                raise CnnlabError("verdicts(as_pandas=True) needs pandas: pip install pandas") from None
            return rows
        return pandas.DataFrame(rows, columns=["label", "figure", "claim", "reported", "source", "mean", "std", "runs",
                                               "prediction95_low", "prediction95_high", "verdict"])

    def comparisons(self) -> list[Any]:
        """Each configuration's mean final test accuracy against the spec's `baseline` (else the best
        configuration's): Welch's 95% CI and p-value (`cnnlab.experiments.results.Comparison`; `.sentence()`
        reads as `cnnlab run` prints it). Fewer than 3 runs on a side: no interval, no p-value."""
        from cnnlab.experiments.results import comparisons, spec_extras
        from cnnlab.store.db import Store

        with Store.open(self.store, create=False) as db:
            extras = spec_extras(db.experiment(self.name).get("spec_toml"))
        return comparisons(self.groups, extras.baseline)

    def checkpoint(self, run_id: str | None = None) -> str | None:
        """A run's checkpoint folder: `run_id`'s, or the best configuration's best run's."""
        if run_id is None:
            best = self.best.best_run if self.best is not None else None
            return best["run_dir"] if best else None
        for r in self.runs:
            if r["run_id"] == run_id:
                return r["run_dir"]
        raise CnnlabError(f"unknown run {run_id!r} (runs: {', '.join(r['run_id'] for r in self.runs)})")

    def __repr__(self) -> str:
        return f"ExperimentResults({self.name!r}, runs={len(self.runs)}, report={str(self.report_path)!r})"


class _SweepBar:
    """A tqdm.auto bar over an experiment's runs (the RunSink protocol); unknown events are ignored."""

    def __init__(self, total: int, labels: dict[str, str]) -> None:
        from tqdm.auto import tqdm

        self.bar = tqdm(total=total, desc="runs", unit="run", leave=True)
        self.labels = labels

    def on_start(self, run: Any) -> None:
        self.bar.set_postfix_str(f"{self.labels.get(run.run_id, run.run_id)} seed {run.config.seed}")

    def on_event(self, run: Any, event: Event) -> None:
        if isinstance(event, EpochRecord):
            self.bar.set_postfix_str(f"{self.labels.get(run.run_id, run.run_id)} seed {run.config.seed} "
                                     f"epoch {event.epoch}/{run.config.epochs} test {100 * event.test_accuracy:.2f}%")

    def on_result(self, run: Any, result: Any) -> None:
        self.bar.update(1)

    def on_error(self, run: Any, message: str) -> None:
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def run(
    spec: str | Path | Mapping[str, Any],
    *,
    store: str | Path = DEFAULT_DIR,
    subset: int | None = None,
    overrides: Mapping[str, Any] | Sequence[str] = (),
    executor: str | None = None,
    report: bool = True,
    progress: bool = True,
    track: str | Sequence[str] | None = None,
) -> ExperimentResults:
    """Run an experiment, as `cnnlab run` does: every configuration of its grid times its repeats.

    `spec` is a TOML file or a dict of the same structure (`{"name": ..., "base": {...}, "sweep": {...},
    "repeats": 3}`). `overrides` are `--set` values (`{"epochs": 1, "sweep.lr": [0.1, 0.01]}` or
    `["epochs=1"]`); `subset` trains on a stratified sample. Finished runs in `store` are kept, interrupted
    ones resume. `report` writes the HTML report to `<store>/<name>/report/`. `track` streams each run to
    TensorBoard and/or MLflow as it trains (`"tensorboard:DIR"`, `"mlflow:sqlite:///mlflow.db"`, as `--track`).
    """
    from cnnlab.experiments.runner import Plan, run_experiment
    from cnnlab.experiments.sink import FanOut
    from cnnlab.experiments.spec import load_spec, parse_spec
    from cnnlab.store.db import Store

    if isinstance(overrides, Mapping):
        items = [f"{k}={_toml_value(v, f'overrides {k}')}" for k, v in overrides.items()]
    elif isinstance(overrides, (list, tuple)) and all(isinstance(o, str) for o in overrides):
        items = list(overrides)
    else:
        raise CnnlabError(f"cnnlab.run: overrides must be a dict of settings or a list of 'KEY=VALUE' strings, got "
                          f"{type(overrides).__name__}")
    if subset is not None and (isinstance(subset, bool) or not isinstance(subset, int)):
        raise CnnlabError(f"cnnlab.run: subset must be a whole number, got {subset!r}")
    store_path = _path(store, "cnnlab.run: store")
    if isinstance(spec, Mapping):
        parsed = parse_spec(spec_toml(spec), "spec", items + ([f"subset={subset}"] if subset is not None else []))
        spec_path = None
    else:
        spec_path = _path(spec, "cnnlab.run: spec (a TOML file or a dict)")
        parsed = load_spec(spec_path, items, subset)
    from cnnlab.experiments.targets import parse_targets

    targets = parse_targets(track)
    bars: list[Any] = []  # progress bars and live trackers, closed at the end

    def make_view(plan: Plan) -> Any:
        labels = {r.run_id: p.label for p, r in plan.items}
        sinks = [_SweepBar(len(plan.pending), labels)] if progress else []
        if targets:
            from cnnlab.experiments.live import TrackingSink

            sinks.append(TrackingSink(targets, parsed.name, labels))
        bars.extend(sinks)
        return FanOut(*sinks)

    with Store.open(store_path, create=True) as db:
        try:
            outcome = run_experiment(parsed, db, executor, make_view if progress or targets else None,
                                     lambda m: None, spec_path)
        finally:
            for b in bars:
                b.close()
        report_path = None
        if report:
            from cnnlab.report import default_out
            from cnnlab.report.build import write_report

            report_path = write_report(db, parsed.name, default_out(db.root, parsed.name))
        return ExperimentResults(parsed.name, outcome.runs, db.root, report_path, outcome.executor)


def results(experiment: str, store: str | Path = DEFAULT_DIR) -> ExperimentResults:
    """A stored experiment's results (what `cnnlab run` left in `store`), without running anything."""
    from cnnlab.report import default_out
    from cnnlab.store.db import Store

    if not isinstance(experiment, str):
        raise CnnlabError(f"cnnlab.api.results: experiment must be a name (str), got {type(experiment).__name__}")
    with Store.open(_path(store, "cnnlab.api.results: store"), create=False) as db:
        db.experiment(experiment)
        html = default_out(db.root, experiment) / "report.html"
        return ExperimentResults(experiment, db.runs(experiment), db.root, html if html.is_file() else None)


# -- summary ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelSummary:
    """Layer-by-layer output shapes, parameters and mult-adds (`.layers`, `.total_params`, ...)."""

    summary: Any  # cnnlab.models.summary.Summary
    input_shape: tuple[int, ...]

    def __getattr__(self, name: str) -> Any:
        if name == "summary":  # not yet set (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.summary, name)

    def to_dict(self) -> dict[str, Any]:
        return {"input_shape": list(self.input_shape), **self.summary.to_dict()}

    def to_pandas(self) -> Any:
        return _pandas("ModelSummary.to_pandas()").DataFrame(self.summary.to_dict()["layers"])

    def __str__(self) -> str:
        s = self.summary
        lines = [f"{'layer':<12} {'type':<18} {'output shape':<14} {'params':>10} {'mult-adds':>12}"]
        lines += [f"{r.name:<12} {r.kind:<18} {'x'.join(map(str, r.output_shape)):<14} {r.params:>10,} "
                  f"{r.mult_adds:>12,}" for r in s.layers]
        shape = "x".join(map(str, self.input_shape))
        lines.append(f"total params: {s.total_params:,} (trainable {s.trainable_params:,}, non-trainable "
                     f"{s.non_trainable_params:,}); mult-adds: {s.mult_adds:,}; input {shape}")
        return "\n".join(lines)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # IPython shows the table, not the dataclass
        p.text(str(self))


def summary(
    model: str | Path | nn.Module | Classifier | TrainResult,
    input_shape: Sequence[int] | None = None,
    classes: int | None = None,
) -> ModelSummary:
    """Each layer's output shape and parameters, total/trainable/non-trainable parameters and mult-adds.

    `model`: a preset name, a layer spec, `module:Class`, a checkpoint folder, a `Classifier`, a
    `TrainResult`, or any `torch.nn.Module` (give `input_shape` (C, H, W) unless it has one).
    """
    from cnnlab.models import build_model
    from cnnlab.models.presets import default_input
    from cnnlab.models.summary import summarize

    shape = None
    if input_shape is not None:
        if isinstance(input_shape, (str, bytes)) or not isinstance(input_shape, Sequence) or not all(
                isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in input_shape):
            raise CnnlabError(f"input_shape must be whole sizes such as (1, 28, 28), got {input_shape!r}")
        shape = tuple(int(v) for v in input_shape)
    if shape is not None and (len(shape) < 1 or min(shape) < 1):
        raise CnnlabError(f"input_shape must be positive sizes such as (1, 28, 28), got {input_shape!r}")
    if classes is not None and (isinstance(classes, bool) or not isinstance(classes, int) or classes < 1):
        raise CnnlabError(f"classes must be a whole number >= 1, got {classes!r}")
    if isinstance(model, TrainResult):
        model = model.model
    if isinstance(model, Classifier):
        shape, net = shape or model.input_shape, model.model
    elif isinstance(model, nn.Module):
        shape = shape or tuple(getattr(model, "input_shape", ()) or ())
        if not shape:
            raise CnnlabError(f"summary of a {type(model).__name__}: give input_shape, e.g. (1, 28, 28)")
        net = model
    elif isinstance(model, Path) or Path(str(model)).is_dir() or str(model).endswith((".json", ".safetensors")):
        clf = load(model)
        shape, net = shape or clf.input_shape, clf.model
    elif isinstance(model, str):
        own_shape, own_classes = default_input(model)
        shape = shape or own_shape
        net = build_model(model, shape, classes or own_classes)
    else:
        raise CnnlabError(f"summary: cannot summarise a {type(model).__name__} (give a model name, a spec, a "
                          "checkpoint folder or an nn.Module)")
    try:
        return ModelSummary(summarize(net, shape), shape)
    except RuntimeError as e:
        first = str(e).strip().splitlines()[0]
        raise CnnlabError(f"summary: the model does not take input_shape {shape}: {first}") from None
