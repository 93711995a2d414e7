"""The CPU speed figures in one run, each with both sides, the ratio, the goal and the machine.

    python benchmarks/cpu_goals.py                  # every figure (about 20 minutes on a quiet 2-core VM)
    python benchmarks/cpu_goals.py --quick          # tiny sizes: checks that every figure is produced
    python benchmarks/cpu_goals.py --only 0,4       # some of the figures

[0] the command line answers at once: `cnnlab --help`, `--version`, `models`, `train --help` and a tab-completion
    request, each a whole process from launch to exit, medians of --repeats (goal <= 0.5 s; no torch imported).
    Then a command that computes: its start-up, data and exit beside its training; and a small `cnnlab train` with
    MNIST's files read on a second thread while torch loads against the same process reading them after torch.
[1] one training epoch of the seed 000 baseline (Adam 1e-3, batch 64, all 60,000 images, fp32): its FLOP
    rate (torch's own count of a training step) against this machine's measured fp32 GEMM peak (goal >= 70%),
    beside the measured ceiling for these shapes: every part of a step (each layer's forward and backward with
    the gradient it receives in a real step, the loss, the optimizer step, the batch gather) timed alone at its
    best and summed, the fraction of the peak a step reaches if nothing but those parts took time, with the
    parts that keep it there. On a CPU that computes bf16 natively, the same epoch under `--precision auto`
    (bf16 autocast) against the measured bf16 GEMM peak: a fraction of peak is of the precision the run used.
[2] the whole process on equal work: `cnnlab train --epochs 1 --val-split 0` (60,000 training images, then
    the 10,000 test images) against the seed's pipeline doing the same as a process of its own (PIL image per
    sample, ToTensor, DataLoader, `.item()` every batch: benchmarks/seed_pipeline.py), wall time from launch
    to exit, pairs interleaved, medians (goal >= 2.5x).
[3] time to 99.0% MNIST test accuracy: `--recipe fast` over --seeds seeds (training time until the first epoch
    whose test accuracy reaches the target; mean and minimum test accuracy) against the seed's recipe in its
    own pipeline, epoch by epoch until it reaches the target (goal >= 15x). The recipe's settings were chosen
    on the validation split (benchmarks/tune_fast.py): this figure only measures them, and prints beside them
    the same runs' validation certification (seeds ending at or above 99.0% validation accuracy, goal at least
    4 in 5; mean and minimum).
[4] a sweep stacked: `cnnlab run benchmarks/lenet_lr_sweep.toml` (8 LeNet runs, 4 learning rates x 2 seeds,
    20,000 images, 1 epoch) with --executor vectorized against --executor sequential, whole processes,
    interleaved pairs, medians, and the runs' test accuracies side by side (goal >= 1.5x, accuracies within
    0.5 points); then how the vectorized executor split them (on a CPU, a stack per thread, each in a process of
    its own: cnnlab/experiments/forked.py) and what `--executor auto` chose. Beside the accuracy gaps, their
    yardstick: the same runs alone on one thread, which changes nothing but the order of floating-point sums (a
    1-epoch run at lr 0.01 is chaotic: such a change alone moves its test accuracy by more than half a point).
[5] runs that stacking slows, side by side: `cnnlab run benchmarks/large_kernel_seeds.toml` (seed 000's large-kernel
    net, 4 seeds, 10,000 images, 1 epoch) with --executor auto (it measures a stack, finds it slower, and trains
    the runs one by one in one process per thread) against --executor sequential (one after the other in one
    process), whole processes, interleaved pairs, medians, and each run's test accuracy on both sides.
On a shared machine, run it when the machine is quiet: the load of other processes lands on both sides of each
ratio, but not evenly.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [p for p in (str(HERE.parent), str(HERE)) if p not in sys.path]  # no install needed

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from seed_pipeline import extracted_mnist, matmul_peak, seed_epochs  # noqa: E402
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

from cnnlab.config import TrainConfig  # noqa: E402
from cnnlab.data.datasets import prepare  # noqa: E402
from cnnlab.experiments.forked import can_fork, processes_for  # noqa: E402
from cnnlab.models import build_model  # noqa: E402
from cnnlab.training.loop import Trainer  # noqa: E402
from cnnlab.training.recipes import apply_recipe  # noqa: E402
from cnnlab.training.session import dataset_for, train_run  # noqa: E402
from cnnlab.training.skeleton import resolve_precision  # noqa: E402

TARGET = 0.99


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
        flags = next(line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags"))
        isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
        isa += ", native bf16" if "avx512_bf16" in flags or "amx_bf16" in flags else ", no native bf16"
    except (OSError, StopIteration):
        isa = "ISA unknown"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu} ({isa}), {os.cpu_count()} cores, {torch.get_num_threads()} torch threads, load {load:.1f}; "
            f"Python {platform.python_version()}, torch {torch.__version__}")


def step_flop(batch: int = 64) -> float:
    net = build_model("baseline", (1, 28, 28), 10)
    with FlopCounterMode(display=False) as counter:
        F.cross_entropy(net(torch.randn(batch, 1, 28, 28)), torch.randint(0, 10, (batch,))).backward()
    return float(counter.get_total_flops())


def step_parts(config: TrainConfig, rounds: int = 7, calls: int = 20,
               clock=time.perf_counter) -> list[tuple[str, float, float]]:
    """(name, FLOP, seconds) of every part of one training step of `config`, as the Trainer runs it (its training
    view, channels-last, its optimizer), each timed alone at its best (the fastest of `rounds` rounds of `calls`):
    each layer's forward and backward, given the gradient it receives in a real step, in that gradient's memory
    layout (the first layer computes no input gradient: its input is the batch); the loss with the last layer; the
    optimizer step; the batch gather (an index slice of the training set). `clock`: wall time, or for a look on
    one thread under other work, `time.thread_time`."""
    data = prepare(dataset_for(config), config, torch.device("cpu"))
    trainer = Trainer(config, data)
    view, opt = trainer.view, trainer.optimizer
    named = list(view.named_children())
    idx = torch.randperm(len(data.train), generator=torch.Generator().manual_seed(0))[:config.batch_size]
    xb, yb = data.train.x[idx], data.train.y[idx]
    acts, grads = [xb], {}
    for i, (_, m) in enumerate(named):  # a real forward and backward: each layer's input and its output's gradient
        acts.append(m(acts[-1]))
        acts[-1].register_hook(lambda g, i=i: grads.__setitem__(i, g))  # as it flows (retain_grad copies it)
    opt.zero_grad(set_to_none=True)
    F.cross_entropy(acts[-1], yb).backward()

    def layer(i: int):
        m = named[i][1]
        inp = acts[i].detach().requires_grad_(i > 0)
        wrt = ([inp] if i > 0 else []) + [p for p in m.parameters() if p.requires_grad]
        grad = grads[i]
        if i == len(named) - 1:  # the last layer with the loss
            return (lambda: torch.autograd.grad(F.cross_entropy(m(inp), yb), wrt),
                    lambda: F.cross_entropy(m(inp), yb).backward())
        if not wrt:
            return (lambda: m(inp)), (lambda: m(inp))
        return (lambda: torch.autograd.grad(m(inp), wrt, grad)), (lambda: m(inp).backward(grad))

    parts = [(name + (" + loss" if i == len(named) - 1 else ""), *layer(i)) for i, (name, _) in enumerate(named)]
    gather = lambda: (data.train.x[idx], data.train.y[idx])  # noqa: E731
    parts += [("optimizer", opt.step, opt.step), ("batch gather", gather, gather)]
    out = []
    for name, fn, counted in parts:
        with FlopCounterMode(display=False) as counter:  # (its module hooks refuse autograd.grad on a leaf)
            counted()
        for _ in range(3):
            fn()
        best = float("inf")
        for _ in range(rounds):
            t = clock()
            for _ in range(calls):
                fn()
            best = min(best, (clock() - t) / calls)
        out.append((name, float(counter.get_total_flops()), best))
    return out


def ceiling_line(parts: list[tuple[str, float, float]], peak: float, step_seconds: float) -> str:
    flop, secs = sum(f for _, f, _ in parts), sum(s for _, _, s in parts)
    main = max(parts, key=lambda p: p[1])
    free = [p for p in parts if p[1] < 0.01 * flop]  # memory-bound parts: pooling, activations, optimizer, gather
    free_s = sum(s for _, _, s in free)
    listed = ", ".join(f"{n} {1e3 * s:.2f} ms" + (f" ({f / s / peak:.0%})" if f >= 0.01 * flop else "")
                       for n, f, s in sorted(parts, key=lambda p: -p[2]) if s >= 0.02 * secs)
    return (f"    the ceiling: every part of a step timed alone at its best, summed: {1e3 * secs:.2f} ms a step = "
            f"{flop / secs / 1e9:.1f} GFLOP/s = {flop / secs / peak:.0%} of the GEMM peak, the most a step of these "
            f"shapes reaches with these kernels (the epoch's step: {1e3 * step_seconds:.2f} ms = "
            f"{flop / step_seconds / peak:.0%}). Why: {main[0]} ({flop and main[1] / flop:.0%} of the FLOP) runs at "
            f"{main[1] / main[2] / peak:.0%} of the peak, and the parts with almost no FLOP (pooling, activations, "
            f"dropout, the optimizer, the batch gather) take {free_s / secs:.0%} of the time. Parts: {listed}")


def figure_1(size: dict, repeats: int) -> None:
    n = size["subset"] or 60000
    steps = -(-n // 64)
    flop = step_flop() * n / 64
    cpu = torch.device("cpu")
    bf16 = resolve_precision("auto", cpu) is torch.bfloat16  # auto is bf16 autocast on CPUs with native bf16
    runs = {"fp32": ([], [])} | ({"auto": ([], [])} if bf16 else {})
    for i in range(repeats):  # interleaved: a neighbour's load hits both sides
        for precision, (peaks, secs) in runs.items():
            dtype = torch.bfloat16 if precision == "auto" else torch.float32
            peaks.append(max(matmul_peak(cpu, dtype, n=m) for m in (1024, 2048)))  # the better of two sizes
            config = TrainConfig(epochs=1, val_split=0, subset=size["subset"], seed=i, device="cpu",
                                 precision=precision)
            secs.append(train_run(config, keep_steps=False).train_seconds)
    peak, sec = (statistics.median(v) for v in runs["fp32"])
    print(f"[1] one epoch of the baseline (fp32), {n:,} images x {flop / n / 1e6:.1f} MFLOP: {sec:.2f} s of training = "
          f"{flop / sec / 1e9:.1f} GFLOP/s | measured fp32 GEMM peak {peak / 1e9:.1f} GFLOP/s | "
          f"{flop / sec / peak:.0%} of peak (goal >= 70%, or the ceiling below); medians of {repeats}")
    config = TrainConfig(epochs=1, val_split=0, subset=size["subset"], device="cpu", precision="fp32")
    print(ceiling_line(step_parts(config), peak, sec / steps))
    if bf16:
        peak, sec = (statistics.median(v) for v in runs["auto"])
        print(f"    bf16: the same epoch under --precision auto (bf16 autocast, this CPU computes bf16 natively): "
              f"{sec:.2f} s = {flop / sec / 1e9:.1f} GFLOP/s | measured bf16 GEMM peak {peak / 1e9:.1f} GFLOP/s | "
              f"{flop / sec / peak:.0%} of peak; medians of {repeats}")


def _process_seconds(argv: list[str]) -> float:
    t = time.perf_counter()
    r = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    if r.returncode != 0:
        raise SystemExit(f"error: {' '.join(argv[:4])}... failed: {r.stderr.strip()[-500:]}")
    return time.perf_counter() - t


def figure_2(size: dict, repeats: int) -> None:
    subset = ["--subset", str(size["subset"])] if size["subset"] else []
    ours, seeds = [], []
    with tempfile.TemporaryDirectory() as tmp:
        data = extracted_mnist(Path(tmp) / "data")  # the seed's ./data after its first run: torchvision's raw files
        seed_code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import torch; from pathlib import Path; "
                     f"from seed_pipeline import seed_run; "
                     f"seed_run(torch.device('cpu'), 1, {size['subset']!r}, data_root=Path({str(data)!r}))")
        for i in range(repeats):
            cmd = [sys.executable, "-m", "cnnlab.cli.main", "train", "--epochs", "1", "--val-split", "0",
                   "--device", "cpu", *subset, "--out", str(Path(tmp) / f"r{i}"), "--json"]
            ours.append(_process_seconds(cmd))
            seeds.append(_process_seconds([sys.executable, "-c", seed_code]))
    o, s = statistics.median(ours), statistics.median(seeds)
    print(f"[2] whole process, 1 epoch of the baseline on {size['subset'] or 60000:,} images then the test set: "
          f"seed pipeline {s:.2f} s | cnnlab train --epochs 1 --val-split 0 {o:.2f} s | {s / o:.2f}x "
          f"(goal >= 2.5x); medians of {repeats} interleaved pairs, launch to exit")


def figure_3(size: dict, seeds: int) -> None:
    target = size["target"]
    hits, accs, vals, epochs_run = [], [], [], []
    for seed in range(seeds):
        overrides = {"device": "cpu", "seed": seed} | ({"subset": size["subset"]} if size["subset"] else {})
        config = apply_recipe("fast", overrides)
        r = train_run(config, keep_steps=False)
        cum = 0.0
        for e in r.history:
            cum += e.train_seconds
            if e.test_accuracy >= target:
                hits.append(cum)
                break
        accs.append(r.test_accuracy)
        vals.append(r.history[-1].val_accuracy or 0.0)
        epochs_run.append(r.epochs)
    s_sec, s_epoch = seed_time_to(target, size["seed_max_epochs"], size["subset"])
    ours = f"{statistics.mean(hits):.2f} s mean over the {len(hits)} seeds that reached it" if hits else "not reached"
    seed_side = f"{s_sec:.2f} s (epoch {s_epoch})" if s_epoch else f"not reached in {size['seed_max_epochs']} epochs"
    ratio = f"{s_sec / statistics.mean(hits):.1f}x" if hits and s_epoch else "n/a"
    k = sum(v >= target for v in vals)
    certified = "certified" if k >= math.ceil(0.8 * seeds) else "NOT certified"
    print(f"[3] time to {target:.1%} test accuracy, training time: seed recipe in the seed pipeline {seed_side} | "
          f"--recipe fast {ours} ({len(hits)}/{seeds} seeds; final test accuracy mean {statistics.mean(accs):.2%}, "
          f"min {min(accs):.2%}, {epochs_run[0]} epochs) | {ratio} (goal >= 15x); validation: {k}/{seeds} seeds "
          f">= {target:.1%} (mean {statistics.mean(vals):.2%}, min {min(vals):.2%}): {certified} "
          f"(goal: at least 4 seeds in 5)")


def seed_time_to(target: float, max_epochs: int, subset: int | None) -> tuple[float, int | None]:
    """Training seconds the seed's pipeline needs until its test accuracy first reaches `target`."""
    total = 0.0
    for epoch, (sec, acc) in enumerate(seed_epochs(torch.device("cpu"), max_epochs, subset), 1):
        total += sec
        if acc >= target:
            return total, epoch
    return total, None


