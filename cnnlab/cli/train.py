"""`cnnlab train`: one run, with a progress bar and a line per epoch. Its flags are generated from TrainConfig."""

from __future__ import annotations

import inspect
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from cnnlab.cli.common import (
    config_options,
    emit_json,
    err,
    given_settings,
    is_terminal,
    json_option,
    layout_note,
    out,
    percent,
)
from cnnlab.cli.progress import Phases
from cnnlab.config import make_config
from cnnlab.data import prefetch
from cnnlab.errors import DivergedError
from cnnlab.events import EpochRecord, Event, Phase, RunEnd, StepRecord, Watch
from cnnlab.experiments.targets import TRACK_HELP, parse_targets
from cnnlab.store.atomic import ensure_writable_dir
from cnnlab.store.db import DEFAULT_DIR
from cnnlab.training.recipes import RECIPES, apply_recipe

if TYPE_CHECKING:
    from rich.status import Status


def epoch_line(r: EpochRecord, epochs: int) -> str:
    val = f"  val loss {r.val_loss:.4f} acc {percent(r.val_accuracy)}" if r.val_loss is not None else ""
    return (
        f"epoch {r.epoch}/{epochs}  train loss {r.train_loss:.4f} acc {percent(r.train_accuracy)}{val}"
        f"  test loss {r.test_loss:.4f} acc {percent(r.test_accuracy)}  ({r.train_seconds:.1f}s)"
    )


def phase_line(p: Phase) -> str:
    return p.name if p.epoch is None else f"{p.name} (epoch {p.epoch})"


