"""One colour convention: red > 0 > blue in every figure (CLI, report) and on the page (JS twin constants)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import torch
from matplotlib.backends.backend_agg import FigureCanvasAgg

from cnnlab.inspection import colors
from cnnlab.inspection.features import LayerOutput
from cnnlab.inspection.figures import layer_figure
from cnnlab.inspection.weights import FirstLayer, first_layer, weights_figure
from cnnlab.models import build_model
from cnnlab.reference import conv_demo_figure
from cnnlab.report import figures as report_figures

COMMON_JS = Path(colors.__file__).parents[1] / "web" / "static" / "common.js"
CLASSES = [str(d) for d in range(10)]


def drawn(image, value: float) -> tuple[float, ...]:
    """The RGBA an imshow image gives `value`."""
    return tuple(np.round(image.cmap(image.norm(value)), 6))


def tiles(fig) -> list:
    return [ax.get_images()[0] for ax in fig.axes if ax.get_label() == "tile"]


def test_a_positive_value_has_one_colour_in_weights_inspect_report_and_demo() -> None:
    signed = np.array([[[[-1.0, 0.0], [0.5, 1.0]]]])  # (N=1, C=1, 2, 2)
    weights = tiles(weights_figure([("w", FirstLayer("conv1", "conv", signed))]))[0]
    maps = tiles(layer_figure(LayerOutput("conv1", "Conv2d", "Conv2d", torch.tensor(signed[0])),
                              np.zeros((1, 28, 28), np.float32), CLASSES, [0.1] * 10))[0]
    report = report_figures.weights_figure(None, signed[:, 0], "t").axes[0].get_images()[0]
    demo = next(ax for ax in conv_demo_figure(np.eye(5)[None], np.array([[[0, 0, 0], [-1, 0, 1], [0, 0, 0]]]))
                .axes if ax.get_label() == "output").get_images()[0]
    red = tuple(np.round(colors.diverging()(1.0), 6))
    blue = tuple(np.round(colors.diverging()(0.0), 6))
    for image in (weights, maps, report):
        assert drawn(image, 1.0) == red and drawn(image, -1.0) == blue
        assert drawn(image, 0.0)[:3] == tuple(np.round(colors.diverging()(0.5), 6))[:3]  # white-ish at 0
    bound = demo.norm.vmax
    assert drawn(demo, bound) == red and drawn(demo, -bound) == blue
    r, g, b, _ = red
    assert r > 0.6 > b  # red means positive
    assert colors.hex_color(colors.diverging(), colors.scale_for(np.array([-1.0, 1.0]))[1], 1.0) == colors.POSITIVE


def test_non_negative_maps_are_sequential_and_vectors_use_the_signed_colours() -> None:
    relu = LayerOutput("relu1", "ReLU", "ReLU", torch.tensor([[[0.0, 2.0], [1.0, 0.5]]]))
    [image] = tiles(layer_figure(relu, np.zeros((1, 28, 28), np.float32), CLASSES, [0.1] * 10))
    assert image.cmap.name == colors.sequential().name and image.norm.vmin == 0 and image.norm.vmax == 2
    vector = LayerOutput("fc", "Linear", "Linear", torch.tensor([1.0, -1.0] * 5))
    fig = layer_figure(vector, np.zeros((1, 28, 28), np.float32), CLASSES, [0.1] * 10)
    [ax] = [ax for ax in fig.axes if ax.get_label() == "vector"]
    faces = [tuple(np.round(p.get_facecolor(), 6)) for p in ax.patches[:2]]
    assert faces == [tuple(np.round(colors.diverging()(1.0), 6)), tuple(np.round(colors.diverging()(0.0), 6))]


def _js_constant(name: str) -> object:
    match = re.search(rf"{name}:\s*(\[[^\]]*\]|\"[^\"]*\")", COMMON_JS.read_text())
    assert match, f"{name} missing from {COMMON_JS}"
    return json.loads(re.sub(r",\s*\]", "]", match.group(1)))


def test_the_pages_constants_match_the_python_ones() -> None:
    assert tuple(_js_constant("DIVERGING_STOPS")) == colors.DIVERGING_STOPS
    assert tuple(_js_constant("SEQUENTIAL_STOPS")) == colors.SEQUENTIAL_STOPS
    assert _js_constant("POSITIVE") == colors.POSITIVE and _js_constant("NEGATIVE") == colors.NEGATIVE


def test_weights_title_fits_inside_the_figure() -> None:
    for spec in ("lenet", "baseline"):
        fig = weights_figure([("final (after training)", first_layer(build_model(spec, (1, 28, 28), 10), (1, 28, 28)))])
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        box = fig._suptitle.get_window_extent(canvas.get_renderer())
        assert 0 <= box.x0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height, (spec, box, fig.bbox)
        assert "first-layer weights" in fig._suptitle.get_text()
