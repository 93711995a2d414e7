"""Files this process may not write or read: a read-only store can still be read (runs, export, report,
serve) and writing commands say they need write access; predict classifies the readable images.

Root ignores file permissions, so under root the commands run as `nobody` (setpriv); as any other
user the permissions apply directly. Everything lives in a world-readable temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from cnnlab.config import TrainConfig
from cnnlab.training.session import train_run

ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
pytestmark = pytest.mark.skipif(ROOT and not SETPRIV, reason="as root, needs setpriv to drop privileges")
TINY = 'name = "tiny"\n[base]\nmodel = "flatten > linear 10"\nepochs = 1\nsubset = 100\nval_split = 0\n'


def as_user(*args: str, home: Path) -> subprocess.CompletedProcess:
    """`cnnlab ARGS` as an unprivileged user (nobody, when we are root)."""
    prefix = [SETPRIV, "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if ROOT else []
    env = {**os.environ, "HOME": str(home), "MPLCONFIGDIR": str(home / "mpl")}
    return subprocess.run([*prefix, sys.executable, "-m", "cnnlab", *args], capture_output=True, text=True,
                          cwd=home, env=env, timeout=300)


def _read_only(path: Path) -> None:
    for p in [path, *path.rglob("*")]:
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture(scope="module")
def world() -> Iterator[Path]:
    """A world-readable folder with a read-only store (one finished run), a home the user may write."""
    base = Path(tempfile.mkdtemp(prefix="cnnlab-ro-"))
    base.chmod(0o755)
    from cnnlab.cli.main import main

    (base / "tiny.toml").write_text(TINY)
    with pytest.raises(SystemExit) as done:
        main(["run", str(base / "tiny.toml"), "--store", str(base / "store"), "--no-report"])
    assert done.value.code == 0
    _read_only(base / "store")
    home = base / "home"
    home.mkdir()
    home.chmod(0o777)
    yield base
    for p in [base, *base.rglob("*")]:
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() else 0o644)
    shutil.rmtree(base)


def test_a_read_only_store_can_be_read(world: Path) -> None:
    home, store = world / "home", str(world / "store")
    runs = as_user("runs", "tiny", "--store", store, "--json", home=home)
    assert runs.returncode == 0, runs.stderr
    assert [r["status"] for r in json.loads(runs.stdout)] == ["finished"]
    export = as_user("export", "tiny", "--format", "csv", "--store", store, home=home)
    assert export.returncode == 0 and "kind" in export.stdout.splitlines()[0].split(","), export.stderr
    report = as_user("report", "tiny", "--store", store, "--out", str(home / "report"), home=home)
    assert report.returncode == 0 and (home / "report" / "report.html").is_file(), report.stderr
    serve = subprocess.run(  # the web app's store view, on the same read-only store
        [*([SETPRIV, "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if ROOT else []), sys.executable, "-c",
         "import sys; from fastapi.testclient import TestClient; from cnnlab.web.app import create_app\n"
         "c = TestClient(create_app(sys.argv[1])); print(len(c.get('/api/models').json()), "
         "c.get('/api/experiments').json()[0]['name'])", store],
        capture_output=True, text=True, cwd=home, env={**os.environ, "HOME": str(home)}, timeout=300)
    assert serve.returncode == 0 and serve.stdout.split() == ["1", "tiny"], serve.stderr


def test_writing_commands_say_they_need_write_access(world: Path) -> None:
    home, store = world / "home", str(world / "store")
    for args in (["run", str(world / "tiny.toml"), "--store", store], ["report", "tiny", "--store", store]):
        r = as_user(*args, home=home)
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2 and len(lines) == 1 and "write access" in lines[0], (args, r.stderr)


def _digit(path: Path, one: bool) -> None:
    image = Image.new("L", (100, 100), 255)
    pen = ImageDraw.Draw(image)
    if one:
        pen.line([(50, 15), (50, 85)], fill=0, width=8)
    else:
        pen.ellipse([(25, 15), (75, 85)], outline=0, width=8)
    image.save(path)


def test_predict_classifies_the_readable_images_and_exits_1(world: Path) -> None:
    folder = world / "predict"
    ck = folder / "ck"
    folder.mkdir()
    assert train_run(TrainConfig(subset=2000, epochs=1, device="cpu"), ck).status == "finished"
    _digit(folder / "good.png", one=True)
    _digit(folder / "secret.png", one=True)
    (folder / "locked").mkdir()
    _digit(folder / "locked" / "inside.png", one=False)
    (folder / "secret.png").chmod(0o000)
    (folder / "locked").chmod(0o000)
    for p in (folder, ck, *ck.iterdir(), folder / "good.png"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    r = as_user("predict", str(ck), str(folder / "good.png"), str(folder / "secret.png"), str(folder / "locked"),
                "--json", home=world / "home")
    assert r.returncode == 1, r.stderr
    results = {Path(x["file"]).name: x for x in json.loads(r.stdout)}
    assert results["good.png"]["label"] == "1"
    assert "error" in results["secret.png"] and "error" in results["locked"]
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
