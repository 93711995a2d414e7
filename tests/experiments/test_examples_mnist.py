"""Every MNIST spec in examples/ runs end to end, shortened: one epoch on a stratified 300-image subset
(and, through `fast_data`, a 300-image test split)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnnlab.experiments.spec import load_spec

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MNIST = [p for p in sorted(EXAMPLES.glob("*.toml")) if load_spec(p).base.get("dataset", "mnist") == "mnist"
         and load_spec(p).search is None]  # a search's own shortened run: test_search.py


@pytest.mark.parametrize("path", MNIST, ids=[p.stem for p in MNIST])
def test_mnist_example_runs_shortened(path: Path, tmp_path: Path, fast_data: None, cli) -> None:  # noqa: ANN001
    code, out, err = cli("run", path, "--store", tmp_path, "--json", "--no-report", "--set", "epochs=1",
                         "--subset", "300", "--set", 'device="cpu"')
    assert code == 0, err
    runs = json.loads(out)["runs"]
    # epochs=1 makes seed 004's 5- and 20-epoch variants one configuration: they run once
    assert len(runs) == len(load_spec(path, ['epochs=1', 'device="cpu"'], 300).expand())
    assert all(r["config"]["subset"] == 300 and r["config"]["epochs"] == 1 for r in runs)
    assert all(r["status"] in ("finished", "diverged") for r in runs), [r["status"] for r in runs]
    if path.stem == "break_the_cnn":
        assert any(r["status"] == "finished" for r in runs)
