"""Running a spec: plan its runs, skip the finished ones, resume the interrupted ones, pick an executor.

A run's id is a hash of the experiment's name and the run's full config (seed included): re-running
a spec finds its runs again, and any change to the configuration (the base, an override, the data
subset) makes new runs instead of mixing results. A run's folder is `<store>/<experiment>/<run_id>/`;
its state files there are what an interrupted run resumes from.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no lock, one `cnnlab run` per experiment is then up to the user
    fcntl = None  # type: ignore[assignment]

from cnnlab.errors import CnnlabError
from cnnlab.events import EpochRecord
from cnnlab.experiments.executor import Executor, PlannedRun, RunSink
from cnnlab.experiments.sequential import SequentialExecutor
from cnnlab.experiments.sink import FanOut, StoreSink
from cnnlab.experiments.spec import ExperimentSpec, RunPlan
from cnnlab.models import build_model, model_settings
from cnnlab.store.checkpoint import MAX_META_BYTES, load_train_state
from cnnlab.store.db import DONE, Store
from cnnlab.store.safe_read import read_regular
from cnnlab.training import session
from cnnlab.training.eager import cpu_layout, kept_own_layout
from cnnlab.training.loop import resolve_device

Notify = Callable[[str], None]

# executor name -> (module, class); the module is imported only when chosen
EXECUTOR_CLASSES = {
    "vectorized": ("cnnlab.experiments.vectorized", "VectorizedExecutor"),
    "ray": ("cnnlab.experiments.ray_executor", "RayExecutor"),
}


def run_id_for(experiment: str, plan: RunPlan) -> str:
    return hashlib.sha256(f"{experiment}\n{plan.config_json}".encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Plan:
    """The spec's runs, in grid order, and which of them still need training."""

    spec: ExperimentSpec
    items: list[tuple[RunPlan, PlannedRun]]
    pending: list[PlannedRun]


def plan_experiment(spec: ExperimentSpec, store: Store, spec_path: Path | None = None) -> Plan:
    """Record the experiment and its plan in the store; runs already finished (or diverged) are skipped.

    The stored plan is the whole grid even under `--only`: the flag chooses what trains now, and
    `cnnlab runs`, the report and the web page still show every configuration (the others as they stand:
    finished, or queued until a run reaches them). `Plan.items` are the chosen runs.
    """
    grid = []
    for p in replace(spec, only=None).expand():
        run_id = run_id_for(spec.name, p)
        grid.append((p, PlannedRun(run_id, p.config, store.root / spec.name / run_id)))
    chosen = {p.config_hash for p in spec.expand()}
    items = [(p, run) for p, run in grid if p.config_hash in chosen]
    store.save_experiment(spec.name, spec.description, spec.text, spec.spec_hash,
                          str(spec_path) if spec_path else None)
    store.plan_runs(spec.name, [
        {"run_id": run.run_id, "config": p.config_json, "config_hash": p.config_hash, "config_key": p.config_key,
         "label": p.label, "seed": p.config.seed, "run_dir": str(run.run_dir)}
        for p, run in grid
    ])
    status = {r["run_id"]: r["status"] for r in store.runs(spec.name)}
    pending = [run for _, run in items if status.get(run.run_id) not in DONE]
    return Plan(spec, items, pending)


def preflight(spec: ExperimentSpec, plans: Sequence[RunPlan]) -> list[str]:
    """Load each data set and build each architecture once, so a missing file or a model that does not fit
    the data stops the command before any training (and not once per run).

    Returns the models (as the spec names them) that will train in their own memory layout on this machine's
    CPU: their forward refuses channels-last activations (a flatten by `x.view`), which costs them speed."""
    built: set[tuple] = set()
    own_layout: list[str] = []
    for p in plans:
        c = p.config
        key = (c.model, *model_settings(c).values(), c.dataset, c.data_dir, c.grayscale, c.labels)
        if key in built:
            continue
        built.add(key)
        where = f"{spec.source}: {p.label}"
        try:
            data = session.dataset_for(c)
            model = build_model(c.model, data.input_shape, data.num_classes, **model_settings(c))
            on_cpu = resolve_device(c.device).type == "cpu"
        except CnnlabError as e:
            message = str(e).replace("--download fetches them", "download = true fetches them")
            raise CnnlabError(f"{where}: {message}") from None
        if on_cpu and c.model not in own_layout and kept_own_layout(cpu_layout(model, data.input_shape)):
            own_layout.append(c.model)
    return own_layout


def recover_finished(run: PlannedRun, store: Store) -> bool:
    """A run killed after writing its checkpoint but before the store heard of it: record it from model.json."""
    meta_path = run.run_dir / "model.json"
    if (run.run_dir / "state.safetensors").exists() or not meta_path.exists():
        return False
    try:
        meta = json.loads(read_regular(meta_path, "checkpoint metadata", MAX_META_BYTES))
        metrics, history = meta["metrics"], meta["history"]
        if meta["config"] != run.config.model_dump() or not (run.run_dir / "model.safetensors").exists():
            return False
        records = [EpochRecord(**h) for h in history]
    except (OSError, ValueError, KeyError, TypeError, CnnlabError):
        return False
    metrics = {**metrics, "final_train_loss": records[-1].train_loss if records else None}
    store.finish_run(run.run_id, metrics["status"], metrics["message"], metrics, records)
    return True


