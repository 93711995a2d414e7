"""examples/reproduce.py writes docs/reproduction.md from a real results store: one row per reported figure,
measured rows with their statistics and verdict, the others "not run yet" with the command that makes them."""

from __future__ import annotations

import re
import runpy
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from cnnlab.experiments.results import Stat, verdict
from cnnlab.experiments.runner import plan_experiment
from cnnlab.experiments.spec import load_spec, restrict
from cnnlab.store.db import Store

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "reproduce.py"
ACCS = [0.9702, 0.9711, 0.9695, 0.9720, 0.9708]  # what the stored runs "measured"


def _doc(store: Path, out: Path) -> str:
    r = subprocess.run([sys.executable, str(SCRIPT), "--from-store", "--store", str(store), "--out", str(out),
                        "--machine", "test machine"], capture_output=True, text=True, env={"PYTHONPATH": str(ROOT),
                        "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}, timeout=300)
    assert r.returncode == 0, r.stderr
    return out.read_text()


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding 5 finished repeats of seed 001's best configuration (conv1_fc3, lr 0.01, batch 32)."""
    root = tmp_path_factory.mktemp("repro")
    spec = restrict(load_spec(ROOT / "examples" / "mlp_vs_cnn.toml", ["repeats=5"]),
                    ["model=conv1_fc3", "lr=0.01", "batch_size=32"])
    with Store.open(root, create=True) as store:
        plan = plan_experiment(spec, store)
        assert len(plan.items) == 5
        for (p, run), acc in zip(plan.items, ACCS, strict=True):
            store.start_run(run.run_id, "sequential", 0)
            store.finish_run(run.run_id, "finished", "finished 1 epochs",
                             {"epochs": 1, "test_accuracy": acc, "test_loss": 0.09 + p.config.seed / 1000,
                              "best_test_accuracy": acc, "wall_seconds": 60.0})
    return _doc(root, root / "reproduction.md")


def test_measured_rows_carry_mean_interval_seeds_verdict_and_command(doc: str) -> None:
    [row] = [line for line in doc.splitlines() if "test accuracy: 97.05%" in line]
    cells = [c.strip() for c in row.strip("|").split("|")]
    s = Stat.of(ACCS)
    assert cells[0] == "001" and cells[1].startswith("conv1_fc3: `conv1_fc3`, 1 ep, sgd lr 0.01 m 0.5, batch 32")
    assert cells[3] == f"{100 * s.mean:.2f}% ± {100 * statistics.stdev(ACCS):.2f}"
    assert cells[4] == f"[{100 * s.ci95[0]:.2f}%, {100 * s.ci95[1]:.2f}%]"
    assert cells[5] == "5" and cells[6] == verdict(0.9705, s)
    assert cells[7] == ("`cnnlab run examples/mlp_vs_cnn.toml --set repeats=5 --only batch_size=32 --only lr=0.01 "
                        "--only model=conv1_fc3 --no-report --store STORE`")


def test_every_figure_has_a_row_and_unrun_ones_say_so(doc: str) -> None:
    expected = sum(len(load_spec(ROOT / "examples" / name).expect) for name in (
        "baseline_and_variants.toml", "learning_rate.toml", "break_the_cnn.toml", "mlp_vs_cnn.toml",
        "lenet_mnist.toml"))
    rows = [line for line in doc.splitlines() if line.startswith("| 0")]
    keras = load_spec(ROOT / "examples" / "keras_nets.toml")
    torch_nets = load_spec(ROOT / "examples" / "pytorch_nets.toml")
    per_config = sum(sum(e.applies(p.config.model_dump()) for p in s.expand() if p.repeat == 0)
                     for s in (keras, torch_nets) for e in s.expect)
    assert len(rows) == expected + per_config
    unrun = [r for r in rows if "| not run yet |" in r]
    assert unrun and all("`cnnlab run examples/" in r for r in unrun)
    assert any("keras_20" in r and "--set repeats=3" in r for r in unrun)  # 20 epochs: 3 seeds
    params = [r for r in rows if "params: 278,858" in r]
    assert params and all("| 278,858 | exact |" in r and "| consistent |" in r for r in params)
    assert "Machine: test machine." in doc and "5 that trained to the end, 5.0 min" in doc
    assert "tests/experiments/test_examples.py" in doc  # where the CIFAR specs are checked


def test_every_rows_command_selects_exactly_its_configuration() -> None:
    """The `--only` flags a row prints pick out its configuration and no other (a setting left unset in a
    variant, None, cannot be written as KEY=VALUE, so it must not appear in the command)."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import reproduce
    finally:
        sys.path.remove(str(SCRIPT.parent))
    from cnnlab.experiments.spec import format_value

    targets = reproduce.targets()
    assert len(targets) > 20
    for t in targets:
        assert None not in t.only.values(), t.command
        items = [f"{k}={format_value(v)}" for k, v in t.only.items()]
        chosen = {p.config_key for p in restrict(t.spec, items).expand() if p.repeat == 0}
        assert chosen == {t.plan.config_key}, t.command


def test_diverged_runs_are_named_and_left_out_of_the_statistics(tmp_path: Path) -> None:
    """Adam at lr 0.01: one seed of three stuck at chance; at lr 0.1 every seed (the seed's "about 10%")."""
    spec = load_spec(ROOT / "examples" / "learning_rate.toml", ["repeats=3"])
    stuck = "diverged: stuck at chance after epoch 1 (train accuracy 11.0%)"
    with Store.open(tmp_path, create=True) as store:
        for lr, outcomes in (("0.01", ["diverged", "finished", "finished"]), ("0.1", ["diverged"] * 3),
                             ("0.001", ["running"])):
            plan = plan_experiment(restrict(spec, [f"lr={lr}"]), store)
            for (p, run), status in zip(plan.items, outcomes, strict=False):
                store.start_run(run.run_id, "sequential", 0)
                if status == "running":  # a run in progress (the others queued): nothing to report yet
                    continue
                acc = 0.1135 if status == "diverged" else 0.966 + p.config.seed / 1000
                store.finish_run(run.run_id, status, stuck if status == "diverged" else "finished 10 epochs",
                                 {"epochs": 1 if status == "diverged" else 10, "test_accuracy": acc,
                                  "test_loss": 2.3 if status == "diverged" else 0.1, "wall_seconds": 30.0})
    reproduce = runpy.run_path(str(SCRIPT), run_name="reproduce")  # in this process: the CLI is tested above
    doc = reproduce["write_doc"](tmp_path, tmp_path / "reproduction.md", "test machine", None)
    [partly] = [r for r in doc.splitlines() if r.startswith("| 000 | lr=0.01:")]
    cells = [c.strip() for c in partly.strip("|").split("|")]
    assert cells[3] == "96.75% ± 0.07" and cells[5].startswith("2 ") and cells[6] == "too few runs"
    assert cells[8] == f"1 of 3 runs diverged (seed 0: {stuck}); the statistics leave it out."
    [every] = [r for r in doc.splitlines() if r.startswith("| 000 | lr=0.1:")]
    assert "all 3 runs diverged (test 11.35%–11.35%)" in every and "| every run diverged |" in every
    [running] = [r for r in doc.splitlines() if r.startswith("| 000 | lr=0.001:")]
    assert "| not run yet |" in running


def test_a_bound_the_seed_states_is_met_by_every_run_and_says_so(tmp_path: Path) -> None:
    """Seed 000's lr 0.001 ends at "99%+": a lower bound (bound = "at_least"), so runs above it are consistent."""
    spec = load_spec(ROOT / "examples" / "learning_rate.toml", ["repeats=3"])
    with Store.open(tmp_path, create=True) as store:
        for p, run in plan_experiment(restrict(spec, ["lr=0.001"]), store).items:
            store.start_run(run.run_id, "sequential", 0)
            store.finish_run(run.run_id, "finished", "finished 10 epochs",
                             {"epochs": 10, "test_accuracy": (0.9916, 0.9922, 0.9920)[p.config.seed],
                              "test_loss": 0.03, "wall_seconds": 30.0})
    reproduce = runpy.run_path(str(SCRIPT), run_name="reproduce")
    doc = reproduce["write_doc"](tmp_path, tmp_path / "reproduction.md", "test machine", None)
    [row] = [r for r in doc.splitlines() if r.startswith("| 000 | lr=0.001:") and "test accuracy:" in r]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[2].startswith("test accuracy: ≥ 99.00%") and cells[6] == "consistent"
    assert cells[8] == "the seed gives a bound, not a figure; every run here is above it (lowest 99.16%)."


def test_the_readme_quotes_the_published_reproduction() -> None:
    """The README's summary of docs/reproduction.md (figures, verdict counts, runs, minutes) is the document's
    own header: regenerating the document without updating the README fails here."""
    header = (ROOT / "docs" / "reproduction.md").read_text()
    readme = (ROOT / "README.md").read_text()
    summary = readme[readme.index("](docs/reproduction.md) puts"):readme.index("## The report")]
    counts = dict((v, int(n)) for n, v in re.findall(r"(\d+) (consistent|above|below|too few runs|every run "
                                                       r"diverged|not run yet)", header.split("\n| seed |")[0]))
    total = int(re.search(r"Figures: (\d+);", header).group(1))
    runs, minutes = re.search(r"Runs in the store: (\d+) that trained to the end, ([\d.]+) min", header).groups()
    flat = " ".join(summary.split())  # the README wraps its lines anywhere
    assert f"{round(float(minutes))} minutes of training over {runs} runs" in flat
    assert f"- {counts['consistent']} consistent" in summary
    outside = [int(n) for n in re.findall(r"^- (\d+) outside", summary, re.M)]
    assert sum(outside) == counts.get("above", 0) + counts.get("below", 0)
    assert f"- {counts.get('too few runs', 0)} with too few finished runs" in summary
    assert f"- {counts.get('every run diverged', 0)} where every run diverged" in summary
    missing = counts.get("not run yet", 0)
    assert (f"- {missing} not run yet" in summary) if missing else (f"all {total} of its figures" in flat)
