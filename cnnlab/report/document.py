"""The report as data: sections of paragraphs, notes, code, tables and images, rendered twice.

`build` fills a `Document`; `to_html` and `to_markdown` render it. Keeping the content apart from
the two formats guarantees the HTML file and its Markdown twin say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Note:
    """Something the reader should know is missing or unusual (a skipped figure, a diverged run)."""

    text: str


@dataclass(frozen=True)
class Code:
    text: str
    language: str = ""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    highlight: int | None = None  # index of the row to emphasise (the best configuration)
    align_right: tuple[int, ...] = ()  # numeric columns


@dataclass(frozen=True)
class Image:
    """A figure, kept as a matplotlib `Figure` until the report is saved in the chosen format and dpi."""

    name: str  # file stem, unique within the report: "curves", "confusion", ...
    figure: Any  # matplotlib.figure.Figure
    caption: str


Block = Paragraph | Note | Code | Table | Image


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section]

    def images(self) -> list[Image]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Image)]