class ProgressView:
    """Draws the run's events. On a terminal: a bar over each epoch's steps and a transient status line for
    each phase (loading data, evaluating), then the epoch's line. Elsewhere (a log, a pipe): plain lines only,
    one per epoch and, on stderr, one per phase that lasts over `phase_delay` seconds, never a redraw (a run
    that fails at once prints its one error line and nothing else)."""

    def __init__(self, epochs: int, lines_to_stderr: bool, live: bool | None = None, phase_delay: float = 1.0) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.epochs = epochs
        self.console = err if lines_to_stderr else out
        self.live = is_terminal(err.file) if live is None else live
        self.progress = Progress(
            TextColumn("epoch {task.fields[epoch]}/" + str(epochs)),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        )
        self.task = None
        self.steps_per_epoch = 0
        self.status: Status | None = None
        self.phases = Phases("cnnlab train", err.file, phase_delay)

    def __call__(self, event: Event) -> None:
        if isinstance(event, Phase):
            self.stop()
            if self.live:
                self.status = err.status(phase_line(event))
                self.status.start()
            else:
                self.phases(phase_line(event))
        elif isinstance(event, Watch):  # training starts: the bar, at 0, replaces "loading data"
            self.steps_per_epoch = event.steps_per_epoch
            self.phases.end()
            if event.epoch == 0:
                from cnnlab.training.eager import kept_own_layout

                if kept_own_layout(event.model):
                    err.print(layout_note(), markup=False)
            if self.live and event.epoch < self.epochs:
                self._bar(event.epoch + 1, 0, "")
        elif isinstance(event, StepRecord):
            if not self.live:
                self.phases.end()
                return
            self.steps_per_epoch = event.steps_per_epoch
            self._bar(event.epoch, event.step - (event.epoch - 1) * event.steps_per_epoch, f"{event.loss:.4f}")
        elif isinstance(event, (EpochRecord, RunEnd)):
            self.stop()
            if isinstance(event, EpochRecord):
                self.console.print(epoch_line(event, self.epochs))
                if self.live and event.epoch < self.epochs:  # the next epoch's bar, until its first steps come
                    self._bar(event.epoch + 1, 0, "")

    def _bar(self, epoch: int, done: int, loss: str) -> None:
        """Show the step bar (the skeleton reports steps in blocks: it moves when each block comes)."""
        self._stop_status()
        if not self.steps_per_epoch:
            return
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("", total=self.steps_per_epoch, epoch=epoch, loss=loss or "—")
        self.progress.update(self.task, completed=done, epoch=epoch, loss=loss or "—")

    def _stop_status(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None

    def stop(self) -> None:
        self._stop_status()
        self.phases.end()
        if self.task is not None:
            self.progress.stop()
            self.progress.remove_task(self.task)
            self.task = None


def train(ctx: typer.Context, recipe: str | None, out_dir: Path | None, json_out: bool, track: list[str] | None,
          **settings: Any) -> None:
    """Train a model (default: the baseline CNN of seed 000, Adam 1e-3, batch 64, 10 epochs, on the bundled MNIST)
    and save a checkpoint. Every option is a TrainConfig setting; the same names work in TOML specs and --set."""
    targets = parse_targets(track)  # a bad --track fails before anything is made
    values = given_settings(ctx, settings)
    config = apply_recipe(recipe, values) if recipe else make_config(values)
    prefetch.start_for(config.dataset, config.data_dir)  # the data set's files, read while torch loads
    from cnnlab.training.session import train_run  # torch loads here, not for --help
    slug = "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in config.model)[:40]
    out_path = out_dir or DEFAULT_DIR / "train" / f"{slug}-{time.strftime('%Y%m%d-%H%M%S')}"
    ensure_writable_dir(out_path, "--out")  # a bad --out fails now, not after the whole run has trained
    from cnnlab.experiments.live import start_train_tracking

    live = start_train_tracking(targets, config, out_path, err.print)
    view = ProgressView(config.epochs, lines_to_stderr=json_out)
    status = "interrupted"
    try:
        result = train_run(config, out_path, view if live is None else live.after(view), keep_steps=False)
        status = result.status
    except Exception:
        status = "failed"
        raise
    finally:
        view.stop()
        if live is not None:
            live.close(status)
    summary = {
        "checkpoint": result.checkpoint,
        "status": result.status,
        "message": result.message,
        "epochs": result.epochs,
        "test_accuracy": result.test_accuracy,
        "test_loss": result.test_loss,
        "best_test_accuracy": result.best_test_accuracy,
        "val_accuracy": result.final.val_accuracy if result.final else None,
        "wall_seconds": round(result.wall_seconds, 3),
        "train_seconds": round(result.train_seconds, 3),
        "config": config.model_dump(),
    }
    if json_out:
        emit_json(summary)
    if result.status == "diverged":  # the reason is printed once, as the error line
        raise DivergedError(result.message)
    if not json_out:
        out.print(
            f"{result.message}: test accuracy {percent(result.test_accuracy)} "
            f"in {result.wall_seconds:.1f}s; checkpoint {result.checkpoint}"
        )


# Options that are not TrainConfig settings, declared by hand.
_OWN_OPTIONS = [
    inspect.Parameter(
        "recipe", inspect.Parameter.KEYWORD_ONLY, annotation=str | None,
        default=typer.Option(None, "--recipe", show_default="none", metavar="[" + "|".join(RECIPES) + "]",
                             autocompletion=lambda incomplete: [r for r in RECIPES if r.startswith(incomplete)],
                             rich_help_panel="Optimisation",
                             help=f"Start from a named recipe ({', '.join(RECIPES)}); options you give override it."),
    ),
    inspect.Parameter(
        "out_dir", inspect.Parameter.KEYWORD_ONLY, annotation=Path | None,
        default=typer.Option(None, "--out", "-o", show_default=f"{DEFAULT_DIR}/train/MODEL-TIME",
                             rich_help_panel="Run and output",
                             help="Checkpoint folder (created; an interrupted run in it is resumed)."),
    ),
    inspect.Parameter(
        "json_out", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
        default=json_option(panel="Run and output"),
    ),
    inspect.Parameter(
        "track", inspect.Parameter.KEYWORD_ONLY, annotation=list[str] | None,
        default=typer.Option(None, "--track", metavar="TRACKER[:WHERE]", help=TRACK_HELP,
                             rich_help_panel="Run and output"),
    ),
]


def _with_generated_signature(func: Any) -> Any:
    """Give `func` the signature typer reads: the context, every TrainConfig field, then the options above."""
    ctx = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    params = [ctx, *config_options(), *_OWN_OPTIONS]
    func.__signature__ = inspect.Signature(params)
    func.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
    return func


train = _with_generated_signature(train)


def register(app: typer.Typer) -> None:
    app.command()(train)
