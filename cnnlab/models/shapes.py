"""Shape inference over a layer spec, in plain Python (no torch): each layer's name, shapes and parameters.

`plan_net` is the one place that decides whether a spec fits its input and how big it is: `build_net`
turns its plan into torch modules, and `cnnlab models` prints its parameter counts without loading torch.
Parameters are counted the Keras way, as `cnnlab summary` does: BatchNorm's running mean and variance
count (as non-trainable).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cnnlab.errors import CnnlabError
from cnnlab.models.spec import Layer, format_spec

Shape = tuple[int, ...]
MAX_PARAMS = 100_000_000  # 400 MB of fp32 weights: far above any small CNN, far below exhausting memory
MAX_ACTIVATION = 2**26  # values one layer may output per example (256 MB of fp32)

_NAMES = {"linear": "fc", "maxpool": "pool", "avgpool": "pool"}


@dataclass(frozen=True)
class PlannedLayer:
    name: str  # conv1, relu1, pool1, fc1, ...: the module's name in the built network
    layer: Layer
    input_shape: Shape  # per example
    output_shape: Shape
    params: int  # trainable and non-trainable (BatchNorm's running statistics)


@dataclass(frozen=True)
class NetPlan:
    layers: list[PlannedLayer]
    spec: str  # the canonical spec, with the output layer sized for the class count

    @property
    def params(self) -> int:
        return sum(p.params for p in self.layers)


def conv_padding(layer: Layer) -> int:
    return layer.kernel // 2 if layer.padding == "same" else int(layer.padding)


def _out_len(size: int, kernel: int, stride: int, padding: int) -> int:
    return (size + 2 * padding - kernel) // stride + 1


def _image(shape: Shape, where: str, hint: str = "") -> tuple[int, int, int]:
    if len(shape) != 3:
        raise CnnlabError(f"model spec: {where} needs an image input{hint}")
    return shape  # type: ignore[return-value]


def _layer(layer: Layer, shape: Shape, where: str) -> tuple[Shape, int]:
    """(output shape, parameters) of one layer on an input of `shape`."""
    k = layer.kind
    if k == "conv":
        c, h, w = _image(shape, where, f", got a flat vector of {shape[0]}")
        if layer.padding == "same" and layer.kernel % 2 == 0:
            raise CnnlabError(f"model spec: {where}: 'same' padding needs an odd kernel, got k{layer.kernel}")
        oh, ow = (_out_len(s, layer.kernel, layer.stride or 1, conv_padding(layer)) for s in (h, w))
        if oh < 1 or ow < 1:
            raise CnnlabError(f"model spec: {where} k{layer.kernel} does not fit its {h}x{w} input")
        return (layer.size, oh, ow), layer.size * c * layer.kernel**2 + (layer.size if layer.bias else 0)
    if k in ("maxpool", "avgpool"):
        c, h, w = _image(shape, where, f", got a flat vector of {shape[0]}")
        oh, ow = (_out_len(s, layer.size, layer.stride or layer.size, 0) for s in (h, w))
        if oh < 1 or ow < 1:
            raise CnnlabError(f"model spec: {where} of size {layer.size} does not fit its {h}x{w} input")
        return (c, oh, ow), 0
    if k == "gap":
        return (_image(shape, where)[0], 1, 1), 0
    if k == "crop":
        c, h, w = _image(shape, where, f", got a flat vector of {shape[0]}")
        if layer.size > min(h, w):
            raise CnnlabError(f"model spec: {where} does not fit its {h}x{w} input")
        return (c, layer.size, layer.size), 0
    if k == "flatten":
        return (math.prod(shape),), 0
    if k == "linear":
        if len(shape) != 1:
            raise CnnlabError(f"model spec: {where} needs a flat input: add 'flatten' before it")
        return (layer.size,), layer.size * shape[0] + (layer.size if layer.bias else 0)
    if k == "bn":
        return shape, 4 * shape[0]  # weight and bias; running mean and variance
    if k == "dropout2d":
        _image(shape, where, "; use 'dropout' on vectors")
    return shape, 0


def _check_size(shape: Shape, where: str) -> None:
    if math.prod(shape) > MAX_ACTIVATION:
        raise CnnlabError(f"model spec: {where} outputs {'x'.join(map(str, shape))} = {math.prod(shape):,} values per "
                          f"example, more than the {MAX_ACTIVATION:,} cnnlab allows")


def plan_net(layers: list[Layer], input_shape: Shape, num_classes: int) -> NetPlan:
    """The last linear layer is the output layer: it gets one unit per class of the data set."""
    last_linear = max((i for i, layer in enumerate(layers) if layer.kind == "linear"), default=None)
    if last_linear is not None and layers[last_linear].size != num_classes:
        layers = list(layers)
        layers[last_linear] = Layer("linear", size=num_classes, bias=layers[last_linear].bias)
    if num_classes < 2:
        raise CnnlabError(f"a classifier needs at least 2 classes, got {num_classes}")
    counts: dict[str, int] = {}
    planned: list[PlannedLayer] = []
    shape: Shape = tuple(input_shape)
    _check_size(shape, "the input")
    params = 0
    for layer in layers:
        base = _NAMES.get(layer.kind, layer.kind)
        counts[base] = counts.get(base, 0) + 1
        where = f"layer {len(planned) + 1} ({layer})"
        out, own = _layer(layer, shape, where)
        params += own
        if params > MAX_PARAMS:
            raise CnnlabError(f"model spec: {where} takes the network to {params:,} parameters, more than the "
                              f"{MAX_PARAMS:,} cnnlab builds")
        _check_size(out, where)
        planned.append(PlannedLayer(f"{base}{counts[base]}", layer, shape, out, own))
        shape = out
    if shape != (num_classes,):
        raise CnnlabError(
            f"model spec: the network outputs shape {shape} but the data set has {num_classes} classes "
            "(end with 'flatten > linear N')"
        )
    return NetPlan(planned, format_spec(layers))
