"""The report's results table fits a 1280 px window in Chromium: no horizontal scroll, no column cut off."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_fixture import make_store
from web_helpers import CHROMIUM, browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


SPEC = """name = "lr_sweep"
description = "learning rates for the baseline"
[base]
model = "baseline"
[sweep]
lr = [0.001, 0.01, 10.0]
[[expect]]
where = { lr = 0.001 }
test_accuracy = 0.9917
source = "seed 000, Q1, epoch 10"
[[expect]]
where = { lr = 0.01 }
test_loss = 0.0278
source = "seed 000, Q1, epoch 10"
"""


@pytest.mark.parametrize("expected", [False, True], ids=["plain", "with-reported-figures"])
def test_the_results_table_fits_at_1280_px(tmp_path: Path, tiny_checkpoint: Path, expected: bool) -> None:
    from cnnlab.report import write_report
    from cnnlab.store.db import Store

    project = make_store(tmp_path / "cnnlab-runs", tiny_checkpoint)
    with Store.open(project) as store:
        if expected:  # the table's widest form: reported figure and verdict columns
            store.save_experiment("lr_sweep", "learning rates for the baseline", SPEC, "hash2")
        html = write_report(store, "lr_sweep", tmp_path / "report", "png", 50)
    with browser_page({"width": 1280, "height": 900}) as page:
        page.goto(html.as_uri())
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{scroll - inner} px of horizontal overflow at 1280 px"
        tables = page.evaluate("""[...document.querySelectorAll('table')].map((t) => {
            const box = t.getBoundingClientRect();
            const wrap = t.parentElement;
            return [box.right, wrap.scrollWidth > wrap.clientWidth + 1, t.querySelector('th')?.textContent];
        })""")
        assert tables, "the report has tables"
        headers = page.evaluate("[...document.querySelector('table').querySelectorAll('th')].map((h) => h.textContent)")
        assert ("verdict" in headers) == expected and "configuration" in headers, headers
        for right, scrolls, first in tables:
            assert right <= inner and not scrolls, (right, scrolls, first)
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
