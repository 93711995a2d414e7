"""Attributions on constructed models and inputs behave as they must, for each method."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from matplotlib.figure import Figure
from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.explain import METHODS, explain, signed_cmap
from cnnlab.explain.attribution import occlusion_window
from cnnlab.models import build_model
from cnnlab.store.checkpoint import load_checkpoint

pytest.importorskip("captum")


class LeftHalf(nn.Module):
    """A CNN that only ever sees the left half of its input (the right half is multiplied by 0)."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(0)
        mask = torch.zeros(1, 1, 28, 28)
        mask[..., :14] = 1
        self.register_buffer("mask", mask)
        self.conv = nn.Conv2d(1, 4, 3, padding=1, bias=False)
        self.act = nn.Tanh()
        self.fc = nn.Linear(4 * 28 * 28, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.act(self.conv(x * self.mask)).flatten(1))


def _inputs(n: int = 3) -> torch.Tensor:
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(2)) * 2 - 0.4


@pytest.mark.parametrize("method", METHODS)
def test_a_model_that_looks_only_at_the_left_half_gives_the_right_half_no_attribution(method: str) -> None:
    model = LeftHalf()
    e = explain(model, _inputs(), method, layer="conv" if method == "gradcam" else None)
    assert e.attributions.shape == (3, 28, 28)
    # beyond the boundary by what a method smears: a 3x3 kernel for Grad-CAM's maps, one occlusion window
    margin = {"gradcam": 1, "occlusion": occlusion_window(28, 28)[0]}.get(method, 0)
    right = e.attributions[:, :, 14 + margin :]
    left = e.attributions[:, :, :14]
    assert np.abs(right).max() == 0.0
    assert np.abs(left).max() > 1e-4


def _square_model() -> nn.Module:
    """Class 0's score is the ink inside the central 10x10 square; class 1's is minus that."""
    model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 2, bias=False))
    w = torch.zeros(2, 28, 28)
    w[0, 9:19, 9:19] = 1.0
    w[1] = -w[0]
    with torch.no_grad():
        model[1].weight.copy_(w.reshape(2, -1))
    return model


def _digit_like() -> torch.Tensor:
    x = torch.full((1, 1, 28, 28), -0.42)  # background as MNIST's black after normalisation
    x[0, 0, 8:20, 12:16] = 2.8  # a bar of ink
    return x


def test_occlusion_of_the_ink_lowers_the_class_score_and_the_attribution_says_so() -> None:
    model, x = _square_model(), _digit_like()
    e = explain(model, x, "occlusion", target=0)
    ink = (x[0, 0] > 0).numpy()
    inside = np.zeros((28, 28), bool)
    inside[9:19, 9:19] = True
    assert (e.attributions[0][ink & inside] > 0).all()  # blanking this ink lowers class 0's score
    window = occlusion_window(28, 28)[0]
    near_ink = np.zeros_like(ink)
    near_ink[8 - window : 20 + window, 12 - window : 16 + window] = True
    assert np.abs(e.attributions[0][~near_ink]).max() < 1e-6  # blanking blank background changes nothing
    blanked = x.clone()
    blanked[0, 0, torch.from_numpy(ink)] = -0.42
    assert model(blanked)[0, 0] < model(x)[0, 0]
    # evidence for one class is evidence against its opposite
    against = explain(model, x, "occlusion", target=1)
    assert np.allclose(against.attributions, -e.attributions, atol=1e-5)


def test_integrated_gradients_sum_to_the_score_difference_from_the_blank_input() -> None:
    model, x = _square_model(), _digit_like()
    e = explain(model, x, "integrated-gradients", target=0)
    blank = torch.full_like(x, -0.42)
    with torch.no_grad():
        difference = float(model(x)[0, 0] - model(blank)[0, 0])
    assert e.attributions.sum() == pytest.approx(difference, rel=1e-3)


def _blob_detector() -> nn.Module:
    """conv1 (one 3x3 averaging filter) > relu > global average > fc: class 0 = "bright blob present"."""
    model = build_model("conv 1 k3 p1 > relu > gap > flatten > linear 2", (1, 28, 28), 2)
    with torch.no_grad():
        model.conv1.weight.fill_(1 / 9)
        model.conv1.bias.fill_(-1e-3)  # blank background stays just below the ReLU
        model.fc1.weight.copy_(torch.tensor([[1.0], [-1.0]]))
        model.fc1.bias.zero_()
    return model


def test_gradcam_peaks_where_the_evidence_is() -> None:
    model = _blob_detector()
    x = torch.zeros(2, 1, 28, 28)
    x[0, 0, 4:8, 5:9] = 1.0  # a blob top left
    x[1, 0, 19:23, 18:22] = 1.0  # a blob bottom right
    e = explain(model, x, "gradcam", target=0)
    assert e.layer == "relu1"  # by default the last (here: only) convolution, after its activation
    for i, (r, c) in enumerate([(5.5, 6.5), (20.5, 19.5)]):
        peak = np.unravel_index(np.argmax(e.attributions[i]), (28, 28))
        assert abs(peak[0] - r) <= 1.5 and abs(peak[1] - c) <= 1.5, peak
        assert e.attributions[i].max() > 0
        far = e.attributions[i].copy()
        far[max(0, int(r) - 4) : int(r) + 5, max(0, int(c) - 4) : int(c) + 5] = 0
        assert np.abs(far).max() < 0.01 * e.attributions[i].max()  # nothing lights up away from the blob


