"""`cnnlab models` and `cnnlab summary`."""

from __future__ import annotations

from pathlib import Path

import typer

from cnnlab.cli.common import config_option, emit_json, json_option, out, trust_code_option
from cnnlab.config import Activation
from cnnlab.errors import CnnlabError
from cnnlab.models import PRESETS, resolve_spec
from cnnlab.models.presets import default_input
from cnnlab.models.shapes import plan_net
from cnnlab.models.spec import parse_spec


def models(json_out: bool = json_option("a JSON list")) -> None:
    """List the model presets (every architecture of the seed reports)."""
    rows = []
    for name, p in PRESETS.items():
        spec = resolve_spec(name)
        params = plan_net(parse_spec(spec), p.input_shape, p.classes).params  # as `summary` counts, without torch
        rows.append({"name": name, "params": params, "dataset": p.dataset, "about": p.about, "spec": spec})
    if json_out:
        emit_json(rows)
        return
    for r in rows:
        out.print(f"{r['name']:<16} {r['params']:>10,} params  {r['dataset']:<9} {r['about']}")


def _shape(text: str) -> tuple[int, ...]:
    from cnnlab.store.checkpoint import MAX_INPUT_SIDE

    try:
        shape = tuple(int(v) for v in text.replace("x", ",").split(","))
    except ValueError:
        shape = ()
    if len(shape) != 3 or min(shape) < 1 or shape[0] > 64 or max(shape[1:]) > MAX_INPUT_SIDE:
        raise CnnlabError(f"--input-shape must be C,H,W (e.g. 1,28,28; C <= 64, H, W <= {MAX_INPUT_SIDE}), "
                          f"got {text!r}")
    return shape


def _is_checkpoint(model: str) -> bool:
    """A folder, model.json or model.safetensors; a long layer spec is not a path (and may be too long for one)."""
    try:
        return Path(model).is_dir() or model.endswith((".json", ".safetensors"))
    except OSError:
        return False


def summary(
    model: str = typer.Argument(..., help="Preset, layer spec in quotes, module:Class, or a checkpoint folder."),
    input_shape: str | None = typer.Option(
        None, "--input-shape", help="C,H,W [default: the preset's own, else 1,28,28]"
    ),
    classes: int | None = typer.Option(
        None, "--classes", min=2, help="Number of classes [default: the preset's own, else 10]."
    ),
    activation: Activation | None = config_option("activation"),
    dropout: float | None = config_option("dropout"),
    json_out: bool = json_option(),
    trust_code: bool = trust_code_option(),
) -> None:
    """Each layer's output shape and parameters, total/trainable/non-trainable parameters and mult-adds."""
    from cnnlab.models import build_model
    from cnnlab.models.summary import summarize
    from cnnlab.store.checkpoint import load_checkpoint

    if _is_checkpoint(model):
        net, meta = load_checkpoint(Path(model), trust_code=trust_code)
        shape = tuple(meta["model"]["input_shape"])
    else:
        own_shape, own_classes = default_input(model)
        shape = _shape(input_shape) if input_shape else own_shape
        n = classes or own_classes
        net = build_model(model, shape, n, activation, dropout)
    s = summarize(net, shape)
    if json_out:
        emit_json({"model": model, "input_shape": list(shape), "spec": getattr(net, "spec", None), **s.to_dict()})
        return
    from rich.table import Table

    table = Table(title=f"{model}  input {'x'.join(map(str, shape))}", title_justify="left")
    for col, just in (
        ("layer", "left"),
        ("type", "left"),
        ("output shape", "left"),
        ("params", "right"),
        ("mult-adds", "right"),
    ):
        table.add_column(col, justify=just)
    for r in s.layers:
        table.add_row(r.name, r.kind, "x".join(map(str, r.output_shape)), f"{r.params:,}", f"{r.mult_adds:,}")
    out.print(table)
    out.print(
        f"total params: {s.total_params:,}\ntrainable params: {s.trainable_params:,}\n"
        f"non-trainable params: {s.non_trainable_params:,}\nmult-adds: {s.mult_adds:,}"
    )


def register(app: typer.Typer) -> None:
    app.command()(models)
    app.command()(summary)
