"""`cnnlab inspect`, `cnnlab weights`, `cnnlab conv-demo` and `cnnlab serve`: look inside models."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from cnnlab.cli.common import device_option, emit_json, err, json_option, out, store_option, trust_code_option
from cnnlab.errors import CnnlabError, unknown_choice

if TYPE_CHECKING:  # matplotlib loads only in the commands that draw (it costs every CLI start ~1 s)
    from matplotlib.figure import Figure

    from cnnlab.store.db import Store

CHECKPOINT_HELP = "Checkpoint folder (or its model.json / model.safetensors)."


def _say(text: str, console: Console = out) -> None:
    """Print plain text: no markup (paths may hold brackets), no hard wrapping (paths stay whole)."""
    console.print(text, soft_wrap=True, markup=False, highlight=False)


def image_path(path: Path, default_stem: str, format: str | None) -> Path:
    """Where a figure goes: an existing folder gets `default_stem.<format>` inside it; a file's suffix must be a
    figure format cnnlab writes (checked before any work is done)."""
    from cnnlab.report import FORMATS

    if path.is_dir():
        path = path / f"{default_stem}.{format or 'png'}"
    if path.suffix.lower().lstrip(".") not in FORMATS:
        raise CnnlabError(f"--out {path}: unknown figure format {path.suffix or '(no suffix)'!r} "
                          f"(choices: {', '.join('.' + f for f in FORMATS)})")
    return path


FORMAT_HELP = "Figure format: png, svg or pdf [default: the --out file's suffix, else png]."
DPI_HELP = "Resolution of PNG figures (and of images inside SVG/PDF)."


def _save(fig: Figure, path: Path, format: str = "png", dpi: int = 200) -> Path:
    """Write `fig` atomically (a reader never sees half a file)."""
    from cnnlab.report.figures import figure_bytes
    from cnnlab.store.atomic import atomic_write_bytes

    data = figure_bytes(fig, format, dpi)
    atomic_write_bytes(path, data)  # a failure (a full disk) is one line, and leaves no half-written file
    return path


def _figure_format(format: str | None, dpi: int, out_file: Path | None = None) -> str:
    """The format to save in: `--format`, else the --out file's suffix when it names one, else png."""
    from cnnlab.cli.report import check_figure_options
    from cnnlab.report import FORMATS

    suffix = out_file.suffix.lower().lstrip(".") if out_file is not None else ""
    chosen = format or (suffix if suffix in FORMATS else "png")
    check_figure_options(chosen, dpi)
    if format and suffix in FORMATS and suffix != format:
        raise CnnlabError(f"--out {out_file} does not match --format {format} (use a .{format} name)")
    return chosen


