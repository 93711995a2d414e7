"""Why did the model decide? Attributions of a class score to the input pixels, computed with Captum.

`explain(model, inputs, method)` takes prepared (normalised) inputs (N, C, H, W) and returns an
`Explanation`: one signed map per input over its pixels (positive = evidence for the target class,
negative = evidence against it), the predicted and target classes and the probabilities.

- saliency: the gradient of the target's score with respect to each pixel (signed: where brightening
  the pixel would raise the score);
- smoothgrad: saliency averaged over `SMOOTHGRAD_SAMPLES` copies of the input with Gaussian noise of
  `SMOOTHGRAD_NOISE` x its range (Captum's NoiseTunnel), which removes the gradient's speckle;
- integrated-gradients: the gradient integrated along the straight path from a baseline to the input,
  times the difference; the maps sum to the score difference between the input and the baseline, which
  is `background` (each image's darkest value per channel: blank paper), `mean` (0 after normalisation:
  the training images' mean pixel) or `blur` (the image under a Gaussian blur);
- gradcam: Grad-CAM on a layer with feature maps (the last convolution, after its activation, unless
  `layer` names another), the channels weighted by their mean gradient, then, as its authors define it,
  the ReLU of that map (only evidence for the class), or with `signed=True` the map itself; upsampled;
- occlusion: how much the target's score drops when a small square of the input is blanked (to the
  background), averaged over the squares that cover each pixel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import torch
from torch import nn

from cnnlab.errors import CnnlabError, unknown_choice
from cnnlab.explain.methods import BASELINES, METHODS, Baseline, Method
from cnnlab.inspection.features import layer_modules

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["BASELINES", "METHODS", "Baseline", "Explanation", "Method", "explain"]
IG_STEPS = 32
SMOOTHGRAD_SAMPLES = 16
SMOOTHGRAD_NOISE = 0.15  # the noise's standard deviation, as a fraction of each input's value range
ACTIVATIONS = (nn.ReLU, nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU, nn.Sigmoid, nn.Tanh)


@dataclass(frozen=True)
class Explanation:
    """Attributions of `target` scores for a batch of N inputs.

    `attributions` is (N, H, W): per input pixel, summed over colour channels (for Grad-CAM, the
    upsampled class-activation map). `images` is what to draw as the input, (N, C, H, W) in [0, 1].
    """

    method: str
    attributions: np.ndarray
    predicted: np.ndarray  # (N,) class index the model chose
    target: np.ndarray  # (N,) class index explained
    probabilities: np.ndarray  # (N, K)
    images: np.ndarray
    classes: list[str] = field(default_factory=list)
    layer: str | None = None  # Grad-CAM's layer
    signed: bool = True  # False for Grad-CAM's ReLU map (evidence for the class only)
    baseline: str | None = None  # integrated gradients' baseline

    def __len__(self) -> int:
        return len(self.predicted)

    def class_name(self, index: int) -> str:
        return self.classes[index] if index < len(self.classes) else str(index)

    def figure(self, index: int | None = None, titles: Sequence[str] | None = None) -> Figure:
        """Input and heat map side by side for every input (or only input `index`)."""
        from cnnlab.explain.figures import explanation_figure

        return explanation_figure(self, range(len(self)) if index is None else [index], titles)


def _require_captum() -> None:
    try:
        import captum  # noqa: F401
    except ImportError:
        raise CnnlabError("explanations need Captum, an optional extra: pip install 'cnnlab[explain]'") from None


def conv_layer_names(model: nn.Module) -> list[str]:
    return [name for name, m in layer_modules(model).items() if isinstance(m, nn.Conv2d)]


def resolve_layer(model: nn.Module, layer: str | None) -> tuple[str, nn.Module]:
    """The layer Grad-CAM reads: `layer` by its name in `cnnlab summary`, or by default the last convolution,
    read after its activation when one follows it (through a BatchNorm), as Grad-CAM's feature maps are."""
    modules = layer_modules(model)
    if layer is None:
        convs = conv_layer_names(model)
        if not convs:
            raise CnnlabError(
                f"gradcam needs a convolutional layer and this model has none (layers: {', '.join(modules)});"
                " use --method saliency, integrated-gradients or occlusion"
            )
        names = list(modules)
        for name in names[names.index(convs[-1]) + 1 :]:
            if isinstance(modules[name], ACTIVATIONS):
                return name, modules[name]
            if not isinstance(modules[name], nn.BatchNorm2d):
                break
        return convs[-1], modules[convs[-1]]
    if layer not in modules:
        raise unknown_choice("layer", layer, modules)
    return layer, modules[layer]


