"""examples/reproduce.py writes docs/reproduction.md and its figures from a results store: one row per reported
figure with its statistics, tightness and verdict, one row and one figure per training log, the others "not run
yet" with the command that makes them; and from the store shipped in the repository, byte for byte."""

from __future__ import annotations

import re
import runpy
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cnnlab.events import EpochRecord, StepRecord
from cnnlab.experiments.results import Stat, log_step, verdict
from cnnlab.experiments.runner import plan_experiment
from cnnlab.experiments.spec import format_value, load_spec, restrict
from cnnlab.store.db import Store

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "reproduce.py"
ACCS = [0.9702, 0.9711, 0.9695, 0.9720, 0.9708]  # what the stored runs "measured"
ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"}


@pytest.fixture(scope="module")
def reproduce() -> dict[str, Any]:
    return runpy.run_path(str(SCRIPT), run_name="reproduce")


def _cli(*args: str) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=ENV, timeout=600)
    assert r.returncode == 0, r.stderr
    return r


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip("|").split("|")]


def _finish(store: Store, run: Any, acc: float, loss: float, status: str = "finished", epochs: int = 1,
            message: str = "finished", history: list[EpochRecord] | None = None,
            steps: list[StepRecord] | None = None) -> None:
    store.start_run(run.run_id, "sequential", 0)
    store.finish_run(run.run_id, status, message, {"epochs": epochs, "test_accuracy": acc, "test_loss": loss,
                                                   "best_test_accuracy": acc, "wall_seconds": 60.0},
                     history or [], steps or [])


def _best_config_store(root: Path, with_steps: bool = True) -> None:
    """5 finished repeats of seed 001's best configuration (conv1_fc3, lr 0.01, batch 32, every batch logged):
    each run's batch losses at the seed's printed batches are the seed's own, +-2%."""
    spec = restrict(load_spec(ROOT / "examples" / "mlp_vs_cnn.toml", ["repeats=5"]),
                    ["model=conv1_fc3", "lr=0.01", "batch_size=32"])
    [log] = [g for g in spec.logs if g.applies(spec.expand()[0].config.model_dump())]
    with Store.open(root, create=True) as store:
        plan = plan_experiment(spec, store)
        assert len(plan.items) == 5
        for (p, run), acc in zip(plan.items, ACCS, strict=True):
            config = p.config.model_dump()
            wobble = 1 + 0.01 * (p.config.seed - 2)  # -2% .. +2%
            steps = [StepRecord(e, log_step(config, e, n), 1875, v * wobble, 0.9, 0.01, {})
                     for e, n, v in log.points] if with_steps else []
            _finish(store, run, acc, 0.09 + p.config.seed / 1000, steps=steps)


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp("repro")
    _best_config_store(root)
    _cli("--from-store", "--store", str(root), "--out", str(root / "doc" / "reproduction.md"),
         "--machine", "test machine")
    return (root / "doc" / "reproduction.md").read_text(), root


def test_measured_rows_carry_mean_interval_tightness_seeds_verdict_and_command(doc: tuple[str, Path]) -> None:
    [row] = [line for line in doc[0].splitlines() if "test accuracy: 97.05%" in line]
    cells = _cells(row)
    s = Stat.of(ACCS)
    assert cells[0] == "001" and cells[1].startswith("conv1_fc3: `conv1_fc3`, 1 ep, sgd lr 0.01 m 0.5, batch 32")
    assert cells[3] == f"{100 * s.mean:.2f}% ± {100 * statistics.stdev(ACCS):.2f}"
    assert cells[4] == f"[{100 * s.ci95[0]:.2f}%, {100 * s.ci95[1]:.2f}%]"
    half = (s.prediction95[1] - s.prediction95[0]) / 2
    assert cells[5] == f"±{100 * half:.2f} (must resolve ±0.50)"
    assert cells[6] == "5" and cells[7] == verdict(0.9705, s) == "consistent"  # ±0.22 resolves 0.5 points
    assert cells[8] == ("`cnnlab run examples/mlp_vs_cnn.toml --set repeats=5 --only batch_size=32 --only lr=0.01 "
                        "--only model=conv1_fc3 --no-report --store STORE`")


def test_a_loss_row_is_tight_enough_when_its_interval_is_within_10_percent(doc: tuple[str, Path]) -> None:
    """Test losses 0.090 .. 0.094 against the seed's 0.0886: the interval's half-width (about ±0.0048) resolves
    10% of 0.0886 (±0.0089), so the figure inside it is consistent."""
    [row] = [line for line in doc[0].splitlines() if "test loss: 0.0886" in line]
    cells = _cells(row)
    s = Stat.of([0.09 + i / 1000 for i in range(5)])
    half = (s.prediction95[1] - s.prediction95[0]) / 2
    assert half < 0.00886 and cells[5] == f"±{half:.4f} (must resolve ±0.0089)" and cells[7] == "consistent"


