"""Tune `--recipe fast` on the validation split only: candidates side by side, the test set never looked at.

    python benchmarks/tune_fast.py                        # every candidate below, 5 seeds each (hours on a small CPU)
    python benchmarks/tune_fast.py --seeds 2 --only 3,4   # a screen: two seeds of two candidates
    python benchmarks/tune_fast.py --candidate '{"epochs": 1, "batch_size": 128}'   # one ad-hoc candidate
    python benchmarks/tune_fast.py --only 39 --threads 1,2  # each seed on one thread and on two: certified at both
    python benchmarks/tune_fast.py --quick                # tiny sizes: checks that it runs

Each candidate is a set of overrides of RECIPES["fast"] (cnnlab/training/recipes.py), trained on the stratified 90%
of the training images and scored on the other 10% (validation), with the seeds 0, 1, ... that
benchmarks/cpu_goals.py [3] uses. Per candidate: the validation accuracy after each epoch (mean over seeds), how many
seeds end at or above the goal, the mean and minimum final validation accuracy, the training seconds (the loop's
own clock, evaluation excluded) and the CPU seconds the process spent in them, and the training FLOP per image
(torch's count of one step: a figure that no neighbour's load can change). A candidate is certified when at least
4 seeds in 5 (80%) end at or above the goal; the chosen one is the certified candidate with the least training time.
Its test accuracy is measured afterwards, once, by benchmarks/cpu_goals.py [3]; nothing here reads the test set's
results.

On a shared machine, run it with OMP_NUM_THREADS=1 and compare CPU seconds and FLOP, not training seconds: the
accuracies do not depend on the load, the times do. The accuracies do depend on the thread count, which changes the
order of floating-point sums: one epoch of [39] below moved a seed's validation accuracy by up to 0.27 points between
one thread and two, so score a candidate near the goal at both (`--threads 1,2`: certified only if it passes at
each; the recipe, [48], passes at both).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [p for p in (str(HERE.parent), str(HERE)) if p not in sys.path]  # no install needed

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

from cnnlab.models import build_model  # noqa: E402
from cnnlab.training.eager import cpu_threads  # noqa: E402
from cnnlab.training.recipes import apply_recipe  # noqa: E402
from cnnlab.training.session import train_run  # noqa: E402

GOAL = 0.99
CERTIFY = 0.8  # the share of seeds that must end at or above the goal


def net(a: int, b: int, c: int, first_stride: int = 1, bias: bool = True) -> str:
    """The old fast recipe's three-block BatchNorm net with widths a-b-c (first_stride 2: no first pooling)."""
    nb = "" if bias else " nobias"
    first = (f"conv {a} k3 s2 p1{nb} > bn > relu" if first_stride == 2
             else f"conv {a} k3 p1{nb} > bn > relu > maxpool 2")
    return (f"{first} > conv {b} k3 p1{nb} > bn > relu > maxpool 2"
            f" > conv {c} k3 p1{nb} > bn > relu > maxpool 2 > flatten > linear 10")


# the recipe until 2026-12-06, torch's betas included: a numbered candidate re-runs as it ran, whatever the recipe
# holds now
OLD = {"model": net(16, 32, 64), "epochs": 2, "batch_size": 256, "lr": 0.01, "beta1": None, "beta2": None}

# Candidates 0-11: the first round (2026-12-01), overrides of the recipe as it was then (OLD).
FIRST_ROUND: list[dict] = [
    {},  # the recipe as it was: 2 epochs, batch 256, lr 0.01
    {"epochs": 1, "batch_size": 128},
    {"epochs": 1, "batch_size": 64, "lr": 0.005},
    {"epochs": 1, "batch_size": 128, "model": net(8, 16, 32)},
    {"epochs": 1, "batch_size": 128, "model": net(12, 24, 48)},
    {"epochs": 1, "batch_size": 128, "model": net(8, 32, 64)},
    {"epochs": 1, "batch_size": 128, "model": net(16, 32, 64, first_stride=2)},
    {"epochs": 2, "model": net(8, 16, 32)},
    {"epochs": 2, "model": net(12, 24, 48)},
    {"epochs": 2, "batch_size": 128},
    {"epochs": 3},
    {"epochs": 3, "batch_size": 128, "model": net(12, 24, 48)},
]
# What these gave on 2026-12-01 (2-core AMD EPYC VM, AVX2, no native bf16; 1 thread on one core while the other
# core trained, so only the accuracies are figures): final validation accuracy, seed 0 / seed 1.
#   [0] 98.72 / -        [1] 98.57 / -        [2] 98.68 / -        [3] 98.20 / -        [4] 98.28 / -
#   [5] 98.28 / -        [6] 98.37 / -        [7] 98.63 / -        [8] 98.55 / -        [9] 98.87 / 99.12
#   [10] 98.98 / 99.20   [11] 98.82 / 99.32
# No candidate reached 99.0% on seed 0's validation split, and no one-epoch candidate came within 0.3 points.

