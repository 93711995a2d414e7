"""The report's figures: pure functions from numbers to a matplotlib `Figure`.

Figures are built with `Figure()` directly (no pyplot, no global backend), so they are safe in
servers and tests and never open a window. Colours follow a configuration's position in the
results table, so a configuration has the same colour in every figure. Curves show the mean over
repeats as a line and a band around it (`band`: ± 1 sample std by default, as in the results
table; or min-max, or the 95% confidence interval of the mean), and the legend says which; a run
that diverged is drawn on its own, dotted, ending in a cross at the point it stopped (on the top
edge when it left the chart). Weight tiles use `cnnlab.inspection.colors` (red > 0 > blue) on one
scale with a colour bar. `figure_bytes` saves any figure as PNG, SVG or PDF.
"""

from __future__ import annotations

import io
import math
import textwrap
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from cnnlab.experiments.results import limits_for
from cnnlab.experiments.spec import BANDS
from cnnlab.inspection import colors
from cnnlab.inspection.run_weights import tile_mosaic
from cnnlab.report import FORMATS

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
DIVERGED_STYLE = {"linestyle": ":", "linewidth": 1.3, "alpha": 0.9}
END_MARK = "_diverged-end"  # label of the cross that marks where a diverged run stopped (hidden from legends)
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def color(index: int) -> str:
    """The colour of the configuration at `index` in the results table."""
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class RunSeries:
    """One run's curve: x (epoch or step) and y; y may hold NaN/inf where training blew up."""

    x: Sequence[float]
    y: Sequence[float]
    diverged: bool = False


@dataclass(frozen=True)
class SeriesGroup:
    """One configuration's curves, one per repeat."""

    label: str
    color: str
    runs: Sequence[RunSeries]

    @property
    def good(self) -> list[RunSeries]:
        return [r for r in self.runs if not r.diverged and len(r.x)]

    @property
    def diverged(self) -> list[RunSeries]:
        return [r for r in self.runs if r.diverged and len(r.x)]


def check_band(band: str) -> str:
    """`band` if it is one of `BANDS`, else a ValueError naming the choices."""
    if band not in BANDS:
        raise ValueError(f"unknown band {band!r} (choices: {', '.join(BANDS)})")
    return band