def test_inconclusive_when_the_spread_is_wide(tmp_path: Path, reproduce: dict[str, Any]) -> None:
    spec = restrict(load_spec(ROOT / "examples" / "mlp_vs_cnn.toml", ["repeats=5"]), ["model=conv2_fc2"])
    with Store.open(tmp_path, create=True) as store:
        for (_p, run), acc in zip(plan_experiment(spec, store).items, [0.962, 0.968, 0.972, 0.976, 0.980],
                                 strict=True):
            _finish(store, run, acc, 0.09)
        doc = reproduce["write_doc"](store, tmp_path / "reproduction.md", "test machine")
    [row] = [r for r in doc.splitlines() if "test accuracy: 97.18%" in r]
    cells = _cells(row)
    assert re.fullmatch(r"inconclusive \(interval ±2\.12 wider than the ±0\.50 it must resolve\)", cells[7])
    assert "1 inconclusive" in doc


def test_a_log_is_compared_point_by_point_with_a_figure(doc: tuple[str, Path]) -> None:
    text, root = doc
    [row] = [r for r in text.splitlines() if r.startswith("| 001 | seed 001, With CNN output (training log) |")]
    cells = _cells(row)
    assert cells[2] == "batch loss" and cells[4] == "27" and cells[5] == "27"
    assert cells[6] == "27 of 27 (100%)"  # the runs wobble +-2% around the seed's own points
    assert re.fullmatch(r"[+-]0\.\d{4} at epoch 1, [\d,]+ images \(step \d+\)", cells[7])
    assert cells[9] == "5" and cells[10] == "compared ([figure](reproduction/mlp_vs_cnn-conv1_fc3-batch_loss.svg))"
    svg = (root / "doc" / "reproduction" / "mlp_vs_cnn-conv1_fc3-batch_loss.svg").read_bytes()
    assert svg.startswith(b"<?xml") and b"<dc:date>" not in svg
    assert "![mlp_vs_cnn-conv1_fc3-batch_loss](reproduction/mlp_vs_cnn-conv1_fc3-batch_loss.svg)" in text
    unrun = [r for r in text.splitlines() if "(training log) |" in r and "| not run yet |" in r]
    assert unrun and all("`cnnlab run examples/" in r for r in unrun)


def test_a_batch_loss_log_is_refused_without_the_step_records(tmp_path: Path, reproduce: dict[str, Any]) -> None:
    _best_config_store(tmp_path, with_steps=False)
    with Store.open(tmp_path) as store:
        doc = reproduce["write_doc"](store, tmp_path / "reproduction.md", "test machine")
    [row] = [r for r in doc.splitlines() if r.startswith("| 001 | seed 001, With CNN output (training log) |")]
    assert "| refused: the runs lack step records at the seed's steps |" in row
    assert not (tmp_path / "reproduction").exists() or not list((tmp_path / "reproduction").glob("*.svg"))


def test_step_of_a_printed_batch_counts_the_short_last_batch() -> None:
    config = {"dataset": "mnist", "val_split": 0.0, "batch_size": 128}
    assert log_step(config, 1, 0) == 1 and log_step(config, 1, 12800) == 101
    assert log_step(config, 2, 0) == 470  # 60,000 / 128: 469 steps, the last one short


def test_every_value_has_a_row_and_the_header_counts_them(doc: tuple[str, Path]) -> None:
    text = doc[0]
    assert "the seeds hold 554 MNIST values, 49 results and 505 training-log values." in text
    compared = re.search(r"Compared with runs: (\d+) \((\d+) results, (\d+) log values\)", text).groups()
    assert compared == ("29", "2", "27")  # the best configuration's 2 figures and its log's 27 points
    assert "parameter counts checked exactly (no runs): 6" in text  # 2 totals, 2 trainable, 2 non-trainable
    assert re.search(r"not run yet: (\d+) \((\d+) results, (\d+) log values\)", text).groups() == \
        (str(554 - 29 - 6), str(49 - 2 - 6), str(505 - 27))
    assert "Seed 002's own handwriting" in text and "cannot be reproduced" in text
    params = [r for r in text.splitlines() if "params: 278,858" in r]
    assert params and all("| 278,858 | exact |" in r and "| consistent |" in r for r in params)
    splits = [r for r in text.splitlines() if "trainable params: 277,834" in r or "non trainable params: 1,024" in r]
    assert len(splits) == 2 * 2 and all("| consistent |" in r for r in splits)  # keras_bn at 5 and 20 epochs
    assert "Machine: test machine; runs made " in text and "5 that trained to the end (5 ended), 5.0 min" in text
    assert "tests/experiments/test_examples.py" in text  # where the CIFAR specs are checked
    assert "/tmp/" not in text and str(doc[1]) not in text  # no machine paths


