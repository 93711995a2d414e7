"""Explanations: which input pixels drove a model's decision (saliency, SmoothGrad, integrated gradients,
Grad-CAM, occlusion), computed with Captum (the optional extra `pip install 'cnnlab[explain]'`).

`METHODS` is plain Python (`cnnlab.explain.methods`); the rest loads torch and Captum on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cnnlab.explain.methods import BASELINES, METHODS

__all__ = ["BASELINES", "METHODS", "Explanation", "explain", "signed_cmap"]

if TYPE_CHECKING:
    from cnnlab.explain.attribution import Explanation, explain
    from cnnlab.explain.figures import signed_cmap


def __getattr__(name: str) -> Any:
    if name in ("Explanation", "explain"):
        return getattr(importlib.import_module("cnnlab.explain.attribution"), name)
    if name == "signed_cmap":
        return importlib.import_module("cnnlab.explain.figures").signed_cmap
    raise AttributeError(f"module 'cnnlab.explain' has no attribute {name!r}")
