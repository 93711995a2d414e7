"""Every bad input is refused with one line and exit 2, never a traceback or an "internal error".

One table, one row per case: the command's arguments, the exit code, and a word the message must
contain. A new case is one line. Rows run in this process through `cnnlab.cli.main.main` (the same
entry point as the `cnnlab` script, minus 4 s of imports per row); rows marked `SUB` run a real
`cnnlab` subprocess, for what only a fresh interpreter shows (what gets imported, sys.path).
Placeholders in braces are files made once by the `files` fixture.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from PIL import Image

from cnnlab.cli.main import main
from cnnlab.config import TrainConfig
from cnnlab.training.session import train_run

SUB = "subprocess"
TINY_MODEL = "flatten > linear 10"
TINY_TOML = f'name = "tiny"\n[base]\nmodel = "{TINY_MODEL}"\nepochs = 1\nsubset = 100\nval_split = 0\n'


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    seconds: float


def cnnlab(*args: str, subprocess_run: bool = False, cwd: Path | None = None, env: dict | None = None) -> Result:
    """`cnnlab ARGS`: in this process (fast), or as a real subprocess."""
    started = time.perf_counter()
    if subprocess_run:
        r = subprocess.run([sys.executable, "-m", "cnnlab", *args], capture_output=True, text=True, cwd=cwd,
                           env=env, timeout=300)
        return Result(r.returncode, r.stdout, r.stderr, time.perf_counter() - started)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue(), time.perf_counter() - started)


def _mutated(source: Path, target: Path, change) -> Path:  # noqa: ANN001
    shutil.copytree(source, target)
    meta = json.loads((target / "model.json").read_text())
    change(meta)
    (target / "model.json").write_text(json.dumps(meta))
    return target


def _set(section: str, key: str, value):  # noqa: ANN001, ANN202
    return lambda m: m[section].__setitem__(key, value)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A tiny checkpoint and store, and one broken file or folder per case."""
    root = tmp_path_factory.mktemp("bad")
    ck = root / "ck"
    assert train_run(TrainConfig(model=TINY_MODEL, subset=100, epochs=1, val_split=0, device="cpu"), ck).status \
        == "finished"
    (root / "tiny.toml").write_text(TINY_TOML)
    assert cnnlab("run", str(root / "tiny.toml"), "--store", str(root / "store"), "--no-report").code == 0
    (root / "a_file").write_text("not a folder")
    keys = ("epochs", "batch_size", "log_every", "lr_step", "seed", "early_stop")  # 10 values each: 10^6 runs
    (root / "huge.toml").write_text(TINY_TOML + "[sweep]\n" + "".join(f"{k} = {list(range(1, 11))}\n" for k in keys))
    (root / "unnamed.toml").write_text(TINY_TOML + '[[variants]]\nname = "a"\n[[variants]]\noptimizer = "sgd"\n')
    for i in range(12):
        (root / "one_class" / "only").mkdir(parents=True, exist_ok=True)
        Image.new("L", (28, 28), 20 * i).save(root / "one_class" / "only" / f"{i}.png")
    broken = {
        "no_model": lambda m: m.pop("model"),
        "no_data": lambda m: m.pop("data"),
        "no_config": lambda m: m.pop("config"),
        "no_weights": lambda m: m.pop("weights"),
        "std_abc": _set("data", "std", "abc"),
        "std_zero": _set("data", "std", [0.0]),
        "mean_nan": _set("data", "mean", [float("nan")]),
        "dotdot": _set("weights", "file", "../ck/model.safetensors"),
        "absolute": _set("weights", "file", str(ck / "model.safetensors")),
        "shape_huge": _set("model", "input_shape", [1, 100000, 100000]),
    }
    broken.update({
        "lr_fast": _set("config", "lr", "fast"),
        "epochs_str": _set("config", "epochs", "3"),
    })
    for name, change in broken.items():
        _mutated(ck, root / name, change)
    nan = root / "nan_weights"  # weights that are NaN, with a checksum that matches them
    shutil.copytree(ck, nan)
    from safetensors.torch import load_file, save_file

    tensors = {k: torch.full_like(v, float("nan")) for k, v in load_file(nan / "model.safetensors").items()}
    save_file(tensors, str(nan / "model.safetensors"))
    meta = json.loads((nan / "model.json").read_text())
    meta["weights"]["sha256"] = hashlib.sha256((nan / "model.safetensors").read_bytes()).hexdigest()
    (nan / "model.json").write_text(json.dumps(meta))
    json_link = root / "json_link"  # model.json a symlink to another checkpoint's
    json_link.mkdir()
    shutil.copy(ck / "model.safetensors", json_link / "model.safetensors")
    (json_link / "model.json").symlink_to(ck / "model.json")
    (root / "epochs_str.toml").write_text(TINY_TOML.replace("epochs = 1", 'epochs = "3"'))
    (root / "lr_bool.toml").write_text(TINY_TOML + "lr = true\n")
    (root / "expect_beyond.toml").write_text(
        TINY_TOML + '[[expect]]\ntest_accuracy = 0.9\nepoch = 5\nsource = "a paper"\n')
    link = _mutated(ck, root / "symlink", _set("weights", "file", "link.safetensors"))
    (link / "link.safetensors").symlink_to(ck / "model.safetensors")
    deep = root / "deep"
    shutil.copytree(ck, deep)
    (deep / "model.json").write_text("[" * 100_000 + "]" * 100_000)
    corrupt = root / "corrupt"
    shutil.copytree(ck, corrupt)
    blob = bytearray((corrupt / "model.safetensors").read_bytes())
    blob[-1] ^= 0xFF
    (corrupt / "model.safetensors").write_bytes(bytes(blob))
    quick = f"--subset 100 --epochs 1 --model '{TINY_MODEL}'"  # if a check fails to fire, the row still ends fast
    made = {p.name.replace(".", "_"): str(p) for p in root.iterdir()}
    return {"root": str(root), "ck": str(ck), "quick": quick, **made}


