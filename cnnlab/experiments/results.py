"""Runs grouped into configurations, with the statistics the results table shows.

One module for `cnnlab run`, `cnnlab runs` and the report, so they agree on what "best" means: the
highest mean final test accuracy among configurations with a run that trained to the end.

A configuration is one point of the sweep grid; its repeats differ only in seed. Accuracy and loss
statistics are over the repeats that trained to the end (finished or early-stopped): a diverged
run's last numbers describe broken weights, so it is counted in the status column instead.

The statistics that tell a difference from seed-to-seed noise (scipy.stats' t distribution):
the 95% confidence interval of a configuration's mean, the 95% prediction interval for one more run
(what a figure someone reported from one run is checked against), and Welch's comparison of two
configurations (difference of means with its 95% CI and the t-test's p-value).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cnnlab.experiments.spec import COUNT_METRICS, Bound

GOOD = ("finished", "early-stopped")  # runs whose final metrics mean something
BROKEN = ("diverged", "failed")
STATUS_ORDER = ("finished", "early-stopped", "diverged", "failed", "interrupted", "running", "queued")
MIN_REPEATS = 3  # fewer runs than this: no verdict, no difference called real
LEVEL = 0.95


def limits_for(metric: str) -> tuple[float, float]:
    """What a quantity can be: an accuracy lies in [0, 1]; a loss, a time or a count is at least 0."""
    if metric.endswith("accuracy"):
        return 0.0, 1.0
    if metric.endswith(("loss", "seconds", "epochs", "params")) or metric == "epochs":
        return 0.0, math.inf
    return -math.inf, math.inf


@dataclass(frozen=True)
class Stat:
    """Mean and sample standard deviation (0 for a single value) of the values present; `limits`: what the
    quantity can be, which its intervals are clipped to."""

    mean: float
    std: float
    n: int
    values: tuple[float, ...] = field(default=(), compare=False, repr=False)
    limits: tuple[float, float] = field(default=(-math.inf, math.inf), compare=False, repr=False)

    @staticmethod
    def of(values: Sequence[float | None], limits: tuple[float, float] = (-math.inf, math.inf)) -> Stat | None:
        xs = [float(v) for v in values if v is not None and math.isfinite(float(v))]
        if not xs:
            return None
        return Stat(statistics.fmean(xs), statistics.stdev(xs) if len(xs) > 1 else 0.0, len(xs), tuple(xs), limits)

    def _clip(self, low: float, high: float) -> tuple[float, float]:
        return max(low, self.limits[0]), min(high, self.limits[1])

    def _t(self) -> float:
        from scipy import stats as sps  # here, not at import: scipy.stats costs every CLI start ~1 s

        return float(sps.t.ppf(0.5 + LEVEL / 2, self.n - 1))

    @property
    def ci95(self) -> tuple[float, float] | None:
        """95% confidence interval of the mean (t distribution, n - 1 degrees of freedom), within `limits`; None
        below MIN_REPEATS values (with two, t(0.975, 1) = 12.7 makes an interval that says nothing)."""
        if self.n < MIN_REPEATS:
            return None
        half = self._t() * self.std / math.sqrt(self.n)
        return self._clip(self.mean - half, self.mean + half)

    @property
    def prediction_half_width(self) -> float | None:
        """t(0.975, n-1)·s·sqrt(1 + 1/n), before any clipping to `limits`; None below MIN_REPEATS values."""
        if self.n < MIN_REPEATS:
            return None
        return self._t() * self.std * math.sqrt(1 + 1 / self.n)

    @property
    def prediction95(self) -> tuple[float, float] | None:
        """95% prediction interval for one new value: mean ± t(0.975, n-1)·s·sqrt(1 + 1/n), within `limits`; None
        below MIN_REPEATS values."""
        half = self.prediction_half_width
        return None if half is None else self._clip(self.mean - half, self.mean + half)


VERDICTS = ("consistent", "above", "below", "too few runs")


def verdict(reported: float, measured: Stat | None, bound: Bound | None = None) -> str:
    """`consistent` when `reported` lies in the 95% prediction interval of one more run; else `above` (the
    runs are above the figure) or `below`; `too few runs` with fewer than MIN_REPEATS values.

    A bound (`at_least`: the reporter wrote "99%+") is consistent while one more run could meet it: the
    interval reaches it or lies beyond it. Runs beyond a bound agree with it, so only the other side is a miss.
    """
    if measured is None or measured.n < MIN_REPEATS:
        return "too few runs"
    low, high = measured.prediction95  # type: ignore[misc]
    if bound == Bound.AT_LEAST:
        return "consistent" if high >= reported else "below"
    if bound == Bound.AT_MOST:
        return "consistent" if low <= reported else "above"
    if low <= reported <= high:
        return "consistent"
    return "above" if measured.mean > reported else "below"


@dataclass(frozen=True)
class Comparison:
    """`label` minus `baseline` in mean test accuracy, with Welch's 95% CI and p-value."""

    label: str
    baseline: str
    diff: float
    ci95: tuple[float, float] | None  # None: too few runs on one side
    p: float | None
    n: int
    n_baseline: int

    @property
    def enough(self) -> bool:
        return self.n >= MIN_REPEATS and self.n_baseline >= MIN_REPEATS

    @property
    def distinguishable(self) -> bool:
        return self.enough and self.ci95 is not None and not (self.ci95[0] <= 0 <= self.ci95[1])

    def sentence(self) -> str:
        """`5x5 kernels: +0.19 points, 95% CI [+0.05, +0.33], p = 0.02 over 5 + 5 runs` (accuracy points)."""
        runs = f"over {self.n} + {self.n_baseline} runs"
        if not self.enough or self.ci95 is None or self.p is None:
            return (f"{self.label}: {100 * self.diff:+.2f} points vs {self.baseline} {runs}; fewer than "
                    f"{MIN_REPEATS} runs on a side, so no difference can be called real")
        figures = (f"{100 * self.diff:+.2f} points, 95% CI [{100 * self.ci95[0]:+.2f}, {100 * self.ci95[1]:+.2f}], "
                   f"p {_p(self.p)} {runs}")
        if not self.distinguishable:
            return f"{self.label}: not distinguishable from the baseline {self.baseline} ({figures})"
        return f"{self.label}: {figures}"


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"= {p:.2g}" if p < 0.1 else f"= {p:.2f}"


