"""The report's sections, one function each, from the store's rows to `Document` sections.

`ReportData` reads everything once (runs, their curves); each `*_section` function turns part of it
into tables, figures and notes. A section never fails the report: what it cannot show (no
checkpoint, no validation set, every run diverged) becomes a note saying so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cnnlab.errors import CnnlabError
from cnnlab.experiments.results import (
    MIN_REPEATS,
    Check,
    ConfigResult,
    SpecExtras,
    Stat,
    best_config,
    check_all,
    comparisons,
    group_runs,
    main_check,
    spec_extras,
)
from cnnlab.experiments.spec import COUNT_METRICS
from cnnlab.inspection.run_weights import first_layer_tiles, has_checkpoint
from cnnlab.report import analysis
from cnnlab.report import figures as F
from cnnlab.report.document import Code, Image, Note, Paragraph, Section, Table
from cnnlab.report.source import ReportSource

SECTIONS: tuple[tuple[str, str], ...] = (
    ("spec", "Spec"),
    ("results", "Results"),
    ("curves", "Curves"),
    ("per-step-loss", "Per-step loss"),
    ("gradient-norms", "Gradient norms"),
    ("learning-rate", "Learning rate"),
    ("confusion-matrix", "Confusion matrix"),
    ("misclassified", "Misclassified"),
    ("first-layer-weights", "First-layer weights"),
    ("parameters", "Parameters"),
    ("diverged-runs", "Diverged runs"),
)
TITLES = dict(SECTIONS)
STAR = "★"
# what reading a checkpoint or its data set can raise; the section then shows a note instead of a figure
SKIPPABLE = (CnnlabError, OSError, RuntimeError, ValueError, KeyError)


def section(key: str) -> Section:
    return Section(key, TITLES[key])


# -- formatting -----------------------------------------------------------------------------------

def pct(stat: Stat | None) -> str:
    """`97.12% ± 0.15` (mean ± sample std over repeats, in percentage points); `97.12%` for one run."""
    if stat is None:
        return "—"
    return f"{100 * stat.mean:.2f}%" + (f" ± {100 * stat.std:.2f}" if stat.n > 1 else "")


def ci(stat: Stat | None) -> str:
    """`[96.90, 97.34]%`: the 95% confidence interval of the mean (within 0–100%); — below MIN_REPEATS runs."""
    if stat is None or stat.ci95 is None:
        return "—"
    return f"[{100 * stat.ci95[0]:.2f}, {100 * stat.ci95[1]:.2f}]%"


def figure_value(metric: str, value: float | None) -> str:
    """A reported or measured figure in its own unit: 97.35% for accuracies, 0.0849 for losses, 278,858 params."""
    if value is None:
        return "—"
    if metric in COUNT_METRICS:
        return f"{value:,.0f}"
    return f"{100 * value:.2f}%" if metric.endswith("accuracy") else f"{value:.4f}"


def measured_value(metric: str, m: Stat | None) -> str:
    """cnnlab's side of a reported figure: the mean over repeats in the figure's unit, ± the sample std."""
    text = figure_value(metric, m.mean if m else None)
    if m is not None and m.n > 1 and metric not in COUNT_METRICS:
        text += f" ± {figure_value(metric, m.std).rstrip('%')}"
    return text


def num(stat: Stat | None, digits: int = 4) -> str:
    if stat is None:
        return "—"
    return f"{stat.mean:.{digits}f}" + (f" ± {stat.std:.{digits}f}" if stat.n > 1 else "")


def duration(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "—"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def span(values: Sequence[Any]) -> str:
    """`10` when all repeats ran the same number of epochs, else `7–10`."""
    xs = sorted(int(v) for v in values if v is not None)
    if not xs:
        return "—"
    return str(xs[0]) if xs[0] == xs[-1] else f"{xs[0]}–{xs[-1]}"


def _float(v: Any) -> float:
    return math.nan if v is None else float(v)


# -- the data every section reads -------------------------------------------------------------------

@dataclass
class ReportData:
    experiment: dict[str, Any]
    runs: list[dict[str, Any]]
    groups: list[ConfigResult]
    best: ConfigResult | None
    epochs: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)
    steps: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)
    extras: SpecExtras = field(default_factory=SpecExtras)
    band: str = "std"  # what the curves' bands show (the spec's `band`, or `--band`)
    checks: dict[str, list[Check]] = field(default_factory=dict)

    @staticmethod
    def load(source: ReportSource, name: str, band: str | None = None) -> ReportData:
        experiments = source.experiments()
        found = next((e for e in experiments if e.get("name") == name), None)
        if found is None:
            choices = ", ".join(sorted(str(e.get("name")) for e in experiments)) or "none stored yet"
            raise CnnlabError(f"unknown experiment {name!r} (experiments: {choices})")
        runs = source.runs(name)
        groups = group_runs(runs)
        data = ReportData(found, runs, groups, best_config(groups))
        for r in runs:
            data.epochs[r["run_id"]] = source.epoch_curves(r["run_id"])
            data.steps[r["run_id"]] = source.step_curves(r["run_id"])
        data.extras = spec_extras(found.get("spec_toml"))
        data.band = band or data.extras.band
        data.checks = check_all(groups, data.extras.expect, lambda run_id: data.epochs.get(run_id, []))
        return data

    def color(self, group: ConfigResult) -> str:
        return F.color(self.groups.index(group))

    def series(self, curves: dict[Any, list[dict[str, Any]]], x: str, y: Callable[[dict[str, Any]], Any],
               mark_diverged: bool = True) -> list[F.SeriesGroup]:
        """Per configuration, one `RunSeries` per run (failed runs left out: their curves end in an error).

        `mark_diverged=False` draws diverged runs like the others (the learning rate is a schedule, not a symptom).
        """
        out = []
        for g in self.groups:
            runs = []
            for r in g.runs:
                if r.get("status") == "failed":
                    continue
                rows = curves.get(r["run_id"], [])
                runs.append(F.RunSeries([row[x] for row in rows], [_float(y(row)) for row in rows],
                                        mark_diverged and r.get("status") == "diverged"))
            out.append(F.SeriesGroup(g.label, self.color(g), runs))
        return out

    @property
    def any_diverged(self) -> bool:
        return any(r.get("status") == "diverged" for r in self.runs)


def image(name: str, fig: Any, caption: str) -> Image:
    return Image(name, fig, caption)  # rendered when the report is saved, in its format and dpi


# -- sections --------------------------------------------------------------------------------------

def spec_section(d: ReportData) -> Section:
    s = section("spec")
    if d.experiment.get("description"):
        s.add(Paragraph(str(d.experiment["description"])))
    spec = d.experiment.get("spec_toml")
    return s.add(Code(spec, "toml") if spec else Note("The store holds no spec text for this experiment."))


def results_section(d: ReportData) -> Section:
    s = section("results")
    if not d.groups:
        return s.add(Note("This experiment has no runs yet."))
    expected = any(d.checks.values())
    headers = ["", "configuration", "runs", "final test accuracy", "95% CI", "best test accuracy",
               "final training loss", "epochs", "wall time per run", "status"]
    if expected:
        headers[5:5] = ["reported", "verdict"]
    rows = []
    for g in d.groups:
        row = [STAR if g is d.best else "", g.label, str(len(g.runs)), pct(g.test_accuracy), ci(g.test_accuracy),
               pct(g.best_test_accuracy), num(g.final_train_loss), span([r.get("epochs") for r in g.runs]),
               duration(g.wall_seconds.mean if g.wall_seconds else None), g.status]
        if expected:
            main = main_check(d.checks.get(g.key, []))
            row[5:5] = ["—", ""] if main is None else [
                main.claim + figure_value(main.metric, main.reported)
                + ("" if main.metric == "test_accuracy" and main.epoch is None else f" ({main.figure})"), main.verdict]
        rows.append(row)
    highlight = d.groups.index(d.best) if d.best is not None else None
    s.add(Table(headers, rows, highlight, align_right=(2, 3, 4, 5, 6, 7) if not expected else (2, 3, 4, 5, 7, 8, 9)))
    with_ci = any(g.test_accuracy is not None and g.test_accuracy.ci95 is not None for g in d.groups)
    interval = ("with the 95% confidence interval of the mean (t distribution)" if with_ci else
                f"with no confidence interval (—) below {MIN_REPEATS} runs: it would say nothing")
    s.add(Paragraph("Accuracies are mean ± sample standard deviation (percentage points) over the repeats that "
                    f"trained to the end (finished or early-stopped), {interval}; “best” is each run's highest "
                    "test accuracy over its epochs. Wall time is per run, evaluation included."))
    if d.best is None:
        s.add(Note("No configuration trained to the end: every run diverged or failed, so there is no best "
                   "configuration."))
    else:
        run = d.best.best_run or {}
        s.add(Paragraph(f"{STAR} Best configuration: {d.best.label}, final test accuracy {pct(d.best.test_accuracy)} "
                        f"over {d.best.test_accuracy.n} run(s) (by mean final test accuracy among configurations "
                        f"that did not diverge). Its best run, {run.get('run_id')} (seed {run.get('seed')}), "
                        f"is used for the confusion matrix, misclassified images and first-layer weights."))
    s.add(*_comparison_blocks(d), *_check_blocks(d), *_missing_checkpoints(d))
    from cnnlab.report.search_section import search_blocks  # a [search] experiment's trials

    s.add(*search_blocks(d.experiment, d.runs, d.epochs))
    return s


def _missing_checkpoints(d: ReportData) -> list[Note]:
    """A note naming every run that trained to the end but whose checkpoint is not where the store says."""
    gone = [r for r in d.runs if r.get("status") in ("finished", "early-stopped")
            and not has_checkpoint(r.get("run_dir"))]
    if not gone:
        return []
    ids = ", ".join(str(r["run_id"]) for r in gone[:10]) + (f" and {len(gone) - 10} more" if len(gone) > 10 else "")
    return [Note(f"Checkpoint missing for {len(gone)} run(s) that trained to the end: {ids} (no model.json and "
                 "model.safetensors in the store's run folder); figures that need a checkpoint use another run "
                 "or are skipped.")]


def _comparison_blocks(d: ReportData) -> list[Any]:
    """One sentence per configuration against the spec's baseline (or the best), Welch's 95% CI and p-value."""
    found = comparisons(d.groups, d.extras.baseline)
    if not found:
        return []
    fewest = min(min(c.n, c.n_baseline) for c in found)
    blocks: list[Any] = [Paragraph(
        f"Compared with {found[0].baseline} ({'the spec’s baseline' if d.extras.baseline else 'the best'}): the "
        "difference in mean final test accuracy, its 95% confidence interval (Welch) and Welch's t-test p-value. "
        "A difference whose interval covers 0 cannot be told from seed-to-seed noise.")]
    if fewest < MIN_REPEATS:
        blocks.append(Note(f"Fewer than {MIN_REPEATS} repeats in a configuration: no difference can be called real "
                           f"here. Run more seeds (repeats = {MIN_REPEATS} or more) to compare."))
    blocks.extend(Paragraph(c.sentence() + ".") for c in found)
    return blocks


def _check_blocks(d: ReportData) -> list[Any]:
    """The spec's reported figures beside cnnlab's measurement and the verdict."""
    checks = [c for cs in d.checks.values() for c in cs]
    if not checks:
        return []
    rows = []
    for c in checks:
        m = c.measured
        pi = m.prediction95 if m is not None and c.metric not in COUNT_METRICS else None
        measured = measured_value(c.metric, m)
        interval = "—" if pi is None else f"[{figure_value(c.metric, pi[0])}, {figure_value(c.metric, pi[1])}]"
        rows.append([c.label, c.figure, c.claim + figure_value(c.metric, c.reported), measured, interval,
                     str(m.n if m else 0), c.verdict, c.source])
    return [Paragraph("Reported figures: a figure is consistent when it lies inside the 95% prediction interval "
                      "for one more run (mean ± t·s·√(1 + 1/n) over the repeats); above or below means cnnlab's "
                      "runs are above or below it; a bound (≥, ≤) is consistent while that interval reaches it; "
                      f"with fewer than {MIN_REPEATS} repeats there is no verdict."),
            Table(["configuration", "figure", "reported", "cnnlab", "95% prediction interval", "runs", "verdict",
                   "source"], rows, None, align_right=(2, 3, 5))]


BAND_TEXT = {"std": "± one standard deviation", "minmax": "min–max", "ci95": "the 95% CI of the mean"}


def _diverged_note(d: ReportData) -> list[Note]:
    if not d.any_diverged:
        return []
    return [Note("Dotted lines ending in a cross are runs that diverged (a cross on the top edge: the value left "
                 "the chart or became NaN); see Diverged runs for where and why.")]


def curves_section(d: ReportData) -> Section:
    s = section("curves")
    curves = {key: d.series(d.epochs, "epoch", lambda row, key=key: row.get(key)) for key, *_ in F.EPOCH_PANELS}
    if not any(F.has_data(g) for g in curves.values()):
        return s.add(Note("No epoch was completed by any run, so there are no per-epoch curves."))
    s.add(image("curves", F.epoch_curves_figure(curves, band=d.band),
                "Training, validation and test loss and accuracy per epoch: mean over repeats (line) and "
                f"{BAND_TEXT[d.band]} (band)."))
    if not F.has_data(curves["val_loss"]):
        s.add(Note("These runs have no validation set (val_split = 0): validation panels are empty."))
    return s.add(*_diverged_note(d))


def step_axis(d: ReportData) -> str:
    """"examples" (examples seen = step × batch size) when the runs' batch sizes differ, so that curves compare
    at equal amounts of data; else "step"."""
    sizes = {r.get("config", {}).get("batch_size") for r in d.runs}
    return "examples" if len(sizes) > 1 and None not in sizes else "step"


def step_series(d: ReportData, y: Callable[[dict[str, Any]], Any], x: str,
                mark_diverged: bool = True) -> list[F.SeriesGroup]:
    """`ReportData.series` over the step records, with x in steps or in examples seen."""
    groups = d.series(d.steps, "step", y, mark_diverged)
    if x != "examples":
        return groups
    out = []
    for g, group in zip(d.groups, groups, strict=True):
        kept = [r for r in g.runs if r.get("status") != "failed"]
        runs = [F.RunSeries([step * int(r["config"]["batch_size"]) for step in rs.x], rs.y, rs.diverged)
                for r, rs in zip(kept, group.runs, strict=True)]
        out.append(F.SeriesGroup(group.label, group.color, runs))
    return out


def step_section(d: ReportData) -> Section:
    s = section("per-step-loss")
    x = step_axis(d)
    groups = step_series(d, lambda row: row.get("loss"), x)
    if not F.has_data(groups):
        return s.add(Note("No step records were stored for these runs."))
    every = sorted({str(r["config"].get("log_every")) for r in d.runs if r.get("config", {}).get("log_every")})
    caption = "Training loss averaged over each logging window" + (f" of {', '.join(every)} steps" if every else "")
    if x == "examples":
        caption += ", against examples seen (the batch sizes differ, so steps would not compare)"
    return s.add(image("step-loss", F.step_loss_figure(groups, band=d.band, x=x),
                       caption + f", mean over repeats (line) and {BAND_TEXT[d.band]} (band)."),
                 *_diverged_note(d))


def _first_norm(row: dict[str, Any]) -> Any:
    norms = row.get("grad_norms") or {}
    return next(iter(norms.values()), None)


def grad_section(d: ReportData) -> Section:
    s = section("gradient-norms")
    x = step_axis(d)
    groups = step_series(d, _first_norm, x)
    layers = {next(iter(row["grad_norms"]), "") for rows in d.steps.values() for row in rows if row.get("grad_norms")}
    if not F.has_data(groups):
        return s.add(Note("No gradient norms were stored for these runs."))
    return s.add(image("grad-norms", F.grad_norm_figure(groups, sorted(layers - {""}), band=d.band, x=x),
                       "L2 norm of the first layer's gradient (weights and bias) per logged step, log scale. A curve "
                       "that sinks by decades is a vanishing gradient (sigmoid activations are the classic case)."))


def lr_section(d: ReportData) -> Section:
    s = section("learning-rate")
    groups = d.series(d.steps, "step", lambda row: row.get("lr"), mark_diverged=False)
    if not F.has_data(groups):
        groups = d.series(d.epochs, "epoch", lambda row: row.get("lr"), mark_diverged=False)
        if not F.has_data(groups):
            return s.add(Note("No learning rates were stored for these runs."))
    if not F.lr_changes(groups):
        rates = sorted({v for g in groups for r in g.runs for v in r.y if math.isfinite(v)})
        return s.add(Paragraph(f"The learning rate stayed constant in every run ({', '.join(f'{v:g}' for v in rates)}),"
                               " so there is no schedule to draw."))
    return s.add(image("lr", F.lr_figure(groups), "Learning rate used at each logged step (the schedule)."))


def _checkpointed(group: ConfigResult) -> dict[str, Any] | None:
    """The group's best run if it has a checkpoint, else its best-scoring run that has one."""
    best = group.best_run
    if best is not None and has_checkpoint(best.get("run_dir")):
        return best
    good = [r for r in group.good_runs if has_checkpoint(r.get("run_dir"))]
    return max(good, key=lambda r: _float(r.get("test_accuracy")), default=None)


