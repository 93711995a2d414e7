"""Intervals only where they mean something: none below MIN_REPEATS runs, and never beyond what the quantity can
be (an accuracy stays in 0-100%, a loss at or above 0), in the tables and in the report's curve bands."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cnnlab.experiments.results import MIN_REPEATS, Stat, limits_for, summarize
from cnnlab.report.figures import RunSeries, aggregate


def test_two_runs_give_no_confidence_or_prediction_interval() -> None:
    two = Stat.of([0.2, 0.9], limits_for("test_accuracy"))
    assert MIN_REPEATS == 3 and two.ci95 is None and two.prediction95 is None
    three = Stat.of([0.2, 0.9, 0.5])
    assert three.ci95 is not None and three.prediction95 is not None


def test_intervals_are_clipped_to_what_the_quantity_can_be() -> None:
    accuracy = Stat.of([0.99, 0.2, 0.97], limits_for("test_accuracy"))
    assert accuracy.ci95[1] == 1.0 and accuracy.prediction95 == (0.0, 1.0)
    loss = Stat.of([0.01, 2.0, 0.02], limits_for("final_train_loss"))
    assert loss.ci95[0] == 0.0 and loss.ci95[1] > 2.0
    free = Stat.of([0.99, 0.2, 0.97])  # a quantity without limits keeps the textbook interval
    assert free.ci95[1] > 1.0
    assert limits_for("val_accuracy") == (0.0, 1.0) and limits_for("wall_seconds") == (0.0, math.inf)


def test_a_configurations_statistics_carry_their_limits() -> None:
    runs = [{"run_id": f"r{i}", "label": "a", "config_key": "a", "status": "finished", "config": {},
             "test_accuracy": acc, "best_test_accuracy": acc, "final_train_loss": loss, "epochs": 1,
             "wall_seconds": 1.0, "seed": i} for i, (acc, loss) in enumerate([(0.99, 0.01), (0.3, 3.0), (0.98, 0.02)])]
    [group] = summarize(runs)
    assert group.test_accuracy.ci95[1] == 1.0 and group.final_train_loss.ci95[0] == 0.0


@pytest.mark.parametrize("band", ["std", "ci95"])
def test_curve_bands_stay_within_the_limits(band: str) -> None:
    runs = [RunSeries([1, 2], [0.99, 0.01]), RunSeries([1, 2], [0.40, 0.02]), RunSeries([1, 2], [0.98, 1.5])]
    _, mean, low, high = aggregate(runs, band, (0.0, 1.0))
    assert np.all(high <= 1.0) and np.all(low >= 0.0) and high[0] == 1.0 and low[1] == 0.0
    _, _, free_low, free_high = aggregate(runs, band)
    assert free_high[0] > 1.0 and free_low[1] < 0.0  # the same band, unclipped