def _background(x: torch.Tensor) -> torch.Tensor:
    """Each input's blank: its darkest value per channel (MNIST's black, which is not 0 once normalised)."""
    return x.amin(dim=(2, 3), keepdim=True).expand_as(x).contiguous()


def _blurred(x: torch.Tensor) -> torch.Tensor:
    """Each input under a Gaussian blur (sigma: a fourteenth of its size, 2 pixels on 28x28), edges reflected."""
    c, h, w = x.shape[1:]
    sigma = max(1.0, min(h, w) / 14)
    radius = int(3 * sigma)
    t = torch.arange(-radius, radius + 1, dtype=x.dtype, device=x.device)
    kernel = torch.exp(-(t**2) / (2 * sigma**2))
    kernel = kernel / kernel.sum()
    padded = torch.nn.functional.pad(x, (radius, radius, radius, radius), mode="reflect")
    rows = torch.nn.functional.conv2d(padded, kernel.view(1, 1, 1, -1).repeat(c, 1, 1, 1), groups=c)
    return torch.nn.functional.conv2d(rows, kernel.view(1, 1, -1, 1).repeat(c, 1, 1, 1), groups=c).contiguous()


def baseline_for(x: torch.Tensor, baseline: str) -> torch.Tensor:
    """Integrated gradients' starting point for each input (see the module's docstring)."""
    if baseline == "background":
        return _background(x)
    if baseline == "mean":
        return torch.zeros_like(x)
    if baseline == "blur":
        return _blurred(x)
    raise unknown_choice("baseline", baseline, BASELINES)


def _targets(target: int | Sequence[int] | torch.Tensor | None, predicted: torch.Tensor, k: int) -> torch.Tensor:
    if target is None:
        return predicted.clone()
    t = torch.as_tensor(target, dtype=torch.int64, device=predicted.device).reshape(-1)
    if t.numel() == 1:
        t = t.expand_as(predicted).clone()
    if t.shape != predicted.shape:
        raise CnnlabError(f"target: give one class or one per input ({len(predicted)}), got {t.numel()}")
    if bool(((t < 0) | (t >= k)).any()):
        raise CnnlabError(f"target class out of range: the model has {k} classes (0..{k - 1})")
    return t


def _display(x: torch.Tensor) -> np.ndarray:
    """Inputs scaled to [0, 1] per image, for drawing when the caller gives no images."""
    lo = x.amin(dim=(1, 2, 3), keepdim=True)
    hi = x.amax(dim=(1, 2, 3), keepdim=True)
    return ((x - lo) / (hi - lo).clamp_min(1e-12)).cpu().numpy()


