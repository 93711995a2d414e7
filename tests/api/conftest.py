"""Fixtures for the Python API tests: a smaller MNIST, one checkpoint trained once, one small experiment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.data.types import Dataset
from cnnlab.training import session

SPEC = "conv 8 k5 > relu > maxpool 2 > flatten > linear 10"
TRAIN_IMAGES, TEST_IMAGES = 2000, 300


@contextmanager
def small_mnist() -> Iterator[None]:
    """Runs inside see the first 2,000 training and 300 test images (the test split is what makes tiny runs
    slow). A context, not an autouse fixture: other tests' checkpoints must train on the real data."""
    original = session.dataset_for

    def smaller(config):  # noqa: ANN001, ANN202
        ds = original(config)
        return Dataset(ds.name, ds.classes, ds.train.subset(torch.arange(min(TRAIN_IMAGES, len(ds.train)))),
                       ds.test.subset(torch.arange(min(TEST_IMAGES, len(ds.test)))))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(session, "dataset_for", smaller)
        yield


@pytest.fixture
def small_data() -> Iterator[None]:
    with small_mnist():
        yield


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """A TrainResult with a checkpoint on disk: 2 epochs on 1,000 examples."""
    import cnnlab

    out = tmp_path_factory.mktemp("api") / "ckpt"
    with small_mnist():
        return cnnlab.train(model=SPEC, epochs=2, subset=1000, batch_size=32, log_every=5, device="cpu", out=out,
                            progress=False)


@pytest.fixture(scope="session")
def experiment(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """`cnnlab.run` of a spec dict: two learning rates x two seeds, one epoch each."""
    import cnnlab

    store = tmp_path_factory.mktemp("api-exp") / "runs"
    spec = {"name": "api_lr", "repeats": 2,
            "base": {"model": SPEC, "subset": 300, "epochs": 1, "batch_size": 32, "log_every": 2, "device": "cpu",
                     "val_split": 0.2},
            "sweep": {"lr": [0.01, 0.0001]}}
    with small_mnist():
        return cnnlab.run(spec, store=store, progress=False)


def digit_png(path: Path, index: int = 0) -> tuple[Path, str]:
    """MNIST test image `index` as a PNG file, dark ink on white paper (as a person would draw it)."""
    from PIL import Image

    ds = session.dataset_for(TrainConfig())
    image = 255 - ds.test.images[index, 0].numpy()
    Image.fromarray(image).save(path)
    return path, ds.classes[int(ds.test.labels[index])]
