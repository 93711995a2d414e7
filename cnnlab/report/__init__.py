"""The experiment report: one self-contained HTML file and a Markdown twin, built from the results store.

`write_report(source, experiment, out_dir)` is the entry point; `source` is anything with the
store's read API (`ReportSource`), so the report can be built from the SQLite store or from a fake.
"""

from cnnlab.report.build import SECTIONS, write_report
from cnnlab.report.source import ReportSource

__all__ = ["SECTIONS", "ReportSource", "write_report"]
