"""The experiment report: one self-contained HTML file and a Markdown twin, built from the results store.

`write_report(source, experiment, out_dir)` is the entry point; `source` is anything with the
store's read API (`ReportSource`), so the report can be built from the SQLite store or from a fake.
`write_report` and `SECTIONS` load on first use, so importing the package (as the CLI does to
register `cnnlab report`) does not import matplotlib or torch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cnnlab.report.source import ReportSource

__all__ = ["FORMATS", "SECTIONS", "ReportSource", "default_out", "write_report"]

FORMATS = ("png", "svg", "pdf")  # the figure file formats `cnnlab.report.figures` writes


def default_out(store: Path, experiment: str) -> Path:
    """Where an experiment's report goes unless told otherwise: `<store>/<experiment>/report/`."""
    return store / experiment / "report"


def __getattr__(name: str) -> Any:
    if name in ("SECTIONS", "write_report"):
        from cnnlab.report import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
