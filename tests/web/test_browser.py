"""End to end: `cnnlab serve` in a subprocess, the page in headless Chromium, digits drawn with the mouse.

The model is the session's `mnist_checkpoint` (the baseline trained for one epoch). A vertical stroke
must read as 1 and a loop as 0, on the page itself, after the live updates have settled.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import CHROMIUM, browser_page, serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


@pytest.fixture
def server(mnist_checkpoint: Path, tmp_path: Path) -> Iterator[str]:
    with serving(mnist_checkpoint, tmp_path) as url:
        yield url


def settled_label(page) -> str:
    """The label shown once every request the drawing caused has been answered."""
    page.wait_for_function(
        "document.body.dataset.state === 'idle' && document.querySelector('#label').dataset.label !== ''",
        timeout=30_000,
    )
    assert page.locator("#status").get_attribute("class") == "status", page.locator("#status").inner_text()
    return page.locator("#label").inner_text()


def draw(page, points: list[tuple[float, float]]) -> None:
    """One pointer stroke through `points`, given in canvas pixels (the canvas is 280x280)."""
    box = page.locator("#pad").bounding_box()
    scale = box["width"] / 280
    at = [(box["x"] + x * scale, box["y"] + y * scale) for x, y in points]
    page.mouse.move(*at[0])
    page.mouse.down()
    for x, y in at[1:]:
        page.mouse.move(x, y, steps=2)
    page.mouse.up()


def test_draw_one_and_zero(server: str, tmp_path: Path) -> None:
    with browser_page({"width": 1280, "height": 1100}) as page:
        page.goto(server)
        page.wait_for_function("document.querySelector('#model').options.length > 0")

        draw(page, [(140, 45 + 10 * i) for i in range(20)])
        assert settled_label(page) == "1"
        assert page.locator(".layer").count() >= 6  # every layer's maps are on the page
        assert page.locator('.layer[data-layer="conv1"] .tiles canvas').count() == 32
        assert page.locator('.layer[data-layer="conv1"] .scale').count() == 1  # the layer's one colour scale
        # conv1's outputs are signed: its scale bar runs blue to red, as in the CLI figures
        ends = page.evaluate("""(() => {
            const g = document.querySelector('.layer[data-layer="conv1"] .scale canvas').getContext('2d');
            return [[...g.getImageData(0, 0, 1, 1).data], [...g.getImageData(255, 0, 1, 1).data]];
        })()""")
        assert ends == [[0x21, 0x66, 0xAC, 255], [0xB2, 0x18, 0x2B, 255]], ends
        page.screenshot(path=str(tmp_path / "one.png"))

        page.click("#clear")
        assert page.locator("#label").inner_text() == "–"
        loop = [
            (140 + 62 * math.sin(t / 24 * 2 * math.pi), 140 - 90 * math.cos(t / 24 * 2 * math.pi))
            for t in range(26)
        ]
        draw(page, loop)
        assert settled_label(page) == "0"
        page.screenshot(path=str(tmp_path / "zero.png"))
        if target := os.environ.get("CNNLAB_SCREENSHOT"):  # by hand, for the README: docs/serve.png
            page.screenshot(path=target)
    assert (tmp_path / "zero.png").stat().st_size > 10_000


def test_upload_and_runs_page(server: str, tmp_path: Path) -> None:
    from web_helpers import drawing, png

    (tmp_path / "one.png").write_bytes(png(drawing("1")))
    with browser_page() as page:
        page.goto(server)
        page.wait_for_function("document.querySelector('#model').options.length > 0")
        page.set_input_files("#upload", str(tmp_path / "one.png"))
        assert settled_label(page) == "1"
        page.goto(f"{server}/runs")
        page.wait_for_selector("#experiments .empty")  # a checkpoint server has no store to browse
        page.goto(f"{server}/docs")
        page.wait_for_selector(".endpoint")
        assert "/api/predict" in page.content()


def _report(project: Path, out: Path, fmt: str) -> Path:
    """`cnnlab report` in a subprocess, figures in `fmt`; returns the report folder."""
    done = subprocess.run([sys.executable, "-m", "cnnlab.cli.main", "report", "lr_sweep", "--store", str(project),
                           "--out", str(out), "--format", fmt, "--dpi", "100"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out / "report.html")  # the result on stdout, phases on stderr
    return out


def _ink(png: Path) -> tuple[float, bool, bool, bool]:
    """(share of non-white pixels, whether clearly red, blue and orange (the 2nd configuration) pixels occur)."""
    import numpy as np
    from PIL import Image

    with Image.open(png) as image:
        rgb = np.asarray(image.convert("RGB"), dtype=int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    ink = float(((rgb < 235).any(axis=-1)).mean())
    orange = bool(((r > 230) & (g > 100) & (g < 150) & (b < 60)).any())
    return ink, bool(((r > 150) & (b < 90) & (g < 90)).any()), bool(((b > 140) & (r < 90)).any()), orange


def test_svg_and_pdf_report_figures_look_right(tmp_path: Path, tiny_checkpoint: Path) -> None:
    from store_fixture import make_store

    project = make_store(tmp_path / "cnnlab-runs", tiny_checkpoint)
    svg_dir = _report(project, tmp_path / "svg", "svg")
    md = (svg_dir / "report.md").read_text()
    curves = next((svg_dir / "figures").glob("curves-*.svg"))
    weights = next((svg_dir / "figures").glob("weights-0-*.svg"))
    assert f"](figures/{curves.name})" in md  # the Markdown twin links the chosen format
    with browser_page({"width": 1300, "height": 800}) as page:
        page.goto(curves.as_uri())
        text = " ".join(page.locator("svg text").all_text_contents()) or page.content()
        for words in ("Training loss", "Validation loss", "Test accuracy", "epoch", "accuracy (%)", "lr=0.001"):
            assert words in text, words
        page.screenshot(path=str(tmp_path / "curves.png"))
        page.goto(weights.as_uri())
        assert ">weight<" in page.content() or "weight" in " ".join(page.locator("svg text").all_text_contents())
        page.screenshot(path=str(tmp_path / "weights.png"))
        page.goto((svg_dir / "report.html").as_uri())
        sizes = page.evaluate("[...document.images].map((i) => [i.src.slice(0, 26), i.naturalWidth])")
        assert sizes and all(src == "data:image/svg+xml;base64," and width > 100 for src, width in sizes), sizes
    ink, _, _, orange = _ink(tmp_path / "curves.png")
    assert ink > 0.01 and orange  # axes, text and the configurations' lines, not a blank page
    ink, red, blue, _ = _ink(tmp_path / "weights.png")
    assert ink > 0.03 and red and blue  # signed weights: red and blue tiles, and the colour bar

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm is missing (apt-get install poppler-utils): the PDF figures were not rendered")
    from cnnlab.report import write_report
    from cnnlab.store.db import Store

    with Store.open(project, create=True) as store:  # in-process this time: the CLI path was checked above
        pdf_dir = write_report(store, "lr_sweep", tmp_path / "pdf", "pdf", 60).parent
    assert "(PDF)" in (pdf_dir / "report.md").read_text() and ".pdf)" in (pdf_dir / "report.md").read_text()
    for stem in ("curves", "weights-0"):
        pdf = next((pdf_dir / "figures").glob(f"{stem}-*.pdf"))
        subprocess.run([pdftoppm, "-png", "-r", "60", "-singlefile", str(pdf), str(tmp_path / stem)], check=True,
                       timeout=60)
        ink, red, blue, orange = _ink(tmp_path / f"{stem}.png")
        assert ink > 0.01 and (red and blue if stem == "weights-0" else orange), stem