def _split(values: list[str] | None) -> list[str] | None:
    """`--layers conv1,pool1 --layers conv2` -> ['conv1', 'pool1', 'conv2']."""
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def inspect(
    checkpoint: Path = typer.Argument(..., help=CHECKPOINT_HELP),
    image: Path | None = typer.Argument(None, help="Your image file (PNG/JPEG/...); or use --index."),
    out_dir: Path = typer.Option(..., "--out", help="Folder for the PNGs (created if missing)."),
    layers: list[str] | None = typer.Option(None, "--layers", help="Layers to draw, e.g. conv1,pool1 [default: all]."),
    index: int | None = typer.Option(None, "--index", help="Use test-set image N of the checkpoint's data set."),
    max_tiles: int = typer.Option(64, "--max-tiles", min=1, help="Most channels drawn per layer."),
    device: str = device_option(),
    json_out: bool = json_option("one JSON object (prediction and files)"),
    format: str = typer.Option("png", "--format", help="Figure format: png, svg or pdf."),
    dpi: int = typer.Option(200, "--dpi", help=DPI_HELP),
    trust_code: bool = trust_code_option(),
) -> None:
    """Each layer's feature maps for one image: a figure per layer, the input as the network saw it, the
    probabilities."""
    format = _figure_format(format, dpi)
    from cnnlab.cli.progress import Phases
    from cnnlab.data.preprocess import load_image
    from cnnlab.inspection.figures import input_figure, layer_figure, probabilities_figure
    from cnnlab.inspection.one_pass import inspect_image, inspect_input
    from cnnlab.inspection.samples import test_image
    from cnnlab.store.checkpoint import load_checkpoint
    from cnnlab.training.loop import resolve_device

    if (image is None) == (index is None):
        raise CnnlabError("give either an IMAGE file or --index N (a test-set image), not both or neither")
    if out_dir.exists() and not out_dir.is_dir():
        raise CnnlabError(f"--out {out_dir} exists and is not a folder")
    with Phases("cnnlab inspect") as progress:
        progress(f"loading {checkpoint}")
        model, meta = load_checkpoint(checkpoint, resolve_device(device), trust_code=trust_code)
        truth = None
        if index is not None:
            progress(f"reading test image {index}")
            x, truth = test_image(meta, index)
            result = inspect_input(model, meta, x, _split(layers))
        else:
            result = inspect_image(model, meta, load_image(image), _split(layers))
        classes = meta["model"]["classes"]
        title = f"test image {index} (label {truth})" if index is not None else "input, as the network saw it"
        total = 2 + len(result.layers)
        progress(f"drawing figure 1/{total}: input")
        files = [_save(input_figure(result.model_input, title), out_dir / f"input.{format}", format, dpi)]
        progress(f"drawing figure 2/{total}: probabilities")
        files.append(_save(probabilities_figure(classes, result.probabilities), out_dir / f"probabilities.{format}",
                           format, dpi))
        for i, layer in enumerate(result.layers, start=1):
            progress(f"drawing figure {i + 2}/{total}: {layer.name}")
            fig = layer_figure(layer, result.model_input, classes, result.probabilities, max_tiles)
            files.append(_save(fig, out_dir / f"{i:02d}-{_safe_name(layer.name)}.{format}", format, dpi))
    confidence = result.probabilities[result.index]
    if json_out:
        emit_json(
            {
                "label": result.label,
                "confidence": confidence,
                "true_label": truth,
                "probabilities": dict(zip(classes, result.probabilities, strict=True)),
                "layers": [{"name": la.name, "shape": list(la.values.shape)} for la in result.layers],
                "files": [str(f) for f in files],
            }
        )
        return
    seen = f" (test label {truth})" if truth is not None else ""
    _say(f"prediction: {result.label} ({100 * confidence:.1f}%){seen}")
    _say(f"wrote {len(files)} figures to {out_dir}: " + ", ".join(f.name for f in files))


def _store(location: Path) -> Store:
    """Open the results store at a project folder or a .db file."""
    from cnnlab.store.db import DB_NAME, Store

    if location.is_file():
        return Store(location, create=False)
    if not (location / DB_NAME).is_file():
        raise CnnlabError(f"no results store at {location} (expected {location / DB_NAME})")
    return Store.open(location, create=False)


def _run_dir(store: Store, run_id: str) -> Path:
    try:
        run = store.run(run_id)
    except KeyError:
        run = None
    if not run:
        raise CnnlabError(f"unknown run {run_id!r} (see the runs of an experiment with 'cnnlab report')")
    if not run.get("run_dir"):
        raise CnnlabError(f"run {run_id!r} has no run folder (status {run.get('status')!r})")
    return Path(run["run_dir"])


def weights(
    checkpoints: list[Path] | None = typer.Argument(
        None, help="One checkpoint, or two to compare side by side. With --run: optionally the store folder."
    ),
    out_file: Path = typer.Option(..., "--out", help="Figure file to write (.png, .svg or .pdf)."),
    run: str | None = typer.Option(None, "--run", help="A run id from the store: its initial vs final weights."),
    initial: bool = typer.Option(False, "--initial", help="Compare with init.safetensors saved beside the checkpoint."),
    store: Path = store_option("Or its .db file."),
    max_tiles: int = typer.Option(256, "--max-tiles", min=1, help="Most filters drawn per grid."),
    format: str | None = typer.Option(None, "--format", help=FORMAT_HELP),
    dpi: int = typer.Option(200, "--dpi", help=DPI_HELP),
    trust_code: bool = trust_code_option(),
) -> None:
    """First-layer weights as a grid of images (conv filters, or an MLP's first layer in the input's shape)."""
    out_file = image_path(out_file, "weights", format)
    format = _figure_format(format, dpi, out_file)
    from cnnlab.cli.progress import Phases
    from cnnlab.inspection.weights import first_layer, initial_model, weights_figure
    from cnnlab.store.checkpoint import checkpoint_dir, load_checkpoint

    paths = list(checkpoints or [])
    if run is not None:
        if len(paths) > 1 or initial:
            raise CnnlabError("--run compares a run's initial and final weights: give no other checkpoint")
        paths = [_run_dir(_store(paths[0] if paths else store), run)]
        initial = True
    if not 1 <= len(paths) <= 2:
        raise CnnlabError("give one checkpoint, two checkpoints to compare, or --run RUN_ID")
    if initial and len(paths) == 2:
        raise CnnlabError("--initial compares one checkpoint with its own initial weights: give one checkpoint")

    panels = []
    with Phases("cnnlab weights") as progress:
        for path in paths:
            progress(f"loading {path}")
            model, meta = load_checkpoint(path, trust_code=trust_code)
            shape = tuple(meta["model"]["input_shape"])
            if initial:
                initial_layer = first_layer(initial_model(model, checkpoint_dir(path)), shape)
                panels.append(("initial (before training)", initial_layer))
                panels.append(("final (after training)", first_layer(model, shape)))
            else:
                panels.append((checkpoint_dir(path).name, first_layer(model, shape)))
        progress(f"drawing {out_file}")
        _save(weights_figure(panels, max_tiles), out_file, format, dpi)
    first = panels[0][1]
    _say(
        f"wrote {out_file} ({first.count} {first.name} {'filters' if first.kind == 'conv' else 'units'}"
        f"{', side by side' if len(panels) > 1 else ''})"
    )


