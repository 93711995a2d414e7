"""A search's figures, in the report's style (figures.py): every trial's curve, and the settings' importances.

Pure functions from numbers to a matplotlib `Figure`: trials that went to the end are drawn in the palette, the
best one thick, pruned ones faded grey and ending in a dot at the rung where they stopped; the rungs are dashed
vertical lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from cnnlab.report.figures import _empty, _integer_x, _style, color

PRUNED = "#9a9a9a"


@dataclass(frozen=True)
class TrialCurve:
    number: int
    epochs: Sequence[int]
    values: Sequence[float | None]
    pruned: bool
    best: bool


def trials_figure(trials: Sequence[TrialCurve], rungs: Sequence[int], metric: str) -> Figure:
    """The search metric per epoch for every trial."""
    fig = Figure(figsize=(9, 5), layout="constrained")
    ax = fig.subplots()
    accuracy = metric.endswith("accuracy")
    scale = 100.0 if accuracy else 1.0
    _style(ax, f"Every trial's {metric.replace('_', ' ')}", "epoch", "accuracy (%)" if accuracy else "loss")
    drawn = [t for t in trials if any(v is not None for v in t.values)]
    if not drawn:
        _empty(ax, "no trial has finished an epoch yet")
        return fig
    for rung in rungs:
        ax.axvline(rung, color="#555555", linestyle="--", linewidth=0.9, alpha=0.6)
    kept = 0
    for t in sorted(drawn, key=lambda t: (not t.pruned, t.best)):  # pruned underneath, the best on top
        xs = [e for e, v in zip(t.epochs, t.values, strict=True) if v is not None]
        ys = [scale * v for v in t.values if v is not None]
        if t.pruned:
            ax.plot(xs, ys, color=PRUNED, alpha=0.35, linewidth=1.0)
            ax.plot(xs[-1:], ys[-1:], "o", color=PRUNED, alpha=0.5, markersize=3)
            continue
        c = color(kept)
        kept += 1
        ax.plot(xs, ys, color="#000000" if t.best else c, linewidth=2.6 if t.best else 1.5, marker="o",
                markersize=3.5, alpha=1.0 if t.best else 0.85, zorder=3 if t.best else 2)
    _integer_x(ax, [[float(e) for e in t.epochs] for t in drawn])
    handles = [Line2D([], [], color="#000000", linewidth=2.6, label="best trial"),
               Line2D([], [], color=color(0), linewidth=1.5, label="trained to the end"),
               Line2D([], [], color=PRUNED, alpha=0.5, linewidth=1.0, marker="o", markersize=3,
                      label="pruned (dot: where it stopped)")]
    if rungs:
        handles.append(Line2D([], [], color="#555555", linestyle="--", linewidth=0.9, label="rungs"))
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False, fontsize=9)
    return fig


def importance_figure(importances: dict[str, float], target: str) -> Figure:
    """Horizontal bars: each setting's share of the variance of `target` (fANOVA), largest on top."""
    fig = Figure(figsize=(7, 0.6 * len(importances) + 1.6), layout="constrained")
    ax = fig.subplots()
    _style(ax, f"Importance of each setting for {target}", "importance (fANOVA, sums to 1)", "")
    if not importances:
        _empty(ax, "too few trials to tell")
        return fig
    names = list(importances)[::-1]
    ax.barh(names, [importances[n] for n in names], color=[color(i) for i in range(len(names))][::-1])
    for y, n in enumerate(names):
        ax.text(importances[n], y, f" {importances[n]:.2f}", va="center", fontsize=9)
    ax.set_xlim(0, max(1.0, max(importances.values()) * 1.15))
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    return fig
