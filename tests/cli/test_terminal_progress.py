"""On a real terminal (tmux), `cnnlab train` shows its step bar during each epoch, and it moves; piped, the same
commands print plain lines: no blank ones, none wrapped, none with trailing blanks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TMUX = shutil.which("tmux")


def _tmux(sock: str, *args: str) -> str:
    return subprocess.run([TMUX, "-L", sock, *args], capture_output=True, text=True, timeout=30).stdout


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs Debian's tmux)")
def test_the_step_bar_moves_during_a_train_epoch_on_a_terminal(tmp_path: Path) -> None:
    sock = f"cnnlab-test-{os.getpid()}"
    command = (f"cd {tmp_path} && PYTHONPATH={ROOT} OMP_NUM_THREADS=1 {sys.executable} -m cnnlab train --subset 4800 "
               f"--batch-size 16 --val-split 0 --epochs 2 --device cpu --out {tmp_path / 'ck'}; echo DONE; sleep 60")
    _tmux(sock, "new-session", "-d", "-s", "train", "-x", "150", "-y", "20", command)
    seen: list[tuple[int, int, int]] = []  # (epoch, steps done, steps per epoch) of each bar on the screen
    shown: dict[tuple[int, int], list[float]] = {}  # (epoch, steps done) -> [first seen, last seen]
    loading_with_bar = []
    try:
        deadline = time.monotonic() + 240
        screen = ""
        while time.monotonic() < deadline:
            screen = _tmux(sock, "capture-pane", "-p", "-t", "train")
            for m in re.finditer(r"epoch (\d)/2 .*?(\d+)/(\d+) +loss", screen):
                bar = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if not seen or seen[-1] != bar:
                    seen.append(bar)
                now = time.monotonic()
                shown.setdefault(bar[:2], [now, now])[1] = now
                if "loading data" in screen:
                    loading_with_bar.append(screen)
            if "DONE" in screen:
                break
            time.sleep(0.05)
        assert "DONE" in screen, f"train did not finish in time:\n{screen}"
    finally:
        _tmux(sock, "kill-server")
    assert "finished 2 epochs" in screen and "epoch 2/2  train loss" in screen
    first = [done for epoch, done, total in seen if epoch == 1]
    total = seen[0][2]
    assert total == 300, seen
    assert len(set(first)) >= 2 and any(0 < d < total for d in first), f"the bar did not move in epoch 1: {seen}"
    assert first == sorted(first)
    # up from the epoch's first step, for about as long as a block of 100 steps takes (before, "loading data"
    # stood for the first block in epoch 1 and nothing for it in epoch 2; a bar at 0 flashed for one redraw as the
    # block came): timed against the block from step 100 to step 200, so that a loaded machine slows both
    block = shown[(1, 200)][0] - shown[(1, 100)][0]
    for epoch in (1, 2):
        at_zero = shown[(epoch, 0)][1] - shown[(epoch, 0)][0]
        assert at_zero >= 0.5 * block, (epoch, at_zero, block, seen)
    assert not loading_with_bar, "the 'loading data' line stayed while the step bar was up"


def test_piped_run_output_has_no_blank_or_wrapped_lines(tmp_path: Path) -> None:
    """`cnnlab run ... | cat`: every line of stdout and stderr says something, whatever its length."""
    spec = tmp_path / "p.toml"
    spec.write_text('name = "a_long_experiment_name_to_make_the_title_and_the_rows_wider_than_any_terminal"\n'
                    'description = "piped"\nrepeats = 1\n[base]\nsubset = 100\nepochs = 1\ndevice = "cpu"\n'
                    '[sweep]\nlr = [0.0123456789, 0.00123456789]\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "COLUMNS": "40"}
    done = subprocess.run([sys.executable, "-m", "cnnlab", "run", str(spec), "--store", str(tmp_path / "runs"),
                           "--no-report"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    for stream in (done.stdout, done.stderr):
        lines = stream.splitlines()
        assert lines and all(line.strip() for line in lines), stream
        assert all(line == line.rstrip() for line in lines), stream
    rows = [line for line in done.stdout.splitlines() if "lr=" in line and "finished" in line]
    assert len(rows) == 2, done.stdout  # each configuration's row on one line, not wrapped
    lines = done.stdout.splitlines()
    assert any(line.startswith("a_long_experiment") and "trained now" in line and line.endswith(")")
               for line in lines), lines
    assert any("points vs" in line and line.endswith("can be called real") for line in lines), lines
