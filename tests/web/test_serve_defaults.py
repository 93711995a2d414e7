"""`cnnlab serve STORE` opens on the store's most accurate run, and its model menu names each run with its seed
and accuracy (the first run of a sweep can be a chance-level one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from store_fixture import EXPERIMENT, make_store
from web_helpers import CHROMIUM, browser_page, serving

from cnnlab.store.db import Store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


def test_the_page_opens_on_the_best_run_named_with_seed_and_accuracy(tmp_path: Path, tiny_checkpoint: Path) -> None:
    project = make_store(tmp_path / "cnnlab-runs", tiny_checkpoint)
    shutil.copytree(tiny_checkpoint, project / EXPERIMENT / "run1abc")
    with Store.open(project) as store:  # the second run, planned after the first, is the better one
        run = store.run("run1abc")
        store.finish_run("run1abc", "finished", "finished 2 epochs",
                         {"epochs": 2, "test_accuracy": 0.9512, "best_test_accuracy": 0.9512,
                          "final_train_loss": 0.2, "wall_seconds": 3.0, "train_seconds": 2.0})
        assert run["test_accuracy"] < 0.9512
    with serving(project, tmp_path) as url:
        models = httpx.get(f"{url}/api/models", timeout=10).json()
        assert [m["run_id"] for m in models] == ["run1abc", "run0abc"]  # the default first
        with browser_page({"width": 1280, "height": 900}) as page:
            page.goto(url)
            page.wait_for_function("document.querySelector('#model').options.length > 1")
            assert page.eval_on_selector("#model", "s => s.value") == models[0]["id"]
            texts = page.eval_on_selector_all("#model option", "os => os.map(o => o.textContent)")
    assert texts[0] == f"{EXPERIMENT} / lr=0.01 · seed 0 · 95.1%"
    assert texts[1].startswith(f"{EXPERIMENT} / lr=0.001 · seed 0 · ") and texts[1].endswith("%")
