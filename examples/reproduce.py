"""Reproduce every MNIST figure of seeds 000, 001, 002 and 004, and write docs/reproduction.md from the store.

    python examples/reproduce.py                      # run every configuration with a figure, then write the doc
    python examples/reproduce.py --max-epochs 5       # only the short configurations (the rest: "not run yet")
    python examples/reproduce.py --select keras_5,lenet_mnist   # some configurations (labels or spec names)
    python examples/reproduce.py --from-store         # only write the doc from what the store holds

Each configuration that a seed reported a figure for runs as its own `cnnlab run SPEC --only ...` (the
command is printed in its rows), with 5 seeds, or 3 where it trains for 10 epochs or more. The document
is generated from the store, never by hand: a configuration without runs is listed as "not run yet"
with the command that would make its rows.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cnnlab.errors import CnnlabError
from cnnlab.experiments.results import GOOD, Check, ConfigResult, check, swept_keys
from cnnlab.experiments.spec import PER_EPOCH_ONLY, Bound, ExperimentSpec, RunPlan, format_value, load_spec
from cnnlab.report.sections import figure_value, measured_value
from cnnlab.store.atomic import atomic_write_bytes
from cnnlab.store.db import Store

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# the MNIST specs of seeds 000, 001, 002 and 004, in the seeds' order
SPECS = ("baseline_and_variants.toml", "learning_rate.toml", "break_the_cnn.toml", "mlp_vs_cnn.toml",
         "lenet_mnist.toml", "keras_nets.toml", "pytorch_nets.toml")
CIFAR_SPECS = ("cifar10_gray_architectures.toml", "relu_vs_sigmoid.toml", "schedules_vs_adam.toml",
               "cifar100_coarse.toml")
QUALITATIVE = ("batch_size.toml", "dropout.toml", "initialisation.toml", "optimizer.toml")
LONG = 10  # epochs from which a configuration gets 3 seeds instead of 5
SEEDS, SEEDS_LONG = 5, 5
DEFAULT_STORE = Path("reproduction-runs")
# what cnnlab assumed where the seed is silent: the first suspects when a figure is outside the interval
ASSUMED = {
    "baseline_and_variants": "Adam's learning rate (0.001 assumed)",
    "learning_rate": "the epoch count (10 assumed) and the seed's rounded figure (\"about\", \"99%+\")",
    "break_the_cnn": "the values (lr 1.0, dropout 0.9, momentum 0.99 are cnnlab's; the seed gives none) and the "
                     "seed's rounded figure",
    "mlp_vs_cnn": "the optimizer (SGD, momentum 0.5 assumed) and the input normalisation",
    "lenet_mnist": "the optimizer, batch size and epoch count (Adam, 64, 10 assumed) and the dense widths",
    "keras_nets": "the optimizer (plain SGD at lr 0.001, fitted to the seed's training log; from epoch 2 on it "
                  "trains slower than that log, see the training-log rows), the [0, 1] inputs, the dense head's "
                  "ReLU/BN order and dropout, and torch's BatchNorm constants",
    "pytorch_nets": "the optimizer (SGD 0.01, momentum 0.5 assumed), the batch size (128; the logs also fit 64)",
}


@dataclass(frozen=True)
class Target:
    """One configuration of a spec that a seed reported at least one figure for."""

    spec_file: str
    spec: ExperimentSpec
    plan: RunPlan  # its first repeat
    only: dict[str, Any]  # the settings that pick it out of the spec
    repeats: int

    @property
    def command(self) -> str:
        only = " ".join(f"--only {shlex.quote(f'{k}={format_value(v)}')}" for k, v in self.only.items())
        return (f"cnnlab run examples/{self.spec_file} --set repeats={self.repeats} {only} --no-report "
                f"--store STORE").replace("  ", " ")


def targets(specs: tuple[str, ...] = SPECS) -> list[Target]:
    """Every configuration with an expectation, with the `--only` settings that select it."""
    found = []
    for name in specs:
        spec = load_spec(HERE / name)
        firsts = [p for p in spec.expand() if p.repeat == 0]
        groups = [ConfigResult(p.config_key, p.label, [{"config": p.config.model_dump()}]) for p in firsts]
        keys = swept_keys(groups)
        for p, g in zip(firsts, groups, strict=True):
            if not any(e.applies(g.config) for e in spec.expect):
                continue
            # `--only KEY=VALUE` cannot say "not set" (TOML has no null): leave unset keys out when the others
            # still pick this one configuration
            only = {k: g.config[k] for k in keys if g.config[k] is not None}
            if sum(all(o.config.get(k) == v for k, v in only.items()) for o in groups) > 1:
                only = {k: g.config[k] for k in keys}
            repeats = SEEDS_LONG if p.config.epochs >= LONG else SEEDS
            found.append(Target(name, spec, p, only, repeats))
    return found


def run_target(t: Target, store: Path) -> float:
    """Train the target's repeats with the real CLI (finished runs are kept); returns the seconds it took."""
    args = [sys.executable, "-m", "cnnlab", "run", str(HERE / t.spec_file), "--set", f"repeats={t.repeats}",
            "--no-report", "--store", str(store)]
    for k, v in t.only.items():
        args += ["--only", f"{k}={format_value(v)}"]
    started = time.perf_counter()
    print(f"$ {t.command.replace('STORE', str(store))}", file=sys.stderr, flush=True)
    subprocess.run(args, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - started


# -- the document ---------------------------------------------------------------------------------

def _runs_of(store: Store | None, t: Target) -> ConfigResult:
    """The stored runs of the target's configuration (any seed, any plan), finished ones first."""
    rows: list[dict[str, Any]] = []
    if store is not None:
        try:
            rows = store.runs(t.spec.name, all_runs=True)
        except CnnlabError:
            rows = []
    mine = [r for r in rows if r.get("config_key") == t.plan.config_key]
    seen: dict[int, dict[str, Any]] = {}
    for r in mine:  # one row per seed: a finished repeat wins over an older failed one
        if r.get("seed") not in seen or r.get("status") in GOOD:
            seen[r.get("seed")] = r
    return ConfigResult(t.plan.config_key, t.plan.label, sorted(seen.values(), key=lambda r: r.get("seed") or 0))


def _measured(c: Check) -> tuple[str, str]:
    m = c.measured
    if m is None:
        return "—", "—"
    if c.metric == "params":
        return figure_value(c.metric, m.mean), "exact"
    interval = "—" if m.ci95 is None else "[{}, {}]".format(*(figure_value(c.metric, v) for v in m.ci95))
    return measured_value(c.metric, m), interval


def _conditions(t: Target) -> str:
    c = t.plan.config
    parts = [f"`{c.model}`" + (f" ({c.activation})" if c.activation else ""), f"{c.epochs} ep",
             f"{c.optimizer} lr {format_value(c.lr)}" + (f" m {format_value(c.momentum)}" if c.momentum else ""),
             f"batch {c.batch_size}", "no val" if c.val_split == 0 else f"val {c.val_split:.3g}",
             "inputs [0, 1]" if not c.normalize else "normalised"]
    if t.spec.name == "break_the_cnn":
        parts.append("the breaking value is cnnlab's (the seed gives none)")
    return ", ".join(parts)


def _why(t: Target, c: Check) -> str:
    if c.bound is not None and c.verdict == "consistent" and c.measured is not None and c.measured.values:
        lower = c.bound == Bound.AT_LEAST
        extreme = (min if lower else max)(c.measured.values)  # the run nearest the bound's wrong side
        if (extreme >= c.reported) if lower else (extreme <= c.reported):
            return (f"the seed gives a bound, not a figure; every run here is {'above' if lower else 'below'} it "
                    f"({'lowest' if lower else 'highest'} {figure_value(c.metric, extreme)}).")
        return "the seed gives a bound, not a figure; one more run could meet it."
    if c.verdict not in ("above", "below"):
        return ""
    if c.metric == "params":
        return "the preset is not the seed's net"
    m = c.measured
    side = "above" if c.verdict == "above" else "below"
    scale, unit, digits = (100, " points", 2) if "accuracy" in c.metric else (1, "", 4)  # as the table shows them
    gap = "" if m is None else f"cnnlab's mean is {abs(m.mean - c.reported) * scale:.{digits}f}"
    return (f"{gap}{unit} {side} the seed's figure, outside the spread of one run; the seed's figure is a single "
            f"run. Where the seed is silent cnnlab assumed {ASSUMED.get(t.spec.name, 'its defaults')}.")


def _broken(group: ConfigResult) -> str:
    """Say so when some of a configuration's runs did not train to the end: the statistics leave them out."""
    broken = group.broken_runs
    if not broken:
        return ""
    first = broken[0]
    return (f"{len(broken)} of {len(group.runs)} runs {first.get('status')} (seed {first.get('seed')}: "
            f"{first.get('message') or 'no message'}); the statistics leave {'it' if len(broken) == 1 else 'them'} "
            "out.")


def _training_log_text(chosen: list[Target]) -> str:
    """Which specs check a training log's per-epoch figures, read from their [[expect]] tables."""
    logged: dict[str, set[int]] = {}
    for t in chosen:
        for e in t.spec.expect:
            if e.metric in PER_EPOCH_ONLY and e.epoch is not None:
                logged.setdefault(t.spec.name, set()).add(e.epoch)
    if not logged:
        return "No training-log figures are checked."
    named = "; ".join(f"`{name}` (epochs {', '.join(map(str, sorted(ep)))})" for name, ep in sorted(logged.items()))
    return (f"Training-log figures (training accuracy or loss at an epoch) are checked where a spec gives them: "
            f"{named}; the other logs' per-epoch training figures are not.")


def _note(t: Target) -> str:
    if t.repeats == SEEDS_LONG:
        return f" ({t.plan.config.epochs} epochs: {SEEDS_LONG} seeds, CPU time does not allow {SEEDS})"
    return ""


def _seed_of(source: str) -> str:
    return source.split(",")[0].removeprefix("seed ").strip()


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    flags = ""
    try:
        text = Path("/proc/cpuinfo").read_text()
        flags = ", AVX-512" if "avx512f" in text else ", AVX2" if "avx2" in text else ""
    except OSError:
        pass
    return f"{os.cpu_count()}-core {model}{flags}, {platform.system()}"


def write_doc(store_dir: Path, out: Path, machine_text: str, run_seconds: float | None, invocation: str = "") -> str:
    """Build docs/reproduction.md from the store and write it atomically; returns the text."""
    store = Store.open(store_dir, create=False) if (store_dir / "cnnlab.db").is_file() else None
    lines: list[str] = []
    total_wall, total_runs, counts = 0.0, 0, {"consistent": 0, "above": 0, "below": 0, "too few runs": 0,
                                              "every run diverged": 0, "not run yet": 0}
    rows: list[str] = []
    chosen = targets()
    for t in chosen:
        group = _runs_of(store, t)
        for r in [*group.good_runs, *group.broken_runs]:  # runs that ended: one in progress has no wall time yet
            total_wall += float(r.get("wall_seconds") or 0.0)
        total_runs += len(group.good_runs)
        curves = store.epoch_curves if store is not None else None
        for e in t.spec.expect:
            if not e.applies(t.plan.config.model_dump()):
                continue
            if e.metric == "params":  # a property of the architecture, not of a run
                probe = ConfigResult(t.plan.config_key, t.plan.label, [{"config": t.plan.config.model_dump()}])
                c = check(probe, e)
            else:
                c = check(group, e, curves) if group.good_runs else None
            command = f"`{t.command}`"
            figure = e.metric.replace("_", " ") + (f", epoch {e.epoch}" if e.epoch else "")
            if c is None and group.runs and group.all_broken:  # run, and none trained to the end
                counts["every run diverged"] += 1
                accs = sorted(float(r["test_accuracy"]) for r in group.runs if r.get("test_accuracy") is not None)
                shown = (f"test {figure_value(e.metric, accs[0])}–{figure_value(e.metric, accs[-1])}"
                         if accs and e.metric == "test_accuracy" else "no test figure")
                rows.append(f"| {_seed_of(e.source)} | {t.plan.label}: {_conditions(t)} | {figure}: "
                            f"{figure_value(e.metric, e.value)} ({e.source}) | all {len(group.runs)} runs diverged "
                            f"({shown}) | — | 0 | every run diverged | {command} | "
                            f"{group.runs[0].get('message') or ''} (the statistics count only runs that trained "
                            "to the end) |")
                continue
            if c is None:
                counts["not run yet"] += 1
                rows.append(f"| {_seed_of(e.source)} | {t.plan.label}: {_conditions(t)} | {figure}: "
                            f"{figure_value(e.metric, e.value)} ({e.source}) | not run yet | — | 0 | not run yet | "
                            f"{command} | |")
                continue
            counts[c.verdict] = counts.get(c.verdict, 0) + 1
            mean, interval = _measured(c)
            n_text = "—" if c.metric == "params" else f"{len(group.good_runs)}{_note(t)}"
            why = " ".join(w for w in (_why(t, c), "" if c.metric == "params" else _broken(group)) if w)
            rows.append(f"| {_seed_of(e.source)} | {t.plan.label}: {_conditions(t)} | {figure}: "
                        f"{c.claim}{figure_value(e.metric, e.value)} ({e.source}) | {mean} | {interval} | {n_text} | "
                        f"{c.verdict} | {command} | {why} |")
    lines += [
        "# Reproducing the seeds' MNIST figures",
        "",
        "Generated by `python examples/reproduce.py` (runs the configurations, then writes this file from the "
        "results store; `--from-store` only writes it). Do not edit by hand."
        + (f" This file: `{invocation}`." if invocation else ""),
        "",
        f"- Machine: {machine_text}.",
        f"- Runs in the store: {total_runs} that trained to the end, {total_wall / 60:.1f} min of training wall time"
        + (f"; this invocation took {run_seconds / 60:.1f} min" if run_seconds else "") + ".",
        f"- Figures: {sum(counts.values())}; " + ", ".join(f"{v} {k}" for k, v in counts.items() if v) + ".",
        "- Seeds: 5 per configuration, 3 for configurations of 10 or more epochs (CPU time); the row says so.",
        "- Verdict: `consistent` when the seed's figure lies inside the 95% prediction interval for one new run "
        "from cnnlab's repeats (mean ± t(0.975, n−1)·s·√(1 + 1/n)); `above`/`below`: cnnlab's runs are above/below "
        "the figure; a bound the seed states (≥ 99%: its \"99%+\") is `consistent` while that interval reaches it; "
        "`too few runs` below 3 repeats; `every run diverged` when runs were made and none trained to the "
        "end (the row gives their test accuracies and the first run's reason). The 95% CI column is the "
        "confidence interval of cnnlab's mean. Parameter counts are exact (no seeds).",
        "- Every row's command runs that configuration (STORE: the results folder; finished runs are kept). "
        + _training_log_text(chosen),
        "",
        "| seed | conditions | seed's figure | cnnlab mean ± std | 95% CI | n seeds | verdict | command | why |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "## Not in the table",
        "",
        "- Seed 000's batch size, dropout, initialisation and optimizer comparisons (`examples/"
        + "`, `examples/".join(QUALITATIVE) + "`) report curves and rankings, no figures.",
        "- The CIFAR experiments (seed 002's CIFAR-100 coarse, seed 003's parts 3–5: `examples/"
        + "`, `examples/".join(CIFAR_SPECS) + "`) cannot run here without the data sets: their specs are "
        "checked by expanding them against the seeds' text in `tests/experiments/test_examples.py`.",
        "",
    ]
    text = "\n".join(lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, text.encode("utf-8"))
    if store is not None:
        store.close()
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, default=DEFAULT_STORE, help="results folder (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "reproduction.md")
    ap.add_argument("--from-store", action="store_true", help="only write the document from the store")
    ap.add_argument("--max-epochs", type=int, default=None, help="run only configurations of at most N epochs")
    ap.add_argument("--select", default=None, metavar="NAME,...",
                    help="run only these configurations (row labels such as keras_5, or spec names)")
    ap.add_argument("--machine", default=None, help="how to name the machine the runs were made on")
    args = ap.parse_args(argv)
    seconds = None
    if not args.from_store:
        started = time.perf_counter()
        chosen = targets()
        if args.select:
            names = {n.strip() for n in args.select.split(",")}
            known = {t.plan.label for t in chosen} | {t.spec.name for t in chosen}
            if names - known:
                print(f"error: --select: unknown {', '.join(sorted(names - known))} (choices: "
                      f"{', '.join(sorted(known))})", file=sys.stderr)
                return 2
            chosen = [t for t in chosen if t.plan.label in names or t.spec.name in names]
        for t in chosen:
            if args.max_epochs is None or t.plan.config.epochs <= args.max_epochs:
                run_target(t, args.store)
        seconds = time.perf_counter() - started
    try:
        shown = ["python", "examples/reproduce.py", *(argv if argv is not None else sys.argv[1:])]
        write_doc(args.store, args.out, args.machine or machine(), seconds, shlex.join(shown))
    except CnnlabError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
