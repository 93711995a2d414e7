"""A full disk anywhere cnnlab writes: one line, exit 2, nothing half-written (no temporary file left, no
0-byte file, the old file kept), and the store records nothing wrong.

Two ways to fill a disk: everywhere, `os.fsync` (and SQLite's page limit) made to fail with ENOSPC in this
process; and, where the tests run as root and may mount one, a real tiny tmpfs under real subprocesses.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cnnlab.cli.main import main
from cnnlab.config import TrainConfig
from cnnlab.errors import CnnlabError
from cnnlab.experiments.runner import run_experiment
from cnnlab.experiments.spec import parse_spec
from cnnlab.store.atomic import atomic_write_bytes, atomic_write_json
from cnnlab.store.db import Store
from cnnlab.training.session import train_run

TINY = "flatten > linear 10"
SPEC = f'name = "full"\n[base]\nmodel = "{TINY}"\nepochs = 2\nsubset = 100\nval_split = 0\ndevice = "cpu"\n'


def cnnlab(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if not re.match(r"cnnlab [a-z-]+: ", line)]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    """Temporary files, and files of 0 bytes, anywhere under `folder`."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and (p.name.endswith(".tmp") or p.stat().st_size == 0) and p.name != ".lock")


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """From now on every fsync in this process fails as on a full disk."""

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fill() -> None:
        monkeypatch.setattr(os, "fsync", no_space)

    return fill


def test_the_atomic_writer_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path, full_disk) -> None:
    target = tmp_path / "model.json"
    atomic_write_json(target, {"old": True})
    full_disk()
    with pytest.raises(CnnlabError, match=r"cannot write .*model.json: No space left on device: the disk is full"):
        atomic_write_bytes(target, b"{}")
    assert target.read_text().strip().startswith("{") and '"old": true' in target.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


def test_train_out_on_a_full_disk_is_one_line_and_resumable(tmp_path: Path, full_disk) -> None:
    out = tmp_path / "ck"
    full_disk()
    code, _, err = cnnlab("train", "--model", TINY, "--subset", "100", "--epochs", "2", "--val-split", "0",
                          "--device", "cpu", "--out", str(out))
    assert code == 2 and "disk is full" in one_error_line(err)
    assert leftovers(out) == [] and not (out / "model.json").exists()


def test_report_export_and_weights_on_a_full_disk(tmp_path: Path, full_disk) -> None:
    store = tmp_path / "store"
    (tmp_path / "full.toml").write_text(SPEC)
    assert cnnlab("run", str(tmp_path / "full.toml"), "--store", str(store), "--no-report")[0] == 0
    with Store.open(store) as s:
        run_dir = Path(s.runs("full")[0]["run_dir"])
    (tmp_path / "old.json").write_text("the previous export\n")
    full_disk()
    for args, target in [
        (("report", "full", "--store", str(store), "--out", str(tmp_path / "report")), tmp_path / "report"),
        (("export", "full", "--store", str(store), "--out", str(tmp_path / "out.json")), tmp_path / "out.json"),
        (("export", "full", "--store", str(store), "--out", str(tmp_path / "old.json")), tmp_path / "old.json"),
        (("export", "full", "--store", str(store), "--format", "csv", "--out", str(tmp_path / "o.csv")),
         tmp_path / "o.csv"),
        (("weights", str(run_dir), "--out", str(tmp_path / "w.png")), tmp_path / "w.png"),
    ]:
        code, _, err = cnnlab(*args)
        assert code == 2, (args, err)
        assert "disk is full" in one_error_line(err), (args, err)
        if target.name == "old.json":
            assert target.read_text() == "the previous export\n"  # the old file is kept whole
        elif target.suffix:
            assert not target.exists(), args  # no 0-byte file
        else:
            assert not (target / "report.html").exists() and not (target / "report.md").exists()
    assert leftovers(tmp_path) == []