def evaluation_sections(d: ReportData) -> tuple[Section, Section]:
    """Confusion matrix and misclassified images of the best configuration's best run (one evaluation)."""
    conf, wrong = section("confusion-matrix"), section("misclassified")
    if d.best is None:
        note = Note("Skipped: no configuration trained to the end, so there is no best configuration to evaluate.")
        return conf.add(note), wrong.add(note)
    run = _checkpointed(d.best)
    if run is None:
        note = Note(f"Skipped: no run of the best configuration ({d.best.label}) has a checkpoint.")
        return conf.add(note), wrong.add(note)
    try:
        ev = analysis.evaluate_run(run["run_dir"], run.get("config", {}))
    except SKIPPABLE as e:
        note = Note(f"Skipped: could not evaluate run {run['run_id']}: {e}")
        return conf.add(note), wrong.add(note)
    total = int(ev.confusion.sum())
    who = f"{d.best.label}, run {run['run_id']} (seed {run.get('seed')})"
    conf.add(Paragraph(f"{STAR} {who} on all {total:,} test images: {100 * ev.accuracy:.2f}% correct."),
             image("confusion", F.confusion_figure(ev.confusion, ev.classes, f"Confusion matrix: {d.best.label}"),
                   "Rows: true class; columns: predicted class; cells: number of test images."))
    if not ev.mistakes:
        return conf, wrong.add(Note("The model classified every test image correctly."))
    names = ev.classes
    fig = F.misclassified_figure([m.image for m in ev.mistakes], [names[m.true] for m in ev.mistakes],
                                 [names[m.predicted] for m in ev.mistakes], [m.confidence for m in ev.mistakes])
    wrong.add(image("misclassified", fig,
                    f"The {len(ev.mistakes)} most confidently misclassified test images (of "
                    f"{total - int(np.trace(ev.confusion)):,}) for {who}: true class, predicted class and the "
                    "softmax probability of the prediction."))
    from cnnlab.explain.report import explain_mistakes  # the attribution beside each mistake

    why = explain_mistakes(run["run_dir"], ev.mistakes, names)
    wrong.add(image("misclassified-why", why.figure, why.caption) if why.figure is not None else Note(why.caption))
    return conf, wrong


