"""`cnnlab run | runs | export`: experiments from TOML specs, the results store, and getting results out."""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import typer
from rich import box
from rich.table import Table

from cnnlab.cli.common import (
    band_option,
    config_option,
    emit_json,
    err,
    json_option,
    layout_note,
    out,
    percent,
    store_option,
    trust_code_option,
)
from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, Event, StepRecord
from cnnlab.experiments.results import (
    Check,
    ConfigResult,
    Stat,
    check_all,
    comparisons,
    configurations_json,
    main_check,
    spec_extras,
    summarize,
)
from cnnlab.experiments.spec import MAX_RUNS, Band, Executor, load_spec, restrict
from cnnlab.experiments.targets import TRACK_HELP, Target, parse_targets, ui_command
from cnnlab.report import default_out
from cnnlab.store.atomic import atomic_write_bytes
from cnnlab.store.db import Store

if TYPE_CHECKING:
    from cnnlab.experiments.executor import PlannedRun, RunSink
    from cnnlab.experiments.runner import Outcome, Plan
    from cnnlab.experiments.spec import ExperimentSpec
    from cnnlab.training.session import RunResult


class SweepProgress:
    """One display on stderr for the whole sweep: runs done/total, the current run and its epoch,
    elapsed and estimated remaining time; a line per finished run above it."""

    def __init__(self, total: int, labels: dict[str, str]) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.total = total
        self.labels = labels
        self.done = 0
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("runs {task.fields[runs]}"),
                                 TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), console=err,
                                 transient=True)
        self.task = self.progress.add_task("", total=max(total, 1), runs=f"0/{total}")
        self.current = ""
        self.started = False

    def _update(self, fraction: float, what: str) -> None:
        if not self.started:
            self.progress.start()
            self.started = True
        self.progress.update(self.task, completed=self.done + fraction, description=what,
                             runs=f"{self.done}/{self.total}")

    def _label(self, run: PlannedRun) -> str:
        return f"{self.labels.get(run.run_id, run.run_id)} seed {run.config.seed}"

    def on_start(self, run: PlannedRun) -> None:
        self.current = self._label(run)
        self._update(0.0, f"{self.current} · starting")

    def on_event(self, run: PlannedRun, event: Event) -> None:
        epochs = run.config.epochs
        if isinstance(event, StepRecord):
            within = (event.step - (event.epoch - 1) * event.steps_per_epoch) / event.steps_per_epoch
            self._update(min(1.0, (event.epoch - 1 + within) / epochs),
                         f"{self._label(run)} · epoch {event.epoch}/{epochs}")
        elif isinstance(event, EpochRecord):
            self._update(min(1.0, event.epoch / epochs), f"{self._label(run)} · epoch {event.epoch}/{epochs} "
                                                          f"test {percent(event.test_accuracy)}")

    def on_result(self, run: PlannedRun, result: RunResult) -> None:
        self.done += 1
        self._update(0.0, self.current)
        err.print(f"[{self.done}/{self.total}] {self._label(run)}: {result.message}, test accuracy "
                  f"{percent(result.test_accuracy)} ({result.wall_seconds:.1f}s)")

    def on_error(self, run: PlannedRun, message: str) -> None:
        self.done += 1
        self._update(0.0, self.current)
        err.print(f"[{self.done}/{self.total}] {self._label(run)}: "
                  f"failed: {message}")

    def stop(self) -> None:
        if self.started:
            self.progress.stop()


def _pm(s: Stat | None, fmt: str = "pct") -> str:
    """`98.12% ± 0.31` for accuracies, `0.0412 ± 0.0031` for losses; no spread for a single value."""
    if s is None:
        return "—"
    show = (lambda x: f"{100 * x:.2f}") if fmt == "pct" else (lambda x: f"{x:.4g}")
    value = show(s.mean) + ("%" if fmt == "pct" else "")
    return value if s.n < 2 else f"{value} ± {show(s.std)}"


def show(renderable: Table | str) -> None:
    """Results go to stdout; in a file or a pipe as plain lines (`common.out`): never wrapped, no blank lines, no
    trailing blanks."""
    out.print(renderable)


