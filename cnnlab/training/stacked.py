"""Many runs of one architecture trained at once: one forward and one backward pass for the whole stack.

R runs that share an architecture, a data set and a batch size are each an ordinary run: their own
model (built and initialised by `models.seeded_model`, as a single run's), their own torch optimizer
and schedule (`optim.make_optimizer`, `optim.make_schedule`: the maths is torch's, in one place), their
own batch order, augmentation generator, training/validation split and normalisation statistics, all
derived from their seed as a single run's are. What they share is the computation: every step, each
run's parameters are joined into one stacked network (`stacked_net`: a grouped channels-last
convolution per conv layer, one batched matrix product per linear layer), one backward pass fills
every run's own gradients, and each run's optimizer steps. Only dropout noise comes from one shared
generator, so runs with dropout are statistically, not bitwise, the same as alone. A run that diverges
or stops early leaves the stack (its weights are kept as they were, or its best epoch's); the others
carry on in a smaller stack.

`StackedTrainer.run()` yields `(run index, event)` pairs with the same events, in the same order per
run, as `Trainer.run()`: the epoch loop is the shared skeleton (training/skeleton.py), the step is
`StackedSteps`, replayed from CUDA graphs by the one `graphed.Replayer` on CUDA. Each run's RunEnd
reports its own share of the time (an epoch's time divided by the runs that trained in it) and, in
`extra`, the whole group's so far: `group_id`, `group_size`, `group_train_seconds`, `group_wall_seconds`. A sweep's
time is the group's wall time, never the sum or one share.
"""

from __future__ import annotations

import collections
import contextlib
import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler

from cnnlab.config import TrainConfig
from cnnlab.data.augment import make_augmenter
from cnnlab.data.datasets import input_stats, run_indices
from cnnlab.data.types import Dataset
from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, Event
from cnnlab.models import is_module_ref, model_settings, resolve_spec, seeded_model
from cnnlab.models.pool_first import pool_first
from cnnlab.training import graphed
from cnnlab.training.eager import augment_seed, cpu_layout, cpu_threads, derived_seed
from cnnlab.training.graphed import Replayer, Static, capturable, steps_per_graph
from cnnlab.training.metrics import evaluate, grad_norms, layer_groups
from cnnlab.training.optim import make_optimizer, make_schedule
from cnnlab.training.skeleton import Skeleton, resolve_precision, synchronize
from cnnlab.training.stacked_net import NativeStack, dropout_rates, stack_for

# Settings that may differ between the runs of one stack; every other setting must be equal.
PER_RUN = ("seed", "lr", "momentum", "nesterov", "beta1", "beta2", "weight_decay", "dropout", "init", "schedule",
           "lr_step", "lr_gamma", "lr_milestones", "early_stop")
DROPOUT_STREAM = 1000  # the group's dropout generator: stream 1000 + R of its first seed (augmentation is 14)
EVAL_SAMPLES = 32768  # images (over all runs) per stacked evaluation pass on an accelerator