def welch(a: Stat, b: Stat, label: str = "", baseline: str = "") -> Comparison:
    """a - b: the difference of means, Welch's 95% CI (Welch–Satterthwaite degrees of freedom) and p-value."""
    diff = a.mean - b.mean
    if a.n < 2 or b.n < 2:
        return Comparison(label, baseline, diff, None, None, a.n, b.n)
    if a.std == 0 and b.std == 0:  # identical repeats on both sides: the difference is exact
        return Comparison(label, baseline, diff, (diff, diff), 1.0 if diff == 0 else 0.0, a.n, b.n)
    from scipy import stats as sps

    result = sps.ttest_ind(a.values, b.values, equal_var=False)
    ci = result.confidence_interval(LEVEL)
    return Comparison(label, baseline, diff, (float(ci.low), float(ci.high)), float(result.pvalue), a.n, b.n)


@dataclass
class ConfigResult:
    """One configuration of an experiment and its runs (repeats), in store order."""

    key: str
    label: str
    runs: list[dict[str, Any]]
    best: bool = False

    @property
    def config(self) -> dict[str, Any]:
        """The configuration's settings (its first run's config, without the seed)."""
        config = dict(self.runs[0].get("config") or {}) if self.runs else {}
        config.pop("seed", None)
        return config

    @property
    def run_ids(self) -> list[str]:
        return [r["run_id"] for r in self.runs]

    def status_counts(self) -> list[tuple[str, int]]:
        """(status, how many runs) in STATUS_ORDER."""
        counts: dict[str, int] = {}
        for r in self.runs:
            counts[r.get("status") or "unknown"] = counts.get(r.get("status") or "unknown", 0) + 1
        order = sorted(counts, key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else len(STATUS_ORDER))
        return [(s, counts[s]) for s in order]

    def status_text(self) -> str:
        """Counts of every status, for tables: `2 finished, 1 diverged`."""
        return ", ".join(f"{n} {s}" for s, n in self.status_counts())

    @property
    def good_runs(self) -> list[dict[str, Any]]:
        return [r for r in self.runs if r.get("status") in GOOD]

    @property
    def test_accuracy(self) -> Stat | None:
        return Stat.of([r.get("test_accuracy") for r in self.good_runs], limits_for("test_accuracy"))

    @property
    def best_test_accuracy(self) -> Stat | None:
        return Stat.of([r.get("best_test_accuracy") for r in self.good_runs], limits_for("best_test_accuracy"))

    @property
    def final_train_loss(self) -> Stat | None:
        return Stat.of([r.get("final_train_loss") for r in self.good_runs], limits_for("final_train_loss"))

    @property
    def epochs(self) -> Stat | None:
        return Stat.of([r.get("epochs") for r in self.runs], limits_for("epochs"))

    @property
    def wall_seconds(self) -> Stat | None:
        return Stat.of([r.get("wall_seconds") for r in self.runs], limits_for("wall_seconds"))

    @property
    def status(self) -> str:
        """`finished`, or the counts of each status when the repeats differ: `1 finished, 1 diverged`."""
        counts = self.status_counts()
        return counts[0][0] if len(counts) == 1 else self.status_text()

    @property
    def broken_runs(self) -> list[dict[str, Any]]:
        """The repeats that did not train to the end (diverged or failed): left out of every statistic."""
        return [r for r in self.runs if r.get("status") in BROKEN]

    @property
    def all_broken(self) -> bool:
        return len(self.broken_runs) == len(self.runs)

    @property
    def best_run(self) -> dict[str, Any] | None:
        """The repeat with the highest final test accuracy among those that trained to the end."""
        good = [r for r in self.good_runs if r.get("test_accuracy") is not None]
        return max(good, key=lambda r: float(r["test_accuracy"]), default=None)