def aggregate(runs: Sequence[RunSeries], band: str = "std", limits: tuple[float, float] | None = None,
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x, mean, low, high) over runs at every x any run has; runs may have different lengths.

    The band (low, high) is min-max, mean ± 1 sample std, or the 95% confidence interval of the mean
    (Student's t with n - 1 degrees of freedom), over the runs with a finite value at each x, clipped to
    `limits` (what the quantity can be: [0, 1] for an accuracy, [0, inf) for a loss).
    """
    x, mean, low, high = _aggregate(runs, band)
    if limits is not None:
        low, high = np.clip(low, *limits), np.clip(high, *limits)
    return x, mean, low, high


def _aggregate(runs: Sequence[RunSeries], band: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from scipy import stats

    check_band(band)
    xs = np.unique(np.concatenate([np.asarray(r.x, dtype=float) for r in runs]))
    grid = np.full((len(runs), len(xs)), np.nan)
    for i, r in enumerate(runs):
        y = np.asarray(r.y, dtype=float)
        grid[i, np.searchsorted(xs, np.asarray(r.x, dtype=float))] = np.where(np.isfinite(y), y, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an x no run (or one run) has a finite value at
        mean = np.nanmean(grid, axis=0)
        if band == "minmax":
            return xs, mean, np.nanmin(grid, axis=0), np.nanmax(grid, axis=0)
        n = np.isfinite(grid).sum(axis=0)
        std = np.where(n > 1, np.nanstd(grid, axis=0, ddof=1), 0.0)
        half = std if band == "std" else np.where(n > 1, stats.t.ppf(0.975, np.maximum(n - 1, 1)), 0.0) * std / \
            np.sqrt(np.maximum(n, 1))
        return xs, mean, mean - half, mean + half


def band_label(band: str, counts: Sequence[int]) -> str:
    """The legend's words for the band: `band: ± 1 std over 3 runs`."""
    what = {"std": "± 1 std", "minmax": "min–max", "ci95": "95% CI of the mean"}[check_band(band)]
    lo, hi = min(counts), max(counts)
    return f"band: {what} over {lo if lo == hi else f'{lo}–{hi}'} runs"


def _finite(values: np.ndarray, log: bool) -> np.ndarray:
    v = values[np.isfinite(values)]
    return v[v > 0] if log else v


def _limits(values: list[np.ndarray], log: bool) -> tuple[float, float] | None:
    """A y-range that fits `values` with a margin (multiplicative on a log axis)."""
    v = np.concatenate([_finite(a, log) for a in values]) if values else np.array([])
    if v.size == 0:
        return None
    lo, hi = float(v.min()), float(v.max())
    if log:
        return lo / 1.5, hi * 1.5
    pad = (hi - lo) * 0.06 or abs(hi) * 0.1 or 1.0
    return lo - pad, hi + pad


def _cut(run: RunSeries, scale: float) -> tuple[np.ndarray, np.ndarray, float, float]:
    """A diverged run's curve up to its first non-finite value, and the point (x, y) where it ended."""
    x = np.asarray(run.x, dtype=float)
    y = np.asarray(run.y, dtype=float) * scale
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        return x[: bad[0]], y[: bad[0]], float(x[bad[0]]), math.nan
    return x, y, float(x[-1]), float(y[-1])


def _extend(limits: tuple[float, float] | None, values: list[np.ndarray], log: bool) -> tuple[float, float] | None:
    """Widen `limits` to show diverged runs' values, but by at most the range again (3 decades on a log axis)."""
    if limits is None:
        return _limits(values, log)
    lo, hi = limits
    v = np.concatenate([_finite(a, log) for a in values]) if values else np.array([])
    if log:
        v = v[(v >= lo / 1e3) & (v <= hi * 1e3)]
        return (min(lo, v.min() / 1.5), max(hi, v.max() * 1.5)) if v.size else limits
    span = hi - lo
    v = v[(v >= lo - span) & (v <= hi + span)]
    return (min(lo, v.min() - 0.03 * span), max(hi, v.max() + 0.03 * span)) if v.size else limits


def _explodes(values: list[np.ndarray]) -> bool:
    """True when positive values span more than three decades (only a log axis shows them)."""
    v = np.concatenate(values) if values else np.array([])
    v = v[np.isfinite(v)]
    return bool(v.size) and bool((v > 0).all()) and v.max() / v.min() > 1e3


def _integer_x(ax, xs: list[np.ndarray]) -> None:
    """Whole-number ticks (epochs, steps); a short range gets a tick per value and some room either side."""
    if not xs:
        return
    values = np.unique(np.concatenate(xs))
    if values[-1] - values[0] < 3:
        ax.set_xticks(values)
        ax.set_xlim(values[0] - 0.5, values[-1] + 0.5)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def draw_groups(ax, groups: Sequence[SeriesGroup], scale: float = 1.0, log: bool = False, xname: str = "step",
                band: str = "std", limits: tuple[float, float] | None = None) -> None:
    """Mean line and a band (`band`: std, minmax or ci95) per configuration; diverged runs dotted, with a cross
    where each ended.

    The y-range fits the runs that trained normally, widened only moderately for diverged runs, so one
    exploding run cannot flatten the others; a run that leaves the chart gets its cross on the top edge.
    """
    kept: list[np.ndarray] = []
    broken: list[tuple[SeriesGroup, tuple[np.ndarray, np.ndarray, float, float]]] = []
    if not log and not any(g.good for g in groups):
        log = _explodes([np.asarray(r.y, dtype=float) * scale for g in groups for r in g.diverged])
    if log:
        ax.set_yscale("log")
    for g in groups:
        if g.good:
            x, mean, lo, hi = aggregate(g.good, band, limits)
            marker = {"marker": "o", "markersize": 3.5} if len(x) <= 12 else {}
            ax.plot(x, mean * scale, color=g.color, linewidth=1.8, label=g.label, **marker)
            if len(g.good) > 1:
                ax.fill_between(x, lo * scale, hi * scale, color=g.color, alpha=0.18, linewidth=0,
                                label=f"_band {g.label}")
            kept += [lo * scale, hi * scale]
        for i, r in enumerate(g.diverged):
            cut = _cut(r, scale)
            ax.plot(cut[0], cut[1], color=g.color, label=f"{g.label} (diverged)" if i == 0 else "_", **DIVERGED_STYLE)
            broken.append((g, cut))
    limits = _extend(_limits(kept, log) if kept else None, [c[1] for _, c in broken], log)
    if limits is not None and limits[0] < limits[1]:
        ax.set_ylim(*limits)
    _integer_x(ax, [np.asarray(r.x, dtype=float) for g in groups for r in g.runs if len(r.x)])
    for g, (_, _, x_end, y_end) in broken:
        _mark_end(ax, x_end, y_end, g.color, limits, xname)


def _mark_end(ax, x_end: float, y_end: float, color_: str, limits: tuple[float, float] | None, xname: str) -> None:
    cross = {"marker": "x", "markersize": 9, "markeredgewidth": 2.2, "color": color_, "linestyle": "none",
             "label": END_MARK}
    if math.isfinite(y_end) and limits is not None and limits[0] <= y_end <= limits[1]:
        ax.plot([x_end], [y_end], **cross)
        return
    # it left the chart or became NaN: the cross goes on the top edge, above the step where it stopped
    edge = ax.get_xaxis_transform()
    ax.plot([x_end], [0.96], transform=edge, clip_on=False, **cross)
    x0, x1 = ax.get_xlim()
    left = (x_end - x0) / ((x1 - x0) or 1) < 0.5
    where = f"at {xname} {x_end:g}" if not math.isfinite(y_end) else f"after {xname} {x_end:g}"
    ax.annotate(f"diverged {where}", (x_end, 0.96), xycoords=edge, xytext=(7 if left else -7, -3),
                textcoords="offset points", ha="left" if left else "right", va="top", fontsize=8, color=color_)


def legend_handles(groups: Sequence[SeriesGroup], band: str = "std") -> list:
    """One entry per configuration, one per configuration with diverged runs, and the band's meaning."""
    handles: list = []
    for g in groups:
        if g.good:
            n = len(g.good)
            label = g.label + (f"  (mean of {n})" if n > 1 else "")
            handles.append(Line2D([], [], color=g.color, linewidth=1.8, label=label))
        if g.diverged:
            handles.append(Line2D([], [], color=g.color, marker="x", markeredgewidth=2, label=f"{g.label}  (diverged)",
                                  **DIVERGED_STYLE))
    counts = [len(g.good) for g in groups if len(g.good) > 1]
    if counts:
        handles.append(Patch(color="#888888", alpha=0.3, label=band_label(band, counts)))
    return handles


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#777777", fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def _style(ax, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_title(title, fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _figure_legend(fig: Figure, groups: Sequence[SeriesGroup], band: str = "std") -> None:
    handles = legend_handles(groups, band)
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=min(3, len(handles)), frameon=False, fontsize=9)


