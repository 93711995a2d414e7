"""A FIFO, a folder or a symlink out of the folder where a file is read: one line and exit 2 at once, never
a hang (each command here is a real subprocess with a short timeout), and an image-folder data set with a
huge image is refused before it is decoded."""

from __future__ import annotations

import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from cnnlab.config import TrainConfig
from cnnlab.training.session import train_run

TINY = "flatten > linear 10"
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def cnnlab(*args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cnnlab.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout)


def error_line(r: subprocess.CompletedProcess) -> str:
    lines = [line for line in r.stderr.strip().splitlines() if not re.match(r"cnnlab [a-z-]+: ", line)]
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    return lines[0]


@pytest.fixture(scope="module")
def ck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nonregular") / "ck"
    assert train_run(TrainConfig(model=TINY, subset=100, epochs=1, val_split=0, device="cpu"), out).status == "finished"
    return out


def _with(ck: Path, target: Path, name: str, make) -> Path:  # noqa: ANN001
    shutil.copytree(ck, target)
    (target / name).unlink()
    make(target / name)
    return target


@pytest.mark.parametrize("name", ["model.safetensors", "model.json"])
@pytest.mark.parametrize("command", ["test", "weights", "predict"])
def test_a_fifo_in_place_of_a_checkpoint_file_is_refused_at_once(ck, tmp_path, name, command):
    folder = _with(ck, tmp_path / "fifo", name, os.mkfifo)
    args = {"test": ["test", str(folder)], "weights": ["weights", str(folder), "--out", str(tmp_path / "w.png")],
            "predict": ["predict", str(folder), str(tmp_path / "x.png")]}[command]
    started = time.monotonic()
    r = cnnlab(*args)
    assert r.returncode == 2, r.stderr
    line = error_line(r)
    assert name in line and ("FIFO" in line or "not found" in line), line
    assert time.monotonic() - started < 60
    assert not (tmp_path / "w.png").exists()


def test_a_folder_in_place_of_the_weights_is_refused(ck, tmp_path):
    folder = _with(ck, tmp_path / "dir", "model.safetensors", lambda p: p.mkdir())
    assert "folder" in error_line(cnnlab("test", str(folder)))


def test_a_fifo_as_a_spec_or_an_image_is_refused_at_once(ck, tmp_path):
    os.mkfifo(tmp_path / "spec.toml")
    r = cnnlab("run", str(tmp_path / "spec.toml"), "--store", str(tmp_path / "store"))
    assert r.returncode == 2 and "spec.toml" in error_line(r)
    os.mkfifo(tmp_path / "digit.png")
    r = cnnlab("predict", str(ck), str(tmp_path / "digit.png"))
    assert r.returncode == 1 and "digit.png" in r.stderr and "Traceback" not in r.stderr


def test_a_fifo_as_the_saved_training_state_is_refused(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    os.mkfifo(out / "state.safetensors")
    r = cnnlab("train", "--model", TINY, "--subset", "100", "--epochs", "1", "--device", "cpu", "--out", str(out))
    assert r.returncode == 2 and "state.safetensors" in error_line(r)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _truncated_with_matching_checksum(ck: Path, target: Path) -> Path:
    import hashlib
    import json

    shutil.copytree(ck, target)
    blob = (target / "model.safetensors").read_bytes()[:-40]
    (target / "model.safetensors").write_bytes(blob)
    meta = json.loads((target / "model.json").read_text())
    meta["weights"]["sha256"] = hashlib.sha256(blob).hexdigest()
    (target / "model.json").write_text(json.dumps(meta))
    return target


def test_serve_starts_past_a_fifo_and_a_truncated_checkpoint_and_offers_only_what_loads(ck, tmp_path):
    import httpx

    models = tmp_path / "models"
    shutil.copytree(ck, models / "good")
    _with(ck, models / "fifo_weights", "model.safetensors", os.mkfifo)
    _with(ck, models / "fifo_json", "model.json", os.mkfifo)
    _truncated_with_matching_checksum(ck, models / "truncated")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cnnlab.cli.main", "serve", str(models), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        listed = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                listed = httpx.get(f"http://127.0.0.1:{port}/api/models", timeout=5).json()
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert listed is not None, "serve did not start (hung on a FIFO?)"
        names = sorted(m["name"] for m in (listed["models"] if isinstance(listed, dict) else listed))
        assert names == ["good"], names
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert "truncated" in err and "fifo_weights" in err, err  # each refused one is named at start-up


def _png_claiming(width: int, height: int, path: Path) -> Path:
    """A small PNG file whose header declares width x height pixels (nothing that big is ever allocated)."""
    Image.new("L", (8, 8)).save(path)
    data = bytearray(path.read_bytes())
    ihdr = bytes(data[12:16]) + struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr) & 0xFFFFFFFF)
    path.write_bytes(bytes(data))
    return path