def _normalise(images: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """uint8 images scaled to [0, 1], then standardised with `mean` and `std` (broadcast)."""
    return (images.to(torch.float32) / 255 - mean) / std


def architecture_key(c: TrainConfig) -> str:
    """The model with its activation applied and every dropout rate blanked: what a stack shares."""
    if is_module_ref(c.model):
        return c.model
    return resolve_spec(c.model, **{**model_settings(c), "dropout": 0.0})


def group_key(c: TrainConfig) -> tuple:
    """Runs with equal keys can be trained as one stack (one-cycle runs only with one-cycle runs)."""
    shared = tuple((k, repr(getattr(c, k))) for k in TrainConfig.model_fields
                   if k not in PER_RUN and k not in ("model", "activation"))
    return (architecture_key(c), c.schedule == "onecycle", *shared)


@dataclass
class RunData:
    """What a checkpoint records about a run's data (duck-types DeviceData for `checkpoint_info`)."""

    name: str
    classes: tuple[str, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    input_shape: tuple[int, int, int]


class StackedTrainer(Skeleton):
    """Trains R configs of one group together; `run()` yields (run index, event) pairs."""

    def __init__(self, configs: Sequence[TrainConfig], dataset: Dataset, device: torch.device,
                 fast_math: bool = False, cuda_graphs: bool = True, _emulate_graphs: bool = False) -> None:
        if len({group_key(c) for c in configs}) != 1:
            raise CnnlabError("a stacked group needs runs that share architecture, data, batch size and epochs")
        self.configs = list(configs)
        c0 = self.configs[0]
        if any(c.early_stop is not None for c in configs) and c0.val_split == 0:
            raise CnnlabError("early_stop needs a validation set: set val_split > 0")
        self.R = R = len(configs)
        self.device = device
        # the runs' own precision rule (as Trainer: bf16 autocast on CPUs with native bf16 under "auto");
        # `fast_math` adds bf16 autocast on CUDA (benchmarks/gpu.py's +bf16 variant)
        self.amp = resolve_precision(c0.precision, device) or (torch.bfloat16 if fast_math and device.type == "cuda"
                                                               else None)
        self.dataset = dataset
        self.num_classes = dataset.num_classes
        self._split_data(dataset)
        self.models = [cpu_layout(seeded_model(c, dataset.input_shape, dataset.num_classes).to(device),
                                  dataset.input_shape)
                       for c in configs]
        self.views = [pool_first(m) for m in self.models]
        self.stack = stack_for(self.views[0])
        self.groups = [layer_groups(m) for m in self.models]
        self.layer_names = list(self.groups[0])
        self.steps_per_epoch = math.ceil(self.n_train / c0.batch_size)
        self.optimizers = [make_optimizer([p for p in m.parameters() if p.requires_grad], c)
                           for m, c in zip(self.models, configs, strict=True)]
        self.schedules = [make_schedule(o, c, self.steps_per_epoch) for o, c in zip(self.optimizers, configs,
                                                                                   strict=True)]
        self.per_step_schedule = c0.schedule == "onecycle"
        torch.manual_seed(derived_seed(c0.seed, DROPOUT_STREAM + R))  # the group's dropout noise
        self.batch_orders = [torch.Generator(device).manual_seed(c.seed) for c in configs]
        self.augment = make_augmenter(c0, device)
        self.augment_rngs = [torch.Generator(device).manual_seed(augment_seed(c.seed)) for c in configs]
        self.best: list[dict[str, torch.Tensor] | None] = [None] * R
        self.active: list[int] = []
        self._set_active(list(range(R)))
        use_graphs = cuda_graphs and graphed.eligible(c0.optimizer) and not self.per_step_schedule
        self.steps = StackedSteps(self, (device.type == "cuda" and use_graphs) or _emulate_graphs,
                                  emulate=_emulate_graphs)
        self._init_skeleton()

    @property
    def history(self) -> list[list[EpochRecord]]:
        return self.histories

    @property
    def best_epoch(self) -> list[int | None]:
        return self.best_epochs

    # -- data: one uint8 copy on the device, each run's split and statistics as indices -----------
    def _split_data(self, ds: Dataset) -> None:
        dev = self.device
        labels = ds.train.labels
        splits = {}  # the split depends on the seed only with a subset or a validation split
        per_run = []
        for c in self.configs:
            key = c.seed if c.subset is not None or c.val_split > 0 else None
            if key not in splits:
                idx, held = run_indices(labels, c)
                idx = torch.arange(len(labels)) if idx is None else idx
                splits[key] = (idx, held, *input_stats(ds.train.images[idx], c))
            per_run.append(splits[key])
        if len({len(s[0]) for s in per_run}) != 1:
            raise CnnlabError("runs of a stack must have training sets of one size")
        self.n_train = len(per_run[0][0])
        self.train_idx = torch.stack([s[0] for s in per_run]).to(dev)  # (R, n) indices into the training set
        self.val_idx = torch.stack([s[1] for s in per_run]).to(dev) if per_run[0][1] is not None else None
        self.x_train, self.y_train = ds.train.images.to(dev), labels.to(dev)
        self.x_test, self.y_test = ds.test.images.to(dev), ds.test.labels.to(dev)
        self.means, self.stds = [s[2] for s in per_run], [s[3] for s in per_run]
        shape = (self.R, ds.train.images.shape[1], 1, 1)
        self.mean_all = torch.tensor(self.means, dtype=torch.float32, device=dev).view(shape)
        self.std_all = torch.tensor(self.stds, dtype=torch.float32, device=dev).view(shape)

    def run_data(self, r: int) -> RunData:
        ds = self.dataset
        return RunData(ds.name, ds.classes, self.means[r], self.stds[r], ds.input_shape)

    # -- the runs still training: the stack is rebuilt (buffers written back) when that set changes --
    def _set_active(self, runs: list[int]) -> None:
        if self.active:
            self._write_back()
        self.active = runs
        if not runs:
            return
        dev = self.device
        self.share = self._sharing(runs)
        if self.share > 1:
            runs = self.active = sorted(runs, key=lambda r: (self.configs[r].seed, r))
        self.active_t = torch.tensor(runs, dtype=torch.int64, device=dev)
        self.inputs_t = self.active_t[::self.share]  # the run whose batches each input is
        self.buffers = self.stack.buffers([self.models[r] for r in runs])
        self.rates = dropout_rates([self.models[r] for r in runs])
        self.mean, self.std = self.mean_all[self.inputs_t], self.std_all[self.inputs_t]

    def _sharing(self, runs: list[int]) -> int:
        """How many runs read each input: runs with one seed draw the same split, statistics and batch order, so
        when every seed has the same number of runs (and no augmentation draws per run) each seed's runs are put
        side by side and read one copy of each batch (stacked_net: the first layer reads it once); else 1."""
        if self.augment is not None or not isinstance(self.stack, NativeStack) or not self.stack.shares_input():
            return 1
        counts = collections.Counter(self.configs[r].seed for r in runs)
        per_seed = set(counts.values())
        return per_seed.pop() if len(per_seed) == 1 else 1

    def _write_back(self) -> None:
        """Every active run's buffers (BatchNorm statistics) back into its own module."""
        self.stack.write_back(self.buffers, [self.models[r] for r in self.active])

    def _autocast(self) -> contextlib.AbstractContextManager:
        if self.amp is not None:  # no weight cache: graph-safe
            return torch.autocast(self.device.type, dtype=self.amp, cache_enabled=False)
        return contextlib.nullcontext()

    def logits(self, x: torch.Tensor, training: bool) -> torch.Tensor:
        """(A, B, K): each active run's logits on the normalised inputs `x` (A / share, B, ...), one per input.
        Training steps run in the runs' precision; evaluation in fp32, as a single run's and `cnnlab evaluate`'s
        (a run's recorded accuracy is its weights', whatever the machine's arithmetic)."""
        params = self.stack.params([self.views[r] for r in self.active])
        with self._autocast() if training else contextlib.nullcontext():
            return self.stack.forward(params, self.buffers, x, self.rates, training, len(self.active)).float()

    def normalised(self, images: torch.Tensor) -> torch.Tensor:
        """uint8 images (A / share, B, C, H, W), one per input, as `datasets.normalise` makes them with each
        input's runs' own statistics."""
        return _normalise(images, self.mean.unsqueeze(1), self.std.unsqueeze(1))

    # -- the skeleton's hooks -----------------------------------------------------------------------
    def _evaluate(self) -> list[tuple[tuple[float, float] | None, tuple[float, float]]]:
        val = self.evaluate("val") if self.val_idx is not None else None
        test = self.evaluate("test")
        return [(val[r] if val else None, test[r]) for r in range(self.R)]

    def _lrs(self) -> list[float]:
        return [float(o.param_groups[0]["lr"]) for o in self.optimizers]  # after the epoch's last step

    def _schedule_epoch(self, metrics: list[float]) -> None:
        for r in self.active:
            sched = self.schedules[r]
            if isinstance(sched, lr_scheduler.ReduceLROnPlateau):
                sched.step(metrics[r])
            elif sched is not None and not isinstance(sched, lr_scheduler.OneCycleLR):
                sched.step()

    def _keep_best(self, runs: list[int]) -> None:
        self._write_back()
        for r in runs:
            self.best[r] = {k: v.detach().clone() for k, v in self.models[r].state_dict().items()}

    def _stop(self, r: int, restore_best: bool) -> None:
        """Run r leaves the stack (with its best weights if `restore_best`); the others go on."""
        self._set_active([a for a in self.active if a != r])
        if restore_best and self.best[r] is not None:
            self.models[r].load_state_dict(self.best[r])
        self.steps.invalidate()

    def _extra(self) -> dict:
        return {"group_id": f"{id(self):x}", "group_train_seconds": self.train_seconds,
                "group_wall_seconds": time.perf_counter() - self._wall_start}

    def _events(self) -> Iterator[tuple[int, Event]]:
        self._wall_start = time.perf_counter()
        yield from super()._events()

    @torch.no_grad()
    def evaluate(self, split: str) -> list[tuple[float, float]]:
        """(loss, accuracy) of every run on `split` ("val": each run's own; "test": shared), in fp32; NaN for runs
        no longer in the stack."""
        return self._evaluate_each(split) if self.device.type == "cpu" else self._evaluate_stacked(split)

    @torch.no_grad()
    def _evaluate_stacked(self, split: str) -> list[tuple[float, float]]:
        """`evaluate` on an accelerator: every run at once through the stack, EVAL_SAMPLES images a pass."""
        for v in self.views:
            v.eval()
        A = len(self.active)
        chunk = max(16, EVAL_SAMPLES // A)
        n = len(self.y_test) if split == "test" else self.val_idx.shape[1]  # type: ignore[union-attr]
        S = len(self.inputs_t)
        loss = torch.zeros(A, device=self.device)
        hits = torch.zeros(A, device=self.device)
        try:
            for s in range(0, n, chunk):
                if split == "test":
                    xb, yb = self.x_test[s:s + chunk].expand(S, -1, -1, -1, -1), self.y_test[s:s + chunk].expand(A, -1)
                else:
                    idx = self.val_idx[self.inputs_t, s:s + chunk]  # type: ignore[index]
                    xb, yb = self.x_train[idx], self.y_train[idx].repeat_interleave(self.share, 0)
                out = self.logits(self.normalised(xb), training=False)
                k = out.shape[-1]
                loss += F.cross_entropy(out.reshape(-1, k), yb.reshape(-1), reduction="none").view(A, -1).sum(1)
                hits += (out.argmax(2) == yb).sum(1)
        finally:
            for v in self.views:
                v.train()
        values = dict(zip(self.active, torch.stack([loss, hits], 1).tolist(), strict=True))
        return [(values[r][0] / n, values[r][1] / n) if r in values else (math.nan, math.nan) for r in range(self.R)]

    @torch.no_grad()
    def _evaluate_each(self, split: str) -> list[tuple[float, float]]:
        """`evaluate` on a CPU: each run through its own network, as a single run evaluates (metrics.evaluate), on
        its input's images. On the 2-core AVX-512 VM, fp32 grouped convolutions over many runs are slower than the
        runs one by one: 8 baseline runs on the 10,000 test images took 5.8-11 s stacked against 3.3 s."""
        self._write_back()  # BatchNorm statistics into each run's own modules
        values: dict[int, tuple[float, float]] = {}
        for g, lead in enumerate(self.inputs_t.tolist()):
            if split == "test":
                images, labels = self.x_test, self.y_test
            else:
                idx = self.val_idx[lead]  # type: ignore[index]
                images, labels = self.x_train[idx], self.y_train[idx]
            x = _normalise(images, self.mean[g], self.std[g])  # `normalised`, for input g alone
            for r in self.active[g * self.share:(g + 1) * self.share]:
                values[r] = evaluate(self.views[r], x, labels)
        return [values.get(r, (math.nan, math.nan)) for r in range(self.R)]

    def run(self) -> Iterator[tuple[int, Event]]:
        """Train every run to its end; each run's events come in `Trainer.run()` order."""
        try:
            yield from self._events()
        finally:
            if self.active:
                self._write_back()


class StackedSteps:
    """The stacked step function: one optimizer step of every active run at once; on CUDA replayed
    `steps_per_graph` steps at a time by the one graph replayer."""

    def __init__(self, t: StackedTrainer, use_graphs: bool, emulate: bool = False) -> None:
        self.t = t
        R, dev = t.R, t.device
        self.win = torch.zeros((2, R), device=dev)  # (loss, correct) summed over the current log window
        self.logged = torch.zeros((R, 1 + len(t.layer_names)), device=dev)  # lr and grad norms at a log step
        self.order = torch.zeros(0, dtype=torch.int64)  # (R, n): every run's batch order this epoch
        self.active_order = self.order  # the rows of the runs still in the stack
        self.replayer = Replayer(dev, steps_per_graph(t.configs[0].log_every), self.step, self._static,
                                 self._captured_step, self._fill, emulate) if use_graphs else None
        self._graph_epoch = use_graphs and dev.type == "cuda" and not emulate

    @property
    def warmup_seconds(self) -> float:
        return self.replayer.warmup_seconds if self.replayer is not None else 0.0

    def invalidate(self) -> None:
        """The set of active runs changed."""
        if self.order.numel():
            self.active_order = self.order[self.t.active_t] if self.t.active else self.order[:0]
        if self.replayer is not None:
            self.replayer.invalidate()  # graphs hold the old stack's shapes and buffers

    def start_epoch(self) -> None:
        """Training mode; (R, n) training-set indices in each run's own batch order (drawn on the device)."""
        t = self.t
        for v in t.views:
            v.train()
        perms = torch.stack([torch.randperm(t.n_train, generator=g, device=t.device) for g in t.batch_orders])
        self.order = torch.gather(t.train_idx, 1, perms)
        self.active_order = self.order[t.active_t]
        if self._graph_epoch:
            capturable(t.optimizers, t.device, True)

    def end_epoch(self) -> None:
        if self._graph_epoch:
            capturable(self.t.optimizers, self.t.device, False)

    def batch(self, idx: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Normalised (and, when asked, augmented with each run's own generator) images and labels of the
        active runs' batch indices `idx` (A, B)."""
        t = self.t
        x, yb = t.normalised(t.x_train[idx[::t.share]]), t.y_train[idx]
        if t.augment is not None:
            x = torch.stack([t.augment(x[i], t.augment_rngs[r]) for i, r in enumerate(t.active)])
        return x, yb

    def step(self, idx: torch.Tensor, log: bool) -> None:
        self.step_on(*self.batch(idx), log)

    def step_on(self, xb: torch.Tensor, yb: torch.Tensor, log: bool) -> None:
        """One optimizer step of every active run on its batch (A, B, ...): no host synchronisation, state
        only in persistent tensors, so it can be captured in a CUDA graph. With `log`, the step's learning
        rates and gradient norms land in `self.logged`."""
        t = self.t
        A, B = yb.shape
        out = t.logits(xb, training=True)  # (A, B, K)
        losses = F.cross_entropy(out.flatten(0, 1), yb.flatten(), reduction="none").view(A, B).mean(1)
        for r in t.active:
            t.optimizers[r].zero_grad(set_to_none=True)
        losses.sum().backward()  # each run's loss reaches only its own parameters
        with torch.no_grad():
            self.win[0].index_add_(0, t.active_t, losses.detach() * B)
            self.win[1].index_add_(0, t.active_t, (out.detach().argmax(2) == yb).sum(1).to(self.win.dtype))
            if log:
                lrs = [t.optimizers[r].param_groups[0]["lr"] for r in t.active]
                lr = torch.stack(lrs).float().to(t.device) if isinstance(lrs[0], torch.Tensor) else \
                    torch.tensor(lrs, device=t.device)
                norms = torch.stack([grad_norms(t.groups[r]) for r in t.active])
                self.logged.index_copy_(0, t.active_t, torch.cat([lr.view(-1, 1), norms], 1))
        for r in t.active:
            t.optimizers[r].step()
        if t.per_step_schedule:
            for r in t.active:
                t.schedules[r].step()  # type: ignore[union-attr]

    # -- the graph replayer's side: static inputs are batch indices, or the augmented images and labels --
    def _static(self, n: int) -> Static:
        t, B = self.t, self.t.configs[0].batch_size
        idx = torch.zeros((n, len(t.active), B), dtype=torch.int64, device=t.device)
        if t.augment is None:
            return (idx,)
        return torch.zeros((n, len(t.active), B, *t.x_train.shape[1:]), device=t.device), idx.clone()

    def _captured_step(self, static: Static, j: int, log: bool) -> None:
        if len(static) == 1:
            self.step(static[0][j], log)
        else:
            self.step_on(static[0][j], static[1][j], log)

    def _fill(self, static: Static, rows: torch.Tensor, n: int) -> None:
        blocks = rows.view(rows.shape[0], n, -1).transpose(0, 1)
        if len(static) == 1:
            static[0].copy_(blocks)
            return
        for j in range(n):
            xb, yb = self.batch(blocks[j])
            static[0][j].copy_(xb)
            static[1][j].copy_(yb)

    def advance(self, s: int, step: int) -> tuple[int, int]:
        t = self.t
        B = t.configs[0].batch_size
        order = self.active_order

        def rows_at(s: int, n: int | None) -> torch.Tensor:
            return order[:, s * B:] if n is None else order[:, s * B:(s + n) * B]

        if self.replayer is None:
            rows = rows_at(s, 1)
            self.step(rows, (step + 1) % t.configs[0].log_every == 0)
            return 1, rows.shape[1]
        n, rows = self.replayer.advance(s, step, t.n_train // B, t.configs[0].log_every, rows_at)
        return n, rows.shape[1]


def stack_problem(configs: Sequence[TrainConfig]) -> str | None:
    """Why these configs cannot be trained as one stack, or None when they can."""
    if len(configs) < 2:
        return "a single run"
    if len({group_key(c) for c in configs}) != 1:
        return "runs differ in architecture, data, batch size or epochs"
    return None


def stack_speedup(configs: Sequence[TrainConfig], dataset: Dataset, device: torch.device, steps: int = 3,
                  threads: tuple[int, int] = (0, 0)) -> float:
    """How many times faster this group trains stacked than one run at a time, measured here: `steps` steps
    of a throwaway stack against `steps` steps of one throwaway run (each after one warm-up step), scaled by
    the group's size. `threads`: torch's CPU thread count for the stack and for the one run (0: as it is), the
    shares they would train on side by side. Nothing of a real run is touched (every run seeds its own
    generators)."""
    from cnnlab.data.datasets import prepare
    from cnnlab.training.loop import Trainer

    group = list(configs)
    stack = StackedTrainer(group, dataset, device)
    alone = Trainer(group[0], prepare(dataset, group[0], device))
    timings = []
    for steps_fn, n in ((stack.steps, threads[0]), (alone.steps, threads[1])):
        with cpu_threads(n):
            steps_fn.start_epoch()
            steps_fn.advance(0, 0)
            synchronize(device)
            t = time.perf_counter()
            for s in range(1, steps + 1):
                steps_fn.advance(s, s)
            synchronize(device)
            timings.append(time.perf_counter() - t)
    return len(group) * timings[1] / timings[0]
