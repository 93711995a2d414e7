"""`[[log]]` tables in an experiment spec: a printed training log, validated before any training; every problem
is one line naming the file, the table and the key."""

from __future__ import annotations

import pytest

from cnnlab.errors import CnnlabError
from cnnlab.experiments.results import ConfigResult, check_log
from cnnlab.experiments.spec import parse_spec

SPEC = """
name = "logged"
[base]
model = "baseline"
epochs = 2
batch_size = 128
val_split = 0.0
log_every = 1
[sweep]
lr = [0.1, 0.01]
"""


def _spec(log: str):
    return parse_spec(SPEC + "\n[[log]]\n" + log, "logged.toml")


def test_a_valid_log_reads_its_points_and_where() -> None:
    spec = _spec('where = { lr = 0.01 }\nmetric = "batch_loss"\nsource = "seed 004, Figure 10a"\n'
                 "points = [[1, 0, 2.3], [1, 12800, 1.86], [2, 0, 0.62]]")
    [log] = spec.logs
    assert log.metric == "batch_loss" and log.per_batch and log.points == ((1, 0, 2.3), (1, 12800, 1.86),
                                                                           (2, 0, 0.62))
    assert log.applies({"lr": 0.01}) and not log.applies({"lr": 0.1})
    every = _spec('metric = "train_loss"\nsource = "s"\npoints = [[1, 0.5], [2, 0.25]]').logs[0]
    assert every.where == {} and every.applies({"lr": 0.1})


@pytest.mark.parametrize(("log", "message"), [
    ('metric = "val_loss"\nsource = "s"\npoints = [[1, 0.5]]',
     "logged.toml: [[log]] #1 metric: \"val_loss\" is invalid (must be one of: batch_loss, train_loss, "
     "train_accuracy, test_loss, test_accuracy)"),
    ('metric = "train_loss"\npoints = [[1, 0.5]]', "logged.toml: [[log]] #1 source: missing"),
    ('metric = "train_loss"\nsource = "s"\npoints = []', "logged.toml: [[log]] #1 points: must be a non-empty list"),
    ('metric = "train_loss"\nsource = "s"\npoints = [[1, 0.5]]\nepoch = 1',
     "logged.toml: [[log]] #1 epoch: unknown key (keys: where, metric, source, points)"),
    ('metric = "train_loss"\nsource = "s"\npoints = [[1, 0, 0.5]]',
     "logged.toml: [[log]] #1 points[0]: [1, 0, 0.5] is invalid (a train_loss point is [epoch, value])"),
    ('metric = "batch_loss"\nsource = "s"\npoints = [[1, 0.5]]',
     "logged.toml: [[log]] #1 points[0]: [1, 0.5] is invalid (a batch_loss point is [epoch, images seen, loss])"),
    ('metric = "batch_loss"\nsource = "s"\npoints = [[1, 100, 0.5]]',
     "logged.toml: [[log]] #1 points[0]: 100 images seen is not a whole number of batches of 128"),
    ('metric = "train_loss"\nsource = "s"\npoints = [[3, 0.5]]',
     "logged.toml: [[log]] #1 points[0]: epoch 3 is past the end of the run (it trains 2 epochs)"),
    ('metric = "train_loss"\nsource = "s"\npoints = [[0, 0.5]]',
     "logged.toml: [[log]] #1 points[0]: epoch 0 is invalid (must be an integer >= 1)"),
    ('metric = "train_accuracy"\nsource = "s"\npoints = [[1, 97.5]]',
     "logged.toml: [[log]] #1 points[0]: value 97.5 is invalid (must be a fraction in [0, 1]"),
    ('metric = "train_loss"\nsource = "s"\npoints = [[1, "x"]]',
     "logged.toml: [[log]] #1 points[0]: value \"x\" is invalid (must be a number)"),
    ('metric = "train_loss"\nsource = "s"\npoints = [[1, 0.5], [1, 0.4]]',
     "logged.toml: [[log]] #1 points[1]: [1] is listed twice"),
    ('where = { lr = 0.5 }\nmetric = "train_loss"\nsource = "s"\npoints = [[1, 0.5]]',
     "logged.toml: [[log]] #1 where: no configuration of the grid has lr=0.5"),
    ('where = { speed = 1 }\nmetric = "train_loss"\nsource = "s"\npoints = [[1, 0.5]]',
     "logged.toml: [[log]] #1 where speed: unknown setting"),
])
def test_a_bad_log_is_one_line_naming_file_and_key(log: str, message: str) -> None:
    with pytest.raises(CnnlabError) as e:
        _spec(log)
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_log_must_be_an_array_of_tables() -> None:
    with pytest.raises(CnnlabError, match=r"^logged.toml: log: must be an array of tables \(\[\[log\]\]\)$"):
        parse_spec('log = "x"\n' + SPEC, "logged.toml")


def _group(config: dict, steps: bool = True) -> tuple[ConfigResult, dict]:
    runs = [{"run_id": f"r{i}", "seed": i, "status": "finished", "config": config} for i in range(5)]
    records = {f"r{i}": [{"step": s, "loss": 1.0 + i / 100} for s in (1, 101, 470)] if steps else []
               for i in range(5)}
    return ConfigResult("k", "lr=0.01", runs), records


def test_check_log_reads_the_step_of_each_printed_batch() -> None:
    [log] = _spec('metric = "batch_loss"\nsource = "s"\npoints = [[1, 0, 1.02], [1, 12800, 3.0], [2, 0, 1.0]]').logs
    config = {"dataset": "mnist", "val_split": 0.0, "batch_size": 128, "log_every": 1}
    group, records = _group(config)
    lc = check_log(group, log, None, lambda run_id: records[run_id])
    assert [p.step for p in lc.points] == [1, 101, 470] and lc.refused is None
    assert lc.inside == 2 and lc.fraction_inside == pytest.approx(2 / 3)
    assert lc.largest_gap.step == 101 and lc.largest_gap.where == "epoch 1, 12,800 images (step 101)"


def test_check_log_refuses_averaged_or_missing_step_records() -> None:
    [log] = _spec('metric = "batch_loss"\nsource = "s"\npoints = [[1, 0, 1.02]]').logs
    group, records = _group({"dataset": "mnist", "val_split": 0.0, "batch_size": 128, "log_every": 20})
    assert "log_every = 20" in check_log(group, log, None, lambda r: records[r]).refused
    group, records = _group({"dataset": "mnist", "val_split": 0.0, "batch_size": 128, "log_every": 1}, steps=False)
    assert check_log(group, log, None, lambda r: records[r]).refused == "the runs lack step records at the seed's steps"
