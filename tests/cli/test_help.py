"""The `train` flags are generated from TrainConfig; help, version, completion and plain output for logs."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from cnnlab import __version__
from cnnlab.cli.common import PlainLines, config_options
from cnnlab.cli.train import ProgressView
from cnnlab.config import TrainConfig
from cnnlab.events import Phase, StepRecord

ROOT = Path(__file__).resolve().parents[2]


def cnnlab(*args: str, env: dict | None = None, code: str | None = None) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, stdout and stderr pipes (not a terminal)."""
    argv = ["-c", code] if code else ["-m", "cnnlab.cli.main"]
    return subprocess.run([sys.executable, *argv, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def expected_default(name: str) -> str:
    value = TrainConfig.model_fields[name].get_default(call_default_factory=True)
    if isinstance(value, bool):
        return name.replace("_", "-") if value else "no-" + name.replace("_", "-")
    if value is None or value == []:
        return "(none)"
    return str(value)


def test_help_lists_every_field_with_its_description_and_default():
    r = cnnlab("train", "--help")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    for name, field in TrainConfig.model_fields.items():
        flag = "--" + name.replace("_", "-")
        # the option's line, or the line after it when its metavar is long (click's layout)
        i = next(i for i, line in enumerate(lines) if line.lstrip().startswith(flag) or f", {flag}" in line)
        text = " ".join(lines[i:i + 2])
        assert field.description and field.description in text, name
        assert f"[default: {expected_default(name)}]" in text, (name, text)
    assert "--recipe" in r.stdout and "--out" in r.stdout and "--json" in r.stdout


def test_descriptions_speak_to_a_user_and_survive_rich_markup():
    for name, field in TrainConfig.model_fields.items():
        d = field.description or ""
        assert len(d) > 15, name
        assert "[" not in d, f"{name}: Rich would read [...] as markup and swallow it"
        assert "seed 0" not in d, f"{name}: a seed report is not an explanation"


def test_a_field_added_to_trainconfig_is_a_flag_that_reaches_the_config(tmp_path):
    """A new setting is one line in config.py: subclass TrainConfig with new fields before the CLI is imported,
    then train with their flags and read them back from the run's JSON (the config the run used)."""
    code = textwrap.dedent("""
        import sys
        from typing import Literal
        from pydantic import Field
        import cnnlab.config as config

        class Extended(config.TrainConfig):
            mixup_alpha: float = Field(0.0, ge=0.0, description="Mixup strength (0: off).")
            flip: bool = Field(False, description="Flip images left-right at random.")
            erase: Literal["off", "random"] = Field("off", description="Random erasing of a patch.")
            widths: list[float] = Field(default_factory=list, description="Per-block width factors.")

        config.TrainConfig = Extended
        from cnnlab.cli.main import main
        main(sys.argv[1:])
    """)
    h = cnnlab("train", "--help", code=code)
    assert h.returncode == 0, h.stderr
    for flag, default in (("--mixup-alpha", "0.0"), ("--flip / --no-flip", "no-flip"), ("--erase", "off"),
                          ("--widths", "(none)")):
        line = next(line for line in h.stdout.splitlines() if flag in line)
        assert f"[default: {default}]" in line, line
    assert "<off|random>" in h.stdout
    r = cnnlab("train", "--model", "mlp_fc2", "--subset", "100", "--epochs", "1", "--device", "cpu",
               "--mixup-alpha", "0.2", "--flip", "--erase", "random", "--widths", "1,0.5", "--out", str(tmp_path / "x"),
               "--json", code=code)
    assert r.returncode == 0, r.stderr
    cfg = json.loads(r.stdout)["config"]
    assert cfg["mixup_alpha"] == 0.2 and cfg["flip"] is True and cfg["erase"] == "random"
    assert cfg["widths"] == [1.0, 0.5]
    bad = cnnlab("train", "--erase", "sometimes", code=code)
    assert bad.returncode == 2 and "sometimes" in bad.stderr and "random" in bad.stderr


def test_generator_is_driven_by_model_fields():
    params = config_options()
    assert [p.name for p in params] == list(TrainConfig.model_fields)
    assert all(p.default.help == TrainConfig.model_fields[p.name].description for p in params)


def test_given_flags_override_the_recipe_even_at_their_default_value(tmp_path):
    """`--batch-size 64` is the config's default, but typed by the user it beats the recipe's 256."""
    r = cnnlab("train", "--recipe", "fast", "--batch-size", "64", "--precision", "fp32", "--subset", "100",
               "--epochs", "1", "--device", "cpu", "--out", str(tmp_path / "r"), "--json")
    assert r.returncode == 0, r.stderr
    cfg = json.loads(r.stdout)["config"]
    from cnnlab.training.recipes import RECIPES

    assert cfg["batch_size"] == 64 and cfg["precision"] == "fp32"
    assert cfg["lr"] == RECIPES["fast"]["lr"] and cfg["schedule"] == RECIPES["fast"]["schedule"]


def test_output_that_is_not_a_terminal_is_plain_lines(tmp_path):
    out_dir = tmp_path / ("a-folder-name-long-enough-that-the-summary-line-passes-eighty-columns" * 2)
    r = cnnlab("train", "--model", "mlp_fc2", "--subset", "300", "--epochs", "2", "--log-every", "1",
               "--device", "cpu", "--out", str(out_dir))
    assert r.returncode == 0, r.stderr
    for stream in (r.stdout, r.stderr):
        assert "\r" not in stream and "\x1b" not in stream  # no bar redraws, no cursor or colour codes
        assert all(line.strip() for line in stream.splitlines()), "blank line"
    lines = r.stdout.splitlines()
    assert [line.split()[1] for line in lines if line.startswith("epoch ")] == ["1/2", "2/2"]
    assert all("train loss" in line and "test loss" in line for line in lines if line.startswith("epoch "))
    assert str(out_dir) in lines[-1] and len(lines[-1]) > 120  # not wrapped at 80 columns
    assert len(lines) == 3


def test_phases_are_one_plain_line_each_and_steps_draw_nothing(capsys):
    view = ProgressView(2, lines_to_stderr=False, live=False, phase_delay=0)
    view(Phase("loading data"))
    view(StepRecord(epoch=1, step=1, steps_per_epoch=5, loss=2.3, accuracy=0.1, lr=1e-3, grad_norms={}))
    view(Phase("evaluating", epoch=1))
    view.stop()
    captured = capsys.readouterr()
    assert captured.err.splitlines() == ["cnnlab train: loading data", "cnnlab train: evaluating (epoch 1)"]
    assert captured.out == ""


def test_a_phase_shorter_than_its_delay_prints_nothing(capsys):
    import time

    view = ProgressView(2, lines_to_stderr=False, live=False, phase_delay=0.3)
    view(Phase("loading data"))
    view(StepRecord(epoch=1, step=1, steps_per_epoch=5, loss=2.3, accuracy=0.1, lr=1e-3, grad_norms={}))
    view(Phase("evaluating", epoch=1))
    time.sleep(0.6)  # this one lasts past its delay
    view.stop()
    assert capsys.readouterr().err.splitlines() == ["cnnlab train: evaluating (epoch 1)"]


def test_plain_lines_drop_blank_lines_and_trailing_blanks(capsys):
    f = PlainLines(stderr=False)
    f.write("  a table title   \n        \n  row 1  ")
    f.write("\n\n")
    assert capsys.readouterr().out == "  a table title\n  row 1\n"


def test_version_and_completion():
    r = cnnlab("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"cnnlab {__version__}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == __version__
    # as a user types it in bash: the shell is detected from the parent process, so start it from one
    script = subprocess.run(["bash", "-c", f"{shlex.quote(sys.executable)} -m cnnlab.cli.main --show-completion"],
                            capture_output=True, text=True, timeout=300)
    assert script.returncode == 0 and "_CNNLAB_COMPLETE" in script.stdout, script.stderr
    env = {"_CNNLAB_COMPLETE": "complete_bash", "COMP_WORDS": "cnnlab train --optimizer ", "COMP_CWORD": "3"}
    choices = cnnlab(env=env)
    assert choices.stdout.split() == ["adam", "adamw", "sgd", "rmsprop", "adadelta"]


def test_diverged_train_prints_its_reason_once(tmp_path):
    r = cnnlab("train", "--lr", "10", "--subset", "8000", "--epochs", "2", "--device", "cpu",
               "--out", str(tmp_path / "d"))
    assert r.returncode == 3
    both = r.stdout + r.stderr
    assert both.count("diverged:") == 1 and r.stderr.strip().splitlines()[-1].startswith("error: diverged:")
