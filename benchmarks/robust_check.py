"""`--recipe robust` against the plain recipe, trained by cnnlab's own loop on all of MNIST, measured on the
MNIST test set and on the non-MNIST handwriting set in tests/data/handwriting/ (300 digits rendered from
Debian fonts: see examples/make_handwriting_set.py).

    python benchmarks/robust_check.py [--seeds 5] [--baseline-epochs 3] [--json out.json]

Each run is `cnnlab.train(...)` (the recipe's settings, augmentation applied by the training loop itself,
54,000 training images and the 10% validation split), then `Classifier.predict` on every handwriting file,
with the same MNIST-style preparation as `cnnlab predict`. Nothing here chooses a setting: the robust
recipe was chosen on validation data (benchmarks/robust_recipe.py --choose); this only measures it.
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

HERE = Path(__file__).resolve().parent
sys.path[:0] = [p for p in (str(HERE.parent),) if p not in sys.path]  # no install needed

import cnnlab  # noqa: E402
from cnnlab.training.recipes import apply_recipe  # noqa: E402

HANDWRITING = HERE.parent / "tests" / "data" / "handwriting"


def handwriting_accuracy(clf: cnnlab.Classifier) -> float:
    with (HANDWRITING / "labels.csv").open() as f:
        rows = list(csv.DictReader(f))
    predictions = clf.predict([HANDWRITING / row["file"] for row in rows])
    return sum(p.label == row["label"] for p, row in zip(predictions, rows, strict=True)) / len(rows)


def measure(name: str, settings: dict, seed: int) -> dict:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        result = cnnlab.train(**settings, seed=seed, progress=False, out=out)
        clf = cnnlab.load(result.checkpoint)
    row = {"recipe": name, "seed": seed, "epochs": result.config.epochs, "mnist_test": result.test_accuracy,
           "handwriting": handwriting_accuracy(clf), "seconds": time.perf_counter() - start}
    print(f"{name:8s} seed {seed}: MNIST test {100 * row['mnist_test']:.2f}%  handwriting "
          f"{100 * row['handwriting']:.1f}%  ({row['seconds']:.0f} s)", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--baseline-epochs", type=int, default=3, help="epochs of the plain (seed 000) recipe")
    parser.add_argument("--subset", type=int, default=None, help="a stratified subset of MNIST (a quick check)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    extra = {"subset": args.subset} if args.subset else {}
    robust = apply_recipe("robust", extra).model_dump(exclude_defaults=True)
    plain = {"epochs": args.baseline_epochs, **extra}
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}", flush=True)
    rows = [measure(name, settings, seed) for seed in range(args.seeds)
            for name, settings in (("plain", plain), ("robust", robust))]
    for name in ("plain", "robust"):
        mine = [r for r in rows if r["recipe"] == name]
        for key in ("mnist_test", "handwriting"):
            values = [100 * r[key] for r in mine]
            print(f"{name:8s} {key:11s}: mean {statistics.mean(values):.2f}%  min {min(values):.2f}%  "
                  f"max {max(values):.2f}%  over {len(values)} seeds")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
