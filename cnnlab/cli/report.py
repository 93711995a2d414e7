"""`cnnlab report EXPERIMENT`: write the experiment's HTML report and Markdown twin from the results store.

Registering the command imports nothing heavy: the report (matplotlib, torch) and the store load when it runs.
"""

from __future__ import annotations

from pathlib import Path

import typer

from cnnlab.cli.common import band_option, json_option, store_option, trust_code_option
from cnnlab.experiments.spec import Band
from cnnlab.report import FORMATS, default_out
from cnnlab.report.source import ReportSource

DEFAULT_DPI = 200


def check_figure_options(format: str, dpi: int) -> None:
    """One-line errors for a figure format or dpi the figures cannot be saved with."""
    from cnnlab.errors import CnnlabError, unknown_choice

    if format not in FORMATS:
        raise unknown_choice("figure format", format, FORMATS)
    if not 10 <= dpi <= 1200:
        raise CnnlabError(f"--dpi {dpi} is out of range (10 to 1200)")


def open_store(directory: Path) -> ReportSource:
    """The project's SQLite results store, never created here (imported lazily: the report needs only the protocol)."""
    from cnnlab.store.db import Store

    return Store.open(directory, create=False)


def report(
    experiment: str = typer.Argument(..., help="Name of a stored experiment (see 'cnnlab runs')."),
    store: Path = store_option(),
    out: Path | None = typer.Option(None, "--out", help="Folder for report.html, report.md and figures/ "
                                       "[default: STORE/EXPERIMENT/report]."),
    open_: bool = typer.Option(False, "--open", help="Open the HTML report in a web browser."),
    json_out: bool = json_option("one JSON object with the paths"),
    format: str = typer.Option("png", "--format", help="Figure files: png, svg or pdf (the HTML embeds SVG for "
                               "svg, else PNG)."),
    dpi: int = typer.Option(DEFAULT_DPI, "--dpi", help="Resolution of PNG figures (and of images inside SVG/PDF)."),
    trust_code: bool = trust_code_option(),
    band: Band | None = band_option(),
) -> None:
    """Write a self-contained HTML report (figures embedded) and a Markdown twin for EXPERIMENT."""
    check_figure_options(format, dpi)
    from cnnlab.cli.common import emit_json
    from cnnlab.cli.progress import Phases
    from cnnlab.report.build import MARKDOWN, write_report  # matplotlib and torch load only when needed
    from cnnlab.store.atomic import ensure_writable_dir
    from cnnlab.store.checkpoint import code_trusted

    target = out if out is not None else default_out(store, experiment)
    source = open_store(store)
    try:
        ensure_writable_dir(target, "--out")
        with Phases("cnnlab report") as progress, code_trusted(trust_code):
            html = write_report(source, experiment, target, format, dpi, progress, band)
    finally:
        getattr(source, "close", lambda: None)()
    if json_out:
        emit_json({"experiment": experiment, "report": str(html), "markdown": str(html.parent / MARKDOWN)})
    else:
        print(html)
    if open_:
        import webbrowser

        webbrowser.open(html.resolve().as_uri())


def register(app: typer.Typer) -> None:
    app.command()(report)
