"""The experiment spec: one TOML file naming a base configuration, a grid to sweep and repeated seeds.

    name = "learning_rate"
    description = "seed 000: lr 0.1 vs 0.01 vs 0.001"
    repeats = 3                    # seeds base.seed + 0, 1, 2 for every configuration
    [base]                         # any TrainConfig setting (what `cnnlab train` takes)
    model = "baseline"
    epochs = 10
    [sweep]                        # setting -> non-empty list: the grid is their product
    lr = [0.1, 0.01, 0.001]
    [[variants]]                   # optional: named bundles of settings, crossed with the grid
    name = "sgd_momentum"
    optimizer = "sgd"
    momentum = 0.9
    [[expect]]                     # optional: a figure someone reported, checked against the repeats
    where = { lr = 0.001 }         # the configurations it applies to (any settings)
    test_accuracy = 0.99           # or best_test_accuracy, test_loss, params, train_accuracy/train_loss
    source = "seed 000, Q3"        # who reported it; `epoch = N` checks that epoch's figure instead
    bound = "at_least"             # optional: the figure is a bound ("99%+"), not a measurement (or "at_most")
    [[log]]                        # optional: a training log someone printed, compared point by point
    where = { lr = 0.001 }         # the configurations it applies to (omit, or {}: every configuration)
    metric = "train_loss"          # batch_loss, train_loss, train_accuracy, test_loss or test_accuracy
    source = "seed 000, Q1 (training log)"
    points = [[1, 0.2661], [2, 0.0992]]   # [epoch, value]; batch_loss: [epoch, images seen, one batch's loss]
    baseline = { lr = 0.01 }       # optional: compare every configuration with this one (default: the best)
    band = "std"                   # curve bands: std (as the table), minmax or ci95

Everything is validated here, before any training: every problem is one `CnnlabError` line that
names the file and the key (`experiment.toml: [sweep] lr: -1.0 is invalid (must be > 0)`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cnnlab.config import FIELDS, TrainConfig, identity
from cnnlab.errors import CnnlabError
from cnnlab.experiments.search_spec import SearchSpec, parse_search

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

Executor = Literal["auto", "sequential", "vectorized", "ray"]
EXECUTORS: tuple[str, ...] = get_args(Executor)
MAX_SPEC_BYTES = 4 * 1024 * 1024  # a spec is a page of TOML
SPEC_KEYS = ("name", "description", "base", "sweep", "variants", "repeats", "executor", "address", "expect",
             "baseline", "band", "search", "log")
EXPECT_METRICS = ("test_accuracy", "best_test_accuracy", "test_loss", "params", "trainable_params",
                  "non_trainable_params", "train_accuracy", "train_loss")
COUNT_METRICS = ("params", "trainable_params", "non_trainable_params")  # of the architecture: exact, no runs
PER_EPOCH_ONLY = ("train_accuracy", "train_loss")  # a training log's figures: the mean over one epoch's batches
EXPECT_KEYS = ("where", *EXPECT_METRICS, "source", "epoch", "bound")
# a training log's metrics: batch_loss is one batch's loss (points [epoch, images seen, loss], as a PyTorch
# example prints "Train Epoch: 1 [12800/60000]"); the others an epoch's figure (points [epoch, value])
LOG_METRICS = ("batch_loss", "train_loss", "train_accuracy", "test_loss", "test_accuracy")
LOG_KEYS = ("where", "metric", "source", "points")
MAX_LOG_POINTS = 10_000
Band = Literal["std", "minmax", "ci95"]  # what the band around a mean curve shows
BANDS: tuple[str, ...] = get_args(Band)
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"  # it names a folder
MAX_RUNS = 10_000  # a bigger grid is refused unless `--max-runs N` allows it


class Bound(StrEnum):
    """A reported figure that is a bound the reporter stated ("99%+", "under 0.05"), not one they measured."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"

    @property
    def sign(self) -> str:
        """How the figure reads in every table: "≥ 99.00%"."""
        return "≥ " if self is Bound.AT_LEAST else "≤ "


