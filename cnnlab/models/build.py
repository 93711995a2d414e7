"""Build a `torch.nn.Sequential` from a layer spec (its shapes inferred by `cnnlab.models.shapes`)."""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import inspect
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import torch
from torch import nn

from cnnlab.errors import CnnlabError
from cnnlab.models.shapes import Shape, conv_padding, plan_net
from cnnlab.models.spec import Layer

_ACT = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "gelu": nn.GELU, "elu": nn.ELU, "silu": nn.SiLU}


class Net(nn.Sequential):
    """A spec-built network: a named sequence of layers plus the spec and input shape it came from."""

    def __init__(self, modules: dict[str, nn.Module], spec: str, input_shape: Shape) -> None:
        super().__init__()
        for name, module in modules.items():
            self.add_module(name, module)
        self.spec = spec
        self.input_shape = tuple(input_shape)


class CenterCrop(nn.Module):
    """The centre `size` x `size` of each image (a view: its backward writes into a zeroed input gradient)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        top, left = (x.shape[-2] - self.size) // 2, (x.shape[-1] - self.size) // 2
        return x[..., top:top + self.size, left:left + self.size]

    def extra_repr(self) -> str:
        return f"size={self.size}"


def _module(layer: Layer, shape: Shape) -> nn.Module:
    """The torch module of one planned layer (its input `shape` already checked by `plan_net`)."""
    k = layer.kind
    if k == "conv":
        return nn.Conv2d(shape[0], layer.size, layer.kernel, layer.stride or 1, conv_padding(layer), bias=layer.bias)
    if k in ("maxpool", "avgpool"):
        return (nn.MaxPool2d if k == "maxpool" else nn.AvgPool2d)(layer.size, layer.stride or layer.size)
    if k == "gap":
        return nn.AdaptiveAvgPool2d(1)
    if k == "crop":
        return CenterCrop(layer.size)
    if k == "flatten":
        return nn.Flatten()
    if k == "linear":
        return nn.Linear(shape[0], layer.size, bias=layer.bias)
    if k == "bn":
        bn = nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d
        return bn(shape[0], eps=1e-5 if layer.eps is None else layer.eps,
                  momentum=0.1 if layer.momentum is None else layer.momentum)
    if k == "dropout":
        return nn.Dropout(layer.rate)
    if k == "dropout2d":
        return nn.Dropout2d(layer.rate)
    if k == "leakyrelu":
        return nn.LeakyReLU(layer.rate)
    return _ACT[k]()


def build_net(layers: list[Layer], input_shape: Shape, num_classes: int) -> Net:
    """The network `plan_net` lays out (every shape checked, the output layer sized for the classes)."""
    plan = plan_net(layers, input_shape, num_classes)
    return Net({p.name: _module(p.layer, p.input_shape) for p in plan.layers}, plan.spec, input_shape)


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
