"""Layer-by-layer summary: output shapes, parameter counts (Keras-style trainable/non-trainable), mult-adds."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class LayerRow:
    name: str
    kind: str
    output_shape: tuple[int, ...]
    params: int
    mult_adds: int


@dataclass(frozen=True)
class Summary:
    layers: list[LayerRow]
    total_params: int
    trainable_params: int
    non_trainable_params: int
    mult_adds: int

    def to_dict(self) -> dict:
        return {
            "layers": [
                {
                    "name": r.name,
                    "kind": r.kind,
                    "output_shape": list(r.output_shape),
                    "params": r.params,
                    "mult_adds": r.mult_adds,
                }
                for r in self.layers
            ],
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "mult_adds": self.mult_adds,
        }


def _own_counts(m: nn.Module) -> tuple[int, int]:
    """(trainable, non-trainable): BatchNorm running mean/var count as non-trainable, as in Keras."""
    trainable = sum(p.numel() for p in m.parameters(recurse=False) if p.requires_grad)
    frozen = sum(p.numel() for p in m.parameters(recurse=False) if not p.requires_grad)
    frozen += sum(b.numel() for b in m.buffers(recurse=False) if b.is_floating_point())
    return trainable, frozen


def _mult_adds(m: nn.Module, out: torch.Tensor) -> int:
    if isinstance(m, nn.Conv2d):
        kh, kw = m.kernel_size
        return out.numel() * (m.in_channels // m.groups) * kh * kw
    if isinstance(m, nn.Linear):
        return out.numel() * m.in_features
    return 0


def summarize(model: nn.Module, input_shape: tuple[int, ...]) -> Summary:
    """Run one example through the model with hooks on every leaf module (works for any nn.Module)."""
    rows: list[LayerRow] = []
    hooks = []
    for name, m in model.named_modules():
        if next(m.children(), None) is not None:
            continue

        def hook(mod: nn.Module, _inp: object, out: torch.Tensor, name: str = name) -> None:
            trainable, frozen = _own_counts(mod)
            rows.append(
                LayerRow(name, type(mod).__name__, tuple(out.shape[1:]), trainable + frozen, _mult_adds(mod, out))
            )

        hooks.append(m.register_forward_hook(hook))
    was_training = model.training
    model.eval()
    try:
        device = next(model.parameters()).device
        with torch.no_grad():
            model(torch.zeros((1, *input_shape), device=device))
    finally:
        model.train(was_training)
        for h in hooks:
            h.remove()
    trainable = frozen = 0
    for m in model.modules():
        t, f = _own_counts(m)
        trainable, frozen = trainable + t, frozen + f
    return Summary(rows, trainable + frozen, trainable, frozen, sum(r.mult_adds for r in rows))
