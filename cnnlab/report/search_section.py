"""The report's account of a `[search]` experiment, inside its Results section: every trial (table and curves,
pruned ones faded), the best trial's settings with its repeats and their confidence interval, and each
setting's importance."""

from __future__ import annotations

from typing import Any

from cnnlab.experiments.search_results import SearchSummary, summarize_rows
from cnnlab.experiments.spec import format_value
from cnnlab.report.document import Image, Note, Paragraph, Table
from cnnlab.report.search_figures import TrialCurve, importance_figure, trials_figure


def _figure(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.2f}%" if metric.endswith("accuracy") else f"{value:.4f}"


def search_blocks(experiment: dict[str, Any], runs: list[dict[str, Any]],
                  curves: dict[Any, list[dict[str, Any]]]) -> list[Any]:
    """The blocks to add to the Results section; none for a grid experiment."""
    summary = summarize_rows(experiment, runs, curves)
    if summary is None:
        return []
    return _blocks(summary)


def _blocks(summary: SearchSummary) -> list[Any]:
    s = summary.search
    blocks: list[Any] = []
    pruned = sum(t.status == "pruned" for t in summary.trials)
    rungs = f" at epochs {', '.join(map(str, s.rungs))}" if s.rungs else ""
    blocks.append(Paragraph(f"Search: {len(summary.trials)} of {s.trials} trials sampled by the {s.sampler} "
                            f"sampler, pruned by {s.pruner}{rungs} on {s.metric}; {pruned} pruned, "
                            f"{summary.epochs_spent} epochs spent on the trials."))
    headers = ["", "trial", *(d.name for d in s.space), "status", "epochs", "rung", s.metric, "test accuracy"]
    rows, highlight = [], None
    for i, t in enumerate(summary.trials):
        best = summary.best is not None and t.number == summary.best.number
        highlight = i if best else highlight
        rows.append(["★" if best else "", str(t.number), *(format_value(t.params.get(d.name)) for d in s.space),
                     t.status, str(t.epochs), "—" if t.rung is None else str(t.rung), _figure(s.metric, t.value),
                     _figure("test_accuracy", t.test_accuracy)])
    n = len(s.space)
    blocks.append(Table(headers, rows, highlight, align_right=(1, *range(2, 2 + n), 3 + n, 4 + n, 5 + n, 6 + n)))
    best_number = summary.best.number if summary.best else None
    curves = [TrialCurve(t.number, [c["epoch"] for c in t.curve], [c.get(s.metric) for c in t.curve],
                         t.status == "pruned", t.number == best_number) for t in summary.trials]
    blocks.append(Image("search-trials", trials_figure(curves, s.rungs, s.metric),
                        f"{s.metric} of every trial per epoch; pruned trials faded, stopped at their rung."))
    if summary.best is None:
        blocks.append(Note("No trial has trained to the end yet, so there is no best trial."))
    else:
        b = summary.best
        settings = ", ".join(f"{k} = {format_value(v)}" for k, v in b.params.items())
        text = f"★ Best trial: {b.number} ({settings}), {s.metric} {_figure(s.metric, b.value)}."
        test = summary.best_test
        if test is not None and test.n > 1 and test.ci95 is not None:
            text += (f" Over {test.n} seeds (the trial and its repeats) its final test accuracy is "
                     f"{100 * test.mean:.2f}% ± {100 * test.std:.2f}, 95% CI of the mean "
                     f"[{100 * test.ci95[0]:.2f}, {100 * test.ci95[1]:.2f}]%.")
        else:
            text += " Set `repeats` above 1 to re-run it with more seeds and get a confidence interval."
        blocks.append(Paragraph(text))
    if summary.importances:
        blocks.append(Image("search-importance", importance_figure(summary.importances, summary.importance_target),
                            f"Importance of each setting for {summary.importance_target} (fANOVA over the trials)."))
    else:
        blocks.append(Note("Setting importances need Optuna and at least 3 trials with a figure at the first rung."))
    return blocks