def has_data(groups: Sequence[SeriesGroup]) -> bool:
    return any(len(r.x) and np.isfinite(np.asarray(r.y, dtype=float)).any() for g in groups for r in g.runs)


EPOCH_PANELS = (
    ("train_loss", "Training loss", "loss", 1.0),
    ("val_loss", "Validation loss", "loss", 1.0),
    ("test_loss", "Test loss", "loss", 1.0),
    ("train_accuracy", "Training accuracy", "accuracy (%)", 100.0),
    ("val_accuracy", "Validation accuracy", "accuracy (%)", 100.0),
    ("test_accuracy", "Test accuracy", "accuracy (%)", 100.0),
)
EMPTY = {"val": "no validation set", "test": "no test evaluation per epoch"}


def epoch_curves_figure(curves: Mapping[str, Sequence[SeriesGroup]], band: str = "std") -> Figure:
    """2x3: training, validation and test loss (top) and accuracy (bottom) per epoch, `curves` keyed by
    train_loss, val_loss, test_loss, ..."""
    fig = Figure(figsize=(13, 7.5), layout="constrained")
    axes = fig.subplots(2, 3)
    for ax, (key, title, ylabel, scale) in zip(axes.flat, EPOCH_PANELS, strict=True):
        groups = curves.get(key, [])
        _style(ax, title, "epoch", ylabel)
        if not has_data(groups):
            _empty(ax, EMPTY.get(key.split("_")[0], "no data"))
            continue
        draw_groups(ax, groups, scale, xname="epoch", band=band, limits=limits_for(key))
    _figure_legend(fig, curves.get("train_loss", []), band)
    return fig


