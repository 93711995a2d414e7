"""Grad-CAM's ReLU (its authors' definition) by default and the signed map on request; SmoothGrad; integrated
gradients from a chosen baseline; `cnnlab explain --format/--dpi`, and `--method` listing its choices."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from cnnlab.explain import BASELINES, METHODS, explain
from cnnlab.explain.attribution import baseline_for

pytest.importorskip("captum")


def _mixed_cnn() -> nn.Module:
    """A random small CNN whose Grad-CAM map has both signs."""
    torch.manual_seed(3)
    return nn.Sequential(nn.Conv2d(1, 6, 3, padding=1), nn.ReLU(), nn.Conv2d(6, 6, 3, padding=1), nn.ReLU(),
                         nn.AdaptiveAvgPool2d(7), nn.Flatten(), nn.Linear(6 * 49, 4))


def _images(n: int = 4) -> torch.Tensor:
    return torch.rand(n, 1, 28, 28, generator=torch.Generator().manual_seed(5)) * 2 - 0.4


def test_gradcam_is_the_relu_of_the_weighted_map_unless_signed_is_asked_for() -> None:
    model, x = _mixed_cnn(), _images()
    relu = explain(model, x, "gradcam")
    signed = explain(model, x, "gradcam", signed=True)
    assert signed.attributions.min() < 0 < signed.attributions.max()  # this model's map has both signs
    assert relu.attributions.min() >= 0 and not relu.signed and signed.signed
    positive = signed.attributions > 0.05 * signed.attributions.max()
    assert np.allclose(relu.attributions[positive], signed.attributions[positive], rtol=0.2, atol=1e-3)
    assert np.abs(relu.attributions[signed.attributions < 1.5 * signed.attributions.min() / 2]).max() < \
        0.5 * relu.attributions.max()  # where the signed map is clearly negative, the ReLU map is about 0


def test_smoothgrad_is_the_gradient_averaged_over_noisy_copies() -> None:
    """For a linear model the gradient is the same everywhere, so SmoothGrad is saliency exactly; through ReLUs
    the noisy copies cross kinks and the average differs from the gradient at the one input."""
    linear = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 3))
    x = _images(2)
    assert np.allclose(explain(linear, x, "smoothgrad").attributions, explain(linear, x, "saliency").attributions,
                       atol=1e-6)
    model = _mixed_cnn()
    plain = explain(model, x, "saliency").attributions
    smooth = explain(model, x, "smoothgrad").attributions
    assert smooth.shape == plain.shape and not np.allclose(smooth, plain, atol=1e-5)
    assert float(np.corrcoef(smooth.ravel(), plain.ravel())[0, 1]) > 0.5  # the same evidence, on the whole


@pytest.mark.parametrize("baseline", BASELINES)
def test_integrated_gradients_sum_to_the_difference_from_the_chosen_baseline(baseline: str) -> None:
    model, x = _mixed_cnn(), _images(2)
    e = explain(model, x, "integrated-gradients", target=1, baseline=baseline)
    start = baseline_for(x, baseline)
    with torch.no_grad():
        difference = (model(x)[:, 1] - model(start)[:, 1]).numpy()
    assert e.baseline == baseline
    assert e.attributions.sum(axis=(1, 2)) == pytest.approx(difference, rel=0.05, abs=1e-3)
    if baseline == "blur":  # the blurred image keeps the picture's mean and loses its detail
        assert torch.allclose(start.mean(dim=(2, 3)), x.mean(dim=(2, 3)), atol=0.05)
        assert float(start.std()) < 0.7 * float(x.std())


def test_options_that_do_not_apply_are_one_line_errors() -> None:
    from cnnlab.errors import CnnlabError

    model, x = _mixed_cnn(), _images(1)
    with pytest.raises(CnnlabError, match="--signed only applies to gradcam"):
        explain(model, x, "saliency", signed=True)
    with pytest.raises(CnnlabError, match="--baseline only applies to integrated-gradients"):
        explain(model, x, "occlusion", baseline="blur")
    with pytest.raises(CnnlabError, match="unknown baseline 'white'"):
        explain(model, x, "integrated-gradients", baseline="white")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_cli_formats_dpi_and_choices(cli, mnist_checkpoint: Path, tmp_path: Path) -> None:  # noqa: ANN001
    for fmt, magic in (("svg", b"<?xml"), ("pdf", b"%PDF")):
        code, _, err = cli("explain", mnist_checkpoint, "--index", "0", "--method", "gradcam", "--signed",
                           "--format", fmt, "--out", tmp_path / fmt)
        assert code == 0, err
        [figure] = (tmp_path / fmt).iterdir()
        assert figure.name == f"test-0-gradcam.{fmt}" and figure.read_bytes().startswith(magic)
    sizes = {}
    for dpi in (50, 100):
        code, _, err = cli("explain", mnist_checkpoint, "--index", "0", "--method", "integrated-gradients",
                           "--baseline", "blur", "--dpi", str(dpi), "--out", tmp_path / str(dpi), "--json")
        assert code == 0, err
        sizes[dpi] = _png_size((tmp_path / str(dpi) / "test-0-integrated-gradients.png").read_bytes())
    assert sizes[100][0] == pytest.approx(2 * sizes[50][0], abs=2)
    code, _, err = cli("explain", mnist_checkpoint, "--index", "0", "--baseline", "white", "--out", tmp_path / "x")
    assert code == 2 and "unknown baseline 'white' (choices: background, blur, mean)" in err and err.count("\n") == 1
    code, _, err = cli("explain", mnist_checkpoint, "--index", "0", "--format", "gif", "--out", tmp_path / "x")
    assert code == 2 and "unknown figure format 'gif'" in err and err.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_help_lists_every_method_and_baseline(cli) -> None:  # noqa: ANN001
    code, out, _ = cli("explain", "--help")
    assert code == 0
    flat = " ".join(out.split())
    assert "[" + "|".join(METHODS) + "]" in flat and "[" + "|".join(BASELINES) + "]" in flat
    for word in ("--format", "--dpi", "--signed", "smoothgrad"):
        assert word in flat
