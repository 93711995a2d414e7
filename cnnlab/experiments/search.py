"""Running a `[search]` spec: an Optuna study whose trials train on cnnlab's executors, pruned at rungs.

The study runs in rounds. A round samples `round` trials (each from a sampler seeded with the search's
seed and the trial's number, so the same seed samples the same trials, interrupted or not), then trains
them rung by rung: every trial still in the round trains to the rung epoch and pauses there (its state
saved in its run folder, status `paused`), the rung's rule keeps the best and prunes the rest (status
`pruned`, the rung recorded), and the survivors continue from their saved state to the next rung, up to
`base.epochs`. The next round's sampler sees every trial before it (TPE learns from them).

Where each fact lives: the sampled settings in Optuna's own storage (`search.db`, an SQLite file beside
`cnnlab.db`); every trial's progress, curves and decisions in the cnnlab store. A killed `cnnlab run`
resumes from both: a trial Optuna registered but the store never heard of is failed in Optuna and sampled
again (the same seed gives the same settings), a trial the store has ended is told to Optuna if it was not
yet, and a paused trial waits for its rung's decision, which is recomputed from stored figures (so it is
the same). No trial is lost or trained twice.

Rules (rung epoch e, the figures of every trial of the study that reached e so far, the current round's
included): `asha` keeps a trial in the best 1/reduction of them (at least the best one; ties go to the earlier
trial, so the epochs spent stay bounded); `median` keeps a trial no worse than their median; `none` has no
rungs.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cnnlab.config import TrainConfig, identity
from cnnlab.errors import CnnlabError
from cnnlab.experiments.executor import Executor, PlannedRun, RunSink
from cnnlab.experiments.search_spec import Dimension
from cnnlab.experiments.sink import FanOut, StoreSink, resume_epoch
from cnnlab.experiments.spec import ExperimentSpec, RunPlan, canonical_json, format_value
from cnnlab.store.db import DONE, Store
from cnnlab.training.session import RunResult

OPTUNA_MISSING = "a [search] spec needs Optuna: pip install 'cnnlab[search]'"
STUDY_FILE = "search.db"  # Optuna's storage, beside cnnlab.db
TRIAL_ATTR = "cnnlab_trial"  # the user attribute holding a trial's number in cnnlab (0, 1, ...)
DRAWS = 20  # tries at settings no earlier trial has
ENDED = ("finished", "early-stopped", "diverged", "pruned", "failed")

Notify = Callable[[str], None]


def import_optuna() -> Any:
    """Optuna, quiet; without the extra, the one line saying which extra to install."""
    try:
        import optuna
    except ImportError:
        raise CnnlabError(OPTUNA_MISSING) from None
    optuna.logging.set_verbosity(logging.WARNING)
    return optuna


# -- the rules (pure) ----------------------------------------------------------------------------------------
def keeps(pruner: str, value: float, number: int, competitors: Sequence[tuple[float, int]], reduction: int,
          direction: str) -> bool:
    """Whether trial `number` with `value` at a rung goes on, against every (figure, trial number) recorded at
    that rung (its own included). Higher is better when `direction` is "maximize". ASHA breaks ties by trial
    number (the earlier trial first), so exactly max(1, n // reduction) of n trials go on."""
    if pruner == "none" or not competitors or not math.isfinite(value):
        return pruner == "none"
    sign = 1.0 if direction == "maximize" else -1.0
    if pruner == "asha":
        ranked = sorted(competitors, key=lambda c: (-sign * c[0], c[1]))  # best first, earlier first on ties
        kept = max(1, len(ranked) // reduction)
        return (value, number) in ranked[:kept]
    if pruner == "median":
        ordered = sorted(sign * c[0] for c in competitors)
        n = len(ordered)
        median = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
        return sign * value >= median
    raise CnnlabError(f"unknown pruner {pruner!r}")


def to_distribution(optuna: Any, d: Dimension) -> Any:
    if d.kind == "choice":
        return optuna.distributions.CategoricalDistribution(list(d.choices))
    if d.kind == "int":
        return optuna.distributions.IntDistribution(int(d.low), int(d.high), log=d.log, step=int(d.step or 1))
    return optuna.distributions.FloatDistribution(float(d.low), float(d.high), log=d.log, step=d.step)


def trial_seed(seed: int, number: int, draw: int = 0) -> int:
    """The sampler's seed for trial `number` (its `draw`-th try): fixed by the search's seed, whatever happened
    before."""
    return int.from_bytes(hashlib.sha256(f"{seed}/{number}/{draw}".encode()).digest()[:4], "little")


@dataclass(frozen=True)
class Trial:
    number: int  # cnnlab's trial number: 0, 1, ... in sampling order
    optuna_number: int
    params: dict[str, Any]
    plan: RunPlan
    run: PlannedRun


def study_name(spec: ExperimentSpec) -> str:
    """The experiment's name and a digest of what its trials depend on ([base] and [search]; not `repeats`,
    which only adds seeds of the best trial at the end): a changed space or base starts a new study."""
    assert spec.search is not None
    body = canonical_json({"base": identity(TrainConfig(**spec.base)), "search": spec.search.as_dict()})
    return f"{spec.name}-{hashlib.sha256(body.encode()).hexdigest()[:12]}"


def trial_label(number: int, params: dict[str, Any]) -> str:
    return f"trial {number}: " + " ".join(f"{k}={format_value(v)}" for k, v in params.items())


def rounded(d: Dimension, value: Any) -> Any:
    """A sampled float to 4 significant digits (labels, configs and run ids stay readable); others as drawn."""
    if d.kind == "float" and isinstance(value, float) and d.step is None:
        return float(f"{value:.4g}")
    return value


@dataclass
class SearchOutcome:
    experiment: str
    executor: str
    planned: int
    trained: int
    runs: list[dict]
    best: dict | None  # the best trial's store row
    epochs_spent: int


class Search:
    """One `cnnlab run` of a search spec, holding the experiment's lock (see runner.run_experiment)."""

    def __init__(self, spec: ExperimentSpec, store: Store, executor: Executor,
                 make_view: Callable[[list[tuple[RunPlan, PlannedRun]]], RunSink] | None = None,
                 notify: Notify = lambda message: None) -> None:
        assert spec.search is not None
        self.spec, self.search, self.store, self.executor = spec, spec.search, store, executor
        self.make_view, self.notify = make_view, notify
        self.optuna = import_optuna()
        self.storage_url = f"sqlite:///{store.root / STUDY_FILE}"
        self.name = study_name(spec)
        self.base = TrainConfig(**spec.base)
        self.distributions = {d.name: to_distribution(self.optuna, d) for d in self.search.space}
        self.trials: list[Trial] = []
        self.trained = 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # experimental-feature warnings of some Optuna versions
            # one storage object: each one built from the URL costs ~0.7 s (SQLAlchemy, schema checks)
            self.storage = self.optuna.storages.RDBStorage(self.storage_url)
            self.study = self.optuna.create_study(study_name=self.name, storage=self.storage,
                                                  direction=self.search.direction, load_if_exists=True)

    # -- trials ------------------------------------------------------------------------------------------
    def _sampler(self, number: int, draw: int = 0) -> Any:
        seed = trial_seed(self.search.seed, number, draw)
        if self.search.sampler == "random":
            return self.optuna.samplers.RandomSampler(seed=seed)
        return self.optuna.samplers.TPESampler(seed=seed, n_startup_trials=self.search.round)

    def _trial(self, number: int, optuna_number: int, params: dict[str, Any]) -> Trial:
        params = {d.name: rounded(d, params[d.name]) for d in self.search.space}
        config = TrainConfig(**{**self.spec.base, **params})
        plan = RunPlan(config, trial_label(number, params), 0)
        run_id = hashlib.sha256(f"{self.name}\ntrial {number}\n{plan.config_json}".encode()).hexdigest()[:12]
        run = PlannedRun(run_id, config, self.store.root / self.spec.name / run_id)
        return Trial(number, optuna_number, params, plan, run)

    def _register(self, trial: Trial) -> None:
        p = trial.plan
        self.store.add_trial(self.spec.name, {
            "run_id": trial.run.run_id, "config": p.config_json, "config_hash": p.config_hash,
            "config_key": p.config_key, "label": p.label, "seed": p.config.seed,
            "run_dir": str(trial.run.run_dir)}, trial.number)

    def _load(self) -> None:
        """The trials registered so far (a resumed study), in number order; half-registered ones are failed."""
        TrialState = self.optuna.trial.TrialState
        known: dict[int, Any] = {}
        for t in self.study.get_trials(deepcopy=False):
            number = t.user_attrs.get(TRIAL_ATTR)
            if number is None or t.state == TrialState.FAIL or number in known:
                if t.state == TrialState.RUNNING:  # killed between ask and registration: sampled again
                    self.study.tell(t.number, state=TrialState.FAIL)
                continue
            if set(t.params) != set(self.distributions):
                self.study.tell(t.number, state=TrialState.FAIL)
                continue
            known[number] = t
        self.trials = []
        for number in sorted(known):
            if number != len(self.trials):
                break  # a gap cannot happen (trials register in order); anything after it is sampled again
            t = known[number]
            trial = self._trial(number, t.number, t.params)
            self._register(trial)  # no-op when the store has it (killed between the two registrations)
            self.trials.append(trial)
        self.store.plan_runs(self.spec.name, [self._plan_row(t.plan, t.run) for t in self.trials])

    @staticmethod
    def _plan_row(plan: RunPlan, run: PlannedRun) -> dict[str, Any]:
        return {"run_id": run.run_id, "config": plan.config_json, "config_hash": plan.config_hash,
                "config_key": plan.config_key, "label": plan.label, "seed": plan.config.seed,
                "run_dir": str(run.run_dir)}

    def _ask(self, number: int) -> Trial:
        """Sample trial `number`; settings some earlier trial already has are drawn again (up to DRAWS times:
        a small space of choices runs out), each rejected draw failed in Optuna so no sampler counts it."""
        seen = {canonical_json(t.params) for t in self.trials}
        for draw in range(DRAWS):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                study = self.optuna.load_study(study_name=self.name, storage=self.storage,
                                               sampler=self._sampler(number, draw))
                asked = study.ask(self.distributions)
            trial = self._trial(number, asked.number, asked.params)
            if canonical_json(trial.params) not in seen or draw == DRAWS - 1:
                break
            study.tell(asked.number, state=self.optuna.trial.TrialState.FAIL)
        asked.set_user_attr(TRIAL_ATTR, number)
        self._register(trial)
        return trial

    # -- figures ---------------------------------------------------------------------------------------------
    def _row(self, trial: Trial) -> dict[str, Any]:
        row = self.store.run(trial.run.run_id)
        assert row is not None
        return row

    def _value_at(self, trial: Trial, epoch: int) -> float | None:
        for record in self.store.epoch_curves(trial.run.run_id):
            if record["epoch"] == epoch:
                return record[self.search.metric]
        return None

    def _final_value(self, trial: Trial) -> float | None:
        row = self._row(trial)
        epoch = row["best_epoch"] if row["status"] == "early-stopped" and row["best_epoch"] else row["epochs"]
        return self._value_at(trial, int(epoch or 0))

    def _reached(self, trial: Trial, epoch: int) -> bool:
        row = self._row(trial)
        if row["status"] in ENDED:
            return True
        return resume_epoch(trial.run.run_dir) >= epoch and row["epochs"] >= epoch

    # -- telling Optuna -----------------------------------------------------------------------------------
    def _tell(self, trial: Trial) -> None:
        """Report an ended trial's rung figures and its end to Optuna, unless it already knows."""
        TrialState = self.optuna.trial.TrialState
        frozen = self.study.get_trials(deepcopy=False)[trial.optuna_number]
        if frozen.state != TrialState.RUNNING:
            return
        row = self._row(trial)
        if row["status"] not in ENDED:
            return
        live = self.optuna.trial.Trial(self.study, frozen._trial_id)  # Optuna's handle of a running trial
        for rung in self.search.rungs:
            value = self._value_at(trial, rung)
            if value is not None and rung not in frozen.intermediate_values and math.isfinite(value):
                live.report(value, rung)
        if row["status"] == "pruned":
            self.study.tell(trial.optuna_number, state=TrialState.PRUNED)
        elif row["status"] == "failed":
            self.study.tell(trial.optuna_number, state=TrialState.FAIL)
        else:
            value = self._final_value(trial)
            if value is None or not math.isfinite(value):  # diverged before any figure: the worst value
                value = 0.0 if self.search.direction == "maximize" else 1e9
            self.study.tell(trial.optuna_number, value)

    # -- training --------------------------------------------------------------------------------------------
    def _execute(self, runs: list[tuple[Trial, int | None]],
                 train: Callable[[list[PlannedRun], RunSink], Any] | None = None) -> Any:
        """Train `runs` (each to its rung: `until`) through the executor, or through `train` (runs, sink)."""
        if not runs:
            return None
        planned = [replace(t.run, until=until) for t, until in runs]
        sink: RunSink = SearchSink(self.store, self.executor.name)
        view = None
        if self.make_view is not None:
            view = self.make_view([(t.plan, p) for (t, _), p in zip(runs, planned, strict=True)])
            sink = FanOut(sink, view)
        try:
            return (train or self.executor.execute)(planned, sink)
        finally:
            if view is not None and hasattr(view, "stop"):
                view.stop()
            self.trained += len(planned)

    def _decide(self, rung: int, candidates: list[Trial], round_trials: list[Trial]) -> dict[str, str]:
        """The rung's rule for `candidates` (trials of this round that reached `rung` and wait there); the
        losers end pruned. Returns {run_id: message} of the pruned."""
        competitors = [(v, t.number) for t in self.trials if t.number <= round_trials[-1].number
                       if (v := self._value_at(t, rung)) is not None and math.isfinite(v)]
        pruned = {}
        for t in candidates:
            row = self._row(t)
            if row["status"] not in ("paused", "running") or row["epochs"] != rung:
                continue
            value = self._value_at(t, rung)
            if value is None or not keeps(self.search.pruner, value, t.number, competitors, self.search.reduction,
                                          self.search.direction):
                shown = "—" if value is None else f"{value:.4g}"
                kept = max(1, len(competitors) // self.search.reduction)
                rule = (f"not in the best {kept} of {len(competitors)}" if self.search.pruner == "asha"
                        else f"below the median of {len(competitors)}")
                message = f"pruned at epoch {rung}: {self.search.metric} {shown}, {rule}"
                self.store.prune_run(t.run.run_id, rung, message)
                pruned[t.run.run_id] = message
        return pruned

    def _train_round(self, round_trials: list[Trial]) -> None:
        epochs = self.base.epochs
        todo = [t for t in round_trials if self._row(t)["status"] not in ENDED]
        stacked = getattr(self.executor, "execute_pruned", None)
        if stacked is not None and len(todo) > 1:  # each stackable group trains as one stack, pruned in it
            by_id = {t.run.run_id: t for t in todo}

            def decide(epoch: int, found: list[tuple[PlannedRun, Any]]) -> dict[str, str]:
                return self._decide(epoch, [by_id[run.run_id] for run, _ in found], round_trials)

            left = self._execute([(t, None) for t in todo],
                                 lambda runs, sink: stacked(runs, sink, self.search.rungs, decide))
            todo = [by_id[r.run_id] for r in left]
            self.trained -= len(left)  # handed back untrained: the rung-by-rung loop below trains them
        for rung in [*self.search.rungs, epochs]:
            until = rung if rung < epochs else None
            self._execute([(t, until) for t in todo if not self._reached(t, rung)])
            if until is not None:
                self._decide(rung, todo, round_trials)
        for t in round_trials:
            self._tell(t)

    def _repeats(self) -> list[tuple[RunPlan, PlannedRun]]:
        best = self.best()
        if best is None or self.spec.repeats < 2:
            return []
        out = []
        for r in range(1, self.spec.repeats):
            config = best.plan.config.updated(seed=best.plan.config.seed + r)
            plan = RunPlan(config, best.plan.label, r)
            run_id = hashlib.sha256(f"{self.name}\nrepeat {r}\n{plan.config_json}".encode()).hexdigest()[:12]
            out.append((plan, PlannedRun(run_id, config, self.store.root / self.spec.name / run_id)))
        return out

    def best(self) -> Trial | None:
        """The trial with the best final figure among those that trained to the end (the lowest number on ties)."""
        sign = 1.0 if self.search.direction == "maximize" else -1.0
        scored = []
        for t in self.trials:
            if self._row(t)["status"] in ("finished", "early-stopped"):
                value = self._final_value(t)
                if value is not None and math.isfinite(value):
                    scored.append((sign * value, -t.number, t))
        return max(scored, key=lambda s: s[:2])[2] if scored else None

    def run(self) -> SearchOutcome:
        connected = getattr(self.executor, "connected", None)  # Ray: one runtime for every round and rung
        with connected() if connected is not None else contextlib.nullcontext():
            return self._run()

    def _run(self) -> SearchOutcome:
        self._load()
        for t in self.trials:  # ended before a kill, not yet told
            self._tell(t)
        size = self.search.round
        for start in range(0, self.search.trials, size):
            numbers = range(start, min(start + size, self.search.trials))
            for number in numbers:
                if number >= len(self.trials):
                    self.trials.append(self._ask(number))
            self._train_round([self.trials[n] for n in numbers])
        best = self.best()
        repeats = self._repeats()
        for plan, run in repeats:
            self.store.add_trial(self.spec.name, self._plan_row(plan, run), best.number if best else None)
        pending = [(plan, run) for plan, run in repeats
                   if (self.store.run(run.run_id) or {}).get("status") not in DONE]
        if pending:
            sink: RunSink = SearchSink(self.store, self.executor.name)
            view = self.make_view(pending) if self.make_view is not None else None
            try:
                self.executor.execute([run for _, run in pending], FanOut(sink, view) if view else sink)
            finally:
                if view is not None and hasattr(view, "stop"):
                    view.stop()
            self.trained += len(pending)
        rows = self.store.runs(self.spec.name)
        spent = sum(int(r["epochs"] or 0) for r in rows if r["run_id"] in {t.run.run_id for t in self.trials})
        return SearchOutcome(self.spec.name, self.executor.name, len(rows), self.trained, rows,
                             self._row(best) if best else None, spent)


class SearchSink(StoreSink):
    """The store sink, plus a trial that paused at its rung (state saved, waiting for the rung's decision)."""

    def on_result(self, run: PlannedRun, result: RunResult) -> None:
        if result.status == "paused":
            self.steps.pop(run.run_id, None)
            self.store.pause_run(run.run_id, result.epochs, result.wall_seconds, result.train_seconds)
            return
        super().on_result(run, result)


def probe_configs(spec: ExperimentSpec) -> list[TrainConfig]:
    """Configurations a preflight builds: [base] with each choice, or each end of each range, of the
    settings that shape the model or the data."""
    assert spec.search is not None
    shaping = ("model", "activation", "dropout", "dataset", "data_dir", "grayscale", "labels")
    configs = [TrainConfig(**spec.base)]
    for d in spec.search.space:
        if d.name in shaping:
            configs += [TrainConfig(**{**spec.base, d.name: v}) for v in d.corners()]
    return configs

