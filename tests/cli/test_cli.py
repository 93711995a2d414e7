"""The CLI as users run it: real subprocesses, JSON on stdout, one-line errors with non-zero exits."""

import json
import re
import subprocess
import sys

import pytest
from PIL import Image, ImageDraw


def cnnlab(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cnnlab.cli.main", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def assert_one_line_error(r: subprocess.CompletedProcess, code: int, *fragments: str) -> None:
    assert r.returncode == code, r.stderr
    # progress phases ("cnnlab train: loading data", shown once a phase lasts a second) may come first
    lines = [line for line in r.stderr.strip().splitlines() if not re.match(r"cnnlab [a-z-]+: ", line)]
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr
    for f in fragments:
        assert f in lines[0]


def test_train_json_then_test(tmp_path):
    r = cnnlab(
        "train",
        "--subset",
        "3000",
        "--epochs",
        "1",
        "--batch-size",
        "64",
        "--device",
        "cpu",
        "--out",
        str(tmp_path / "ck"),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)  # stdout is one JSON document and nothing else
    assert result["status"] == "finished" and result["epochs"] == 1
    assert result["checkpoint"] == str(tmp_path / "ck") and 0.5 < result["test_accuracy"] <= 1
    assert result["wall_seconds"] > 0 and result["test_loss"] > 0
    assert "epoch 1/1" in r.stderr  # the epoch line went to stderr
    assert "note:" not in r.stderr  # a spec net runs channels-last: nothing to tell
    t = cnnlab("test", str(tmp_path / "ck"), "--json")
    assert t.returncode == 0, t.stderr
    test = json.loads(t.stdout)
    assert test["total"] == 10000 and test["correct"] == round(test["accuracy"] * 10000)
    assert test["accuracy"] == pytest.approx(result["test_accuracy"])
    # the same sums as training's evaluation (channels-last on a CPU), so the very same loss, not one close to it
    assert test["loss"] == result["test_loss"]


def test_train_prints_epoch_lines(tmp_path):
    r = cnnlab("train", "--model", "mlp_fc2", "--subset", "300", "--epochs", "2", "--out", str(tmp_path / "m"))
    assert r.returncode == 0, r.stderr
    assert "epoch 1/2" in r.stdout and "epoch 2/2" in r.stdout and "test accuracy" in r.stdout


def test_diverged_run_exits_non_zero_with_status(tmp_path):
    r = cnnlab("train", "--lr", "10", "--subset", "8000", "--epochs", "2", "--out", str(tmp_path / "d"), "--json")
    assert r.returncode == 3
    assert json.loads(r.stdout)["status"] == "diverged"
    assert r.stderr.strip().splitlines()[-1].startswith("error: diverged:")
    assert "Traceback" not in r.stderr


def _digit_files(tmp_path):
    one = Image.new("RGB", (200, 300), "white")
    ImageDraw.Draw(one).line([(100, 40), (100, 260)], fill="black", width=18)
    one.save(tmp_path / "one.png")
    zero = Image.new("L", (300, 300), 0)
    ImageDraw.Draw(zero).ellipse([70, 40, 230, 260], outline=255, width=22)
    zero.save(tmp_path / "zero.jpg")
    (tmp_path / "broken.png").write_text("not an image")


def test_predict_own_images(mnist_checkpoint, tmp_path):
    _digit_files(tmp_path)
    r = cnnlab("predict", str(mnist_checkpoint), str(tmp_path / "one.png"), str(tmp_path / "zero.jpg"), "--json")
    assert r.returncode == 0, r.stderr
    results = json.loads(r.stdout)
    assert [(x["file"].rsplit("/", 1)[1], x["label"]) for x in results] == [("one.png", "1"), ("zero.jpg", "0")]
    assert all(0.5 < x["confidence"] <= 1 for x in results)


def test_predict_keeps_going_past_a_bad_file(mnist_checkpoint, tmp_path):
    _digit_files(tmp_path)
    r = cnnlab(
        "predict",
        str(mnist_checkpoint),
        str(tmp_path / "broken.png"),
        str(tmp_path / "missing.png"),
        str(tmp_path / "one.png"),
        "--json",
    )
    assert r.returncode == 1
    results = json.loads(r.stdout)
    assert "error" in results[0] and "broken.png" in results[0]["error"]
    assert "error" in results[1] and "missing.png" in results[1]["error"]
    assert results[2]["label"] == "1"
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 2


def test_predict_a_folder(mnist_checkpoint, tmp_path):
    _digit_files(tmp_path)
    (tmp_path / "broken.png").unlink()
    r = cnnlab("predict", str(mnist_checkpoint), str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "one.png: 1" in r.stdout and "zero.jpg: 0" in r.stdout


def test_summary_and_models():
    r = cnnlab("summary", "baseline", "--json")
    s = json.loads(r.stdout)
    assert s["total_params"] == 225_034 and s["trainable_params"] == 225_034 and s["non_trainable_params"] == 0
    assert s["mult_adds"] == 2_631_040
    assert [layer["name"] for layer in s["layers"]][:3] == ["conv1", "relu1", "pool1"]
    assert s["layers"][0]["output_shape"] == [32, 26, 26] and s["layers"][0]["params"] == 320
    text = cnnlab("summary", "keras_bn").stdout
    assert "non-trainable params: 1,024" in text  # seed 004's Keras summary()
    models = json.loads(cnnlab("models", "--json").stdout)
    names = {m["name"] for m in models}
    assert {
        "baseline",
        "mlp1",
        "mlp2",
        "cnn_3",
        "cnn_4",
        "cnn_5",
        "lenet",
        "cifar100_bn",
        "pytorch_example",
        "bn_leaky",
        "keras_bn",
        "deeper_gap",
        "large_kernel",
        "leaky",
        "mlp_fc2",
        "conv1_fc3",
        "conv2_fc2",
    } <= names


@pytest.mark.parametrize(
    "args, fragments",
    [
        (("train", "--model", "resnet9"), ("unknown model 'resnet9'", "baseline")),
        (("train", "--optimizer", "adamx"), ("adamx", "sgd")),
        (("train", "--dataset", "imagenet"), ("unknown dataset 'imagenet'", "cifar10")),
        (("train", "--lr", "-0.1"), ("'lr'", "-0.1")),
        (("train", "--batch-size", "0"), ("'batch_size'", "0")),
        (("train", "--early-stop", "2", "--val-split", "0"), ("val_split",)),
        (("train", "--dataset", "cifar10", "--data-dir", "/nonexistent"), ("/nonexistent",)),
        (("test", "/nonexistent/ck"), ("/nonexistent/ck",)),
        (("summary", "conv 8 k3 > bogus"), ("unknown layer 'bogus'",)),
        (("summary", "baseline", "--input-shape", "28"), ("--input-shape",)),
    ],
)
def test_bad_input_is_one_line(args, fragments, tmp_path):
    assert_one_line_error(cnnlab(*args, cwd=tmp_path), 2, *fragments)


def test_corrupt_checkpoint_is_one_line(mnist_checkpoint, tmp_path):
    ck = tmp_path / "ck"
    ck.mkdir()
    (ck / "model.json").write_text((mnist_checkpoint / "model.json").read_text())
    (ck / "model.safetensors").write_bytes(b"garbage")
    assert_one_line_error(cnnlab("test", str(ck)), 2, "model.safetensors")
    assert_one_line_error(cnnlab("predict", str(ck), "x.png"), 2, "model.safetensors")


def test_train_on_a_folder_of_images(tmp_path):
    """A user's own data set: class folders of real PNG files, colour, 16x16."""
    import numpy as np

    rng = np.random.default_rng(0)
    for cls, colour in (("red", (220, 30, 30)), ("blue", (30, 30, 220))):
        (tmp_path / "shapes" / cls).mkdir(parents=True)
        for i in range(30):
            pixels = np.clip(rng.normal(colour, 25, (16, 16, 3)), 0, 255).astype("uint8")
            Image.fromarray(pixels).save(tmp_path / "shapes" / cls / f"{i}.png")
    r = cnnlab(
        "train",
        "--dataset",
        str(tmp_path / "shapes"),
        "--model",
        "conv 4 k3 > relu > gap > flatten > linear 2",
        "--epochs",
        "8",
        "--batch-size",
        "8",
        "--lr",
        "0.01",
        "--val-split",
        "0",
        "--out",
        str(tmp_path / "ck"),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["test_accuracy"] >= 0.9
    meta = json.loads((tmp_path / "ck" / "model.json").read_text())
    assert meta["model"]["classes"] == ["blue", "red"] and meta["model"]["input_shape"] == [3, 16, 16]


def test_expectation_columns_print_parameter_counts_as_whole_numbers():
    """Keras's trainable / non-trainable split reads 277,834, as the seed prints it, not 2.778e+05."""
    from cnnlab.cli.experiments import _measured, _reported
    from cnnlab.experiments.results import Check, Stat

    for metric in ("params", "trainable_params", "non_trainable_params"):
        c = Check("keras", metric, None, 277_834, "seed 004", Stat.of([277_834, 277_834]), "exact")
        assert (_reported(c), _measured(c)) == ("277,834", "277,834"), metric
    loss = Check("keras", "test_loss", None, 0.0849, "seed 004", Stat.of([0.0848]), "consistent")
    assert _reported(loss) == "0.0849"