def conv_demo(
    images: int = typer.Option(5, "--images", help="How many MNIST test digits (one per class: 0, 1, ...), 1-10."),
    out_file: Path | None = typer.Option(None, "--out", help="Figure file to write [default: conv-demo.FORMAT]."),
    kernels: str | None = typer.Option(None, "--kernels", help="Comma-separated kernel names [default: all]."),
    format: str | None = typer.Option(None, "--format", help=FORMAT_HELP),
    dpi: int = typer.Option(200, "--dpi", help=DPI_HELP),
) -> None:
    """What classic kernels do to digits, with the NumPy reference convolution: rows digits, columns kernels."""
    if out_file is not None:
        out_file = image_path(out_file, "conv-demo", format)
    format = _figure_format(format, dpi, out_file)
    out_file = out_file if out_file is not None else Path(f"conv-demo.{format}")
    from cnnlab.cli.progress import Phases
    from cnnlab.inspection.samples import mnist_examples
    from cnnlab.reference import DEFAULT_KERNELS, conv_demo_figure

    chosen = dict(DEFAULT_KERNELS)
    if kernels:
        names = [k.strip() for k in kernels.split(",") if k.strip()]
        for name in names:
            if name not in DEFAULT_KERNELS:
                raise unknown_choice("kernel", name, DEFAULT_KERNELS)
        chosen = {name: DEFAULT_KERNELS[name] for name in names}
    with Phases("cnnlab conv-demo") as progress:
        progress("reading MNIST test digits")
        digits, labels = mnist_examples(images)
        progress(f"convolving {len(labels)} digits with {len(chosen)} kernels and drawing {out_file}")
        fig = conv_demo_figure(digits, chosen, titles=[f"digit {d}" for d in labels])
        _save(fig, out_file, format, dpi)
    _say(f"wrote {out_file} ({len(labels)} digits x {len(chosen)} kernels)")


def serve(
    source: Path = typer.Argument(..., help="A checkpoint folder, a folder of checkpoints, or a store (cnnlab-runs)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback unless you mean otherwise)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    max_upload_mb: float = typer.Option(5.0, "--max-upload-mb", min=0.01, help="Largest upload accepted."),
    trust_code: bool = trust_code_option("Without it such checkpoints are not offered."),
) -> None:
    """A local web page: draw a digit and watch every layer respond; browse the store's experiments."""
    import torch

    from cnnlab.web.app import create_app
    from cnnlab.web.server import serve_app

    app = create_app(source, max_upload_bytes=int(max_upload_mb * 1024 * 1024), trust_code=trust_code)
    for problem in app.state.catalog.rejected.values():
        _say(f"warning: not offered: {problem}", err)
    _check_port(host, port)
    if not app.state.catalog.entries():
        _say(f"warning: no checkpoints or finished runs found at {source} yet", err)
    torch.set_num_threads(1)  # requests run in parallel threads: one core each beats oversubscription
    if host not in ("127.0.0.1", "localhost", "::1"):
        _say(f"warning: serving on {host}: anyone who can reach this address can use the page", err)
    shown = f"[{host}]" if ":" in host else host
    _say(f"cnnlab serve: http://{shown}:{port}/  (API docs at /docs; Ctrl-C to stop)", err)
    serve_app(app, host, port)


def _check_port(host: str, port: int) -> None:
    """Fail with one line now, rather than with uvicorn's log after start-up, if the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise CnnlabError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None


def register(app: typer.Typer) -> None:
    app.command()(inspect)
    app.command()(weights)
    app.command("conv-demo")(conv_demo)
    app.command()(serve)
