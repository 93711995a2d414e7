"""cnnlab: train, compare and understand small convolutional networks.

From Python (see the README, "From Python / in a notebook"):

    import cnnlab
    result = cnnlab.train(model="baseline", epochs=2, subset=2000)   # -> TrainResult
    clf = cnnlab.load(checkpoint)                                     # -> Classifier
    results = cnnlab.run("examples/learning_rate.toml", subset=2000)  # -> ExperimentResults
    cnnlab.summary("lenet5")                                          # -> ModelSummary
    cnnlab.figures.curves(results)                                    # -> matplotlib Figure
"""

from __future__ import annotations

import importlib
import sys
import types
from inspect import Signature as _Signature
from inspect import signature as _signature
from typing import TYPE_CHECKING, Any

from cnnlab.errors import CnnlabError

__version__ = "0.1.0"  # before any submodule import: the checkpoint writer reads it

__all__ = ["CnnlabError", "Classifier", "ExperimentResults", "History", "ModelSummary", "TrainResult", "__version__",
           "figures", "load", "results", "run", "summary", "train"]

_API = ("load", "run", "results", "summary", "TrainResult", "History", "Classifier", "ExperimentResults",
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
    )


class _CallableTrainPackage(types.ModuleType):
    """`cnnlab.train` is both the training subpackage (`cnnlab.train.loop`, ...) and `cnnlab.api.train`.

    The package's name is taken by the subpackage, which Python rebinds on the parent whenever it is first
    imported; making that one module object callable keeps `cnnlab.train(...)` and `cnnlab.train.session`
    (and string patch targets like "cnnlab.train.loop.X") working together.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from cnnlab.api import train as api_train

        return api_train(*args, **kwargs)

    @property
    def __signature__(self) -> _Signature:  # `inspect` itself would clash: cnnlab.inspect is a subpackage
        from cnnlab.api import train as api_train

        return _signature(api_train)


importlib.import_module("cnnlab.train").__class__ = _CallableTrainPackage
train = sys.modules["cnnlab.train"]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module("cnnlab.api"), name)
    if name == "figures":
        return importlib.import_module("cnnlab.figures")
    raise AttributeError(f"module 'cnnlab' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