def _imported(importtime_log: str, module: str) -> bool:
    """Whether `python -X importtime`'s log (its stderr) shows `module` imported."""
    return any(line.split("|")[-1].strip() == module for line in importtime_log.splitlines())


def figure_0(size: dict, repeats: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    completion = {"_CNNLAB_COMPLETE": "complete_bash", "COMP_WORDS": "cnnlab tr", "COMP_CWORD": "1"}
    cases = [("--help", ["--help"], {}), ("--version", ["--version"], {}), ("models", ["models"], {}),
             ("train --help", ["train", "--help"], {}), ("a completion", [], completion)]
    cells = []
    for label, args, extra in cases:
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            r = subprocess.run([sys.executable, "-X", "importtime", "-m", "cnnlab.cli.main", *args],
                               capture_output=True, text=True, env={**env, **extra})
            times.append(time.perf_counter() - t)
        torch_loaded = _imported(r.stderr, "torch")
        cells.append(f"{label} {statistics.median(times):.2f} s{' (imports torch)' if torch_loaded else ''}")
    print("[0] command line, whole process (python -X importtime: a little slower than plain): "
          + " | ".join(cells) + f" (goal <= 0.5 s each, no torch); medians of {repeats}")
    # a command that computes: what its process costs beyond the run it reports (imports, data, exit)
    whole, inside, dynamo = [], [], False
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            t = time.perf_counter()
            r = subprocess.run([sys.executable, "-X", "importtime", "-m", "cnnlab.cli.main", "train", "--epochs", "1",
                                "--subset", "3000", "--out", str(Path(tmp) / f"r{i}"), "--json"],
                               capture_output=True, text=True, env=env)
            whole.append(time.perf_counter() - t)
            inside.append(json.loads(r.stdout)["train_seconds"])
            dynamo |= _imported(r.stderr, "torch._dynamo")
    w, i = statistics.median(whole), statistics.median(inside)
    print(f"    cnnlab train --epochs 1 --subset 3000, whole process {w:.2f} s, of which training {i:.2f} s: "
          f"{w - i:.2f} s of start-up, data and exit (torch._dynamo {'imported' if dynamo else 'not imported'}); "
          f"medians of {repeats}")
    # MNIST's files read on a second thread while torch loads (cnnlab/data/prefetch.py), against the same process
    # with that read-ahead switched off: the files are then read after torch, as before it existed
    entry = "from cnnlab.cli.main import entry; entry()"
    sides = {"ahead": entry, "after": "import cnnlab.data.prefetch as p; p.start_for = lambda *a: None; " + entry}
    secs: dict[str, list[float]] = {k: [] for k in sides}
    args = ["train", "--epochs", "1", "--subset", "64", "--val-split", "0", "--json"]
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):  # interleaved
            for k, code in sides.items():
                out = ["--out", str(Path(tmp) / f"{k}{i}")]
                secs[k].append(_process_seconds([sys.executable, "-c", code, *args, *out]))
    ahead, after = (statistics.median(v) for v in secs.values())
    print(f"    MNIST's files read while torch loads: cnnlab train --epochs 1 --subset 64, whole process "
          f"{ahead:.2f} s | read after torch {after:.2f} s | {after - ahead:+.2f} s saved; "
          f"medians of {repeats} interleaved pairs")


