"""examples/notebook.ipynb runs top to bottom in a real Jupyter kernel (nbclient + ipykernel), and its
outputs show what it promises: a trained baseline above a bound, the figures, the sweep's table."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "notebook.ipynb"


def _text(cell: dict) -> str:
    parts = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            parts.append(o["text"])
        elif "data" in o:
            parts.append(o["data"].get("text/plain", ""))
            parts.append(o["data"].get("text/html", ""))
    return "".join(parts)


@pytest.mark.slow
def test_notebook_runs_in_a_real_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the kernel runs this interpreter (so this environment's cnnlab), whatever kernels are installed elsewhere
    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "cnnlab test kernel", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    work = tmp_path / "work"
    work.mkdir()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": work}})
    client.execute()

    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    assert not errors, errors
    text = "\n".join(_text(c) for c in code)
    accuracy = float(re.search(r"baseline: test accuracy ([0-9.]+)% \(finished\)", text).group(1))
    assert accuracy > 85.0  # 2 epochs on 2,000 images; chance is 10%
    assert re.search(r"large_kernel: test accuracy [0-9.]+%, checkpoint None", text)
    assert "lr=0.01" in text and "lr=0.001" in text and "test_accuracy_mean" in text
    assert re.search(r"drawn digit: \d \([0-9.]+%\)", text)
    figures = [c for c in code if any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert len(figures) >= 9  # curves x2, weights, feature maps x3, confusion matrix, explanations x2
    assert "fewer than 3 runs on a side" in text  # the sweep's Welch comparison, honest about 2 repeats
    assert float(re.search(r"NumPy vs PyTorch: largest difference ([0-9.e+-]+)", text).group(1)) < 1e-4
    assert re.search(r"explained: \d with Grad-CAM on relu2", text)
    # the progress bar of cnnlab.train is a Jupyter widget (tqdm.auto with ipywidgets), not text
    train_cell = next(c for c in code if "baseline = cnnlab.train(" in c.source)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in train_cell.outputs)
    assert (work / "cnnlab-runs" / "notebook" / "baseline" / "model.safetensors").is_file()
    assert (work / "cnnlab-runs" / "notebook_lr" / "report" / "report.html").is_file()
