"""Turn an inspection into compact JSON for the page: small numbers lists, and maps as base64 bytes.

A layer's feature maps go as one base64 string of uint8 values (C*H*W, channel-major), each channel
scaled to its own 0..255 range (like matplotlib's `imshow`), with the true minimum and maximum of each
channel beside it, so the page can draw them into canvases directly. A few hundred tiles cost about
100 KB this way, a fraction of the same numbers as JSON floats or as separate PNGs.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from cnnlab.inspection.features import LayerOutput
from cnnlab.inspection.one_pass import Inspection


def input_list(x: np.ndarray, digits: int = 4) -> list:
    """The model input as nested lists: (H, W) for one channel, (C, H, W) otherwise."""
    arr = np.round(np.asarray(x, dtype=np.float64), digits)
    return (arr[0] if arr.shape[0] == 1 else arr).tolist()


def layer_payload(layer: LayerOutput) -> dict[str, Any]:
    values = layer.values.numpy().astype(np.float32)
    base = {"name": layer.name, "kind": layer.kind, "description": layer.description, "shape": list(values.shape)}
    if values.ndim != 3:
        flat = np.nan_to_num(values.reshape(-1))
        return {**base, "values": np.round(flat, 4).tolist()}
    flat = np.nan_to_num(values.reshape(values.shape[0], -1))
    lo, hi = flat.min(axis=1), flat.max(axis=1)
    span = np.where(hi > lo, hi - lo, 1.0)
    scaled = np.rint((flat - lo[:, None]) / span[:, None] * 255).astype(np.uint8)
    return {
        **base,
        "data": base64.b64encode(scaled.tobytes()).decode("ascii"),
        "min": np.round(lo, 4).tolist(),
        "max": np.round(hi, 4).tolist(),
    }


def prediction_payload(
    model_id: str, classes: list[str], label: str, index: int, probabilities: list[float], x: np.ndarray
) -> dict[str, Any]:
    return {
        "model": model_id,
        "label": label,
        "index": index,
        "confidence": probabilities[index],
        "classes": list(classes),
        "probabilities": [round(p, 6) for p in probabilities],
        "input": input_list(x),
    }


def inspection_payload(model_id: str, classes: list[str], result: Inspection) -> dict[str, Any]:
    return {
        **prediction_payload(model_id, classes, result.label, result.index, result.probabilities, result.model_input),
        "layers": [layer_payload(layer) for layer in result.layers],
    }
