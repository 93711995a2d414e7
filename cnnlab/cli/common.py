"""What every command shares: the consoles, JSON output, and the options generated from TrainConfig."""

from __future__ import annotations

import functools
import inspect
import io
import json
import operator
import sys
import types
import typing
from typing import Any, Literal, TextIO

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from rich.console import Console

from cnnlab.config import TrainConfig
from cnnlab.store.atomic import json_safe
from cnnlab.store.db import DEFAULT_DIR

# Output that is not a terminal (a log, a pipe, CI) gets plain lines: never wrapped, no colour codes.
PLAIN_WIDTH = 100_000


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class PlainLines(io.TextIOBase):
    """The file a console writes to when its stream is not a terminal: lines with trailing blanks stripped and
    blank lines (a table's empty edges) dropped, so that every line of a log says something."""

    def __init__(self, stderr: bool) -> None:
        self.stderr = stderr
        self._partial = ""

    @property
    def target(self) -> TextIO:
        return sys.stderr if self.stderr else sys.stdout  # looked up per write: follows redirections

    def write(self, text: str) -> int:
        *lines, self._partial = (self._partial + text).split("\n")
        kept = [line.rstrip() for line in lines if line.strip()]
        if kept:
            self.target.write("\n".join(kept) + "\n")
        return len(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return False


def _console(stderr: bool) -> Console:
    if is_terminal(sys.stderr if stderr else sys.stdout):
        return Console(stderr=stderr, highlight=False)
    return Console(file=PlainLines(stderr), highlight=False, soft_wrap=True, width=PLAIN_WIDTH, color_system=None)


err = _console(stderr=True)
out = _console(stderr=False)


def layout_note(model: str | None = None) -> str:
    """What a user is told when their net trains channels-first on a CPU (`train`: this net; a sweep: by name)."""
    who = "this net's forward" if model is None else f"model {model!r}: its forward"
    return (f"note: {who} cannot take channels-last activations (a flatten by x.view?), so it trains in its own "
            "layout, about 1.3x slower on a CPU; torch.flatten(x, 1) in place of the view lets it run channels-last")


def emit_json(obj: Any) -> None:
    """The one JSON document a `--json` command prints on stdout."""
    sys.stdout.write(json.dumps(json_safe(obj), indent=2) + "\n")
    sys.stdout.flush()


def percent(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.2f}%"


# -- options generated from a config model -------------------------------------------------------------
SHORT = {"model": "-m", "dataset": "-d", "epochs": "-e", "batch_size": "-b"}  # kept from the hand-written CLI
METAVAR = {"early_stop": "PATIENCE", "subset": "N"}


def _presets(incomplete: str) -> list[str]:
    """Shell completion of --model: the preset names (`cnnlab models`)."""
    from cnnlab.models.presets import PRESETS

    return [name for name in PRESETS if name.startswith(incomplete)]


COMPLETIONS = {"model": _presets}


def _strip_none(annotation: Any) -> tuple[Any, bool]:
    """`X | None` -> (X, True); anything else -> (annotation, False)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) < len(typing.get_args(annotation)):
            return functools.reduce(operator.or_, args), True
    return annotation, False


def option_kind(field: FieldInfo) -> str:
    """How a field is given on the command line: "flag", "list" (comma-separated), "plain" (typer converts),
    or "toml" (anything else, written as a TOML value like `--set`)."""
    annotation, _ = _strip_none(field.annotation)
    if annotation is bool:
        return "flag"
    if typing.get_origin(annotation) in (list, tuple, set, frozenset):
        return "list"
    if annotation in (str, int, float):
        return "plain"
    if typing.get_origin(annotation) is Literal and all(isinstance(a, str) for a in typing.get_args(annotation)):
        return "plain"
    return "toml"


def _default_text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(map(str, value)) or "none"
    return str(value)


def config_option(name: str, model: type[BaseModel] = TrainConfig, unset: str | None = None,
                  panel: bool = False) -> Any:
    """The typer Option of one config field: its flag name (`batch_size` -> `--batch-size`), default and
    description. A command that takes a training setting declares it with this; pair it with the field's own
    type (a `Literal` alias from `cnnlab.config` gives the choices), as `config_options` does. `unset`: what
    --help says is used when the flag is not given, where that is not the field's default. `panel`: group it
    in --help under the panel its field's metadata names (`cnnlab train`'s panels)."""
    field = model.model_fields[name]
    kind = option_kind(field)
    default = field.get_default(call_default_factory=True)
    flag = "--" + name.replace("_", "-")
    decls = [f"{flag}/--no-{flag[2:]}" if kind == "flag" else flag, *([SHORT[name]] if name in SHORT else [])]
    cli_default = default if kind in ("plain", "flag") else None
    show = unset or (True if cli_default is not None else _default_text(default))
    metavar = METAVAR.get(name) or ("A,B,..." if kind == "list" else None)
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return typer.Option(cli_default, *decls, help=field.description or name, show_default=show, metavar=metavar,
                        rich_help_panel=extra.get("panel") if panel else None, autocompletion=COMPLETIONS.get(name))


def config_options(model: type[BaseModel] = TrainConfig) -> list[inspect.Parameter]:
    """One keyword parameter per field of `model`, each a typer Option with the field's flag name, type,
    choices, default and description: the `train` command's signature is built from these."""
    params = []
    for name, field in model.model_fields.items():
        kind = option_kind(field)
        annotation = field.annotation if kind == "plain" else (bool if kind == "flag" else str | None)
        option = config_option(name, model, panel=True)
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=annotation))
    return params


