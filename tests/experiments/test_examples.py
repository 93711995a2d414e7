"""Every spec in examples/ parses; the CIFAR ones run end to end, shortened, on a small synthetic set written in
the real CIFAR binary format (the MNIST ones: test_examples_mnist.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cnnlab.experiments.spec import load_spec

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SPECS = sorted(EXAMPLES.glob("*.toml"))
MNIST = [p for p in SPECS if load_spec(p).base.get("dataset", "mnist") == "mnist"]
CIFAR = [p for p in SPECS if p not in MNIST]
TOPICS = {"baseline_and_variants", "learning_rate", "optimizer", "batch_size", "dropout", "initialisation",
          "break_the_cnn", "mlp_vs_cnn", "relu_vs_sigmoid", "schedules_vs_adam", "cifar10_gray_architectures",
          "cifar100_coarse", "lenet_mnist", "keras_nets", "keras_hypotheses", "pytorch_nets", "search_lenet"}
SEED_000 = ("baseline_and_variants", "learning_rate", "optimizer", "batch_size", "dropout", "initialisation",
            "break_the_cnn")


def test_there_is_one_spec_per_seed_experiment() -> None:
    assert {p.stem for p in SPECS} == TOPICS
    for path in SPECS:
        spec = load_spec(path)
        text = path.read_text()
        assert spec.name == path.stem
        # each separates what its seed states from what cnnlab assumed or chose
        assert "What the seed states" in text and ("What cnnlab assumed" in text or "What cnnlab chose" in text)
        assert spec.expand()


def plans(name: str) -> list:
    return load_spec(EXAMPLES / f"{name}.toml").expand()


def configs(name: str) -> dict:
    """Label -> the first repeat's config."""
    return {p.label: p.config for p in plans(name) if p.repeat == 0}


def figures(name: str) -> set:
    """(metric, epoch, value) of every reported figure: [[expect]] rows and the [[log]] tables' epoch points."""
    spec = load_spec(EXAMPLES / f"{name}.toml")
    logged = {(g.metric, int(p[0]), p[-1]) for g in spec.logs if not g.per_batch for p in g.points}
    return {(e.metric, e.epoch, e.value) for e in spec.expect} | logged


def test_seed_000_trains_on_unnormalised_totensor_inputs() -> None:
    for name in SEED_000:
        for c in configs(name).values():
            batch = c.batch_size if name == "batch_size" else 64  # the one that sweeps it
            assert (c.normalize, c.batch_size, c.val_split, c.dataset) == (False, batch, 0.0, "mnist"), name
    assert {c.batch_size for c in configs("batch_size").values()} == {32, 64, 128}
    base = configs("baseline_and_variants")
    assert {c.model for c in base.values()} == {"baseline", "deeper_gap", "large_kernel", "leaky"}
    assert all((c.optimizer, c.epochs) == ("adam", 10) for c in base.values())
    accs = [0.9796, 0.9881, 0.9889, 0.9903, 0.9889, 0.9913, 0.9924, 0.9923, 0.9920]  # Q1's log, epochs 1-9
    assert {("test_accuracy", i, a) for i, a in enumerate(accs, 1)} <= figures("baseline_and_variants")
    assert {("test_accuracy", None, 0.9917), ("test_loss", None, 0.0278), ("best_test_accuracy", None, 0.9924),
            ("test_accuracy", None, 0.9936), ("test_accuracy", None, 0.9926), ("test_accuracy", None, 0.9878)} \
        <= figures("baseline_and_variants")
    assert {c.lr for c in configs("learning_rate").values()} == {0.1, 0.01, 0.001}


def test_break_the_cnn_does_not_present_its_values_as_the_seeds() -> None:
    text = (EXAMPLES / "break_the_cnn.toml").read_text()
    spec = load_spec(EXAMPLES / "break_the_cnn.toml")
    assert "it gives none of the three values" in text and "cnnlab's" in spec.description
    for value in ("lr = 1.0", "dropout = 0.9", "momentum = 0.99"):
        line = next(line for line in text.splitlines() if line.startswith(value))
        assert "cnnlab's choice" in line


def test_seed_001_runs_its_four_reported_configurations_for_one_epoch() -> None:
    c = configs("mlp_vs_cnn")
    got = {label: (x.model, x.lr, x.batch_size) for label, x in c.items()}
    assert got == {"conv1_fc3": ("conv1_fc3", 0.01, 32), "conv2_fc2": ("conv2_fc2", 0.01, 32),
                   "conv1_fc3_lr0.001": ("conv1_fc3", 0.001, 32), "conv1_fc3_batch64": ("conv1_fc3", 0.01, 64),
                   "mlp_fc2": ("mlp_fc2", 0.01, 32)}
    # the seed's log prints single batches' losses (every 10th): every batch is recorded to compare them
    assert all((x.epochs, x.val_split, x.log_every, x.precision) == (1, 0.0, 1, "fp32") for x in c.values())
    assert figures("mlp_vs_cnn") == {("test_accuracy", None, 0.9705), ("test_loss", None, 0.0886),
                                     ("test_accuracy", None, 0.9718), ("test_loss", None, 0.0903),
                                     ("test_accuracy", None, 0.9157), ("test_loss", None, 0.3073),
                                     ("test_accuracy", None, 0.9655), ("test_loss", None, 0.1100)}