def config_label(run: dict[str, Any]) -> str:
    """The store's label of the swept values; an experiment without a sweep has one unlabelled configuration."""
    label = (run.get("label") or "").strip()
    return label or str(run.get("config", {}).get("model", "base"))


def group_runs(runs: Sequence[dict[str, Any]]) -> list[ConfigResult]:
    """Configurations in the order their first run appears, each with its repeats."""
    groups: dict[str, ConfigResult] = {}
    for run in runs:
        key = str(run.get("config_key") or run.get("label") or run.get("run_id"))
        if key not in groups:
            groups[key] = ConfigResult(key, config_label(run), [])
        groups[key].runs.append(run)
    return list(groups.values())


def best_config(groups: Sequence[ConfigResult]) -> ConfigResult | None:
    """Highest mean final test accuracy among configurations with at least one run that trained to the end."""
    scored = [(g.test_accuracy.mean, -i, g) for i, g in enumerate(groups) if g.test_accuracy is not None]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


def summarize(runs: Sequence[dict[str, Any]]) -> list[ConfigResult]:
    """The configurations in grid order, the best one marked."""
    groups = group_runs(runs)
    best = best_config(groups)
    for g in groups:
        g.best = g is best
    return groups


# -- expectations: figures someone reported, checked against the repeats ---------------------------

METRIC_NAMES = {"test_accuracy": "test accuracy", "best_test_accuracy": "best test accuracy",
                "test_loss": "test loss", "params": "parameters", "trainable_params": "trainable parameters",
                "non_trainable_params": "non-trainable parameters", "train_accuracy": "training accuracy",
                "train_loss": "training loss", "batch_loss": "batch loss"}
Curves = Callable[[Any], list[dict[str, Any]]]  # run id -> its per-epoch records (the store's epoch_curves)


