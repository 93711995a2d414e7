"""Options that several commands share are declared once (cnnlab/cli/common.py) and mean the same everywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest
import typer
from typer.testing import CliRunner

from cnnlab.cli.main import app
from cnnlab.config import Activation, TrainConfig
from cnnlab.experiments.spec import BANDS
from cnnlab.store.db import DEFAULT_DIR

CLI = Path(__file__).resolve().parents[2] / "cnnlab" / "cli"
SHARED = ("--json", "--trust-code", "--device", "--store", "--subset", "--activation", "--dropout", "--band")


def commands() -> dict[str, Any]:
    """The click commands typer builds (typer vends its own click: found by shape, not by class)."""
    return dict(typer.main.get_command(app).commands)


def options(flag: str) -> dict[str, Any]:
    return {name: p for name, c in commands().items() for p in c.params
            if p.param_type_name == "option" and flag in p.opts}


def test_no_command_declares_a_shared_flag_by_hand():
    for path in sorted(CLI.glob("*.py")):
        if path.name == "common.py":
            continue
        found = [f for f in SHARED if re.search(rf"""["']{f}["']""", path.read_text())]
        assert found == [], f"{path.name} declares {found}: use the option in cnnlab/cli/common.py"


def test_json_and_trust_code_are_the_same_flag_everywhere():
    json_opts, trust = options("--json"), options("--trust-code")
    assert len(json_opts) >= 10 and len(trust) >= 9
    for opt in [*json_opts.values(), *trust.values()]:
        assert opt.is_flag and opt.default is False and len(opt.opts) == 1 and not opt.secondary_opts


def test_device_defaults_to_auto_as_train_does():
    devices = options("--device")
    assert {"train", "test", "predict", "inspect", "explain"} <= devices.keys()
    assert {opt.default for opt in devices.values()} == {"auto"} == {TrainConfig.model_fields["device"].default}
    assert {opt.help for opt in devices.values()} == {TrainConfig.model_fields["device"].description}


def test_store_defaults_to_the_store_folder():
    stores = options("--store")
    assert {"run", "runs", "export", "report", "weights"} <= stores.keys()
    assert {str(opt.default) for opt in stores.values()} == {str(DEFAULT_DIR)}


@pytest.mark.parametrize("command, flag, field", [("run", "--subset", "subset"),
                                                   ("summary", "--activation", "activation"),
                                                   ("summary", "--dropout", "dropout")])
def test_training_settings_are_generated_from_their_field(command, flag, field):
    [opt] = [p for p in commands()[command].params if flag in getattr(p, "opts", [])]
    assert opt.help == TrainConfig.model_fields[field].description
    assert opt.default is None


def test_summary_activation_takes_only_the_config_choices():
    r = CliRunner().invoke(app, ["summary", "baseline", "--activation", "nope"])
    assert r.exit_code == 2
    assert all(choice in r.output for choice in get_args(Activation))
    r = CliRunner().invoke(app, ["summary", "baseline", "--activation", "tanh", "--dropout", "0.2", "--json"])
    assert r.exit_code == 0, r.output
    assert "tanh" in json.loads(r.stdout)["spec"] and "dropout 0.2" in json.loads(r.stdout)["spec"]


def test_band_is_one_option_with_the_spec_choices():
    bands = options("--band")
    assert set(bands) == {"run", "report"} and len({opt.help for opt in bands.values()}) == 1
    r = CliRunner().invoke(app, ["report", "any", "--band", "wide"])
    assert r.exit_code == 2 and all(b in r.output for b in BANDS)