def _architectures(d: ReportData) -> list[tuple[str, list[ConfigResult]]]:
    """Configurations grouped by the `model` setting, in table order."""
    out: dict[str, list[ConfigResult]] = {}
    for g in d.groups:
        out.setdefault(str(g.runs[0].get("config", {}).get("model", "?")), []).append(g)
    return list(out.items())


def weights_section(d: ReportData) -> Section:
    """The best configuration's first layer, then (when the sweep varies the model) each other architecture's."""
    s = section("first-layer-weights")
    if d.best is None:
        return s.add(Note("Skipped: no configuration trained to the end."))
    picks: list[ConfigResult] = [d.best]
    for _model, groups in _architectures(d):
        if d.best not in groups:
            ranked = [g for g in groups if g.test_accuracy is not None]
            if ranked:
                picks.append(max(ranked, key=lambda g: g.test_accuracy.mean))  # type: ignore[union-attr]
    for i, g in enumerate(picks):
        run = _checkpointed(g)
        mark = f"{STAR} " if g is d.best else ""
        if run is None:
            s.add(Note(f"{g.label}: skipped, no run has a checkpoint."))
            continue
        try:
            layer = first_layer_tiles(run["run_dir"])
        except SKIPPABLE as e:
            s.add(Note(f"{g.label}: skipped, {e}"))
            continue
        if layer is None:
            s.add(Note(f"{g.label}: the first layer's weights are not image-shaped, so they are not drawn."))
            continue
        what = "filters" if layer.kind == "conv" else "units (each unit's input weights as an image)"
        shape = "×".join(map(str, layer.shape))
        shown = f"all {len(layer.after)}" if len(layer.after) == layer.shape[0] else \
            f"the first {len(layer.after)} of {layer.shape[0]}"
        title = f"{mark}{g.label}: first layer {layer.name} ({shape})"
        s.add(image(f"weights-{i}", F.weights_figure(layer.before, layer.after, title),
                    f"{mark}{g.label}, run {run['run_id']}: first-layer {what}, before and after training "
                    f"({shown}; one colour scale for both, red > 0 > blue, white = 0)."))
        if layer.before is None:
            s.add(Note(f"{g.label}: no initial weights were saved (init.safetensors), so only the trained weights are "
                       "shown."))
    return s