# The second round (2026-12-06), also overrides of OLD: cheaper first blocks (a strided first convolution, BatchNorm
# after pooling), more width where maps are small, smaller batches, other learning rates.
B = ("conv 16 k3 s2 p1 > bn > relu > conv 32 k3 p1 > bn > relu > maxpool 2 > conv 64 k3 p1 > bn > relu > maxpool 2"
     " > flatten > linear 10")  # a strided first convolution instead of the first pooling
C = ("conv 16 k3 s2 p1 > bn > relu > conv 32 k3 p1 > bn > relu > maxpool 2 > conv 64 k3 s2 p1 > bn > relu"
     " > flatten > linear 10")  # strided first and last convolutions, one pooling
P = ("conv 16 k3 p1 > maxpool 2 > bn > relu > conv 32 k3 p1 > maxpool 2 > bn > relu > conv 64 k3 p1 > maxpool 2"
     " > bn > relu > flatten > linear 10")  # OLD's net with each max-pool before its BatchNorm
SECOND_ROUND: list[dict] = [
    {"epochs": 1, "model": B},  # 12
    {"epochs": 1, "model": C},
    {"epochs": 1, "batch_size": 128, "model": B},
    {"epochs": 1, "lr": 0.02, "model": B},
    {"epochs": 1, "optimizer": "sgd", "momentum": 0.9, "nesterov": True, "lr": 0.2, "model": B},
    {"epochs": 1},  # 17
    {"epochs": 1, "batch_size": 128, "model": "conv 32 k3 p1 > bn > relu > maxpool 2 > conv 64 k3 p1 > bn > relu > "
     "maxpool 2 > conv 128 k3 p1 > bn > relu > maxpool 2 > flatten > linear 10"},
    {"epochs": 1, "model": "conv 32 k3 s2 p1 > bn > relu > conv 64 k3 s2 p1 > bn > relu > conv 128 k3 s2 p1 > bn"
     " > relu > flatten > linear 10"},
    {"epochs": 1, "model": "conv 32 k4 s2 p1 > bn > relu > conv 64 k3 s2 p1 > bn > relu > conv 128 k3 s2 p1 > bn"
     " > relu > flatten > linear 10"},
    {"epochs": 1, "model": "conv 32 k3 > bn > relu > maxpool 2 > conv 64 k3 > bn > relu > maxpool 2 > flatten"
     " > linear 128 > relu > linear 10"},  # the seed baseline with BatchNorm, no dropout
    {"epochs": 2, "batch_size": 128, "model": C},  # 22
    {"epochs": 2, "batch_size": 128, "model": B},
    {"epochs": 2, "batch_size": 128},  # [9] again, on this machine
    {"epochs": 3, "model": C},
    {"epochs": 2, "batch_size": 128, "lr": 0.02, "model": C},
    {"epochs": 2, "batch_size": 64, "model": C},  # 27
    {"epochs": 2, "batch_size": 128, "model": "conv 24 k3 s2 p1 > bn > relu > conv 48 k3 p1 > bn > relu > maxpool 2"
     " > conv 96 k3 s2 p1 > bn > relu > flatten > linear 10"},
    {"epochs": 2, "batch_size": 128, "model": P},  # 29: chosen, RECIPES["fast"] since 2026-12-06
    {"epochs": 2, "model": P},
]
# What these gave on 2026-12-06 (2-core AMD EPYC VM, AVX-512 with native bf16, so bf16 autocast; one thread with
# other work on both cores: only the accuracies and the CPU seconds are figures), final validation accuracy by seed
# (seeds 0 and 1; seeds 2-4 for the two that passed both), CPU seconds of a whole run on one thread (data preparation
# and evaluation included), training MFLOP an image:
#   [12] 98.22 98.67  9.1 s 11.0   [13] 98.20 98.77  8.3 s  7.4   [14] 98.52 98.88  9.6 s 11.0
#   [15] 98.35 98.83  8.5 s 11.0   [16] 97.78 98.58  8.9 s 11.0   [17] 98.48 98.80 11.3 s 11.3
#   [18] 98.73 99.03 26.9 s 44.3   [19] 98.00 98.68  9.8 s 12.8   [20] 98.12 98.60  9.8 s 13.0
#   [21] 98.22 98.97 14.4 s 15.4   [22] 98.68 99.07 14.4 s  7.4   [23] 98.67 99.05 17.9 s 11.0
#   [24] 98.93 99.15 99.07 99.12 99.23  23 s 11.3: 4/5, certified   [25] 98.82 99.18 21.8 s  7.4
#   [26] 98.77 99.02 16.1 s  7.4   [27] 98.72 99.10 98.97 99.22 99.02 16.5 s 7.4: 3/5, not certified
#   [28] 98.85 99.10 23.2 s 16.4   [29] 98.98 99.32 99.17 99.28 99.30 18.3 s 11.3: 4/5, certified (mean 99.21%)
#   [30] 98.88 99.15 17.3 s 11.3
# No one-epoch candidate reaches 99.0% on both seeds, not even at 4x the FLOP ([18]). Two are certified: [24] (OLD
# at batch 128) and [29] (max-pool before BatchNorm, batch 128), the cheaper: its training steps take 7.7 s an epoch
# on one thread against [24]'s 8.7 s (and OLD's 8.1 s; thread CPU time of 40 steps, medians). [29] was the recipe
# until [48] (fifth round).
# Nothing here comes near the 15x goal of benchmarks/cpu_goals.py [3]: on one thread of this VM the seed recipe takes
# 95.8 s to its 99%, so 15x is 6.4 s of training, less than one epoch of [29] (7.2 s); no one-epoch candidate gets
# close to certification.