def given_settings(ctx: typer.Context, values: dict[str, Any], model: type[BaseModel] = TrainConfig) -> dict[str, Any]:
    """The settings the user typed (not the defaults shown in --help), as values for the config model."""
    from cnnlab.experiments.spec import parse_toml_value  # the `--set` syntax, for types typer cannot parse

    given = {}
    for name, field in model.model_fields.items():
        source = ctx.get_parameter_source(name)
        if source is None or source.name not in ("COMMANDLINE", "ENVIRONMENT", "PROMPT") or name not in values:
            continue
        value, kind = values[name], option_kind(field)
        if kind == "list":  # each item typed as in TOML (10,15: numbers), so the strict config takes them
            value = [parse_toml_value(v.strip()) for v in value.split(",") if v.strip()]
        elif kind == "toml":
            value = parse_toml_value(value)
        given[name] = value
    return given


# -- options several commands share, each declared once ------------------------------------------------
TRUST_CODE_HELP = ("Allow checkpoints whose model is Python code (module:Class): loading one imports and runs "
                   "that code. Only for checkpoints you trust.")
STORE_HELP = "Project directory holding cnnlab.db and the run folders."


def json_option(what: str = "one JSON object", panel: str | None = None) -> Any:
    """`--json`: the command's result as JSON on stdout, and nothing else there (progress and notes go to stderr)."""
    return typer.Option(False, "--json", help=f"Print {what} on stdout (progress on stderr).", rich_help_panel=panel)


def trust_code_option(more: str = "") -> Any:
    """`--trust-code`: the one way to let a checkpoint's own Python code run."""
    return typer.Option(False, "--trust-code", help=TRUST_CODE_HELP + (f" {more}" if more else ""))


def device_option() -> Any:
    """`--device`, as `cnnlab train` has it (TrainConfig.device: auto picks a GPU if there is one)."""
    return config_option("device")


def band_option() -> Any:
    """`--band`: what the report's curve bands show (the spec's `band` unless given)."""
    return typer.Option(None, "--band", help="What the curves' bands show: std (± one standard deviation, as the "
                        "table), minmax or ci95 (95% CI of the mean). [default: the spec's band, else std]")


def store_option(more: str = "") -> Any:
    """`--store`: the results store's project directory (`cnnlab-runs` unless given)."""
    return typer.Option(DEFAULT_DIR, "--store", help=STORE_HELP + (f" {more}" if more else ""))
