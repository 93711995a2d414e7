"""The commands that only answer (help, version, the preset list, tab completion) start without torch."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

HEAVY = ("torch", "numpy", "matplotlib")  # each costs a CLI start from 0.1 s (numpy) to 3 s (torch)
COMPLETE = {"_CNNLAB_COMPLETE": "complete_bash", "COMP_WORDS": "cnnlab tr", "COMP_CWORD": "1"}


def imported(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `python -X importtime -m cnnlab ARGS`; the names of every module it imported."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "cnnlab", *args], capture_output=True, text=True,
                       timeout=120, env={**os.environ, **(env or {})})
    modules = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \| +(\S+)$", r.stderr, flags=re.MULTILINE))
    assert "cnnlab.cli.main" in modules, r.stderr[-2000:]  # the parse saw the import log
    return r, modules


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["models"], ["models", "--json"], ["train", "--help"],
                                  ["run", "--help"], ["summary", "--help"], ["explain", "--help"]])
def test_answering_commands_import_no_torch(args):
    r, modules = imported(*args)
    assert r.returncode == 0, r.stderr[-2000:]
    assert heavy(modules) == [], f"cnnlab {' '.join(args)} imported {heavy(modules)[:5]}"


def test_tab_completion_imports_no_torch():
    r, modules = imported(env=COMPLETE)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "train" in r.stdout.split()
    assert heavy(modules) == []


def test_models_lists_the_counts_that_summary_builds():
    r, _ = imported("models", "--json")
    rows = {row["name"]: row for row in json.loads(r.stdout)}
    assert rows["baseline"]["params"] == 225_034  # seed 000
    assert rows["keras_bn"]["params"] == 278_858  # seed 004's Keras summary(), BatchNorm statistics included
    assert rows["cifar100_bn"]["dataset"] == "cifar100"


def test_a_command_that_computes_does_load_torch(tmp_path):
    """The check above can fail: `summary` builds the network, and its import log shows torch."""
    r, modules = imported("summary", "lenet", "--json")
    assert r.returncode == 0, r.stderr[-2000:]
    assert "torch" in modules


def test_training_imports_no_torch_dynamo_and_its_exit_keeps_the_output_and_the_code(tmp_path):
    """`cnnlab train` skips torch.compile's machinery (1 s to import) and torch's teardown (0.3-0.5 s); the
    JSON summary on a pipe still arrives whole, the checkpoint is written, and exit codes stay as they were."""
    r, modules = imported("train", "--epochs", "1", "--subset", "300", "--json", "--out", str(tmp_path / "run"))
    assert r.returncode == 0, r.stderr[-2000:]
    assert "torch" in modules and "torch._dynamo" not in modules
    summary = json.loads(r.stdout)
    assert summary["status"] == "finished" and (tmp_path / "run").is_dir()
    bad = subprocess.run([sys.executable, "-m", "cnnlab", "train", "--epochs", "0"], capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "epochs" in bad.stderr
