"""Render a `Document` as Markdown, with each figure a PNG, SVG or PDF file referenced by a relative path."""

from __future__ import annotations

from collections.abc import Mapping

from cnnlab.report.document import Block, Code, Document, Image, Note, Paragraph, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(t: Table) -> str:
    def row(cells: list[str], bold: bool = False) -> str:
        return "| " + " | ".join(f"**{_cell(c)}**" if bold and c else _cell(c) for c in cells) + " |"

    sep = "| " + " | ".join("---:" if j in t.align_right else "---" for j in range(len(t.headers))) + " |"
    lines = [row(t.headers), sep] + [row(r, bold=i == t.highlight) for i, r in enumerate(t.rows)]
    return "\n".join(lines)


def _block(block: Block, paths: Mapping[str, str]) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Note):
        return f"> **Note:** {block.text}"
    if isinstance(block, Code):
        fence = "````" if "```" in block.text else "```"
        return f"{fence}{block.language}\n{block.text.rstrip()}\n{fence}"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Image):
        path = paths[block.name]
        if path.endswith(".pdf"):  # Markdown viewers do not draw a PDF inline: link it
            return f"[Figure (PDF): {block.caption}]({path})"
        return f"![{block.caption}]({path})\n\n*{block.caption}*"
    raise TypeError(f"unknown block {type(block).__name__}")


def render_markdown(doc: Document, paths: Mapping[str, str]) -> str:
    """`paths` maps each image name to its path relative to the Markdown file."""
    out = [f"# {doc.title}", "", doc.subtitle, "", "## Contents", ""]
    out += [f"{i}. [{s.title}](#{s.id})" for i, s in enumerate(doc.sections, 1)]
    for s in doc.sections:
        out += ["", f'<a id="{s.id}"></a>', "", f"## {s.title}", ""]
        for b in s.blocks:
            out += [_block(b, paths), ""]
    return "\n".join(out).rstrip() + "\n"
