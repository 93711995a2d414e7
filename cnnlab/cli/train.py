"""`cnnlab train`: one run, with a progress bar and a line per epoch."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Literal

import click
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from cnnlab.cli.common import default, emit_json, err, out, percent
from cnnlab.config import Activation, Init, Optimizer, Schedule, make_config
from cnnlab.errors import DivergedError
from cnnlab.store.atomic import ensure_writable_dir
from cnnlab.train.events import EpochRecord, Event, RunEnd, StepRecord
from cnnlab.train.recipes import RECIPES, apply_recipe
from cnnlab.train.session import train_run


def epoch_line(r: EpochRecord, epochs: int) -> str:
    val = f"  val loss {r.val_loss:.4f} acc {percent(r.val_accuracy)}" if r.val_loss is not None else ""
    return (
        f"epoch {r.epoch}/{epochs}  train loss {r.train_loss:.4f} acc {percent(r.train_accuracy)}{val}"
        f"  test loss {r.test_loss:.4f} acc {percent(r.test_accuracy)}  ({r.train_seconds:.1f}s)"
    )


class ProgressView:
    """Draws the run's events: a bar over each epoch's steps, then the epoch's line."""

    def __init__(self, epochs: int, lines_to_stderr: bool) -> None:
        self.epochs = epochs
        self.console = err if lines_to_stderr else out
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

    def __call__(self, event: Event) -> None:
        if isinstance(event, StepRecord):
            done = event.step - (event.epoch - 1) * event.steps_per_epoch
            if self.task is None:
                self.progress.start()
                self.task = self.progress.add_task("", total=event.steps_per_epoch, epoch=event.epoch, loss="")
            self.progress.update(self.task, completed=done, epoch=event.epoch, loss=f"{event.loss:.4f}")
        elif isinstance(event, (EpochRecord, RunEnd)):
            self.stop()
            if isinstance(event, EpochRecord):
                self.console.print(epoch_line(event, self.epochs))

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()
            self.progress.remove_task(self.task)
            self.task = None


def train(
    model: str | None = typer.Option(
        None,
        "--model",
        "-m",
        help=f"Preset (see `cnnlab models`), a layer spec in quotes, or module:Class. [default: {default('model')}]",
    ),
    dataset: str | None = typer.Option(
        None,
        "--dataset",
        "-d",
        help=f"mnist, cifar10, cifar100, or a folder of class folders. [default: {default('dataset')}]",
    ),
    data_dir: Path | None = typer.Option(None, "--data-dir", help="Where CIFAR files live (torchvision layout)."),
    download: bool = typer.Option(False, "--download", help="Download and verify missing CIFAR files."),
    grayscale: bool = typer.Option(False, "--grayscale", help="Use CIFAR as one luma channel."),
    labels: Literal["fine", "coarse"] | None = typer.Option(
        None, "--labels", help="CIFAR-100 label set. [default: fine]"
    ),
    subset: int | None = typer.Option(None, "--subset", help="Train on a stratified sample of N examples."),
    epochs: int | None = typer.Option(None, "--epochs", "-e", help=f"[default: {default('epochs')}]"),
    batch_size: int | None = typer.Option(None, "--batch-size", "-b", help=f"[default: {default('batch_size')}]"),
    optimizer: Optimizer | None = typer.Option(None, "--optimizer", help=f"[default: {default('optimizer')}]"),
    lr: float | None = typer.Option(None, "--lr", help=f"Learning rate. [default: {default('lr')}]"),
    momentum: float | None = typer.Option(None, "--momentum", help="SGD/RMSprop momentum. [default: 0]"),
    nesterov: bool = typer.Option(False, "--nesterov", help="Nesterov momentum (SGD)."),
    weight_decay: float | None = typer.Option(None, "--weight-decay", help="[default: 0]"),
    schedule: Schedule | None = typer.Option(None, "--schedule", help="Learning-rate schedule. [default: none]"),
    lr_step: int | None = typer.Option(
        None, "--lr-step", help=f"step schedule: epochs between decays. [default: {default('lr_step')}]"
    ),
    lr_gamma: float | None = typer.Option(None, "--lr-gamma", help=f"Decay factor. [default: {default('lr_gamma')}]"),
    lr_milestones: str | None = typer.Option(
        None, "--lr-milestones", help="multistep: comma-separated epochs, e.g. 10,15."
    ),
    dropout: float | None = typer.Option(
        None, "--dropout", help="Rate for every dropout layer. [default: the model's own]"
    ),
    activation: Activation | None = typer.Option(
        None, "--activation", help="Replace every activation. [default: the model's own]"
    ),
    init: Init | None = typer.Option(None, "--init", help="Weight initialisation. [default: default]"),
    val_split: float | None = typer.Option(
        None, "--val-split", help=f"Stratified validation fraction. [default: {default('val_split')}]"
    ),
    early_stop: int | None = typer.Option(
        None, "--early-stop", metavar="PATIENCE", help="Stop when validation loss has not improved for PATIENCE epochs."
    ),
    seed: int | None = typer.Option(None, "--seed", help="[default: 0]"),
    device: str | None = typer.Option(None, "--device", help="auto, cpu, cuda, cuda:N, mps. [default: auto]"),
    log_every: int | None = typer.Option(
        None, "--log-every", help=f"Steps between step records. [default: {default('log_every')}]"
    ),
    out_dir: Path | None = typer.Option(
        None, "--out", "-o", help="Checkpoint folder. [default: cnnlab-runs/train/MODEL-TIME]"
    ),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object on stdout (progress goes to stderr)."),
    recipe: str | None = typer.Option(
        None, "--recipe", help=f"Start from a named recipe ({', '.join(RECIPES)}); other flags override it."
    ),
) -> None:
    """Train a model (default: the seed 000 baseline CNN on the bundled MNIST) and save a checkpoint."""
    values = {k: v for k, v in locals().items() if v is not None and k not in ("out_dir", "json_out", "recipe")}
    for flag in ("download", "grayscale", "nesterov"):
        if not values[flag]:
            values.pop(flag)
    if "data_dir" in values:
        values["data_dir"] = str(values["data_dir"])
    if "lr_milestones" in values:
        try:
            values["lr_milestones"] = [int(m) for m in values["lr_milestones"].split(",") if m.strip()]
        except ValueError:
            raise click.BadParameter(
                "expected comma-separated epochs, e.g. 10,15", param_hint="--lr-milestones"
            ) from None
    config = apply_recipe(recipe, values) if recipe else make_config(values)
    slug = "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in config.model)[:40]
    out_path = out_dir or Path("cnnlab-runs") / "train" / f"{slug}-{time.strftime('%Y%m%d-%H%M%S')}"
    ensure_writable_dir(out_path, "--out")  # a bad --out fails now, not after the whole run has trained
    view = ProgressView(config.epochs, lines_to_stderr=json_out)
    try:
        result = train_run(config, out_path, view, keep_steps=False)
    finally:
        view.stop()
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
    else:
        out.print(
            f"{result.message}: test accuracy {percent(result.test_accuracy)} "
            f"in {result.wall_seconds:.1f}s; checkpoint {result.checkpoint}"
        )
    if result.status == "diverged":
        raise DivergedError(result.message)


def register(app: typer.Typer) -> None:
    app.command()(train)