def test_a_full_results_store_is_one_line_and_records_nothing_wrong(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store", create=True)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite answers SQLITE_FULL past this
    with pytest.raises(CnnlabError, match=r"cannot write the results store \(database or disk is full\): the disk "
                                          r"is full"):
        run_experiment(parse_spec(SPEC.replace("epochs = 2", "epochs = 30\nlog_every = 1\nbatch_size = 4")), store,
                       executor="sequential")
    store.close()
    with Store.open(tmp_path / "store") as s:
        for e in s.experiments():
            for r in s.runs(e["name"]):
                # never finished; `running` only while the process that ran it (this one) lives
                assert r["status"] in ("queued", "failed") or (r["status"] == "running" and r["pid"] == os.getpid()), r
                assert r["status"] != "failed" or "disk is full" in r["error"], r


# -- a real full disk: a tiny tmpfs, real subprocesses ---------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path: Path):  # noqa: ANN201
    """A 96 kB tmpfs (root only; skipped elsewhere)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tiny tmpfs needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(disk)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def _sub(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cnnlab.cli.main", *args], capture_output=True, text=True, timeout=300)


def test_a_real_full_disk_under_train_out_run_store_and_export(tmp_path: Path, tiny_disk: Path) -> None:
    r = _sub("train", "--model", "conv 8 k3 > relu > flatten > linear 10", "--subset", "100", "--epochs", "2",
             "--val-split", "0", "--device", "cpu", "--out", str(tiny_disk / "ck"))
    assert r.returncode == 2 and "disk is full" in one_error_line(r.stderr), r.stderr
    assert leftovers(tiny_disk) == [] and not (tiny_disk / "ck" / "model.json").exists()
    shutil.rmtree(tiny_disk / "ck")
    (tmp_path / "full.toml").write_text(SPEC.replace(TINY, "conv 8 k3 > relu > flatten > linear 10"))
    r = _sub("run", str(tmp_path / "full.toml"), "--store", str(tiny_disk / "store"), "--no-report")
    assert r.returncode == 2 and "full" in one_error_line(r.stderr), r.stderr
    if (tiny_disk / "store" / "cnnlab.db").exists():
        db = sqlite3.connect(f"file:{tiny_disk / 'store' / 'cnnlab.db'}?mode=ro", uri=True)
        with contextlib.suppress(sqlite3.Error):  # a store too full to hold a table is empty, not wrong
            assert db.execute("SELECT COUNT(*) FROM runs WHERE status = 'finished'").fetchone()[0] == 0
        db.close()
    shutil.rmtree(tiny_disk / "store", ignore_errors=True)
    assert leftovers(tiny_disk) == []
    # export of a store elsewhere into the full disk: no 0-byte file
    store = tmp_path / "store"
    with Store.open(store, create=True) as s:
        run_experiment(parse_spec(SPEC), s, executor="sequential")
    (tiny_disk / "filler").write_bytes(b"\0" * (90 * 1024))
    r = _sub("export", "full", "--store", str(store), "--out", str(tiny_disk / "out.json"))
    assert r.returncode == 2 and "disk is full" in one_error_line(r.stderr), r.stderr
    assert not (tiny_disk / "out.json").exists() and leftovers(tiny_disk) == []


def test_train_run_resumes_after_a_full_disk_at_the_last_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The state of epoch 1 was saved; the disk fills before the checkpoint: a re-run finishes the same run."""
    from cnnlab.store import checkpoint

    config = TrainConfig(model=TINY, subset=100, epochs=2, val_split=0, device="cpu")
    real = checkpoint.write_pair

    def full(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise CnnlabError("cannot write model.safetensors: No space left on device: the disk is full")

    monkeypatch.setattr(checkpoint, "write_pair", full)
    with pytest.raises(CnnlabError, match="disk is full"):
        train_run(config, tmp_path / "ck")
    assert (tmp_path / "ck" / "state.safetensors").exists() and not (tmp_path / "ck" / "model.json").exists()
    monkeypatch.setattr(checkpoint, "write_pair", real)
    result = train_run(config, tmp_path / "ck")
    assert result.status == "finished" and (tmp_path / "ck" / "model.json").exists()
    assert [r.epoch for r in result.history] == [1, 2]