X_LABELS = {"step": "training step", "examples": "examples seen (steps × batch size)", "epoch": "epoch"}


def _single(groups: Sequence[SeriesGroup], title: str, ylabel: str, log: bool, empty: str, band: str = "std",
            x: str = "step", limits: tuple[float, float] | None = (0.0, math.inf)) -> Figure:
    fig = Figure(figsize=(9, 5), layout="constrained")
    ax = fig.subplots()
    _style(ax, title, X_LABELS.get(x, x), ylabel)
    if not has_data(groups):
        _empty(ax, empty)
        return fig
    draw_groups(ax, groups, log=log, xname={"examples": "examples"}.get(x, x), band=band, limits=limits)
    if x == "examples":
        ax.ticklabel_format(axis="x", style="sci", scilimits=(-3, 4), useMathText=True)
    _figure_legend(fig, groups, band)
    return fig


def step_loss_figure(groups: Sequence[SeriesGroup], band: str = "std", x: str = "step") -> Figure:
    """Training loss every `log_every` steps (the mean over that window), per configuration; `x` names what the
    series' x values are: "step", "examples" (examples seen, fair across batch sizes) or "epoch"."""
    return _single(groups, "Training loss per step", "loss", False, "no step records", band, x)


def grad_norm_figure(groups: Sequence[SeriesGroup], layers: Sequence[str] = (), band: str = "std",
                     x: str = "step") -> Figure:
    """First-layer gradient norm per step on a log axis: a vanishing gradient is a curve sinking decades."""
    names = sorted(set(layers))
    title = "First-layer gradient norm" + (f" ({', '.join(names)})" if names else "")
    return _single(groups, title, "‖∇W‖ (log scale)", True, "no gradient norms recorded", band, x)


def lr_changes(groups: Sequence[SeriesGroup]) -> bool:
    """Whether any run's learning rate takes more than one value (a constant rate needs no figure)."""
    for g in groups:
        for r in g.runs:
            y = np.asarray(r.y, dtype=float)
            y = y[np.isfinite(y)]
            if y.size and not np.allclose(y, y[0], rtol=1e-9, atol=0.0):
                return True
    return False


def lr_figure(groups: Sequence[SeriesGroup], band: str = "std", x: str = "step") -> Figure:
    """Learning rate per step; log axis when it spans more than a factor of ten."""
    values = np.concatenate([np.asarray(r.y, dtype=float) for g in groups for r in g.runs] or [np.array([])])
    values = values[np.isfinite(values) & (values > 0)]
    log = values.size > 0 and values.max() / values.min() > 10
    return _single(groups, "Learning rate", "learning rate" + (" (log scale)" if log else ""), log,
                   "no learning-rate records", band, x)


def confusion_figure(matrix: np.ndarray, classes: Sequence[str], title: str = "Confusion matrix") -> Figure:
    """Counts with true class on rows and predicted class on columns; cells annotated up to 20 classes."""
    k = len(classes)
    side = min(9.0, max(5.0, 0.5 * k + 2))
    fig = Figure(figsize=(side + 1, side), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(matrix, cmap=colors.sequential(), vmin=0, interpolation="nearest")  # counts: sequential
    fig.colorbar(image, ax=ax, shrink=0.8, label="test images")
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if k <= 30:
        ax.set_xticks(range(k), [str(c) for c in classes], rotation=45 if max(map(len, map(str, classes))) > 2 else 0,
                      ha="right" if max(map(len, map(str, classes))) > 2 else "center")
        ax.set_yticks(range(k), [str(c) for c in classes])
    if k <= 20:
        top = matrix.max() or 1
        for i in range(k):
            for j in range(k):
                n = int(matrix[i, j])
                if n:
                    ax.text(j, i, str(n), ha="center", va="center", fontsize=8 if k > 10 else 9,
                            color="#222222" if n > 0.6 * top else "white")  # dark text on viridis' light end
    return fig


def _show(image: np.ndarray) -> tuple[np.ndarray, dict]:
    """(H, W) or (H, W, 3) for imshow, and its colour map."""
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    return image, ({"cmap": "gray", "vmin": 0, "vmax": 255} if image.ndim == 2 else {})


def misclassified_figure(images: Sequence[np.ndarray], true: Sequence[str], predicted: Sequence[str],
                         confidence: Sequence[float], columns: int = 8) -> Figure:
    """The test images the model got wrong with the highest confidence: true label, prediction, confidence."""
    n = len(images)
    if n == 0:
        fig = Figure(figsize=(6, 1.5))
        _empty(fig.subplots(), "no misclassified test images")
        return fig
    cols = min(columns, n)
    rows = math.ceil(n / cols)
    longest = max(len(str(name)) for name in (*true, *predicted))
    width = 1.35 if longest <= 6 else 1.35 + 0.09 * (min(longest, 16) - 6)  # room for "pred automobile (98.1%)"
    fig = Figure(figsize=(width * cols, 1.65 * rows + 0.3), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols)).reshape(rows, cols)
    for ax in axes.flat:
        ax.axis("off")
    for ax, img, t, p, c in zip(axes.flat, images, true, predicted, confidence, strict=False):
        shown, kw = _show(np.asarray(img))
        ax.imshow(shown, interpolation="nearest", **kw)
        ax.set_title(f"true {t}\npred {p} ({100 * c:.1f}%)", fontsize=8, color="#b00020", linespacing=1.1)
    return fig


