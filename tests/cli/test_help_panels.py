"""`cnnlab train --help` on a terminal groups its flags into panels (each TrainConfig field says its panel in
its metadata); `--recipe` shows its choices; shell completion offers presets, recipes and explain methods."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cnnlab.cli import main as cli_main
from cnnlab.config import PANELS, TrainConfig
from cnnlab.training.recipes import RECIPES

ROOT = Path(__file__).resolve().parents[2]


def _terminal_help(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    from typer.core import DEFAULT_MARKUP_MODE

    monkeypatch.setattr(cli_main, "is_terminal", lambda stream: True)  # rich help, as on a terminal
    # an earlier in-process command with a non-terminal stdout switched the shared app to plain help
    monkeypatch.setattr(cli_main.app, "rich_markup_mode", DEFAULT_MARKUP_MODE)
    monkeypatch.setattr(cli_main.app.info, "context_settings", {"help_option_names": ["-h", "--help"]})
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as done:
        cli_main.main(["train", "--help"])
    assert done.value.code == 0
    return re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)


def test_every_setting_sits_in_its_panel(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = _terminal_help(monkeypatch, capsys)
    starts = {name: text.index(f"╭─ {name} ─") for name in PANELS}
    assert list(starts) == sorted(starts, key=starts.get)  # in the order PANELS gives
    ends = sorted(starts.values())[1:] + [len(text)]
    span = {name: (start, next(e for e in ends if e > start)) for name, start in starts.items()}
    for name, field in TrainConfig.model_fields.items():
        panel = field.json_schema_extra["panel"]
        flag = re.search(rf"--{name.replace('_', '-')}\b", text[slice(*span[panel])])
        assert flag, f"--{name} is not in the {panel} panel"
    for flag, panel in (("--recipe", "Optimisation"), ("--out", "Run and output"), ("--track", "Run and output")):
        assert flag in text[slice(*span[panel])], flag
    assert "[" + "|".join(RECIPES) + "]" in text


@pytest.mark.parametrize(("words", "offered"), [
    ("cnnlab train --model base", {"baseline"}),
    ("cnnlab train --recipe ", set(RECIPES)),
    ("cnnlab explain --method s", {"saliency", "smoothgrad"}),
])
def test_completion_offers_the_choices(words: str, offered: set[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "_CNNLAB_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    done = subprocess.run([sys.executable, "-m", "cnnlab"], env=env, capture_output=True, text=True, timeout=120)
    assert set(done.stdout.split()) == offered, (done.stdout, done.stderr)
