"""The attribution methods by name, with the title a figure gives each, and integrated gradients' baselines:
plain Python (no torch, no Captum), so the CLI's help and choices come from here. `cnnlab.explain.attribution`
computes them."""

from __future__ import annotations

from typing import Literal, get_args

Method = Literal["saliency", "smoothgrad", "integrated-gradients", "gradcam", "occlusion"]
METHOD_TITLES: dict[str, str] = {
    "saliency": "saliency (gradient)",
    "smoothgrad": "SmoothGrad",
    "integrated-gradients": "integrated gradients",
    "gradcam": "Grad-CAM",
    "occlusion": "occlusion",
}
METHODS: tuple[str, ...] = tuple(METHOD_TITLES)
assert METHODS == get_args(Method)
Baseline = Literal["background", "mean", "blur"]
BASELINES: tuple[str, ...] = get_args(Baseline)

METHOD_HELP = ("saliency (the gradient), smoothgrad (the gradient averaged over noisy copies), integrated-gradients "
               "(from a --baseline), gradcam (on the last conv layer, or --layer; its ReLU, or --signed) or "
               "occlusion.")
BASELINE_HELP = ("integrated-gradients' starting point: background (each image's darkest value: blank paper), "
                 "mean (the training images' mean pixel) or blur (the image blurred).")
