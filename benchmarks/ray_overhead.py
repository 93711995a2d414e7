"""What running a sweep through Ray costs: a 16-run sweep of tiny configs, sequential vs a local Ray runtime.

Both executors get the same runs (a tiny CNN on 300 MNIST images, 2 epochs, 16 learning-rate/seed
combinations) and train into fresh run folders on this machine. The Ray side starts a local runtime
with `--workers` CPUs (one run per CPU at a time) and its time is split into starting the runtime and
the sweep itself. Printed side by side:

    sequential  16 runs  31.2 s  (1.95 s/run)
    ray x2      16 runs  22.0 s  (1.38 s/run)  + 6.1 s to start the runtime
    overhead per run: 0.80 core-seconds (ray: 2 workers x 22.0 s / 16 runs = 2.75 s vs sequential 1.95 s)

"Overhead per run" is what each run costs in CPU time on Ray beyond its cost in the sequential executor:
worker start-up (each worker imports torch and loads MNIST once), shipping state and events to the
driver, and the driver's commits. Usage: `python benchmarks/ray_overhead.py [--runs 16] [--workers 2]`.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from cnnlab.config import TrainConfig
from cnnlab.experiments.executor import Executor, PlannedRun
from cnnlab.experiments.ray_executor import RayExecutor
from cnnlab.experiments.sequential import SequentialExecutor
from cnnlab.train.events import Event
from cnnlab.train.session import RunResult

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

    with tempfile.TemporaryDirectory(prefix="cnnlab-bench-") as tmp:
        seq = timed(SequentialExecutor(), sweep(args.runs, Path(tmp) / "sequential"))
        t = time.perf_counter()
        ray.init(address="local", num_cpus=args.workers, include_dashboard=False, logging_level="WARNING")
        start = time.perf_counter() - t
        try:
            on_ray = timed(RayExecutor(), sweep(args.runs, Path(tmp) / "ray"))  # uses the runtime started above
        finally:
            ray.shutdown()
    n, w = args.runs, args.workers
    print(f"machine: {platform.machine()}, {platform.system()}, python {platform.python_version()}, "
          f"ray {ray.__version__}")
    print(f"sequential  {n} runs  {seq:5.1f} s  ({seq / n:.2f} s/run)")
    print(f"ray x{w:<5} {n} runs  {on_ray:5.1f} s  ({on_ray / n:.2f} s/run)  + {start:.1f} s to start the runtime")
    print(f"overhead per run: {(w * on_ray - seq) / n:.2f} core-seconds (ray: {w} workers x {on_ray:.1f} s / {n} runs"
          f" = {w * on_ray / n:.2f} s vs sequential {seq / n:.2f} s); speed-up {seq / on_ray:.2f}x")


if __name__ == "__main__":
    main()
