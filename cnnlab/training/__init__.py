"""Training: the loop, optimizers and schedules, metrics, recipes (the events it reports are `cnnlab.events`).

`Trainer` and `resolve_device` load torch on first use, so `cnnlab.training.recipes` stays light (the CLI's
`--help` reads it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["Trainer", "resolve_device"]

if TYPE_CHECKING:
    from cnnlab.training.loop import Trainer, resolve_device


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("cnnlab.training.loop"), name)
    raise AttributeError(f"module 'cnnlab.training' has no attribute {name!r}")
