"""The GPU speed figures in one command: single run, 128-run sweep, time to 99%, TFLOP/s, each beside the seed.

    python benchmarks/gpu.py                         # on a CUDA machine: every figure (about 4 minutes on an H200)
    python benchmarks/gpu.py --device cpu --quick    # tiny sizes, to check that it runs
    sh benchmarks/gpu_machine.sh                     # on a bare GPU machine: installs the wheels carried in .whl/
                                                     # (sh benchmarks/fetch_gpu_wheels.sh fetches them), then runs this
It needs no editable install: the repository root is put on the import path (tests/test_gpu_benchmark.py runs
gpu_machine.sh --device cpu --quick in an environment without one).

Goals, on one H200, each beside the seed 000 pipeline on the same GPU:
    [a] the seed recipe (baseline, Adam 1e-3, batch 64), 10 epochs: <= 2 s of training
    [b] 128 runs (16 learning rates x 8 seeds) x 1 epoch, as stacked groups: <= 5 s, the group's wall time
    [c] 99.0% test accuracy with --recipe fast: <= 0.25 s of training
Evidence: awaiting a GPU run (no GPU has been lent yet); the CPU line of tests/test_gpu_benchmark.py is --quick.

What is compared (all on the same device, MNIST 60,000 training / 10,000 test images, no validation split):
  seed      the seed 000 pipeline: a data set of PIL images, ToTensor per sample, DataLoader(batch 64,
            shuffle), the seed's BaselineCNN, Adam 1e-3, `.item()` every batch (benchmarks/seed_pipeline.py)
  trainer   cnnlab's Trainer (`cnnlab train`): data on the device, permutation slices, no per-step sync; on CUDA
            its steps replayed from CUDA graphs, 10 steps a replay
  stacked   cnnlab's StackedTrainer: a sweep as one stacked network (grouped convolutions, batched matmuls), every
            run its own torch optimizer; replayed from CUDA graphs by the same replayer
  +bf16     the same with bf16 autocast (CUDA only)
Honesty rules: a sweep's time is the whole group's wall time around the executor (never a run's share or a sum
of shares); warm-up, graph capture and cuDNN autotuning (`cudnn.benchmark`) happen before the timed steps and are
printed on their own (the first step at every batch shape, the short last batch's included, is warm-up); a group
that cannot be stacked stops the benchmark with the reason; the fp32 matmul precision (TF32 off, 'highest') is set
once for every variant and printed. Times are training time (optimizer steps) unless labelled wall; evaluation
after each epoch is excluded. Seed sweep times are measured on a few runs and extrapolated to 128 (said so).
"""

from __future__ import annotations

import time

T_PROCESS = time.perf_counter()  # before the heavy imports: "process start" is measured from here

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

# `python benchmarks/gpu.py` puts benchmarks/ first on the path, not the repository root: add it, so that a bare
# copy of the tree (no editable install) imports its own cnnlab, and seed_pipeline beside this file.
HERE = Path(__file__).resolve().parent
sys.path[:0] = [p for p in (str(HERE.parent), str(HERE)) if p not in sys.path]

from seed_pipeline import PIPELINE, matmul_peak, seed_run  # noqa: E402

import cnnlab  # noqa: E402
from cnnlab.config import TrainConfig  # noqa: E402
from cnnlab.data.datasets import prepare  # noqa: E402
from cnnlab.errors import CnnlabError  # noqa: E402
from cnnlab.events import EpochRecord, RunEnd  # noqa: E402
from cnnlab.experiments.executor import PlannedRun  # noqa: E402
from cnnlab.experiments.vectorized import VectorizedExecutor  # noqa: E402
from cnnlab.models import build_model  # noqa: E402
from cnnlab.training import graphed  # noqa: E402
from cnnlab.training.loop import Trainer  # noqa: E402
from cnnlab.training.recipes import apply_recipe  # noqa: E402
from cnnlab.training.session import dataset_for  # noqa: E402
from cnnlab.training.stacked import StackedTrainer  # noqa: E402

T_IMPORTS = time.perf_counter()

