"""The named data sets' shapes and class counts, known without reading a file, are what the loaders read."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnnlab.data.cifar import load_cifar10, load_cifar100
from cnnlab.data.mnist import load_mnist
from cnnlab.data.named import NAMES, class_count, input_shape
from cnnlab.models.presets import PRESETS, default_input
from tests.data.test_cifar import make_split, write_cifar10_bin, write_cifar100_bin


def test_mnist_as_bundled():
    ds = load_mnist(None)
    assert (ds.input_shape, ds.num_classes) == (input_shape("mnist"), class_count("mnist")) == ((1, 28, 28), 10)


def test_cifar_as_read(tmp_path: Path):
    write_cifar10_bin(tmp_path / "c10", make_split(1, 10), make_split(2, 10))
    for grayscale in (False, True):
        ds = load_cifar10(tmp_path / "c10", grayscale=grayscale)
        assert (ds.input_shape, ds.num_classes) == (input_shape("cifar10", grayscale), class_count("cifar10"))

    def split(seed: int) -> tuple:
        data, fine = make_split(seed, 100)
        return data, fine, fine // 5

    write_cifar100_bin(tmp_path / "c100", split(3), split(4))
    for labels, count in (("fine", 100), ("coarse", 20)):
        ds = load_cifar100(tmp_path / "c100", labels=labels)
        assert (ds.input_shape, ds.num_classes) == (input_shape("cifar100"), class_count("cifar100", labels))
        assert ds.num_classes == count


def test_a_folder_of_images_has_no_shape_until_read():
    assert input_shape("my/digits") is None and class_count("my/digits") is None
    assert NAMES == ("mnist", "cifar10", "cifar100")


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_a_preset_is_sized_for_its_own_data_set(name):
    p = PRESETS[name]
    assert default_input(name) == (p.input_shape, p.classes)
    assert p.input_shape in {input_shape(p.dataset), input_shape(p.dataset, grayscale=True)}
    assert p.spec.rstrip().endswith(f"linear {p.classes}") or f"linear {p.classes} " in p.spec


def test_anything_else_is_sized_for_mnist():
    assert default_input("conv 8 k3 > flatten > linear 10") == ((1, 28, 28), 10)
