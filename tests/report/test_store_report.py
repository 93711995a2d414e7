"""The report from the real results store, after a real `run_experiment`: a sweep with repeats and a divergence."""

from __future__ import annotations

from pathlib import Path

from cnnlab.experiments.runner import run_experiment
from cnnlab.experiments.spec import parse_spec
from cnnlab.report import SECTIONS, write_report
from cnnlab.report.build import build_document
from cnnlab.report.document import Image, Table
from cnnlab.store.db import Store

SPEC = """name = "store-demo"
description = "SGD learning rates on a folder of digits"
repeats = 2
[base]
model = "conv 4 k3 > relu > maxpool 2 > flatten > linear 10"
dataset = "{digits}"
grayscale = true
optimizer = "sgd"
epochs = 2
batch_size = 32
log_every = 2
device = "cpu"
[sweep]
lr = [10.0, 0.05]
"""


def test_report_from_the_sqlite_store(digits: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "runs", create=True) as store:
        outcome = run_experiment(parse_spec(SPEC.format(digits=digits)), store, executor="sequential")
        assert [r["status"] for r in outcome.runs] == ["diverged", "diverged", "finished", "finished"]
        html = write_report(store, "store-demo", tmp_path / "report")
        doc = build_document(store, "store-demo")
    text = html.read_text()
    for sid, title in SECTIONS:
        assert f'<section id="{sid}">' in text and f"<h2>{title}</h2>" in text
    [results] = [b for b in doc.sections[1].blocks if isinstance(b, Table)]
    assert [row[0] for row in results.rows] == ["", "★"] and results.rows[0][-1] == "diverged"
    [diverged] = [b for b in doc.sections[-1].blocks if isinstance(b, Table)]
    assert len(diverged.rows) == 2 and all(
        ("loss became" in row[5] or "loss exploded" in row[5]) for row in diverged.rows
    )
    names = [i.name for i in doc.images()]
    assert names == [  # no "lr": the rate is constant
        "curves", "step-loss", "grad-norms", "confusion", "misclassified", "misclassified-why", "weights-0"
    ]
    weights = next(i for i in doc.images() if i.name == "weights-0")
    assert isinstance(weights, Image) and "before" in weights.caption  # init.safetensors written by the runner