def test_an_image_folder_with_a_10000_by_10000_image_is_refused_before_decoding(tmp_path):
    from cnnlab.data.folder import load_image_folder
    from cnnlab.errors import CnnlabError

    for cls in ("a", "b"):
        (tmp_path / "data" / cls).mkdir(parents=True)
        for i in range(5):
            Image.new("L", (16, 16), 40 * i).save(tmp_path / "data" / cls / f"{i}.png")
    _png_claiming(10000, 10000, tmp_path / "data" / "b" / "9.png")
    with pytest.raises(CnnlabError, match=r"10000x10000 pixels, more than the limit"):
        load_image_folder(tmp_path / "data")


SPEC = f'name = "nr"\n[base]\nmodel = "{TINY}"\nepochs = 1\nsubset = 100\nval_split = 0\ndevice = "cpu"\n'


def test_a_fifo_in_a_stores_run_folder_never_hangs_export_report_or_a_rerun(tmp_path):
    import json

    from cnnlab.store.db import Store

    (tmp_path / "nr.toml").write_text(SPEC)
    store = tmp_path / "store"
    assert cnnlab("run", str(tmp_path / "nr.toml"), "--store", str(store), "--no-report").returncode == 0
    with Store.open(store) as s:
        run_dir = Path(s.runs("nr")[0]["run_dir"])
    (run_dir / "init.safetensors").unlink()
    os.mkfifo(run_dir / "init.safetensors")
    r = cnnlab("export", "nr", "--store", str(store))
    assert r.returncode == 0, r.stderr
    [record] = json.loads(r.stdout)["runs"]
    assert record["weights"] is not None and record["initial_weights"] is None  # left out, not waited for
    r = cnnlab("report", "nr", "--store", str(store), "--out", str(tmp_path / "report"))
    assert r.returncode == 0, r.stderr
    assert "init.safetensors" in (tmp_path / "report" / "report.md").read_text()  # says what it could not read
    # a re-run that finds a FIFO for the model.json of a run it must recover
    with Store.open(store) as s:
        s.db.execute("UPDATE runs SET status = 'queued'")
    (run_dir / "model.json").unlink()
    os.mkfifo(run_dir / "model.json")
    r = cnnlab("run", str(tmp_path / "nr.toml"), "--store", str(store), "--no-report")
    assert r.returncode == 1 and "1 of 1 runs failed" in r.stderr and "Traceback" not in r.stderr, r.stderr
    with Store.open(store) as s:
        [run] = s.runs("nr")
    assert run["status"] == "failed" and "model.json" in run["error"] and "FIFO" in run["error"], run


def _returns_within(seconds: float, call) -> BaseException | None:  # noqa: ANN001
    """Run `call` in a daemon thread; fail if it is still blocked after `seconds`; return what it raised."""
    import threading

    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as e:  # noqa: BLE001
            outcome.append(e)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still blocked after {seconds} s"
    return outcome[0]


def test_data_files_initial_weights_and_cifar_names_that_are_fifos_are_refused(tmp_path):
    from cnnlab.data.cifar import _read_names_txt, _read_records
    from cnnlab.data.idx import read_idx_bytes
    from cnnlab.errors import CnnlabError
    from cnnlab.store.checkpoint import read_tensors

    for name, call in [("train-images-idx3-ubyte", read_idx_bytes), ("data_batch_1.bin",
                                                                      lambda p: _read_records(p, 1, 0)),
                       ("batches.meta.txt", _read_names_txt), ("init.safetensors", read_tensors)]:
        os.mkfifo(tmp_path / name)
        e = _returns_within(10, lambda call=call, name=name: call(tmp_path / name))
        assert isinstance(e, CnnlabError) and "FIFO" in str(e), (name, e)
