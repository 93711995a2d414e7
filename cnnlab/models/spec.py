"""The compact layer spec: a network is a short list of layers that reads the same everywhere.

    conv 32 k3 > relu > maxpool 2 > conv 64 k3 > relu > maxpool 2 > flatten
      > linear 128 > relu > dropout 0.5 > linear 10

Layers are separated by `>` (also `->`, `→`, `,` or newlines). Each layer is a kind and its arguments:

    conv C kK [sS] [pP | same] [nobias]     2-D convolution with C output channels, K x K kernel
    linear N [nobias]                       fully connected (aliases: fc, dense)
    maxpool K [sS] | avgpool K [sS]         pooling, stride defaults to K
    gap                                     global average pooling
    crop N                                  the centre N x N of each image (MNIST's digits sit in its middle
                                            20 x 20: `crop 24` drops a border that is almost always blank)
    flatten | dropout P | dropout2d P
    bn [mM] [epsE]                          batch norm; M: weight of each batch in the running statistics
                                            (torch's momentum, default 0.1; Keras's momentum 0.99 is m0.01),
                                            E: added to the variance (default 1e-5; Keras's is 1e-3)
    relu | leakyrelu [SLOPE] | sigmoid | tanh | gelu | elu | silu

`with_settings` applies the run's `activation`, `dropout`, `bn_momentum` and `bn_eps` settings to a spec, so a
variant such as "cnn_3 with sigmoid" is cnn_3 plus a setting, never a second spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cnnlab.errors import CnnlabError

ACTIVATIONS = ("relu", "leakyrelu", "sigmoid", "tanh", "gelu", "elu", "silu")
KINDS = ("conv", "linear", "maxpool", "avgpool", "gap", "crop", "flatten", "bn", "dropout", "dropout2d", *ACTIVATIONS)
ALIASES = {
    "fc": "linear",
    "dense": "linear",
    "conv2d": "conv",
    "pool": "maxpool",
    "batchnorm": "bn",
    "leaky_relu": "leakyrelu",
    "lrelu": "leakyrelu",
    "globalavgpool": "gap",
    "swish": "silu",
}
LEAKY_SLOPE = 0.01  # PyTorch's default negative slope (Keras 3: 0.3 for the layer, 0.2 for the activation)
MAX_LAYERS = 1000  # a small CNN has tens; thousands are a mistake (or an attempt to exhaust memory)
MAX_SPEC_CHARS = 20_000


@dataclass(frozen=True)
class Layer:
    kind: str
    size: int | None = None  # conv channels, linear features, pool kernel, crop side
    kernel: int | None = None  # conv kernel
    stride: int | None = None
    padding: int | str = 0  # int or "same"
    bias: bool = True
    rate: float | None = None  # dropout probability or leaky slope
    momentum: float | None = None  # bn: torch's momentum (None: torch's 0.1)
    eps: float | None = None  # bn: variance epsilon (None: torch's 1e-5)

    def __str__(self) -> str:
        k = self.kind
        if k == "conv":
            parts = [f"conv {self.size} k{self.kernel}"]
            if self.stride not in (None, 1):
                parts.append(f"s{self.stride}")
            if self.padding == "same":
                parts.append("same")
            elif self.padding:
                parts.append(f"p{self.padding}")
            if not self.bias:
                parts.append("nobias")
            return " ".join(parts)
        if k == "linear":
            return f"linear {self.size}" + ("" if self.bias else " nobias")
        if k in ("maxpool", "avgpool"):
            return f"{k} {self.size}" + (f" s{self.stride}" if self.stride not in (None, self.size) else "")
        if k == "crop":
            return f"crop {self.size}"
        if k in ("dropout", "dropout2d"):
            return f"{k} {self.rate:g}"
        if k == "leakyrelu" and self.rate not in (None, LEAKY_SLOPE):
            return f"leakyrelu {self.rate:g}"
        if k == "bn":
            return " ".join(["bn", *([f"m{self.momentum:g}"] if self.momentum is not None else []),
                             *([f"eps{self.eps:g}"] if self.eps is not None else [])])
        return k


def _int(tok: str, what: str, text: str) -> int:
    if not re.fullmatch(r"\d+", tok) or int(tok) < 1:
        raise CnnlabError(f"model spec: {what} must be a positive whole number, got {tok!r} in {text!r}")
    return int(tok)


def _rate(tok: str, what: str, text: str, upper: float) -> float:
    try:
        v = float(tok)
    except ValueError:
        v = -1.0
    if not 0 <= v < upper:
        raise CnnlabError(f"model spec: {what} must be a number in [0, {upper:g}), got {tok!r} in {text!r}")
    return v


def _positive(tok: str, what: str, text: str) -> float:
    try:
        v = float(tok)
    except ValueError:
        v = -1.0
    if not 0 < v < 1:
        raise CnnlabError(f"model spec: {what} must be a number in (0, 1), got {tok!r} in {text!r}")
    return v


def parse_layer(text: str) -> Layer:
    tokens = text.lower().split()
    kind = ALIASES.get(tokens[0], tokens[0])
    args = tokens[1:]
    if kind not in KINDS:
        raise CnnlabError(f"model spec: unknown layer {tokens[0]!r} (layers: {', '.join(KINDS)})")
    if kind == "conv":
        if not args:
            raise CnnlabError(f"model spec: conv needs a channel count, e.g. 'conv 32 k3', got {text!r}")
        layer = Layer("conv", size=_int(args[0], "conv channels", text), kernel=3, stride=1)
        for a in args[1:]:
            if a == "nobias":
                layer = replace(layer, bias=False)
            elif a == "same":
                layer = replace(layer, padding="same")
            elif a[:1] in "ksp" and len(a) > 1:
                field = {"k": "kernel", "s": "stride", "p": "padding"}[a[0]]
                value = int(a[1:]) if field == "padding" and a[1:] == "0" else _int(a[1:], f"conv {field}", text)
                layer = replace(layer, **{field: value})
            else:
                raise CnnlabError(f"model spec: unknown conv option {a!r} in {text!r} (kN, sN, pN, same, nobias)")
        return layer
    if kind == "linear":
        if not args:
            raise CnnlabError(f"model spec: linear needs a width, e.g. 'linear 128', got {text!r}")
        extra = [a for a in args[1:] if a != "nobias"]
        if extra:
            raise CnnlabError(f"model spec: unknown linear option {extra[0]!r} in {text!r} (nobias)")
        return Layer("linear", size=_int(args[0], "linear width", text), bias="nobias" not in args[1:])
    if kind in ("maxpool", "avgpool"):
        size = _int(args[0], "pool size", text) if args else 2
        stride = size
        for a in args[1:]:
            if not a.startswith("s"):
                raise CnnlabError(f"model spec: unknown pool option {a!r} in {text!r} (sN)")
            stride = _int(a[1:], "pool stride", text)
        return Layer(kind, size=size, stride=stride)
    if kind == "crop":
        if len(args) != 1:
            raise CnnlabError(f"model spec: crop needs one side length, e.g. 'crop 24', got {text!r}")
        return Layer("crop", size=_int(args[0], "crop side", text))
    if kind in ("dropout", "dropout2d"):
        return Layer(kind, rate=_rate(args[0], "dropout rate", text, 1.0) if args else 0.5)
    if kind == "leakyrelu":
        return Layer(kind, rate=_rate(args[0], "leaky slope", text, 1.0) if args else LEAKY_SLOPE)
    if kind == "bn":
        layer = Layer("bn")
        for a in args:
            if a.startswith("eps") and len(a) > 3:
                layer = replace(layer, eps=_positive(a[3:], "bn eps", text))
            elif a.startswith("m") and len(a) > 1:
                layer = replace(layer, momentum=_positive(a[1:], "bn momentum", text))
            else:
                raise CnnlabError(f"model spec: unknown bn option {a!r} in {text!r} (mM, epsE: 'bn m0.01 eps0.001')")
        return layer
    if args:
        raise CnnlabError(f"model spec: layer {kind!r} takes no arguments, got {text!r}")
    return Layer(kind)


def parse_spec(text: str) -> list[Layer]:
    if len(text) > MAX_SPEC_CHARS:
        raise CnnlabError(f"model spec: {len(text):,} characters is too long (at most {MAX_SPEC_CHARS:,})")
    parts = [p.strip() for p in re.split(r"->|→|>|,|;|\n", text)]
    parts = [p for p in parts if p]
    if not parts:
        raise CnnlabError("model spec is empty")
    if len(parts) > MAX_LAYERS:
        raise CnnlabError(f"model spec: {len(parts):,} layers is too many (at most {MAX_LAYERS:,})")
    return [parse_layer(p) for p in parts]


def format_spec(layers: list[Layer]) -> str:
    return " > ".join(str(layer) for layer in layers)


def is_module_ref(model: str) -> bool:
    """`package.module:Class` or `path/to/file.py:Class`: a model given as Python code, not a preset or a spec."""
    return ":" in model and " " not in model.strip()


def looks_like_spec(text: str) -> bool:
    return bool(re.search(r"->|→|>|,|\n", text)) or text.split()[0].lower() in KINDS if text.strip() else False


def with_settings(layers: list[Layer], activation: str | None = None, dropout: float | None = None,
                  bn_momentum: float | None = None, bn_eps: float | None = None) -> list[Layer]:
    """Every activation layer becomes `activation`; every dropout layer gets rate `dropout`; every batch norm
    gets `bn_momentum` and `bn_eps` (None leaves what the spec says)."""
    out = []
    for layer in layers:
        if layer.kind == "bn":
            layer = replace(layer, momentum=layer.momentum if bn_momentum is None else bn_momentum,
                            eps=layer.eps if bn_eps is None else bn_eps)
        if activation is not None and layer.kind in ACTIVATIONS:
            layer = Layer(activation, rate=LEAKY_SLOPE if activation == "leakyrelu" else None)
        if dropout is not None and layer.kind in ("dropout", "dropout2d"):
            layer = replace(layer, rate=dropout)
        out.append(layer)
    return out
