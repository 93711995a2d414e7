"""benchmarks/cpu_goals.py prints issue 13's three CPU figures, each with both sides, a ratio and the machine."""

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
    two = next(line for line in lines if line.startswith("[2] "))
    assert re.search(r"seed pipeline [\d.]+ s \| cnnlab train --epochs 1 --val-split 0 [\d.]+ s \| [\d.]+x", two), two
    three = next(line for line in lines if line.startswith("[3] "))
    assert "seed recipe in the seed pipeline" in three and "--recipe fast" in three and "(goal >= 20x)" in three
    assert re.search(r"final test accuracy mean \d+\.\d\d%, min \d+\.\d\d%", three), three