# Sizes. FULL is the benchmark the goals are stated for; QUICK only checks that every figure is produced.
FULL = dict(subset=None, epochs=10, sweep_lrs=16, sweep_seeds=8, seed_sweep_timed=2, seed_epochs=10, recipe_epochs=None)
QUICK = dict(subset=500, epochs=1, sweep_lrs=1, sweep_seeds=2, seed_sweep_timed=1, seed_epochs=1, recipe_epochs=1)
TARGET = 0.99  # the speed run's test accuracy goal
GOALS = {"single": 2.0, "sweep": 5.0, "to_99": 0.25}  # seconds on one H200 (the module docstring)
MATMUL_PRECISION = "highest"  # fp32 matmuls and convolutions without TF32, the same for every variant

# Dense peaks (no sparsity), TFLOP/s: NVIDIA H100 datasheet (SXM5 / PCIe), H200 datasheet, A100 datasheet
# (nvidia.com/en-us/data-center/h100, /h200, /a100). fp32 is the non-tensor-core rate.
PEAKS = {  # name substring: (fp32, tf32, bf16)
    "H100 80GB HBM3": (67.0, 494.7, 989.4),  # SXM5
    "H100 SXM": (67.0, 494.7, 989.4),
    "H100 PCIe": (51.2, 378.0, 756.0),
    "H100 NVL": (60.0, 417.5, 835.0),
    "H200": (67.0, 494.7, 989.4),
    "A100": (19.5, 156.0, 312.0),
}


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def base_config(device: torch.device, size: dict, **kw) -> TrainConfig:
    """The seed 000 recipe (baseline, Adam 1e-3, batch 64) on all training images, no validation split."""
    return TrainConfig(**{"val_split": 0.0, "subset": size["subset"], "epochs": size["epochs"], "device": str(device),
                          **kw})


# -- the seed's pipeline ------------------------------------------------------------------------------
# -- cnnlab ---------------------------------------------------------------------------------------------
WARMUPS: list[tuple[str, float | None]] = []  # (what, seconds) of warm-up/capture outside the timed region


def note_warmup(label: str, end: RunEnd | None) -> None:
    """Record the warm-up a run reports (RunEnd.extra["warmup_seconds"], where the trainer measures it)."""
    WARMUPS.append((label, None if end is None else end.extra.get("warmup_seconds")))


def trainer_run(config: TrainConfig, label: str = "trainer") -> tuple[float, list[EpochRecord]]:
    device = torch.device(config.device)
    trainer = Trainer(config, prepare(dataset_for(config), config, device))
    events = list(trainer.run())
    note_warmup(label, next((e for e in events if isinstance(e, RunEnd)), None))
    return trainer.train_seconds, [e for e in events if isinstance(e, EpochRecord)]


def stacked_run(configs: list[TrainConfig], fast_math: bool = False,
                label: str = "stacked") -> tuple[float, list[list[EpochRecord]]]:
    device = torch.device(configs[0].device)
    st = StackedTrainer(configs, dataset_for(configs[0]), device, fast_math=fast_math)
    records: list[list[EpochRecord]] = [[] for _ in configs]
    end = None
    for r, e in st.run():
        if isinstance(e, EpochRecord):
            records[r].append(e)
        elif isinstance(e, RunEnd) and end is None:
            end = e
    note_warmup(label, end)
    return st.train_seconds, records


class NullSink:
    """Keeps each run's result and its RunEnd (whose extra says whether the run trained stacked)."""

    def __init__(self) -> None:
        self.results: list = []
        self.ends: list[RunEnd] = []

    def on_start(self, run) -> None: ...

    def on_event(self, run, event) -> None:
        if isinstance(event, RunEnd):
            self.ends.append(event)

    def on_result(self, run, result) -> None:
        self.results.append(result)

    def on_error(self, run, message: str) -> None:
        raise RuntimeError(message)


def check_stacked(sink: NullSink, n_runs: int, label: str) -> None:
    """A vectorized sweep that silently fell back to one run at a time would report single-run times as the
    sweep's: refuse to print such a figure."""
    sizes = [e.extra.get("group_size", 1) for e in sink.ends]
    if len(sizes) != n_runs or (n_runs > 1 and min(sizes) <= 1):
        raise SystemExit(f"error: vectorized {label}: {n_runs} runs did not train stacked (group sizes {sizes})")


def best_accuracy(results: list) -> str:
    """The best test accuracy among runs; a run that diverged before its first epoch has none."""
    accs = [r.test_accuracy for r in results if r.test_accuracy is not None]
    return f"{max(accs):.2%}" if accs else "n/a (every run diverged)"


