"""Explanations: which input pixels drove a model's decision (saliency, integrated gradients, Grad-CAM,
occlusion), computed with Captum (the optional extra `pip install 'cnnlab[explain]'`)."""

from cnnlab.explain.attribution import METHODS, SIGNED_CMAP, Explanation, explain

__all__ = ["METHODS", "SIGNED_CMAP", "Explanation", "explain"]
