"""What on-device augmentation costs: the baseline's training epoch on the CPU with and without it.

The same MNIST batches (the baseline recipe: batch 64, Adam) go through the training loop's work
(forward, loss, backward, optimizer step), once plain and once with `make_augmenter` applied to each
batch first (the `robust` recipe's settings, or --settings). Also timed alone: the augmenter per
batch, as a fraction of a training step. Epoch times are scaled from --steps batches to a full
epoch of 54,000 images (MNIST less the 10% validation split); medians over --repeats.

    python benchmarks/augment_cost.py [--steps 150] [--repeats 3] [--threads 1] [--settings robust]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

from cnnlab.config import TrainConfig
from cnnlab.data.augment import make_augmenter
from cnnlab.data.datasets import normalise
from cnnlab.data.mnist import load_mnist
from cnnlab.models import build_model
from cnnlab.models.pool_first import pool_first
from cnnlab.training.optim import make_optimizer
from cnnlab.training.recipes import RECIPES

EPOCH_IMAGES = 54_000


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def timed(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=150, help="batches per measurement")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--settings", default="robust", help="a recipe name, or JSON of aug_* settings")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    settings = RECIPES[args.settings] if args.settings in RECIPES else json.loads(args.settings)
    aug = {k: v for k, v in settings.items() if k.startswith("aug_")}
    config = TrainConfig(**aug)
    device = torch.device("cpu")
    augment = make_augmenter(config, device)
    assert augment is not None, "these settings ask for no augmentation"

    train = load_mnist().train
    x = normalise(train.images[: args.steps * config.batch_size], (0.1307,), (0.3081,))
    y = train.labels[: args.steps * config.batch_size]
    batches = list(zip(x.split(config.batch_size), y.split(config.batch_size), strict=True))
    torch.manual_seed(0)
    model = build_model(config.model, (1, 28, 28), 10).to(memory_format=torch.channels_last)
    view = pool_first(model)  # what the training loop runs
    opt = make_optimizer(list(model.parameters()), config)
    gen = torch.Generator().manual_seed(0)

    def loop(with_augmentation: bool) -> None:
        model.train()
        for xb, yb in batches:
            if with_augmentation:
                xb = augment(xb, gen)
            loss = F.cross_entropy(view(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

    def augment_only() -> None:
        for xb, _ in batches:
            augment(xb, gen)

    loop(True)  # warm-up: oneDNN primitives, the allocator
    plain, augmented, alone = [], [], []
    for _ in range(args.repeats):
        plain.append(timed(lambda: loop(False)))
        augmented.append(timed(lambda: loop(True)))
        alone.append(timed(augment_only))
    per_epoch = EPOCH_IMAGES / (len(batches) * config.batch_size)
    p, a, o = (statistics.median(t) * per_epoch for t in (plain, augmented, alone))
    result = {
        "machine": f"{cpu_name()}, {args.threads} thread(s), torch {torch.__version__}",
        "settings": aug,
        "batch_size": config.batch_size,
        "steps_timed": len(batches),
        "epoch_seconds_plain": round(p, 2),
        "epoch_seconds_augmented": round(a, 2),
        "ratio": round(a / p, 3),
        "augmenter_seconds_per_epoch": round(o, 2),
        "augmenter_fraction_of_plain_epoch": round(o / p, 3),
        "augmenter_ms_per_batch": round(1000 * o / per_epoch / len(batches), 3),
        "train_step_ms_per_batch": round(1000 * p / per_epoch / len(batches), 3),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
