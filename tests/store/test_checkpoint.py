"""Checkpoints round-trip through safetensors + JSON; damaged ones fail with one line."""

import json

import pytest
import torch

from cnnlab.errors import CnnlabError
from cnnlab.store.checkpoint import flatten_state, load_checkpoint, load_train_state, save_train_state, unflatten_state


def test_round_trip(mnist_checkpoint):
    model, meta = load_checkpoint(mnist_checkpoint)
    assert meta["format"] == "cnnlab-checkpoint"
    assert meta["model"]["input_shape"] == [1, 28, 28] and meta["model"]["classes"] == list("0123456789")
    assert meta["data"]["mean"][0] == pytest.approx(0.1307, abs=0.002)
    assert meta["config"]["model"] == "baseline" and meta["metrics"]["status"] == "finished"
    assert 0.9 < meta["metrics"]["test_accuracy"] <= 1
    # the saved weights are the model's weights, whichever file names the checkpoint
    again, _ = load_checkpoint(mnist_checkpoint / "model.safetensors")
    for (k, v), (_, w) in zip(model.state_dict().items(), again.state_dict().items(), strict=False):
        assert torch.equal(v, w), k
    assert not list(mnist_checkpoint.glob("state.*")) and not list(mnist_checkpoint.glob("*.tmp"))


def _copy(src, dst):
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_corrupt_weights_are_caught(mnist_checkpoint, tmp_path):
    ck = _copy(mnist_checkpoint, tmp_path / "ck")
    blob = bytearray((ck / "model.safetensors").read_bytes())
    blob[-10] ^= 0xFF
    (ck / "model.safetensors").write_bytes(bytes(blob))
    with pytest.raises(CnnlabError, match="checksum mismatch"):
        load_checkpoint(ck)


def test_unreadable_metadata(mnist_checkpoint, tmp_path):
    ck = _copy(mnist_checkpoint, tmp_path / "ck")
    (ck / "model.json").write_text("{not json")
    with pytest.raises(CnnlabError, match="unreadable checkpoint metadata"):
        load_checkpoint(ck)
    with pytest.raises(CnnlabError, match="not found"):
        load_checkpoint(tmp_path / "nothing")


def test_weights_that_do_not_fit_the_model(mnist_checkpoint, tmp_path):
    ck = _copy(mnist_checkpoint, tmp_path / "ck")
    meta = json.loads((ck / "model.json").read_text())
    meta["model"]["spec"] = meta["model"]["spec"].replace("linear 128", "linear 64")
    (ck / "model.json").write_text(json.dumps(meta))
    with pytest.raises(CnnlabError, match="weights do not fit the model"):
        load_checkpoint(ck)


def test_nested_state_flattening_round_trips(tmp_path):
    state = {
        "a": torch.arange(3),
        "b": [1, 2.5, {"c": torch.ones(2, 2), "d": None}],
        "e": "text",
        3: {"f": torch.zeros(1)},
    }
    skeleton, tensors = flatten_state(state)
    json.dumps(skeleton)  # the skeleton is plain JSON
    back = unflatten_state(json.loads(json.dumps(skeleton)), tensors)
    assert torch.equal(back["a"], state["a"]) and back["b"][1] == 2.5 and back["b"][2]["d"] is None
    assert back[3]["f"].shape == (1,)
    save_train_state(tmp_path, state)
    assert torch.equal(load_train_state(tmp_path)["b"][2]["c"], torch.ones(2, 2))
    assert load_train_state(tmp_path / "empty") is None


def test_train_state_survives_a_kill_between_its_two_files(tmp_path):
    """state.safetensors is the commit point: a newer one beside an older state.json is still used."""
    save_train_state(tmp_path, {"epoch": 1, "w": torch.zeros(3)})
    old_json = (tmp_path / "state.json").read_text()
    save_train_state(tmp_path, {"epoch": 2, "w": torch.ones(3)})
    (tmp_path / "state.json").write_text(old_json)  # as if killed before the mirror was rewritten
    state = load_train_state(tmp_path)
    assert state["epoch"] == 2 and torch.equal(state["w"], torch.ones(3))
    (tmp_path / "state.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}")
    with pytest.raises(CnnlabError, match="unreadable training state"):
        load_train_state(tmp_path)


def test_train_state_keeps_exact_values_dtypes_and_is_never_reduced_precision(tmp_path):
    """A channels-last tensor comes back with its values; a bf16-autocast run's state is all float32."""
    from cnnlab.config import TrainConfig
    from cnnlab.data.datasets import prepare
    from cnnlab.training import Trainer
    from cnnlab.training.session import dataset_for

    cl = torch.randn(4, 3, 5, 5).to(memory_format=torch.channels_last)
    save_train_state(tmp_path, {"w": cl, "h": torch.arange(4, dtype=torch.bfloat16)})
    back = load_train_state(tmp_path)
    assert torch.equal(back["w"], cl) and back["h"].dtype == torch.bfloat16
    c = TrainConfig(model="conv 4 k3 > relu > flatten > linear 10", subset=100, epochs=1, precision="bf16",
                    device="cpu")
    trainer = Trainer(c, prepare(dataset_for(c), c, torch.device("cpu")))
    list(trainer.run())
    assert trainer.amp == torch.bfloat16
    _, tensors = flatten_state(trainer.state())
    floats = {k: v.dtype for k, v in tensors.items() if v.is_floating_point()}
    assert floats and set(floats.values()) == {torch.float32}, floats
