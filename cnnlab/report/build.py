"""Build an experiment's report and write it: `report.html` (self-contained) and `report.md` + `figures/`.

Writing is atomic per file: figures get content-addressed names and are written first, then the
Markdown and the HTML replace the old ones in one rename each, then figures no longer referenced are
removed. A reader (or a browser refreshing during a sweep) sees the old report or the new one.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from cnnlab import __version__
from cnnlab.report import sections as S
from cnnlab.report.document import Document
from cnnlab.report.source import ReportSource
from cnnlab.report.to_html import render_html
from cnnlab.report.to_markdown import render_markdown
from cnnlab.store.atomic import atomic_write_bytes

SECTIONS = S.SECTIONS  # (id, heading) of every section, in order: every report has all of them
HTML, MARKDOWN, FIGURES = "report.html", "report.md", "figures"
MODE = 0o644  # a report is for sharing (atomic writes create private 0600 temp files)


def _write(path: Path, data: bytes) -> None:
    atomic_write_bytes(path, data)
    path.chmod(MODE)


def build_document(source: ReportSource, experiment: str, band: str | None = None) -> Document:
    """Read the experiment from `source` and lay out every section (figures rendered to PNG here);
    `band` overrides the spec's curve band (std, minmax or ci95)."""
    d = S.ReportData.load(source, experiment, band)
    confusion, misclassified = S.evaluation_sections(d)
    body = [
        S.spec_section(d),
        S.results_section(d),
        S.curves_section(d),
        S.step_section(d),
        S.grad_section(d),
        S.lr_section(d),
        confusion,
        misclassified,
        S.weights_section(d),
        S.parameters_section(d),
        S.diverged_section(d),
    ]
    assert [s.id for s in body] == [sid for sid, _ in SECTIONS]
    created = d.experiment.get("created")
    subtitle = (f"{len(d.runs)} run(s) in {len(d.groups)} configuration(s)"
                + (f" · experiment created {created}" if created else "")
                + f" · report generated {time.strftime('%Y-%m-%d %H:%M')} by cnnlab {__version__}")
    return Document(f"Experiment: {experiment}", subtitle, body)


def save_document(doc: Document, out_dir: Path) -> Path:
    """Write figures, `report.md` and `report.html` into `out_dir`; returns the HTML path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, str] = {}
    for img in doc.images():
        rel = f"{FIGURES}/{img.name}-{hashlib.sha256(img.png).hexdigest()[:12]}.png"
        if not (out_dir / rel).is_file():
            _write(out_dir / rel, img.png)
        paths[img.name] = rel
    _write(out_dir / MARKDOWN, render_markdown(doc, paths).encode("utf-8"))
    _write(out_dir / HTML, render_html(doc).encode("utf-8"))
    keep = {Path(p).name for p in paths.values()}
    for old in (out_dir / FIGURES).glob("*.png"):
        if old.name not in keep:
            old.unlink(missing_ok=True)
    return out_dir / HTML


def write_report(source: ReportSource, experiment: str, out_dir: Path, band: str | None = None) -> Path:
    """Build and write the report of `experiment`; returns the path of `report.html`."""
    return save_document(build_document(source, experiment, band), Path(out_dir))