@dataclass(frozen=True)
class Check:
    """One reported figure against one configuration's runs."""

    label: str
    metric: str
    epoch: int | None
    reported: float
    source: str
    measured: Stat | None
    verdict: str
    bound: Bound | None = None  # the reported figure is a bound, not a measurement

    @property
    def claim(self) -> str:
        """How the reported figure reads: "≥ " before a lower bound, "≤ " before an upper one, else nothing."""
        return Bound(self.bound).sign if self.bound else ""

    @property
    def figure(self) -> str:
        """`test accuracy` or `test accuracy, epoch 3`."""
        return METRIC_NAMES[self.metric] + (f", epoch {self.epoch}" if self.epoch is not None else "")

    def to_dict(self) -> dict[str, Any]:
        m = self.measured
        return {"figure": self.figure, "metric": self.metric, "epoch": self.epoch,
                "expected": {"value": self.reported, "source": self.source, "bound": self.bound},
                "mean": m.mean if m else None, "std": m.std if m else None, "runs": m.n if m else 0,
                "prediction95": list(m.prediction95) if m and m.prediction95 else None, "verdict": self.verdict}


def param_count(config: dict[str, Any], metric: str = "params") -> int | None:
    """Total parameters (Keras convention) of the configuration's model on its data set's input shape; `metric`
    trainable_params or non_trainable_params: Keras's split (BatchNorm's running mean and variance are
    non-trainable, its scale and shift trainable)."""
    from cnnlab.data.named import class_count, input_shape
    from cnnlab.models import build_model, model_settings, resolve_spec
    from cnnlab.models.shapes import plan_net
    from cnnlab.models.spec import is_module_ref, parse_spec
    from cnnlab.models.summary import summarize

    dataset = config.get("dataset", "mnist")
    shape = input_shape(dataset, bool(config.get("grayscale")))
    classes = class_count(dataset, config.get("labels", "fine"))
    if shape is None or classes is None:  # a folder of images: its shape is known once it is read
        return None
    model = config.get("model", "baseline")
    if metric != "params":  # the split needs the built layers
        built = summarize(build_model(model, shape, classes, **model_settings(config)), shape)
        return built.trainable_params if metric == "trainable_params" else built.non_trainable_params
    if is_module_ref(model):
        return summarize(build_model(model, shape, classes), shape).total_params
    spec = resolve_spec(model, **model_settings(config))
    return plan_net(parse_spec(spec), shape, classes).params


def _at_epoch(group: ConfigResult, metric: str, epoch: int, curves: Curves | None) -> Stat | None:
    if curves is None:
        return None
    values = []
    for run in group.good_runs:
        rows = [r for r in curves(run["run_id"]) if r.get("epoch") == epoch]
        if rows:
            values.append(rows[-1].get(metric))
    return Stat.of(values, limits_for(metric))


def check(group: ConfigResult, expectation: Any, curves: Curves | None = None) -> Check:
    """`expectation` (a spec's Expectation) against `group`'s runs that trained to the end."""
    metric, epoch, reported = expectation.metric, expectation.epoch, expectation.value
    if metric in COUNT_METRICS:
        count = param_count(group.config, metric)
        measured = Stat.of([count])
        result = "too few runs" if count is None else (
            "consistent" if count == reported else "above" if count > reported else "below")
        return Check(group.label, metric, None, reported, expectation.source, measured, result)
    if epoch is not None:
        measured = _at_epoch(group, metric, epoch, curves)
    else:
        measured = Stat.of([r.get(metric) for r in group.good_runs], limits_for(metric))
    bound = expectation.bound
    return Check(group.label, metric, epoch, reported, expectation.source, measured,
                 verdict(reported, measured, bound), bound)


def check_all(groups: Sequence[ConfigResult], expectations: Sequence[Any],
              curves: Curves | None = None) -> dict[str, list[Check]]:
    """Configuration key -> the checks of every expectation that applies to it, in the spec's order."""
    found: dict[str, list[Check]] = {}
    for g in groups:
        found[g.key] = [check(g, e, curves) for e in expectations if e.applies(g.config)]
    return found


