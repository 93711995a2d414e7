"""The /runs page in headless Chromium on a real store: no horizontal overflow at 1280 px or on a 390 px phone,
charts with rounded ticks, a legend, tooltips and accuracies in percent; the page's colours are the figures';
/docs shows the server's own address."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_fixture import EXPERIMENT, make_store
from web_helpers import CHROMIUM, browser_page, serving

from cnnlab.inspection import colors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


@pytest.fixture
def store_server(tmp_path: Path, tiny_checkpoint: Path) -> Iterator[str]:
    with serving(make_store(tmp_path / "cnnlab-runs", tiny_checkpoint), tmp_path, ready="/api/experiments") as url:
        yield url


def _is_round(text: str) -> bool:
    """A tick label like 0.5, 20%, 1.25, 40: at most 2 significant decimals after stripping the unit."""
    value = text.rstrip("%")
    if "e" in value:
        return True
    digits = value.split(".")[1] if "." in value else ""
    return len(digits.rstrip("0")) <= 2


def test_runs_page_fits_and_its_charts_read_well(store_server: str, tmp_path: Path) -> None:
    for width, height in ((1280, 900), (390, 844)):
        with browser_page({"width": width, "height": height}) as page:
            page.goto(f"{store_server}/runs?experiment={EXPERIMENT}")
            page.wait_for_function("document.querySelectorAll('#charts .chart svg polyline').length >= 4",
                                   timeout=30_000)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert scroll <= inner, f"{scroll - inner} px of horizontal overflow at {width} px"
            page.screenshot(path=str(tmp_path / f"runs-{width}.png"), full_page=True)
            if width < 400:
                check_phone_charts(page)
    assert (tmp_path / "runs-390.png").stat().st_size > 10_000


def check_phone_charts(page) -> None:
    """On a phone the charts keep a legend, rounded ticks, percent accuracies and a tooltip."""
    charts = page.locator("#charts .chart")
    assert charts.count() == 4
    accuracy = charts.nth(2)
    ticks = accuracy.locator("text.tick").all_text_contents()
    y_ticks = [t for t in ticks if t.endswith("%")]
    assert len(y_ticks) >= 3 and all(_is_round(t) for t in ticks), ticks
    values = [float(t.rstrip("%")) for t in y_ticks]
    assert 50 <= min(values) and max(values) <= 100  # 0.83..0.88 drawn as percent, not fractions
    legend = accuracy.locator(".legend li").all_inner_texts()
    assert {"lr=0.001", "lr=0.01", "train", "test"} <= set(legend), legend
    plot = accuracy.locator("svg").first
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    tip = accuracy.locator(".tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    assert "%" in tip.inner_text() and "epoch" in tip.inner_text()


def test_page_colours_and_docs_address(store_server: str) -> None:
    cmap, norm = colors.diverging(), colors.scale_for([-1.0, 1.0])[1]
    with browser_page() as page:
        page.goto(f"{store_server}/docs")
        page.wait_for_selector(".endpoint")
        assert page.locator("#example").inner_text() == f"curl -F file=@digit.png {store_server}/api/predict"
        for value in (1.0, 0.5, 0.0, -0.3, -1.0):
            rgb = page.evaluate(f"cnn.colorOf(cnn.scaleFor(-1, 1), {value})")
            expected = colors.hex_color(cmap, norm, value)
            got = "#{:02x}{:02x}{:02x}".format(*rgb)
            # the page's 256-entry table and matplotlib's agree to one table step
            assert all(abs(int(got[i:i + 2], 16) - int(expected[i:i + 2], 16)) <= 3 for i in (1, 3, 5)), \
                (value, got, expected)
        assert page.evaluate("cnn.colorOf(cnn.scaleFor(-1, 1), 1)") == [0xB2, 0x18, 0x2B]  # red is positive
