"""Every spec in examples/ parses; the CIFAR ones run end to end, shortened, on a small synthetic set written in
the real CIFAR binary format (the MNIST ones: test_examples_mnist.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnlab.experiments.spec import load_spec

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SPECS = sorted(EXAMPLES.glob("*.toml"))
MNIST = [p for p in SPECS if load_spec(p).base.get("dataset", "mnist") == "mnist"]
CIFAR = [p for p in SPECS if p not in MNIST]
TOPICS = {"baseline_and_variants", "learning_rate", "optimizer", "batch_size", "dropout", "initialisation",
          "break_the_cnn", "mlp_vs_cnn", "relu_vs_sigmoid", "schedules_vs_adam", "cifar10_gray_architectures",
          "cifar100_coarse"}


def test_there_is_one_spec_per_seed_experiment() -> None:
    assert {p.stem for p in SPECS} == TOPICS
    for path in SPECS:
        spec = load_spec(path)
        assert spec.name == path.stem
        assert "reported" in path.read_text()  # each says what its seed reported
        assert spec.expand()


def test_seed_003_grid_has_ten_repeats_of_five_architectures() -> None:
    plans = load_spec(EXAMPLES / "cifar10_gray_architectures.toml").expand()
    assert len(plans) == 50 and len({p.config_key for p in plans}) == 5
    c = plans[0].config
    assert (c.grayscale, c.batch_size, c.val_split, c.log_every) == (True, 50, 0.1, 10)


def run_shortened(cli, path: Path, store: Path, *extra: str) -> dict:  # noqa: ANN001
    """`cnnlab run PATH --set epochs=1 EXTRA...` in-process; the --json result."""
    code, out, err = cli("run", path, "--store", store, "--json", "--no-report", "--set", "epochs=1", *extra)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("path", CIFAR, ids=[p.stem for p in CIFAR])
def test_cifar_example_runs_on_synthetic_files(path: Path, tmp_path: Path, cifar_root: Path, cli) -> None:  # noqa: ANN001
    result = run_shortened(cli, path, tmp_path, "--set", f"data_dir={json.dumps(str(cifar_root))}",
                           "--set", "repeats=1", "--set", 'device="cpu"')
    runs = result["runs"]
    assert runs and all(r["status"] in ("finished", "early-stopped", "diverged") for r in runs)
    assert all(r["config"]["data_dir"] == str(cifar_root) for r in runs)
