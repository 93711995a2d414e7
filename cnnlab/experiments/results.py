"""Runs grouped into configurations, with the statistics the results table shows.

One module for `cnnlab run`, `cnnlab runs` and the report, so they agree on what "best" means: the
highest mean final test accuracy among configurations with a run that trained to the end.

A configuration is one point of the sweep grid; its repeats differ only in seed. Accuracy and loss
statistics are over the repeats that trained to the end (finished or early-stopped): a diverged
run's last numbers describe broken weights, so it is counted in the status column instead.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

GOOD = ("finished", "early-stopped")  # runs whose final metrics mean something
BROKEN = ("diverged", "failed")
STATUS_ORDER = ("finished", "early-stopped", "diverged", "failed", "running", "queued")


@dataclass(frozen=True)
class Stat:
    """Mean and sample standard deviation (0 for a single value) of the values present."""

    mean: float
    std: float
    n: int

    @staticmethod
    def of(values: Sequence[float | None]) -> Stat | None:
        xs = [float(v) for v in values if v is not None and math.isfinite(float(v))]
        if not xs:
            return None
        return Stat(statistics.fmean(xs), statistics.stdev(xs) if len(xs) > 1 else 0.0, len(xs))


@dataclass
class ConfigResult:
    """One configuration of an experiment and its runs (repeats), in store order."""

    key: str
    label: str
    runs: list[dict[str, Any]]
    best: bool = False

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
        return Stat.of([r.get("test_accuracy") for r in self.good_runs])

    @property
    def best_test_accuracy(self) -> Stat | None:
        return Stat.of([r.get("best_test_accuracy") for r in self.good_runs])

    @property
    def final_train_loss(self) -> Stat | None:
        return Stat.of([r.get("final_train_loss") for r in self.good_runs])

    @property
    def epochs(self) -> Stat | None:
        return Stat.of([r.get("epochs") for r in self.runs])

    @property
    def wall_seconds(self) -> Stat | None:
        return Stat.of([r.get("wall_seconds") for r in self.runs])

    @property
    def status(self) -> str:
        """`finished`, or the counts of each status when the repeats differ: `1 finished, 1 diverged`."""
        counts = self.status_counts()
        return counts[0][0] if len(counts) == 1 else self.status_text()

    @property
    def all_broken(self) -> bool:
        return all(r.get("status") in BROKEN for r in self.runs)

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
