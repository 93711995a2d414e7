"""Many runs of one architecture trained at once, as one stacked model (torch.func).

R runs that share an architecture, a data set and a batch size become one model whose every
parameter and buffer has a leading run axis (`stack_module_state`); `vmap` over `functional_call`
runs all R forward passes as one (convolutions become grouped convolutions), one backward pass
gives every run its own gradient, and `StackedOptimizer` updates all runs in a few tensor ops.

Each run keeps everything the single-run `Trainer` gives it, derived the same way from its seed:
its initialisation (`torch.manual_seed(seed)` before building the model), its batch order
(permutations from a generator seeded with `seed`, on the device), its augmentation generator, its
training/validation split and normalisation statistics, its optimizer state and hyperparameters, its
schedule. Only dropout noise comes from one shared generator (`vmap(randomness="different")`: every
run draws its own masks), so runs with dropout are statistically, not bitwise, the same as alone. A
run that diverges or stops early is frozen (its weights are kept as they were at that moment, its
updates masked) and reported; the others carry on undisturbed.

`StackedTrainer.run()` yields `(run index, event)` pairs with the same events, in the same order per
run, as `Trainer.run()`: the epoch loop is the shared skeleton (training/skeleton.py), the step is
`StackedSteps`. Each run reports its own share of the time: an epoch's training and wall time divided
by the runs that trained in it (`RunEnd.extra["group_size"]` says how many shared the stack; the
group's own totals are `StackedTrainer.train_seconds` and the sum of the runs' shares).
"""

from __future__ import annotations

import contextlib
import copy
import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, stack_module_state, vmap

from cnnlab.config import TrainConfig
from cnnlab.data.augment import make_augmenter
from cnnlab.data.split import stratified_sample, stratified_split
from cnnlab.data.types import Dataset
from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, Event
from cnnlab.models import build_model, init_weights, resolve_spec
from cnnlab.models.pool_first import pool_first
from cnnlab.training.eager import augment_seed
from cnnlab.training.graphed import EagerReplay, on_device, replay_length
from cnnlab.training.skeleton import Skeleton, synchronize
from cnnlab.training.stacked_optim import StackedOptimizer, StackedSchedule

# Settings that may differ between the runs of one stack; every other setting must be equal.
PER_RUN = ("seed", "lr", "momentum", "nesterov", "weight_decay", "dropout", "init", "schedule", "lr_step",
           "lr_gamma", "lr_milestones", "early_stop")
EVAL_SAMPLES = {"cpu": 1024, "cuda": 32768}  # images (over all runs) per evaluation forward pass
# CUDA only: steps recorded in one graph (one replay = this many optimizer steps; it must divide
# log_every, so the largest divisor of log_every up to this is used). More steps per replay cut the
# per-replay launch and copy overhead; 10 is where that overhead is already small next to the kernels.
STEPS_PER_GRAPH = 10
WARMUP_STEPS = 3  # eager steps on a side stream before capture, as torch.cuda.graphs asks


def architecture_key(c: TrainConfig) -> str:
    """The model with its activation applied and every dropout rate blanked: what a stack shares."""
    if ":" in c.model and " " not in c.model.strip():
        return c.model
    return resolve_spec(c.model, c.activation, 0.0)


def group_key(c: TrainConfig) -> tuple:
    """Runs with equal keys can be trained as one stack (one-cycle runs only with one-cycle runs)."""
    shared = tuple((k, repr(getattr(c, k))) for k in TrainConfig.model_fields
                   if k not in PER_RUN and k not in ("model", "activation"))
    return (architecture_key(c), c.schedule == "onecycle", *shared)