# The third round (2026-12-07): one epoch of the chosen recipe ([29]), and what might lift a single epoch by the 0.1-0.2
# points it lacks.
P24 = P.replace("conv 16", "conv 24").replace("conv 32", "conv 48")  # wider first two blocks
THIRD_ROUND: list[dict] = [
    {"epochs": 1, "batch_size": 128, "model": P},  # 31
    {"epochs": 1, "batch_size": 128, "model": P, "lr": 0.02},
    {"epochs": 1, "batch_size": 128, "model": P, "lr": 0.005},
    {"epochs": 1, "batch_size": 64, "model": P, "lr": 0.005},
    {"epochs": 1, "batch_size": 96, "model": P},  # 35
    {"epochs": 1, "batch_size": 128, "model": P24},
    {"epochs": 1, "batch_size": 128, "model": P, "optimizer": "adamw", "weight_decay": 0.05},
    {"epochs": 1, "batch_size": 128, "model": P, "optimizer": "sgd", "momentum": 0.9, "nesterov": True, "lr": 0.1},
]
# What these gave on 2026-12-07 (same VM, one thread each, beside other work: only the accuracies are figures), final
# validation accuracy by seed (seeds 0 and 1; seeds 0-4 for [31]):
#   [31] 98.85 99.15 98.93 99.02 98.93: 2/5, not certified (mean 98.98%)
#   [32] 98.80 99.12   [33] 98.70 99.02   [34] 98.80 99.12   [35] 98.78 99.05   [36] 98.80 99.12
#   [37] 98.80 99.07   [38] 98.70 98.92
# Label smoothing (0.1 and 0.2, screened by patching [31]'s training loss; it is not a cnnlab setting): 98.77 99.13 and
# 98.78 98.97. One epoch of the recipe ends about 0.1 point short of certification, and nothing tried closes it;
# even certified, one epoch of it (about 4.2 s on both threads) would be about 14x the seed recipe's 60.5 s.
# Test-time augmentation (screened the same day by evaluating [31]'s trained nets, seeds 0-4, on the image and its four
# one-pixel shifts, the blank border filled with the background; not a cnnlab setting): validation 98.88 99.27 99.02
# 99.12 98.93 averaging logits (98.83 99.22 99.03 99.12 98.98 averaging probabilities), 3/5, not certified. It would
# also make every evaluation five times dearer (fp32, 16,000 validation and test images: about 2 s a run on this VM),
# moving time from the training clock to the evaluation clock rather than saving it.
# An exponential moving average of the weights and BatchNorm buffers (screened by wrapping [31]'s optimizer step, two
# threads, seeds 0-4; not a cnnlab setting): no better. Decay 0.99: 98.68 99.00 98.97 98.93 98.98 against the plain
# weights' 98.73 99.00 98.98 99.00 98.93 in the same runs; 0.995 and 0.998 were worse. One-cycle's anneal to ~0
# already averages the last steps.

