"""A fake results store holding real (tiny) training runs, for building reports without SQLite.

`FakeSource` has exactly the read API of `cnnlab.store.db.Store` that the report uses. Its runs are
trained here once per test session: a tiny CNN twice (two repeats of one configuration), an MLP
once, and an SGD run with lr=10 that diverges; plus a run without a validation set and one that
diverges before its first epoch ends, for the edge-case experiments. They train on a folder of 300
MNIST training and 500 test digits (an image-folder data set), so that evaluating the test split
every epoch, and again in the report, stays cheap on a shared 2-core machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import torch
from PIL import Image
from safetensors.torch import save_file

from cnnlab.config import TrainConfig
from cnnlab.data.mnist import load_mnist
from cnnlab.models import build_model, init_weights
from cnnlab.training.session import RunResult, train_run

TINY_CNN = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"
BASE = {"grayscale": True, "epochs": 2, "batch_size": 32, "log_every": 2, "device": "cpu"}
N_TRAIN, N_TEST = 30, 50  # images per class
SPEC = """name = "demo"
repeats = 2
[base]
subset = 300
epochs = 2
[sweep]
model = ["conv 4 k3 > relu > maxpool 2 > flatten > linear 10", "mlp_fc2"]
"""


def write_digits(root: Path) -> Path:
    """`root/train/<digit>/*.png` and `root/test/<digit>/*.png`: the first MNIST images of each class."""
    mnist = load_mnist()
    for split, images, per_class in (("train", mnist.train, N_TRAIN), ("test", mnist.test, N_TEST)):
        for digit in range(10):
            folder = root / split / str(digit)
            folder.mkdir(parents=True)
            for i, index in enumerate((images.labels == digit).nonzero().flatten()[:per_class].tolist()):
                Image.fromarray(images.images[index, 0].numpy()).save(folder / f"{i:03d}.png")
    return root


def save_init(config: TrainConfig, out: Path) -> None:
    """The initial weights exactly as the Trainer draws them (same seed, same build order)."""
    torch.manual_seed(config.seed)
    model = build_model(config.model, (1, 28, 28), 10, config.activation, config.dropout)
    init_weights(model, config.init)
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(out / "init.safetensors"))


@dataclass
class FakeSource:
    """In-memory stand-in for the store: experiments, runs and their curves as the store returns them."""

    exps: dict[str, dict[str, Any]] = field(default_factory=dict)
    run_rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    epoch_rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    step_rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add_experiment(self, name: str, spec_toml: str = SPEC, description: str = "") -> None:
        self.exps[name] = {"name": name, "description": description, "created": "2026-11-23 07:00",
                           "spec_toml": spec_toml, "runs": 0, "finished": 0}
        self.run_rows[name] = []

    def add_run(self, experiment: str, run_id: str, config: TrainConfig, label: str, result: RunResult | None,
                run_dir: Path | None, status: str | None = None, error: str | None = None) -> dict[str, Any]:
        row = {
            "run_id": run_id, "experiment": experiment, "config": config.model_dump(),
            "config_key": json.dumps({k: v for k, v in config.model_dump().items() if k != "seed"}, sort_keys=True),
            "label": label, "seed": config.seed, "status": status or result.status,
            "message": result.message if result else error, "epochs": result.epochs if result else 0,
            "test_accuracy": result.test_accuracy if result else None,
            "best_test_accuracy": result.best_test_accuracy if result else None,
            "final_train_loss": result.history[-1].train_loss if result and result.history else None,
            "wall_seconds": result.wall_seconds if result else 0.0,
            "train_seconds": result.train_seconds if result else 0.0,
            "run_dir": str(run_dir) if run_dir else None, "error": error,
        }
        self.run_rows[experiment].append(row)
        self.exps[experiment]["runs"] += 1
        self.epoch_rows[run_id] = [r.to_dict() for r in result.history] if result else []
        self.step_rows[run_id] = [{"epoch": s.epoch, "step": s.step, "loss": s.loss, "accuracy": s.accuracy, "lr": s.lr,
                                   "grad_norms": dict(s.grad_norms)} for s in result.steps] if result else []
        return row

    # -- the store's read API --
    def experiments(self) -> list[dict[str, Any]]:
        return list(self.exps.values())

    def runs(self, experiment: str) -> list[dict[str, Any]]:
        return list(self.run_rows.get(experiment, []))

    def epoch_curves(self, run_id: str) -> list[dict[str, Any]]:
        return list(self.epoch_rows.get(run_id, []))

    def step_curves(self, run_id: str) -> list[dict[str, Any]]:
        return list(self.step_rows.get(run_id, []))

    def run(self, run_id: str) -> dict[str, Any]:
        return next(r for rows in self.run_rows.values() for r in rows if r["run_id"] == run_id)


def _train(tmp: Path, digits: Path, run_id: str, **changes: Any) -> tuple[TrainConfig, RunResult, Path]:
    config = TrainConfig(**{**BASE, "dataset": str(digits), **changes})
    out = tmp / run_id
    save_init(config, out)
    return config, train_run(config, out), out


@pytest.fixture(scope="session")
def digits(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An image-folder data set of MNIST digits: 30 training and 50 test images per class."""
    return write_digits(tmp_path_factory.mktemp("data") / "digits")


@pytest.fixture(scope="session")
def source(tmp_path_factory: pytest.TempPathFactory, digits: Path) -> FakeSource:
    """Experiments `demo` (2x CNN, 1x MLP, 1 diverged), `broken` (all diverged or failed), `noval` (no val set)."""
    tmp = tmp_path_factory.mktemp("runs")
    src = FakeSource()
    src.add_experiment("demo", description="tiny CNN vs MLP, and one run that breaks")
    for run_id, label, changes in [
        ("cnn-s0", "model=cnn lr=0.001", {"model": TINY_CNN, "seed": 0}),
        ("cnn-s1", "model=cnn lr=0.001", {"model": TINY_CNN, "seed": 1}),
        ("mlp-s0", "model=mlp_fc2 lr=0.001", {"model": "mlp_fc2", "seed": 0}),
        ("sgd-s0", "model=cnn lr=10 sgd", {"model": TINY_CNN, "seed": 0, "optimizer": "sgd", "lr": 10.0}),
    ]:
        config, result, out = _train(tmp, digits, run_id, **changes)
        src.add_run("demo", run_id, config, label, result, out)
    assert [r["status"] for r in src.runs("demo")] == ["finished", "finished", "finished", "diverged"]

    src.add_experiment("broken", spec_toml="")
    config, result, out = _train(tmp, digits, "boom", model=TINY_CNN, optimizer="sgd", lr=1000.0, val_split=0.0)
    assert result.status == "diverged" and not result.history
    src.add_run("broken", "boom", config, "lr=1000", result, out)
    src.add_run("broken", "crash", config.updated(lr=0.5), "lr=0.5", None, None, status="failed",
                error="RuntimeError: out of memory")

    src.add_experiment("noval")
    config, result, out = _train(tmp, digits, "noval", model="mlp_fc2", val_split=0.0, epochs=1)
    (out / "init.safetensors").unlink()  # a run recorded before init weights were kept
    src.add_run("noval", "noval", config, "", result, out)
    return src
