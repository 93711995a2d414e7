"""Build a `torch.nn.Sequential` from a layer spec, inferring every shape from the input shape."""

from __future__ import annotations

import importlib
import inspect
import math
import os
import sys
from collections import Counter

import torch
from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.models.spec import Layer, format_spec

Shape = tuple[int, ...]

_ACT = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "gelu": nn.GELU, "elu": nn.ELU, "silu": nn.SiLU}
_NAMES = {"linear": "fc", "maxpool": "pool", "avgpool": "pool"}


class Net(nn.Sequential):
    """A spec-built network: a named sequence of layers plus the spec and input shape it came from."""

    def __init__(self, modules: dict[str, nn.Module], spec: str, input_shape: Shape) -> None:
        super().__init__()
        for name, module in modules.items():
            self.add_module(name, module)
        self.spec = spec
        self.input_shape = tuple(input_shape)


def _out_len(size: int, kernel: int, stride: int, padding: int) -> int:
    return (size + 2 * padding - kernel) // stride + 1


def _module(layer: Layer, shape: Shape, where: str) -> tuple[nn.Module, Shape]:
    k = layer.kind
    if k == "conv":
        if len(shape) != 3:
            raise CnnlabError(f"model spec: {where} needs an image input, got a flat vector of {shape[0]}")
        c, h, w = shape
        pad = layer.kernel // 2 if layer.padding == "same" else int(layer.padding)
        if layer.padding == "same" and layer.kernel % 2 == 0:
            raise CnnlabError(f"model spec: {where}: 'same' padding needs an odd kernel, got k{layer.kernel}")
        oh, ow = (_out_len(s, layer.kernel, layer.stride or 1, pad) for s in (h, w))
        if oh < 1 or ow < 1:
            raise CnnlabError(f"model spec: {where} k{layer.kernel} does not fit its {h}x{w} input")
        conv = nn.Conv2d(c, layer.size, layer.kernel, layer.stride or 1, pad, bias=layer.bias)
        return conv, (layer.size, oh, ow)
    if k in ("maxpool", "avgpool"):
        if len(shape) != 3:
            raise CnnlabError(f"model spec: {where} needs an image input, got a flat vector of {shape[0]}")
        c, h, w = shape
        oh, ow = (_out_len(s, layer.size, layer.stride or layer.size, 0) for s in (h, w))
        if oh < 1 or ow < 1:
            raise CnnlabError(f"model spec: {where} of size {layer.size} does not fit its {h}x{w} input")
        cls = nn.MaxPool2d if k == "maxpool" else nn.AvgPool2d
        return cls(layer.size, layer.stride or layer.size), (c, oh, ow)
    if k == "gap":
        if len(shape) != 3:
            raise CnnlabError(f"model spec: {where} needs an image input")
        return nn.AdaptiveAvgPool2d(1), (shape[0], 1, 1)
    if k == "flatten":
        return nn.Flatten(), (math.prod(shape),)
    if k == "linear":
        if len(shape) != 1:
            raise CnnlabError(f"model spec: {where} needs a flat input: add 'flatten' before it")
        return nn.Linear(shape[0], layer.size, bias=layer.bias), (layer.size,)
    if k == "bn":
        return (nn.BatchNorm2d(shape[0]) if len(shape) == 3 else nn.BatchNorm1d(shape[0])), shape
    if k == "dropout":
        return nn.Dropout(layer.rate), shape
    if k == "dropout2d":
        if len(shape) != 3:
            raise CnnlabError(f"model spec: {where} needs an image input; use 'dropout' on vectors")
        return nn.Dropout2d(layer.rate), shape
    if k == "leakyrelu":
        return nn.LeakyReLU(layer.rate), shape
    return _ACT[k](), shape


def build_net(layers: list[Layer], input_shape: Shape, num_classes: int) -> Net:
    """The last linear layer is the output layer: it gets one unit per class of the data set."""
    last_linear = max((i for i, layer in enumerate(layers) if layer.kind == "linear"), default=None)
    if last_linear is not None and layers[last_linear].size != num_classes:
        layers = list(layers)
        layers[last_linear] = Layer("linear", size=num_classes, bias=layers[last_linear].bias)
    counts: Counter[str] = Counter()
    modules: dict[str, nn.Module] = {}
    shape: Shape = tuple(input_shape)
    for layer in layers:
        base = _NAMES.get(layer.kind, layer.kind)
        counts[base] += 1
        name = f"{base}{counts[base]}"
        module, shape = _module(layer, shape, f"layer {len(modules) + 1} ({layer})")
        modules[name] = module
    if shape != (num_classes,):
        raise CnnlabError(
            f"model spec: the network outputs shape {shape} but the data set has {num_classes} classes "
            "(end with 'flatten > linear N')"
        )
    return Net(modules, format_spec(layers), input_shape)


def load_custom(ref: str, num_classes: int) -> nn.Module:
    """`package.module:ClassName`, instantiated with `num_classes=` when its constructor takes it."""
    module_name, _, cls_name = ref.partition(":")
    if os.getcwd() not in sys.path:  # a user's model file in the current folder, as Python scripts expect
        sys.path.insert(0, os.getcwd())
    try:
        cls = getattr(importlib.import_module(module_name), cls_name)
    except (ImportError, AttributeError) as e:
        raise CnnlabError(f"cannot load model {ref!r}: {e}") from None
    if not (inspect.isclass(cls) and issubclass(cls, nn.Module)):
        raise CnnlabError(f"model {ref!r} is not a torch.nn.Module subclass")
    params = inspect.signature(cls).parameters
    return cls(num_classes=num_classes) if "num_classes" in params else cls()


def init_weights(model: nn.Module, scheme: str, generator: torch.Generator | None = None) -> None:
    """Re-initialise conv and linear weights; biases start at zero for every scheme but the default."""
    if scheme == "default":
        return
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            with torch.no_grad():
                if scheme == "xavier":
                    nn.init.xavier_uniform_(m.weight, generator=generator)
                elif scheme == "kaiming":
                    nn.init.kaiming_normal_(m.weight, nonlinearity="relu", generator=generator)
                elif scheme == "normal":
                    nn.init.normal_(m.weight, 0.0, 0.01, generator=generator)  # the classic N(0, 0.01)
                if m.bias is not None:
                    m.bias.zero_()
