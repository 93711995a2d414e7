"""cnnlab.figures: each function returns a matplotlib Figure drawn by the report's / inspect's own code."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

import cnnlab
from cnnlab import figures
from tests.api.conftest import digit_png


def _titles(fig: Figure) -> list[str]:
    return [ax.get_title() for ax in fig.axes]


def test_curves_of_an_experiment_and_of_runs(experiment, trained) -> None:
    fig = figures.curves(experiment)
    assert isinstance(fig, Figure)
    assert _titles(fig) == ["Training loss", "Validation loss", "Test loss", "Training accuracy",
                            "Validation accuracy", "Test accuracy"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:2] == ["lr=0.01  (mean of 2)", "lr=0.0001  (mean of 2)"]
    assert isinstance(figures.curves("api_lr", store=experiment.store), Figure)
    fig = figures.curves({"a": trained, "b": [trained, trained]})
    train_acc = fig.axes[3]  # 2x3: losses above (train, val, test), accuracies below
    line = train_acc.get_lines()[0]
    assert list(line.get_xdata()) == [1, 2]
    assert np.allclose(line.get_ydata(), [100 * r.train_accuracy for r in trained.history])
    with pytest.raises(cnnlab.CnnlabError, match="unknown experiment 'nope'"):
        figures.curves("nope", store=experiment.store)


def test_checkpoint_figures(trained, tmp_path: Path) -> None:
    fig = figures.confusion_matrix(trained.checkpoint)
    counts = fig.axes[0].get_images()[0].get_array()
    assert counts.shape == (10, 10) and int(counts.sum()) == 10_000  # MNIST's whole test split
    assert np.trace(counts) / 10_000 > 0.5  # trained: far above chance
    clf = cnnlab.load(trained.checkpoint)
    fig = figures.first_layer_weights(clf)
    assert sum(ax.get_label() == "tile" for ax in fig.axes) == 8  # conv 8 k5: one tile per filter
    path, _ = digit_png(tmp_path / "d.png", 3)
    fig = figures.feature_maps(clf, path, layer="conv1")
    assert sum(ax.get_label() == "tile" for ax in fig.axes) == 8
    assert fig._suptitle.get_text().startswith("conv1 · Conv2d 1→8, 5x5")
    fig = figures.feature_maps(clf, path, layer="relu1")
    assert fig._suptitle.get_text().startswith("relu1")
    with pytest.raises(cnnlab.CnnlabError, match="unknown layer 'conv9'"):
        figures.feature_maps(clf, path, layer="conv9")


def test_first_layer_weights_before_and_after_from_a_run(experiment) -> None:
    fig = figures.first_layer_weights(experiment.checkpoint(), initial=True)
    assert sum(ax.get_label() == "tile" for ax in fig.axes) == 16  # 8 filters, before and after
