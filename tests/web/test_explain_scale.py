"""The page's heat map has a colour scale: signed maps from blue (−bound) through white to red (+bound), Grad-CAM's
ReLU map from white (0) to red; the method menu offers every method cnnlab has."""

from __future__ import annotations

import pytest
from test_browser import draw, server, settled_label  # noqa: F401 - `server` is a fixture
from test_explain_browser import settled_map
from web_helpers import CHROMIUM, browser_page

from cnnlab.explain import METHODS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]

ENDS = """(() => {
    const g = document.querySelector('#explain-scale canvas').getContext('2d');
    return [[...g.getImageData(0, 0, 1, 1).data], [...g.getImageData(255, 0, 1, 1).data]];
})()"""


def test_the_heat_map_has_a_colour_scale(server: str) -> None:  # noqa: F811
    with browser_page({"width": 1280, "height": 1100}) as page:
        page.goto(server)
        page.wait_for_function("document.querySelector('#model').options.length > 0")
        values = page.eval_on_selector_all("#explain-method option", "os => os.map(o => o.value)")
        assert values == list(METHODS)
        assert page.locator("#explain-scale").is_hidden()
        draw(page, [(140, 45 + 10 * i) for i in range(20)])
        assert settled_label(page) == "1"
        settled_map(page)
        scale = page.locator("#explain-scale")
        assert scale.is_visible()
        low, high = float(scale.get_attribute("data-lo")), float(scale.get_attribute("data-hi"))
        assert low == -high < 0 and scale.locator(".lo").inner_text().startswith("−")
        (r0, g0, b0, _), (r1, g1, b1, _) = page.evaluate(ENDS)
        assert b0 > r0 + 60 and r1 > b1 + 60  # blue for the most negative value, red for the most positive

        page.select_option("#explain-method", "gradcam")
        page.wait_for_function("document.querySelector('#explain-scale').dataset.lo === '0'", timeout=30_000)
        assert scale.locator(".lo").inner_text() == "0"
        (r0, g0, b0, _), (r1, g1, b1, _) = page.evaluate(ENDS)
        assert min(r0, g0, b0) > 230 and r1 > b1 + 60  # white at 0, red at the top: a ReLU map has no blue
