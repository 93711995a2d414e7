"""Searches: the rung rules, a real study on the sequential executor, the same trials for the same seed, a
SIGKILLed `cnnlab run` that resumes into the same study, and the one line when Optuna is missing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cnnlab.errors import CnnlabError
from cnnlab.experiments.runner import run_experiment
from cnnlab.experiments.search import OPTUNA_MISSING, STUDY_FILE, keeps, study_name
from cnnlab.experiments.search_results import summarize_search
from cnnlab.experiments.spec import parse_spec
from cnnlab.store.db import Store

optuna = pytest.importorskip("optuna")

SPEC = """name = "study"
[base]
model = "lenet"
epochs = 2
subset = 300
batch_size = 32
log_every = 5
device = "cpu"
[search]
trials = {trials}
round = {round}
sampler = "{sampler}"
pruner = "asha"
reduction = 2
rungs = [1]
seed = 7
[search.space]
lr = {{ low = 1e-4, high = 0.05, log = true }}
batch_size = [32, 64]
dropout = {{ low = 0.0, high = 0.5 }}
"""


def spec_text(trials: int = 4, round_size: int = 4, sampler: str = "random") -> str:
    return SPEC.format(trials=trials, round=round_size, sampler=sampler)


# -- the rules ---------------------------------------------------------------------------------------------
def numbered(values: list[float]) -> list[tuple[float, int]]:
    return [(v, i) for i, v in enumerate(values)]


def test_asha_keeps_the_best_fraction_and_at_least_one() -> None:
    values = numbered([0.1, 0.5, 0.3, 0.9, 0.7, 0.2])
    assert [v for v, i in values if keeps("asha", v, i, values, 3, "maximize")] == [0.9, 0.7]  # 6 // 3 = 2
    two = numbered([0.4, 0.6])
    assert [keeps("asha", v, i, two, 3, "maximize") for v, i in two] == [False, True]  # 2 // 3 = 0: the best
    losses = numbered([0.5, 0.1, 0.3])
    assert [v for v, i in losses if keeps("asha", v, i, losses, 3, "minimize")] == [0.1]


def test_asha_breaks_ties_by_the_earlier_trial_so_the_budget_holds() -> None:
    tied = numbered([0.8, 0.9, 0.9, 0.9, 0.1, 0.2])
    assert [i for v, i in tied if keeps("asha", v, i, tied, 3, "maximize")] == [1, 2]


def test_median_keeps_the_trials_no_worse_than_the_median() -> None:
    values = numbered([0.1, 0.2, 0.3, 0.4])
    assert [v for v, i in values if keeps("median", v, i, values, 3, "maximize")] == [0.3, 0.4]
    assert [v for v, i in values if keeps("median", v, i, values, 3, "minimize")] == [0.1, 0.2]
    assert keeps("none", 0.0, 0, values, 3, "maximize") is True
    assert keeps("asha", float("nan"), 0, values, 3, "maximize") is False


# -- a real study --------------------------------------------------------------------------------------
def trials_of(store_dir: Path) -> list[tuple]:
    """Every trial as (number, settings, status, epochs, rung, validation accuracy per epoch)."""
    with Store.open(store_dir, create=True) as store:
        summary = summarize_search(store, "study", importances=False)
        assert summary is not None
        return [(t.number, tuple(sorted(t.params.items())), t.status, t.epochs, t.rung,
                 tuple(c["val_accuracy"] for c in t.curve)) for t in summary.trials]


def test_a_search_prunes_at_the_rung_and_agrees_with_optuna(tmp_path: Path, fast_data: None) -> None:
    spec = parse_spec(spec_text(trials=4, round_size=4))
    with Store.open(tmp_path / "runs", create=True) as store:
        outcome = run_experiment(spec, store, "sequential")
        summary = summarize_search(store, "study")
    assert summary is not None and outcome.search is not None
    statuses = [t.status for t in summary.trials]
    assert statuses.count("pruned") == 2 and statuses.count("finished") == 2
    for t in summary.trials:  # reduction 2 keeps the best 2 of 4 at epoch 1
        assert t.epochs == (1 if t.status == "pruned" else 2)
        assert t.rung == (1 if t.status == "pruned" else None)
        assert len(t.curve) == t.epochs
    kept = [t.curve[0]["val_accuracy"] for t in summary.trials if t.status == "finished"]
    assert min(kept) >= max(t.curve[0]["val_accuracy"] for t in summary.trials if t.status == "pruned")
    assert summary.epochs_spent == outcome.search.epochs_spent == 6
    assert summary.best is not None and summary.best.status == "finished"
    # the study in Optuna's storage beside the store says the same
    study = optuna.load_study(study_name=study_name(spec), storage=f"sqlite:///{tmp_path / 'runs' / STUDY_FILE}")
    states = [t.state.name for t in study.trials]
    assert states == [{"finished": "COMPLETE", "pruned": "PRUNED"}[s] for s in statuses]
    assert study.best_value == pytest.approx(summary.best.value)
    assert all(1 in t.intermediate_values for t in study.trials)


def test_the_same_seed_samples_the_same_trials_and_repeats_re_run_the_best(tmp_path: Path,
                                                                           fast_data: None) -> None:
    a = parse_spec(spec_text(trials=2, round_size=2))
    with Store.open(tmp_path / "a", create=True) as store:
        run_experiment(a, store, "sequential")
    b = parse_spec(spec_text(trials=2, round_size=2).replace("name = \"study\"\n", "name = \"study\"\nrepeats = 3\n"))
    with Store.open(tmp_path / "b", create=True) as store:
        run_experiment(b, store, "sequential")
        summary = summarize_search(store, "study")
    assert trials_of(tmp_path / "a") == trials_of(tmp_path / "b")  # repeats does not change the trials
    assert summary is not None and summary.best is not None
    assert sorted(r["seed"] for r in summary.best_runs) == [0, 1, 2]
    assert summary.best_test is not None and summary.best_test.n == 3 and summary.best_test.ci95 is not None


def test_without_optuna_a_search_says_which_extra_to_install(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "optuna", None)  # `import optuna` now raises ImportError
    with Store.open(tmp_path / "runs", create=True) as store, pytest.raises(CnnlabError) as e:
        run_experiment(parse_spec(spec_text()), store, "sequential")
    assert str(e.value) == OPTUNA_MISSING
    assert "pip install 'cnnlab[search]'" in str(e.value)
    with Store.open(tmp_path / "runs", create=True) as store:
        assert store.experiments() == []  # nothing of the search was recorded


def test_cnnlab_run_without_optuna_exits_2_with_the_extra_to_install(tmp_path: Path, cli,  # noqa: ANN001
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "optuna", None)
    spec = tmp_path / "study.toml"
    spec.write_text(spec_text())
    code, out, err = cli("run", spec, "--store", tmp_path / "runs")
    assert code == 2 and out == ""
    assert "a [search] spec needs Optuna: pip install 'cnnlab[search]'" in err and "Traceback" not in err
    assert not (tmp_path / "runs").exists()


# -- SIGKILL and resume ------------------------------------------------------------------------------------
def cnnlab(*args: object) -> subprocess.Popen:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-c", "from cnnlab.cli.main import main; main()",
                             *(str(a) for a in args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def ended(store_dir: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{store_dir / 'cnnlab.db'}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT COUNT(*) FROM runs WHERE status IN ('paused', 'pruned', 'finished')"
                              ).fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def test_a_search_killed_with_sigkill_resumes_the_same_study(tmp_path: Path) -> None:
    spec_path = tmp_path / "study.toml"
    spec_path.write_text(spec_text(trials=6, round_size=3, sampler="tpe"))

    # sequential: trials pause at the rung with their state saved, the case a kill can interrupt anywhere
    whole = cnnlab("run", spec_path, "--store", tmp_path / "whole", "--no-report", "--executor", "sequential")
    _, err = whole.communicate(timeout=300)
    assert whole.returncode == 0, err.decode()[-2000:]

    killed = tmp_path / "killed"
    proc = cnnlab("run", spec_path, "--store", killed, "--no-report", "--executor", "sequential")
    deadline = time.monotonic() + 240
    while ended(killed) < 4:  # into the second round: its trials sampled by TPE from the first's
        assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
        assert time.monotonic() < deadline, "the search did not reach its second round in time"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = trials_of(killed)
    assert 4 <= len(partial) <= 6 and any(t[2] in ("paused", "running", "queued") for t in partial)

    proc = cnnlab("run", spec_path, "--store", killed, "--no-report", "--executor", "sequential")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()[-2000:]

    assert trials_of(killed) == trials_of(tmp_path / "whole")  # same settings, statuses, rungs and figures
    with Store.open(killed, create=True) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = store.runs("study")
        # no trial trained twice: each ran at most once per rung plus once after the kill
        assert all(r["attempts"] <= 3 for r in rows)
        assert sum(r["epochs"] for r in rows) == sum(t[3] for t in trials_of(tmp_path / "whole"))
    storage = f"sqlite:///{killed / STUDY_FILE}"
    study = optuna.load_study(study_name=study_name(parse_spec(spec_path.read_text())), storage=storage)
    told = [t for t in study.trials if t.state.name in ("COMPLETE", "PRUNED")]
    assert len(told) == 6 and not [t for t in study.trials if t.state.name == "RUNNING"]


# -- the example and the CLI -------------------------------------------------------------------------------
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "search_lenet.toml"


def test_the_example_search_runs_shortened_and_cnnlab_runs_lists_its_trials(tmp_path: Path, fast_data: None,
                                                                           cli) -> None:  # noqa: ANN001
    shortened = ["--set", "epochs=2", "--set", "search.trials=3", "--set", "search.round=3", "--set",
                 "search.rungs=[1]", "--set", "repeats=2", "--set", 'device="cpu"', "--subset", "300"]
    code, out, err = cli("run", EXAMPLE, "--store", tmp_path, "--json", "--no-report", *shortened)
    assert code == 0, err
    result = json.loads(out)
    assert (result["experiment"], result["metric"], result["rungs"]) == ("search_lenet", "val_accuracy", [1])
    assert len(result["trials"]) == 3
    assert {t["status"] for t in result["trials"]} <= {"finished", "pruned"}
    assert result["best"] is not None and len(result["best_repeats"]) == 2
    assert all(r["config"]["subset"] == 300 for r in result["runs"])
    code, out, err = cli("runs", "search_lenet", "--store", tmp_path)
    assert code == 0, err
    assert "rung" in out and "trial" in out and "best trial: " in out
    code, out, _ = cli("runs", "search_lenet", "--store", tmp_path, "--json")
    rows = json.loads(out)
    assert [r["trial"] for r in rows] == [0, 1, 2, result["best"]["trial"]]
    assert {r["status"] for r in rows} <= {"finished", "pruned"} and all("rung" in r for r in rows)


def test_set_overrides_a_search_option_and_names_a_bad_one() -> None:
    spec = parse_spec(spec_text(), overrides=["search.trials=2", "search.pruner=\"median\""])
    assert spec.search is not None and (spec.search.trials, spec.search.pruner) == (2, "median")
    assert spec.search.round == 2  # the spec's round of 4, cut to the 2 trials
    with pytest.raises(CnnlabError, match=r"\[search\] pruner: 'fast' is invalid \(choices: asha, median, none\)"):
        parse_spec(spec_text(), overrides=['search.pruner="fast"'])


def test_on_the_stacked_executor_a_round_trains_as_one_stack_pruned_inside_it(tmp_path: Path,
                                                                             fast_data: None) -> None:
    text = spec_text(trials=4, round_size=4).replace("batch_size = [32, 64]\n", "")  # one shape: one stack
    spec = parse_spec(text)
    with Store.open(tmp_path / "runs", create=True) as store:
        outcome = run_experiment(spec, store, "vectorized")
        summary = summarize_search(store, "study", importances=False)
        rows = {r["run_id"]: r for r in store.runs("study")}
    assert outcome.executor == "vectorized" and summary is not None
    assert {r["executor"] for r in rows.values()} == {"vectorized"}
    assert sorted(t.status for t in summary.trials) == ["finished", "finished", "pruned", "pruned"]
    for t in summary.trials:
        folder = Path(rows[t.run_id]["run_dir"])
        if t.status == "pruned":
            assert (t.epochs, t.rung, len(t.curve)) == (1, 1, 1)
            assert not (folder / "model.safetensors").exists()  # stopped in the stack, no checkpoint
        else:
            assert (t.epochs, t.rung, len(t.curve)) == (2, None, 2)
            assert (folder / "model.safetensors").exists()
    at_rung = sorted(((t.curve[0]["val_accuracy"], -t.number), t.status) for t in summary.trials)
    assert [s for _, s in at_rung] == ["pruned", "pruned", "finished", "finished"]  # the rule, ties to the earlier
    study = optuna.load_study(study_name=study_name(spec), storage=f"sqlite:///{tmp_path / 'runs' / STUDY_FILE}")
    assert sorted(t.state.name for t in study.trials) == ["COMPLETE", "COMPLETE", "PRUNED", "PRUNED"]


def test_on_ray_the_trials_pause_at_the_rung_and_match_the_sequential_study(tmp_path: Path) -> None:
    # no fast_data: Ray's workers are other processes, they would see the whole data set
    pytest.importorskip("ray", reason="ray is not installed (pip install 'cnnlab[ray]')")
    text = spec_text(trials=3, round_size=3).replace('model = "lenet"', 'model = "conv 4 k3 > relu > maxpool 2 > '
                                                                          'flatten > linear 10"')
    with Store.open(tmp_path / "seq", create=True) as store:
        run_experiment(parse_spec(text), store, "sequential")
    with Store.open(tmp_path / "ray", create=True) as store:
        outcome = run_experiment(parse_spec(text), store, "ray")
    assert outcome.executor == "ray"
    assert trials_of(tmp_path / "ray") == trials_of(tmp_path / "seq")
    assert "pruned" in [t[2] for t in trials_of(tmp_path / "ray")]
