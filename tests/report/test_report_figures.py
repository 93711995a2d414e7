"""Figures drawn from the real runs: one mean line per configuration, bands for repeats, diverged runs marked."""

from __future__ import annotations

import numpy as np
import pytest

from cnnlab.inspection.run_weights import tile_mosaic
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
    mean = fig.axes[3].lines[0].get_ydata()  # training accuracy (%), mean of the CNN's two repeats
    runs = [data.epochs[r] for r in ("cnn-s0", "cnn-s1")]
    expected = [100 * np.mean([rows[i]["train_accuracy"] for rows in runs]) for i in range(2)]
    assert np.allclose(mean, expected)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "band: ± 1 std over 2 runs" in legend  # the default band matches the table's mean ± std
    test = fig.axes[5].lines[0].get_ydata()  # test accuracy beside training and validation
    expected = [100 * np.mean([rows[i]["test_accuracy"] for rows in runs]) for i in range(2)]
    assert fig.axes[5].get_title() == "Test accuracy" and np.allclose(test, expected)
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
    runs = [F.RunSeries([1, 2, 3], [1.0, 2.0, 3.0]), F.RunSeries([1, 2], [3.0, np.nan])]
    x, mean, lo, hi = F.aggregate(runs, band="minmax")
    assert list(x) == [1, 2, 3] and list(mean) == [2.0, 2.0, 3.0] and list(lo) == [1.0, 2.0, 3.0]
    assert list(hi) == [3.0, 2.0, 3.0]
    _, _, lo, hi = F.aggregate(runs)  # std: a single finite value has no spread
    assert np.allclose(lo, [2 - np.sqrt(2), 2.0, 3.0]) and np.allclose(hi, [2 + np.sqrt(2), 2.0, 3.0])


def test_bands_std_minmax_and_ci95_of_the_mean() -> None:
    from scipy import stats

    ys = np.array([[1.0, 2.0], [2.0, 4.0], [4.0, 9.0]])
    runs = [F.RunSeries([0, 1], y) for y in ys]
    _, mean, lo, hi = F.aggregate(runs, band="ci95")
    half = stats.t.ppf(0.975, 2) * ys.std(axis=0, ddof=1) / np.sqrt(3)
    assert np.allclose(mean, ys.mean(axis=0)) and np.allclose(hi - mean, half) and np.allclose(mean - lo, half)
    std = F.aggregate(runs, band="std")
    ci = F.aggregate(runs, band="ci95")
    assert (ci[3] - ci[2] > std[3] - std[2]).all()  # with 3 runs, t(0.975, 2) / sqrt(3) = 2.48 > 1
    group = [F.SeriesGroup("a", F.color(0), runs)]
    for band, words in (("std", "± 1 std"), ("minmax", "min–max"), ("ci95", "95% CI of the mean")):
        fig = F.step_loss_figure(group, band=band)
        assert [t.get_text() for t in fig.legends[0].get_texts()][-1] == f"band: {words} over 3 runs"
        [poly] = fig.axes[0].collections
        top = poly.get_paths()[0].vertices[:, 1].max()
        assert np.isclose(top, F.aggregate(runs, band)[3].max())
    with pytest.raises(ValueError, match="choices: std, minmax, ci95"):
        F.aggregate(runs, band="iqr")


def test_lr_figure_only_when_the_rate_changes() -> None:
    flat = [F.SeriesGroup("a", F.color(0), [F.RunSeries([1, 2, 3], [0.01] * 3)]),
            F.SeriesGroup("b", F.color(1), [F.RunSeries([1, 2, 3], [0.1] * 3)])]
    cosine = [F.SeriesGroup("a", F.color(0), [F.RunSeries([1, 2, 3], [0.1, 0.05, 0.0])])]
    assert not F.lr_changes(flat) and F.lr_changes(cosine)