def _run_sweep(executor: str, store: Path, extra: list[str], threads: int | None = None,
               spec: str = "lenet_lr_sweep.toml") -> tuple[float, dict[str, float], str]:
    """(wall seconds, test accuracy by run label, executor used) of one `cnnlab run` of a sweep in benchmarks/ (on
    `threads` torch threads; default: torch's own choice)."""
    cmd = [sys.executable, "-m", "cnnlab.cli.main", "run", str(HERE / spec),
           "--executor", executor, "--store", str(store), "--no-report", "--json", *extra]
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"error: cnnlab run --executor {executor} failed: {r.stderr.strip()[-500:]}")
    out = json.loads(r.stdout)
    accs = {f"{run['label']} seed {run['seed']}": run["test_accuracy"] for run in out["runs"]}
    note = next((line.split("auto executor: ", 1)[1] for line in r.stderr.splitlines() if "auto executor: " in line),
                out.get("executor", executor))
    return wall, accs, note


def figure_4(size: dict, repeats: int) -> None:
    extra = ["--set", f"subset={size['sweep_subset']}"] if size["sweep_subset"] else []
    walls: dict[str, list[float]] = {"vectorized": [], "sequential": []}
    accs: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            for executor in walls:
                wall, accs[executor], _ = _run_sweep(executor, Path(tmp) / f"{executor}{i}", extra)
                walls[executor].append(wall)
        _, _, chosen = _run_sweep("auto", Path(tmp) / "auto", extra)
        # the yardstick: the same runs alone on one thread, where only the order of float sums changes
        _, one_thread, _ = _run_sweep("sequential", Path(tmp) / "one-thread", extra, threads=1)
    v, q = statistics.median(walls["vectorized"]), statistics.median(walls["sequential"])
    seq = accs["sequential"]
    gaps = {k: abs(accs["vectorized"][k] - a) * 100 for k, a in seq.items()}
    noise = {k: abs(one_thread[k] - a) * 100 for k, a in seq.items()}
    worst = max(gaps, key=gaps.get)
    by_config: dict[str, list[float]] = {}  # and how far apart two seeds of one configuration land, alone
    for k, a in seq.items():
        by_config.setdefault(k.rsplit(" seed ", 1)[0], []).append(a)
    spread = max((max(a) - min(a)) * 100 for a in by_config.values())
    within = sum(gaps[k] <= max(0.5, noise[k]) for k in seq)
    parts = processes_for(len(seq), torch.get_num_threads()) if can_fork() else 1
    how = (f"{parts} stacks of {len(seq) // parts} runs side by side, a process of "
           f"{torch.get_num_threads() // parts} thread(s) each" if parts > 1 else "one stack")
    print(f"[4] 8 LeNet runs x 1 epoch on {size['sweep_subset'] or 20000:,} images, whole `cnnlab run` process: "
          f"sequential {q:.2f} s | vectorized (stacked) {v:.2f} s | {q / v:.2f}x (goal >= 1.5x); medians of "
          f"{repeats} interleaved pairs; vectorized trained them as {how}; --executor auto ran: {chosen}")
    print(f"    test accuracy, stacked against alone: largest gap {gaps[worst]:.2f} points, at {worst} (goal <= 0.5), "
          f"where the same run alone on one thread instead of {torch.get_num_threads()} moves {noise[worst]:.2f} "
          f"points; {within} of {len(seq)} runs within 0.5 points or their own one-thread move (largest one-thread "
          f"move {max(noise.values()):.2f}; largest gap between two seeds of one configuration: {spread:.2f})")
    print("    test accuracy alone -> stacked (alone, one thread): " + ", ".join(
        f"{k} {100 * seq[k]:.2f} -> {100 * accs['vectorized'][k]:.2f} ({100 * one_thread[k]:.2f})" for k in seq))