def weights_figure(before: np.ndarray | None, after: np.ndarray, title: str) -> Figure:
    """First-layer weights as images, before and after training side by side, on one symmetric scale with a
    colour bar (red > 0 > blue, white = 0; colour filters as RGB with 0 at mid-grey)."""
    panels = [("before training", before)] if before is not None else []
    panels.append(("after training", after))
    bound = max(float(np.abs(np.asarray(t, dtype=float)).max()) for _, t in panels) or 1.0
    mosaics = [tile_mosaic(tiles, bound=bound) for _, tiles in panels]
    rgb = mosaics[0].ndim == 3
    aspect = mosaics[0].shape[0] / mosaics[0].shape[1]  # height / width of one panel
    width = 4.6
    bar = 0.0 if rgb else 0.8
    fig = Figure(figsize=(width * len(panels) + 0.4 * (len(panels) - 1) + bar, width * aspect + 0.9),
                 layout="constrained")
    fig.get_layout_engine().set(wspace=0.06)
    scale = "RGB, mid-grey = 0" if rgb else "red > 0 > blue"
    fig.suptitle("\n".join(textwrap.wrap(f"{title} · one scale, {scale}", int(fig.get_figwidth() * 12))),
                 fontsize=11)
    axes = np.atleast_1d(fig.subplots(1, len(panels)))
    image = None
    for ax, (name, tiles), mosaic in zip(axes, panels, mosaics, strict=True):
        if rgb:
            ax.imshow(mosaic, interpolation="nearest")
        else:
            image = ax.imshow(np.ma.masked_invalid(mosaic), cmap=colors.diverging(), vmin=-bound, vmax=bound,
                              interpolation="nearest")
        ax.set_title(f"{name} ({len(tiles)})", fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_color("#bbbbbb")
    if image is not None:
        colorbar = fig.colorbar(image, ax=list(axes), shrink=0.85, fraction=0.04)
        colorbar.ax.set_label("colorbar")
        colorbar.set_label("weight", fontsize=9)
    return fig


def check_format(format: str) -> str:
    """`format` if it is one of `FORMATS`, else a ValueError naming the choices."""
    if format not in FORMATS:
        raise ValueError(f"unknown figure format {format!r} (choices: {', '.join(FORMATS)})")
    return format


def figure_bytes(fig: Figure, format: str = "png", dpi: int = 200) -> bytes:
    """The figure as PNG, SVG or PDF bytes (no pyplot: `Figure.savefig` picks the canvas for the format).

    SVG and PDF keep text as text and lines as vectors; `dpi` sets the PNG's resolution (and that of images
    embedded in the vector formats). Metadata that changes on every call (dates) is left out, so the same
    figure gives the same bytes."""
    from matplotlib import rc_context

    buf = io.BytesIO()
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(check_format(format), {})
    # text stays text (searchable, editable in a paper's figure): SVG <text>, TrueType fonts in the PDF
    with rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
        fig.savefig(buf, format=format, dpi=dpi, facecolor="white", metadata=metadata)
    return buf.getvalue()


def png_bytes(fig: Figure, dpi: int = 90) -> bytes:
    """The figure as PNG."""
    return figure_bytes(fig, "png", dpi)
