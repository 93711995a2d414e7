"""Every entry point of the Python API, given the wrong type of argument, raises CnnlabError with one line
(never a raw TypeError, IndexError or AttributeError); `Store.open` of a missing path creates nothing; a
trusted custom-model checkpoint loads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import cnnlab
import cnnlab.figures
from cnnlab.errors import CnnlabError
from cnnlab.store.db import Store


def _one_line(e: pytest.ExceptionInfo) -> str:
    assert type(e.value) is CnnlabError or isinstance(e.value, CnnlabError)
    text = str(e.value)
    assert text and "\n" not in text
    return text


@pytest.mark.parametrize("bad", [123, None, b"folder", 1.5, ["a", "b"], {"path": "x"}, "", "nul\x00byte"],
                         ids=["int", "None", "bytes", "float", "list", "dict", "empty", "nul"])
def test_load_refuses_what_is_not_a_path(bad) -> None:  # noqa: ANN001
    with pytest.raises(CnnlabError) as e:
        cnnlab.load(bad)
    _one_line(e)


@pytest.fixture(scope="module")
def clf(trained):  # noqa: ANN001, ANN201
    return cnnlab.load(trained.checkpoint)


@pytest.mark.parametrize(
    "bad, word",
    [
        (None, "NoneType"),
        (123, "int"),
        (b"\x89PNG not really", "uploaded image"),
        (np.zeros((0, 28, 28), dtype=np.uint8), "empty"),
        (np.zeros((0,), dtype=np.float32), "empty"),
        (np.zeros((28, 0), dtype=np.uint8), "empty"),
        ([], "no images"),
        ([None], "NoneType"),
        (np.array([["a", "b"], ["c", "d"]]), "dtype"),
        (np.zeros((2, 2, 2, 2, 2)), "shape"),
        ({"image": 1}, "dict"),
    ],
    ids=["None", "int", "bytes", "empty-batch", "empty-1d", "empty-2d", "empty-list", "list-of-None", "strings",
         "5d", "dict"],
)
def test_predict_refuses_what_is_not_an_image(clf, bad, word) -> None:  # noqa: ANN001
    with pytest.raises(CnnlabError) as e:
        clf.predict(bad)
    assert word in _one_line(e), str(e.value)


def test_preprocess_and_explain_refuse_what_is_not_an_image(clf) -> None:  # noqa: ANN001
    for call in (lambda: clf.preprocess(None), lambda: clf.preprocess(np.zeros((0, 0))),
                 lambda: clf.explain(None), lambda: clf.explain([]), lambda: clf.explain(np.zeros((28, 28)),
                                                                                        method=123)):
        with pytest.raises(CnnlabError) as e:
            call()
        _one_line(e)


def _digit() -> np.ndarray:
    a = np.zeros((28, 28), dtype=np.uint8)
    a[4:24, 13:16] = 255  # a "1"
    return a


def test_predict_takes_the_bytes_of_an_image_file_as_one_image(clf, tmp_path: Path) -> None:  # noqa: ANN001
    from PIL import Image

    Image.fromarray(_digit()).save(tmp_path / "x.png")
    [from_bytes] = clf.predict((tmp_path / "x.png").read_bytes())
    [from_path] = clf.predict(tmp_path / "x.png")
    assert from_bytes.label == from_path.label and np.allclose(from_bytes.probabilities, from_path.probabilities)


@pytest.mark.parametrize(
    "call",
    [
        lambda: cnnlab.train(model=123),
        lambda: cnnlab.train(epochs="3"),
        lambda: cnnlab.train(epochs=2.5),
        lambda: cnnlab.train(lr="fast"),
        lambda: cnnlab.train(lr=True),
        lambda: cnnlab.train(out=123),
        lambda: cnnlab.train(lr_milestones="10,15"),
        lambda: cnnlab.run(123),
        lambda: cnnlab.run(None),
        lambda: cnnlab.run({"name": "x"}, store=123),
        lambda: cnnlab.run({"name": "x"}, overrides=123),
        lambda: cnnlab.summary(123),
        lambda: cnnlab.summary(None),
        lambda: cnnlab.summary("baseline", input_shape=5),
        lambda: cnnlab.summary("baseline", input_shape=("a", 28, 28)),
        lambda: cnnlab.summary("baseline", classes="ten"),
        lambda: cnnlab.api.results(123),
        lambda: Store.open(123),
        lambda: cnnlab.figures.curves(123),
        lambda: cnnlab.figures.curves("exp", store=123),
        lambda: cnnlab.figures.curves({"a": 1}),
        lambda: cnnlab.figures.curves({"a": []}),
        lambda: cnnlab.figures.curves({}),
        lambda: cnnlab.figures.confusion_matrix(123),
        lambda: cnnlab.figures.first_layer_weights(None),
        lambda: cnnlab.figures.feature_maps(b"x", "x.png"),
    ],
    ids=["train-model-int", "train-epochs-str", "train-epochs-float", "train-lr-str", "train-lr-bool", "train-out-int",
         "train-milestones-str", "run-int", "run-None", "run-store-int", "run-overrides-int", "summary-int",
         "summary-None", "summary-shape-int", "summary-shape-str", "summary-classes-str", "results-int",
         "store-open-int", "curves-int", "curves-store-int", "curves-dict-int", "curves-dict-empty-list",
         "curves-empty", "confusion-int", "weights-None", "features-bytes"],
)
def test_every_entry_point_refuses_wrong_types_with_one_line(call, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)  # whatever slips through writes here, not into the repository
    with pytest.raises(CnnlabError) as e:
        call()
    _one_line(e)


def test_store_open_of_a_missing_path_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "store"
    with pytest.raises(CnnlabError, match="no results store"):
        Store.open(missing, create=False)
    with pytest.raises(CnnlabError, match="no results store"):
        Store.open(missing)  # reading is the default: only `cnnlab run` (create=True) makes a store
    with pytest.raises(CnnlabError, match="no results store"):
        cnnlab.api.results("x", store=missing)
    assert not (tmp_path / "no").exists()


CUSTOM = '''
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.fc = nn.Linear(28 * 28, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x.flatten(1))
'''


def test_a_trusted_custom_model_checkpoint_loads_and_an_untrusted_one_is_refused(tmp_path: Path) -> None:
    from tests.api.conftest import small_mnist

    (tmp_path / "my_net.py").write_text(CUSTOM)
    with small_mnist():
        result = cnnlab.train(model=f"{tmp_path / 'my_net.py'}:Net", epochs=1, subset=200, device="cpu",
                              out=tmp_path / "ck", progress=False)
    with pytest.raises(CnnlabError, match="trust_code=True"):
        cnnlab.load(result.checkpoint)
    clf = cnnlab.load(result.checkpoint, trust_code=True)
    assert clf.classes == [str(i) for i in range(10)]
    assert len(clf.predict(_digit())) == 1
    # it loads from its own copy of the module, from anywhere: the original file can go
    moved = tmp_path / "moved"
    shutil.copytree(result.checkpoint, moved)
    (tmp_path / "my_net.py").unlink()
    assert cnnlab.load(moved, trust_code=True).classes == clf.classes
    meta = json.loads((moved / "model.json").read_text())
    assert meta["model"]["source"]["file"] == "my_net.py"
