"""Models: the layer spec, the presets, and building a network for a data set.

The spec, the presets and their shapes are plain Python; `build_model`, `Net` and `init_weights` load torch
(on first use of `Net` or `init_weights`, on the first call of `build_model`), so `cnnlab models` stays light.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cnnlab.errors import unknown_choice
from cnnlab.models.presets import PRESETS, Preset
from cnnlab.models.spec import format_spec, is_module_ref, looks_like_spec, parse_spec, with_settings

if TYPE_CHECKING:
    from torch import nn

    from cnnlab.config import TrainConfig
    from cnnlab.models.build import Net, init_weights

__all__ = ["PRESETS", "Net", "Preset", "build_model", "init_weights", "model_settings", "resolve_spec",
           "seeded_model"]


def __getattr__(name: str) -> Any:
    if name in ("Net", "init_weights"):
        return getattr(importlib.import_module("cnnlab.models.build"), name)
    raise AttributeError(f"module 'cnnlab.models' has no attribute {name!r}")


MODEL_SETTINGS = ("activation", "dropout", "bn_momentum", "bn_eps")  # the run settings that change a network


def model_settings(config: TrainConfig | Mapping[str, Any]) -> dict[str, Any]:
    """A run's settings that change its network, as `resolve_spec` and `build_model` take them (a TrainConfig or
    a stored config dict)."""
    if isinstance(config, Mapping):
        return {k: config.get(k) for k in MODEL_SETTINGS}
    return {k: getattr(config, k) for k in MODEL_SETTINGS}


def resolve_spec(model: str, activation: str | None = None, dropout: float | None = None,
                 bn_momentum: float | None = None, bn_eps: float | None = None) -> str:
    """The canonical spec of a preset name or spec text, with the run's settings applied."""
    preset = PRESETS.get(model)
    if preset is not None:
        text, activation = preset.spec, activation or preset.activation
    elif looks_like_spec(model):
        text = model
    else:
        raise unknown_choice("model", model, [*PRESETS, "a layer spec", "module:Class"])
    return format_spec(with_settings(parse_spec(text), activation, dropout, bn_momentum, bn_eps))


def build_model(
    model: str,
    input_shape: tuple[int, ...],
    num_classes: int,
    activation: str | None = None,
    dropout: float | None = None,
    bn_momentum: float | None = None,
    bn_eps: float | None = None,
) -> nn.Module:
    """A preset, a spec or `module:Class`, built for this input shape and class count."""
    from cnnlab.models.build import build_net, load_custom

    if is_module_ref(model):
        return load_custom(model, num_classes)
    spec = resolve_spec(model, activation, dropout, bn_momentum, bn_eps)
    return build_net(parse_spec(spec), input_shape, num_classes)


def seeded_model(config: TrainConfig, input_shape: tuple[int, ...], num_classes: int) -> nn.Module:
    """A run's model as it starts training: the global RNG seeded with the run's seed, built, initialised.

    The one place a run's starting weights come from (a single run, each run of a stack, the saved
    `init.safetensors`). It leaves the global RNG advanced, as a run's own dropout masks expect."""
    import torch

    from cnnlab.models.build import init_weights

    torch.manual_seed(config.seed)
    model = build_model(config.model, input_shape, num_classes, **model_settings(config))
    init_weights(model, config.init)
    return model
