"""What every command shares: the stderr console, JSON output, option help drawn from TrainConfig."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from rich.console import Console

from cnnlab.config import TrainConfig

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _clean(obj: Any) -> Any:
    """JSON has no NaN/Infinity: non-finite floats become null."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def emit_json(obj: Any) -> None:
    """The one JSON document a `--json` command prints on stdout."""
    sys.stdout.write(json.dumps(_clean(obj), indent=2) + "\n")
    sys.stdout.flush()


def default(field: str) -> str:
    value = TrainConfig.model_fields[field].default
    return "none" if value is None else str(value)


def percent(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.2f}%"