def discard_unreadable_state(run: PlannedRun, notify: Notify) -> None:
    """A saved state that cannot be read (a damaged disk, a file copied half-way) would fail the run on every
    re-run: drop it, so the run starts over instead."""
    try:
        load_train_state(run.run_dir)
    except CnnlabError as e:
        for name in ("state.safetensors", "state.json"):
            (run.run_dir / name).unlink(missing_ok=True)
        notify(f"note: {run.run_dir}: saved state unreadable ({e}); this run starts over")


def choose_executor(name: str, runs: Sequence[PlannedRun], address: str | None, notify: Notify) -> Executor:
    """`auto`: sequential unless some architecture has several runs; then vectorized, on CUDA always, on a
    CPU for each group that a short measurement finds faster stacked (the others one run at a time)."""
    if name == "auto":
        import torch

        groups = Counter((r.config.model, r.config.activation, r.config.dataset) for r in runs)
        if not (groups and max(groups.values()) > 1):
            return SequentialExecutor()
        cuda = torch.cuda.is_available() and all(r.config.device in ("auto", "cuda") or
                                                 r.config.device.startswith("cuda:") for r in runs)
        from cnnlab.experiments.vectorized import VectorizedExecutor

        return VectorizedExecutor(measure=not cuda, notify=notify)
    if name == "sequential":
        return SequentialExecutor()
    module_name, class_name = EXECUTOR_CLASSES[name]
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
        return cls(address=address) if name == "ray" else cls()
    except (ImportError, AttributeError, CnnlabError) as e:  # not written yet, or its extra is not installed
        notify(f"note: the {name} executor is not available ({e}); running the runs sequentially")
        return SequentialExecutor()


@contextmanager
def experiment_lock(store: Store, experiment: str) -> Iterator[None]:
    """One `cnnlab run` per experiment and store at a time; the OS drops the lock when the process dies."""
    directory = store.root / experiment
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "a+") as f:
        if fcntl is not None:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise CnnlabError(f"experiment {experiment!r} is already running in another process "
                                  f"(it holds {directory / '.lock'}); wait for it, or use another --store") from None
        yield


@dataclass
class Outcome:
    experiment: str
    executor: str
    planned: int
    trained: int  # runs handed to the executor (the rest were already finished)
    runs: list[dict]  # store rows of the chosen runs (all the plan's but for --only), in grid order
    search: Any = None  # a search spec's SearchOutcome (best trial, epochs spent)


def run_experiment(
    spec: ExperimentSpec,
    store: Store,
    executor: str | None = None,
    make_view: Callable[[Plan], RunSink] | None = None,
    notify: Notify = lambda message: None,
    spec_path: Path | None = None,
) -> Outcome:
    """Plan, skip what is done, train the rest through the chosen executor, return the plan's store rows.

    `make_view` builds a second sink (a progress display) once the plan says which runs remain.
    """
    plans = spec.expand()
    preflight(spec, plans)
    if spec.search is not None:
        return _run_search(spec, store, executor, make_view, notify, spec_path)
    with experiment_lock(store, spec.name):
        return _run_locked(spec, store, executor, make_view, notify, spec_path)


def _run_search(spec: ExperimentSpec, store: Store, executor: str | None,
                make_view: Callable[[Plan], RunSink] | None, notify: Notify, spec_path: Path | None) -> Outcome:
    """A `[search]` spec: the study's trials on the chosen executor (experiments/search.py)."""
    from cnnlab.experiments.search import Search, import_optuna, probe_configs

    import_optuna()  # without it: one line naming the extra, before the store holds anything of this search
    preflight(spec, [RunPlan(c, "search", 0) for c in probe_configs(spec)])
    with experiment_lock(store, spec.name):
        store.save_experiment(spec.name, spec.description, spec.text, spec.spec_hash,
                              str(spec_path) if spec_path else None)
        probe = [PlannedRun("probe", c, store.root) for c in probe_configs(spec)]
        chosen = choose_executor(executor or spec.executor, probe * 2, spec.address, notify)
        view = None if make_view is None else (lambda items: make_view(Plan(spec, items, [r for _, r in items])))
        outcome = Search(spec, store, chosen, view, notify).run()
    return Outcome(spec.name, chosen.name, outcome.planned, outcome.trained, outcome.runs, search=outcome)


def _run_locked(spec: ExperimentSpec, store: Store, executor: str | None, make_view: Callable[[Plan], RunSink] | None,
                notify: Notify, spec_path: Path | None) -> Outcome:
    plan = plan_experiment(spec, store, spec_path)
    pending = [run for run in plan.pending if not recover_finished(run, store)]
    for run in pending:
        discard_unreadable_state(run, notify)
    skipped = len(plan.items) - len(pending)
    if skipped:
        notify(f"{skipped} of {len(plan.items)} runs already in the store: skipped")
    plan = Plan(spec, plan.items, pending)
    chosen = choose_executor(executor or spec.executor, pending, spec.address, notify)
    if pending:
        sink: RunSink = StoreSink(store, chosen.name)
        chosen.execute(pending, FanOut(sink, make_view(plan)) if make_view is not None else sink)
    ids = {run.run_id for _, run in plan.items}
    return Outcome(spec.name, chosen.name, len(plan.items), len(pending),
                   [r for r in store.runs(spec.name) if r["run_id"] in ids])
