"""Explanations: which input pixels drove a model's decision (saliency, integrated gradients, Grad-CAM,
occlusion), computed with Captum (the optional extra `pip install 'cnnlab[explain]'`)."""

from cnnlab.explain.attribution import METHODS, Explanation, explain
from cnnlab.explain.figures import signed_cmap

__all__ = ["METHODS", "Explanation", "explain", "signed_cmap"]
