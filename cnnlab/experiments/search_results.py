"""A search as the store holds it: every trial with its settings, status, rung and figures, the best trial
with its repeats, and the importance of each setting. What `cnnlab run`/`runs`, the report and the web page
show of a `[search]` experiment; read from the store alone (and Optuna, for the importances)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from cnnlab.errors import CnnlabError
from cnnlab.experiments.results import Stat
from cnnlab.experiments.search_spec import SearchSpec

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


@dataclass
class TrialRow:
    number: int
    run_id: str
    label: str
    params: dict[str, Any]
    status: str
    epochs: int
    rung: int | None
    value: float | None  # the search's metric at the trial's last epoch (its best epoch when early-stopped)
    test_accuracy: float | None
    curve: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"trial": self.number, "run_id": self.run_id, "label": self.label, "params": self.params,
                "status": self.status, "epochs": self.epochs, "rung": self.rung, "value": self.value,
                "test_accuracy": self.test_accuracy}


@dataclass
class SearchSummary:
    experiment: str
    search: SearchSpec
    trials: list[TrialRow]
    best: TrialRow | None
    best_runs: list[dict[str, Any]]  # the best trial's run and its repeats (store rows)
    epochs_spent: int  # over the trials (the repeats not counted)
    importances: dict[str, float] | None  # setting -> importance (fANOVA), None where it cannot be computed
    importance_target: str

    @property
    def best_test(self) -> Stat | None:
        return Stat.of([r.get("test_accuracy") for r in self.best_runs if r.get("status") in ("finished",
                                                                                                "early-stopped")])

    @property
    def best_values(self) -> Stat | None:
        return Stat.of([_final(r, self._curves.get(r["run_id"], []), self.search.metric) for r in self.best_runs])

    _curves: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict[str, Any]:
        test = self.best_test
        return {"experiment": self.experiment, "metric": self.search.metric, "direction": self.search.direction,
                "sampler": self.search.sampler, "pruner": self.search.pruner, "rungs": list(self.search.rungs),
                "trials": [t.as_dict() for t in self.trials],
                "best": self.best.as_dict() if self.best else None,
                "best_repeats": [{"run_id": r["run_id"], "seed": r["seed"], "status": r["status"],
                                  "test_accuracy": r["test_accuracy"]} for r in self.best_runs],
                "best_test_accuracy_mean": test.mean if test else None,
                "best_test_accuracy_ci95": list(test.ci95) if test and test.ci95 else None,
                "epochs_spent": self.epochs_spent, "importances": self.importances,
                "importance_target": self.importance_target}


def _final(row: dict[str, Any], curve: list[dict[str, Any]], metric: str) -> float | None:
    epoch = row.get("best_epoch") if row.get("status") == "early-stopped" and row.get("best_epoch") else row["epochs"]
    for record in curve:
        if record["epoch"] == epoch:
            value = record.get(metric)
            return None if value is None or not math.isfinite(value) else float(value)
    return None


OVERRIDES = "# overrides: "  # how a stored spec text records its `--set` overrides (spec.parse_spec)


def stored_search(spec_toml: str | None) -> SearchSpec | None:
    """The `[search]` table of a stored spec with the `--set` overrides it was run with, or None (a grid
    experiment, or a spec this cnnlab cannot read)."""
    if not spec_toml or "search" not in spec_toml:
        return None
    from cnnlab.experiments.spec import parse_spec

    lines = spec_toml.rstrip("\n").splitlines()
    overrides: list[str] = []
    if lines and lines[-1].startswith(OVERRIDES):
        overrides = [o for o in re.split(r"(?:^| )--set ", lines[-1][len(OVERRIDES):]) if o]
    try:
        if "search" not in tomllib.loads(spec_toml):
            return None
        return parse_spec(spec_toml, "stored spec", overrides).search
    except (tomllib.TOMLDecodeError, CnnlabError, TypeError, ValueError):
        return None


def summarize_search(store: Any, experiment: str, importances: bool = True) -> SearchSummary | None:
    """The search of `experiment` in a store (None when it is a grid experiment)."""
    found = next((e for e in store.experiments() if e.get("name") == experiment), None)
    if found is None or stored_search(found.get("spec_toml")) is None:
        return None
    rows = store.runs(experiment)
    curves = {r["run_id"]: store.epoch_curves(r["run_id"]) for r in rows if r.get("trial") is not None}
    return summarize_rows(found, rows, curves, importances)


def summarize_rows(experiment: dict[str, Any], rows: list[dict[str, Any]], curves: dict[Any, list[dict[str, Any]]],
                   importances: bool = True) -> SearchSummary | None:
    """The search from an experiment's row, its runs' rows (plan order) and their epoch curves."""
    search = stored_search(experiment.get("spec_toml"))
    if search is None:
        return None
    names = [d.name for d in search.space]
    trials: list[TrialRow] = []
    by_trial: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        if r.get("trial") is None:
            continue
        by_trial.setdefault(r["trial"], []).append(r)
        if len(by_trial[r["trial"]]) > 1:
            continue  # a repeat of the best trial
        curve = list(curves.get(r["run_id"], []))
        trials.append(TrialRow(r["trial"], r["run_id"], r["label"], {k: r["config"].get(k) for k in names},
                               r["status"], int(r["epochs"] or 0), r.get("rung"), _final(r, curve, search.metric),
                               r.get("test_accuracy"), curve))
    sign = 1.0 if search.direction == "maximize" else -1.0
    done = [t for t in trials if t.status in ("finished", "early-stopped") and t.value is not None]
    best = max(done, key=lambda t: (sign * t.value, -t.number)) if done else None  # type: ignore[operator]
    best_runs = by_trial.get(best.number, []) if best else []
    spent = sum(t.epochs for t in trials)
    target = f"{search.metric} at epoch {search.rungs[0]}" if search.rungs else f"final {search.metric}"
    summary = SearchSummary(str(experiment.get("name")), search, trials, best, best_runs, spent, None, target,
                            {k: list(v) for k, v in curves.items()})
    if importances:
        summary.importances = setting_importances(search, trials)
    return summary


def setting_importances(search: SearchSpec, trials: list[TrialRow]) -> dict[str, float] | None:
    """Each setting's fANOVA importance for the first rung's figure (every trial reaches it; with no rungs, the
    final figure), from an in-memory Optuna study of the trials; None without Optuna or with too few trials."""
    try:
        import optuna
    except ImportError:
        return None
    from cnnlab.experiments.search import to_distribution

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    distributions = {d.name: to_distribution(optuna, d) for d in search.space}
    study = optuna.create_study(direction=search.direction)
    for t in trials:
        value = t.value
        if search.rungs:
            value = next((c.get(search.metric) for c in t.curve if c["epoch"] == search.rungs[0]), None)
        if value is None or not math.isfinite(value) or any(t.params.get(k) is None for k in distributions):
            continue
        params = {k: t.params[k] for k in distributions}
        try:
            study.add_trial(optuna.trial.create_trial(params=params, distributions=distributions, value=value))
        except ValueError:  # a stored value outside the distribution (the spec changed since)
            continue
    if len(study.trials) < 3:
        return None
    searched = [k for k, d in distributions.items() if not d.single()]
    if not searched:
        return None
    evaluator = optuna.importance.FanovaImportanceEvaluator(seed=0)
    try:
        found = optuna.importance.get_param_importances(study, evaluator=evaluator, params=searched)
    except (RuntimeError, ValueError):
        return None
    return {k: float(v) for k, v in found.items()}
