"""Tune `--recipe fast` on the validation split only: candidates side by side, the test set never looked at.

    python benchmarks/tune_fast.py                 # the candidates below, 3 seeds each (about 30 minutes, quiet CPU)
    python benchmarks/tune_fast.py --seeds 5 --only 0,3
    python benchmarks/tune_fast.py --quick         # tiny sizes: checks that it runs

Each candidate is a set of overrides of RECIPES["fast"] (cnnlab/train/recipes.py), trained on the stratified 90%
of the training images and scored on the other 10% (validation): the training time until the validation
accuracy first reaches the goal, and the final validation accuracy (mean and minimum over seeds). The chosen
candidate is the fastest one whose every seed reaches the goal on validation. Its test accuracy is then
measured once by benchmarks/cpu_goals.py [3] (5 seeds, mean and minimum); nothing here reads the test set's
results.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [p for p in (str(HERE.parent), str(HERE)) if p not in sys.path]  # no install needed

from cnnlab.train.recipes import apply_recipe  # noqa: E402
from cnnlab.train.session import train_run  # noqa: E402

SMALL_NET = ("conv 12 k3 p1 > bn > relu > maxpool 2 > conv 24 k3 p1 > bn > relu > maxpool 2"
             " > conv 48 k3 p1 > bn > relu > maxpool 2 > flatten > linear 10")
CANDIDATES: list[dict] = [
    {},  # the recipe as it is
    {"epochs": 1},
    {"epochs": 1, "lr": 0.02},
    {"epochs": 1, "batch_size": 128},
    {"epochs": 1, "batch_size": 512, "lr": 0.02},
    {"epochs": 2, "model": SMALL_NET},
    {"epochs": 1, "model": SMALL_NET, "batch_size": 128},
]
GOAL = 0.99


def score(overrides: dict, seeds: int, subset: int | None, goal: float) -> tuple[list[float | None], list[float]]:
    """Per seed: training seconds until validation accuracy reaches `goal` (None: never), final val accuracy."""
    hits: list[float | None] = []
    finals: list[float] = []
    for seed in range(seeds):
        extra = {"subset": subset} if subset else {}
        config = apply_recipe("fast", {**overrides, **extra, "seed": seed, "device": "cpu", "val_split": 0.1})
        r = train_run(config, keep_steps=False)
        cum, hit = 0.0, None
        for e in r.history:
            cum += e.train_seconds
            if hit is None and e.val_accuracy is not None and e.val_accuracy >= goal:
                hit = cum
        hits.append(hit)
        finals.append(r.history[-1].val_accuracy if r.history else 0.0)
    return hits, finals


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=None, help="seeds per candidate (default 3; quick 1)")
    p.add_argument("--only", default=None, help="comma-separated candidate numbers")
    p.add_argument("--quick", action="store_true", help="tiny sizes: checks the script runs, figures meaningless")
    args = p.parse_args()
    seeds = args.seeds or (1 if args.quick else 3)
    subset, goal = (600, 0.5) if args.quick else (None, GOAL)
    picked = [int(i) for i in args.only.split(",")] if args.only else list(range(len(CANDIDATES)))
    if args.quick and not args.only:
        picked = [1, 6]
    print(f"validation goal {goal:.1%}; {seeds} seed(s) per candidate; overrides of RECIPES['fast']")
    best = None
    for i in picked:
        hits, finals = score(CANDIDATES[i], seeds, subset, goal)
        reached = [h for h in hits if h is not None]
        time_s = f"{statistics.mean(reached):6.2f} s" if len(reached) == len(hits) else f"{len(reached)}/{seeds} seeds"
        print(f"[{i}] {CANDIDATES[i] or 'as is'}: to {goal:.1%} val {time_s}; final val mean "
              f"{statistics.mean(finals):.2%} min {min(finals):.2%}")
        if len(reached) == len(hits) and (best is None or statistics.mean(reached) < best[1]):
            best = (i, statistics.mean(reached))
    print(f"chosen on validation: [{best[0]}] {CANDIDATES[best[0]] or 'as is'}" if best
          else "chosen on validation: none reached the goal on every seed")


if __name__ == "__main__":
    main()