def main_check(checks: Sequence[Check]) -> Check | None:
    """The figure a table shows: the final test accuracy when reported, else the first one."""
    return next((c for c in checks if c.metric == "test_accuracy" and c.epoch is None), checks[0] if checks else None)


def swept_keys(groups: Sequence[ConfigResult]) -> list[str]:
    """The settings that differ between configurations (what a sweep or the variants change)."""
    configs = [g.config for g in groups]
    keys = sorted({k for c in configs for k in c})
    return [k for k in keys if len({repr(c.get(k)) for c in configs}) > 1]


def comparisons(groups: Sequence[ConfigResult], baseline: dict[str, Any] | None = None) -> list[Comparison]:
    """Every configuration's mean final test accuracy against the baseline's (a spec's `baseline`, else the best)."""
    base = None
    if baseline:
        base = next((g for g in groups if all(_same(g.config.get(k), v) for k, v in baseline.items())), None)
    base = base or best_config(groups)
    if base is None or base.test_accuracy is None:
        return []
    return [welch(g.test_accuracy, base.test_accuracy, g.label, base.label)
            for g in groups if g is not base and g.test_accuracy is not None]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


@dataclass(frozen=True)
class SpecExtras:
    """What a stored spec says beyond its grid: expectations, the baseline, the curve band."""

    expect: tuple[Any, ...] = ()
    baseline: dict[str, Any] | None = None
    band: str = "std"


def spec_extras(spec_toml: str | None) -> SpecExtras:
    """Read them from the spec text the store keeps; a spec that no longer parses has none."""
    from cnnlab.errors import CnnlabError
    from cnnlab.experiments.spec import parse_spec

    if not spec_toml:
        return SpecExtras()
    try:
        spec = parse_spec(spec_toml, "stored spec")
    except CnnlabError:
        return SpecExtras()
    return SpecExtras(spec.expect, spec.baseline, spec.band)


def configurations_json(groups: Sequence[ConfigResult], checks: dict[str, list[Check]]) -> list[dict[str, Any]]:
    """`cnnlab run --json`'s `configurations`: one object per configuration."""
    keys = swept_keys(groups)
    rows = []
    for g in groups:
        acc = g.test_accuracy
        row: dict[str, Any] = {
            "label": g.label, "settings": {k: g.config.get(k) for k in keys}, "runs": len(g.runs),
            "test_accuracy_mean": acc.mean if acc else None, "test_accuracy_std": acc.std if acc else None,
            "test_accuracy_ci95": list(acc.ci95) if acc and acc.ci95 else None, "best": g.best,
        }
        mine = checks.get(g.key, [])
        main = main_check(mine)
        if main is not None:
            row["expected"] = {"value": main.reported, "source": main.source, "bound": main.bound}
            row["verdict"] = main.verdict
            row["checks"] = [c.to_dict() for c in mine]
        rows.append(row)
    return rows


# -- training logs: a printed log's points against the repeats' curves ----------------------------------

TRAIN_SIZES = {"mnist": 60_000, "fashion_mnist": 60_000}  # training images before any validation split
Steps = Callable[[Any], list[dict[str, Any]]]  # run id -> its step records (the store's step_curves)


def steps_per_epoch(config: dict[str, Any]) -> int | None:
    """cnnlab's optimizer steps per epoch (a short last batch is a step: 60,000 / 128 -> 469); None where the
    training set's size is not known here (a validation split, a subset, a folder of images)."""
    n = TRAIN_SIZES.get(str(config.get("dataset", "mnist")))
    if n is None or config.get("val_split") or config.get("subset") or not config.get("batch_size"):
        return None
    return math.ceil(n / int(config["batch_size"]))


def log_step(config: dict[str, Any], epoch: int, images: int) -> int | None:
    """The global optimizer step (counted from 1) of the batch that starts `images` images into `epoch`."""
    per_epoch = steps_per_epoch(config)
    if per_epoch is None:
        return None
    return (epoch - 1) * per_epoch + images // int(config["batch_size"]) + 1