def step_flop(model: str, batch: int, device: torch.device) -> float:
    """FLOP of one training step (forward + backward) of `model` at `batch`, counted by torch."""
    net = build_model(model, (1, 28, 28), 10).to(device)
    x = torch.randn(batch, 1, 28, 28, device=device)
    y = torch.randint(0, 10, (batch,), device=device)
    with FlopCounterMode(display=False) as counter:
        F.cross_entropy(net(x), y).backward()
    return float(counter.get_total_flops())


def fmt_acc(records: list[EpochRecord]) -> str:
    return f"{records[-1].test_accuracy:.2%}" if records else "n/a"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--quick", action="store_true", help="tiny sizes: checks the benchmark runs, figures meaningless")
    p.add_argument("--seed-epochs", type=int, default=None,
                   help="epochs of the seed pipeline to time in [a] (extrapolated to the full 10; default all)")
    args = p.parse_args()
    device = torch.device(args.device)
    size = QUICK if args.quick else FULL
    torch.set_float32_matmul_precision(MATMUL_PRECISION)
    if device.type == "cuda":
        torch.backends.cudnn.allow_tf32 = False  # consistent with MATMUL_PRECISION: no TF32 anywhere in fp32 runs
        torch.backends.cudnn.benchmark = True  # fixed shapes: cuDNN autotunes during the (untimed) warm-up
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else f"CPU, {torch.get_num_threads()} threads"
    cuda_v = torch.version.cuda if device.type == "cuda" else "-"
    print(f"device: {name}; torch {torch.__version__}, CUDA {cuda_v}; cnnlab {cnnlab.__version__} from "
          f"{Path(cnnlab.__file__).parent}; seed pipeline: {PIPELINE}"
          f"{'; QUICK sizes (figures not meaningful)' if args.quick else ''}")
    print(f"precision: fp32 variants with torch.set_float32_matmul_precision({MATMUL_PRECISION!r})"
          + (", cudnn.allow_tf32 False (no TF32); bf16 variants with autocast" if device.type == "cuda" else ""))
    print(f"process start to imports done: {T_IMPORTS - T_PROCESS:.2f} s (python start before that not included)")
    t = time.perf_counter()
    dataset_for(TrainConfig())
    print(f"data loading (MNIST from the package, uint8): {time.perf_counter() - t:.2f} s")

    # [a] one run of the seed 000 recipe, `epochs` epochs --------------------------------------------------
    epochs = size["epochs"]
    seed_epochs = min(args.seed_epochs or size["seed_epochs"], epochs)
    s_sec, s_acc = seed_run(device, seed_epochs, size["subset"], seed=0)
    s_total = s_sec * epochs / seed_epochs
    extrap = f" (measured {seed_epochs} epochs, extrapolated)" if seed_epochs < epochs else ""
    c = base_config(device, size)
    results = []
    if device.type == "cuda":  # the Trainer's plain loop, for comparison with its CUDA-graph fast path
        graphed.ENABLED = False
        results.append(("trainer plain loop", *trainer_run(c, "[a] trainer plain loop")))
        graphed.ENABLED = True
    label = "trainer" + (" CUDA graphs" if device.type == "cuda" else "")
    results.append((label, *trainer_run(c, f"[a] {label}")))
    sec, recs = stacked_run([c], label="[a] stacked R=1")
    results.append(("stacked R=1", sec, recs[0]))
    best = min(sec for _, sec, _ in results)
    print(f"[a] single run, baseline, {epochs} epochs: seed {s_total:.2f} s{extrap} (test {s_acc:.2%}) | "
          + " | ".join(f"{name} {sec:.2f} s (test {fmt_acc(recs)})" for name, sec, recs in results)
          + f" | speed-up {s_total / best:.1f}x | goal <= {GOALS['single']:g} s of training")

    # [b] sweep: lr x seed grid, one epoch each ------------------------------------------------------------
    lrs = [10 ** (-4 + 2 * i / max(1, size["sweep_lrs"] - 1)) for i in range(size["sweep_lrs"])]
    grid = [(lr, seed) for lr in lrs for seed in range(size["sweep_seeds"])]
    n_runs = len(grid)
    timed = grid[:size["seed_sweep_timed"]]
    seed_times = [seed_run(device, 1, size["subset"], seed=s, lr=lr)[0] for lr, s in timed]
    seed_sweep = statistics.mean(seed_times) * n_runs
    configs = [base_config(device, size, epochs=1, lr=lr, seed=s) for lr, s in grid]
    variants = [("fp32", False)] + ([("bf16", True)] if device.type == "cuda" else [])
    sweep_line, sweep_train = [], []
    for label, fast in variants:
        with tempfile.TemporaryDirectory() as tmp:
            runs = [PlannedRun(f"r{i}", cfg, Path(tmp) / f"r{i}") for i, cfg in enumerate(configs)]
            sink = NullSink()
            sync(device)
            t = time.perf_counter()
            try:
                VectorizedExecutor(fast_math=fast, strict=True).execute(runs, sink)
            except CnnlabError as e:
                raise SystemExit(f"error: [b] {label}: {e}") from None
            sync(device)
            wall = time.perf_counter() - t
        check_stacked(sink, n_runs, label)
        note_warmup(f"[b] {label}", sink.ends[0] if sink.ends else None)
        # each group's training time (the last of its runs to end carries the whole), summed over groups
        groups: dict[str, float] = {}
        for e in sink.ends:
            gid = e.extra["group_id"]
            groups[gid] = max(groups.get(gid, 0.0), e.extra["group_train_seconds"])
        train = sum(groups.values())
        sweep_train.append(train)
        sweep_line.append(f"stacked {label} {train:.2f} s train in {len(groups)} group(s), {wall:.2f} s wall "
                          f"with setup, evaluation and {n_runs} checkpoints (best test {best_accuracy(sink.results)}), "
                          f"speed-up {seed_sweep / wall:.0f}x on wall time")
    print(f"[b] sweep, {n_runs} runs x 1 epoch: seed one by one {seed_sweep:.1f} s (measured "
          f"{len(timed)} run(s), extrapolated to {n_runs}) | " + " | ".join(sweep_line)
          + f" | goal <= {GOALS['sweep']:g} s wall")

    # [c] time to 99% test accuracy with the fast recipe -------------------------------------------------
    overrides = {"device": str(device), "val_split": 0.1}
    if size["recipe_epochs"]:
        overrides |= {"epochs": size["recipe_epochs"], "subset": 2000}
    rc = apply_recipe("fast", overrides)
    t = time.perf_counter()
    data = prepare(dataset_for(rc), rc, device)
    prep = time.perf_counter() - t
    del data
    if device.type == "cuda":
        sec, recs = stacked_run([rc], label="[c] stacked fast recipe")
        recs_one = recs[0]
    else:
        sec, recs_one = trainer_run(rc, "[c] trainer fast recipe")
    cum, reached = 0.0, None
    for r in recs_one:
        cum += r.train_seconds
        if reached is None and r.test_accuracy >= TARGET:
            reached = (r.epoch, cum)
    hit = f"{reached[1]:.2f} s (epoch {reached[0]})" if reached else "not reached"
    print(f"[c] fast recipe to {TARGET:.0%} test: {hit}; test by epoch "
          f"{', '.join(f'{r.test_accuracy:.2%}' for r in recs_one)}; all {len(recs_one)} epochs {sec:.2f} s train; "
          f"data to device {prep:.2f} s, imports {T_IMPORTS - T_PROCESS:.2f} s | "
          f"goal <= {GOALS['to_99']:g} s of training")

    # [d] achieved throughput --------------------------------------------------------------------------------
    n_train = size["subset"] or 60000
    epoch_flop = step_flop("baseline", 64, device) * n_train / 64
    achieved = epoch_flop * epochs / best
    sweep_achieved = epoch_flop * n_runs / min(sweep_train)
    measured = matmul_peak(device, n=4096 if device.type == "cuda" else 1024)
    peak = next((v for k, v in PEAKS.items() if k in name), None)
    peak_s = (f"datasheet peak fp32 {peak[0]:.0f} / tf32 {peak[1]:.0f} / bf16 {peak[2]:.0f} TFLOP/s"
              if peak else "datasheet peak: unknown device")
    print(f"[d] baseline {epoch_flop / 1e12:.3f} TFLOP per epoch: single run {achieved / 1e12:.3f} TFLOP/s, "
          f"sweep (fastest variant) {sweep_achieved / 1e12:.3f} TFLOP/s; "
          f"measured fp32 matmul {measured / 1e12:.3f} TFLOP/s; {peak_s}")
    told = [f"{label} {sec:.2f} s" for label, sec in WARMUPS if sec is not None]
    print("warm-up, graph capture and autotuning (outside the timed figures): "
          + ("; ".join(told) if told else "not reported by this version of the trainers"))


if __name__ == "__main__":
    main()
