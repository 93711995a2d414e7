"""cnnlab: train, compare and understand small convolutional networks.

From Python (see the README, "From Python / in a notebook"):

    import cnnlab
    result = cnnlab.train(model="baseline", epochs=2, subset=2000)   # -> TrainResult
    clf = cnnlab.load(checkpoint)                                     # -> Classifier
    results = cnnlab.run("examples/learning_rate.toml", subset=2000)  # -> ExperimentResults
    cnnlab.summary("lenet5")                                          # -> ModelSummary
    cnnlab.figures.curves(results)                                    # -> matplotlib Figure

`import cnnlab` loads no torch: each name is imported on first use (PEP 562), so the command line's
`--help`, `--version` and tab completion answer at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cnnlab.errors import CnnlabError
from cnnlab.version import __version__

__all__ = ["CnnlabError", "Classifier", "ExperimentResults", "History", "ModelSummary", "TrainResult", "__version__",
           "figures", "load", "results", "run", "summary", "train"]

_API = ("train", "load", "run", "results", "summary", "TrainResult", "History", "Classifier", "ExperimentResults",
        "ModelSummary")

if TYPE_CHECKING:
    from cnnlab import figures
    from cnnlab.api import (
        Classifier,
        ExperimentResults,
        History,
        ModelSummary,
        TrainResult,
        load,
        results,
        run,
        summary,
        train,
    )


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module("cnnlab.api"), name)
    if name == "figures":
        return importlib.import_module("cnnlab.figures")
    raise AttributeError(f"module 'cnnlab' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
