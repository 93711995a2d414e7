import pytest
import torch

from cnnlab.config import TrainConfig
from cnnlab.data.datasets import epoch_batches, prepare
from cnnlab.data.split import stratified_sample, stratified_split
from cnnlab.data.types import Dataset, ImageSet


def _labels():
    return torch.tensor([0] * 500 + [1] * 300 + [2] * 200)


def test_stratified_split_keeps_class_shares_and_is_seeded():
    labels = _labels()
    keep, held = stratified_split(labels, 0.1, seed=3)
    assert torch.bincount(labels[held]).tolist() == [50, 30, 20]
    assert len(keep) + len(held) == len(labels) and not set(keep.tolist()) & set(held.tolist())
    assert torch.equal(held, stratified_split(labels, 0.1, seed=3)[1])
    assert not torch.equal(held, stratified_split(labels, 0.1, seed=4)[1])


def test_stratified_sample():
    idx = stratified_sample(_labels(), 100, seed=0)
    assert torch.bincount(_labels()[idx]).tolist() == [50, 30, 20]


def test_epoch_batches_are_a_permutation():
    g = torch.Generator().manual_seed(0)
    batches = list(epoch_batches(10, 4, g, torch.device("cpu")))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(torch.cat(batches).tolist()) == list(range(10))


def test_prepare_normalises_with_training_statistics():
    images = torch.randint(0, 256, (200, 3, 8, 8), dtype=torch.uint8)
    labels = torch.arange(200) % 4
    ds = Dataset("toy", ("a", "b", "c", "d"), ImageSet(images, labels), ImageSet(images[:20], labels[:20]))
    data = prepare(ds, TrainConfig(val_split=0.25, subset=100), torch.device("cpu"))
    assert len(data.train) == 76 and len(data.val) == 24 and len(data.test) == 20
    x = data.train.x
    assert x.dtype == torch.float32 and x.shape[1:] == (3, 8, 8)
    assert torch.allclose(x.mean(dim=(0, 2, 3)), torch.zeros(3), atol=1e-5)
    assert torch.allclose(x.std(dim=(0, 2, 3)), torch.ones(3), atol=1e-3)


def test_normalise_gives_the_formulas_values_bit_for_bit_and_leaves_its_input_alone():
    """It runs in place on one copy for speed; a run's inputs (and so its results) must not move by one bit."""
    from cnnlab.data.datasets import channel_stats, normalise

    g = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (50, 3, 8, 8), dtype=torch.uint8, generator=g)
    mean, std = channel_stats(images)
    m, s = torch.tensor(mean).view(1, -1, 1, 1), torch.tensor(std).view(1, -1, 1, 1)
    expected = (images.to(torch.float32) / 255 - m) / s
    kept = images.clone()
    assert torch.equal(normalise(images, mean, std), expected)
    assert torch.equal(images, kept)
    as_float = images.to(torch.float32)
    normalise(as_float, mean, std)  # already float32: still a copy, never the caller's tensor
    assert torch.equal(as_float, kept.to(torch.float32))
    levels = images.to(torch.float64).div(255)
    assert mean == pytest.approx(tuple(levels.mean(dim=(0, 2, 3)).tolist()), abs=1e-12)
