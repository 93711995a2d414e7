"""No file can make cnnlab run code: a `module:Class` checkpoint is imported only with --trust-code,
from the copy of its source saved in the checkpoint (checksum checked), never from the current folder.

The module used here writes a marker file when imported, so each test sees whether code ran.
The loading checks run real `cnnlab` subprocesses: what gets imported, and from where, is a
property of a fresh interpreter and its sys.path.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cnnlab.config import TrainConfig
from cnnlab.errors import CnnlabError
from cnnlab.store.checkpoint import code_trusted, load_checkpoint
from cnnlab.training.session import train_run

MODULE = '''
import os
from pathlib import Path

from torch import nn

if os.environ.get("CNNLAB_MARKER"):
    Path(os.environ["CNNLAB_MARKER"]).write_text(__file__)


class Net(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.fc = nn.Linear(784, num_classes)

    def forward(self, x):
        return self.fc(x.flatten(1))
'''


def cnnlab(*args: str, cwd: Path, marker: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CNNLAB_MARKER": str(marker)}
    return subprocess.run([sys.executable, "-m", "cnnlab", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)


def in_process(args: list[str]) -> tuple[int, str]:
    """`cnnlab ARGS` in this process: (exit code, stderr)."""
    import contextlib
    import io

    from cnnlab.cli.main import main

    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            main(args)
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    return code, err.getvalue()


def one_line(r: subprocess.CompletedProcess) -> str:
    # on a loaded machine a phase lasts over a second and its line ("cnnlab report: reading ...") comes first
    lines = [line for line in r.stderr.strip().splitlines() if not re.match(r"cnnlab [a-z-]+: ", line)]
    assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    return lines[0]


def test_one_line_reads_the_error_past_phase_lines_of_a_loaded_machine() -> None:
    slow = subprocess.CompletedProcess([], 2, "", "cnnlab test: loading the checkpoint\ncnnlab test: evaluating\n"
                                                  "error: the model is Python code\n")
    assert one_line(slow) == "error: the model is Python code"
    with pytest.raises(AssertionError):
        one_line(subprocess.CompletedProcess([], 2, "", "error: one\nerror: two\n"))


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkpoint of a model defined in a user's file, which is then deleted: only the copy remains."""
    root = tmp_path_factory.mktemp("trust")
    source = root / "src" / "mynet.py"
    source.parent.mkdir()
    source.write_text(MODULE)
    ck = root / "ck"
    config = TrainConfig(model=f"{source}:Net", subset=100, epochs=1, val_split=0, device="cpu")
    assert train_run(config, ck).status == "finished"
    source.unlink()
    return ck


def test_the_checkpoint_keeps_a_checksummed_copy_of_the_module(custom: Path) -> None:
    import hashlib

    meta = json.loads((custom / "model.json").read_text())
    recorded = meta["model"]["source"]
    assert recorded["file"] == "mynet.py" and (custom / "mynet.py").read_text() == MODULE
    assert recorded["sha256"] == hashlib.sha256(MODULE.encode()).hexdigest()


