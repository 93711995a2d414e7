"""Confidence and prediction intervals, verdicts, Welch comparisons, and [[expect]] in specs and `cnnlab run`."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

import pytest
import scipy.stats

from cnnlab.errors import CnnlabError
from cnnlab.experiments.results import ConfigResult, Stat, check_all, comparisons, verdict, welch
from cnnlab.experiments.spec import parse_spec, restrict

RUNS = [0.9912, 0.9921, 0.9917, 0.9909, 0.9924]
OTHER = [0.9931, 0.9936, 0.9929, 0.9940, 0.9933]


def test_confidence_and_prediction_intervals_follow_the_t_distribution() -> None:
    s = Stat.of(RUNS)
    mean, sd, n = statistics.fmean(RUNS), statistics.stdev(RUNS), len(RUNS)
    low, high = scipy.stats.t.interval(0.95, n - 1, loc=mean, scale=sd / math.sqrt(n))
    assert s.ci95 == pytest.approx((low, high), abs=1e-12)
    t = scipy.stats.t.ppf(0.975, n - 1)
    assert s.prediction95 == pytest.approx((mean - t * sd * math.sqrt(1 + 1 / n), mean + t * sd * math.sqrt(1 + 1 / n)))
    assert s.prediction95[0] < s.ci95[0] and s.prediction95[1] > s.ci95[1]  # one new run spreads wider than the mean
    assert Stat.of([0.99]).ci95 is None and Stat.of([0.99]).prediction95 is None


def test_verdicts() -> None:
    s = Stat.of(RUNS)
    low, high = s.prediction95
    assert verdict(s.mean, s) == "consistent"
    assert verdict(low + 1e-6, s) == "consistent" and verdict(high - 1e-6, s) == "consistent"
    assert verdict(low - 1e-4, s) == "above"  # cnnlab's runs are above the reported figure
    assert verdict(high + 1e-4, s) == "below"
    assert verdict(0.5, Stat.of(RUNS[:2])) == "too few runs"
    assert verdict(0.5, None) == "too few runs"


def test_a_bound_is_consistent_while_one_more_run_could_meet_it() -> None:
    """ "99%+" (at_least): runs far above it agree with it; only an interval wholly on the other side misses."""
    s = Stat.of(RUNS)
    low, high = s.prediction95
    assert verdict(low - 0.01, s, "at_least") == "consistent"  # a point figure this far below would be "above"
    assert verdict(high - 1e-6, s, "at_least") == "consistent"
    assert verdict(high + 1e-4, s, "at_least") == "below"
    assert verdict(high + 0.01, s, "at_most") == "consistent"  # a loss "under X": runs well under it agree
    assert verdict(low - 1e-4, s, "at_most") == "above"
    assert verdict(0.5, Stat.of(RUNS[:2]), "at_least") == "too few runs"


def test_a_bound_in_a_spec_reaches_the_check() -> None:
    spec = parse_spec(SPEC.split("[[expect]]")[0]
                      + '[[expect]]\ntest_accuracy = 0.99\nbound = "at_least"\nsource = "seed 000, Q3"\n')
    [e] = spec.expect
    plan = next(p for p in spec.expand() if p.repeat == 0)
    group = ConfigResult(plan.config_key, plan.label, [
        {"run_id": f"r{i}", "status": "finished", "test_accuracy": acc, "config": plan.config.model_dump()}
        for i, acc in enumerate(RUNS)])
    [c] = check_all([group], [e])[group.key]
    assert e.bound == "at_least" and c.bound == "at_least" and c.claim == "≥ " and c.verdict == "consistent"
    assert c.to_dict()["expected"] == {"value": 0.99, "source": "seed 000, Q3", "bound": "at_least"}


def test_welch_matches_scipy_and_reads_as_a_sentence() -> None:
    c = welch(Stat.of(OTHER), Stat.of(RUNS), "5x5 kernels", "baseline")
    ref = scipy.stats.ttest_ind(OTHER, RUNS, equal_var=False)
    ci = ref.confidence_interval(0.95)
    assert c.diff == pytest.approx(statistics.fmean(OTHER) - statistics.fmean(RUNS))
    assert c.ci95 == pytest.approx((ci.low, ci.high)) and c.p == pytest.approx(ref.pvalue)
    assert c.distinguishable
    assert c.sentence() == (f"5x5 kernels: {100 * c.diff:+.2f} points, 95% CI "
                            f"[{100 * ci.low:+.2f}, {100 * ci.high:+.2f}], p = {ref.pvalue:.2g} over 5 + 5 runs")
    same = welch(Stat.of(RUNS[::-1]), Stat.of([v + 1e-5 for v in RUNS]), "x", "baseline")
    assert not same.distinguishable and same.sentence().startswith("x: not distinguishable from the baseline")
    few = welch(Stat.of(OTHER[:2]), Stat.of(RUNS), "y", "baseline")
    assert "no difference can be called real" in few.sentence() and not few.distinguishable


def _groups(values: dict[str, list[float]], key: str = "model") -> list[ConfigResult]:
    return [ConfigResult(name, f"{key}={name}", [
        {"run_id": f"{name}-{i}", "status": "finished", "test_accuracy": v, "config": {key: name, "seed": i}}
        for i, v in enumerate(vs)]) for name, vs in values.items()]


def test_comparisons_against_the_best_or_the_spec_baseline() -> None:
    groups = _groups({"a": RUNS, "b": OTHER})
    [c] = comparisons(groups)  # b is the best
    assert (c.label, c.baseline) == ("model=a", "model=b") and c.diff < 0
    [c] = comparisons(groups, {"model": "a"})
    assert (c.label, c.baseline) == ("model=b", "model=a") and c.diff > 0


SPEC = """name = "tiny"
repeats = 3
[base]
model = "flatten > linear 10"
[sweep]
lr = [0.01, 0.001]
[[expect]]
where = { lr = 0.01 }
test_accuracy = 0.9
source = "someone, table 2"
[[expect]]
where = { lr = 0.001 }
epoch = 1
test_loss = 0.3
source = "someone, log"
[[expect]]
params = 7850
source = "summary()"
"""


def test_expectations_apply_by_settings_and_check_epochs_and_params() -> None:
    spec = parse_spec(SPEC)
    assert [(e.metric, e.where, e.epoch) for e in spec.expect] == [
        ("test_accuracy", {"lr": 0.01}, None), ("test_loss", {"lr": 0.001}, 1), ("params", {}, None)]
    plans = [p for p in spec.expand() if p.repeat == 0]
    groups = [ConfigResult(p.config_key, p.label, [
        {"run_id": f"{p.label}-{s}", "status": "finished", "test_accuracy": 0.9 + s / 1000, "test_loss": 0.2,
         "config": {**p.config.model_dump(), "seed": s}} for s in range(3)]) for p in plans]
    curves = {f"lr=0.001-{s}": [{"epoch": 1, "test_loss": 0.29 + s / 100}] for s in range(3)}
    checks = check_all(groups, spec.expect, lambda run_id: curves.get(run_id, []))
    fast, slow = (checks[g.key] for g in groups)
    assert [c.metric for c in fast] == ["test_accuracy", "params"]
    assert fast[0].verdict == "consistent" and fast[0].measured.n == 3
    assert fast[1].measured.mean == 7850 and fast[1].verdict == "consistent"  # 784 x 10 + 10
    assert slow[0].figure == "test loss, epoch 1" and slow[0].measured.mean == pytest.approx(0.30)


@pytest.mark.parametrize("bad, message", [
    ('[[expect]]\nwhere = { lr = 0.5 }\ntest_accuracy = 0.9\nsource = "x"', "no configuration of the grid has lr=0.5"),
    ('[[expect]]\nwhere = { speed = 1 }\ntest_accuracy = 0.9\nsource = "x"', "where speed: unknown setting"),
    ('[[expect]]\ntest_accuracy = 99.2\nsource = "x"', "must be a fraction in [0, 1]"),
    ('[[expect]]\ntest_accuracy = 0.9\ntest_loss = 0.1\nsource = "x"', "exactly one reported figure"),
    ('[[expect]]\ntest_accuracy = 0.9', "source: missing"),
    ('[[expect]]\nparams = 10\nepoch = 2\nsource = "x"', "params is not a per-epoch figure"),
    ('[[expect]]\ntrain_accuracy = 0.39\nsource = "x"', "train_accuracy is a per-epoch figure (add epoch = N"),
    ('[[expect]]\naccuracy = 0.9\nsource = "x"', "accuracy: unknown key (keys: where, test_accuracy"),
    ('[[expect]]\ntest_accuracy = 0.99\nbound = "about"\nsource = "x"',
     'bound: "about" is invalid (choices: at_least, at_most)'),
    ('[[expect]]\nparams = 10\nbound = "at_least"\nsource = "x"', "bound: a parameter count is exact"),
    ('band = "wide"', "band: \"wide\" is invalid (must be one of: std, minmax, ci95)"),
    ('baseline = { lr = 3.0 }', "baseline: no configuration of the grid has lr=3"),
])
def test_bad_expectations_are_one_line_errors(bad: str, message: str) -> None:
    text = SPEC.split("[[expect]]")[0].replace("[base]", bad.split("\n[[")[0] + "\n[base]", 1) \
        if bad.startswith(("band", "baseline")) else SPEC.split("[[expect]]")[0] + bad + "\n"
    with pytest.raises(CnnlabError) as e:
        parse_spec(text, "spec.toml")
    assert message in str(e.value) and "\n" not in str(e.value) and str(e.value).startswith("spec.toml")


def test_a_training_log_figure_is_checked_against_that_epoch_of_every_repeat() -> None:
    """Seed 004's Keras log gives each epoch's training accuracy: checked like a test figure at that epoch."""
    spec = parse_spec(SPEC.split("[[expect]]")[0] + '[[expect]]\nepoch = 2\ntrain_accuracy = 0.804\nsource = "log"\n')
    [e] = spec.expect
    plans = [p for p in spec.expand() if p.repeat == 0]
    group = ConfigResult(plans[0].config_key, plans[0].label, [
        {"run_id": f"r{s}", "status": "finished", "config": plans[0].config.model_dump()} for s in range(3)])
    curves = {f"r{s}": [{"epoch": 1, "train_accuracy": 0.40}, {"epoch": 2, "train_accuracy": 0.72 + s / 100}]
              for s in range(3)}
    [c] = check_all([group], [e], lambda run_id: curves[run_id])[group.key]
    assert c.figure == "training accuracy, epoch 2" and c.measured.mean == pytest.approx(0.73)
    assert c.verdict == "below" and c.measured.n == 3


def test_overrides_keep_the_written_expectations_and_only_narrows() -> None:
    spec = parse_spec(SPEC, overrides=["lr=0.01"])  # the lr=0.001 expectation no longer applies: not an error
    assert len(spec.expect) == 3 and len({p.config_key for p in spec.expand()}) == 1
    narrowed = restrict(parse_spec(SPEC), ["lr=0.001"])
    assert {p.label for p in narrowed.expand()} == {"lr=0.001"} and len(narrowed.expand()) == 3
    with pytest.raises(CnnlabError, match="--only: no configuration of the grid has lr=0.5"):
        restrict(parse_spec(SPEC), ["lr=0.5"])


def test_cnnlab_run_json_has_configurations_with_verdicts(tmp_path: Path, fast_data: None, cli) -> None:  # noqa: ANN001
    path = tmp_path / "tiny.toml"
    path.write_text(SPEC)
    code, out, err = cli("run", path, "--store", tmp_path, "--json", "--no-report", "--set", "epochs=1",
                         "--subset", "100")
    assert code == 0, err
    result = json.loads(out)
    configs = {c["label"]: c for c in result["configurations"]}
    assert set(configs) == {"lr=0.01", "lr=0.001"}
    fast = configs["lr=0.01"]
    accs = [r["test_accuracy"] for r in result["runs"] if r["label"] == "lr=0.01"]
    assert fast["settings"] == {"lr": 0.01} and fast["runs"] == 3
    assert fast["test_accuracy_mean"] == pytest.approx(statistics.fmean(accs))
    assert fast["test_accuracy_std"] == pytest.approx(statistics.stdev(accs))
    low, high = fast["test_accuracy_ci95"]
    assert low < fast["test_accuracy_mean"] < high
    assert fast["expected"] == {"value": 0.9, "source": "someone, table 2", "bound": None}
    assert fast["verdict"] == verdict(0.9, Stat.of(accs))
    slow = configs["lr=0.001"]  # no final test accuracy reported: the first figure is the one shown
    assert slow["expected"] == {"value": 0.3, "source": "someone, log", "bound": None}
    assert [c["figure"] for c in slow["checks"]] == ["test loss, epoch 1", "parameters"]
    assert slow["verdict"] == slow["checks"][0]["verdict"] and slow["checks"][0]["runs"] == 3
    assert slow["checks"][1]["mean"] == 7850 and slow["checks"][1]["verdict"] == "consistent"
    code, out, _ = cli("run", path, "--store", tmp_path, "--no-report", "--set", "epochs=1", "--subset", "100")
    assert code == 0 and "verdict" in out and "someone, table 2" in out and "95% CI" in out
    code, out, _ = cli("runs", "tiny", "--store", tmp_path)
    assert code == 0 and "verdict" in out and fast["verdict"] in out


def test_band_choice_is_checked_on_the_command_line(tmp_path: Path, cli) -> None:  # noqa: ANN001
    code, _, err = cli("report", "tiny", "--store", tmp_path, "--band", "wide")
    assert code == 2 and "wide" in err
    path = tmp_path / "tiny.toml"
    path.write_text(SPEC)
    code, _, err = cli("run", path, "--store", tmp_path, "--only", "speed=3")
    assert code == 2 and "--only speed: unknown setting" in err and "Traceback" not in err
