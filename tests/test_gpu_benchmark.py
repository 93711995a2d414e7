"""benchmarks/gpu.py runs end to end in quick mode on a CPU and prints every figure's line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_gpu_benchmark_quick_mode_prints_every_figure():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gpu.py"), "--device", "cpu", "--quick"],
                         capture_output=True, text=True, timeout=1500, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout
    for line in ("device:", "process start", "data loading", "[a] single run", "[b] sweep", "[c] fast recipe",
                 "[d] baseline"):
        assert line in text, f"missing {line!r} in:\n{text}"
    assert "speed-up" in text and "TFLOP/s" in text and "extrapolated" in text
