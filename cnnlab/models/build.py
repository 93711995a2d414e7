"""Build a `torch.nn.Sequential` from a layer spec, inferring every shape from the input shape."""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import inspect
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import torch
from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.models.spec import Layer, format_spec

Shape = tuple[int, ...]
MAX_PARAMS = 100_000_000  # 400 MB of fp32 weights: far above any small CNN, far below exhausting memory
MAX_ACTIVATION = 2**26  # values one layer may output per example (256 MB of fp32)

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


def _params(layer: Layer, shape: Shape) -> int:
    """Weights a layer would have on an input of `shape` (conv and linear; the rest are small)."""
    if layer.kind == "conv" and len(shape) == 3:
        return layer.size * shape[0] * layer.kernel**2 + (layer.size if layer.bias else 0)
    if layer.kind == "linear" and len(shape) == 1:
        return layer.size * shape[0] + (layer.size if layer.bias else 0)
    return 0


def _check_size(shape: Shape, where: str) -> None:
    if math.prod(shape) > MAX_ACTIVATION:
        raise CnnlabError(f"model spec: {where} outputs {'x'.join(map(str, shape))} = {math.prod(shape):,} values per "
                          f"example, more than the {MAX_ACTIVATION:,} cnnlab allows")


def build_net(layers: list[Layer], input_shape: Shape, num_classes: int) -> Net:
    """The last linear layer is the output layer: it gets one unit per class of the data set."""
    last_linear = max((i for i, layer in enumerate(layers) if layer.kind == "linear"), default=None)
    if last_linear is not None and layers[last_linear].size != num_classes:
        layers = list(layers)
        layers[last_linear] = Layer("linear", size=num_classes, bias=layers[last_linear].bias)
    if num_classes < 2:
        raise CnnlabError(f"a classifier needs at least 2 classes, got {num_classes}")
    counts: Counter[str] = Counter()
    modules: dict[str, nn.Module] = {}
    shape: Shape = tuple(input_shape)
    _check_size(shape, "the input")
    params = 0
    for layer in layers:
        base = _NAMES.get(layer.kind, layer.kind)
        counts[base] += 1
        name = f"{base}{counts[base]}"
        where = f"layer {len(modules) + 1} ({layer})"
        params += _params(layer, shape)  # before anything is allocated
        if params > MAX_PARAMS:
            raise CnnlabError(f"model spec: {where} takes the network to {params:,} parameters, more than the "
                              f"{MAX_PARAMS:,} cnnlab builds")
        module, shape = _module(layer, shape, where)
        _check_size(shape, where)
        modules[name] = module
    if shape != (num_classes,):
        raise CnnlabError(
            f"model spec: the network outputs shape {shape} but the data set has {num_classes} classes "
            "(end with 'flatten > linear N')"
        )
    return Net(modules, format_spec(layers), input_shape)


def _import_file(path: Path, ref: str) -> ModuleType:
    """Import one .py file by its path, under a name of its own (nothing is added to sys.path)."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    name = f"cnnlab_custom_{digest}_{re.sub(r'[^A-Za-z0-9_]', '_', path.stem)}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CnnlabError(f"cannot load model {ref!r}: {path} is not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except FileNotFoundError:
        del sys.modules[name]
        raise CnnlabError(f"cannot load model {ref!r}: {path} not found") from None
    except BaseException:
        del sys.modules[name]
        raise
    return module


@contextmanager
def _without_cwd() -> Iterator[None]:
    """sys.path without the current folder (`python -m` puts it first) while a checkpoint's module is imported."""
    saved = list(sys.path)
    here = os.path.realpath(os.getcwd())
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and os.path.realpath(p) != here]
    try:
        yield
    finally:
        sys.path[:] = saved


def load_custom(ref: str, num_classes: int, source: Path | None = None, search_cwd: bool = False) -> nn.Module:
    """`package.module:Class` (imported from sys.path), `path/to/file.py:Class` (that file), or, with
    `source`, the class from that file (a checkpoint's saved copy). Instantiated with `num_classes=`
    when its constructor takes it. The current folder is not searched, even where Python put it on
    sys.path (`python -m cnnlab`), unless `search_cwd`: a model file there is named by its path.
    """
    module_name, _, cls_name = ref.rpartition(":")
    try:
        if source is not None or module_name.endswith(".py"):
            module = _import_file(Path(source if source is not None else module_name).expanduser(), ref)
        else:
            with contextlib.nullcontext() if search_cwd else _without_cwd():
                module = importlib.import_module(module_name)
        cls = getattr(module, cls_name)
    except (ImportError, AttributeError) as e:
        hint = ""
        local = Path(*module_name.split(".")).with_suffix(".py") if module_name and source is None else None
        if local is not None and not module_name.endswith(".py") and local.is_file():
            hint = f" (the current folder is not searched: name the file, --model ./{local}:{cls_name})"
        raise CnnlabError(f"cannot load model {ref!r}: {e}{hint}") from None
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
