"""A spec's `[search]` table: a space of settings to sample, a sampler, a trial budget and a pruner.

    [search]
    trials = 27                    # the trial budget
    sampler = "tpe"                # random, or tpe (Optuna's tree-structured Parzen estimator)
    seed = 0                       # the sampler's seed: the same seed samples the same trials
    pruner = "asha"                # asha (successive halving), median, or none
    rungs = [1, 2]                 # epochs at which the trials still training are compared
    reduction = 3                  # asha: a trial goes on when it is in the best 1/reduction at the rung
    metric = "val_accuracy"        # or val_loss: what the rungs compare and the study optimises
    round = 9                      # trials sampled together (default: all for random, a third for tpe)
    [search.space]                 # setting -> a distribution
    lr = { low = 1e-4, high = 0.1, log = true }   # a range: float or integer as the setting is
    dropout = { low = 0.0, high = 0.5 }
    batch_size = [32, 64, 128]                     # a list: choices

Every trial trains `base.epochs` epochs unless pruned at a rung; `repeats` (the spec's) re-runs the best
trial with seeds base.seed + 1, ... at the end. A `[sweep]` beside `[search]` adds its lists to the space as
choices. Validation happens here, before any training, one line per problem (`CnnlabError`).
"""

from __future__ import annotations

import math
import typing
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import ValidationError

from cnnlab.config import FIELDS, TrainConfig
from cnnlab.errors import CnnlabError

SAMPLERS = ("random", "tpe")
PRUNERS = ("asha", "median", "none")
METRICS = {"val_accuracy": "maximize", "val_loss": "minimize"}
SEARCH_KEYS = ("trials", "sampler", "seed", "pruner", "rungs", "reduction", "metric", "round", "space")
RANGE_KEYS = ("low", "high", "log", "step")
MAX_TRIALS = 10_000


@dataclass(frozen=True)
class Dimension:
    """One searched setting: a float or integer range (log-uniform with `log`), or choices."""

    name: str
    kind: str  # "float", "int" or "choice"
    low: float | int | None = None
    high: float | int | None = None
    log: bool = False
    step: float | int | None = None
    choices: tuple[Any, ...] = ()

    def describe(self) -> str:
        if self.kind == "choice":
            return f"{self.name} in {list(self.choices)}"
        return f"{self.name} {'log-' if self.log else ''}uniform {self.kind} [{self.low:g}, {self.high:g}]"

    def corners(self) -> list[Any]:
        """The values a preflight builds: every choice, or both ends of the range."""
        return list(self.choices) if self.kind == "choice" else [self.low, self.high]


@dataclass(frozen=True)
class SearchSpec:
    space: tuple[Dimension, ...]
    trials: int
    sampler: str
    seed: int
    pruner: str
    rungs: tuple[int, ...]
    reduction: int
    metric: str
    round: int

    @property
    def direction(self) -> str:
        return METRICS[self.metric]

    def as_dict(self) -> dict[str, Any]:
        return {"space": [asdict(d) for d in self.space], "trials": self.trials,
                "sampler": self.sampler, "seed": self.seed, "pruner": self.pruner, "rungs": list(self.rungs),
                "reduction": self.reduction, "metric": self.metric, "round": self.round}


def _is_int_setting(name: str) -> bool:
    """Whether TrainConfig's field takes whole numbers (batch_size, epochs, ...): its range is an integer range."""
    annotation = TrainConfig.model_fields[name].annotation
    args = typing.get_args(annotation) or (annotation,)
    return int in args and float not in args


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_value(name: str, value: Any, base: dict[str, Any], where: str) -> None:
    from cnnlab.experiments.spec import _show, _why

    try:
        TrainConfig(**{**base, name: value})
    except ValidationError as err:
        raise CnnlabError(f"{where}: {_show(value)} is invalid ({_why(err.errors()[0])})") from None


def _dimension(name: str, raw: Any, base: dict[str, Any], where: str) -> Dimension:
    if name not in FIELDS:
        raise CnnlabError(f"{where}: unknown setting (settings: {', '.join(FIELDS)})")
    if name in ("seed", "epochs"):
        raise CnnlabError(f"{where}: not searchable (the trials' {name} comes from [base]; "
                          f"{'repeats re-runs the best trial with more seeds' if name == 'seed' else 'rungs prune'})")
    if isinstance(raw, list):
        if not raw:
            raise CnnlabError(f"{where}: the list of choices is empty (give at least one)")
        for i, value in enumerate(raw):
            if not isinstance(value, (str, int, float, bool)):
                raise CnnlabError(f"{where}: {value!r} is invalid (a choice is a number, a string or true/false)")
            if value in raw[:i]:
                raise CnnlabError(f"{where}: {value!r} is listed twice")
            _check_value(name, value, base, where)
        return Dimension(name, "choice", choices=tuple(raw))
    if not isinstance(raw, dict):
        raise CnnlabError(f"{where}: must be a list of choices or a range table, "
                          f"e.g. {{ low = 0.0001, high = 0.1, log = true }}")
    unknown = [k for k in raw if k not in RANGE_KEYS]
    if unknown:
        raise CnnlabError(f"{where} {unknown[0]}: unknown key (keys: {', '.join(RANGE_KEYS)})")
    for key in ("low", "high"):
        if key not in raw:
            raise CnnlabError(f"{where}: missing {key} (a range needs low and high)")
        if not _number(raw[key]):
            raise CnnlabError(f"{where} {key}: {raw[key]!r} is invalid (must be a number)")
    low, high, log, step = raw["low"], raw["high"], raw.get("log", False), raw.get("step")
    if not isinstance(log, bool):
        raise CnnlabError(f"{where} log: {log!r} is invalid (must be true or false)")
    kind = "int" if _is_int_setting(name) else "float"
    if kind == "int" and not (isinstance(low, int) and isinstance(high, int)):
        raise CnnlabError(f"{where}: {name} takes whole numbers: low and high must be integers")
    if not low < high:
        raise CnnlabError(f"{where}: the range is empty (low = {low!r} must be below high = {high!r})")
    if log and low <= 0:
        raise CnnlabError(f"{where} low: {low!r} is invalid (a log range needs low > 0)")
    if step is not None:
        if not _number(step) or step <= 0 or (kind == "int" and not isinstance(step, int)):
            raise CnnlabError(f"{where} step: {step!r} is invalid (must be a number > 0"
                              f"{', an integer' if kind == 'int' else ''})")
        if log:
            raise CnnlabError(f"{where} step: a log range takes no step (drop step or log)")
    for value in (low, high):
        _check_value(name, value, base, where)
    return Dimension(name, kind, low, high, log, step)