# The fourth round (2026-12-07): Adam's betas. torch's OneCycleLR cycles beta1 0.95-0.85-0.95 and Adam keeps beta2 at
# 0.999, a second-moment average over ~1,000 steps: longer than a 422-step run. The first screen (two threads, seeds
# 0-4, patching the optimizer and schedule before the settings existed) tried beta2 0.8-0.99, beta1 0.6-0.8 held or
# cycled 0.7-0.9, and with beta1 0.7 / beta2 0.9: lr 0.005 and 0.02, warm-up 20%, batch 256, a 5x5 first kernel.
FOURTH_ROUND: list[dict] = [
    {"epochs": 1, "batch_size": 128, "model": P, "beta1": 0.7, "beta2": 0.9},  # 39
    {"epochs": 1, "batch_size": 128, "model": P, "beta2": 0.9},
    {"epochs": 1, "batch_size": 128, "model": P, "beta1": 0.7, "beta2": 0.8},
    {"epochs": 1, "batch_size": 128, "model": P, "beta1": 0.7, "beta2": 0.9, "lr": 0.02},
]

# What these gave on 2026-12-07 (same VM; accuracies are figures, times are not), final validation accuracy by seed,
# shown to two decimals (the counts compare exact accuracies: a 99.00 can be just below 99.0%):
#   two threads, seeds 0-4 (seeds 5-9 where given):
#     [31] (1 epoch, torch's betas)   98.73 99.00 98.98 99.00 98.93: 0/5;  seeds 5-9: 98.92 98.97 98.88 99.07 99.13: 2/5
#     [39] beta1 0.7, beta2 0.9       98.75 99.03 99.03 99.07 99.05: 4/5;  seeds 5-9: 98.82 99.02 99.15 99.18 99.08: 4/5
#     [40] beta2 0.9, beta1 cycled    98.52 99.07 98.92 99.13 99.00: 2/5
#     [41] beta1 0.7, beta2 0.8       98.78 99.10 99.10 99.12 98.98: 3/5
#     [42] [39] at lr 0.02            98.85 99.10 99.10 99.08 98.92: 3/5
#     beta2 0.99: 2/5; beta1 0.8 / 0.6 held (beta2 0.9): 2/5, 1/5; beta1 0.7, beta2 0.95: 3/5; beta1 cycled 0.7-0.9,
#     beta2 0.9: 3/5; [39] with lr 0.005: 2/5, warm-up 20%: 3/5, batch 256: 2/5, batch 96: 1/5, lr 0.015: 1/5, a 5x5
#     first kernel: 1/5, a 128-unit hidden layer before the classifier: 1/5, widths 16-32-96: 1/5, 16-48-96: 3/5.
#   one thread (this script, OMP_NUM_THREADS=1):
#     [39] 98.80 99.08 98.92 99.10 99.07: 3/5, mean 98.99%;  seeds 5-9: 98.98 99.08 98.88 99.10 99.23: 3/5, mean 99.06%
# Held betas lift one epoch by about 0.06 points (mean over ten seeds on two threads: 99.02% against 98.96%), and
# [39] passes 4 of 5 seeds on two threads, both seed sets, but 3 of 5 on one thread, both sets: 14 of 20 at or above
# 99.0%, under the 80% the goal asks. One epoch of this family sits at 99.0% give or take the summation order, so none
# is certified and the recipe stays [29]. The betas became settings (`beta1`, `beta2`) for users.
# Muon (momentum on each convolution's weight gradient, orthogonalised by 5 Newton-Schulz steps, as in Keller Jordan's
# post; Adam for biases, BatchNorm and the classifier; screened on two threads, seeds 0-2, by a patched optimizer, not a
# cnnlab setting) did no better: its learning rate 0.01-0.1 and momentum 0.6-0.95, with the classifier too, at batch
# 256, ended at mean 98.89-99.06% (the plain epoch: 98.90% on the same seeds), 0-2 of 3 seeds at 99.0%.