def _ci(s: Stat | None, fmt: str = "pct") -> str:
    """`[97.90, 98.34]`: the 95% confidence interval of the mean (within what the quantity can be); — below
    MIN_REPEATS runs."""
    if s is None or s.ci95 is None:
        return "—"
    k = 100 if fmt == "pct" else 1
    return f"[{k * s.ci95[0]:.2f}, {k * s.ci95[1]:.2f}]" if fmt == "pct" else f"[{s.ci95[0]:.4g}, {s.ci95[1]:.4g}]"


def _counts(metric: str) -> bool:
    return metric.endswith("params")  # params, trainable_params, non_trainable_params: whole numbers


def _reported(c: Check) -> str:
    if _counts(c.metric):
        return f"{c.reported:,.0f}"
    return c.claim + (f"{100 * c.reported:.2f}%" if c.metric.endswith("accuracy") else f"{c.reported:.4g}")


def _measured(c: Check) -> str:
    if _counts(c.metric):
        return "—" if c.measured is None else f"{c.measured.mean:,.0f}"
    return _pm(c.measured, "pct" if c.metric.endswith("accuracy") else "num")


def results_table(groups: list[ConfigResult], title: str,
                  checks: dict[str, list[Check]] | None = None) -> Table:
    checks = checks or {}
    with_expected = any(checks.values())
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    cols = [("", "left"), ("configuration", "left"), ("runs", "right"), ("test acc", "right"),
            ("95% CI", "right"), ("best test acc", "right"), ("train loss", "right"), ("epochs", "right"),
            ("wall", "right"), ("status", "left")]
    if with_expected:
        cols[5:5] = [("reported", "right"), ("verdict", "left")]
    for col, justify in cols:
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for g in groups:
        epochs = "—" if g.epochs is None else f"{g.epochs.mean:g}"
        wall = "—" if g.wall_seconds is None else f"{g.wall_seconds.mean:.1f}s"
        cells = ["★" if g.best else "", g.label, str(len(g.run_ids)), _pm(g.test_accuracy), _ci(g.test_accuracy),
                 _pm(g.best_test_accuracy), _pm(g.final_train_loss, "num"), epochs, wall, g.status_text()]
        if with_expected:
            main = main_check(checks.get(g.key, []))
            cells[5:5] = ["—", ""] if main is None else [_reported(main) + (
                "" if main.metric == "test_accuracy" and main.epoch is None else f" ({main.figure})"), main.verdict]
        table.add_row(*cells, style="bold" if g.best else None)
    return table