def _integer(raw: dict[str, Any], key: str, default: int, low: int, where: str, high: int | None = None) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        limit = f">= {low}" + (f" and <= {high}" if high is not None else "")
        raise CnnlabError(f"{where} {key}: {value!r} is invalid (must be an integer {limit})")
    return value


def _choice(raw: dict[str, Any], key: str, default: str, choices: tuple[str, ...], where: str) -> str:
    value = raw.get(key, default)
    if value not in choices:
        raise CnnlabError(f"{where} {key}: {value!r} is invalid (choices: {', '.join(choices)})")
    return value


def parse_search(raw: Any, base: dict[str, Any], sweep: dict[str, list[Any]], source: str) -> SearchSpec:
    """Validate a `[search]` table against the spec's `[base]` (already a valid TrainConfig)."""
    where = f"{source}: [search]"
    if not isinstance(raw, dict):
        raise CnnlabError(f"{where}: must be a table ([search])")
    unknown = [k for k in raw if k not in SEARCH_KEYS]
    if unknown:
        raise CnnlabError(f"{where} {unknown[0]}: unknown key (keys: {', '.join(SEARCH_KEYS)})")
    trials = _integer(raw, "trials", 20, 1, where, MAX_TRIALS)
    sampler = _choice(raw, "sampler", "tpe", SAMPLERS, where)
    seed = _integer(raw, "seed", 0, 0, where, 2**32 - 1)
    pruner = _choice(raw, "pruner", "asha", PRUNERS, where)
    metric = _choice(raw, "metric", "val_accuracy", tuple(METRICS), where)
    reduction = _integer(raw, "reduction", 3, 2, where)
    default_round = trials if sampler == "random" else max(1, math.ceil(trials / 3))
    round_size = min(trials, _integer(raw, "round", default_round, 1, where))  # a round of all the trials at most
    config = TrainConfig(**base)
    rungs_raw = raw.get("rungs", [] if pruner == "none" else [max(1, config.epochs // 3)])
    if not isinstance(rungs_raw, list) or any(isinstance(r, bool) or not isinstance(r, int) for r in rungs_raw):
        raise CnnlabError(f"{where} rungs: {rungs_raw!r} is invalid (must be a list of epoch numbers, e.g. [1, 3])")
    if rungs_raw != sorted(set(rungs_raw)) or any(r < 1 for r in rungs_raw):
        raise CnnlabError(f"{where} rungs: {rungs_raw!r} is invalid (must be increasing epoch numbers >= 1)")
    beyond = [r for r in rungs_raw if r >= config.epochs]
    if beyond:
        raise CnnlabError(f"{where} rungs: {beyond[0]} is invalid (a rung must come before the last epoch: "
                          f"[base] epochs = {config.epochs})")
    if pruner != "none" and not rungs_raw:
        raise CnnlabError(f"{where} rungs: [] is invalid (pruner {pruner!r} needs at least one rung)")
    if pruner == "none" and rungs_raw:
        raise CnnlabError(f"{where} rungs: pruner \"none\" prunes nothing (drop rungs or choose a pruner: "
                          f"{', '.join(p for p in PRUNERS if p != 'none')})")
    if config.val_split == 0:
        raise CnnlabError(f"{where} metric: {metric} needs a validation set ([base] val_split > 0)")
    space_raw = raw.get("space", {})
    if not isinstance(space_raw, dict):
        raise CnnlabError(f"{where} space: must be a table ([search.space])")
    space = [_dimension(name, value, base, f"{where} space {name}") for name, value in space_raw.items()]
    for name, values in sweep.items():
        if name in space_raw:
            raise CnnlabError(f"{where} space {name}: also swept in [sweep]; set it in one place")
        space.append(_dimension(name, values, base, f"{source}: [sweep] {name}"))
    if not space:
        raise CnnlabError(f"{where} space: nothing to search (add settings, e.g. lr = {{ low = 0.0001, high = 0.1, "
                          f"log = true }})")
    return SearchSpec(tuple(space), trials, sampler, seed, pruner, tuple(rungs_raw), reduction, metric, round_size)