def occlusion_window(h: int, w: int) -> tuple[int, int]:
    """(window, stride): a square about a seventh of the image (4 pixels on 28x28), moved by half of it."""
    window = max(2, min(h, w) // 7)
    return window, max(1, window // 2)


def explain(
    model: nn.Module,
    inputs: torch.Tensor,
    method: Method | str = "saliency",
    target: int | Sequence[int] | torch.Tensor | None = None,
    layer: str | None = None,
    *,
    classes: Sequence[str] | None = None,
    images: np.ndarray | None = None,
    signed: bool = False,
    baseline: Baseline | str = "background",
) -> Explanation:
    """Attribute the `target` class score (default: the predicted class) of each input to its pixels.

    `inputs` are prepared tensors (N, C, H, W), normalised as the model was trained, on the model's
    device. `layer` (Grad-CAM only) names a layer as `cnnlab summary` shows it. `classes` names the
    classes for figures, `images` (N, C, H, W in [0, 1]) is what figures draw as the input. `signed`
    (Grad-CAM only) keeps the weighted map signed instead of its ReLU; `baseline` (integrated gradients
    only) is background, mean or blur.
    """
    if method not in METHODS:
        raise unknown_choice("method", method, METHODS)
    if layer is not None and method != "gradcam":
        raise CnnlabError(f"--layer only applies to gradcam, not to {method}")
    if signed and method != "gradcam":
        raise CnnlabError(f"--signed only applies to gradcam, not to {method} (its maps are signed already)")
    if baseline not in BASELINES:
        raise unknown_choice("baseline", baseline, BASELINES)
    if baseline != "background" and method != "integrated-gradients":
        raise CnnlabError(f"--baseline only applies to integrated-gradients, not to {method}")
    if inputs.ndim != 4:
        raise CnnlabError(f"inputs must be a batch (N, C, H, W), got shape {tuple(inputs.shape)}")
    _require_captum()
    from captum.attr import IntegratedGradients, LayerAttribution, LayerGradCam, NoiseTunnel, Occlusion, Saliency

    was_training = model.training
    model.eval()
    x = inputs.detach().float()
    layer_name = None
    try:
        with torch.no_grad():
            probs = torch.softmax(model(x), dim=1)
        predicted = probs.argmax(1)
        t = _targets(target, predicted, probs.shape[1])
        n, c, h, w = x.shape
        with torch.enable_grad():
            if method == "saliency":
                attr = Saliency(model).attribute(x.clone().requires_grad_(True), target=t, abs=False)
            elif method == "smoothgrad":
                noise = SMOOTHGRAD_NOISE * float((x.amax() - x.amin()).clamp_min(1e-12))
                attr = NoiseTunnel(Saliency(model)).attribute(
                    x.clone().requires_grad_(True), nt_type="smoothgrad", nt_samples=SMOOTHGRAD_SAMPLES,
                    nt_samples_batch_size=SMOOTHGRAD_SAMPLES, stdevs=noise, target=t, abs=False)
            elif method == "integrated-gradients":
                ig = IntegratedGradients(model)
                attr = ig.attribute(x, baselines=baseline_for(x, baseline), target=t, n_steps=IG_STEPS,
                                    internal_batch_size=256)
            elif method == "occlusion":
                window, stride = occlusion_window(h, w)
                attr = Occlusion(model).attribute(
                    x,
                    sliding_window_shapes=(c, window, window),
                    strides=(c, stride, stride),
                    baselines=_background(x),
                    target=t,
                    perturbations_per_eval=64,
                )
            else:
                layer_name, module = resolve_layer(model, layer)
                cam = LayerGradCam(model, module).attribute(x, target=t, relu_attributions=not signed)
                if cam.ndim != 4:
                    maps = [name for name in layer_modules(model) if name != layer_name]
                    raise CnnlabError(
                        f"layer {layer_name!r} outputs a vector, not feature maps: Grad-CAM needs a convolution,"
                        f" pooling or activation layer before the flatten (layers: {', '.join(maps)})"
                    )
                attr = LayerAttribution.interpolate(cam, (h, w), interpolate_mode="bilinear")
    finally:
        model.train(was_training)
    maps = attr.detach().float().sum(dim=1).cpu().numpy()
    return Explanation(
        method=method,
        attributions=maps,
        predicted=predicted.cpu().numpy(),
        target=t.cpu().numpy(),
        probabilities=probs.cpu().numpy(),
        images=_display(x) if images is None else np.asarray(images, dtype=np.float32),
        classes=list(classes or []),
        layer=layer_name,
        signed=not (method == "gradcam" and not signed),
        baseline=baseline if method == "integrated-gradients" else None,
    )