def parameters_section(d: ReportData) -> Section:
    s = section("parameters")
    rows, missing = [], []
    for model, groups in _architectures(d):
        run = next((r for g in groups for r in g.runs if has_checkpoint(r.get("run_dir"))), None)
        if run is None:
            missing.append(model)
            continue
        try:
            size = analysis.model_size(run["run_dir"])
        except SKIPPABLE as e:
            missing.append(f"{model} ({e})")
            continue
        rows.append([model, size.spec, "×".join(map(str, size.input_shape)), f"{size.total:,}", f"{size.trainable:,}",
                     f"{size.non_trainable:,}", f"{size.mult_adds:,}"])
    if rows:
        s.add(Table(["model", "layers", "input", "parameters", "trainable", "non-trainable", "mult-adds"], rows,
                    align_right=(3, 4, 5, 6)),
              Paragraph("Non-trainable parameters are BatchNorm running statistics (counted as Keras does); "
                        "mult-adds are per input image."))
    if missing:
        s.add(Note(f"No checkpoint to measure for: {', '.join(missing)}."))
    return s


def where_diverged(run: dict[str, Any], steps: list[dict[str, Any]]) -> str:
    """`epoch 2, step 15`: the first non-finite logged loss, else the last record (where an exploding
    or stuck run was stopped)."""
    bad = next((row for row in steps if not math.isfinite(_float(row.get("loss")))), None)
    if bad is not None:
        return f"epoch {bad['epoch']}, step {bad['step']}"
    if steps:
        return f"epoch {steps[-1]['epoch']}, step {steps[-1]['step']}"
    epochs = run.get("epochs")
    return f"after {epochs} epoch(s)" if epochs is not None else "—"


def diverged_section(d: ReportData) -> Section:
    s = section("diverged-runs")
    broken = [(g, r) for g in d.groups for r in g.runs if r.get("status") in ("diverged", "failed")]
    if not broken:
        return s.add(Paragraph("No run diverged or failed."))
    rows = []
    for g, r in broken:
        where = where_diverged(r, d.steps.get(r["run_id"], [])) if r.get("status") == "diverged" else "—"
        why = r.get("message") or r.get("error") or "—"
        if r.get("status") == "failed" and r.get("error") and r.get("error") != why:
            why = f"{why}: {r['error']}"
        rows.append([g.label, str(r.get("seed", "—")), str(r["run_id"]), r.get("status", ""), where, why])
    n_div = sum(r.get("status") == "diverged" for _, r in broken)
    s.add(Paragraph(f"{n_div} run(s) diverged and {len(broken) - n_div} failed. “Where” is the first logged step "
                    "whose training loss was not finite."),
          Table(["configuration", "seed", "run", "status", "where", "why"], rows))
    return s
