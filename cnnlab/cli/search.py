"""How `cnnlab run` and `cnnlab runs` show a `[search]` experiment: its trials, the best one, the settings'
importances."""

from __future__ import annotations

from rich import box
from rich.table import Table

from cnnlab.cli.common import percent
from cnnlab.experiments.search_results import SearchSummary
from cnnlab.experiments.spec import format_value


def _figure(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    return percent(value) if metric.endswith("accuracy") else f"{value:.4f}"


def trials_table(summary: SearchSummary, title: str) -> Table:
    s = summary.search
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for col, justify in [("", "left"), ("trial", "right"), *((d.name, "right") for d in s.space), ("status", "left"),
                         ("epochs", "right"), ("rung", "right"), (s.metric, "right"), ("test acc", "right")]:
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for t in summary.trials:
        best = summary.best is not None and t.number == summary.best.number
        table.add_row("★" if best else "", str(t.number), *(format_value(t.params.get(d.name)) for d in s.space),
                      t.status, str(t.epochs), "—" if t.rung is None else str(t.rung), _figure(s.metric, t.value),
                      percent(t.test_accuracy), style="bold" if best else ("dim" if t.status == "pruned" else None))
    return table


def summary_lines(summary: SearchSummary) -> list[str]:
    s = summary.search
    pruned = sum(t.status == "pruned" for t in summary.trials)
    lines = [f"{len(summary.trials)} trials ({s.sampler} sampler, {s.pruner} pruner"
             + (f" at epochs {', '.join(map(str, s.rungs))}" if s.rungs else "") + f"): {pruned} pruned, "
             f"{summary.epochs_spent} epochs spent"]
    b = summary.best
    if b is not None:
        settings = " ".join(f"{k}={format_value(v)}" for k, v in b.params.items())
        lines.append(f"best trial: {b.number} ({settings}), {s.metric} {_figure(s.metric, b.value)}")
        test = summary.best_test
        if test is not None and test.n > 1:
            lo, hi = test.ci95 or (test.mean, test.mean)
            lines.append(f"best trial over {test.n} seeds: test accuracy {100 * test.mean:.2f}% ± "
                         f"{100 * test.std:.2f} (95% CI [{100 * lo:.2f}, {100 * hi:.2f}])")
    if summary.importances:
        shown = ", ".join(f"{k} {v:.2f}" for k, v in summary.importances.items())
        lines.append(f"importance of each setting (fANOVA, {summary.importance_target}): {shown}")
    return lines
