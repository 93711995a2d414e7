"""Figures for notebooks and scripts: each function returns a matplotlib `Figure` (shown inline by Jupyter).

These are thin: they gather the numbers and call the drawing code the report (`cnnlab.report.figures`)
and `cnnlab inspect` / `cnnlab weights` (`cnnlab.inspection.*`) use, so a figure here looks like the one
in the report. Save one with `fig.savefig("curves.pdf")`.

    fig = cnnlab.figures.curves(results)                 # an experiment: mean over repeats and min-max band
    fig = cnnlab.figures.curves({"baseline": r1, "sgd": r2})   # runs trained with cnnlab.train
    fig = cnnlab.figures.confusion_matrix(clf)
    fig = cnnlab.figures.first_layer_weights(clf)
    fig = cnnlab.figures.feature_maps(clf, "digit.png", layer="conv1")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure

from cnnlab.errors import CnnlabError
from cnnlab.store.db import DEFAULT_DIR

if TYPE_CHECKING:
    from cnnlab.api import Classifier, ExperimentResults, ImageLike, TrainResult

__all__ = ["confusion_matrix", "curves", "feature_maps", "first_layer_weights"]


def _classifier(source: Any) -> Classifier:
    from cnnlab.api import Classifier, TrainResult, load

    if isinstance(source, Classifier):
        return source
    if isinstance(source, (str, Path, TrainResult)):
        return load(source)
    raise CnnlabError(f"expected a checkpoint folder, a Classifier or a TrainResult, got a {type(source).__name__}")


def _experiment_curves(experiment: str, store: str | Path) -> Figure:
    from cnnlab.api import _path
    from cnnlab.report import figures as F
    from cnnlab.report.sections import ReportData
    from cnnlab.store.db import Store

    with Store.open(_path(store, "curves: store"), create=False) as db:
        data = ReportData.load(db, experiment)
    panels = {key: data.series(data.epochs, "epoch", lambda row, key=key: row.get(key)) for key, *_ in F.EPOCH_PANELS}
    return F.epoch_curves_figure(panels)


def _run_curves(runs: Mapping[str, TrainResult | Sequence[TrainResult]]) -> Figure:
    from cnnlab.api import TrainResult
    from cnnlab.report import figures as F

    panels: dict[str, list[F.SeriesGroup]] = {key: [] for key, *_ in F.EPOCH_PANELS}
    if not runs:
        raise CnnlabError("curves: no runs given")
    for i, (label, group) in enumerate(runs.items()):
        members = list(group) if isinstance(group, Sequence) and not isinstance(group, str) else [group]
        if not members or not all(isinstance(m, TrainResult) for m in members):
            raise CnnlabError(f"curves: {label!r} must be a TrainResult or a list of them (what cnnlab.train "
                              f"returns), got {type(group).__name__}")
        for key in panels:
            series = [F.RunSeries([r.epoch for r in m.history],
                                  [float("nan") if getattr(r, key) is None else getattr(r, key) for r in m.history],
                                  m.status == "diverged") for m in members]
            panels[key].append(F.SeriesGroup(str(label), F.color(i), series))
    return F.epoch_curves_figure(panels)


def curves(
    source: str | ExperimentResults | TrainResult | Sequence[TrainResult] | Mapping[str, Any],
    store: str | Path = DEFAULT_DIR,
) -> Figure:
    """Training/validation loss and accuracy per epoch (2x2), as in the report.

    `source`: an experiment's name (read from `store`) or the `ExperimentResults` of `cnnlab.run`, whose
    configurations are drawn as mean over repeats with a min-max band; or runs from `cnnlab.train`: one
    `TrainResult`, a list of them, or a dict label -> TrainResult (or a list of repeats).
    """
    from cnnlab.api import ExperimentResults, TrainResult

    if isinstance(source, ExperimentResults):
        return _experiment_curves(source.name, source.store)
    if isinstance(source, str):
        return _experiment_curves(source, store)
    if isinstance(source, TrainResult):
        return _run_curves({source.config.model: source})
    if isinstance(source, Mapping):
        return _run_curves(source)
    if isinstance(source, Sequence) and all(isinstance(r, TrainResult) for r in source):
        return _run_curves({f"{i + 1}: {r.config.model}": r for i, r in enumerate(source)})
    raise CnnlabError(f"curves: expected an experiment name, ExperimentResults or TrainResults, got a "
                      f"{type(source).__name__}")


def confusion_matrix(checkpoint: Any) -> Figure:
    """The checkpoint's confusion matrix on its data set's full test split (rows true, columns predicted)."""
    from cnnlab.report import figures as F
    from cnnlab.report.analysis import evaluate_run

    clf = _classifier(checkpoint)
    if clf.path is None:
        raise CnnlabError("confusion_matrix needs a checkpoint folder (train with out=FOLDER)")
    ev = evaluate_run(clf.path, {})
    return F.confusion_figure(ev.confusion, ev.classes,
                              f"Confusion matrix ({100 * ev.accuracy:.2f}% of {int(ev.confusion.sum()):,} correct)")


def first_layer_weights(checkpoint: Any, initial: bool = False, max_tiles: int = 256) -> Figure:
    """The first layer's weights as images, as `cnnlab weights` draws them; `initial` puts the weights the run
    started from (`init.safetensors` beside a checkpoint of `cnnlab run`) on the left."""
    from cnnlab.inspection.weights import first_layer, initial_model, weights_figure

    clf = _classifier(checkpoint)
    shape = clf.input_shape
    panels = [("final (after training)", first_layer(clf.model, shape))]
    if initial:
        if clf.path is None:
            raise CnnlabError("initial=True needs a checkpoint folder holding init.safetensors")
        panels.insert(0, ("initial (before training)", first_layer(initial_model(clf.model, clf.path), shape)))
    return weights_figure(panels, max_tiles)


def feature_maps(checkpoint: Any, image: ImageLike, layer: str | None = None, max_tiles: int = 64) -> Figure:
    """One layer's feature maps for `image` (a path, PIL image or array), beside the input as the network saw
    it and the class probabilities, as `cnnlab inspect` draws them. `layer`: a layer name (e.g. "conv1",
    "relu2"); None: the first layer."""
    from cnnlab.api import _as_pil
    from cnnlab.inspection.figures import layer_figure
    from cnnlab.inspection.one_pass import inspect_image

    clf = _classifier(checkpoint)
    result = inspect_image(clf.model, clf.meta, _as_pil(image), [layer] if layer else None)
    if not result.layers:
        raise CnnlabError("the model has no layer to draw")
    return layer_figure(result.layers[0], result.model_input, clf.classes, result.probabilities, max_tiles)
