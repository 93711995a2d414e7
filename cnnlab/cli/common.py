"""What every command shares: the stderr console, JSON output, option help drawn from TrainConfig."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

from cnnlab.config import TrainConfig
from cnnlab.store.atomic import json_safe

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def emit_json(obj: Any) -> None:
    """The one JSON document a `--json` command prints on stdout."""
    sys.stdout.write(json.dumps(json_safe(obj), indent=2) + "\n")
    sys.stdout.flush()


def default(field: str) -> str:
    value = TrainConfig.model_fields[field].default
    return "none" if value is None else str(value)


def percent(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.2f}%"


TRUST_CODE_HELP = ("Allow checkpoints whose model is Python code (module:Class): loading one imports and runs "
                   "that code. Only for checkpoints you trust.")
