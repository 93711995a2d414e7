"""`cnnlab inspect`, `weights` and `conv-demo`: the files they write, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw
from safetensors.torch import save_file

from cnnlab.store.checkpoint import load_checkpoint
from cnnlab.store.db import Store


def drawn_one(path: Path) -> Path:
    image = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(image).line([(100, 30), (100, 170)], fill=0, width=14)
    image.save(path)
    return path


def test_inspect_test_image_by_index(cli, tiny_checkpoint: Path, tmp_path: Path) -> None:
    code, out, _ = cli("inspect", tiny_checkpoint, "--index", 0, "--out", tmp_path / "maps", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["true_label"] == "7"  # the first MNIST test digit
    names = [layer["name"] for layer in result["layers"]]
    assert names == ["conv1", "relu1", "pool1", "conv2", "relu2", "fc1"]
    assert result["layers"][0]["shape"] == [4, 26, 26]
    written = sorted(p.name for p in (tmp_path / "maps").iterdir())
    assert written == sorted(["input.png", "probabilities.png", *(f"{i:02d}-{n}.png" for i, n in enumerate(names, 1))])


def test_inspect_own_image_and_chosen_layers(cli, tiny_checkpoint: Path, tmp_path: Path) -> None:
    image = drawn_one(tmp_path / "one.png")
    code, out, _ = cli("inspect", tiny_checkpoint, image, "--out", tmp_path / "o", "--layers", "conv1,pool1")
    assert code == 0 and "prediction:" in out
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "01-conv1.png",
        "02-pool1.png",
        "input.png",
        "probabilities.png",
    ]
    with Image.open(tmp_path / "o" / "01-conv1.png") as png:
        assert png.width > 400


def test_inspect_errors_are_one_line(cli, tiny_checkpoint: Path, tmp_path: Path) -> None:
    cases = [
        (("inspect", tiny_checkpoint, "--out", tmp_path), "give either an IMAGE"),
        (("inspect", tiny_checkpoint, "--index", 10000, "--out", tmp_path), "--index 10000 is out of range"),
        (("inspect", tiny_checkpoint, "--index", 0, "--layers", "conv9", "--out", tmp_path), "unknown layer 'conv9'"),
        (("inspect", tiny_checkpoint, tmp_path / "missing.png", "--out", tmp_path), "missing.png' does not exist"),
        (("inspect", tmp_path / "nope", "--index", 0, "--out", tmp_path), "checkpoint"),
    ]
    for args, message in cases:
        code, _, err = cli(*args)
        assert code == 2 and message in err and err.count("\n") == 1, err


def test_weights_one_two_and_initial(cli, tiny_checkpoint: Path, make_checkpoint, tmp_path: Path) -> None:
    code, out, _ = cli("weights", tiny_checkpoint, "--out", tmp_path / "w1.png")
    assert code == 0 and "4 conv1 filters" in out and (tmp_path / "w1.png").is_file()

    other = make_checkpoint(tmp_path / "other", seed=1)
    code, out, _ = cli("weights", tiny_checkpoint, other, "--out", tmp_path / "w2.png")
    assert code == 0 and "side by side" in out

    code, _, err = cli("weights", tiny_checkpoint, "--initial", "--out", tmp_path / "w3.png")
    assert code == 2 and "init.safetensors: not found" in err
    model, _ = load_checkpoint(other)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, tiny_checkpoint / "init.safetensors")
    code, _, _ = cli("weights", tiny_checkpoint, "--initial", "--out", tmp_path / "w3.png")
    assert code == 0 and (tmp_path / "w3.png").is_file()

    mlp = make_checkpoint(tmp_path / "mlp", spec="flatten > linear 12 > relu > linear 10")
    code, _, err = cli("weights", tiny_checkpoint, mlp, "--out", tmp_path / "w4.png")
    assert code == 2 and "different shapes" in err and err.count("\n") == 1


def test_weights_of_a_run_in_the_store(cli, make_checkpoint, tmp_path: Path) -> None:
    project = tmp_path / "cnnlab-runs"
    run_dir = make_checkpoint(project / "exp" / "r1", seed=2)
    model, _ = load_checkpoint(make_checkpoint(tmp_path / "init", seed=3))
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, run_dir / "init.safetensors")
    with Store.open(project, create=True) as store:
        store.save_experiment("exp", None, "", "h")
        store.plan_runs(
            "exp",
            [
                {
                    "run_id": "r1",
                    "config": "{}",
                    "config_hash": "h",
                    "config_key": "k",
                    "label": "r1",
                    "seed": 0,
                    "run_dir": str(run_dir),
                }
            ],
        )
    code, out, _ = cli("weights", "--run", "r1", "--store", project, "--out", tmp_path / "run.png")
    assert code == 0 and "side by side" in out
    code, _, err = cli("weights", project, "--run", "nope", "--out", tmp_path / "run.png")
    assert code == 2 and "unknown run 'nope'" in err


def test_conv_demo(cli, tmp_path: Path) -> None:
    code, out, _ = cli("conv-demo", "--images", 3, "--kernels", "sobel_x,laplacian", "--out", tmp_path / "d.png")
    assert code == 0 and "3 digits x 2 kernels" in out
    with Image.open(tmp_path / "d.png") as png:
        assert png.width > 200
    code, _, err = cli("conv-demo", "--images", 11, "--out", tmp_path / "d.png")
    assert code == 2 and "between 1 and 10" in err
    code, _, err = cli("conv-demo", "--kernels", "blur", "--out", tmp_path / "d.png")
    assert code == 2 and "unknown kernel 'blur' (choices:" in err
