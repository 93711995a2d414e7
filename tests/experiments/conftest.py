"""Helpers for the experiment tests: a smaller MNIST test split, the CLI in-process, synthetic CIFAR files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch

from cnnlab.cli.main import main
from cnnlab.data.types import Dataset
from cnnlab.training import session

TEST_IMAGES = 300  # the full 10,000-image MNIST test split would dominate every tiny run's time
TRAIN_IMAGES = 3000  # --subset samples from these (stratified sampling over all 60,000 costs more than training)


@pytest.fixture
def fast_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run in this process sees the first TRAIN_IMAGES training and TEST_IMAGES test images only."""
    original = session.dataset_for

    def smaller(config):  # noqa: ANN001, ANN202
        ds = original(config)
        train = torch.arange(min(TRAIN_IMAGES, len(ds.train)))
        test = torch.arange(min(TEST_IMAGES, len(ds.test)))
        return Dataset(ds.name, ds.classes, ds.train.subset(train), ds.test.subset(test))

    monkeypatch.setattr(session, "dataset_for", smaller)


CliResult = tuple[int, str, str]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `cnnlab ARGS...` in this process: (exit code, stdout, stderr)."""

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as e:
            code = int(e.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def write_cifar(root: Path, n_train: int = 100, n_test: int = 60, seed: int = 0) -> Path:
    """CIFAR-10 and CIFAR-100 in the real binary layout (label byte(s) + 3072 pixel bytes per record).

    Classes are separable (each class has its own mean brightness), so a model can learn something.
    """
    rng = np.random.default_rng(seed)

    def records(n: int, cifar100: bool) -> bytes:
        if cifar100:  # coarse byte, fine byte; the coarse class is fine // 5 and sets the brightness
            fine = rng.integers(0, 100, n)
            labels, shade = np.stack([fine // 5, fine], axis=1), fine // 5
        else:
            labels = rng.integers(0, 10, (n, 1))
            shade = labels[:, 0]
        pixels = np.clip((shade * 12)[:, None] + 8 + rng.integers(0, 30, (n, 3072)), 0, 255)
        return np.concatenate([labels, pixels], axis=1).astype(np.uint8).tobytes()

    c10 = root / "cifar-10-batches-bin"
    c10.mkdir(parents=True, exist_ok=True)
    for i in range(1, 6):
        (c10 / f"data_batch_{i}.bin").write_bytes(records(n_train // 5, False))
    (c10 / "test_batch.bin").write_bytes(records(n_test, False))
    (c10 / "batches.meta.txt").write_text("\n".join(f"class{i}" for i in range(10)) + "\n")
    c100 = root / "cifar-100-binary"
    c100.mkdir(parents=True, exist_ok=True)
    (c100 / "train.bin").write_bytes(records(n_train, True))
    (c100 / "test.bin").write_bytes(records(n_test, True))
    (c100 / "coarse_label_names.txt").write_text("\n".join(f"coarse{i}" for i in range(20)) + "\n")
    (c100 / "fine_label_names.txt").write_text("\n".join(f"fine{i}" for i in range(100)) + "\n")
    return root


@pytest.fixture
def make_cifar() -> Callable[..., Path]:
    """`write_cifar`, for tests that need their own sizes."""
    return write_cifar


@pytest.fixture
def cifar_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_cifar(tmp_path_factory.mktemp("cifar"))
