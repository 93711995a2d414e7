"""The TOML spec: grid expansion, repeats, overrides, and a one-line error for every kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnnlab.errors import CnnlabError
from cnnlab.experiments.spec import load_spec, parse_spec, parse_toml_value

SPEC = """
name = "grid"
description = "a 2 x 2 grid, 3 repeats"
repeats = 3
[base]
model = "mlp_fc2"
epochs = 2
seed = 10
[sweep]
lr = [0.1, 0.01]
batch_size = [32, 64]
"""


def test_grid_expands_in_a_stable_order_with_repeats() -> None:
    plans = parse_spec(SPEC).expand()
    assert len(plans) == 2 * 2 * 3
    assert [(p.config.lr, p.config.batch_size, p.config.seed) for p in plans[:4]] == [
        (0.1, 32, 10), (0.1, 32, 11), (0.1, 32, 12), (0.1, 64, 10)]
    assert plans[0].label == "lr=0.1 batch_size=32"
    assert all(p.config.model == "mlp_fc2" and p.config.epochs == 2 for p in plans)
    # repeats share a config key (the config without its seed) and differ in their hash
    keys = {p.config_key for p in plans}
    assert len(keys) == 4
    assert len({p.config_hash for p in plans}) == 12
    assert [p.config_hash for p in parse_spec(SPEC).expand()] == [p.config_hash for p in plans]


def test_no_sweep_is_one_configuration() -> None:
    plans = parse_spec('name = "one"').expand()
    assert len(plans) == 1 and plans[0].label == "base" and plans[0].config.seed == 0


def test_model_activation_and_seed_can_be_swept() -> None:
    text = 'name = "x"\n[sweep]\nmodel = ["mlp1", "cnn_3"]\nactivation = ["relu", "sigmoid"]\nseed = [1, 2]\n'
    plans = parse_spec(text).expand()
    assert len(plans) == 8
    assert plans[0].label == "model=mlp1 activation=relu"  # the seed is not part of the label
    assert {p.config.seed for p in plans} == {1, 2}
    assert len({p.config_key for p in plans}) == 4  # swept seeds group like repeats


def test_variants_cross_the_grid() -> None:
    text = """name = "v"
