"""`cnnlab explain`: why did the model decide? A heat map over each input, one PNG per image."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from cnnlab.cli.common import device_option, emit_json, json_option, out, trust_code_option
from cnnlab.errors import CnnlabError, unknown_choice
from cnnlab.explain.methods import BASELINE_HELP, BASELINES, METHOD_HELP, METHODS

if TYPE_CHECKING:
    import numpy as np

    from cnnlab.explain import Explanation


def _choices(values: tuple[str, ...]):  # noqa: ANN202 - shell completion of a choice
    return lambda incomplete: [v for v in values if v.startswith(incomplete)]


def _stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def explain(
    checkpoint: Path = typer.Argument(..., help="Checkpoint folder (or its model.json / model.safetensors)."),
    images: list[Path] | None = typer.Argument(None, help="Image files (PNG/JPEG/...) or folders; or use --index."),
    out_dir: Path = typer.Option(..., "--out", help="Folder for the figures (created if missing)."),
    method: str = typer.Option("saliency", "--method", metavar="[" + "|".join(METHODS) + "]", help=METHOD_HELP,
                               autocompletion=_choices(METHODS)),
    target: str | None = typer.Option(
        None, "--target", help="Explain this class, by its label (default: the predicted class)."
    ),
    layer: str | None = typer.Option(None, "--layer", help="Grad-CAM's layer, named as `cnnlab summary` shows it."),
    index: list[int] | None = typer.Option(None, "--index", help="Test-set image N of the checkpoint's data set."),
    device: str = device_option(),
    json_out: bool = json_option("one JSON list (prediction, target, file per image)"),
    signed: bool = typer.Option(False, "--signed", help="gradcam: the signed weighted map (blue: against the class) "
                                                        "instead of its ReLU, Grad-CAM as its authors define it."),
    baseline: str = typer.Option("background", "--baseline", metavar="[" + "|".join(BASELINES) + "]",
                                 help=BASELINE_HELP, autocompletion=_choices(BASELINES)),
    format: str = typer.Option("png", "--format", help="Figure format: png, svg or pdf."),
    dpi: int = typer.Option(100, "--dpi", help="Resolution of PNG figures (and of images inside SVG/PDF)."),
    trust_code: bool = trust_code_option(),
) -> None:
    """Which pixels drove the decision: the prepared input, predicted and target class, and a signed heat map
    (red = evidence for the class, blue = against), through Captum."""
    import numpy as np
    import torch

    from cnnlab.cli.progress import Phases
    from cnnlab.cli.report import check_figure_options
    from cnnlab.explain import explain as attribute
    from cnnlab.inspection.predict import normalised
    from cnnlab.store.checkpoint import load_checkpoint
    from cnnlab.training.loop import resolve_device

    _check_request(method, images, index, out_dir)
    if baseline not in BASELINES:
        raise unknown_choice("baseline", baseline, BASELINES)
    check_figure_options(format, dpi)
    with Phases("cnnlab explain") as progress:
        progress(f"loading {checkpoint}")
        dev = resolve_device(device)
        model, meta = load_checkpoint(checkpoint, dev, trust_code=trust_code)
        classes = [str(c) for c in meta["model"]["classes"]]
        target_index = _target_index(target, classes)
        progress("preparing the images")
        names, prepared, truths = _prepare_inputs(images or [], index or [], meta)
        x = torch.cat([normalised(p, meta, dev) for p in prepared])
        progress(f"computing {method} for {len(names)} image{'s' if len(names) != 1 else ''}")
        e = attribute(model, x, method, target_index, layer, classes=classes, images=np.stack(prepared),
                      signed=signed, baseline=baseline)
        results = _write_explanations(e, names, truths, classes, method, out_dir, (format, dpi), progress)
    if not json_out:
        for r in results:
            out.print(f"{r['seen']}: predicted {r['predicted']} ({100 * r['confidence']:.1f}%), explained "
                      f"{r['target']} -> {r['file']}", soft_wrap=True, markup=False, highlight=False)
    for r in results:
        del r["seen"]
    if json_out:
        emit_json(results)


def _check_request(method: str, images: list[Path] | None, index: list[int] | None, out_dir: Path) -> None:
    """One-line errors for what can be told wrong before the checkpoint is loaded."""
    if method not in METHODS:
        raise unknown_choice("method", method, METHODS)
    if not images and not index:
        raise CnnlabError("give IMAGE files or folders, or --index N (test-set images)")
    if out_dir.exists() and not out_dir.is_dir():
        raise CnnlabError(f"--out {out_dir} exists and is not a folder")


def _target_index(target: str | None, classes: list[str]) -> int | None:
    """`--target LABEL` as a class index; None: explain each image's predicted class."""
    if target is None:
        return None
    if target not in classes:
        raise unknown_choice("target class", target, classes)
    return classes.index(target)


def _prepare_inputs(images: list[Path], index: list[int], meta: dict[str, Any]
                    ) -> tuple[list[str], list[np.ndarray], list[Any]]:
    """(name, model input, true label or None) of every image file and test-set index, in that order."""
    from cnnlab.cli.evaluate import _image_files
    from cnnlab.data.preprocess import load_image
    from cnnlab.inspection.predict import model_input
    from cnnlab.inspection.samples import test_image

    names, prepared, truths = [], [], []
    for f in _image_files(list(images)):
        if f.is_dir():
            raise CnnlabError(f"{f}: folder contains no image files")
        names.append(f.name)
        prepared.append(model_input(load_image(f), meta))
        truths.append(None)
    for i in index:
        x, truth = test_image(meta, i)
        names.append(f"test-{i}")
        prepared.append(x)
        truths.append(truth)
    return names, prepared, truths


def _write_explanations(e: Explanation, names: list[str], truths: list[Any], classes: list[str], method: str,
                        out_dir: Path, figure: tuple[str, int], progress: Any) -> list[dict[str, Any]]:
    """One figure per image (`figure`: format and dpi); the JSON record of each, with `seen`, its name as shown."""
    from cnnlab.report.figures import figure_bytes
    from cnnlab.store.atomic import atomic_write_bytes

    format, dpi = figure
    results = []
    for i, name in enumerate(names):
        seen = f"{name} (label {truths[i]})" if truths[i] is not None else name
        path = out_dir / f"{_stem(Path(name).stem)}-{method}.{format}"
        progress(f"drawing figure {i + 1}/{len(names)}")
        atomic_write_bytes(path, figure_bytes(e.figure(i, titles=[seen]), format, dpi))  # nothing half-written
        p, t = int(e.predicted[i]), int(e.target[i])
        results.append(
            {
                "image": name,
                "label": truths[i],
                "predicted": classes[p],
                "confidence": float(e.probabilities[i, p]),
                "target": classes[t],
                "target_probability": float(e.probabilities[i, t]),
                "method": method,
                "layer": e.layer,
                "signed": e.signed,
                "baseline": e.baseline,
                "file": str(path),
                "seen": seen,
            }
        )
    return results


def register(app: typer.Typer) -> None:
    app.command()(explain)
