"""Choose and check the `robust` recipe: augmentation for digits that are not MNIST.

Candidates are trained on (a stratified subset of) MNIST, each training batch passed through
`cnnlab.data.augment.make_augmenter` in a small self-contained loop (cnnlab's model builder,
optimizer, schedule and data preparation; until the training loops call the augmenter themselves).
They are compared on validation data only: the MNIST validation split and a *validation* handwriting
set rendered by examples/make_handwriting_set.py with another seed (--val-seed) into a temporary
folder. Then the plain baseline recipe and the chosen candidate are measured, over several seeds, on
the MNIST test set and on the stored handwriting test set (tests/data/handwriting, seed 0).

    python benchmarks/robust_recipe.py [--subset 12000] [--epochs 4] [--seeds 3] [--choose] [--json out.json]

Without --choose only the final comparison (baseline vs the `robust` recipe as stored) runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from cnnlab.config import TrainConfig, make_config
from cnnlab.data.augment import make_augmenter
from cnnlab.data.datasets import DeviceData, epoch_batches, prepare
from cnnlab.data.preprocess import load_image, mnist_style
from cnnlab.models import build_model, init_weights
from cnnlab.training.metrics import evaluate
from cnnlab.training.optim import make_optimizer, make_schedule
from cnnlab.training.recipes import RECIPES, ROBUST_NET
from cnnlab.training.session import dataset_for

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))
from make_handwriting_set import make_set  # noqa: E402

HANDWRITING = ROOT / "tests/data/handwriting"
AFFINE = {"aug_rotation": 15.0, "aug_translate": 0.1, "aug_scale": 0.15, "aug_shear": 15.0}
CANDIDATES: dict[str, dict] = {
    "plain": {},
    "affine": AFFINE,
    "affine+elastic": {**AFFINE, "aug_elastic_alpha": 2.0, "aug_elastic_sigma": 3.0},
    "affine+elastic+stroke": {**AFFINE, "aug_elastic_alpha": 2.0, "aug_elastic_sigma": 3.0, "aug_stroke": 1.0},
    "affine+elastic+stroke+fast-net": {
        **AFFINE,
        "aug_elastic_alpha": 2.0,
        "aug_elastic_sigma": 3.0,
        "aug_stroke": 1.0,
        "model": ROBUST_NET,  # the net robust was chosen with (fast has its own since)
        "lr": 0.01,
        "schedule": "onecycle",
        "batch_size": 128,
    },
    "affine+elastic+fast-net": {
        **AFFINE,
        "aug_elastic_alpha": 2.0,
        "aug_elastic_sigma": 3.0,
        "model": ROBUST_NET,  # the net robust was chosen with (fast has its own since)
        "lr": 0.01,
        "schedule": "onecycle",
        "batch_size": 128,
    },
}


def handwriting(folder: Path) -> tuple[torch.Tensor, torch.Tensor]:
    """The set prepared exactly as `cnnlab predict` prepares a user's image: (N, 1, 28, 28) in [0, 1], labels."""
    with open(folder / "labels.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.stack([mnist_style(load_image(folder / r["file"])) for r in rows])[:, None]
    return torch.from_numpy(x), torch.tensor([int(r["label"]) for r in rows])


def train(config: TrainConfig, data: DeviceData) -> tuple[torch.nn.Module, float]:
    """The training loop's work (forward, loss, backward, step, schedule) with the augmenter on each batch."""
    torch.manual_seed(config.seed)
    model = build_model(config.model, data.input_shape, len(data.classes), config.activation, config.dropout)
    init_weights(model, config.init)
    model = model.to(memory_format=torch.channels_last)
    steps = -(-len(data.train) // config.batch_size)
    opt = make_optimizer(list(model.parameters()), config)
    schedule = make_schedule(opt, config, steps)
    order = torch.Generator().manual_seed(config.seed)
    aug_gen = torch.Generator().manual_seed(config.seed + 1)
    augment = make_augmenter(config, torch.device("cpu"))
    start = time.perf_counter()
    for _ in range(config.epochs):
        model.train()
        for idx in epoch_batches(len(data.train), config.batch_size, order, torch.device("cpu")):
            xb, yb = data.train.x[idx], data.train.y[idx]
            if augment is not None:
                xb = augment(xb, aug_gen)
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if config.schedule == "onecycle":
                schedule.step()
        if schedule is not None and config.schedule not in ("onecycle", "plateau"):
            schedule.step()
    return model.eval(), time.perf_counter() - start


@torch.no_grad()
def accuracy(model: torch.nn.Module, x01: torch.Tensor, y: torch.Tensor, data: DeviceData) -> float:
    mean = torch.tensor(data.mean).view(1, -1, 1, 1)
    std = torch.tensor(data.std).view(1, -1, 1, 1)
    return float((model((x01 - mean) / std).argmax(1) == y).float().mean())


def measure(name: str, values: dict, seed: int, args: argparse.Namespace, sets: dict) -> dict:
    config = make_config({"subset": args.subset, "epochs": args.epochs, "seed": seed, "device": "cpu", **values})
    data = prepare(dataset_for(config), config, torch.device("cpu"))
    model, seconds = train(config, data)
    row = {"candidate": name, "seed": seed, "train_seconds": round(seconds, 1)}
    row["mnist_val"] = evaluate(model, data.val.x, data.val.y)[1] if data.val is not None else None
    row["mnist_test"] = evaluate(model, data.test.x, data.test.y)[1]
    for key, (x, y) in sets.items():
        row[key] = accuracy(model, x, y, data)
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subset", type=int, default=12000, help="MNIST training examples (stratified)")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--val-seed", type=int, default=1, help="seed of the validation handwriting set")
    parser.add_argument("--choose", action="store_true", help="first compare the candidates on validation data")
    parser.add_argument("--only", nargs="*", help="with --choose: just these candidates")
    parser.add_argument("--json", type=Path, help="write every row and the summary here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"machine: {platform.processor() or platform.machine()}, torch {torch.__version__}, 1 thread", flush=True)

    rows = []
    if args.choose:
        with tempfile.TemporaryDirectory() as tmp:
            make_set(Path(tmp), 20, args.val_seed)
            val = {"handwriting_val": handwriting(Path(tmp))}
        for name, values in CANDIDATES.items():
            if args.only and name not in args.only:
                continue
            rows.append(measure(name, values, 0, args, val))
    test = {"handwriting_test": handwriting(HANDWRITING)}
    robust = {k: v for k, v in RECIPES["robust"].items() if k != "epochs"}
    final = []
    for seed in range(args.seeds):
        final.append(measure("baseline", {}, seed, args, test))
        final.append(measure("robust", robust, seed, args, test))
    summary = {}
    for name in ("baseline", "robust"):
        mine = [r for r in final if r["candidate"] == name]
        if not mine:
            continue
        summary[name] = {
            key: {
                "median": statistics.median(r[key] for r in mine),
                "min": min(r[key] for r in mine),
                "max": max(r[key] for r in mine),
            }
            for key in ("mnist_test", "handwriting_test", "train_seconds")
        }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(
            json.dumps(
                {"args": vars(args) | {"json": str(args.json)}, "rows": rows + final, "summary": summary},
                indent=2,
                default=str,
            )
        )


if __name__ == "__main__":
    main()
