"""The results table: one row per configuration, statistics over its repeated seeds, the best marked.

Shared by `cnnlab run`, `cnnlab runs` and the report, so they all agree on what "best" means: the
highest mean final test accuracy over the configuration's finished or early-stopped runs (a diverged or
failed run is counted in the status column, never averaged in).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Stat:
    """Mean and sample standard deviation (0 for one value) of the values that exist; n counts them."""

    mean: float | None
    std: float | None
    n: int

    @classmethod
    def of(cls, values: list[float | None]) -> Stat:
        xs = [float(v) for v in values if v is not None and math.isfinite(v)]
        if not xs:
            return cls(None, None, 0)
        return cls(statistics.fmean(xs), statistics.stdev(xs) if len(xs) > 1 else 0.0, len(xs))

    def to_dict(self) -> dict[str, Any]:
        return {"mean": self.mean, "std": self.std, "n": self.n}


@dataclass
class ConfigSummary:
    config_key: str
    label: str
    config: dict[str, Any]  # the first run's config (the repeats differ in their seed only)
    run_ids: list[str]
    statuses: Counter = field(default_factory=Counter)
    test_accuracy: Stat = Stat(None, None, 0)
    best_test_accuracy: Stat = Stat(None, None, 0)
    final_train_loss: Stat = Stat(None, None, 0)
    epochs: Stat = Stat(None, None, 0)
    wall_seconds: Stat = Stat(None, None, 0)
    best: bool = False

    def status_text(self) -> str:
        order = ("finished", "early-stopped", "diverged", "failed", "running", "queued")
        return ", ".join(f"{self.statuses[s]} {s}" for s in order if self.statuses[s])

    def to_dict(self) -> dict[str, Any]:
        return {
            "config_key": self.config_key, "label": self.label, "config": self.config, "runs": self.run_ids,
            "statuses": dict(self.statuses), "best": self.best,
            **{k: getattr(self, k).to_dict() for k in ("test_accuracy", "best_test_accuracy", "final_train_loss",
                                                        "epochs", "wall_seconds")},
        }


SCORED = ("finished", "early-stopped")


def summarize(runs: list[dict[str, Any]]) -> list[ConfigSummary]:
    """Group store rows (`Store.runs`) by configuration, keeping the grid order of first appearance."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in runs:
        groups.setdefault(r["config_key"], []).append(r)
    out = []
    for key, rows in groups.items():
        s = ConfigSummary(key, rows[0]["label"], rows[0]["config"], [r["run_id"] for r in rows],
                          Counter(r["status"] for r in rows))
        # accuracy and loss describe runs that trained to the end; a diverged run's numbers are not results
        scored = [r for r in rows if r["status"] in SCORED]
        done = [r for r in rows if r["status"] not in ("queued", "running")]
        for name in ("test_accuracy", "best_test_accuracy", "final_train_loss"):
            setattr(s, name, Stat.of([r[name] for r in scored]))
        for name in ("epochs", "wall_seconds"):
            setattr(s, name, Stat.of([r[name] for r in done]))
        out.append(s)
    scored = [s for s in out if s.test_accuracy.mean is not None]
    if scored:
        max(scored, key=lambda s: s.test_accuracy.mean).best = True
    return out
