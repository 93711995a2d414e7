"""Recipes: the `fast` speed-run recipe applies under the user's settings and learns MNIST quickly."""

from __future__ import annotations

import pytest

from cnnlab.errors import CnnlabError
from cnnlab.training.recipes import RECIPES, apply_recipe
from cnnlab.training.session import train_run


def test_recipe_settings_apply_and_explicit_settings_win():
    c = apply_recipe("fast", {"epochs": 5, "device": "cpu"})
    assert c.epochs == 5 and c.device == "cpu"
    assert c.schedule == RECIPES["fast"]["schedule"] and c.batch_size == RECIPES["fast"]["batch_size"]
    assert apply_recipe("fast").model == RECIPES["fast"]["model"]
    with pytest.raises(CnnlabError, match="unknown recipe 'slow'"):
        apply_recipe("slow")


@pytest.mark.slow
def test_fast_recipe_learns_quickly_on_a_shortened_run():
    """The full recipe (2 epochs of 54,000 images) is certified on validation (benchmarks/tune_fast.py [53]) and
    measured on the test set by benchmarks/cpu_goals.py [3]: minutes for the five seeds, too long for a test. Here 2
    epochs of 9,000 images (36 steps) must reach 97% (measured: 97.8% and 98.1% on seeds 0 and 1, in 0.9 s)."""
    r = train_run(apply_recipe("fast", {"subset": 10000, "device": "cpu"}), keep_steps=False)
    assert r.status == "finished" and r.epochs == 2 and r.test_accuracy >= 0.97


@pytest.mark.slow
def test_tuning_script_scores_candidates_on_validation_only():
    """benchmarks/tune_fast.py ranks recipe candidates by validation accuracy: the test set never decides."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, str(root / "benchmarks" / "tune_fast.py"), "--quick", "--threads", "1,2"],
                       capture_output=True, text=True, timeout=1200, cwd=root)
    assert r.returncode == 0, r.stderr[-2000:]
    lines = r.stdout.splitlines()
    assert [" ".join(line.split()[:4]) for line in lines[1:5]] == [
        "[1] on 1 thread(s)", "[1] on 2 thread(s)", "[3] on 1 thread(s)", "[3] on 2 thread(s)"]
    assert all("final val mean" in line for line in lines[1:5]) and lines[-1].startswith("chosen on validation: ")
    assert "test" not in r.stdout.lower()


def test_fast_recipe_is_the_tuning_candidate_its_comment_names(load_benchmark):
    """The recipe's comment names the benchmarks/tune_fast.py candidate it is; that candidate's settings are the
    recipe's, and every numbered candidate fixes each setting the rounds varied, so it re-runs as it ran whatever
    the recipe holds now."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    tune_fast = load_benchmark("tune_fast")
    varied = {"model", "epochs", "batch_size", "lr", "beta1", "beta2"}
    for i, c in enumerate(tune_fast.CANDIDATES):
        assert varied <= c.keys(), f"candidate [{i}] leaves {sorted(varied - c.keys())} to the current recipe"
    source = (root / "cnnlab" / "training" / "recipes.py").read_text()
    named = re.search(r"one thread and on two \(\[(\d+)\]\)", source)
    assert named, "the fast recipe's comment names no candidate"
    chosen = tune_fast.CANDIDATES[int(named.group(1))]
    assert {k: RECIPES["fast"].get(k) for k in varied} == {k: chosen[k] for k in varied}
