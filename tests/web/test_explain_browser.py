"""The draw page explains its prediction live: a heat map appears over the drawing and follows it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from test_browser import draw, server, settled_label  # noqa: F401 - `server` is a fixture
from web_helpers import CHROMIUM, browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]

PIXELS = "Array.from(document.querySelector('#explain-map').getContext('2d').getImageData(0, 0, 28, 28).data)"


def settled_map(page) -> list[int]:
    """The heat map's RGBA pixels once the page and the explanation have both settled."""
    page.wait_for_function(
        "document.body.dataset.state === 'idle' && document.querySelector('#explain').dataset.state === 'idle'"
        " && document.querySelector('#explain').dataset.target !== undefined",
        timeout=30_000,
    )
    return page.evaluate(PIXELS)


def red_and_blue(rgba: list[int]) -> tuple[int, int]:
    """Pixels tinted red (evidence for) and blue (against); white and grey are neither."""
    pixels = [rgba[i : i + 3] for i in range(0, len(rgba), 4)]
    return sum(r - b > 25 for r, _, b in pixels), sum(b - r > 25 for r, _, b in pixels)


@pytest.mark.parametrize("method", ["saliency", "gradcam"])
def test_heat_map_appears_and_changes_with_the_drawing(server: str, tmp_path: Path, method: str) -> None:  # noqa: F811
    with browser_page({"width": 1280, "height": 1100}) as page:
        page.goto(server)
        page.wait_for_function("document.querySelector('#model').options.length > 0")
        page.select_option("#explain-method", method)
        assert set(page.evaluate(PIXELS)[3::4]) == {0}  # nothing drawn yet

        draw(page, [(140, 45 + 10 * i) for i in range(20)])
        assert settled_label(page) == "1"
        one = settled_map(page)
        red, blue = red_and_blue(one)
        assert red + blue >= 20, "no heat map drawn"
        assert red >= (5 if method == "saliency" else 1), "no evidence for the prediction drawn in red"
        caption = page.locator("#explain-caption").inner_text()
        assert "for 1" in caption and ("relu2" in caption) == (method == "gradcam")

        loop = [
            (140 + 62 * math.sin(t / 24 * 2 * math.pi), 140 - 90 * math.cos(t / 24 * 2 * math.pi))
            for t in range(26)
        ]
        page.click("#clear")
        assert set(page.evaluate(PIXELS)[3::4]) == {0}  # cleared with the drawing
        draw(page, loop)
        assert settled_label(page) == "0"
        zero = settled_map(page)
        assert zero != one
        changed = sum(abs(a - b) > 30 for a, b in zip(zero, one, strict=True))
        assert changed > 100  # a different digit, a different map, not a few pixels of noise
        assert "for 0" in page.locator("#explain-caption").inner_text()
        page.screenshot(path=str(tmp_path / f"explain-{method}.png"))