# The fifth round (2026-12-07): the centre 24x24 of each image (`crop 24`, a layer). MNIST's digits sit in the middle
# 20x20 of their 28x28 frame; the border outside the centre 24x24 holds 0.2% of the training set's ink. Every layer
# after the crop computes on 27% fewer pixels, and the last pooling still leaves 3x3x64 for the classifier.
C24 = "crop 24 > " + P
FIFTH_ROUND: list[dict] = [
    {"epochs": 1, "batch_size": 128, "model": C24, "beta1": 0.7, "beta2": 0.9},  # 43
    {"epochs": 2, "batch_size": 128, "model": C24},
    {"epochs": 2, "batch_size": 256, "model": C24, "beta1": 0.7, "beta2": 0.9},  # 45
    {"epochs": 2, "batch_size": 256, "model": C24.replace("crop 24", "crop 22"), "beta1": 0.7, "beta2": 0.9},
    {"epochs": 2, "batch_size": 256, "model": C24.replace("conv 16", "conv 12").replace("conv 32", "conv 24")
     .replace("conv 64", "conv 48"), "beta1": 0.7, "beta2": 0.9},
    {"epochs": 2, "batch_size": 256, "model": C24.replace("crop 24", "crop 20"), "beta1": 0.7, "beta2": 0.9},
    {"epochs": 2, "batch_size": 384, "model": C24.replace("crop 24", "crop 22"), "beta1": 0.7, "beta2": 0.9,
     "lr": 0.015},
    {"epochs": 2, "batch_size": 256, "model": C24.replace("crop 24", "crop 22").replace(" p1", " p1 nobias"),
     "beta1": 0.7, "beta2": 0.9},  # 50: BatchNorm after each pooling cancels a convolution's bias: drop it
    {"epochs": 2, "batch_size": 256, "model": C24.replace("crop 24", "crop 18"), "beta1": 0.7, "beta2": 0.9},
    {"epochs": 2, "batch_size": 256, "model": C24.replace("crop 24", "crop 20").replace("conv 16 k3 p1", "conv 16 k3"),
     "beta1": 0.7, "beta2": 0.9},  # 52: the first convolution unpadded, 18x18 out of the 20x20 it reads
]

# What these gave on 2026-12-07 (same VM, this script, `--threads 2,1`; the accuracies are figures, and the two-thread
# training seconds where nothing else ran), final validation accuracy by seed, seeds 0-4:
#   [43] one epoch, crop 24        two threads 98.80 98.90 98.83 99.23 99.00: 1/5;  one thread 2/5 (mean 98.97%)
#   [44] crop 24, batch 128        99.17% mean, 4/5 on each; 6.15 s
#   [45] crop 24, batch 256        98.98 99.23 99.18 99.15 99.15: 4/5 on each (one thread 99.13% mean); 5.60 s
#   [46] crop 22                   98.90 99.13 99.18 99.15 99.12: 4/5 on each; 4.83 s
#   [47] crop 24, widths 12-24-48  99.15% mean, 4/5 on each; 7.06 s (channel counts that fill no vector register)
#   [48] crop 20                   98.85 99.20 99.12 99.05 99.30: 4/5;  one thread 98.97 99.18 99.18 99.23 99.25: 4/5;
#                                  4.36 s; seeds 5-9 afterwards: 99.23 99.22 99.10 99.17 99.23 and 99.12 99.18 99.13
#                                  99.12 99.23, 5/5 on each
#   [49] crop 22, batch 384        99.15% mean, 4/5 on each; 4.56 s
#   [50] [46] without conv biases  (BatchNorm cancels them) 4/5 on each, no faster: 9.00 s of CPU on one thread to 8.99
#   [51] crop 18                   3/5 on each (mean 99.00% and 99.04%): not certified
# Screened before [43]-[51] by cropping the data instead of the net (so the normalisation saw only the crop): one epoch
# at crop 24 with the betas passed 8/10 seeds on two threads and 7/10 on one (mean 99.06%); at crop 22 and 20, 1-2/5.
# With the crop in the net, [43] passes 1-2 of 5: one epoch stays a coin flip. [48] is the recipe: 18 of the 20 runs
# (seeds 0-9 on one thread and on two) at or above 99.0%.
# Tried on [48] afterwards (ad hoc): an average pool in the first block, 4/5 on two threads but 2/5 on one, and no
# cheaper (9.66 s of CPU on one thread against 8.20 s); one epoch of [48], 3/5 (mean 98.95%) in 2.37 s.
# [52] (the first convolution unpadded: 18x18 maps from the 20x20 crop, 4.2 MFLOP an image against 5.8): 4/5 on each
# thread count (98.93 99.20 99.12 99.08 99.28 on two), and no cheaper (8.32 s of CPU on one thread): at these sizes
# the step pays per layer, not per pixel. The recipe stays [48].