def checks_table(checks: dict[str, list[Check]]) -> Table | None:
    """Every reported figure beside the measured mean and the verdict (95% prediction interval of one run)."""
    rows = [c for cs in checks.values() for c in cs]
    if not rows:
        return None
    table = Table(title="reported figures (consistent: inside the 95% prediction interval of one more run; "
                        "a bound ≥/≤: the interval reaches it)",
                  title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("configuration", "figure", "reported", "cnnlab", "runs", "verdict", "source"):
        table.add_column(col)
    for c in rows:
        table.add_row(c.label, c.figure, _reported(c), _measured(c), str(c.measured.n if c.measured else 0),
                      c.verdict, c.source)
    return table


def show_statistics(groups: list[ConfigResult], checks: dict[str, list[Check]],
                    baseline: dict | None = None) -> None:
    """The reported-figures table and one sentence per configuration against the baseline (or the best)."""
    table = checks_table(checks)
    if table is not None:
        show(table)
    for c in comparisons(groups, baseline):
        show(c.sentence())


def _write_report(store: Store, experiment: str, out_dir: Path,
                  band: str | None = None) -> tuple[Path | None, str | None]:
    """The HTML report, when `cnnlab.report.build` is installed; else a note saying why not."""
    try:
        found = importlib.util.find_spec("cnnlab.report.build") is not None
    except ImportError:
        found = False
    if not found:
        return None, "report skipped: cnnlab.report.build is not available"
    from cnnlab.report.build import write_report  # type: ignore[import-not-found]

    try:
        return Path(write_report(store, experiment, out_dir, band=band)), None
    except CnnlabError as e:
        return None, f"report not written: {e}"
    except Exception as e:  # the results are stored: a report bug must not fail the sweep
        if os.environ.get("CNNLAB_DEBUG"):
            raise
        return None, (f"report not written: internal error: {type(e).__name__}: {e} "
                      f"(`cnnlab report {experiment}` retries)")


def run(
    spec_path: Path = typer.Argument(..., metavar="SPEC", help="The experiment's TOML file."),
    set_: list[str] | None = typer.Option(None, "--set", metavar="KEY=VALUE",
                                          help="Override a setting (TOML value): epochs=1, lr=0.01, "
                                               "sweep.lr=[0.1,0.01], repeats=1. Repeatable."),
    subset: int | None = config_option("subset", unset="the spec's"),
    only: list[str] | None = typer.Option(None, "--only", metavar="KEY=VALUE",
                                          help="Run only the configurations with this setting (repeatable: all "
                                               "must hold), e.g. --only model=keras_bn --only epochs=5."),
    executor: Executor | None = typer.Option(
        None, "--executor", help="Where runs train. [default: the spec's, else auto]"),
    address: str | None = typer.Option(None, "--address", metavar="HOST:PORT",
                                       help="The Ray cluster for --executor ray ('auto': the one this machine "
                                            "belongs to). [default: the spec's, else a local Ray runtime]"),
    store_dir: Path = store_option(),
    json_out: bool = json_option(),
    no_report: bool = typer.Option(False, "--no-report", help="Do not write the HTML report at the end."),
    max_runs: int = typer.Option(MAX_RUNS, "--max-runs", min=1, help="Refuse a grid of more runs than this."),
    trust_code: bool = trust_code_option("(For the report's figures.)"),
    band: Band | None = band_option(),
    track: list[str] | None = typer.Option(None, "--track", metavar="TRACKER[:WHERE]", help=TRACK_HELP),
) -> None:
    """Run an experiment spec: every configuration of its grid times its repeats; finished runs are kept,
    interrupted ones resume."""
    from cnnlab.experiments.runner import preflight

    targets = parse_targets(track)  # a bad --track fails before anything is made
    spec = _spec_to_run(spec_path, set_ or [], subset, max_runs, only or [], address, executor)
    for model in preflight(spec, spec.expand()):  # a missing data set or a model that does not fit: before the store
        err.print(layout_note(model), markup=False)
    store = Store.open(store_dir, create=True)
    started = time.perf_counter()
    outcome = _train(spec, store, executor, spec_path, json_out, targets)
    report = None if no_report else _report_after_run(store, spec.name, trust_code, band)
    if outcome.search is not None:  # a [search] spec: its trials, best trial and importances
        _show_search(store, spec.name, json_out, report, outcome.executor, time.perf_counter() - started)
        store.close()
        failed = sum(r["status"] == "failed" for r in outcome.runs)
        if failed:
            err.print(f"error: {failed} of {len(outcome.runs)} trials failed (see `cnnlab runs {spec.name}`)")
            raise typer.Exit(1)
        return
    groups = summarize(outcome.runs)
    checks = check_all(groups, spec.expect, store.epoch_curves)
    if json_out:
        emit_json(_run_json(spec, store, outcome, report, groups, checks))
    else:
        _show_run(spec, store, outcome, report, groups, checks, time.perf_counter() - started)
    store.close()
    failed = sum(r["status"] == "failed" for r in outcome.runs)
    if failed:
        err.print(f"error: {failed} of {len(outcome.runs)} runs failed (see `cnnlab runs {spec.name}`)")
        raise typer.Exit(1)


def _spec_to_run(spec_path: Path, set_: list[str], subset: int | None, max_runs: int, only: list[str],
                 address: str | None, executor: str | None) -> ExperimentSpec:
    """The spec as this command runs it: overridden, narrowed by --only, its Ray address checked."""
    spec = restrict(load_spec(spec_path, set_, subset, max_runs), only)
    if spec.search is not None:  # without Optuna: one line naming the extra, before anything is made
        from cnnlab.experiments.search import import_optuna

        import_optuna()
    if address is not None:
        spec = dataclasses.replace(spec, address=address)
    if (executor or spec.executor) == "ray" and spec.address:  # Ray itself would wait minutes for a dead address
        from cnnlab.experiments.ray_executor import check_reachable

        check_reachable(spec.address)
    return spec


def _train(spec: ExperimentSpec, store: Store, executor: str | None, spec_path: Path, json_out: bool,
           targets: list[Target] | None = None) -> Outcome:
    """Every pending run of the spec, with one progress display per plan on stderr (and live trackers)."""
    from cnnlab.experiments.runner import run_experiment

    views: list[SweepProgress] = []
    tracking: list = []  # live trackers (--track), one sink per plan

    def make_view(plan: Plan) -> RunSink:
        labels = {run.run_id: p.label for p, run in plan.items}
        views.append(SweepProgress(len(plan.pending), labels))
        if not targets:
            return views[-1]
        from cnnlab.experiments.live import TrackingSink
        from cnnlab.experiments.sink import FanOut

        tracking.append(TrackingSink(targets, spec.name, labels, err.print))
        for target in targets:
            err.print(f"tracking: {target.how_to_look}")
        return FanOut(views[-1], tracking[-1])

    try:
        # with --json, stdout is for the one JSON object: anything an executor prints goes to stderr
        with contextlib.redirect_stdout(sys.stderr) if json_out else contextlib.nullcontext():
            return run_experiment(spec, store, executor, make_view, err.print, spec_path)
    finally:
        for v in views:
            v.stop()
        for t in tracking:
            t.close()


def _report_after_run(store: Store, experiment: str, trust_code: bool, band: str | None) -> Path | None:
    """The experiment's HTML report in its default place; a note on stderr when it could not be written."""
    from cnnlab.store.checkpoint import code_trusted

    with code_trusted(trust_code):
        report, note = _write_report(store, experiment, default_out(store.root, experiment), band)
    if note:
        err.print(note)
    return report


def _run_json(spec: ExperimentSpec, store: Store, outcome: Outcome, report: Path | None,
              groups: list[ConfigResult], checks: dict[str, list[Check]]) -> dict[str, Any]:
    return {
        "experiment": spec.name,
        "report": str(report) if report else None,
        "store": str(store.path),
        "executor": outcome.executor,
        "runs": [{k: r[k] for k in ("run_id", "label", "config", "seed", "status", "message", "test_accuracy",
                                    "best_test_accuracy", "epochs", "wall_seconds", "error")}
                 for r in outcome.runs],
        "configurations": configurations_json(groups, checks),
    }


def _show_run(spec: ExperimentSpec, store: Store, outcome: Outcome, report: Path | None,
              groups: list[ConfigResult], checks: dict[str, list[Check]], seconds: float) -> None:
    """The results table, the best configuration, the statistics and where everything is."""
    show(results_table(groups, f"{spec.name}: {len(outcome.runs)} runs ({outcome.trained} trained now, "
                               f"{seconds:.0f}s, {outcome.executor})", checks))
    best = next((g for g in groups if g.best), None)
    if best is not None:
        show(f"best configuration: {best.label} (final test accuracy {_pm(best.test_accuracy)})")
    show_statistics(groups, checks, spec.baseline)
    show(f"store: {store.path}" + (f"  report: {report}" if report else ""))


def _show_search(store: Store, experiment: str, json_out: bool, report: Path | None, executor: str | None,
                 seconds: float | None) -> bool:
    """A `[search]` experiment's trials, best trial and importances (False: not a search)."""
    from cnnlab.cli.search import summary_lines, trials_table
    from cnnlab.experiments.search_results import summarize_search

    summary = summarize_search(store, experiment)
    if summary is None:
        return False
    if json_out:
        emit_json({**summary.as_dict(), "report": str(report) if report else None, "store": str(store.path),
                   "executor": executor, "runs": store.runs(experiment)})
        return True
    title = f"{experiment}: {len(summary.trials)} trials" + (
        f" ({seconds:.0f}s, {executor})" if seconds is not None else f" ({store.path})")
    show(trials_table(summary, title))
    for line in summary_lines(summary):
        show(line)
    if seconds is not None:
        show(f"store: {store.path}" + (f"  report: {report}" if report else ""))
    return True


def runs(
    experiment: str | None = typer.Argument(None, help="Show this experiment's runs (default: list experiments)."),
    store_dir: Path = store_option(),
    all_runs: bool = typer.Option(False, "--all", help="Every run ever made for the experiment, not only the "
                                                        "latest plan's."),
    json_out: bool = json_option("JSON"),
) -> None:
    """List the experiments in the results store, or one experiment's runs."""
    with Store.open(store_dir, create=False) as store:
        if experiment is None:
            rows = store.experiments()
            if json_out:
                emit_json(rows)
                return
            table = Table(title=str(store.path), title_justify="left", box=box.SIMPLE_HEAD)
            for col in ("experiment", "runs", "finished", "diverged", "failed", "updated", "description"):
                table.add_column(col)
            for r in rows:
                table.add_row(r["name"], str(r["runs"]), str(r["finished"]), str(r["diverged"]), str(r["failed"]),
                              r["updated"], r["description"] or "")
            show(table)
            return
        if not json_out and _show_search(store, experiment, False, None, None, None):
            return
        extras = spec_extras(store.experiment(experiment).get("spec_toml"))
        rows = store.runs(experiment, all_runs=all_runs)
        if json_out:
            emit_json(rows)
            return
        groups = summarize(rows)
        checks = check_all(groups, extras.expect, store.epoch_curves)
        verdicts = {r["run_id"]: (main_check(checks.get(g.key, [])) or None) for g in groups for r in g.runs}
        table = Table(title=f"{experiment} ({store.path})", title_justify="left", box=box.SIMPLE_HEAD)
        for col in ("run", "configuration", "seed", "status", "epochs", "test acc", "best", "wall", "verdict",
                    "message"):
            table.add_column(col)
        for r in rows:
            wall = "—" if r["wall_seconds"] is None else f"{r['wall_seconds']:.1f}s"
            main = verdicts.get(r["run_id"])
            table.add_row(r["run_id"], r["label"], str(r["seed"]), r["status"], str(r["epochs"]),
                          percent(r["test_accuracy"]), percent(r["best_test_accuracy"]), wall,
                          main.verdict if main else "",
                          r["error"] or (r["message"] if r["status"] != "finished" else ""))
        show(table)
        show(results_table(groups, "by configuration", checks))
        show_statistics(groups, checks, extras.baseline)


def export(
    experiment: str = typer.Argument(..., help="The experiment to export."),
    fmt: Literal["json", "csv", "tensorboard", "mlflow"] = typer.Option(
        "json", "--format", help="json (records with curves and first-layer weights), csv (long form), "
                                 "tensorboard (a run folder per run) or mlflow (a run per run, nested)."),
    out_file: str | None = typer.Option(None, "--out", "-o", help="json/csv: write here instead of stdout; "
                                        "tensorboard: the log folder [default: tb-runs]; mlflow: a tracking URI "
                                        "(sqlite:///mlflow.db, http://127.0.0.1:5000) or a folder [default: "
                                        "sqlite:///mlflow.db with MLflow 3, ./mlruns with MLflow 2]."),
    store_dir: Path = store_option(),
    trust_code: bool = trust_code_option(),
) -> None:
    """Export an experiment's metrics and curves: JSON or CSV (seed 003's per-run records), or to TensorBoard
    or MLflow (`pip install 'cnnlab[trackers]'`)."""
    from cnnlab.cli.progress import Phases
    from cnnlab.experiments.export import export_csv, export_json
    from cnnlab.store.checkpoint import code_trusted

    if fmt in ("tensorboard", "mlflow"):
        from cnnlab.experiments import trackers

        with Store.open(store_dir, create=False) as store, Phases("cnnlab export") as progress:
            if fmt == "tensorboard":
                target = Path(out_file or "tb-runs").expanduser()
                progress("loading TensorBoard")
                written = trackers.export_tensorboard(store, experiment, target, progress)
                done = (f"wrote {len(written)} TensorBoard runs to {target / experiment} "
                        f"(tensorboard --logdir {target})")
            else:
                uri, parent, children = trackers.export_mlflow(store, experiment, out_file, progress)
                done = (f"logged {len(children)} MLflow runs under parent run {parent} to {uri} "
                        f"({ui_command(uri)})")
        err.print(done)  # after the phase line is cleared
        return
    with Store.open(store_dir, create=False) as store, code_trusted(trust_code), Phases("cnnlab export") as progress:
        progress(f"reading {experiment}'s runs, curves and first-layer weights")
        text = export_csv(store, experiment) if fmt == "csv" else json.dumps(
            export_json(store, experiment), indent=1, allow_nan=False) + "\n"
    if out_file is None:
        typer.echo(text, nl=False)
    else:
        path = Path(out_file).expanduser()
        if path.is_dir():
            raise CnnlabError(f"--out {path}: is a folder (give a file name)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise CnnlabError(f"cannot write {path}: {e.strerror or e}") from None
        atomic_write_bytes(path, text.encode("utf-8"))  # a full disk leaves the old file (or none), never 0 bytes
        err.print(f"wrote {path}")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("runs")(runs)
    app.command("export")(export)