def test_lr_section_is_a_sentence_for_a_constant_rate(data: ReportData) -> None:
    from cnnlab.report.document import Image, Paragraph
    from cnnlab.report.sections import lr_section

    assert all(len({row["lr"] for row in rows}) <= 1 for rows in data.steps.values())  # no schedule in the demo
    blocks = lr_section(data).blocks
    assert not any(isinstance(b, Image) for b in blocks)
    [text] = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert "constant" in text and "0.001" in text and "10" in text  # the rates of the sweep, named


def test_steps_compare_by_examples_seen_when_batch_sizes_differ(data: ReportData) -> None:
    from cnnlab.report.sections import step_axis, step_series

    assert step_axis(data) == "step"  # the demo runs share one batch size
    import copy

    mixed = copy.copy(data)
    mixed.runs = [dict(r, config=dict(r["config"])) for r in data.runs]
    mixed.runs[0]["config"]["batch_size"] = 64
    assert step_axis(mixed) == "examples"
    groups = step_series(data, lambda r: r.get("loss"), "examples")
    steps = [row["step"] for row in data.steps[g_runs_first(data, groups[0])]]
    assert steps and list(groups[0].runs[0].x) == [s * 32 for s in steps]  # BASE batch_size 32
    fig = F.step_loss_figure(groups, x="examples")
    assert fig.axes[0].get_xlabel() == "examples seen (steps × batch size)"


def g_runs_first(data: ReportData, group: F.SeriesGroup) -> str:
    """The run id of the first non-failed run of the configuration labelled like `group`."""
    config = next(c for c in data.groups if c.label == group.label)
    return next(r["run_id"] for r in config.runs if r.get("status") != "failed")


def test_weight_tiles_and_empty_panels() -> None:
    mosaic = tile_mosaic(np.random.default_rng(0).normal(size=(5, 3, 3)))
    assert mosaic.shape == (3 * 2 + 1, 3 * 3 + 2)  # 3 columns x 2 rows with 1-pixel gaps
    assert np.isnan(mosaic).sum() == mosaic.size - 5 * 9
    fig = F.weights_figure(np.zeros((4, 3, 3)), np.ones((4, 3, 3)), "t")
    assert [ax.get_title() for ax in fig.axes if ax.get_label() != "colorbar"] == ["before training (4)",
                                                                                   "after training (4)"]
    [bar] = [ax for ax in fig.axes if ax.get_label() == "colorbar"]
    assert bar.get_ylim() == (-1.0, 1.0)  # one symmetric scale for both panels
    empty = F.step_loss_figure([F.SeriesGroup("a", F.color(0), [])])
    assert empty.axes[0].texts[0].get_text() == "no step records"


def test_confusion_annotations_and_png() -> None:
    m = np.array([[5, 1], [0, 4]])
    fig = F.confusion_figure(m, ["cat", "dog"])
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1", "4", "5"]
    assert F.png_bytes(fig)[:4] == b"\x89PNG"


def test_ci95_band_of_runs_of_different_lengths_counts_the_runs_at_each_x() -> None:
    """Where a run has ended, the band is the CI of the runs still there (n - 1 degrees of freedom, sqrt(n))."""
    from scipy import stats

    runs = [F.RunSeries([1, 2, 3], [1.0, 2.0, 3.0]), F.RunSeries([1, 2, 3], [2.0, 4.0, 5.0]),
            F.RunSeries([1, 2], [4.0, 9.0])]
    x, mean, lo, hi = F.aggregate(runs, band="ci95")
    assert list(x) == [1, 2, 3]
    for i, present in enumerate([[1.0, 2.0, 4.0], [2.0, 4.0, 9.0], [3.0, 5.0]]):
        v = np.array(present)
        half = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
        assert np.isclose(mean[i], v.mean()) and np.isclose(hi[i] - mean[i], half), (i, hi[i] - mean[i], half)
        assert np.isclose(mean[i] - lo[i], half)
    _, _, lo1, hi1 = F.aggregate([runs[0], F.RunSeries([1], [5.0])], band="ci95")
    assert hi1[1] == lo1[1] == 2.0 and hi1[2] == lo1[2] == 3.0  # one run left: no spread to show
