"""Figures drawn from the real runs: one mean line per configuration, bands for repeats, diverged runs marked."""

from __future__ import annotations

import numpy as np
import pytest

from cnnlab.report import figures as F
from cnnlab.report.sections import ReportData, _first_norm


@pytest.fixture(scope="module")
def data(source) -> ReportData:
    return ReportData.load(source, "demo")


def labels(ax) -> list[str]:
    return [line.get_label() for line in ax.lines]


def test_epoch_curves_one_line_per_configuration_band_for_repeats(data: ReportData) -> None:
    curves = {key: data.series(data.epochs, "epoch", lambda r, key=key: r.get(key)) for key, *_ in F.EPOCH_PANELS}
    fig = F.epoch_curves_figure(curves)
    assert [ax.get_title() for ax in fig.axes] == [t for _, t, *_ in F.EPOCH_PANELS]
    # the lr=10 run is stopped when its loss explodes, often before its first epoch ends
    diverged = ["model=cnn lr=10 sgd (diverged)", F.END_MARK] if data.epochs.get("sgd-s0") else []
    for ax in fig.axes:
        assert labels(ax) == ["model=cnn lr=0.001", "model=mlp_fc2 lr=0.001", *diverged]
        assert len(ax.collections) == 1  # only the CNN has repeats
    mean = fig.axes[2].lines[0].get_ydata()  # training accuracy (%), mean of the CNN's two repeats
    runs = [data.epochs[r] for r in ("cnn-s0", "cnn-s1")]
    expected = [100 * np.mean([rows[i]["train_accuracy"] for rows in runs]) for i in range(2)]
    assert np.allclose(mean, expected)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "band: min–max over repeats" in legend
    assert ("model=cnn lr=10 sgd  (diverged)" in legend) == bool(diverged)


def test_step_curves_mark_where_the_diverged_run_stopped(data: ReportData) -> None:
    fig = F.step_loss_figure(data.series(data.steps, "step", lambda r: r.get("loss")))
    [ax] = fig.axes
    [end] = [line for line in ax.lines if line.get_label() == F.END_MARK]
    steps = data.steps["sgd-s0"]
    # a loss that became NaN stops the curve at that step; one that exploded ends after its last step
    nan = next((s["step"] for s in steps if not np.isfinite(s["loss"])), None)
    stop, words = (nan, "at") if nan is not None else (steps[-1]["step"], "after")
    assert end.get_xdata()[0] == stop
    assert any(t.get_text() == f"diverged {words} step {stop}" for t in ax.texts)
    low, high = ax.get_ylim()
    assert high < 10  # the exploding run does not squash the others


def test_gradient_norms_on_a_log_axis(data: ReportData) -> None:
    fig = F.grad_norm_figure(data.series(data.steps, "step", _first_norm), ["conv1", "fc1"])
    [ax] = fig.axes
    assert ax.get_yscale() == "log" and "conv1, fc1" in ax.get_title()
    assert len([n for n in labels(ax) if not n.startswith("_")]) == 3


def test_lr_log_axis_only_for_wide_ranges() -> None:
    flat = [F.SeriesGroup("a", F.color(0), [F.RunSeries([1, 2], [0.01, 0.01])])]
    decay = [F.SeriesGroup("a", F.color(0), [F.RunSeries([1, 2, 3], [0.1, 0.01, 0.001])])]
    assert F.lr_figure(flat).axes[0].get_yscale() == "linear"
    assert F.lr_figure(decay).axes[0].get_yscale() == "log"


def test_aggregate_runs_of_different_lengths() -> None:
    x, mean, lo, hi = F.aggregate([F.RunSeries([1, 2, 3], [1.0, 2.0, 3.0]), F.RunSeries([1, 2], [3.0, np.nan])])
    assert list(x) == [1, 2, 3] and list(mean) == [2.0, 2.0, 3.0] and list(lo) == [1.0, 2.0, 3.0]
    assert list(hi) == [3.0, 2.0, 3.0]


def test_weight_tiles_and_empty_panels() -> None:
    mosaic = F.tile_mosaic(np.random.default_rng(0).normal(size=(5, 3, 3)))
    assert mosaic.shape == (3 * 2 + 1, 3 * 3 + 2)  # 3 columns x 2 rows with 1-pixel gaps
    assert np.isnan(mosaic).sum() == mosaic.size - 5 * 9
    fig = F.weights_figure(np.zeros((4, 3, 3)), np.ones((4, 3, 3)), "t")
    assert [ax.get_title() for ax in fig.axes] == ["before training (4)", "after training (4)"]
    empty = F.step_loss_figure([F.SeriesGroup("a", F.color(0), [])])
    assert empty.axes[0].texts[0].get_text() == "no step records"


def test_confusion_annotations_and_png() -> None:
    m = np.array([[5, 1], [0, 4]])
    fig = F.confusion_figure(m, ["cat", "dog"])
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1", "4", "5"]
    assert F.png_bytes(fig)[:4] == b"\x89PNG"
