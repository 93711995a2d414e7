"""Feature maps: what every layer of a model outputs for one input.

A spec-built `Net` is a named `nn.Sequential`, so its layers are its named children and their outputs
are read by running the children one after another (no hooks, so it is safe to call from many threads
at once). Any other model (`module:Class`) is read with forward hooks on its leaf modules; hooks live
on the shared module, so those calls are serialised with a lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import torch
from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.models.build import CenterCrop, Net

_HOOK_LOCK = threading.Lock()


@dataclass(frozen=True)
class LayerOutput:
    """One layer's output for a single input: `values` is (C, H, W) for maps, (N,) for vectors."""

    name: str
    kind: str  # the module's class name: Conv2d, ReLU, MaxPool2d, Linear, ...
    description: str  # one line for a figure title, e.g. "Conv2d 1→32, 3x3"
    values: torch.Tensor

    @property
    def is_map(self) -> bool:
        return self.values.ndim == 3


def describe(module: nn.Module) -> str:
    """A short human label for a layer (what it computes, not its full repr)."""
    if isinstance(module, nn.Conv2d):
        kh, kw = module.kernel_size
        extra = f", stride {module.stride[0]}" if module.stride != (1, 1) else ""
        return f"Conv2d {module.in_channels}→{module.out_channels}, {kh}x{kw}{extra}"
    if isinstance(module, nn.Linear):
        return f"Linear {module.in_features}→{module.out_features}"
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        k = module.kernel_size if isinstance(module.kernel_size, int) else module.kernel_size[0]
        return f"{type(module).__name__} {k}x{k}"
    if isinstance(module, nn.Dropout | nn.Dropout2d):
        return f"{type(module).__name__} (inactive at inference)"
    if isinstance(module, CenterCrop):
        return f"CenterCrop {module.size}x{module.size}"
    return type(module).__name__


def layer_modules(model: nn.Module) -> dict[str, nn.Module]:
    """The model's layers in forward order: a Net's named children, else every leaf module."""
    if isinstance(model, Net):
        return dict(model.named_children())
    return {name: m for name, m in model.named_modules() if name and not any(m.children())}


def layer_names(model: nn.Module) -> list[str]:
    return list(layer_modules(model))


# Layers that show nothing new at inference: a reshape of the layer before, or the identity.
PASS_THROUGH = (nn.Flatten, nn.Dropout, nn.Dropout2d, nn.Identity)


def default_layers(model: nn.Module) -> list[str]:
    """Every layer worth drawing: all but flatten and dropout (which repeat the layer before them)."""
    return [name for name, m in layer_modules(model).items() if not isinstance(m, PASS_THROUGH)]


def select_layers(model: nn.Module, wanted: list[str] | None) -> list[str]:
    """Validate requested layer names against the model; None or empty means `default_layers`."""
    names = layer_names(model)
    if not wanted:
        return default_layers(model)
    unknown = [w for w in wanted if w not in names]
    if unknown:
        raise CnnlabError(f"unknown layer {unknown[0]!r} (layers: {', '.join(names)})")
    return [n for n in names if n in wanted]


@torch.no_grad()
def feature_maps(model: nn.Module, x: torch.Tensor, layers: list[str] | None = None) -> list[LayerOutput]:
    """Every (or each named) layer's output for the single input `x` of shape (1, C, H, W).

    The model is put in eval mode, so dropout is the identity and batch norm uses its running stats.
    """
    if x.ndim != 4 or x.shape[0] != 1:
        raise ValueError(f"expected one input of shape (1, C, H, W), got {tuple(x.shape)}")
    model.eval()
    wanted = set(select_layers(model, layers))
    modules = layer_modules(model)
    if isinstance(model, Net):
        outputs: list[tuple[str, torch.Tensor]] = []
        h = x
        for name, module in modules.items():
            h = module(h)
            if name in wanted:
                outputs.append((name, h))
    else:
        outputs = _hooked_outputs(model, x, {n: modules[n] for n in modules if n in wanted})
    return [
        LayerOutput(n, type(modules[n]).__name__, describe(modules[n]), t[0].detach().cpu().float()) for n, t in outputs
    ]


def _hooked_outputs(model: nn.Module, x: torch.Tensor, modules: dict[str, nn.Module]) -> list[tuple[str, torch.Tensor]]:
    """Record leaf outputs with forward hooks; a module called twice keeps its first output."""
    seen: dict[str, torch.Tensor] = {}

    def hook(name: str):
        def record(_module: nn.Module, _inputs: object, output: object) -> None:
            if isinstance(output, torch.Tensor) and name not in seen:
                seen[name] = output

        return record

    with _HOOK_LOCK:
        handles = [m.register_forward_hook(hook(n)) for n, m in modules.items()]
        try:
            model(x)
        finally:
            for handle in handles:
                handle.remove()
    # forward order, which can differ from registration order in a custom forward()
    order = list(seen)
    return [(n, seen[n]) for n in order if seen[n].shape[0] == 1]