def test_seed_002_lenet_holds_out_5000_of_60000() -> None:
    from cnnlab.data.mnist import load_mnist
    from cnnlab.data.split import stratified_split

    [c] = configs("lenet_mnist").values()
    keep, held = stratified_split(load_mnist().train.labels, c.val_split, c.seed)
    # per-class rounding of a stratified split cannot hit 5,000 exactly on MNIST's class sizes: 5,001
    assert len(keep) + len(held) == 60_000 and abs(len(held) - 5_000) <= 1
    assert (c.model, c.lr) == ("lenet", 0.001) and figures("lenet_mnist") == {("test_accuracy", None, 0.97)}


def test_seed_004_runs_as_its_logs_say() -> None:
    keras = {label: (c.model, c.epochs) for label, c in configs("keras_nets").items()}
    assert sorted(keras.values()) == sorted([("keras_template", 5), ("keras_template", 20), ("keras_template3", 20),
                                             ("keras_template_leaky001", 5), ("keras_template_leaky001", 20)])
    # the best-supported hypothesis (keras_hypotheses.toml): Keras's default SGD and its BatchNorm constants
    assert all((c.optimizer, c.lr, c.momentum, c.bn_momentum, c.bn_eps) == ("sgd", 0.01, 0.0, 0.01, 0.001)
               for c in configs("keras_nets").values())
    # 469 steps per epoch over 60,000 images: batch 128, no validation split
    assert all(math.ceil(60_000 * (1 - c.val_split) / c.batch_size) == 469 for c in configs("keras_nets").values())
    assert {("params", None, 278_858), ("params", None, 119_434), ("test_accuracy", None, 0.9735),
            ("test_accuracy", None, 0.9869), ("test_accuracy", None, 0.9823), ("test_accuracy", None, 0.9736),
            ("test_accuracy", None, 0.9864)} <= figures("keras_nets")
    torch_nets = {label: (c.model, c.activation, c.epochs) for label, c in configs("pytorch_nets").items()}
    assert sorted(torch_nets.values(), key=str) == sorted([
        ("pytorch_example", "relu", 5), ("pytorch_example", "relu", 20), ("pytorch_example", "leakyrelu", 5),
        ("pytorch_example", "leakyrelu", 20), ("bn_leaky", None, 20)], key=str)
    # the log prints [12800/60000 (21%)]: 100 batches of 128 (21% of 469 batches)
    for c in configs("pytorch_nets").values():
        assert c.val_split == 0.0 and 100 * c.batch_size == 12_800 and round(100 * 100 / 469) == 21
    assert {("test_accuracy", None, v) for v in (0.9653, 0.9842, 0.9660, 0.9836, 0.9926)} <= figures("pytorch_nets")


def test_seed_003_part4_compares_all_five_nets_on_all_50000_images() -> None:
    c = configs("relu_vs_sigmoid")
    assert {(x.model, x.activation) for x in c.values()} == {
        (m, a) for m in ("mlp1", "mlp2_part4", "cnn_3", "cnn_4", "cnn_5") for a in ("relu", "sigmoid")}
    assert all((x.optimizer, x.lr, x.momentum, x.batch_size, x.epochs, x.val_split) == ("sgd", 0.01, 0.0, 50, 15, 0.0)
               for x in c.values())


def test_seed_003_part5_step_schedules() -> None:
    c = configs("schedules_vs_adam")
    assert (c["step_0.1"].lr, c["step_0.1"].lr_step, c["step_0.1"].lr_gamma, c["step_0.1"].epochs) == (0.1, 10, 0.1, 30)
    assert (c["step_0.01"].lr, c["step_0.01"].lr_step, c["step_0.01"].epochs) == (0.01, 15, 30)
    assert all(c[f"sgd_{lr}"].epochs == 20 for lr in ("0.1", "0.01", "0.001"))
    assert (c["adam"].optimizer, c["adam"].epochs) == ("adam", 15)
    assert all(x.val_split == 0.1 and x.batch_size == 50 for x in c.values())


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


def test_normalize_false_gives_totensor_inputs_as_seed_000() -> None:
    import torch

    from cnnlab.data.datasets import prepare
    from cnnlab.training.session import dataset_for

    c = configs("baseline_and_variants")["model=baseline"].updated(subset=200, device="cpu")
    raw = prepare(dataset_for(c), c, torch.device("cpu"))
    assert (raw.mean, raw.std) == ((0.0,), (1.0,))
    assert float(raw.train.x.min()) == 0.0 and float(raw.train.x.max()) == 1.0  # ToTensor(): pixels / 255
    normed = prepare(dataset_for(c), c.updated(normalize=True), torch.device("cpu"))
    assert abs(float(normed.train.x.mean())) < 1e-3 and abs(float(normed.train.x.std()) - 1) < 1e-2
    assert torch.allclose(normed.train.x, (raw.train.x - normed.mean[0]) / normed.std[0], atol=1e-5)