def test_every_rows_command_selects_its_configuration(reproduce: dict[str, Any]) -> None:
    """The `--only` flags a row prints pick out its configuration and no other (a setting left unset in a
    variant, None, cannot be written as KEY=VALUE: such a row runs its whole spec)."""
    targets = reproduce["targets"]()
    assert len(targets) > 20
    for t in targets:
        assert None not in t.only.values() and "=None" not in t.command, t.command
        items = [f"{k}={format_value(v)}" for k, v in t.only.items()]
        chosen = {p.config_key for p in restrict(t.spec, items).expand() if p.repeat == 0}
        assert t.plan.config_key in chosen and (len(chosen) == 1 or not t.only), t.command
        assert "--set repeats=5" in t.command


def test_chance_runs_match_a_chance_figure_and_diverged_ones_are_named(tmp_path: Path,
                                                                        reproduce: dict[str, Any]) -> None:
    """Adam at lr 0.1: every run stuck at chance, as the seed's "about 10%": consistent (chance). At lr 0.01 one
    seed of five stuck; at lr 0.001 one run in progress."""
    spec = load_spec(ROOT / "examples" / "learning_rate.toml", ["repeats=5"])
    stuck = "diverged: stuck at chance after epoch 1 (train accuracy 11.0%) in /home/someone/runs/x"
    with Store.open(tmp_path, create=True) as store:
        for lr, outcomes in (("0.01", ["diverged"] + ["finished"] * 4), ("0.1", ["diverged"] * 5),
                             ("0.001", ["running"])):
            plan = plan_experiment(restrict(spec, [f"lr={lr}"]), store)
            for (p, run), status in zip(plan.items, outcomes, strict=False):
                if status == "running":  # a run in progress (the others queued): nothing to report yet
                    store.start_run(run.run_id, "sequential", 0)
                    continue
                acc = (0.1135, 0.098)[p.config.seed % 2] if status == "diverged" else 0.966 + p.config.seed / 1000
                _finish(store, run, acc, 2.3 if status == "diverged" else 0.1, status,
                        1 if status == "diverged" else 10, stuck if status == "diverged" else "finished 10 epochs")
        doc = reproduce["write_doc"](store, tmp_path / "reproduction.md", "test machine")
    [partly] = [r for r in doc.splitlines() if r.startswith("| 000 | lr=0.01:")]
    cells = _cells(partly)
    assert cells[6] == "4 of 5" and cells[7].startswith(("below", "inconclusive", "consistent"))
    assert ("1 of 5 runs diverged (seed 0: diverged: stuck at chance after epoch 1 (train "
            "accuracy 11.0%) in <path>); the statistics leave it out.") in cells[9]
    [chance] = [r for r in doc.splitlines() if r.startswith("| 000 | lr=0.1:")]
    assert "| all 5 runs at chance (9.80%–11.35%) |" in chance and "| consistent (chance) |" in chance
    assert "within 2.5 points of 10.00%" in chance
    [running] = [r for r in doc.splitlines() if r.startswith("| 000 | lr=0.001:")]
    assert "| not run yet |" in running
    assert "/home/someone" not in doc


def test_every_run_diverged_without_a_test_figure_is_not_chance(tmp_path: Path, reproduce: dict[str, Any]) -> None:
    spec = load_spec(ROOT / "examples" / "break_the_cnn.toml", ["repeats=5"])
    with Store.open(tmp_path, create=True) as store:
        for _p, run in plan_experiment(restrict(spec, ["lr=1", "optimizer=adam", "momentum=0"]), store).items:
            _finish(store, run, None, None, "diverged", 1, "diverged: loss exploded to 1.9e+05 at epoch 1")
        doc = reproduce["write_doc"](store, tmp_path / "reproduction.md", "test machine")
    [row] = [r for r in doc.splitlines() if r.startswith("| 000 | huge_lr:")]
    assert "all 5 runs diverged (no test figure)" in row and "| every run diverged |" in row


