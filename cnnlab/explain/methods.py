"""The attribution methods by name, with the title a figure gives each: plain Python (no torch, no Captum),
so the CLI's help and choices come from here. `cnnlab.explain.attribution` computes them."""

from __future__ import annotations

from typing import Literal

Method = Literal["saliency", "integrated-gradients", "gradcam", "occlusion"]
METHOD_TITLES: dict[str, str] = {
    "saliency": "saliency (gradient)",
    "integrated-gradients": "integrated gradients",
    "gradcam": "Grad-CAM",
    "occlusion": "occlusion",
}
METHODS: tuple[str, ...] = tuple(METHOD_TITLES)