class SpecFile(BaseModel):
    """The top level of the TOML file; the tables' contents are checked against TrainConfig later."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(pattern=NAME_PATTERN, max_length=100)
    description: str | None = None
    base: dict[str, Any] = Field(default_factory=dict)
    sweep: dict[str, list[Any]] = Field(default_factory=dict)
    variants: list[dict[str, Any]] = Field(default_factory=list)
    repeats: int = Field(1, ge=1, le=1000)
    executor: Executor = "auto"
    address: str | None = None  # the Ray cluster to connect to (executor = "ray")
    expect: list[dict[str, Any]] = Field(default_factory=list)
    log: list[dict[str, Any]] = Field(default_factory=list)
    baseline: dict[str, Any] | None = None
    band: Band = "std"
    search: Any = None  # checked by search_spec.parse_search


@dataclass(frozen=True)
class Expectation:
    """A reported figure: `metric` (one of EXPECT_METRICS) was `value` for the configurations matching `where`."""

    where: dict[str, Any]
    metric: str
    value: float
    source: str
    epoch: int | None = None  # None: the run's final figure
    bound: Bound | None = None  # `value` is a bound the reporter stated, not a figure they measured

    def applies(self, config: dict[str, Any]) -> bool:
        """Whether a configuration (a run's config dict) has every setting of `where`."""
        return all(_same(config.get(k), v) for k, v in self.where.items())


@dataclass(frozen=True)
class Log:
    """A training log someone printed: `metric` at each of `points` for the configurations matching `where`.

    `points`: (epoch, value) for an epoch's figure; (epoch, images seen, loss) for batch_loss, the loss of the
    batch that starts `images seen` images into the epoch."""

    where: dict[str, Any]
    metric: str
    source: str
    points: tuple[tuple[float, ...], ...]

    def applies(self, config: dict[str, Any]) -> bool:
        return all(_same(config.get(k), v) for k, v in self.where.items())

    @property
    def per_batch(self) -> bool:
        return self.metric == "batch_loss"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


@dataclass(frozen=True)
class RunPlan:
    """One run of the grid: its full config, the config's group (all repeats share it) and its label."""

    config: TrainConfig
    label: str  # the swept values, e.g. "lr=0.01 batch_size=32" ("base" when nothing is swept)
    repeat: int  # 0 .. repeats-1

    @property
    def config_json(self) -> str:
        return canonical_json(identity(self.config))

    @property
    def config_hash(self) -> str:
        return _digest(self.config_json, 16)

    @property
    def config_key(self) -> str:
        """Hash of the config without its seed: the repeats of one configuration share it."""
        values = identity(self.config)
        values.pop("seed")
        return _digest(canonical_json(values), 12)


@dataclass(frozen=True)
class ExperimentSpec:
    """A validated spec, with the `--set`/`--subset` overrides of this invocation already applied."""

    name: str
    description: str | None
    base: dict[str, Any]
    sweep: dict[str, list[Any]]
    variants: list[dict[str, Any]]
    repeats: int
    executor: str
    address: str | None
    source: str  # the file name used in error messages
    text: str  # the TOML as written, plus a comment line recording the overrides
    overrides: tuple[str, ...] = ()
    expect: tuple[Expectation, ...] = ()
    logs: tuple[Log, ...] = ()  # `[[log]]` tables: training logs compared point by point
    baseline: dict[str, Any] | None = None  # the configuration the others are compared with (None: the best)
    band: str = "std"  # what the curves' bands show: std, minmax or ci95
    only: dict[str, Any] | None = None  # `--only`: expand just the configurations with these settings
    search: SearchSpec | None = None  # a `[search]` table: the runs are a study's trials, not a grid

    @property
    def spec_hash(self) -> str:
        body = {k: getattr(self, k) for k in ("name", "base", "sweep", "variants", "repeats")}
        if self.search is not None:
            body["search"] = self.search.as_dict()
        return _digest(canonical_json(body), 16)

    def expand(self) -> list[RunPlan]:
        """The grid in a stable order: variants, then sweep keys as written (last varies fastest), then repeats."""
        keys = list(self.sweep)
        variants = self.variants or [{}]
        plans: list[RunPlan] = []
        seen: set[str] = set()
        for variant in variants:
            settings = {k: v for k, v in variant.items() if k != "name"}
            for combo in itertools.product(*(self.sweep[k] for k in keys)):
                values = {**self.base, **settings, **dict(zip(keys, combo, strict=True))}
                label = _label(variant.get("name"), {k: v for k, v in zip(keys, combo, strict=True) if k != "seed"})
                first_seed = int(values.get("seed", 0))
                if self.only is not None and not Expectation(self.only, "", 0.0, "").applies(
                        TrainConfig(**values).model_dump()):
                    continue
                for r in range(self.repeats):
                    config = TrainConfig(**{**values, "seed": first_seed + r})
                    plan = RunPlan(config, label, r)
                    if plan.config_hash not in seen:  # a swept seed may meet another's repeat
                        seen.add(plan.config_hash)
                        plans.append(plan)
        return plans


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=str)


