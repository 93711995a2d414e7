"""R copies of one network as one computation: every run's forward pass at once, each with its own weights.

Two ways to run a stack, chosen by `stack_for(model)`:

- `NativeStack`, for spec-built networks (an nn.Sequential of conv, pooling, BatchNorm, dropout, flatten,
  linear and elementwise activations). Image activations are one (B, R*C, H, W) tensor in channels-last
  memory: a convolution is one grouped convolution (groups = R), BatchNorm is one batch_norm over R*C
  channels (exactly each run's own statistics), pooling and activations run unchanged. Flat activations are
  (R, B, F) and a linear layer is one batched matrix product. On the 2-core AVX2 VM a channels-last grouped
  convolution over 8 LeNet runs took 0.3-0.9x the time of the 8 separate convolutions, where the
  contiguous grouped convolution that `vmap` produces took 2-3x (forward and backward, one thread).
  Runs that share a seed share their batches (order, split, statistics): they get one copy of the input, and the
  first convolution is grouped by input, not by run. A grouped convolution with one input channel per group is
  the slowest case of all: for 8 LeNet runs in 2 seeds, bf16, a stacked step went from 23.6 to 19.5 ms on the
  2-core AVX-512 VM (the logits are the same values).
- `VmapStack`, for anything else (a `module:Class` network): `torch.func.vmap` over `functional_call`.

Both take each run's parameters from the runs' own modules on every step (`params`: a differentiable
concatenation), so every run keeps ordinary leaf parameters that its own torch optimizer updates, and
its gradient arrives in its own `.grad`. Buffers (BatchNorm statistics) live stacked in the stack while
it trains and are written back to the runs' modules by `write_back`.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, vmap

from cnnlab.models.build import CenterCrop

ELEMENTWISE = (nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh, nn.GELU, nn.ELU, nn.SiLU, nn.ReLU6, nn.Hardtanh)
NATIVE = (nn.Conv2d, nn.Linear, nn.BatchNorm1d, nn.BatchNorm2d, nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d,
          nn.Flatten, nn.Dropout, nn.Dropout2d, CenterCrop, *ELEMENTWISE)


def dropout_rates(models: Sequence[nn.Module]) -> dict[str, torch.Tensor]:
    """Each dropout layer's rate in every run, (R,) float32 on the models' device (runs may differ)."""
    names = [n for n, m in models[0].named_modules() if isinstance(m, (nn.Dropout, nn.Dropout2d))]
    device = next(models[0].parameters()).device
    return {n: torch.tensor([float(m.get_submodule(n).p) for m in models], device=device) for n in names}


def _dropout(x: torch.Tensor, rate: torch.Tensor, mask_shape: tuple[int, ...], rate_shape: tuple[int, ...]
             ) -> torch.Tensor:
    """Inverted dropout with a per-run rate: keep where uniform noise >= rate (rate 0 is the identity)."""
    keep = (torch.rand(mask_shape, device=x.device) >= rate.view(rate_shape)).to(x.dtype)
    return x * keep / (1 - rate.view(rate_shape))


class NativeStack:
    """A stack of a spec-built nn.Sequential in the grouped channels-last layout (module docstring)."""

    def __init__(self, model: nn.Module) -> None:
        self.layers = list(model.named_children())
        # the first layer that computes (a crop before it only slices the input)
        self.first = next((i for i, (_, m) in enumerate(self.layers) if not isinstance(m, CenterCrop)), 0)

    @staticmethod
    def supports(model: nn.Module) -> bool:
        return (isinstance(model, nn.Sequential) and type(model).forward is nn.Sequential.forward
                and all(type(m) in NATIVE for m in model.children())
                and all(m.output_size in (1, (1, 1)) for m in model.children() if isinstance(m, nn.AdaptiveAvgPool2d))
                and all(m.momentum is not None and m.affine and m.track_running_stats
                        for m in model.children() if isinstance(m, nn.modules.batchnorm._BatchNorm)))

    def params(self, models: Sequence[nn.Module]) -> dict[str, torch.Tensor]:
        """Each run's parameters joined: (R*O, ...) for conv and BatchNorm, (R, ...) for linear layers."""
        out = {}
        for name, m in self.layers:
            if not isinstance(m, (nn.Conv2d, nn.Linear, nn.modules.batchnorm._BatchNorm)):
                continue
            join = torch.stack if isinstance(m, nn.Linear) else torch.cat
            for p, _ in m.named_parameters():
                out[f"{name}.{p}"] = join([run.get_submodule(name).get_parameter(p) for run in models])
        return out

    def buffers(self, models: Sequence[nn.Module]) -> dict[str, torch.Tensor]:
        """BatchNorm running statistics, joined over the runs ((R*C,); the batch counts (R,))."""
        out = {}
        for name, m in self.layers:
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                for b in ("running_mean", "running_var"):
                    out[f"{name}.{b}"] = torch.cat([run.get_submodule(name).get_buffer(b) for run in models])
                out[f"{name}.num_batches_tracked"] = torch.stack(
                    [run.get_submodule(name).num_batches_tracked for run in models])
        return out

    def write_back(self, buffers: dict[str, torch.Tensor], models: Sequence[nn.Module]) -> None:
        with torch.no_grad():
            for key, stacked in buffers.items():
                for run, part in zip(models, stacked.chunk(len(models)), strict=True):
                    run.get_buffer(key).copy_(part.view_as(run.get_buffer(key)))

    def shares_input(self) -> bool:
        """True when the first layer can read one input for several runs: a convolution without groups, whose
        output channels for runs that see the same images are then one dense convolution's."""
        first = self.layers[self.first][1] if self.layers else None
        return isinstance(first, nn.Conv2d) and first.groups == 1

    def forward(self, params: dict[str, torch.Tensor], buffers: dict[str, torch.Tensor], x: torch.Tensor,
                rates: dict[str, torch.Tensor], training: bool, runs: int | None = None) -> torch.Tensor:
        """Logits (R, B, K) of R = `runs` runs on their own normalised inputs `x` (S, B, C, H, W) or (S, B, F).
        S = R (each run its own input), or S < R: run r reads input r // (R / S), as runs that share a seed
        (their batches and statistics) do; the first layer then reads each input once (`shares_input`)."""
        S, B = x.shape[:2]
        R = runs or S
        if S != R and not self.shares_input():
            x, S = x.repeat_interleave(R // S, 0), R
        if x.dim() == 5:  # (S, B, C, H, W) -> (B, S*C, H, W), channels-last, in one copy
            _, _, C, H, W = x.shape
            x = x.permute(1, 3, 4, 0, 2).contiguous().view(B, H, W, S * C).permute(0, 3, 1, 2)
        for i, (name, m) in enumerate(self.layers):
            image = x.dim() == 4
            if isinstance(m, nn.Conv2d):
                w, b = params[f"{name}.weight"], params.get(f"{name}.bias")
                # the first layer: S groups, each its input's runs' filters (R/S runs' worth of output channels)
                x = F.conv2d(x, w, b, m.stride, m.padding, m.dilation, (S if i == self.first else R) * m.groups)
            elif isinstance(m, nn.Linear):
                w, b = params[f"{name}.weight"], params.get(f"{name}.bias")
                wt = w.transpose(1, 2)
                x = torch.bmm(x, wt) if b is None else torch.baddbmm(b.unsqueeze(1), x, wt)
            elif isinstance(m, nn.modules.batchnorm._BatchNorm):
                stats = [buffers[f"{name}.{k}"] for k in ("running_mean", "running_var")]
                if training:
                    buffers[f"{name}.num_batches_tracked"].add_(1)
                flat = x if image else x.transpose(0, 1).reshape(B, -1)  # (B, R*F): one channel per run's unit
                flat = F.batch_norm(flat, *stats, params[f"{name}.weight"], params[f"{name}.bias"], training,
                                    m.momentum, m.eps)
                x = flat if image else flat.view(B, R, -1).transpose(0, 1)
            elif isinstance(m, (nn.Dropout, nn.Dropout2d)):
                if training:
                    rate = rates[name]
                    if image:
                        c = x.shape[1] // R
                        rate = rate.repeat_interleave(c)
                        mask = (B, R * c, 1, 1) if isinstance(m, nn.Dropout2d) else tuple(x.shape)
                        x = _dropout(x, rate, mask, (1, R * c, 1, 1))
                    else:
                        x = _dropout(x, rate, tuple(x.shape), (R, 1, 1))
            elif isinstance(m, nn.Flatten):
                if image:  # (B, R*C, H, W) -> (R, B, C*H*W), each run's features in nn.Flatten's order
                    x = x.unflatten(1, (R, -1)).transpose(0, 1).flatten(2)
            else:  # cropping, pooling and elementwise activations work on any layout
                x = m(x)
        return x


class VmapStack:
    """A stack of any module through torch.func.vmap (dropout: a per-run rate buffer, `RateDropout`)."""

    def __init__(self, model: nn.Module) -> None:
        self.base = _with_rate_dropout(model)
        self._fwd = vmap(self._one, in_dims=(0, 0, 0), randomness="different")

    def params(self, models: Sequence[nn.Module]) -> dict[str, torch.Tensor]:
        names = [n for n, p in models[0].named_parameters()]
        return {n: torch.stack([m.get_parameter(n) for m in models]) for n in names}

    def buffers(self, models: Sequence[nn.Module]) -> dict[str, torch.Tensor]:
        names = [n for n, _ in models[0].named_buffers()]
        return {n: torch.stack([m.get_buffer(n) for m in models]).clone() for n in names}

    def write_back(self, buffers: dict[str, torch.Tensor], models: Sequence[nn.Module]) -> None:
        with torch.no_grad():
            for key, stacked in buffers.items():
                for m, part in zip(models, stacked, strict=True):
                    m.get_buffer(key).copy_(part)

    def _one(self, params: dict, buffers: dict, x: torch.Tensor) -> torch.Tensor:
        return functional_call(self.base, (params, buffers), (x,))

    def forward(self, params: dict[str, torch.Tensor], buffers: dict[str, torch.Tensor], x: torch.Tensor,
                rates: dict[str, torch.Tensor], training: bool, runs: int | None = None) -> torch.Tensor:
        if runs is not None and runs != x.shape[0]:  # one input for several runs: each run its own copy
            x = x.repeat_interleave(runs // x.shape[0], 0)
        self.base.train(training)
        extra = {f"{n}.rate": r for n, r in rates.items()}
        return self._fwd(params, {**buffers, **extra}, x)


class RateDropout(nn.Module):
    """Dropout whose rate is a buffer, so each run of a vmapped stack has its own (0 is the identity)."""

    def __init__(self, rate: float, channelwise: bool) -> None:
        super().__init__()
        self.channelwise = channelwise
        self.register_buffer("rate", torch.tensor(float(rate)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return x
        noise = torch.rand_like(x[..., :1, :1] if self.channelwise and x.dim() >= 3 else x)
        return x * (noise >= self.rate).to(x.dtype) / (1 - self.rate)


def _with_rate_dropout(model: nn.Module) -> nn.Module:
    """A parameterless copy of `model` (on the meta device) with every dropout a RateDropout."""
    model = copy.deepcopy(model).to("meta")
    for name, m in list(model.named_modules()):
        if isinstance(m, (nn.Dropout, nn.Dropout2d)):
            parent = model.get_submodule(name.rpartition(".")[0]) if "." in name else model
            setattr(parent, name.rpartition(".")[2], RateDropout(0.0, isinstance(m, nn.Dropout2d)))
    return model


def stack_for(model: nn.Module) -> NativeStack | VmapStack:
    """The stack of `model` (the training view: see models/pool_first.py)."""
    return NativeStack(model) if NativeStack.supports(model) else VmapStack(model)
