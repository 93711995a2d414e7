"""benchmarks/cpu_goals.py prints every CPU figure, each with both sides, a ratio, its goal and the machine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_cpu_goals_quick_prints_both_sides_and_the_ratio_of_every_figure():
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "cpu_goals.py"), "--quick"],
                       capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-2000:]
    lines = r.stdout.splitlines()
    assert lines[0].startswith("machine: ") and "cores" in lines[0] and "torch" in lines[0]
    one = next(line for line in lines if line.startswith("[1] "))
    assert re.search(r"[\d.]+ GFLOP/s \| measured fp32 GEMM peak [\d.]+ GFLOP/s \| \d+% of peak", one), one
    ceiling = lines[lines.index(one) + 1]  # the measured ceiling for these shapes, with its reason, beside it
    assert re.search(r"the ceiling: .* summed: [\d.]+ ms a step = [\d.]+ GFLOP/s = \d+% of the GEMM peak", ceiling)
    assert "Why: conv2" in ceiling and "Parts: " in ceiling, ceiling
    if "native bf16" in lines[0] and ", no native bf16" not in lines[0]:  # a fraction of peak of its own precision
        bf16 = lines[lines.index(one) + 2]
        assert re.search(r"--precision auto .* measured bf16 GEMM peak [\d.]+ GFLOP/s \| \d+% of peak", bf16), bf16
    two = next(line for line in lines if line.startswith("[2] "))
    assert re.search(r"seed pipeline [\d.]+ s \| cnnlab train --epochs 1 --val-split 0 [\d.]+ s \| [\d.]+x", two), two
    three = next(line for line in lines if line.startswith("[3] "))
    assert "seed recipe in the seed pipeline" in three and "--recipe fast" in three and "(goal >= 15x)" in three
    assert re.search(r"final test accuracy mean \d+\.\d\d%, min \d+\.\d\d%", three), three
    assert re.search(r"validation: \d/\d seeds >= [\d.]+% \(mean \d+\.\d\d%, min \d+\.\d\d%\): (NOT )?certified",
                     three), three
    zero = next(line for line in lines if line.startswith("[0] "))
    for command in ("--help", "--version", "models", "train --help", "a completion"):
        assert re.search(rf"{re.escape(command)} [\d.]+ s", zero), zero
    assert "(imports torch)" not in zero, zero  # the start-up commands load no torch
    computes = lines[lines.index(zero) + 1]
    assert re.search(r"whole process [\d.]+ s, of which training [\d.]+ s: [\d.]+ s of start-up, data and exit "
                     r"\(torch._dynamo not imported\)", computes), computes
    ahead = lines[lines.index(zero) + 2]
    assert re.search(r"MNIST's files read while torch loads: .* whole process [\d.]+ s \| read after torch [\d.]+ s \| "
                     r"[+-][\d.]+ s saved", ahead), ahead
    four = next(line for line in lines if line.startswith("[4] "))
    assert re.search(r"sequential [\d.]+ s \| vectorized \(stacked\) [\d.]+ s \| [\d.]+x \(goal >= 1.5x\)", four), four
    assert "--executor auto ran: " in four, four
    gaps = lines[lines.index(four) + 1]
    assert re.search(r"largest gap [\d.]+ points, at lr=\S+ seed \d \(goal <= 0.5\), where the same run alone on "
                     r"one thread instead of \d+ moves [\d.]+ points; \d of 8 runs within 0.5 points or their own "
                     r"one-thread move \(largest one-thread move [\d.]+; largest gap between two seeds of one "
                     r"configuration: [\d.]+\)", gaps), gaps
    runs = lines[lines.index(four) + 2]
    assert runs.startswith("    test accuracy alone -> stacked (alone, one thread): "), runs
    assert len(re.findall(r"seed \d [\d.]+ -> [\d.]+ \([\d.]+\)", runs)) == 8, runs
    five = next(line for line in lines if line.startswith("[5] "))
    assert re.search(r"sequential [\d.]+ s \| auto [\d.]+ s \| [\d.]+x; medians of 1 interleaved pairs; "
                     r"--executor auto ran: \d runs of large_kernel: stacked measured [\d.]+x as fast", five), five
    accuracies = lines[lines.index(five) + 1]
    assert len(re.findall(r"seed \d [\d.]+ -> [\d.]+", accuracies)) == 4, accuracies