def _digest(text: str, n: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def format_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ",".join(format_value(v) for v in value) + "]"
    return str(value)


def _label(variant: str | None, swept: dict[str, Any]) -> str:
    parts = ([variant] if variant else []) + [f"{k}={format_value(v)}" for k, v in swept.items()]
    return " ".join(parts) or "base"


# -- errors ---------------------------------------------------------------------------------------

def _why(e: dict) -> str:
    """Pydantic's error for one value, as a short `must ...` phrase."""
    ctx = e.get("ctx") or {}
    kind = e["type"]
    bounds = {"greater_than": "> {gt}", "greater_than_equal": ">= {ge}", "less_than": "< {lt}",
              "less_than_equal": "<= {le}"}
    if kind in bounds:
        return "must be " + bounds[kind].format(**{k: format_value(v) for k, v in ctx.items()})
    if kind == "literal_error":
        return f"must be one of: {ctx.get('expected', '').replace(' or ', ', ').replace(chr(39), '')}"
    if kind == "string_pattern_mismatch":
        return "must be letters, digits, '_', '-' or '.', starting with a letter or digit"
    types = {"int": "an integer", "float": "a number", "bool": "true or false", "string": "a string",
             "list": "a list", "dict": "a table"}
    for prefix, what in types.items():
        if kind.startswith(prefix + "_"):
            return f"must be {what}"
    return e["msg"].removeprefix("Value error, ").lower()


def _config_error(err: ValidationError, where: str) -> CnnlabError:
    """`file: [base] lr: -1.0 is invalid (must be > 0)` for the first problem in a TrainConfig."""
    e = err.errors()[0]
    key = ".".join(str(p) for p in e["loc"]) or "config"
    if e["type"] == "extra_forbidden":
        return CnnlabError(f"{where} {key}: unknown setting (settings: {', '.join(FIELDS)})")
    return CnnlabError(f"{where} {key}: {_show(e.get('input'))} is invalid ({_why(e)})")


def _show(value: Any) -> str:
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _check_config(values: dict[str, Any], where: str) -> TrainConfig:
    try:
        return TrainConfig(**values)
    except ValidationError as err:
        raise _config_error(err, where) from None


# -- parsing ----------------------------------------------------------------------------------------

def parse_toml_value(text: str) -> Any:
    """A `--set` value as a TOML scalar or list (`0.01`, `true`, `[32, 64]`, `"x"`); bare words are strings."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _apply_override(raw: dict[str, Any], item: str) -> None:
    """`key=value`: a TrainConfig setting (base; also fixes a swept key), `sweep.key=[...]`, or a spec key."""
    key, sep, text = item.partition("=")
    key = key.strip()
    if not sep or not key:
        raise CnnlabError(f"--set {item}: expected KEY=VALUE (for example --set epochs=1)")
    value = parse_toml_value(text.strip())
    table, _, sub = key.partition(".")
    if table == "search" and sub:  # a [search] option: search.trials=4, search.rungs=[1]
        search = raw.setdefault("search", {})
        if isinstance(search, dict):
            search[sub] = value
        return
    if table in ("base", "sweep") and sub:
        if sub not in FIELDS:
            raise CnnlabError(f"--set {item}: unknown setting {sub!r} (settings: {', '.join(FIELDS)})")
        if table == "sweep":
            raw.setdefault("sweep", {})[sub] = value
        else:
            raw.setdefault("base", {})[sub] = value
            raw.get("sweep", {}).pop(sub, None)
    elif key in FIELDS:
        raw.setdefault("base", {})[key] = value
        raw.get("sweep", {}).pop(key, None)  # a fixed value replaces the swept list
        search = raw.get("search")
        if isinstance(search, dict) and isinstance(search.get("space"), dict):
            search["space"].pop(key, None)  # ... and the searched range
        for variant in raw.get("variants", []):
            if isinstance(variant, dict):
                variant.pop(key, None)
    elif key in SPEC_KEYS and key not in ("base", "sweep", "variants"):
        raw[key] = value
    else:
        choices = ", ".join([*FIELDS, "repeats", "executor", "address", "name", "description",
                             "sweep.KEY", "base.KEY", "search.KEY"])
        raise CnnlabError(f"--set {item}: unknown key {key!r} (keys: {choices})")


def grid_size(sweep: dict[str, list[Any]], variants: int, repeats: int) -> int:
    """How many runs the grid makes, from the list lengths alone (nothing is expanded)."""
    return max(variants, 1) * math.prod(len(v) for v in sweep.values()) * repeats


def load_spec(path: Path, overrides: Sequence[str] = (), subset: int | None = None,
              max_runs: int = MAX_RUNS) -> ExperimentSpec:
    """Read, apply the overrides, validate every value and every grid point. Raises one-line CnnlabErrors."""
    from cnnlab.store.safe_read import read_regular

    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise CnnlabError(f"{path}: spec file not found")
    try:
        text = read_regular(path, "spec", MAX_SPEC_BYTES).decode("utf-8")
    except UnicodeDecodeError as e:
        raise CnnlabError(f"{path}: cannot read spec ({e})") from None
    extra = list(overrides) + ([f"subset={subset}"] if subset is not None else [])
    return parse_spec(text, path.name, extra, max_runs)


def parse_spec(text: str, source: str = "experiment.toml", overrides: Sequence[str] = (),
               max_runs: int = MAX_RUNS) -> ExperimentSpec:
    top = _read_spec_file(text, source, overrides)
    count = grid_size(top.sweep, len(top.variants), top.repeats)
    if count > max_runs:  # before any value is checked or any run planned: a huge grid costs nothing here
        raise CnnlabError(f"{source}: the grid makes {count:,} runs, more than the limit of {max_runs:,} "
                          f"(pass --max-runs {count} to allow it)")
    base = _check_config(top.base, f"{source}: [base]")
    _check_model(base, f"{source}: [base]")
    search = None
    if top.search is not None:
        if top.variants:
            raise CnnlabError(f"{source}: [[variants]]: a spec with [search] takes no variants (search the "
                              "settings, or fix them in [base])")
        search = parse_search(top.search, top.base, top.sweep, source)
        top = top.model_copy(update={"sweep": {}})  # the sweep's lists joined the space as choices
    _check_sweep(top, source)
    _check_variants(top, source)
    spec = ExperimentSpec(top.name, top.description, top.base, top.sweep, top.variants, top.repeats,
                          top.executor, top.address, source,
                          text + (f"\n# overrides: {' '.join('--set ' + o for o in overrides)}\n" if overrides else ""),
                          tuple(overrides), band=top.band, search=search)
    _check_grid(spec, source)
    if overrides:  # expectations are checked against the grid as written (an override may narrow it)
        try:
            written = parse_spec(text, source)
        except CnnlabError:  # the spec needs its overrides to be valid: check against the overridden grid
            written = None
        if written is not None:
            return replace(spec, expect=written.expect, logs=written.logs, baseline=written.baseline)
    configs = [p.config.model_dump() for p in spec.expand() if p.repeat == 0]
    expect = tuple(_expectation(item, i, configs, source) for i, item in enumerate(top.expect, 1))
    logs = tuple(_log(item, i, configs, source) for i, item in enumerate(top.log, 1))
    baseline = None
    if top.baseline is not None:
        baseline = _where(top.baseline, f"{source}: baseline", configs)
    return replace(spec, expect=expect, logs=logs, baseline=baseline)


def _read_spec_file(text: str, source: str, overrides: Sequence[str]) -> SpecFile:
    """The TOML with its `--set` overrides applied, as the spec's top-level tables (one-line errors)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise CnnlabError(f"{source}: invalid TOML ({e})") from None
    for item in overrides:
        _apply_override(raw, item)
    try:
        return SpecFile(**raw)
    except ValidationError as err:
        raise _spec_file_error(err, source) from None


def _spec_file_error(err: ValidationError, source: str) -> CnnlabError:
    e = err.errors()[0]
    loc = [str(p) for p in e["loc"]]
    if e["type"] == "extra_forbidden":
        return CnnlabError(f"{source}: unknown key {loc[0]!r} (keys: {', '.join(SPEC_KEYS)})")
    if e["type"] == "missing":
        return CnnlabError(f"{source}: missing key {loc[0]!r} (every spec needs a name)")
    if loc[0] == "sweep" and len(loc) >= 2:
        return CnnlabError(f"{source}: [sweep] {loc[1]}: must be a list of values, e.g. {loc[1]} = [0.1, 0.01]")
    if loc[0] == "variants":
        return CnnlabError(f"{source}: variants: must be an array of tables ([[variants]])")
    if loc[0] == "expect":
        return CnnlabError(f"{source}: expect: must be an array of tables ([[expect]])")
    if loc[0] == "log":
        return CnnlabError(f"{source}: log: must be an array of tables ([[log]])")
    if loc[0] == "band":
        return CnnlabError(f"{source}: band: {_show(e.get('input'))} is invalid (must be one of: {', '.join(BANDS)})")
    where = f"[{loc[0]}] {'.'.join(loc[1:])}" if loc[0] == "base" and len(loc) > 1 else loc[0]
    return CnnlabError(f"{source}: {where}: {_show(e.get('input'))} is invalid ({_why(e)})")


def _check_sweep(top: SpecFile, source: str) -> None:
    """Each swept setting exists and each of its values is valid on the base (listed once)."""
    for key, values in top.sweep.items():
        where = f"{source}: [sweep] {key}"
        if key not in FIELDS:
            raise CnnlabError(f"{where}: unknown setting (settings: {', '.join(FIELDS)})")
        if not values:
            raise CnnlabError(f"{where}: the list of values is empty (give at least one)")
        for i, value in enumerate(values):
            if value in values[:i]:
                raise CnnlabError(f"{where}: {_show(value)} is listed twice")
            try:
                config = TrainConfig(**{**top.base, key: value})
            except ValidationError as err:
                e = err.errors()[0]
                raise CnnlabError(f"{where}: {_show(value)} is invalid ({_why(e)})") from None
            if key in ("model", "activation", "dropout"):
                _check_model(config, f"{source}: [sweep]")


def _check_variants(top: SpecFile, source: str) -> None:
    """Each variant has a short name of its own, sets nothing the sweep sets, and is valid on the base."""
    names: set[str] = set()
    for i, variant in enumerate(top.variants, 1):
        name = variant.get("name")
        where = f"{source}: [[variants]] #{i}" + (f" ({name})" if isinstance(name, str) else "")
        if name is not None and (not isinstance(name, str) or not re.match(NAME_PATTERN, name)):
            raise CnnlabError(f"{where} name: {_show(name)} is invalid (must be a short word)")
        if name in names:
            raise CnnlabError(f"{where} name: {name!r} is used twice")
        names.add(name)
        both = [k for k in variant if k in top.sweep]
        if both:
            raise CnnlabError(f"{where} {both[0]}: also swept in [sweep]; set it in one place")
        if name is None:
            raise CnnlabError(f"{where}: a variant needs a name (name = \"...\"): it labels the variant's runs")
        _check_config({**top.base, **{k: v for k, v in variant.items() if k != "name"}}, where)


def _check_grid(spec: ExperimentSpec, source: str) -> None:
    """Every grid point must be a valid config together (e.g. early stopping needs a validation split)."""
    from cnnlab.models import model_settings

    models_seen: set[tuple] = set()
    for variant in spec.variants or [{}]:
        settings = {k: v for k, v in variant.items() if k != "name"}
        for combo in itertools.product(*spec.sweep.values()):
            values = {**spec.base, **settings, **dict(zip(spec.sweep, combo, strict=True))}
            where = f"{source}: " + (" ".join(f"{k}={format_value(v)}" for k, v in zip(spec.sweep, combo, strict=True))
                                     or "[base]")
            config = _check_config(values, where)
            if config.early_stop is not None and config.val_split == 0:
                raise CnnlabError(f"{where}: early_stop needs a validation set (set val_split > 0)")
            model = (config.model, *model_settings(config).values())
            if model not in models_seen:
                models_seen.add(model)
                _check_model(config, where)


def restrict(spec: ExperimentSpec, items: Sequence[str]) -> ExperimentSpec:
    """`--only KEY=VALUE ...`: the spec with only the configurations that have all these settings."""
    if not items:
        return spec
    where: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise CnnlabError(f"--only {item}: expected KEY=VALUE (for example --only model=baseline)")
        where[key.strip()] = parse_toml_value(text.strip())
    configs = [p.config.model_dump() for p in spec.expand() if p.repeat == 0]
    return replace(spec, only=_where(where, "--only", configs))


def _where(where: Any, at: str, configs: list[dict[str, Any]]) -> dict[str, Any]:
    """A `{setting = value}` table that selects at least one configuration of the grid."""
    if not isinstance(where, dict) or not where:
        raise CnnlabError(f"{at}: must be a table of settings, e.g. {{ model = \"baseline\" }}")
    for key in where:
        if key not in FIELDS:
            raise CnnlabError(f"{at} {key}: unknown setting (settings: {', '.join(FIELDS)})")
    probe = Expectation(where, "test_accuracy", 0.0, "")
    if not any(probe.applies(c) for c in configs):
        shown = ", ".join(f"{k}={format_value(v)}" for k, v in where.items())
        raise CnnlabError(f"{at}: no configuration of the grid has {shown}")
    return dict(where)


def _expectation(item: dict[str, Any], i: int, configs: list[dict[str, Any]], source: str) -> Expectation:
    at = f"{source}: [[expect]] #{i}"
    unknown = [k for k in item if k not in EXPECT_KEYS]
    if unknown:
        raise CnnlabError(f"{at} {unknown[0]}: unknown key (keys: {', '.join(EXPECT_KEYS)})")
    metrics = [k for k in EXPECT_METRICS if k in item]
    if len(metrics) != 1:
        raise CnnlabError(f"{at}: give exactly one reported figure, one of: {', '.join(EXPECT_METRICS)}")
    metric = metrics[0]
    value = item[metric]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CnnlabError(f"{at} {metric}: {_show(value)} is invalid (must be a number)")
    if metric.endswith("accuracy") and not 0 <= value <= 1:
        raise CnnlabError(f"{at} {metric}: {value!r} is invalid (must be a fraction in [0, 1]: 0.9917 for 99.17%)")
    if "epoch" in item and metric in ("best_test_accuracy", *COUNT_METRICS):
        raise CnnlabError(f"{at} epoch: {metric} is not a per-epoch figure (drop epoch)")
    if "epoch" not in item and metric in PER_EPOCH_ONLY:
        raise CnnlabError(f"{at}: {metric} is a per-epoch figure (add epoch = N: the epoch of the log it comes from)")
    epoch = item.get("epoch")
    if epoch is not None and (isinstance(epoch, bool) or not isinstance(epoch, int) or epoch < 1):
        raise CnnlabError(f"{at} epoch: {_show(epoch)} is invalid (must be an epoch number >= 1)")
    src = item.get("source")
    if not isinstance(src, str) or not src.strip():
        raise CnnlabError(f"{at} source: missing (say who reported the figure, e.g. \"seed 000, Q1\")")
    bound = item.get("bound")
    if bound is not None and bound not in [b.value for b in Bound]:
        raise CnnlabError(f"{at} bound: {_show(bound)} is invalid (choices: {', '.join(Bound)})")
    if bound is not None and metric in COUNT_METRICS:
        raise CnnlabError(f"{at} bound: a parameter count is exact (drop bound)")
    where = _where(item["where"], f"{at} where", configs) if "where" in item else {}  # none: every configuration
    expectation = Expectation(where, metric, float(value), src.strip(), epoch, None if bound is None else Bound(bound))
    if epoch is not None:
        short = [c for c in configs if expectation.applies(c) and c.get("epochs", epoch) < epoch]
        if short:
            raise CnnlabError(f"{at} epoch: epoch {epoch} is past the end of the run (it trains "
                              f"{short[0]['epochs']} epoch{'s' if short[0]['epochs'] != 1 else ''}): "
                              "name an epoch the run has, or train longer")
    return expectation


def _log(item: dict[str, Any], i: int, configs: list[dict[str, Any]], source: str) -> Log:
    """One `[[log]]` table, checked against the grid: every problem is one line naming the file and the key."""
    at = f"{source}: [[log]] #{i}"
    unknown = [k for k in item if k not in LOG_KEYS]
    if unknown:
        raise CnnlabError(f"{at} {unknown[0]}: unknown key (keys: {', '.join(LOG_KEYS)})")
    metric = item.get("metric")
    if metric not in LOG_METRICS:
        raise CnnlabError(f"{at} metric: {_show(metric)} is invalid (must be one of: {', '.join(LOG_METRICS)})")
    src = item.get("source")
    if not isinstance(src, str) or not src.strip():
        raise CnnlabError(f"{at} source: missing (say whose log it is, e.g. \"seed 000, Q1 (training log)\")")
    raw_where = item.get("where", {})
    where = _where(raw_where, f"{at} where", configs) if raw_where != {} else {}
    mine = [c for c in configs if Log(where, metric, "", ()).applies(c)]
    points = item.get("points")
    if not isinstance(points, list) or not points:
        raise CnnlabError(f"{at} points: must be a non-empty list of points, e.g. [[1, 0.27], [2, 0.10]]")
    if len(points) > MAX_LOG_POINTS:
        raise CnnlabError(f"{at} points: {len(points):,} points, more than {MAX_LOG_POINTS:,}")
    width = 3 if metric == "batch_loss" else 2
    shape = "[epoch, images seen, loss]" if width == 3 else "[epoch, value]"
    seen: set[tuple[int, ...]] = set()
    out: list[tuple[float, ...]] = []
    for j, point in enumerate(points):
        pat = f"{at} points[{j}]"
        if not isinstance(point, list) or len(point) != width:
            raise CnnlabError(f"{pat}: {_show(point)} is invalid (a {metric} point is {shape})")
        *position, value = point
        for name, x in zip(("epoch", "images seen"), position, strict=False):
            if isinstance(x, bool) or not isinstance(x, int) or x < (1 if name == "epoch" else 0):
                raise CnnlabError(f"{pat}: {name} {_show(x)} is invalid (must be an integer >= "
                                  f"{1 if name == 'epoch' else 0})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise CnnlabError(f"{pat}: value {_show(value)} is invalid (must be a number)")
        if metric.endswith("accuracy") and not 0 <= value <= 1:
            raise CnnlabError(f"{pat}: value {value!r} is invalid (must be a fraction in [0, 1]: 0.9917 for 99.17%)")
        if metric.endswith("loss") and value < 0:
            raise CnnlabError(f"{pat}: value {value!r} is invalid (a loss is >= 0)")
        if tuple(position) in seen:
            raise CnnlabError(f"{pat}: {_show(position)} is listed twice")
        seen.add(tuple(position))
        for c in mine:
            if position[0] > c.get("epochs", position[0]):
                raise CnnlabError(f"{pat}: epoch {position[0]} is past the end of the run (it trains {c['epochs']} "
                                  f"epoch{'s' if c['epochs'] != 1 else ''})")
            if width == 3 and position[1] % c["batch_size"] != 0:
                raise CnnlabError(f"{pat}: {position[1]} images seen is not a whole number of batches of "
                                  f"{c['batch_size']} (the configuration's batch_size)")
        out.append((*position, float(value)))
    return Log(where, metric, src.strip(), tuple(out))


def _check_model(config: TrainConfig, where: str) -> None:
    """An unknown preset or a malformed layer spec, caught before training (module:Class is checked later)."""
    from cnnlab.models import model_settings, resolve_spec
    from cnnlab.models.spec import is_module_ref

    if is_module_ref(config.model):
        return
    try:
        resolve_spec(config.model, **model_settings(config))
    except CnnlabError as e:
        raise CnnlabError(f"{where} model: {e}") from None
