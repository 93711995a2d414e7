"""`cnnlab report EXPERIMENT` on a fake store: default output folder, --out, --json, a missing store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cnnlab.cli import report as cli
from cnnlab.errors import CnnlabError
from tests.report.conftest import digits, source  # noqa: F401, F811 (the fake results store of the report tests)


@pytest.fixture
def app(source, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:  # noqa: F811
    app = typer.Typer()
    cli.register(app)
    app.command("noop", hidden=True)(lambda: None)  # two commands: `report` stays a sub-command
    monkeypatch.setattr(cli, "open_store", lambda directory: source)
    return app


def test_default_output_is_inside_the_store(app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["report", "broken"])
    assert result.exit_code == 0, result.output
    html = Path(result.stdout.strip())  # phase lines go to stderr
    assert html == Path("cnnlab-runs/broken/report/report.html") and html.is_file()
    assert (html.parent / "report.md").is_file()


def test_out_and_json(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "broken", "--out", str(tmp_path / "r"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["report"] == str(tmp_path / "r" / "report.html") and Path(doc["markdown"]).is_file()


def test_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(CnnlabError, match="no results store at"):
        cli.open_store(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()
