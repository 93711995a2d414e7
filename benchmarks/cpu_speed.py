"""What makes the seed baseline's training step fast on this CPU: variants side by side.

    python benchmarks/cpu_speed.py [--steps 30] [--repeats 5] [--compile]

Each variant times `--steps` training steps of the baseline (batch 64, Adam) after a warm-up, `--repeats`
times, and prints the median ms/step, the achieved GFLOP/s (torch's own FLOP count of one step) and
that as a fraction of this machine's measured fp32 matmul peak. Evaluation batch sizes are timed the
same way (ms per 1,000 test images). Variants: the plain loop; channels-last tensors; 1 thread vs all;
oneDNN (mkldnn) off; torch.compile (with --compile: compiling takes minutes on a small CPU, so it only
pays for long runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's cnnlab, installed or not
from cnnlab.models import build_model  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_pipeline import matmul_peak  # noqa: E402


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def make_step(channels_last: bool, compiled: bool) -> tuple[Callable[[], None], Callable[[], float]]:
    torch.manual_seed(0)
    model = build_model("baseline", (1, 28, 28), 10)
    x = torch.randn(64, 1, 28, 28)
    y = torch.randint(0, 10, (64,))
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    fwd = torch.compile(model) if compiled else model

    def step() -> None:
        loss = F.cross_entropy(fwd(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    def flop() -> float:
        with FlopCounterMode(display=False) as c:
            F.cross_entropy(model(x), y).backward()
        return float(c.get_total_flops())

    return step, flop


def time_variant(step: Callable[[], None], steps: int, repeats: int) -> float:
    for _ in range(2):
        step()
    return statistics.median(_timed(lambda: [step() for _ in range(steps)]) / steps for _ in range(repeats))


def eval_ms_per_1000(batch: int, repeats: int) -> float:
    model = build_model("baseline", (1, 28, 28), 10).eval()
    x = torch.randn(2048, 1, 28, 28)
    with torch.no_grad():
        model(x[:batch])
        return 1000 * statistics.median(
            _timed(lambda: [model(c) for c in x.split(batch)]) for _ in range(repeats)) / 2048 * 1000


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--compile", action="store_true")
    args = p.parse_args()
    threads = torch.get_num_threads()
    peak = matmul_peak(torch.device("cpu"), n=1024)
    print(f"torch {torch.__version__}, {threads} threads, oneDNN {torch.backends.mkldnn.is_available()}; "
          f"measured fp32 matmul peak {peak / 1e9:.1f} GFLOP/s; medians of {args.repeats} x {args.steps} steps")
    variants: list[tuple[str, dict, Callable[[], None] | None]] = [
        ("plain (contiguous NCHW)", dict(channels_last=False, compiled=False), None),
        ("channels-last", dict(channels_last=True, compiled=False), None),
        ("1 thread", dict(channels_last=False, compiled=False), lambda: torch.set_num_threads(1)),
        ("oneDNN off", dict(channels_last=False, compiled=False), lambda: torch.backends.mkldnn.set_flags(False)),
    ]
    if args.compile:
        variants.append(("torch.compile", dict(channels_last=False, compiled=True), None))
    print(f"{'variant':28s} {'ms/step':>8s} {'GFLOP/s':>8s} {'of peak':>8s}")
    built = [(name, setup, *make_step(**kw)) for name, kw, setup in variants]
    times: dict[str, list[float]] = {name: [] for name, *_ in built}
    for _ in range(args.repeats):  # interleaved, so a neighbour's load on a shared machine hits every variant
        for name, setup, step, _flop in built:
            torch.set_num_threads(threads)
            torch.backends.mkldnn.set_flags(True)
            if setup:
                setup()
            steps = args.steps if name != "oneDNN off" else 2  # about 100x slower: a few steps say enough
            times[name].append(time_variant(step, steps, 1))
    for name, _setup, _step, flop in built:
        sec = statistics.median(times[name])
        f = flop()
        print(f"{name:28s} {1000 * sec:8.2f} {f / sec / 1e9:8.1f} {f / sec / peak:8.1%}")
    torch.set_num_threads(threads)
    torch.backends.mkldnn.set_flags(True)
    print("evaluation, ms per 1,000 images by batch size: " + ", ".join(
        f"{b}: {eval_ms_per_1000(b, args.repeats):.1f}" for b in (128, 512, 2048)))


if __name__ == "__main__":
    main()