def test_gradcam_on_a_named_layer_and_the_default_is_the_last_conv() -> None:
    torch.manual_seed(0)
    model = build_model("conv 4 k3 > relu > maxpool 2 > conv 6 k3 > relu > flatten > linear 10", (1, 28, 28), 10)
    x = _inputs(2)
    assert explain(model, x, "gradcam").layer == "relu2"  # the last conv, read after its activation
    assert explain(model, x, "gradcam", layer="conv2").layer == "conv2"
    bn = build_model("conv 4 k3 p1 > bn > relu > maxpool 2 > conv 4 k3 > bn > flatten > linear 10", (1, 28, 28), 10)
    assert explain(bn.eval(), x, "gradcam").layer == "conv2"  # no activation after it: the conv itself
    on_pool = explain(model, x, "gradcam", layer="pool1")
    assert on_pool.layer == "pool1" and on_pool.attributions.shape == (2, 28, 28)
    with pytest.raises(CnnlabError, match=r"unknown layer 'conv9' \(choices: conv1, conv2, fc1"):
        explain(model, x, "gradcam", layer="conv9")
    with pytest.raises(CnnlabError, match="outputs a vector"):
        explain(model, x, "gradcam", layer="fc1")
    with pytest.raises(CnnlabError, match="only applies to gradcam"):
        explain(model, x, "saliency", layer="conv1")


def test_gradcam_without_a_conv_layer_and_an_unknown_method_are_one_line_errors() -> None:
    mlp = build_model("flatten > linear 16 > relu > linear 10", (1, 28, 28), 10)
    with pytest.raises(CnnlabError, match="gradcam needs a convolutional layer") as info:
        explain(mlp, _inputs(1), "gradcam")
    assert "\n" not in str(info.value)
    with pytest.raises(CnnlabError, match=r"unknown method 'lime' \(choices: gradcam, integrated-gradients"):
        explain(mlp, _inputs(1), "lime")


def test_predicted_and_target_classes_and_probabilities() -> None:
    model = _square_model()
    x = torch.cat([_digit_like(), torch.full((1, 1, 28, 28), -0.42) - 1.0])
    e = explain(model, x, "saliency")
    assert e.predicted.tolist() == [0, 1] and e.target.tolist() == [0, 1]
    assert np.allclose(e.probabilities.sum(1), 1.0)
    forced = explain(model, x, "saliency", target=[1, 1])
    assert forced.target.tolist() == [1, 1] and forced.predicted.tolist() == [0, 1]
    with pytest.raises(CnnlabError, match="out of range"):
        explain(model, x, "saliency", target=5)


def test_trained_model_occluding_the_most_attributed_pixels_hurts_more_than_random_ones(
    mnist_checkpoint: Path,
) -> None:
    from cnnlab.inspection.samples import mnist_examples

    model, meta = load_checkpoint(mnist_checkpoint)
    digits, labels = mnist_examples(10)
    x = (torch.from_numpy(digits)[:, None] - meta["data"]["mean"][0]) / meta["data"]["std"][0]
    e = explain(model, x, "occlusion", target=labels)
    background = float(x.min())
    rng = np.random.default_rng(0)
    worse = 0
    for i in range(10):
        k = 60
        top = np.argsort(e.attributions[i].ravel())[-k:]
        rand = rng.choice(np.flatnonzero(digits[i].ravel() > 0.2), size=min(k, int((digits[i] > 0.2).sum())))
        scores = []
        for pixels in (top, rand):
            y = x[i : i + 1].clone().reshape(-1)
            y[torch.from_numpy(pixels)] = background
            with torch.no_grad():
                scores.append(float(torch.softmax(model(y.reshape(1, 1, 28, 28)), 1)[0, labels[i]]))
        worse += scores[0] < scores[1]
    assert worse >= 8


def test_figure_draws_input_and_signed_heat_map_centred_on_zero() -> None:
    e = explain(_square_model(), _digit_like(), "saliency", classes=["zero", "one"])
    fig = e.figure()
    assert isinstance(fig, Figure)
    images = [im for ax in fig.axes for im in ax.get_images()]
    heat = [im for im in images if im.get_cmap().name == signed_cmap().name]
    assert len(heat) == 1
    lo, hi = heat[0].get_clim()
    assert lo == -hi and hi == pytest.approx(np.abs(e.attributions).max())
    titles = " ".join(ax.get_title() for ax in fig.axes)
    assert "predicted zero" in titles and "saliency" in titles


def test_without_captum_a_one_line_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "captum", None)
    with pytest.raises(CnnlabError, match=r"pip install 'cnnlab\[explain\]'"):
        explain(_square_model(), _digit_like(), "saliency")