class RateDropout(nn.Module):
    """Dropout whose rate is a buffer, so each run of a stack has its own (0 is exactly the identity)."""

    def __init__(self, rate: float, channelwise: bool) -> None:
        super().__init__()
        self.channelwise = channelwise
        self.register_buffer("rate", torch.tensor(float(rate)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return x
        noise = torch.rand_like(x[..., :1, :1] if self.channelwise and x.dim() >= 3 else x)
        return x * (noise >= self.rate).to(x.dtype) / (1 - self.rate)


class UnfoldConv2d(nn.Conv2d):
    """A convolution as unfold + matrix multiply. Under vmap a stack of these is one batched matmul,
    where nn.Conv2d becomes a grouped convolution (slow backward on CPUs, and on some GPU kernels)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.groups != 1 or self.padding_mode != "zeros" or isinstance(self.padding, str):
            return super().forward(x)
        n, _, h, w = x.shape
        kh, kw = self.kernel_size
        (sh, sw), (ph, pw), (dh, dw) = self.stride, self.padding, self.dilation
        oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
        ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
        cols = F.unfold(x, self.kernel_size, self.dilation, self.padding, self.stride)  # (N, C*kh*kw, L)
        out = self.weight.flatten(1) @ cols  # (N, O, L)
        if self.bias is not None:
            out = out + self.bias.view(-1, 1)
        return out.view(n, self.out_channels, oh, ow)


CONV_IMPLS = ("grouped", "unfold")


def _stackable(model: nn.Module, conv: str = "grouped") -> nn.Module:
    """A copy of `model` with every nn.Dropout/Dropout2d replaced by a RateDropout and, with
    conv="unfold", every nn.Conv2d by an UnfoldConv2d (same parameters, same names)."""
    model = copy.deepcopy(model)
    for name, m in list(model.named_modules()):
        parent = model.get_submodule(name.rpartition(".")[0]) if "." in name else model
        if isinstance(m, (nn.Dropout, nn.Dropout2d)):
            setattr(parent, name.rpartition(".")[2], RateDropout(m.p, isinstance(m, nn.Dropout2d)))
        elif conv == "unfold" and type(m) is nn.Conv2d:
            m.__class__ = UnfoldConv2d
    return model


@dataclass
class RunData:
    """What a checkpoint records about a run's data (duck-types DeviceData for `checkpoint_info`)."""

    name: str
    classes: tuple[str, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    input_shape: tuple[int, int, int]


def input_stats(images: torch.Tensor, config: TrainConfig) -> tuple[tuple[float, ...], tuple[float, ...]]:
    from cnnlab.data.datasets import input_stats

    return input_stats(images, config)


def channel_stats_of(images: torch.Tensor, index: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    from cnnlab.data.datasets import channel_stats

    return channel_stats(images[index])


class StackedTrainer(Skeleton):
    """Trains R configs of one group together; `run()` yields (run index, event) pairs."""

    def __init__(self, configs: Sequence[TrainConfig], dataset: Dataset, device: torch.device,
                 fast_math: bool = False, cuda_graphs: bool = True, conv: str = "grouped",
                 _emulate_graphs: bool = False) -> None:
        if len({group_key(c) for c in configs}) != 1:
            raise CnnlabError("a stacked group needs runs that share architecture, data, batch size and epochs")
        self.configs = list(configs)
        c0 = self.configs[0]
        if any(c.early_stop is not None for c in configs) and c0.val_split == 0:
            raise CnnlabError("early_stop needs a validation set: set val_split > 0")
        self.R = R = len(configs)
        self.device = device
        self.fast_math = fast_math and device.type == "cuda"  # bf16 autocast: CUDA only
        self.dataset = dataset
        self.num_classes = dataset.num_classes
        self._split_data(dataset)

        # one model per run, built exactly as Trainer builds it; kept to receive each run's final weights
        self.models: list[nn.Module] = []
        for c in configs:
            torch.manual_seed(c.seed)
            m = build_model(c.model, dataset.input_shape, dataset.num_classes, c.activation, c.dropout)
            init_weights(m, c.init)
            self.models.append(m.to(device))
        if conv not in CONV_IMPLS:
            raise CnnlabError(f"unknown conv implementation {conv!r} (choices: {', '.join(CONV_IMPLS)})")
        stackables = [_stackable(m, conv) for m in self.models]
        params, buffers = stack_module_state(stackables)
        # every trainable parameter of every run in one (R, P) buffer: the optimizer's few ops cover it all
        self.shapes = {k: tuple(v.shape[1:]) for k, v in params.items()}
        self.flat = torch.cat([v.detach().flatten(1) for v in params.values()], 1).requires_grad_(True)
        self.buffers = {k: v.detach().clone() for k, v in buffers.items()}
        self.base = pool_first(copy.deepcopy(stackables[0]).to("meta"))
        self.groups = self._layer_groups(self.base)
        self.layer_names = list(self.groups)
        torch.manual_seed(c0.seed * 1_000_003 + R)  # the group's dropout noise
        self.batch_orders = [torch.Generator(device).manual_seed(c.seed) for c in configs]
        self.augment = make_augmenter(c0, device)
        self.augment_rngs = [torch.Generator(device).manual_seed(augment_seed(c.seed)) for c in configs]
        self.steps_per_epoch = math.ceil(self.n_train / c0.batch_size)
        self.optimizer = StackedOptimizer(c0.optimizer, self.flat, configs)
        self.schedule = StackedSchedule(configs, self.steps_per_epoch, device)
        self.active = torch.ones(R, dtype=torch.bool, device=device)
        self.best: dict[str, torch.Tensor] | None = None
        if any(c.early_stop is not None for c in configs):
            self.best = {k: v.detach().clone() for k, v in self._named().items()}
        self.label_smoothing = float(getattr(c0, "label_smoothing", 0.0))
        self._fwd = vmap(self._forward, in_dims=(0, 0, 0, 0, 0), randomness="different")
        self._fwd_normalised = vmap(self._forward_normalised, in_dims=(0, 0, 0), randomness="different")
        self._fwd_shared_x = vmap(self._forward, in_dims=(0, 0, 0, 0, None), randomness="different")
        self.steps = StackedSteps(self, cuda_graphs and (device.type == "cuda" or _emulate_graphs))
        self._init_skeleton()

    @property
    def history(self) -> list[list[EpochRecord]]:
        return self.histories

    @property
    def best_epoch(self) -> list[int | None]:
        return self.best_epochs

    # -- data: one uint8 copy on the device, each run's split and statistics as indices -----------
    def _split_data(self, ds: Dataset) -> None:
        c0, dev = self.configs[0], self.device
        labels = ds.train.labels
        train_idx, val_idx, means, stds = [], [], [], []
        cache: dict[int | None, tuple] = {}  # the split depends on the seed only with a subset or a validation split
        for c in self.configs:
            key = c.seed if c.subset is not None or c.val_split > 0 else None
            if key not in cache:
                idx = torch.arange(len(labels))
                if c.subset is not None:
                    idx = stratified_sample(labels, c.subset, c.seed)
                held = None
                if c.val_split > 0:
                    keep, held_rel = stratified_split(labels[idx], c.val_split, c.seed)
                    idx, held = idx[keep], idx[held_rel]
                cache[key] = (idx, held, *input_stats(ds.train.images[idx], c))
            idx, held, mean, std = cache[key]
            train_idx.append(idx)
            val_idx.append(held)
            means.append(mean)
            stds.append(std)
        if len({len(i) for i in train_idx}) != 1:
            raise CnnlabError("runs of a stack must have training sets of one size")
        self.n_train = len(train_idx[0])
        self.train_idx = torch.stack(train_idx).to(dev)  # (R, n) indices into the full training set
        self.val_idx = torch.stack(val_idx).to(dev) if c0.val_split > 0 else None  # type: ignore[arg-type]
        self.x_train, self.y_train = ds.train.images.to(dev), labels.to(dev)
        self.x_test, self.y_test = ds.test.images.to(dev), ds.test.labels.to(dev)
        self.means, self.stds = means, stds
        shape = (self.R, ds.train.images.shape[1], 1, 1)
        self.mean = torch.tensor(means, dtype=torch.float32, device=dev).view(shape)
        self.std = torch.tensor(stds, dtype=torch.float32, device=dev).view(shape)

    def run_data(self, r: int) -> RunData:
        ds = self.dataset
        return RunData(ds.name, ds.classes, self.means[r], self.stds[r], ds.input_shape)

    # -- the stacked model --------------------------------------------------------------------------
    @staticmethod
    def _layer_groups(model: nn.Module) -> dict[str, list[str]]:
        """Parameter names by owning module, in forward order (as `metrics.layer_groups`)."""
        groups: dict[str, list[str]] = {}
        for name, m in model.named_modules():
            own = [f"{name}.{n}" if name else n for n, p in m.named_parameters(recurse=False) if p.requires_grad]
            if own:
                groups[name or type(m).__name__] = own
        return groups

    def _views(self, flat: torch.Tensor) -> dict[str, torch.Tensor]:
        """Each parameter of every run, (R, ...), as a view of a flat (R, P) tensor."""
        views, at = {}, 0
        for k, shape in self.shapes.items():
            n = math.prod(shape)
            views[k] = flat[:, at:at + n].view(-1, *shape)
            at += n
        return views

    @property
    def params(self) -> dict[str, torch.Tensor]:
        """The stacked parameters (views of the flat buffer, detached: writing them writes the buffer)."""
        return self._views(self.flat.detach())

    def _named(self) -> dict[str, torch.Tensor]:
        return {**self.params, **self.buffers}

    def _forward(self, params: dict, buffers: dict, mean: torch.Tensor, std: torch.Tensor,
                 x: torch.Tensor) -> torch.Tensor:
        x = (x.to(torch.float32) / 255 - mean) / std  # exactly `datasets.normalise`, with this run's statistics
        return functional_call(self.base, (params, buffers), (x,))

    def _forward_normalised(self, params: dict, buffers: dict, x: torch.Tensor) -> torch.Tensor:
        return functional_call(self.base, (params, buffers), (x,))

    def _autocast(self) -> contextlib.AbstractContextManager:
        if self.fast_math:  # no weight cache: graph-safe
            return torch.autocast("cuda", dtype=torch.bfloat16, cache_enabled=False)
        return contextlib.nullcontext()

    def _logits(self, x: torch.Tensor, shared: bool, params: dict | None = None) -> torch.Tensor:
        """Every run's logits on uint8 images `x` ((R, N, ...) or, `shared`, one (N, ...) for all runs)."""
        fwd = self._fwd_shared_x if shared else self._fwd
        with self._autocast():
            return fwd(params or self.params, self.buffers, self.mean, self.std, x).float()

    def _grad_norms(self) -> torch.Tensor:
        """(R, layers): each run's gradient L2 norm per layer, as `metrics.grad_norms` computes it."""
        grads = self._views(self.flat.grad) if self.flat.grad is not None else {}
        cols = []
        for names in self.groups.values():
            norms = [torch.linalg.vector_norm(grads[n].flatten(1), dim=1) for n in names if n in grads]
            cols.append(torch.linalg.vector_norm(torch.stack(norms, 1), dim=1) if norms
                        else torch.zeros(self.R, device=self.device))
        return torch.stack(cols, 1)

    # -- the skeleton's hooks -----------------------------------------------------------------------
    def _evaluate(self) -> list[tuple[tuple[float, float] | None, tuple[float, float]]]:
        val = self.evaluate("val") if self.val_idx is not None else None
        test = self.evaluate("test")
        return [(val[r] if val else None, test[r]) for r in range(self.R)]

    def _lrs(self) -> list[float]:
        return self.schedule.at(self.steps.step_t)[0].tolist()  # as Trainer: the lr after the epoch's last step

    def _schedule_epoch(self, metrics: list[float]) -> None:
        self.schedule.end_epoch(metrics)

    def _keep_best(self, runs: list[int]) -> None:
        assert self.best is not None
        mask = torch.zeros(self.R, dtype=torch.bool)
        mask[runs] = True
        mask = mask.to(self.device)
        with torch.no_grad():
            for k, cur in self._named().items():
                m = mask.view(-1, *([1] * (cur.dim() - 1)))
                self.best[k].copy_(torch.where(m, cur.detach(), self.best[k]))

    def _stop(self, r: int, restore_best: bool) -> None:
        self._freeze(r, self.best if restore_best else None)

    def _freeze(self, r: int, weights: dict[str, torch.Tensor] | None = None) -> None:
        """Copy run r's weights (or `weights`, stacked) into its own model and take it out of the stack."""
        src = weights if weights is not None else self._named()
        state = {k: src[k][r].detach().clone() for k in self.models[r].state_dict()}
        self.models[r].load_state_dict(state)
        self.active[r] = False
        with torch.no_grad():  # a frozen run computes on zeros: nothing non-finite flows anywhere
            self.flat[r] = 0.0
            for t in self.buffers.values():
                t[r] = 0 if not t.is_floating_point() else 0.0
            for k, t in self.buffers.items():
                if k.endswith("running_var"):
                    t[r] = 1.0
        self.optimizer.reset_run(r)

    @torch.no_grad()
    def evaluate(self, split: str) -> list[tuple[float, float]]:
        """(loss, accuracy) of every run on `split` ("val": each run's own; "test": shared)."""
        self.base.eval()
        chunk = max(16, EVAL_SAMPLES.get(self.device.type, 4096) // self.R)
        if split == "test":
            n, y = len(self.y_test), self.y_test
        else:
            assert self.val_idx is not None
            n = self.val_idx.shape[1]
        loss = torch.zeros(self.R, device=self.device)
        hits = torch.zeros(self.R, device=self.device)
        try:
            for s in range(0, n, chunk):
                if split == "test":
                    xb, yb = self.x_test[s:s + chunk], y[s:s + chunk].expand(self.R, -1)
                    out = self._logits(xb, shared=True)
                else:
                    idx = self.val_idx[:, s:s + chunk]
                    xb, yb = self.x_train[idx], self.y_train[idx]
                    out = self._logits(xb, shared=False)
                k = out.shape[-1]
                loss += F.cross_entropy(out.reshape(-1, k).float(), yb.reshape(-1), reduction="none").view(
                    self.R, -1).sum(1)
                hits += (out.argmax(2) == yb).sum(1)
        finally:
            self.base.train()
        return [(lo / n, h / n) for lo, h in torch.stack([loss, hits], 1).tolist()]

    def run(self) -> Iterator[tuple[int, Event]]:
        """Train every run to its end; each run's events come in `Trainer.run()` order."""
        yield from self._events()


class StackedSteps:
    """The stacked step function: one optimizer step of every run of a StackedTrainer at once; on CUDA
    (or emulated) replayed `steps_per_graph` steps at a time from captured graphs."""

    def __init__(self, t: StackedTrainer, use_graphs: bool) -> None:
        self.t = t
        R, dev = t.R, t.device
        self.step_t = torch.zeros(1, dtype=torch.int64, device=dev)  # global step, on the device
        self.win = torch.zeros((2, R), device=dev)  # (loss, correct) summed over the current log window
        self.logged = torch.zeros((R, 1 + len(t.groups)), device=dev)  # lr and grad norms at a log step
        self.warmup_seconds = 0.0
        self.use_graphs = use_graphs
        self.steps_per_graph = max(d for d in range(1, STEPS_PER_GRAPH + 1) if t.configs[0].log_every % d == 0)
        self._captured: dict[int, tuple[torch.cuda.CUDAGraph | EagerReplay, tuple[torch.Tensor, ...]]] | None = None
        self._side = torch.cuda.Stream(dev) if use_graphs and dev.type == "cuda" else None
        self.order = torch.zeros(0, dtype=torch.int64)

    def start_epoch(self) -> None:
        """Training mode; (R, n) training-set indices in each run's own batch order (drawn on the device)."""
        t = self.t
        t.base.train()
        perms = torch.stack([torch.randperm(t.n_train, generator=g, device=t.device) for g in t.batch_orders])
        self.order = torch.gather(t.train_idx, 1, perms)

    def end_epoch(self) -> None:
        pass

    def batch(self, idx: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Images and labels of batch indices `idx` (R, B); with augmentation, normalised and augmented
        with each run's own generator."""
        t = self.t
        xb, yb = t.x_train[idx], t.y_train[idx]
        if t.augment is None:
            return xb, yb
        x = (xb.to(torch.float32) / 255 - t.mean.unsqueeze(1)) / t.std.unsqueeze(1)
        return torch.stack([t.augment(x[r], g) for r, g in enumerate(t.augment_rngs)]), yb

    def step(self, idx: torch.Tensor, log: bool) -> None:
        self.step_on(*self.batch(idx), log)

    def step_on(self, xb: torch.Tensor, yb: torch.Tensor, log: bool) -> None:
        """One optimizer step of every run on batches (R, B, ...): no host synchronisation, no Python
        branch on tensor values, state only in persistent tensors, so it can be captured in a CUDA
        graph. With `log`, the step's learning rates and gradient norms land in `self.logged`."""
        t = self.t
        R, B = yb.shape
        lr, mom = t.schedule.at(self.step_t)
        t.flat.grad = None
        params = t._views(t.flat)
        if t.augment is None:
            out = t._logits(xb, shared=False, params=params)  # (R, B, K)
        else:
            with t._autocast():
                out = t._fwd_normalised(params, t.buffers, xb).float()
        losses = F.cross_entropy(out.flatten(0, 1), yb.flatten(), reduction="none",
                                 label_smoothing=t.label_smoothing).view(R, B).mean(1)
        torch.where(t.active, losses, torch.zeros_like(losses)).sum().backward()
        with torch.no_grad():
            self.win[0] += losses.detach() * B
            self.win[1] += (out.detach().argmax(2) == yb).sum(1)
            if log:
                self.logged.copy_(torch.cat([lr.float().unsqueeze(1), t._grad_norms()], 1))
        t.optimizer.step(t.flat.detach(), t.flat.grad, lr, mom, t.active)
        self.step_t += 1

    def _graphs(self, B: int) -> dict[int, tuple[torch.cuda.CUDAGraph | EagerReplay, tuple[torch.Tensor, ...]]]:
        """CUDA graphs of 1 and `steps_per_graph` steps over static inputs, captured once: batch
        indices, or with augmentation (outside the graph) the augmented images and their labels."""
        if self._captured is None:
            start = time.perf_counter()
            t, k = self.t, self.steps_per_graph
            self._captured = {}
            for n in sorted({1, k}):
                idx = torch.zeros((n, t.R, B), dtype=torch.int64, device=t.device)
                if t.augment is None:
                    static: tuple[torch.Tensor, ...] = (idx,)
                    steps = [lambda j=j, n=n, s=static: self.step(s[0][j], j == n - 1) for j in range(n)]
                else:
                    images = torch.zeros((n, t.R, B, *t.x_train.shape[1:]), device=t.device)  # normalised
                    static = (images, torch.zeros_like(idx))
                    steps = [lambda j=j, n=n, s=static: self.step_on(s[0][j], s[1][j], j == n - 1)
                             for j in range(n)]
                graph: torch.cuda.CUDAGraph | EagerReplay
                if t.device.type == "cuda":
                    graph = torch.cuda.CUDAGraph()
                    with on_device(t.device), torch.cuda.graph(graph):
                        for step in steps:
                            step()
                else:  # a CPU stand-in that runs the same steps, so the bookkeeping is testable without CUDA
                    graph = EagerReplay(steps)
                self._captured[n] = (graph, static)
            synchronize(t.device)
            self.warmup_seconds += time.perf_counter() - start
        return self._captured

    def advance(self, s: int, step: int) -> tuple[int, int]:
        t = self.t
        R, B, every = t.R, t.configs[0].batch_size, t.configs[0].log_every
        full = t.n_train // B
        log = (step + 1) % every == 0
        if s >= full:  # the last, short batch: eager (a graph has fixed shapes)
            n, rows = 1, self.order[:, s * B:]
            self.step(rows, log)
        elif not self.use_graphs:
            n, rows = 1, self.order[:, s * B:(s + 1) * B]
            self.step(rows, log)
        elif self._captured is None and step < WARMUP_STEPS:
            start = time.perf_counter()
            n, rows = 1, self.order[:, s * B:(s + 1) * B]
            if self._side is None:
                self.step(rows, log)
            else:
                self._side.wait_stream(torch.cuda.current_stream(t.device))
                with on_device(t.device), torch.cuda.stream(self._side):
                    self.step(rows, log)
                torch.cuda.current_stream(t.device).wait_stream(self._side)
            synchronize(t.device)
            self.warmup_seconds += time.perf_counter() - start
        else:  # replay n steps at once where no log point or epoch end falls inside them
            n = replay_length(s, full, step, every, self.steps_per_graph)
            graph, static = self._graphs(B)[n]
            rows = self.order[:, s * B:(s + n) * B]
            blocks = rows.view(R, n, B).transpose(0, 1)
            if len(static) == 1:
                static[0].copy_(blocks)
            else:
                for j in range(n):
                    xb, yb = self.batch(blocks[j])
                    static[0][j].copy_(xb)
                    static[1][j].copy_(yb)
            graph.replay()
        return n, rows.shape[1]


def stack_problem(configs: Sequence[TrainConfig]) -> str | None:
    """Why these configs cannot be trained as one stack, or None when they can."""
    if len(configs) < 2:
        return "a single run"
    if len({group_key(c) for c in configs}) != 1:
        return "runs differ in architecture, data, batch size or epochs"
    if configs[0].schedule == "onecycle" and configs[0].optimizer == "adadelta":
        return "one-cycle needs an optimizer with momentum"
    return None