# The sixth round (2026-12-07): [48] with larger batches, fewer steps. Two epochs at batch 256 are 422 steps of about
# 12 ms on two threads, and part of each step's cost is per step, not per image (every layer's kernels start, two
# threads synchronise, Adam and the schedule run once a step), so larger batches cost less an epoch, while Adam with
# BatchNorm keeps two epochs certified at the same peak learning rate.
C20 = C24.replace("crop 24", "crop 20")
HELD = {"model": C20, "beta1": 0.7, "beta2": 0.9}
SIXTH_ROUND: list[dict] = [
    {**HELD, "batch_size": 512},  # 53: chosen, RECIPES["fast"] since 2026-12-07 evening
    {**HELD, "batch_size": 512, "lr": 0.015},
    {**HELD, "batch_size": 384},  # 55
    {**HELD, "batch_size": 768, "lr": 0.015},
    {**HELD, "batch_size": 768, "lr": 0.02},
    {**HELD, "batch_size": 1024, "lr": 0.02, "epochs": 3},  # 58
]

# What these gave (same VM, `--threads 1,2` on seeds 0-4, then seeds 5-9 for [53]-[55]; [56]-[58] two threads, seeds
# 0-4), final validation accuracy:
#   [53] batch 512        two threads 98.77 99.13 99.15 99.18 99.25: 4/5; one thread 98.78 99.22 99.10 99.15 99.07: 4/5;
#                         seeds 5-9: 99.13 99.18 99.02 99.08 99.43 and 99.22 99.22 99.13 99.20 99.30, 5/5 on each;
#                         4.38-4.63 s of training on two threads, 6.84-6.93 s on one
#   [54] batch 512, lr 0.015   4/5 on each (two threads 98.78 99.20 99.30 99.25 99.23); seeds 5-9 5/5 on each (min
#                         99.07%); the same steps as [53], so the same cost (4.28-4.31 s on two threads, 7.11-7.15
#                         on one)
#   [55] batch 384        4/5 on each (two threads 98.82 99.18 99.15 99.18 99.25); seeds 5-9 5/5 on each (min 99.05%);
#                         4.93-5.00 s on two threads, 7.35-7.79 s on one
#   [56] batch 768, lr 0.015   98.82 99.20 99.07 99.05 99.25: 4/5 (after the first epoch 94.89% mean); 4.25 s
#   [57] batch 768, lr 0.02    98.82 99.18 99.07 99.13 99.10: 4/5; 4.82 s
#   [58] batch 1024, 3 epochs  98.98 99.23 99.18 99.13 99.28: 4/5; 6.86 s
# Every batch size is certified; what decides is the cost, and whole two-epoch runs swing from 4.0 to 6.3 s with the
# VM's load. In paired rounds (one epoch of 18,000 images at each batch size, in shuffled order, 12 rounds, two
# threads) batch 384 and 512 took 0.87x and 0.89x of batch 256's training time (medians of the paired ratios): tied.
# On one thread [53] took 7% less than [55] (6.84-6.93 s against 7.35-7.79 s), and 768 or 1024 gave nothing more (two
# epochs, interleaved: 5.15 and 5.33 s against 5.25 s). [53] is the recipe.
# Label smoothing (screened by patching the training loss, not a cnnlab setting) did not certify one epoch: 0.1 gave
# 3/5 at batch 256 (mean 98.99%), 0.2 gave 4/5 but a mean of 98.97%, no lift over the plain epoch's 98.95%.

CANDIDATES: list[dict] = [{**OLD, **c} for c in FIRST_ROUND + SECOND_ROUND + THIRD_ROUND + FOURTH_ROUND + FIFTH_ROUND
                          + SIXTH_ROUND]


