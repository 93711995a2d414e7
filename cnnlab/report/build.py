"""Build an experiment's report and write it: `report.html` (self-contained) and `report.md` + `figures/`.

Writing is atomic per file: figures get content-addressed names and are written first, then the
Markdown and the HTML replace the old ones in one rename each, then figures no longer referenced are
removed. A reader (or a browser refreshing during a sweep) sees the old report or the new one.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from cnnlab.report import sections as S
from cnnlab.report.document import Document
from cnnlab.report.source import ReportSource
from cnnlab.report.to_html import render_html
from cnnlab.report.to_markdown import render_markdown
from cnnlab.store.atomic import atomic_write_bytes
from cnnlab.version import __version__

SECTIONS = S.SECTIONS  # (id, heading) of every section, in order: every report has all of them
HTML, MARKDOWN, FIGURES = "report.html", "report.md", "figures"
DPI = 200  # print quality for the figure files (and the PNGs the HTML embeds)
MODE = 0o644  # a report is for sharing (atomic writes create private 0600 temp files)


def _write(path: Path, data: bytes) -> None:
    atomic_write_bytes(path, data)
    path.chmod(MODE)


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def build_document(source: ReportSource, experiment: str, progress: Progress = _quiet,
                   band: str | None = None) -> Document:
    """Read the experiment from `source` and lay out every section; `progress` hears each phase; `band`
    overrides the spec's curve band (std, minmax or ci95)."""
    progress(f"reading experiment {experiment!r} from the store")
    d = S.ReportData.load(source, experiment, band)
    progress("drawing the curves")
    head = [S.spec_section(d), S.results_section(d), S.curves_section(d), S.step_section(d), S.grad_section(d),
            S.lr_section(d)]
    progress("evaluating the best run on its test set")
    confusion, misclassified = S.evaluation_sections(d)
    progress("drawing the first-layer weights")
    body = [
        *head,
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


def save_document(doc: Document, out_dir: Path, format: str = "png", dpi: int = DPI,
                  progress: Progress = _quiet) -> Path:
    """Write figures (`format`: png, svg or pdf, at `dpi`), `report.md` and `report.html` into `out_dir`.

    The HTML embeds each figure as SVG when `format` is svg, else as PNG at `dpi` (a browser cannot show a
    PDF inline); the Markdown links the files in `format`. Returns the HTML path."""
    from cnnlab.report.figures import MIME, check_format, figure_bytes

    check_format(format)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, str] = {}
    embedded: dict[str, tuple[str, bytes]] = {}
    images = doc.images()
    for i, img in enumerate(images, 1):
        progress(f"saving figure {i}/{len(images)}: {img.name}.{format} ({dpi} dpi)")
        data = figure_bytes(img.figure, format, dpi)
        rel = f"{FIGURES}/{img.name}-{hashlib.sha256(data).hexdigest()[:12]}.{format}"
        if not (out_dir / rel).is_file():
            _write(out_dir / rel, data)
        paths[img.name] = rel
        shown = "png" if format == "pdf" else format
        embedded[img.name] = (MIME[shown], data if shown == format else figure_bytes(img.figure, shown, dpi))
    _write(out_dir / MARKDOWN, render_markdown(doc, paths).encode("utf-8"))
    _write(out_dir / HTML, render_html(doc, embedded).encode("utf-8"))
    keep = {Path(p).name for p in paths.values()}
    for old in (out_dir / FIGURES).glob("*"):
        if old.suffix.lstrip(".") in ("png", "svg", "pdf") and old.name not in keep:
            old.unlink(missing_ok=True)
    return out_dir / HTML


def write_report(source: ReportSource, experiment: str, out_dir: Path, format: str = "png", dpi: int = DPI,
                 progress: Progress = _quiet, band: str | None = None) -> Path:
    """Build and write the report of `experiment` with figures in `format` at `dpi` and curve bands `band`
    (default: the spec's); returns `report.html`."""
    return save_document(build_document(source, experiment, progress, band), Path(out_dir), format, dpi, progress)
