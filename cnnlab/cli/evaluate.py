"""`cnnlab test` and `cnnlab predict`: use a saved checkpoint, nothing else."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from cnnlab.cli.common import device_option, emit_json, json_option, out, percent, trust_code_option
from cnnlab.errors import CnnlabError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


def test(
    checkpoint: Path = typer.Argument(..., help="Checkpoint folder (or its model.json / model.safetensors)."),
    data_dir: Path | None = typer.Option(None, "--data-dir", help="Where the data set's files live, if not bundled."),
    device: str = device_option(),
    json_out: bool = json_option(),
    trust_code: bool = trust_code_option(),
) -> None:
    """Evaluate a checkpoint on its data set's test split."""
    from cnnlab.cli.progress import Phases
    from cnnlab.config import make_config
    from cnnlab.data.datasets import load_dataset, normalise
    from cnnlab.models.pool_first import pool_first
    from cnnlab.store.checkpoint import load_checkpoint
    from cnnlab.training.eager import cpu_layout
    from cnnlab.training.loop import resolve_device
    from cnnlab.training.metrics import evaluate

    with Phases("cnnlab test") as progress:
        progress(f"loading {checkpoint}")
        dev = resolve_device(device)
        model, meta = load_checkpoint(checkpoint, dev, trust_code=trust_code)
        cpu_layout(model, tuple(meta["model"]["input_shape"]))  # as training evaluates: the same sums, 1.9x faster
        settings = {k: meta["config"][k] for k in ("dataset", "data_dir", "grayscale", "labels") if k in meta["config"]}
        if data_dir is not None:
            settings["data_dir"] = str(data_dir)
        progress(f"loading the {settings.get('dataset', 'mnist')} data set")
        dataset = load_dataset(make_config(settings))
        if list(dataset.classes) != list(meta["model"]["classes"]) or dataset.input_shape != tuple(
            meta["model"]["input_shape"]
        ):
            raise CnnlabError(f"{checkpoint}: the checkpoint's classes/input shape do not match data set "
                              f"{dataset.name!r}")
        progress(f"evaluating {len(dataset.test.labels):,} test images")
        x = normalise(dataset.test.images.to(dev), tuple(meta["data"]["mean"]), tuple(meta["data"]["std"]))
        y = dataset.test.labels.to(dev)
        loss, acc = evaluate(pool_first(model), x, y)  # training's view: the same values, activations on 1/4
    result = {
        "accuracy": acc,
        "loss": loss,
        "correct": round(acc * len(y)),
        "total": len(y),
        "dataset": dataset.name,
        "checkpoint": str(checkpoint),
    }
    if json_out:
        emit_json(result)
    else:
        out.print(f"test loss {loss:.4f}  accuracy {percent(acc)} ({result['correct']}/{len(y)}) on {dataset.name}")


def _image_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        try:
            found = sorted(f for f in p.iterdir() if f.suffix.lower() in IMAGE_SUFFIXES and f.is_file())
        except NotADirectoryError:
            found = [p]
        except OSError:  # missing or unreadable: reported as an error for that path
            found = []
        files.extend(found or [p])  # an empty folder is reported as an error for that path
    return files


def predict(
    checkpoint: Path = typer.Argument(..., help="Checkpoint folder (or its model.json / model.safetensors)."),
    images: list[Path] = typer.Argument(..., readable=False, help="Image files (PNG/JPEG/...) or folders of them."),
    device: str = device_option(),
    json_out: bool = json_option("a JSON list of {file, label, confidence} objects"),
    trust_code: bool = trust_code_option(),
) -> None:
    """Classify your own images (digits are prepared the MNIST way: cropped, fitted to 20x20, centred)."""
    from cnnlab.data.preprocess import load_image
    from cnnlab.inspection.predict import predict_image
    from cnnlab.store.checkpoint import load_checkpoint
    from cnnlab.training.loop import resolve_device

    model, meta = load_checkpoint(checkpoint, resolve_device(device), trust_code=trust_code)
    results, failed = [], 0
    for f in _image_files(images):
        try:
            if f.is_dir():
                readable = os.access(f, os.R_OK | os.X_OK)
                raise CnnlabError(f"{f}: folder {'contains no image files' if readable else 'cannot be read'}")
            p = predict_image(model, meta, load_image(f))
            results.append(
                {
                    "file": str(f),
                    "label": p.label,
                    "confidence": p.confidence,
                    "probabilities": dict(zip(meta["model"]["classes"], p.probabilities, strict=False)),
                }
            )
            if not json_out:
                out.print(f"{f}: {p.label} ({percent(p.confidence)})")
        except CnnlabError as e:
            failed += 1
            results.append({"file": str(f), "error": str(e)})
            print(f"error: {e}", file=sys.stderr)
    if json_out:
        emit_json(results)
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(test)
    app.command()(predict)
