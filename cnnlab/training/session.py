"""One complete run: data on the device, a Trainer, per-epoch resumable state, the final checkpoint.

This is what `cnnlab train` and every experiment executor call; consumers follow the run through
`on_event` (the CLI draws progress from it, the store records curves from it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from cnnlab.config import FIELDS, TrainConfig, make_config
from cnnlab.data.datasets import DeviceData, load_dataset, prepare
from cnnlab.data.types import Dataset
from cnnlab.errors import CnnlabError
from cnnlab.events import EndMetrics, EpochRecord, Event, Phase, RunEnd, StepRecord, Watch
from cnnlab.store.atomic import atomic_write_json
from cnnlab.store.checkpoint import META, load_train_state, read_meta, save_checkpoint, save_train_state
from cnnlab.store.lock import folder_lock, holder_text
from cnnlab.training.eager import cpu_threads
from cnnlab.training.loop import Trainer, resolve_device


@dataclass
class RunResult(EndMetrics):
    status: str
    message: str
    epochs: int
    history: list[EpochRecord]
    steps: list[StepRecord] = field(default_factory=list)
    checkpoint: str | None = None
    wall_seconds: float = 0.0
    train_seconds: float = 0.0
    best_epoch: int | None = None
    final: EpochRecord | None = None  # the epoch whose weights the run ends with
    model: nn.Module | None = field(default=None, repr=False)  # the trained model, with keep_model=True

    @property
    def best_test_accuracy(self) -> float | None:
        return max((r.test_accuracy for r in self.history), default=None)


@functools.lru_cache(maxsize=4)
def _cached_dataset(key: tuple) -> Dataset:
    return load_dataset(TrainConfig(**dict(key)))


def dataset_for(config: TrainConfig) -> Dataset:
    """Load once per process: a sweep's runs share the uint8 tensors (they are never modified)."""
    keys = ("dataset", "data_dir", "download", "grayscale", "labels")
    return _cached_dataset(tuple((k, getattr(config, k)) for k in keys))


def checkpoint_info(config: TrainConfig, trainer: Trainer, data: DeviceData, end: RunEnd) -> dict:
    final = end.final
    return {
        "model": {
            "spec": getattr(trainer.model, "spec", None),
            "module": config.model if getattr(trainer.model, "spec", None) is None else None,
            "input_shape": list(data.input_shape),
            "classes": list(data.classes),
        },
        "data": {"dataset": data.name, "mean": list(data.mean), "std": list(data.std)},
        "config": config.model_dump(),
        "metrics": {
            "status": end.status,
            "message": end.message,
            "epochs": end.epochs,
            "test_accuracy": final.test_accuracy if final else None,
            "test_loss": final.test_loss if final else None,
            "val_accuracy": final.val_accuracy if final else None,
            "best_test_accuracy": max((r.test_accuracy for r in trainer.history), default=None),
            "wall_seconds": end.wall_seconds,
            "train_seconds": end.train_seconds,
            "precision": "bf16" if getattr(trainer, "amp", None) is not None else "fp32",
        },
        "history": [r.to_dict() for r in trainer.history],
    }


STEPS_FILE = "steps.json"  # a checkpoint's step records (train loss, accuracy, lr, layer gradient norms)


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(map(str, value)) or "none"
    return repr(value) if isinstance(value, str) else str(value)


def first_difference(recorded: Any, config: TrainConfig, where: str) -> str | None:
    """"lr = 0.001, not 0.05" for the first setting (in TrainConfig's order) where `recorded`, a config as
    saved with a run, differs from `config` ("(and N other settings)" when more do); None when all agree."""
    if not isinstance(recorded, dict):
        raise CnnlabError(f"{where}: the recorded config is missing or not an object")
    try:
        saved = make_config(recorded).model_dump()  # an older run's config gets the defaults of newer settings
    except CnnlabError as e:
        raise CnnlabError(f"{where}: the recorded config is invalid ({e})") from None
    given = config.model_dump()
    keys = [k for k in FIELDS if saved[k] != given[k]]
    if not keys:
        return None
    more = f" (and {len(keys) - 1} other setting{'s' if len(keys) > 2 else ''})" if len(keys) > 1 else ""
    return f"{keys[0]} = {_shown(saved[keys[0]])}, not {_shown(given[keys[0]])}{more}"