@dataclass(frozen=True)
class LogPoint:
    """One point of a printed log beside the repeats' values at the same epoch (or step)."""

    epoch: int
    images: int | None  # batch_loss: images seen into the epoch, as printed
    step: int | None  # batch_loss: cnnlab's global step of that batch
    reported: float
    measured: Stat | None

    @property
    def band(self) -> tuple[float, float] | None:
        """The 95% prediction interval for one new run (what a verdict uses)."""
        return self.measured.prediction95 if self.measured is not None else None

    @property
    def inside(self) -> bool | None:
        band = self.band
        return None if band is None else band[0] <= self.reported <= band[1]

    @property
    def where(self) -> str:
        if self.images is None:
            return f"epoch {self.epoch}"
        return f"epoch {self.epoch}, {self.images:,} images (step {self.step})"


@dataclass(frozen=True)
class LogCheck:
    """A printed log against one configuration's runs that trained to the end; `refused`: why no point could
    be compared (the runs lack the records), None when they were."""

    label: str
    metric: str
    source: str
    points: tuple[LogPoint, ...]
    runs: int
    refused: str | None = None

    @property
    def compared(self) -> list[LogPoint]:
        return [p for p in self.points if p.band is not None]

    @property
    def inside(self) -> int:
        return sum(bool(p.inside) for p in self.compared)

    @property
    def fraction_inside(self) -> float | None:
        return self.inside / len(self.compared) if self.compared else None

    @property
    def largest_gap(self) -> LogPoint | None:
        """The compared point whose reported value is farthest from cnnlab's mean."""
        scored = [(abs(p.reported - p.measured.mean), -i, p) for i, p in enumerate(self.compared) if p.measured]
        return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None

    @property
    def median_half_width(self) -> float | None:
        widths = [(p.band[1] - p.band[0]) / 2 for p in self.compared if p.band is not None]
        return statistics.median(widths) if widths else None


def check_log(group: ConfigResult, log: Any, curves: Curves | None = None, steps: Steps | None = None) -> LogCheck:
    """`log` (a spec's Log) against `group`'s runs that trained to the end: each point's values over the runs.

    A batch_loss point is compared with the step record of that batch, which is one batch's loss only where
    the runs recorded every step (log_every = 1); otherwise the comparison is refused and says why."""
    runs = group.good_runs
    config = group.config
    empty = tuple(LogPoint(int(p[0]), int(p[1]) if log.per_batch else None, None, float(p[-1]), None)
                  for p in log.points)
    if not runs:
        return LogCheck(group.label, log.metric, log.source, empty, 0)
    points: list[LogPoint] = []
    if log.per_batch:
        every = int(config.get("log_every") or 0)
        if every != 1:
            return LogCheck(group.label, log.metric, log.source, empty, len(runs),
                            f"the runs record the mean loss of every {every} batches (log_every = {every}), not "
                            "one batch's: train with log_every = 1")
        if steps is None or steps_per_epoch(config) is None:
            return LogCheck(group.label, log.metric, log.source, empty, len(runs),
                            "cnnlab's steps per epoch are not known for this configuration")
        per_run = [{int(r["step"]): r.get("loss") for r in steps(run["run_id"])} for run in runs]
        for epoch, images, value in log.points:
            step = log_step(config, int(epoch), int(images))
            measured = Stat.of([d.get(step) for d in per_run], limits_for("loss"))
            points.append(LogPoint(int(epoch), int(images), step, float(value), measured))
        if all(p.measured is None for p in points):
            return LogCheck(group.label, log.metric, log.source, tuple(points), len(runs),
                            "the runs lack step records at the seed's steps")
    else:
        per_run = [{int(r["epoch"]): r.get(log.metric) for r in (curves(run["run_id"]) if curves else [])}
                   for run in runs]
        for epoch, value in log.points:
            measured = Stat.of([d.get(int(epoch)) for d in per_run], limits_for(log.metric))
            points.append(LogPoint(int(epoch), None, None, float(value), measured))
    return LogCheck(group.label, log.metric, log.source, tuple(points), len(runs))
