"""The single-run Trainer: a laptop CPU and an H100 run the same code.

`Trainer.run()` yields events (step records, epoch records, phases, the run's end) and never prints.
The whole data set is already on the device; a batch is an index slice of a seeded permutation. The
epoch loop, its metric windows, flushes and decisions are the shared skeleton (training/skeleton.py);
the step is the eager one (training/eager.py) or, on CUDA, the same step replayed from CUDA graphs
(training/graphed.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import torch
from torch import nn
from torch.optim import lr_scheduler

from cnnlab.config import TrainConfig
from cnnlab.data.augment import make_augmenter
from cnnlab.data.datasets import DeviceData
from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord, Event
from cnnlab.models import seeded_model
from cnnlab.models.pool_first import pool_first
from cnnlab.training import graphed
from cnnlab.training.eager import EagerSteps, RunParts, augment_seed, cpu_layout
from cnnlab.training.graphed import GraphedSteps
from cnnlab.training.metrics import evaluate, layer_groups
from cnnlab.training.optim import make_optimizer, make_schedule, match_state_layout
from cnnlab.training.skeleton import Skeleton, resolve_precision


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(name)
    except RuntimeError:
        raise CnnlabError(f"unknown device {name!r} (choices: auto, cpu, cuda, cuda:N, mps)") from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise CnnlabError(f"device {name!r} requested but CUDA is not available on this machine")
    if device.type == "cuda" and device.index is not None and device.index >= torch.cuda.device_count():
        raise CnnlabError(f"device {name!r} requested but this machine has {torch.cuda.device_count()} CUDA devices")
    return device


def load_optimizer_state(opt: torch.optim.Optimizer, state: dict) -> None:
    """`load_state_dict`, keeping the device tensors a group holds (lr, betas: graphs read them) and
    giving every state tensor its parameter's memory layout (fused kernels need equal strides)."""
    pinned = [{k: v for k, v in g.items() if isinstance(v, torch.Tensor) or
               (isinstance(v, tuple) and v and isinstance(v[0], torch.Tensor))} for g in opt.param_groups]
    opt.load_state_dict(state)
    for group, keep in zip(opt.param_groups, pinned, strict=True):
        for k, mine in keep.items():
            saved = group[k]
            for a, b in zip(mine if isinstance(mine, tuple) else (mine,),
                            saved if isinstance(saved, (tuple, list)) else (saved,), strict=True):
                a.fill_(float(b))
            group[k] = mine
    match_state_layout(opt)


