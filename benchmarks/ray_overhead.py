"""What running a sweep through Ray costs: a 16-run sweep of tiny configs, sequential vs a local Ray runtime.

Every executor gets the same runs (a tiny CNN on 300 MNIST images, 2 epochs, 16 learning-rate/seed
combinations) and trains into fresh run folders on this machine:

- sequential, with torch's default thread count (what `cnnlab run --executor sequential` does);
- sequential with one torch thread (what each Ray worker uses: Ray sets OMP_NUM_THREADS=1);
- a local Ray runtime with `--workers` CPUs, one run per CPU at a time; starting the runtime is
  timed apart from the sweep.

"Overhead per run" is what a run costs in CPU time on Ray beyond the same run trained sequentially with
one thread: `(workers x Ray wall - sequential 1-thread wall) / runs`. It covers worker start-up (each
worker imports torch and loads MNIST once), shipping state and events to the driver and the driver's
commits. On a shared machine every number moves with the other load: run it twice.
Usage: `python benchmarks/ray_overhead.py [--runs 16] [--workers 2]`.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import torch

from cnnlab.config import TrainConfig
from cnnlab.events import Event
from cnnlab.experiments.executor import Executor, PlannedRun
from cnnlab.experiments.ray_executor import RayExecutor
from cnnlab.experiments.sequential import SequentialExecutor
from cnnlab.training.session import RunResult

TINY_MODEL = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"


class Count:
    """A sink that only counts outcomes (the store's cost is the same for every executor)."""

    def __init__(self) -> None:
        self.results, self.errors = 0, 0

    def on_start(self, run: PlannedRun) -> None: ...

    def on_event(self, run: PlannedRun, event: Event) -> None: ...

    def on_result(self, run: PlannedRun, result: RunResult) -> None:
        self.results += 1

    def on_error(self, run: PlannedRun, message: str) -> None:
        self.errors += 1


def sweep(n: int, root: Path) -> list[PlannedRun]:
    base = TrainConfig(model=TINY_MODEL, subset=300, epochs=2, batch_size=32, log_every=5, device="cpu")
    lrs = (1e-3, 3e-3, 1e-2, 3e-2)
    configs = [base.updated(lr=lrs[i % len(lrs)], seed=i // len(lrs)) for i in range(n)]
    return [PlannedRun(f"run{i:02d}", c, root / f"run{i:02d}") for i, c in enumerate(configs)]


def timed(executor: Executor, runs: list[PlannedRun]) -> float:
    sink = Count()
    t = time.perf_counter()
    executor.execute(runs, sink)
    seconds = time.perf_counter() - t
    if sink.results != len(runs):
        raise SystemExit(f"{executor.name}: {sink.results} of {len(runs)} runs finished ({sink.errors} failed)")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="CPUs of the local Ray runtime")
    args = parser.parse_args()
    import ray

    threads = torch.get_num_threads()
    with tempfile.TemporaryDirectory(prefix="cnnlab-bench-") as tmp:
        seq = timed(SequentialExecutor(), sweep(args.runs, Path(tmp) / "sequential"))
        torch.set_num_threads(1)
        seq1 = timed(SequentialExecutor(), sweep(args.runs, Path(tmp) / "sequential-1"))
        torch.set_num_threads(threads)
        t = time.perf_counter()
        ray.init(address="local", num_cpus=args.workers, include_dashboard=False, logging_level="WARNING")
        start = time.perf_counter() - t
        try:
            on_ray = timed(RayExecutor(), sweep(args.runs, Path(tmp) / "ray"))  # uses the runtime started above
        finally:
            ray.shutdown()
    n, w = args.runs, args.workers
    print(f"machine: {platform.machine()} {platform.system()}, {os.cpu_count()} CPUs, python "
          f"{platform.python_version()}, torch {torch.__version__}, ray {ray.__version__}")
    print(f"sequential ({threads} threads)  {n} runs  {seq:5.1f} s  ({seq / n:.2f} s/run)")
    print(f"sequential (1 thread)   {n} runs  {seq1:5.1f} s  ({seq1 / n:.2f} s/run)")
    print(f"ray, {w} workers         {n} runs  {on_ray:5.1f} s  ({on_ray / n:.2f} s/run)  "
          f"+ {start:.1f} s to start the runtime")
    print(f"ray overhead per run: {(w * on_ray - seq1) / n:+.2f} core-seconds "
          f"({w} x {on_ray:.1f} s / {n} runs = {w * on_ray / n:.2f} s vs {seq1 / n:.2f} s sequential, 1 thread); "
          f"speed-up vs sequential: {seq / on_ray:.2f}x ({threads} threads), {seq1 / on_ray:.2f}x (1 thread)")

if __name__ == "__main__":
    main()
