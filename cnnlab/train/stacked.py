"""Many runs of one architecture trained at once, as one stacked model (torch.func).

R runs that share an architecture, a data set and a batch size become one model whose every
parameter and buffer has a leading run axis (`stack_module_state`); `vmap` over `functional_call`
runs all R forward passes as one (convolutions become grouped convolutions), one backward pass
gives every run its own gradient, and `StackedOptimizer` updates all runs in a few tensor ops.

Each run keeps everything the single-run `Trainer` gives it, derived the same way from its seed:
its initialisation (`torch.manual_seed(seed)` before building the model), its batch order
(`torch.Generator().manual_seed(seed)` permutations), its training/validation split and
normalisation statistics, its optimizer state and hyperparameters, its schedule. Only dropout noise
comes from one shared generator (`vmap(randomness="different")`: every run draws its own masks), so
runs with dropout are statistically, not bitwise, the same as alone. A run that diverges or stops
early is frozen (its weights are kept as they were at that moment, its updates masked) and reported;
the others carry on undisturbed.

`StackedTrainer.run()` yields `(run index, event)` pairs with the same events, in the same order per
run, as `Trainer.run()`. Timings are the group's: every run of a group reports the group's training
and wall time (`RunEnd.extra["group_size"]` says how many runs shared them).
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, stack_module_state, vmap

from cnnlab.config import TrainConfig
from cnnlab.data.split import stratified_sample, stratified_split
from cnnlab.data.types import Dataset
from cnnlab.errors import CnnlabError
from cnnlab.models import build_model, init_weights, resolve_spec
from cnnlab.train.events import EpochRecord, Event, RunEnd, StepRecord
from cnnlab.train.loop import CHANCE_FACTOR, CHANCE_MIN_STEPS, FLUSH_STEPS, divergence_reason
from cnnlab.train.stacked_optim import StackedOptimizer, StackedSchedule

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


class _EagerReplay:
    """Stands in for a captured CUDA graph on a CPU: `replay` runs the recorded steps eagerly."""

    def __init__(self, step: Callable[[torch.Tensor, bool], None], static: torch.Tensor) -> None:
        self.step, self.static = step, static

    def replay(self) -> None:
        for j in range(len(self.static)):
            self.step(self.static[j], j == len(self.static) - 1)


class StackedTrainer:
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
        self.params = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
        self.buffers = {k: v.detach().clone() for k, v in buffers.items()}
        self.base = copy.deepcopy(stackables[0]).to("meta")
        self.groups = self._layer_groups(self.base)
        torch.manual_seed(c0.seed * 1_000_003 + R)  # the group's dropout noise
        self.batch_orders = [torch.Generator().manual_seed(c.seed) for c in configs]
        self.steps_per_epoch = math.ceil(self.n_train / c0.batch_size)
        self.optimizer = StackedOptimizer(c0.optimizer, self.params, configs)
        self.schedule = StackedSchedule(configs, self.steps_per_epoch, device)
        self.active = torch.ones(R, dtype=torch.bool, device=device)
        self.alive = [True] * R
        self.epoch = 0
        self.step = 0
        self.history: list[list[EpochRecord]] = [[] for _ in configs]
        self.best_val_loss = [math.inf] * R
        self.best_epoch: list[int | None] = [None] * R
        self.bad_epochs = [0] * R
        self.best: dict[str, torch.Tensor] | None = None
        if any(c.early_stop is not None for c in configs):
            self.best = {k: v.detach().clone() for k, v in {**self.params, **self.buffers}.items()}
        self.train_seconds = 0.0
        self.label_smoothing = float(getattr(c0, "label_smoothing", 0.0))
        self._step_t = torch.zeros(1, dtype=torch.int64, device=device)  # global step, on the device
        self._win = torch.zeros((2, R), device=device)  # (loss, correct) summed over the current log window
        self._log = torch.zeros((R, 1 + len(self.groups)), device=device)  # lr and grad norms at a log step
        self.use_graphs = cuda_graphs and (device.type == "cuda" or _emulate_graphs)
        self.steps_per_graph = max(d for d in range(1, STEPS_PER_GRAPH + 1) if c0.log_every % d == 0)
        self._captured: dict[int, tuple[torch.cuda.CUDAGraph | _EagerReplay, torch.Tensor]] | None = None
        self._side = torch.cuda.Stream(device) if self.use_graphs and device.type == "cuda" else None
        self._fwd = vmap(self._forward, in_dims=(0, 0, 0, 0, 0), randomness="different")
        self._fwd_shared_x = vmap(self._forward, in_dims=(0, 0, 0, 0, None), randomness="different")

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
        self.train_idx = torch.stack(train_idx)  # (R, n) indices into the full training set, on the CPU
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

    def _forward(self, params: dict, buffers: dict, mean: torch.Tensor, std: torch.Tensor,
                 x: torch.Tensor) -> torch.Tensor:
        x = (x.to(torch.float32) / 255 - mean) / std  # exactly `datasets.normalise`, with this run's statistics
        return functional_call(self.base, (params, buffers), (x,))

    def _logits(self, x: torch.Tensor, shared: bool) -> torch.Tensor:
        fwd = self._fwd_shared_x if shared else self._fwd
        if self.fast_math:
            with torch.autocast("cuda", dtype=torch.bfloat16, cache_enabled=False):  # no weight cache: graph-safe
                return fwd(self.params, self.buffers, self.mean, self.std, x).float()
        return fwd(self.params, self.buffers, self.mean, self.std, x)

    def _grad_norms(self) -> torch.Tensor:
        """(R, layers): each run's gradient L2 norm per layer, as `metrics.grad_norms` computes it."""
        cols = []
        for names in self.groups.values():
            norms = [torch.linalg.vector_norm(self.params[n].grad.flatten(1), dim=1) for n in names
                     if self.params[n].grad is not None]
            cols.append(torch.linalg.vector_norm(torch.stack(norms, 1), dim=1) if norms
                        else torch.zeros(self.R, device=self.device))
        return torch.stack(cols, 1)

    # -- training -----------------------------------------------------------------------------------
    def _epoch_perms(self) -> torch.Tensor:
        """(R, n) training-set indices in each run's own batch order for this epoch (on the device)."""
        perms = torch.stack([torch.randperm(self.n_train, generator=g) for g in self.batch_orders])
        return torch.gather(self.train_idx, 1, perms).to(self.device)

    def _step(self, idx: torch.Tensor, log: bool) -> None:
        """One optimizer step of every run on batch indices `idx` (R, B): no host synchronisation, no
        Python branch on tensor values, state only in persistent tensors, so it can be captured in a
        CUDA graph. With `log`, the step's learning rates and gradient norms land in `self._log`."""
        R, B = idx.shape
        xb, yb = self.x_train[idx], self.y_train[idx]
        lr, mom = self.schedule.at(self._step_t)
        out = self._logits(xb, shared=False)  # (R, B, K)
        losses = F.cross_entropy(out.flatten(0, 1), yb.flatten(), reduction="none",
                                 label_smoothing=self.label_smoothing).view(R, B).mean(1)
        for p in self.params.values():
            p.grad = None
        torch.where(self.active, losses, torch.zeros_like(losses)).sum().backward()
        with torch.no_grad():
            self._win[0] += losses.detach() * B
            self._win[1] += (out.detach().argmax(2) == yb).sum(1)
            if log:
                self._log.copy_(torch.cat([lr.float().unsqueeze(1), self._grad_norms()], 1))
        self.optimizer.step(self.params, lr, mom, self.active)
        self._step_t += 1

    def _graphs(self, B: int) -> dict[int, tuple[torch.cuda.CUDAGraph | _EagerReplay, torch.Tensor]]:
        """CUDA graphs of 1 and `steps_per_graph` steps over static index buffers, captured once.

        The eager steps before capture are real training steps (CUDA graphs need a few warm-up
        iterations on a side stream); capture records kernels without running them."""
        if self._captured is None:
            k = self.steps_per_graph
            self._captured = {}
            for n in sorted({1, k}):
                static = torch.zeros((n, self.R, B), dtype=torch.int64, device=self.device)
                graph: torch.cuda.CUDAGraph | _EagerReplay
                if self.device.type == "cuda":
                    graph = torch.cuda.CUDAGraph()
                    with torch.cuda.graph(graph):
                        for j in range(n):
                            self._step(static[j], log=j == n - 1)
                else:  # a CPU stand-in that runs the same steps, so the bookkeeping is testable without CUDA
                    graph = _EagerReplay(self._step, static)
                self._captured[n] = (graph, static)
        return self._captured

    def _train_epoch(self) -> Iterator[tuple[int, Event]]:
        c0, R, B = self.configs[0], self.R, self.configs[0].batch_size
        every = c0.log_every
        self.base.train()
        order = self._epoch_perms()
        loss_sum = torch.zeros((2, R), device=self.device)  # (loss, correct) summed over the epoch
        self._win.zero_()
        win_n = 0
        buf: list[torch.Tensor] = []
        buf_start = self.step
        full, steps, s = self.n_train // B, math.ceil(self.n_train / B), 0
        while s < steps:
            if s >= full:  # the last, short batch: eager (a graph has fixed shapes)
                n, rows = 1, order[:, s * B:]
                self._step(rows, log=(self.step + 1) % every == 0)
            elif not self.use_graphs:
                n, rows = 1, order[:, s * B:(s + 1) * B]
                self._step(rows, log=(self.step + 1) % every == 0)
            elif self._captured is None and self.step < WARMUP_STEPS:
                n, rows = 1, order[:, s * B:(s + 1) * B]
                if self._side is None:
                    self._step(rows, log=(self.step + 1) % every == 0)
                else:
                    self._side.wait_stream(torch.cuda.current_stream())
                    with torch.cuda.stream(self._side):
                        self._step(rows, log=(self.step + 1) % every == 0)
                    torch.cuda.current_stream().wait_stream(self._side)
            else:  # replay k steps at once where no log point or epoch end falls inside them
                n = min(self.steps_per_graph, full - s, every - self.step % every)
                n = n if n == self.steps_per_graph else 1
                graph, static = self._graphs(B)[n]
                rows = order[:, s * B:(s + n) * B]
                static.copy_(rows.view(R, n, B).transpose(0, 1))
                graph.replay()
            self.step += n
            s += n
            win_n += rows.shape[1]
            logs = self.step % every == 0
            if logs:
                buf.append(torch.cat([(self._win / win_n).T, self._log], 1))
                loss_sum += self._win
                self._win.zero_()
                win_n = 0
            if len(buf) * every >= FLUSH_STEPS:
                yield from self._flush(buf, buf_start)
                buf, buf_start = [], self.step
        if buf:
            yield from self._flush(buf, buf_start)
        loss_sum += self._win
        totals = loss_sum.T.tolist()
        self._epoch_train = [(t / self.n_train, h / self.n_train) for t, h in totals]
        for r in self._alive():
            if not math.isfinite(totals[r][0]):
                yield r, self._diverged(r, f"loss became {totals[r][0] / self.n_train} in epoch {self.epoch + 1}")

    def _flush(self, buf: list[torch.Tensor], first_step: int) -> Iterator[tuple[int, Event]]:
        """One host transfer for a block of logged steps of every run; then divergence checks."""
        rows = torch.stack(buf).tolist()  # (k, R, 3 + layers)
        names, every = list(self.groups), self.configs[0].log_every
        for r in self._alive():
            records = []
            for i, block in enumerate(rows):
                v = block[r]
                step = (first_step // every + i + 1) * every  # log points are global multiples of log_every
                records.append(StepRecord(self.epoch + 1, step, self.steps_per_epoch, v[0], v[1], v[2],
                                          dict(zip(names, v[3:], strict=True))))
                yield r, records[-1]
            if (why := divergence_reason(records, self.dataset.num_classes)) is not None:
                yield r, self._diverged(r, why)

    def _alive(self) -> list[int]:
        return [r for r in range(self.R) if self.alive[r]]

    def _freeze(self, r: int, weights: dict[str, torch.Tensor] | None = None) -> None:
        """Copy run r's weights (or `weights`, stacked) into its own model and take it out of the stack."""
        src = weights if weights is not None else {**self.params, **self.buffers}
        state = {k: src[k][r].detach().clone() for k in self.models[r].state_dict()}
        self.models[r].load_state_dict(state)
        self.alive[r] = False
        self.active[r] = False
        with torch.no_grad():  # a frozen run computes on zeros: nothing non-finite flows anywhere
            for t in (*self.params.values(), *self.buffers.values()):
                t[r] = 0 if not t.is_floating_point() else 0.0
            for k, t in self.buffers.items():
                if k.endswith("running_var"):
                    t[r] = 1.0
        self.optimizer.reset_run(r)

    def _end(self, r: int, status: str, message: str, final: EpochRecord | None = None) -> RunEnd:
        final = final or (self.history[r][-1] if self.history[r] else None)
        return RunEnd(status, message, self.epoch, self.best_epoch[r], time.perf_counter() - self._t0,  # type: ignore[arg-type]
                      self.train_seconds, final, {"group_size": self.R})

    def _diverged(self, r: int, why: str) -> RunEnd:
        c = self.configs[r]
        end = self._end(r, "diverged", f"diverged: {why} (lr {c.lr:g} is probably too high for {c.optimizer})")
        self._freeze(r)
        return end

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
        self._t0 = time.perf_counter()
        epochs = self.configs[0].epochs
        chance = 1.0 / self.dataset.num_classes
        while self.epoch < epochs and any(self.alive):
            t = time.perf_counter()
            if self.device.type == "cuda":
                torch.cuda.synchronize(self.device)
            yield from self._train_epoch()
            epoch_seconds = time.perf_counter() - t
            self.train_seconds += epoch_seconds
            alive = self._alive()
            if not alive:
                break
            val = self.evaluate("val") if self.val_idx is not None else None
            test = self.evaluate("test")
            lr_used = self.schedule.at(self._step_t)[0].tolist()  # as Trainer: the lr after the epoch's last step
            self.epoch += 1
            self.schedule.end_epoch([(val[r][0] if val else self._epoch_train[r][0]) for r in range(self.R)])
            wall = time.perf_counter() - self._t0
            improved = torch.zeros(self.R, dtype=torch.bool)
            for r in alive:
                c = self.configs[r]
                tl, ta = self._epoch_train[r]
                v = val[r] if val else None
                record = EpochRecord(self.epoch, tl, ta, v[0] if v else None, v[1] if v else None, test[r][0],
                                     test[r][1], lr_used[r], epoch_seconds, wall)
                self.history[r].append(record)
                yield r, record
                held_acc = v[1] if v else test[r][1]
                if self.step >= CHANCE_MIN_STEPS and ta < CHANCE_FACTOR * chance and held_acc < CHANCE_FACTOR * chance:
                    yield r, self._diverged(r, f"stuck at chance after epoch {self.epoch} (train accuracy {ta:.1%}, "
                                               f"held-out {held_acc:.1%}, chance {chance:.1%})")
                    continue
                if v is not None and c.early_stop is not None:
                    if v[0] < self.best_val_loss[r]:
                        self.best_val_loss[r], self.best_epoch[r], self.bad_epochs[r] = v[0], self.epoch, 0
                        improved[r] = True
                    else:
                        self.bad_epochs[r] += 1
                        if self.bad_epochs[r] >= c.early_stop:
                            end = self._end(r, "early-stopped",
                                            f"early-stopped after epoch {self.epoch}: validation loss has not improved "
                                            f"for {c.early_stop} epochs; weights restored from epoch "
                                            f"{self.best_epoch[r]}", self.history[r][self.best_epoch[r] - 1])
                            self._freeze(r, self.best)
                            yield r, end
            if self.best is not None and bool(improved.any()):
                mask = improved.to(self.device)
                with torch.no_grad():
                    for k, cur in {**self.params, **self.buffers}.items():
                        m = mask.view(-1, *([1] * (cur.dim() - 1)))
                        self.best[k].copy_(torch.where(m, cur.detach(), self.best[k]))
        for r in self._alive():
            end = self._end(r, "finished", f"finished {self.epoch} epochs")
            self._freeze(r)
            yield r, end


def stack_problem(configs: Sequence[TrainConfig]) -> str | None:
    """Why these configs cannot be trained as one stack, or None when they can."""
    if len(configs) < 2:
        return "a single run"
    if len({group_key(c) for c in configs}) != 1:
        return "runs differ in architecture, data, batch size or epochs"
    if configs[0].schedule == "onecycle" and configs[0].optimizer == "adadelta":
        return "one-cycle needs an optimizer with momentum"
    return None