def check_out_folder(out: Path, config: TrainConfig) -> dict | None:
    """What `out` already holds, judged against `config` before anything is trained or written: the saved
    state to resume (None: start afresh). A state or a finished run recorded with other settings is refused
    in one line naming the first setting that differs, and how to start over."""
    start_over = f"start over with another --out, or delete {out}"
    state = load_train_state(out)
    if state is not None:
        if "config" in state:  # states saved before configs were recorded: resumed as they were
            diff = first_difference(state["config"], config, str(out / "state.json"))
            if diff is not None:
                raise CnnlabError(f"{out}: cannot resume: the run there was started with {diff}; give the "
                                  f"recorded settings to resume it, or {start_over}")
        return state
    if (out / META).exists() or (out / META).is_symlink():
        meta = read_meta(out)
        diff = first_difference(meta.get("config"), config, str(out / META))
        if diff is not None:
            raise CnnlabError(f"{out}: holds a finished run with {diff}; refusing to replace it: train into "
                              f"another --out, or delete {out} first")
    return None


def _busy(out: Path) -> Callable[[str], str]:
    def message(holder: str) -> str:
        who = holder_text(holder)
        return (f"{out}: another cnnlab train{f' ({who})' if who else ''} is writing this folder; "
                f"wait for it to end, or use another --out")
    return message


def train_run(
    config: TrainConfig,
    out: Path | None = None,
    on_event: Callable[[Event], None] | None = None,
    keep_steps: bool = True,
    keep_model: bool = False,
    stop_after: int | None = None,
) -> RunResult:
    """Train `config`; with `out`, save state after every epoch, resume from it, write the checkpoint there
    (with every step record in steps.json, across resumes).

    Without `out` nothing is written to disk; `keep_model` hands the trained model back in the result.
    `stop_after` (with `out`): pause after that epoch, its state saved and no checkpoint written; the
    result's status is "paused" and a later call continues the run (a search's rung).
    """
    if out is None:
        return _train(config, None, on_event, keep_steps, keep_model, stop_after)
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CnnlabError(f"{out}: cannot create the run folder ({e.strerror or e})") from None
    with folder_lock(out, _busy(out)):  # one writer per folder; the OS frees it when the process dies
        return _train(config, out, on_event, keep_steps, keep_model, stop_after)


def _train(
    config: TrainConfig,
    out: Path | None,
    on_event: Callable[[Event], None] | None,
    keep_steps: bool,
    keep_model: bool,
    stop_after: int | None = None,
) -> RunResult:
    emit = on_event or (lambda event: None)
    state = check_out_folder(out, config) if out is not None else None
    device = resolve_device(config.device)
    emit(Phase("loading data"))
    data = prepare(dataset_for(config), config, device)
    trainer = Trainer(config, data)
    logged: list[dict] = []  # step records of completed epochs, as saved with the state
    if state is not None:
        try:
            trainer.restore(state)
        except (RuntimeError, KeyError, ValueError, TypeError, IndexError) as e:
            first = next((line.strip() for line in str(e).splitlines() if line.strip()), type(e).__name__)
            raise CnnlabError(f"{out}: the saved training state does not fit this run ({first[:200]}); "
                              f"start over with another --out, or delete {out}") from None
        logged = list(state.get("steps", []))
    steps: list[StepRecord] = [StepRecord(**d) for d in logged] if keep_steps else []
    emit(Watch(trainer.model, tuple(data.input_shape), trainer.epoch, trainer.steps_per_epoch))
    # a resume computes on the thread count the run started with: on a CPU it orders the floating-point sums
    threads = int(state.get("threads") or 0) if state is not None and device.type == "cpu" else 0
    with cpu_threads(threads):
        epoch_steps: list[StepRecord] = []
        end: RunEnd | None = None
        for event in trainer.run():
            emit(event)
            if isinstance(event, StepRecord):
                if keep_steps:
                    steps.append(event)
                if out is not None:
                    epoch_steps.append(event)
            elif isinstance(event, EpochRecord) and out is not None:
                logged += [asdict(r) for r in epoch_steps]
                epoch_steps = []
                if event.epoch < config.epochs:
                    save_train_state(out, {**trainer.state(), "steps": logged, "config": config.model_dump(),
                                           "threads": torch.get_num_threads()})
                    if stop_after is not None and event.epoch >= stop_after:
                        history = list(trainer.history)
                        return RunResult("paused", f"paused after epoch {event.epoch}", event.epoch, history, steps,
                                         None, event.wall_seconds, sum(r.train_seconds for r in history), None,
                                         event)
            elif isinstance(event, RunEnd):
                end = event
        assert end is not None  # Trainer.run always ends with a RunEnd
        checkpoint = None
        if out is not None:
            save_checkpoint(out, trainer.model, checkpoint_info(config, trainer, data, end))
            atomic_write_json(out / STEPS_FILE, [*logged, *(asdict(r) for r in epoch_steps)])
            for name in ("state.safetensors", "state.json"):
                (out / name).unlink(missing_ok=True)
            checkpoint = str(out)
        return RunResult(
            end.status,
            end.message,
            end.epochs,
            list(trainer.history),
            steps,
            checkpoint,
            end.wall_seconds,
            end.train_seconds,
            end.best_epoch,
            end.final,
            trainer.model if keep_model else None,
        )
