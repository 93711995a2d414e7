"""`cnnlab report` runs a custom model's code only with --trust-code: without it (the default) nothing is
imported and the report says what was skipped and why; with it the checkpoint is evaluated. Real
subprocesses: whether a module was imported is a property of a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cnnlab.experiments.runner import run_experiment
from cnnlab.experiments.spec import parse_spec
from cnnlab.store.db import Store

MODULE = '''
import os
from pathlib import Path

from torch import nn

if os.environ.get("CNNLAB_MARKER"):
    Path(os.environ["CNNLAB_MARKER"]).write_text(__file__)


class Net(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.fc = nn.Linear(784, num_classes)

    def forward(self, x):
        return self.fc(x.flatten(1))
'''


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, digits: Path) -> Path:
    root = tmp_path_factory.mktemp("trust-report")
    (root / "mynet.py").write_text(MODULE)
    spec = (f'name = "custom"\n[base]\nmodel = "{root / "mynet.py"}:Net"\ndataset = "{digits}"\ngrayscale = true\n'
            'epochs = 1\nbatch_size = 32\ndevice = "cpu"\n')
    with Store.open(root / "runs", create=True) as s:
        assert [r["status"] for r in run_experiment(parse_spec(spec), s, executor="sequential").runs] == ["finished"]
    (root / "mynet.py").unlink()  # only the checkpoint's copy is left
    return root / "runs"


def _report(store: Path, out: Path, marker: Path, *flags: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CNNLAB_MARKER": str(marker)}
    return subprocess.run([sys.executable, "-m", "cnnlab.cli.main", "report", "custom", "--store", str(store),
                           "--out", str(out), *flags], capture_output=True, text=True, env=env, timeout=300)


def test_report_without_trust_code_imports_nothing_and_says_why(store: Path, tmp_path: Path) -> None:
    marker = tmp_path / "imported"
    r = _report(store, tmp_path / "report", marker)
    assert r.returncode == 0, r.stderr
    assert not marker.exists(), "the report imported the model's code without --trust-code"
    text = (tmp_path / "report" / "report.md").read_text()
    assert "--trust-code" in text and "figures/confusion-" not in text  # skipped, saying why


def test_report_with_trust_code_evaluates_the_custom_model(store: Path, tmp_path: Path) -> None:
    marker = tmp_path / "imported"
    r = _report(store, tmp_path / "report", marker, "--trust-code")
    assert r.returncode == 0, r.stderr
    assert marker.exists()  # imported: from the checkpoint's own copy
    assert "figures/confusion-" in (tmp_path / "report" / "report.md").read_text()