def figure_5(size: dict, repeats: int) -> None:
    extra = ["--set", f"subset={size['sweep_subset']}"] if size["sweep_subset"] else []
    spec = "large_kernel_seeds.toml"
    walls: dict[str, list[float]] = {"auto": [], "sequential": []}
    accs: dict[str, dict[str, float]] = {}
    notes = set()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            for executor in walls:
                wall, accs[executor], note = _run_sweep(executor, Path(tmp) / f"{executor}{i}", extra, spec=spec)
                walls[executor].append(wall)
                if executor == "auto":
                    notes.add(note)
    a, q = statistics.median(walls["auto"]), statistics.median(walls["sequential"])
    print(f"[5] 4 large-kernel runs x 1 epoch on {size['sweep_subset'] or 10000:,} images, whole `cnnlab run` "
          f"process: sequential {q:.2f} s | auto {a:.2f} s | {q / a:.2f}x; medians of {repeats} interleaved pairs; "
          f"--executor auto ran: {' / '.join(sorted(notes))}")
    print("    test accuracy sequential -> auto: " + ", ".join(
        f"{k} {100 * v:.2f} -> {100 * accs['auto'][k]:.2f}" for k, v in accs["sequential"].items()))


FULL = dict(subset=None, target=TARGET, seed_max_epochs=8, sweep_subset=None)
QUICK = dict(subset=600, target=0.5, seed_max_epochs=2, sweep_subset=400)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="tiny sizes: checks the benchmark runs, figures meaningless")
    p.add_argument("--repeats", type=int, default=None, help="pairs for [1] and [2] (default 3; quick 1)")
    p.add_argument("--seeds", type=int, default=None, help="seeds of the fast recipe in [3] (default 5; quick 1)")
    p.add_argument("--only", default="0,1,2,3,4,5", help="comma-separated figure numbers")
    args = p.parse_args()
    size = QUICK if args.quick else FULL
    repeats = args.repeats or (1 if args.quick else 3)
    seeds = args.seeds or (1 if args.quick else 5)
    print(f"machine: {machine()}" + ("; QUICK sizes (figures not meaningful)" if args.quick else ""))
    only = {s.strip() for s in args.only.split(",")}
    if "0" in only:
        figure_0(size, max(repeats, 5))
    if "1" in only:
        figure_1(size, repeats)
    if "2" in only:
        figure_2(size, repeats)
    if "3" in only:
        figure_3(size, seeds)
    if "4" in only:
        figure_4(size, repeats)
    if "5" in only:
        figure_5(size, repeats)


if __name__ == "__main__":
    main()