def test_a_bound_the_seed_states_is_met_by_every_run_and_a_shared_configuration_is_read_once(
        tmp_path: Path, reproduce: dict[str, Any]) -> None:
    """Seed 000's lr 0.001 ends at "99%+": a lower bound, so runs above it are consistent. Its configuration is
    baseline_and_variants' baseline: the runs of learning_rate serve both, and the baseline's rows say so."""
    spec = load_spec(ROOT / "examples" / "learning_rate.toml", ["repeats=5"])
    with Store.open(tmp_path, create=True) as store:
        for p, run in plan_experiment(restrict(spec, ["lr=0.001"]), store).items:
            curve = [EpochRecord(e, 0.3 / e, 0.9 + e / 100, None, None, 0.06 / e, 0.98 + e / 1000, 0.001, 1.0, 1.0)
                     for e in range(1, 11)]
            _finish(store, run, (0.9916, 0.9922, 0.9920, 0.9918, 0.9921)[p.config.seed], 0.03, epochs=10,
                    history=curve)
        doc = reproduce["write_doc"](store, tmp_path / "reproduction.md", "test machine")
    [row] = [r for r in doc.splitlines() if r.startswith("| 000 | lr=0.001:") and "test accuracy:" in r]
    cells = _cells(row)
    assert cells[2].startswith("test accuracy: ≥ 99.00%") and cells[7] == "consistent"
    assert cells[9] == "the seed gives a bound, not a figure; every run here is above it (lowest 99.16%)."
    [base] = [r for r in doc.splitlines() if r.startswith("| 000 | model=baseline:") and "test accuracy: 99.17%" in r]
    assert "`cnnlab run examples/learning_rate.toml --set repeats=5 --only lr=0.001 " in base
    assert "The same configuration as `learning_rate` lr=0.001: the runs shown are `learning_rate`'s" in base
    [log] = [r for r in doc.splitlines() if "| seed 000, Q1 (training log) | train loss |" in r]
    assert _cells(log)[5] == "10" and "compared" in log


def test_the_exported_store_regenerates_the_same_document(tmp_path: Path, reproduce: dict[str, Any]) -> None:
    """A working store -> its dump (text, sorted, thinned) -> the same document and figures, byte for byte."""
    _best_config_store(tmp_path / "store")
    dump = tmp_path / "store.sql"
    _cli("--export-store", "--store", str(tmp_path / "store"), "--dump", str(dump), "--machine", "test machine")
    _cli("--from-store", "--store", str(tmp_path / "store"), "--out", str(tmp_path / "a" / "reproduction.md"),
         "--machine", "test machine")
    _cli("--from-store", "--dump", str(dump), "--out", str(tmp_path / "b" / "reproduction.md"))
    assert "Machine: test machine;" in (tmp_path / "b" / "reproduction.md").read_text()  # from the dump
    text = dump.read_text()
    assert str(tmp_path) not in text and "host" not in text.split("INSERT INTO runs (")[1].split(")")[0]
    assert text.count("INSERT INTO step_curves") == 5 * 27  # only the steps the log compares
    again = tmp_path / "again.sql"
    with Store.open(tmp_path / "store") as store:
        reproduce["export_store"](store, again, "test machine")
    assert again.read_bytes() == dump.read_bytes()  # deterministic
    for name in ("reproduction.md", *(f"reproduction/{p.name}" for p in (tmp_path / "b" / "reproduction").iterdir())):
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes(), name


def test_the_shipped_store_regenerates_the_published_document_byte_for_byte(tmp_path: Path) -> None:
    """In a fresh directory: `python examples/reproduce.py --from-store` on docs/reproduction-store.sql writes
    docs/reproduction.md and every figure in docs/reproduction/ exactly as committed."""
    _cli("--from-store", "--out", str(tmp_path / "reproduction.md"))
    assert (tmp_path / "reproduction.md").read_bytes() == (ROOT / "docs" / "reproduction.md").read_bytes()
    made = sorted(p.name for p in (tmp_path / "reproduction").glob("*.svg")) if (tmp_path / "reproduction").is_dir() \
        else []
    shipped = sorted(p.name for p in (ROOT / "docs" / "reproduction").glob("*.svg"))
    assert made == shipped
    for name in made:
        assert (tmp_path / "reproduction" / name).read_bytes() == (ROOT / "docs" / "reproduction" / name).read_bytes()
    text = (ROOT / "docs" / "reproduction.md").read_text()
    assert "`python examples/reproduce.py --from-store`" in text
    assert not re.search(r"(?<![\w.])/(home|tmp|work|root|Users|mnt|var)/", text)  # no machine paths


def test_the_readme_says_what_the_document_covers() -> None:
    """The README's summary of docs/reproduction.md names the values it covers, as the document's header does."""
    header = (ROOT / "docs" / "reproduction.md").read_text().split("\n## Results")[0]
    readme = (ROOT / "README.md").read_text()
    summary = " ".join(readme[readme.index("](docs/reproduction.md)"):readme.index("## The report")].split())
    total, results, logs = re.search(r"the seeds hold (\d+) MNIST values, (\d+) results and (\d+) training-log "
                                     r"values", header).groups()
    assert f"{total} MNIST values" in summary and f"{results} reported results" in summary
    assert f"{logs} training-log values" in summary
    assert "python examples/reproduce.py --from-store" in summary