ROWS = [
    # (case, arguments, exit code, a word the one-line message contains[, SUB])
    ("sweep over 10,000 runs", "run {huge_toml} --store {root}/huge_store", 2, "--max-runs"),
    ("val split leaves no training set", "train --val-split 0.999 --subset 2000 --out {root}/o1", 2, "val_split"),
    ("seed beyond 64 bits", "train --seed 18446744073709551617 --out {root}/o2 {quick}", 2, "seed"),
    ("folder data set of one class", "train --dataset {one_class} --out {root}/o3", 2, "2 classes"),
    ("a trillion-unit layer", "train --model 'flatten > linear 1000000000000 > linear 10' --out {root}/o4", 2,
     "parameters"),
    ("summary of a 10^10-pixel input", "summary lenet --input-shape 1,100000,100000", 2, "--input-shape"),
    ("a 5000-layer spec", "summary '" + "bn," * 5000 + "flatten,linear 10'", 2, "layers"),
    ("weights to an unknown format", "weights {ck} --out {root}/w.jpgx", 2, "format"),
    ("report --out a file", "report tiny --store {store} --out {a_file}", 2, "not a folder"),
    ("run --store a file", "run {tiny_toml} --store {a_file}", 2, "is a file"),
    ("model.json without model", "test {no_model}", 2, "'model'"),
    ("model.json without data", "test {no_data}", 2, "'data'"),
    ("model.json without config", "test {no_config}", 2, "'config'"),
    ("model.json without weights", "test {no_weights}", 2, "'weights'"),
    ("data.std a string", "test {std_abc}", 2, "data.std"),
    ("model.json nested 100,000 deep", "test {deep}", 2, "nested"),
    ("input shape of 10^10 pixels", "test {shape_huge}", 2, "input_shape"),
    ("train --out a file, before training", "train --subset 100 --epochs 1 --out {a_file}", 2, "not a folder"),
    ("subset larger than the training set", "train --subset 100000 --out {root}/o5", 2, "larger than"),
    ("lr inf", "train --lr inf --out {root}/o6 {quick}", 2, "finite"),
    ("nesterov without momentum", "train --optimizer sgd --nesterov --out {root}/o7 {quick}", 2, "momentum"),
    ("a variant without a name", "run {unnamed_toml} --store {root}/s2", 2, "name"),
    ("summary --classes 0", "summary lenet --classes 0", 2, "--classes"),
    ("normalisation std 0", "test {std_zero}", 2, "data.std"),
    ("normalisation mean nan", "test {mean_nan}", 2, "data.mean"),
    ("weights.file with ..", "test {dotdot}", 2, "outside"),
    ("weights.file absolute", "test {absolute}", 2, "outside"),
    ("weights.file a symlink out of the folder", "test {symlink}", 2, "outside"),
    ("weights not matching their checksum", "predict {corrupt} {a_file}", 2, "checksum"),
    ("weights --out without an image suffix", "weights {ck} --out {root}/no_suffix", 2, "format"),
    ("ray address with nothing listening", "run {tiny_toml} --executor ray --address 127.0.0.1:9 --store {root}/s3",
     2, "cannot reach"),
    ("crop padding of a billion pixels", "train --aug-crop-padding 1000000000 --out {root}/o8 {quick}", 2,
     "aug_crop_padding"),
    ("crop padding beyond the image", "train --aug-crop-padding 100 --out {root}/o9 {quick}", 2, "aug_crop_padding"),
    ("val split that rounds to zero images", "train --subset 10 --val-split 0.01 --out {root}/o10 --epochs 1 "
     f"--model '{TINY_MODEL}'", 2, "val_split"),
    ("coarse labels with MNIST", "train --labels coarse --out {root}/o11 {quick}", 2, "labels"),
    ("nesterov with adam", "train --optimizer adam --momentum 0.9 --nesterov --out {root}/o12 {quick}", 2,
     "nesterov"),
    ("multistep without milestones", "train --schedule multistep --out {root}/o13 {quick}", 2, "lr_milestones"),
    ("a billion epochs", f"train --epochs 1000000000 --subset 100 --model '{TINY_MODEL}' --out {{root}}/o14", 2,
     "epochs"),
    ("epochs as a string in a spec", "run {epochs_str_toml} --store {root}/s5", 2, "epochs"),
    ("lr a boolean in a spec", "run {lr_bool_toml} --store {root}/s6", 2, "lr"),
    ("[[expect]] naming an epoch past the run", "run {expect_beyond_toml} --store {root}/s7", 2, "epoch 5"),
    ("checkpoint config lr = 'fast'", "test {lr_fast}", 2, "lr"),
    ("checkpoint config epochs a string", "test {epochs_str}", 2, "epochs"),
    ("weights that are NaN", "test {nan_weights}", 2, "not finite"),
    ("weights that are NaN, predict", "predict {nan_weights} {a_file}", 2, "not finite"),
    ("model.json a symlink out of the folder", "test {json_link}", 2, "outside"),
    ("sweep, as a user runs it", "run {huge_toml} --store {root}/huge_store2", 2, "1,000,000 runs", SUB),
    ("a corrupt checkpoint, as a user runs it", "test {dotdot}", 2, "outside", SUB),
]