class Trainer(Skeleton):
    """Trains one model on one DeviceData with one TrainConfig; resumable through `state`."""

    def __init__(self, config: TrainConfig, data: DeviceData, model: nn.Module | None = None,
                 emulate_graphs: bool = False) -> None:
        if config.early_stop is not None and data.val is None:
            raise CnnlabError("early_stop needs a validation set: set val_split > 0")
        side = min(data.input_shape[1:])
        if config.aug_crop_padding > side:
            raise CnnlabError(f"invalid value for 'aug_crop_padding': {config.aug_crop_padding} (larger than the "
                              f"{'x'.join(map(str, data.input_shape[1:]))} images: a crop would see only padding)")
        self.config = config
        self.configs = [config]
        self.data = data
        self.device = data.train.x.device
        if model is None:
            model = seeded_model(config, data.input_shape, len(data.classes))  # seeds dropout masks too
        else:
            torch.manual_seed(config.seed)  # dropout masks
        self.model = model.to(self.device)
        self._check_output_shape()
        self.amp = resolve_precision(config.precision, self.device)
        cpu_layout(self.model, data.input_shape)
        self.view = pool_first(self.model)  # what steps and evaluation run: the same function, less memory traffic
        self.num_classes = len(data.classes)
        self.n_train = len(data.train)
        self.steps_per_epoch = math.ceil(self.n_train / config.batch_size)
        use_graphs = emulate_graphs or (self.device.type == "cuda" and graphed.eligible(config.optimizer))
        one_cycle_graphs = use_graphs and not emulate_graphs and config.schedule == "onecycle"
        self.optimizer = make_optimizer([p for p in self.model.parameters() if p.requires_grad], config,
                                        tensor_betas=one_cycle_graphs)
        self.schedule = make_schedule(self.optimizer, config, self.steps_per_epoch)
        self.batch_order = torch.Generator(self.device).manual_seed(config.seed)
        self.augment_rng = torch.Generator(self.device).manual_seed(augment_seed(config.seed))
        self.groups = layer_groups(self.model)
        self.layer_names = list(self.groups)
        eager = EagerSteps(RunParts(self.view, self.optimizer, self.schedule, data.train.x, data.train.y,
                                    config.batch_size, config.log_every, self.batch_order, self.groups, self.amp,
                                    make_augmenter(config, self.device), self.augment_rng))
        self.steps = GraphedSteps(eager, emulate=emulate_graphs) if use_graphs else eager
        self._init_skeleton()
        self.best_weights: dict[str, torch.Tensor] | None = None

    def _check_output_shape(self) -> None:
        """A custom module or spec that does not fit the data fails here, in one line, not mid-epoch."""
        x = self.data.train.x[:2]
        n = len(self.data.classes)
        self.model.eval()
        try:
            with torch.no_grad():
                out = self.model(x)
        except RuntimeError as e:
            first = str(e).strip().splitlines()[0]
            shape = tuple(x.shape[1:])
            raise CnnlabError(f"model {self.config.model!r} cannot run on {shape} input: {first}") from None
        finally:
            self.model.train()
        if tuple(out.shape) != (len(x), n):
            raise CnnlabError(f"model {self.config.model!r} outputs shape {tuple(out.shape[1:])} per example, "
                              f"but the data set has {n} classes")

    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    @property
    def history(self) -> list[EpochRecord]:
        return self.histories[0]

    @property
    def best_epoch(self) -> int | None:
        return self.best_epochs[0]

    # -- the skeleton's hooks ----------------------------------------------------------------------
    def _evaluate(self) -> list[tuple[tuple[float, float] | None, tuple[float, float]]]:
        val = evaluate(self.view, self.data.val.x, self.data.val.y) if self.data.val is not None else None
        return [(val, evaluate(self.view, self.data.test.x, self.data.test.y))]

    def _lrs(self) -> list[float]:
        return [self.lr]

    def _schedule_epoch(self, metrics: list[float]) -> None:
        if isinstance(self.schedule, lr_scheduler.ReduceLROnPlateau):
            self.schedule.step(metrics[0])
        elif self.schedule is not None and not isinstance(self.schedule, lr_scheduler.OneCycleLR):
            self.schedule.step()

    def _keep_best(self, runs: list[int]) -> None:
        self.best_weights = {k: v.detach().clone() for k, v in self.model.state_dict().items()}

    def _stop(self, r: int, restore_best: bool) -> None:
        if restore_best and self.best_weights is not None:
            self.model.load_state_dict(self.best_weights)

    def run(self) -> Iterator[Event]:
        """Train the remaining epochs, yielding events; the last event is always a RunEnd."""
        for _, event in self._events():
            yield event

    # -- resumable state -------------------------------------------------------------------------
    def state(self) -> dict:
        """Everything needed to continue bit-for-bit after the last completed epoch (tensors inside)."""
        rng = {"torch": torch.get_rng_state(), "batch_order": self.batch_order.get_state(),
               "augment": self.augment_rng.get_state()}
        if self.device.type == "cuda":
            rng["cuda"] = torch.cuda.get_rng_state(self.device)
        return {
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "schedule": self.schedule.state_dict() if self.schedule is not None else None,
            "rng": rng,
            "epoch": self.epoch,
            "step": self.step,
            "history": [r.to_dict() for r in self.history],
            "best": {"val_loss": self.best_val_losses[0], "epoch": self.best_epoch,
                     "bad_epochs": self.bad_epoch_counts[0], "weights": self.best_weights},
            "train_seconds": self.train_seconds,
            "wall_seconds": self.history[-1].wall_seconds if self.history else 0.0,
        }

    def restore(self, state: dict) -> None:
        """Continue from `state` (as `state()` made it, possibly read back from disk)."""
        self.model.load_state_dict(state["model"])
        load_optimizer_state(self.optimizer, state["optimizer"])
        if self.schedule is not None and state["schedule"] is not None:
            self.schedule.load_state_dict(state["schedule"])
        rng = state["rng"]
        torch.set_rng_state(rng["torch"])
        self.batch_order.set_state(rng["batch_order"])
        if "augment" in rng:
            self.augment_rng.set_state(rng["augment"])
        if "cuda" in rng and self.device.type == "cuda":
            torch.cuda.set_rng_state(rng["cuda"], self.device)
        self.epoch, self.step = int(state["epoch"]), int(state["step"])
        self.histories = [[EpochRecord(**r) for r in state["history"]]]
        best = state["best"]
        self.best_val_losses, self.best_epochs = [float(best["val_loss"])], [best["epoch"]]
        self.bad_epoch_counts = [int(best["bad_epochs"])]
        self.best_weights = best["weights"]
        self.train_seconds = float(state["train_seconds"])
        self.run_train_seconds = [self.train_seconds]
        self.wall_offset = float(state["wall_seconds"])