def test_without_trust_nothing_is_imported_and_the_message_names_module_and_flag(custom: Path,
                                                                                tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    line = one_line(cnnlab("test", str(custom), cwd=tmp_path, marker=marker))
    assert "mynet.py:Net" in line and "--trust-code" in line
    assert not marker.exists()


def test_with_trust_it_loads_from_any_folder_from_its_own_copy(custom: Path, tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    r = cnnlab("test", str(custom), "--trust-code", "--json", cwd=tmp_path, marker=marker)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] == 10000
    assert Path(marker.read_text()).resolve() == (custom / "mynet.py").resolve()  # the copy ran, nothing else


def test_a_changed_copy_is_refused(custom: Path, tmp_path: Path) -> None:
    import shutil

    changed = tmp_path / "changed"
    shutil.copytree(custom, changed)
    (changed / "mynet.py").write_text(MODULE + "\nprint('extra code')\n")
    marker = tmp_path / "marker"
    line = one_line(cnnlab("test", str(changed), "--trust-code", cwd=tmp_path, marker=marker))
    assert "changed" in line and not marker.exists()


def test_a_py_file_beside_an_old_style_checkpoint_is_never_imported_from_the_current_folder(
    custom: Path, tmp_path: Path
) -> None:
    """The attack of the issue: model.json names `evil:Net` and evil.py is shipped beside it."""
    import shutil

    old = tmp_path / "download"
    shutil.copytree(custom, old)
    meta = json.loads((old / "model.json").read_text())
    meta["model"]["module"] = "evil:Net"
    del meta["model"]["source"]
    (old / "model.json").write_text(json.dumps(meta))
    (old / "evil.py").write_text(MODULE)
    marker = tmp_path / "marker"
    assert "--trust-code" in one_line(cnnlab("predict", ".", "x.png", cwd=old, marker=marker))
    line = one_line(cnnlab("test", ".", "--trust-code", cwd=old, marker=marker))
    assert "cannot load model 'evil:Net'" in line and "current folder is not searched" in line
    assert not marker.exists()


@pytest.mark.parametrize("command", [
    ["predict", "{ck}", "{ck}/model.json"],
    ["inspect", "{ck}", "--index", "0", "--out", "{tmp}/maps"],
    ["weights", "{ck}", "--out", "{tmp}/w.png"],
    ["summary", "{ck}"],
    ["explain", "{ck}", "--index", "0", "--out", "{tmp}/why"],
])
def test_every_loading_command_asks_for_trust(command: list[str], custom: Path, tmp_path: Path) -> None:
    code, err = in_process([a.format(ck=custom, tmp=tmp_path) for a in command])
    assert code == 2 and "--trust-code" in err and len(err.strip().splitlines()) == 1, err
    trusted = in_process([a.format(ck=custom, tmp=tmp_path) for a in command] + ["--trust-code"])
    assert trusted[0] in (0, 1), trusted[1]  # predict exits 1: model.json is not an image


def test_python_api_needs_trust_code(custom: Path) -> None:
    with pytest.raises(CnnlabError, match="trust"):
        load_checkpoint(custom)
    model, meta = load_checkpoint(custom, trust_code=True)
    assert type(model).__name__ == "Net" and meta["model"]["module"].endswith("mynet.py:Net")
    with code_trusted():
        assert type(load_checkpoint(custom)[0]).__name__ == "Net"
    with pytest.raises(CnnlabError, match="trust"):  # the block is over
        load_checkpoint(custom)


def test_training_does_not_import_from_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.py").write_text(MODULE)
    marker = tmp_path / "marker"
    line = one_line(cnnlab("train", "--model", "mine:Net", "--subset", "100", "--epochs", "1", "--out",
                           str(tmp_path / "o"), cwd=tmp_path, marker=marker))
    assert "--model ./mine.py:Net" in line and not marker.exists()


def test_serve_offers_custom_models_only_with_trust_and_never_a_corrupt_one(custom: Path, tmp_path: Path) -> None:
    import shutil

    from cnnlab.web.catalog import ModelCatalog

    folder = tmp_path / "models"
    shutil.copytree(custom, folder / "custom")
    shutil.copytree(custom, folder / "corrupt")
    meta = json.loads((folder / "corrupt" / "model.json").read_text())
    meta["model"].update(spec="flatten > linear 10", module=None)
    (folder / "corrupt" / "model.json").write_text(json.dumps(meta))
    blob = bytearray((folder / "corrupt" / "model.safetensors").read_bytes())
    blob[-1] ^= 0xFF
    (folder / "corrupt" / "model.safetensors").write_bytes(bytes(blob))

    plain = ModelCatalog(folder)
    assert [e.name for e in plain.entries()] == []
    reasons = {p.name: why for p, why in plain.rejected.items()}
    assert "checksum" in reasons["corrupt"] and "--trust-code" in reasons["custom"]
    trusted = ModelCatalog(folder, trust_code=True)
    assert [e.name for e in trusted.entries()] == ["custom"]
    assert type(trusted.load(None)[1]).__name__ == "Net"

    with socket.socket() as busy:  # serve reports what it refused, then stops at the busy port
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = cnnlab("serve", str(folder), "--port", str(busy.getsockname()[1]), cwd=tmp_path, marker=tmp_path / "m")
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and lines[-1].startswith("error: cannot listen"), r.stderr
    refused = [line for line in lines if line.startswith("warning: not offered:")]
    assert len(refused) == 2 and any("checksum" in line for line in refused), r.stderr