def _args(template: str, files: dict[str, str]) -> list[str]:
    import shlex

    return shlex.split(template.format(**{k: shlex.quote(v) if k != "quick" else v for k, v in files.items()}))


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_bad_input_is_one_line_and_exit_2(row: tuple, files: dict[str, str]) -> None:
    case, template, code, word, *mode = row
    r = cnnlab(*_args(template, files), subprocess_run=SUB in mode)
    # progress phases ("cnnlab train: loading data", shown once a phase lasts a second) may come first
    lines = [line for line in r.stderr.strip().splitlines() if not re.match(r"cnnlab [a-z-]+: ", line)]
    assert r.code == code, (case, r.stderr[-2000:])
    assert len(lines) == 1 and lines[0].startswith("error: "), (case, r.stderr[-2000:])
    assert "internal error" not in lines[0] and "Traceback" not in r.stderr
    assert word in lines[0], (case, lines[0])


def test_a_huge_sweep_is_refused_in_seconds_before_any_row_is_written(files: dict[str, str]) -> None:
    store = Path(files["root"]) / "huge_store3"
    r = cnnlab("run", files["huge_toml"], "--store", str(store))
    assert r.code == 2 and "1,000,000 runs" in r.stderr and r.seconds < 5, (r.stderr, r.seconds)
    assert not store.exists()  # no database, no rows


def test_max_runs_lets_a_bigger_sweep_through_the_sizing(files: dict[str, str], tmp_path: Path) -> None:
    spec = tmp_path / "mid.toml"
    spec.write_text(TINY_TOML + "[sweep]\nseed = [1, 2, 3]\n")
    refused = cnnlab("run", str(spec), "--store", str(tmp_path / "s"), "--max-runs", "2", "--no-report")
    assert refused.code == 2 and "--max-runs 3" in refused.stderr
    allowed = cnnlab("run", str(spec), "--store", str(tmp_path / "s"), "--max-runs", "3", "--no-report")
    assert allowed.code == 0, allowed.stderr


def test_ray_address_with_nothing_listening_fails_fast(files: dict[str, str]) -> None:
    r = cnnlab("run", files["tiny_toml"], "--executor", "ray", "--address", "127.0.0.1:9", "--store",
               str(Path(files["root"]) / "s4"))
    assert r.code == 2 and r.seconds <= 15, (r.stderr, r.seconds)


def test_train_out_is_checked_before_training(files: dict[str, str]) -> None:
    r = cnnlab("train", "--subset", "100", "--epochs", "1", "--model", TINY_MODEL, "--out", files["a_file"])
    assert r.code == 2 and "epoch 1/1" not in r.stdout + r.stderr  # nothing trained


def test_weights_out_a_folder_writes_into_it_and_says_where(files: dict[str, str], tmp_path: Path) -> None:
    r = cnnlab("weights", files["ck"], "--out", str(tmp_path))
    assert r.code == 0, r.stderr
    written = tmp_path / "weights.png"
    assert written.is_file() and Image.open(written).size[0] > 0
    assert str(written) in r.stdout
