"""Run the CLI in-process: (exit code, stdout, stderr)."""

from __future__ import annotations

import pytest

from cnnlab.cli.main import main


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    def run(*args: object) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in args])
        captured = capsys.readouterr()
        return exit_info.value.code, captured.out, captured.err

    return run
