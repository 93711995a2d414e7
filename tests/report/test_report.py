"""The report built from real tiny runs: every section, self-contained HTML, the right numbers, diverged runs."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest

from cnnlab.config import make_config
from cnnlab.errors import CnnlabError
from cnnlab.report import SECTIONS, analysis, write_report
from cnnlab.report.build import build_document
from cnnlab.report.document import Document, Image, Note, Table
from cnnlab.training.session import dataset_for


@pytest.fixture(scope="module")
def demo(source, tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path]:
    doc = build_document(source, "demo")
    out = tmp_path_factory.mktemp("report")
    from cnnlab.report.build import save_document

    save_document(doc, out)
    return doc, out


def section(doc: Document, sid: str):
    return next(s for s in doc.sections if s.id == sid)


def blocks(doc: Document, sid: str, kind: type) -> list:
    return [b for b in section(doc, sid).blocks if isinstance(b, kind)]


def test_every_section_is_in_html_and_markdown(demo) -> None:
    _, out = demo
    html, md = (out / "report.html").read_text(), (out / "report.md").read_text()
    for sid, title in SECTIONS:
        assert f'<section id="{sid}">' in html and f"<h2>{title}</h2>" in html
        assert f"\n## {title}\n" in md and f'<a id="{sid}"></a>' in md


def test_html_is_self_contained_and_embeds_every_figure(demo) -> None:
    doc, out = demo
    html = (out / "report.html").read_text()
    refs = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html)
    assert refs and not [r for r in refs if r.startswith(("http:", "https:", "//"))]
    assert not [r for r in refs if not r.startswith(("data:image/png;base64,", "#"))]  # nothing on disk either
    assert "<link" not in html and "<script" not in html
    n_images = len(doc.images())
    assert n_images >= 7  # curves, steps, gradients, confusion, misclassified, weights of 2 models (lr: constant)
    assert html.count('src="data:image/png;base64,') == n_images


def test_markdown_figures_exist_beside_it(demo) -> None:
    doc, out = demo
    md = (out / "report.md").read_text()
    paths = re.findall(r"!\[[^\]]*\]\((figures/[^)]+\.png)\)", md)
    assert len(paths) == len(doc.images())
    for p in paths:
        assert (out / p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(f.name for f in (out / "figures").iterdir()) == sorted(Path(p).name for p in paths)
    assert all(p.stat().st_mode & 0o444 == 0o444 for p in [out / "report.html", out / "report.md", *out.rglob("*.png")])


def _pct(values: list[float]) -> str:
    mean = statistics.fmean(values)
    return f"{100 * mean:.2f}%" + (f" ± {100 * statistics.stdev(values):.2f}" if len(values) > 1 else "")


def test_results_table_rows_star_and_statistics(source, demo) -> None:
    doc, out = demo
    [table] = blocks(doc, "results", Table)
    runs = source.runs("demo")
    labels = list(dict.fromkeys(r["label"] for r in runs))
    assert [row[1] for row in table.rows] == labels  # one row per configuration
    by_label = {lab: [r for r in runs if r["label"] == lab and r["status"] == "finished"] for lab in labels}
    means = {lab: statistics.fmean(r["test_accuracy"] for r in rs) for lab, rs in by_label.items() if rs}
    best = max(means, key=means.get)
    assert [row[0] for row in table.rows] == ["★" if lab == best else "" for lab in labels]
    assert table.highlight == labels.index(best)
    for row in table.rows:
        rs = by_label[row[1]]
        assert row[2] == str(len([r for r in runs if r["label"] == row[1]]))
        if rs:
            assert row[3] == _pct([r["test_accuracy"] for r in rs])
            assert row[5] == _pct([r["best_test_accuracy"] for r in rs])
        else:
            assert row[3] == row[5] == "—"
    cnn = table.rows[labels.index("model=cnn lr=0.001")]
    assert cnn[2] == "2" and " ± " in cnn[3] and cnn[9] == "finished"
    # two runs: t(0.975, 1) = 12.7 would make an interval wider than 0-100% (it was [-4.17, 102.57]%): none
    assert cnn[4] == "—"
    assert table.rows[labels.index("model=mlp_fc2 lr=0.001")][4] == "—"  # one run: no interval
    assert table.rows[labels.index("model=cnn lr=10 sgd")][9] == "diverged"
    html = (out / "report.html").read_text()
    assert html.count('<tr class="best">') == 1 and f"<td>{best}</td>" in html.split('<tr class="best">')[1]
    assert f"| **★** | **{best}** |" in (out / "report.md").read_text()


def test_diverged_run_is_listed_with_where_and_why(source, demo) -> None:
    doc, out = demo
    [table] = blocks(doc, "diverged-runs", Table)
    [row] = table.rows
    run = source.run("sgd-s0")
    steps = source.step_curves("sgd-s0")
    stop = next((s for s in steps if s["loss"] != s["loss"]), steps[-1])  # first NaN, else where it was stopped
    assert row[2] == "sgd-s0" and row[3] == "diverged"
    assert row[4] == f"epoch {stop['epoch']}, step {stop['step']}"
    assert row[5] == run["message"] and "diverged" in run["message"]
    assert run["message"] in (out / "report.md").read_text()


def test_confusion_matrix_counts_the_whole_test_set(source, demo) -> None:
    doc, _ = demo
    best = source.run("mlp-s0")
    ev = analysis.evaluate_run(best["run_dir"], best["config"])
    n_test = len(dataset_for(make_config(best["config"])).test)
    assert ev.confusion.sum() == n_test == 500
    assert abs(ev.accuracy - best["test_accuracy"]) < 1e-6  # the checkpoint reproduces the stored number
    assert len(ev.mistakes) == 16 and all(ev.classes[m.true] != ev.classes[m.predicted] for m in ev.mistakes)
    confidences = [m.confidence for m in ev.mistakes]
    assert confidences == sorted(confidences, reverse=True)
    assert any("all 500 test images" in getattr(b, "text", "") for b in section(doc, "confusion-matrix").blocks)
    assert blocks(doc, "misclassified", Image)


def test_weights_before_and_after_for_each_architecture(demo) -> None:
    doc, _ = demo
    images = blocks(doc, "first-layer-weights", Image)
    assert [i.name for i in images] == ["weights-0", "weights-1"]  # best (the MLP) first, then the CNN
    assert "★" in images[0].caption and "units" in images[0].caption and "filters" in images[1].caption


def test_parameters_per_architecture(demo) -> None:
    doc, _ = demo
    [table] = blocks(doc, "parameters", Table)
    rows = {r[0]: r for r in table.rows}
    assert set(rows) == {"conv 4 k3 > relu > maxpool 2 > flatten > linear 10", "mlp_fc2"}
    assert rows["mlp_fc2"][3] == f"{784 * 128 + 128 + 128 * 10 + 10:,}" and rows["mlp_fc2"][5] == "0"
    assert rows["conv 4 k3 > relu > maxpool 2 > flatten > linear 10"][3] == f"{4 * 9 + 4 + 4 * 13 * 13 * 10 + 10:,}"


def test_every_run_diverged_or_failed(source, tmp_path: Path) -> None:
    html_path = write_report(source, "broken", tmp_path)
    html, md = html_path.read_text(), (tmp_path / "report.md").read_text()
    for sid, title in SECTIONS:
        assert f'<section id="{sid}">' in html and f"## {title}" in md
    assert "every run diverged or failed" in html
    results = md.split("\n## Results\n")[1].split("\n## Curves\n")[0]
    assert "★" not in results and results.count("| diverged |") == 1 and results.count("| failed |") == 1
    assert "epoch 1, step 8" in md and "RuntimeError: out of memory" in md
    assert "no spec text" in md


def test_no_validation_set_and_no_initial_weights(source, tmp_path: Path) -> None:
    doc = build_document(source, "noval")
    assert any("no validation set" in n.text for n in blocks(doc, "curves", Note))
    assert any("init.safetensors" in n.text for n in blocks(doc, "first-layer-weights", Note))
    assert len(blocks(doc, "first-layer-weights", Image)) == 1
    assert blocks(doc, "confusion-matrix", Image)


def test_missing_checkpoint_becomes_a_note(source, tmp_path: Path) -> None:
    class NoCheckpoints:
        def __getattr__(self, name):
            return getattr(source, name)

        def runs(self, experiment):
            return [{**r, "run_dir": str(tmp_path / "gone")} for r in source.runs(experiment)]

    doc = build_document(NoCheckpoints(), "noval")
    for sid in ("confusion-matrix", "misclassified", "first-layer-weights"):
        assert not blocks(doc, sid, Image) and blocks(doc, sid, Note)
    assert blocks(doc, "curves", Image)  # curves come from the store, not the checkpoint


def test_rewriting_replaces_old_figures(source, tmp_path: Path) -> None:
    write_report(source, "broken", tmp_path)
    stale = tmp_path / "figures" / "old-0123456789ab.png"
    stale.write_bytes(b"x")
    write_report(source, "broken", tmp_path)
    assert not stale.exists()
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_unknown_experiment_names_the_choices(source, tmp_path: Path) -> None:
    with pytest.raises(CnnlabError, match=r"unknown experiment 'nope' \(experiments: broken, demo, noval\)"):
        write_report(source, "nope", tmp_path)


EXPECTING = """name = "demo"
repeats = 2
band = "ci95"
[base]
subset = 300
epochs = 2
[sweep]
model = ["conv 4 k3 > relu > maxpool 2 > flatten > linear 10", "mlp_fc2"]
[[expect]]
where = { model = "mlp_fc2" }
test_accuracy = 0.5
source = "someone, table 1"
"""


def test_reported_figures_comparisons_and_the_few_repeats_note(source) -> None:
    """The spec's [[expect]] shows beside the measured figure; with 2 repeats no difference is called real."""
    from cnnlab.report.sections import ReportData, results_section

    exp = source.exps["demo"]
    saved = exp["spec_toml"]
    exp["spec_toml"] = EXPECTING
    try:
        d = ReportData.load(source, "demo")
        s = results_section(d)
    finally:
        exp["spec_toml"] = saved
    assert d.band == "ci95"  # the spec's band; `--band` overrides it
    assert ReportData.load(source, "demo", "minmax").band == "minmax"
    table, checks = [b for b in s.blocks if isinstance(b, Table)]
    assert table.headers[5:7] == ["reported", "verdict"]
    mlp = next(r for r in table.rows if r[1] == "model=mlp_fc2 lr=0.001")
    assert mlp[5] == "50.00%" and mlp[6] == "too few runs"  # one run of the MLP
    assert checks.rows[0][:3] == ["model=mlp_fc2 lr=0.001", "test accuracy", "50.00%"]
    assert checks.rows[0][6] == "too few runs" and checks.rows[0][7] == "someone, table 1"
    text = " ".join(b.text for b in s.blocks if hasattr(b, "text"))
    assert "no difference can be called real" in text
    runs = {"model=cnn lr=0.001": 2, "model=mlp_fc2 lr=0.001": 1}  # the finished configurations
    best = d.best.label
    [other] = [label for label in runs if label != best]
    assert f"{other}: " in text and f"over {runs[other]} + {runs[best]} runs" in text and f"vs {best}" in text