[sweep]
batch_size = [32, 64]
[[variants]]
name = "adam"
[[variants]]
name = "sgd_step"
optimizer = "sgd"
lr = 0.01
schedule = "step"
"""
    plans = parse_spec(text).expand()
    assert [p.label for p in plans] == ["adam batch_size=32", "adam batch_size=64", "sgd_step batch_size=32",
                                        "sgd_step batch_size=64"]
    assert plans[2].config.optimizer == "sgd" and plans[2].config.schedule == "step"


def test_set_overrides_and_subset(tmp_path: Path) -> None:
    path = tmp_path / "grid.toml"
    path.write_text(SPEC)
    spec = load_spec(path, ["epochs=1", "lr=0.05", "sweep.batch_size=[16]", "repeats=1", 'optimizer="sgd"'],
                     subset=300)
    plans = spec.expand()
    assert [(p.config.lr, p.config.batch_size, p.config.epochs, p.config.subset, p.config.optimizer)
            for p in plans] == [(0.05, 16, 1, 300, "sgd")]
    assert "# overrides: --set epochs=1" in spec.text
    assert spec.spec_hash != load_spec(path).spec_hash
    # bare words are strings, TOML values are typed
    assert parse_toml_value("cnn_3") == "cnn_3"
    assert parse_toml_value("[1, 2]") == [1, 2]
    assert parse_toml_value("true") is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\n[sweep]\nlr = [-1.0]', "spec.toml: [sweep] lr: -1.0 is invalid (must be > 0)"),
        ('name = "x"\n[sweep]\nlr = []', "spec.toml: [sweep] lr: the list of values is empty"),
        ('name = "x"\n[sweep]\nlr = 0.1', "spec.toml: [sweep] lr: must be a list of values"),
        ('name = "x"\n[sweep]\nlr = [0.1, 0.1]', "spec.toml: [sweep] lr: 0.1 is listed twice"),
        ('name = "x"\n[sweep]\nwidth = [1]', "spec.toml: [sweep] width: unknown setting (settings: model,"),
        ('name = "x"\n[sweep]\nmodel = ["nope"]', "spec.toml: [sweep] model: unknown model 'nope' (choices:"),
        ('name = "x"\n[sweep]\nactivation = ["swishy"]', "spec.toml: [sweep] activation: \"swishy\" is invalid "
                                                          "(must be one of: relu, leakyrelu"),
        ('name = "x"\n[base]\nlr = "fast"', 'spec.toml: [base] lr: "fast" is invalid (must be a number)'),
        ('name = "x"\n[base]\nepochs = 0', "spec.toml: [base] epochs: 0 is invalid (must be >= 1)"),
        ('name = "x"\n[base]\noptimizer = "sgdd"', "spec.toml: [base] optimizer: \"sgdd\" is invalid (must be one "
                                                   "of: adam, adamw, sgd, rmsprop, adadelta)"),
        ('name = "x"\n[base]\nlearning_rate = 0.1', "spec.toml: [base] learning_rate: unknown setting"),
        ('name = "x"\n[base]\nmodel = "conv 8 k3 > wobble"', "spec.toml: [base] model: model spec: unknown layer"),
        ('name = "x"\n[base]\nearly_stop = 2\nval_split = 0.0', "spec.toml: [base]: early_stop needs a validation"),
        ('name = "x"\ncolour = "red"', "spec.toml: unknown key 'colour' (keys: name, description, base, sweep,"),
        ('description = "no name"', "spec.toml: missing key 'name'"),
        ('name = "a b"', 'spec.toml: name: "a b" is invalid (must be letters, digits'),
        ('name = "x"\nrepeats = 0', "spec.toml: repeats: 0 is invalid (must be >= 1)"),
        ('name = "x"\nrepeats = "3"', 'spec.toml: repeats: "3" is invalid (must be an integer)'),
        ('name = "x"\nexecutor = "gpu"', 'spec.toml: executor: "gpu" is invalid (must be one of: auto, sequential, '
                                         'vectorized, ray)'),
        ('name = "x"\n[[variants]]\nname = "hi"\nmomentum = 1.5', "spec.toml: [[variants]] #1 (hi) momentum: 1.5 "
                                                                  "is invalid (must be < 1)"),
        ('name = "x"\n[sweep]\nlr = [0.1]\n[[variants]]\nlr = 0.2', "spec.toml: [[variants]] #1 lr: also swept in "
                                                                    "[sweep]; set it in one place"),
        ('name = "x"\nrepeats = ', "spec.toml: invalid TOML"),
    ],
)
def test_every_spec_error_is_one_line_naming_file_and_key(text: str, message: str) -> None:
    with pytest.raises(CnnlabError) as info:
        parse_spec(text, "spec.toml")
    assert str(info.value).startswith(message), str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("epochs", "--set epochs: expected KEY=VALUE"),
        ("width=3", "--set width=3: unknown key 'width'"),
        ("sweep.width=[1]", "--set sweep.width=[1]: unknown setting 'width'"),
        ("epochs=-1", "spec.toml: [base] epochs: -1 is invalid (must be >= 1)"),
        ("sweep.lr=0.1", "spec.toml: [sweep] lr: must be a list of values"),
    ],
)
def test_bad_overrides(item: str, message: str) -> None:
    with pytest.raises(CnnlabError) as info:
        parse_spec(SPEC, "spec.toml", [item])
    assert str(info.value).startswith(message), str(info.value)


def test_missing_spec_file(tmp_path: Path) -> None:
    with pytest.raises(CnnlabError, match="spec file not found"):
        load_spec(tmp_path / "nope.toml")


def test_cli_reports_spec_errors_in_one_line_before_training(tmp_path: Path, cli) -> None:  # noqa: ANN001
    path = tmp_path / "experiment.toml"
    path.write_text('name = "x"\n[sweep]\nlr = [0.1, -1.0]\n')
    code, out, err = cli("run", path, "--store", tmp_path / "runs")
    assert code == 2
    assert err.strip() == "error: experiment.toml: [sweep] lr: -1.0 is invalid (must be > 0)"
    assert not (tmp_path / "runs").exists()  # nothing was planned or stored


def _grid(seeds: int, repeats: int = 1) -> str:
    return (f'name = "big"\nrepeats = {repeats}\n[base]\nmodel = "flatten > linear 10"\n'
            f"[sweep]\nseed = {list(range(seeds))}\n")


def test_the_default_run_limit_is_ten_thousand() -> None:
    """10,000 runs pass the sizing; 10,001 are refused, naming the count, the limit and the flag."""
    from cnnlab.experiments.spec import MAX_RUNS

    assert MAX_RUNS == 10_000
    with pytest.raises(CnnlabError, match=r"the grid makes 10,001 runs, more than the limit of 10,000 \(pass "
                                          r"--max-runs 10001"):
        parse_spec(_grid(10_001))
    assert len(parse_spec(_grid(2_000), max_runs=2_000).expand()) == 2_000


def test_a_grid_that_crosses_the_limit_only_through_repeats_is_refused() -> None:
    with pytest.raises(CnnlabError, match=r"the grid makes 12,000 runs, more than the limit of 10,000"):
        parse_spec(_grid(2_000, repeats=6))  # 2,000 configurations: under the limit until repeated 6 times
    with pytest.raises(CnnlabError, match=r"the grid makes 6 runs, more than the limit of 5"):
        parse_spec(_grid(2, repeats=3), max_runs=5)
    spec = 'name = "v"\nrepeats = 4\n[base]\nmodel = "flatten > linear 10"\n' + \
        '[[variants]]\nname = "a"\n[[variants]]\nname = "b"\nlr = 0.1\n'
    with pytest.raises(CnnlabError, match=r"the grid makes 8 runs, more than the limit of 7"):
        parse_spec(spec, max_runs=7)
    assert len(parse_spec(spec, max_runs=8).expand()) == 8