def train_flop(overrides: dict) -> float:
    """Training FLOP per image of a candidate (forward + backward of one batch, torch's count, fp32 shapes)."""
    config = apply_recipe("fast", overrides)
    model = build_model(config.model, (1, 28, 28), 10)
    x, y = torch.randn(8, 1, 28, 28), torch.randint(0, 10, (8,))
    with FlopCounterMode(display=False) as counter:
        F.cross_entropy(model(x), y).backward()
    return counter.get_total_flops() / 8


def score(overrides: dict, seeds: range, subset: int | None, threads: int = 0) -> list[dict]:
    """Per seed: validation accuracy after each epoch, training seconds, CPU seconds of the whole run (on `threads`
    torch threads; 0: as the process has them)."""
    rows = []
    for seed in seeds:
        extra = {"subset": subset} if subset else {}
        config = apply_recipe("fast", {**overrides, **extra, "seed": seed, "device": "cpu", "val_split": 0.1})
        cpu = time.process_time()
        with cpu_threads(threads):
            r = train_run(config, keep_steps=False)
        rows.append({"val": [e.val_accuracy or 0.0 for e in r.history], "train_s": r.train_seconds,
                     "cpu_s": time.process_time() - cpu})
    return rows


def report(label: str, overrides: dict, rows: list[dict], goal: float) -> tuple[bool, float]:
    finals = [r["val"][-1] if r["val"] else 0.0 for r in rows]
    k, n = sum(v >= goal for v in finals), len(rows)
    certified = k >= math.ceil(CERTIFY * n)
    epochs = max(len(r["val"]) for r in rows)
    curve = " ".join(f"{statistics.mean(r['val'][e] for r in rows if len(r['val']) > e):.2%}" for e in range(epochs))
    train_s = statistics.mean(r["train_s"] for r in rows)
    print(f"{label} {json.dumps(overrides)}: {k}/{n} seeds >= {goal:.1%} val ({'certified' if certified else 'not'}); "
          f"final val mean {statistics.mean(finals):.2%} min {min(finals):.2%} (per seed "
          f"{' '.join(f'{v:.2%}' for v in finals)}); val by epoch {curve}; training {train_s:.2f} s, "
          f"CPU {statistics.mean(r['cpu_s'] for r in rows):.2f} s a run; {train_flop(overrides) / 1e6:.1f} MFLOP "
          f"an image", flush=True)
    return certified, train_s


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=None, help="seeds per candidate (default 5; quick 1)")
    p.add_argument("--first-seed", type=int, default=0, help="the first seed (default 0)")
    p.add_argument("--only", default=None, help="comma-separated candidate numbers")
    p.add_argument("--candidate", default=None, help="one ad-hoc candidate: JSON overrides of RECIPES['fast']")
    p.add_argument("--threads", default="0", help="comma-separated torch thread counts to score each seed at; "
                   "certified only if certified at each (default 0: the process's own)")
    p.add_argument("--quick", action="store_true", help="tiny sizes: checks the script runs, figures meaningless")
    args = p.parse_args()
    thread_counts = [int(t) for t in args.threads.split(",")]
    seeds = args.seeds or (1 if args.quick else 5)
    subset, goal = (600, 0.5) if args.quick else (None, GOAL)
    if args.candidate:
        todo = [("[ad hoc]", json.loads(args.candidate))]
    else:
        picked = [int(i) for i in args.only.split(",")] if args.only else list(range(len(CANDIDATES)))
        if args.quick and not args.only:
            picked = [1, 3]
        todo = [(f"[{i}]", CANDIDATES[i]) for i in picked]
    print(f"validation goal {goal:.1%} in at least {CERTIFY:.0%} of {seeds} seed(s) per candidate; overrides of "
          f"RECIPES['fast']; {torch.get_num_threads()} torch thread(s)", flush=True)
    best = None
    for label, overrides in todo:
        results = []
        for t in thread_counts:
            rows = score(overrides, range(args.first_seed, args.first_seed + seeds), subset, t)
            results.append(report(f"{label} on {t} thread(s)" if t else label, overrides, rows, goal))
        certified, train_s = all(c for c, _ in results), results[0][1]
        if certified and (best is None or train_s < best[1]):
            best = (label, train_s, overrides)
    print(f"chosen on validation: {best[0]} {json.dumps(best[2])}" if best
          else "chosen on validation: none reached the goal in enough seeds")


if __name__ == "__main__":
    main()
