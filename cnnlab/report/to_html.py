"""Render a `Document` as one self-contained HTML page: inline CSS, figures as base64 data URIs, no network."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from html import escape

from cnnlab.report.document import Block, Code, Document, Image, Note, Paragraph, Section, Table

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d1d1f;
  max-width:1080px;margin:2rem auto;padding:0 1.2rem;line-height:1.5}
h1{margin-bottom:.2rem} .subtitle{color:#666;margin-top:0}
h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.4rem}
nav ol{columns:3;font-size:.92rem;padding-left:1.2rem}
pre{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:6px;padding:.8rem;overflow-x:auto;font-size:.85rem}
table{border-collapse:collapse;font-size:.9rem;margin:.6rem 0;display:block;overflow-x:auto}
th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;white-space:nowrap}
th{background:#f6f8fa} tr:nth-child(even) td{background:#fbfbfc}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.best td{background:#fff6d6;font-weight:600}
figure{margin:1rem 0} figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#555;font-size:.88rem;margin-top:.3rem}
.note{background:#fff8e6;border-left:4px solid #e0a800;padding:.5rem .8rem;margin:.6rem 0;font-size:.92rem}
td.wrap{white-space:normal;min-width:18rem}
"""


def _block(block: Block, embedded: Mapping[str, tuple[str, bytes]]) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Note):
        return f'<p class="note">{escape(block.text)}</p>'
    if isinstance(block, Code):
        return f"<pre><code>{escape(block.text)}</code></pre>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Image):
        mime, raw = embedded[block.name]
        data = base64.b64encode(raw).decode("ascii")
        return (f'<figure id="fig-{escape(block.name)}"><img alt="{escape(block.caption)}" '
                f'src="data:{mime};base64,{data}"><figcaption>{escape(block.caption)}</figcaption></figure>')
    raise TypeError(f"unknown block {type(block).__name__}")


def _cell_class(column: int, text: str, t: Table) -> str:
    """Numbers right-aligned; long text (an error message) allowed to wrap."""
    if column in t.align_right:
        return ' class="num"'
    return ' class="wrap"' if len(text) > 60 else ""


def _table(t: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in t.headers)
    body = []
    for i, row in enumerate(t.rows):
        cells = "".join(f"<td{_cell_class(j, c, t)}>{escape(c)}</td>" for j, c in enumerate(row))
        attr = ' class="best"' if i == t.highlight else ""
        body.append(f"<tr{attr}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(s: Section, embedded: Mapping[str, tuple[str, bytes]]) -> str:
    inner = "\n".join(_block(b, embedded) for b in s.blocks)
    return f'<section id="{escape(s.id)}">\n<h2>{escape(s.title)}</h2>\n{inner}\n</section>'


def render_html(doc: Document, embedded: Mapping[str, tuple[str, bytes]]) -> str:
    """`embedded` maps each image name to (MIME type, bytes): PNG or SVG, inlined as a data URI."""
    nav = "".join(f'<li><a href="#{escape(s.id)}">{escape(s.title)}</a></li>' for s in doc.sections)
    body = "\n".join(_section(s, embedded) for s in doc.sections)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(doc.title)}</title>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f"<h1>{escape(doc.title)}</h1>\n<p class=\"subtitle\">{escape(doc.subtitle)}</p>\n"
        f"<nav><ol>{nav}</ol></nav>\n{body}\n</body>\n</html>\n"
    )
